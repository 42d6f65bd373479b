"""Every third-party package the code imports is declared in pyproject.toml, in the right group.

A package that only arrives as another's dependency (asn1crypto through pyHanko, pydantic
through sqlmodel) works until that other package drops it; declared, it stays, and the lock
(constraints.txt, tests/test_lock.py) pins it either way.
"""

from __future__ import annotations

import ast
import importlib.metadata
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = {"inspector", "ui", "tests"}
# Which groups of pyproject.toml each folder may import from: the application only its runtime
# dependencies, the tests also the `test` extra, the build scripts anything (the spec: PyInstaller).
ALLOWED = {
    "inspector": {"dependencies"},
    "ui": {"dependencies"},
    "tests": {"dependencies", "test"},
    "build": {"dependencies", "test", "package"},
}


def declared() -> dict[str, set[str]]:
    """group → canonical names of the distributions pyproject.toml declares in it."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"dependencies": project["dependencies"], **project["optional-dependencies"]}
    return {group: {canonicalize_name(Requirement(r).name) for r in reqs} for group, reqs in groups.items()}


def source_files() -> list[Path]:
    files = [p for folder in ALLOWED for p in (ROOT / folder).rglob("*.py")]
    return sorted(files + list((ROOT / "build").glob("*.spec")))  # a PyInstaller spec is Python too


def top_level_imports(path: Path) -> set[str]:
    """The top-level names of every absolute import in ``path``, also those inside functions
    (lazy imports) and ``try`` blocks."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def is_local(path: Path, name: str) -> bool:
    """A module beside the script (build/build.py imports build/dev.py as ``dev``)."""
    return (path.parent / f"{name}.py").exists() or (path.parent / name / "__init__.py").exists()


def test_every_third_party_import_is_declared_in_its_group():
    groups = declared()
    providers = importlib.metadata.packages_distributions()
    problems = []
    for path in source_files():
        rel = path.relative_to(ROOT)
        allowed = set().union(*(groups.get(g, set()) for g in ALLOWED[rel.parts[0]]))
        everywhere = set().union(*groups.values())
        for name in sorted(top_level_imports(path)):
            if name in sys.stdlib_module_names or name in FIRST_PARTY or is_local(path, name):
                continue
            # Not installed here (PyInstaller without the `package` extra): its import name is its name.
            dists = {canonicalize_name(d) for d in providers.get(name, [name])}
            if dists & allowed:
                continue
            where = sorted(g for g, names in groups.items() if dists & names)
            problems.append(f"{rel} imports {name} ({', '.join(sorted(dists))}): "
                            + (f"declared only in {where}, not in {sorted(ALLOWED[rel.parts[0]])}" if dists & everywhere
                               else "not declared in pyproject.toml"))
    assert not problems, "\n".join(problems)


def test_the_packages_once_used_undeclared_are_declared():
    runtime = declared()["dependencies"]
    assert {"asn1crypto", "pydantic", "fonttools", "shiboken6"} <= runtime


def test_the_scan_sees_lazy_imports(tmp_path):
    script = tmp_path / "lazy.py"
    script.write_text("import os\n\ndef f():\n    from fontTools import subset\n    import a.b\n"
                      "try:\n    import lxml\nexcept ImportError:\n    pass\nfrom . import sibling\n")
    assert top_level_imports(script) == {"os", "fontTools", "a", "lxml"}

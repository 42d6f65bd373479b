"""docs/ARCHITECTURE.md stays true to the code: what it names exists, and every package is named in it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "ARCHITECTURE.md"
TEXT = DOC.read_text(encoding="utf-8")

PATH = re.compile(r"(?<![\w/.])((?:inspector|ui|build|tests|docs|resources)/[\w./*-]*)")
MODULE = re.compile(r"(?<![\w/.])([a-z_]\w*\.py)\b")


def packages(top: str) -> list[str]:
    return sorted(f"{p.parent.relative_to(ROOT).as_posix()}/" for p in (ROOT / top).rglob("__init__.py")
                  if "__pycache__" not in p.parts)


def exists(path: str) -> bool:
    path = path.rstrip(".")
    if "*" in path:
        return any(ROOT.glob(path))
    return (ROOT / path).exists()


def test_every_path_it_names_exists():
    missing = sorted({p for p in PATH.findall(TEXT) if not exists(p)})
    assert missing == []


def test_every_module_it_lists_under_a_package_exists():
    """``inspector/documents/` (`notice.py`, …)`` and the UI's map: each bare ``x.py`` belongs to the package
    named last before it on its line (or, in the UI's map, to the package whose entry it continues)."""
    missing = []
    package = None
    for line in TEXT.splitlines():
        named = [p for p in PATH.findall(line) if p.endswith("/")]
        if named:
            package = None
        elif not line.startswith(" "):
            package = None  # a new paragraph or table row: only the UI map's continuation lines carry on
        for match in MODULE.finditer(line):
            name = match.group(1)
            before = [p for p in PATH.findall(line[:match.start()]) if p.endswith("/")]
            owner = before[-1] if before else package
            if line[max(0, match.start() - 1)] == "/" or owner is None:
                continue  # part of a path (checked above), or prose naming a file elsewhere
            if not (ROOT / owner / name).exists():
                missing.append(f"{owner}{name}")
        if named:
            package = named[-1]
    assert missing == []


def test_every_package_of_the_core_and_the_ui_is_named():
    unnamed = [p for p in packages("inspector") + packages("ui") if p not in TEXT and p not in {"inspector/", "ui/"}]
    assert unnamed == []


def test_every_module_of_the_ui_is_on_its_map():
    """The UI section maps every module (the layout is the point of it)."""
    ui_section = TEXT[TEXT.index("## The UI"):TEXT.index("## Security notes")]
    unmapped = [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "ui").rglob("*.py"))
                if p.name not in {"__init__.py", "__main__.py"} and p.name not in ui_section]
    assert unmapped == []

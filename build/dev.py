"""Set up a development environment and run Inspector or its tests, on any platform.

    python build/dev.py app     # .venv + install, then the app on the demo vault
    python build/dev.py test    # .venv + install, then the whole test suite
    python build/dev.py build   # .venv + install + PyInstaller, then the packaged app (build/build.py)
    python build/dev.py lock    # refresh constraints.txt: the newest versions pyproject.toml allows
    python build/dev.py lock --keep   # only what pyproject.toml changed; every other pin stays

On Debian/Ubuntu, ``bash build/dev.sh …`` installs the system packages first.
Extra arguments after ``test`` go to pytest.

Every install goes through constraints.txt, the lock: it pins every package, direct and
transitive, so a developer, CI and the packaged application get the versions that were tested.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".inspector-installed"
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "constraints.txt"
LOCK_EXTRAS = ("test", "package")  # the optional dependencies the lock covers: all the project uses
LOCK_COMMAND = "python build/dev.py lock"
# The lock holds what any of these needs: a package needed on some of them only carries a marker.
LOCK_PLATFORMS = {
    "linux": {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix", "platform_machine": "x86_64"},
    "win32": {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt", "platform_machine": "AMD64"},
    "darwin": {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix", "platform_machine": "arm64"},
}
LOCK_PYTHONS = ("3.11", "3.12", "3.13", "3.14")  # requires-python >= 3.11


def venv_python(venv_dir: Path | None = None) -> Path:
    return (venv_dir or VENV) / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def install_digest() -> str:
    """The hash of what an install follows: pyproject.toml and the lock, both."""
    h = hashlib.sha256()
    for path in (PYPROJECT, LOCK):
        data = path.read_bytes()
        h.update(f"{path.name} {len(data)}\n".encode())
        h.update(data)
    return h.hexdigest()


def setup(extras: tuple[str, ...] = ("test",)) -> Path:
    """.venv with Inspector installed (editable) and the optional dependencies ``extras``,
    every package at the version constraints.txt pins.

    The stamp file records the hash of pyproject.toml and constraints.txt and the extras
    installed with them: nothing is reinstalled unless one of the two files changed or an
    extra is missing.
    """
    if sys.version_info < (3, 11):
        sys.exit(f"Inspector needs Python 3.11 or newer (this is {sys.version.split()[0]}).")
    if not LOCK.exists():
        sys.exit(f"{LOCK.name} is missing: `{LOCK_COMMAND}` writes it.")
    if not venv_python().exists():
        print(f"Creating {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = install_digest()
    stamp = STAMP.read_text().split() if STAMP.exists() else []
    installed = set(stamp[1:]) if stamp[:1] == [digest] else set()
    if not set(extras) <= installed:
        wanted = sorted(installed | set(extras))
        print(f"Installing Inspector and its dependencies (the versions in {LOCK.name}) …", flush=True)
        py = str(venv_python())
        pins = ["-c", str(LOCK)]
        subprocess.run([py, "-m", "pip", "install", "-q", "--upgrade", *pins, "pip"], check=True)
        # --build-constraint: the build backend (setuptools) that installs Inspector is pinned too.
        subprocess.run([py, "-m", "pip", "install", "-q", *pins, "--build-constraint", str(LOCK),
                        "-e", f"{ROOT}[{','.join(wanted)}]"], check=True)
        STAMP.write_text(" ".join([digest, *wanted]))
    return venv_python()


# ---- the lock: constraints.txt ----------------------------------------------------------------

def lock(argv: list[str]) -> int:
    """Write constraints.txt anew: pip resolves pyproject.toml (runtime, every extra in LOCK_EXTRAS,
    the build backend) in a throw-away venv; ``--keep`` keeps every pin that still fits.

    The resolution runs in that venv (with ``packaging`` for the markers), never in .venv,
    so a broken .venv or a lock that no longer fits pyproject.toml cannot stand in the way.
    """
    unknown = [a for a in argv if a != "--keep"]
    if unknown:
        print(f"unknown argument(s) {' '.join(unknown)}; usage: {LOCK_COMMAND} [--keep]")
        return 2
    keep = "--keep" in argv and LOCK.exists()
    with tempfile.TemporaryDirectory(prefix="inspector-lock-") as tmp:
        tool = Path(tmp) / "venv"
        print("Creating a throw-away venv to resolve the dependencies …", flush=True)
        venv.EnvBuilder(with_pip=True).create(tool)
        py = str(venv_python(tool))
        pins = ["-c", str(LOCK)] if keep else []
        subprocess.run([py, "-m", "pip", "install", "-q", "--upgrade", *pins, "pip", "packaging"], check=True)
        code = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import dev; dev.resolve_lock({keep!r})"
        return subprocess.run([py, "-c", code], cwd=ROOT).returncode


def lock_roots() -> list[tuple[str, str]]:
    """(requirement, who asks for it): what pyproject.toml declares, plus pip itself."""
    import tomllib

    data = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    project = data["project"]
    roots = [(r, "pyproject.toml") for r in project["dependencies"]]
    roots += [(r, f"pyproject.toml [{extra}]") for extra in LOCK_EXTRAS for r in project["optional-dependencies"][extra]]
    roots += [(r, "pyproject.toml [build-system]") for r in data["build-system"]["requires"]]
    roots.append(("pip", "build/dev.py"))  # the installer: setup() brings .venv's pip to this version first
    return roots


def lock_environments() -> dict[tuple[str, str], dict[str, str]]:
    """Marker environments, one for each (platform, Python version) the lock covers."""
    from packaging.markers import default_environment

    here = default_environment()
    return {(platform, python): {**here, **values, "python_version": python, "python_full_version": f"{python}.0"}
            for platform, values in LOCK_PLATFORMS.items() for python in LOCK_PYTHONS}


def requirements_closure(roots: list[tuple[str, str]], resolved: dict[str, dict], env: dict[str, str]
                         ) -> tuple[dict[str, set[str]], set[str]]:
    """What ``roots`` need in the marker environment ``env``, walking the metadata of ``resolved``
    (canonical name → core metadata as in pip's installation report).

    Returns every needed package (canonical name) with the packages that require it, and the
    requirements (markers left out) of needed packages that ``resolved`` does not hold: those
    of another platform or Python version, which the resolution here never saw.
    """
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    needed: dict[str, set[str]] = {}
    missing: set[str] = set()
    walked: set[tuple[str, str]] = set()
    stack = [(Requirement(r), parent, "") for r, parent in roots]
    while stack:
        req, parent, extra = stack.pop()
        if req.marker is not None and not req.marker.evaluate({**env, "extra": extra}):
            continue
        name = canonicalize_name(req.name)
        needed.setdefault(name, set()).add(parent)
        if name not in resolved:
            extras = f"[{','.join(sorted(req.extras))}]" if req.extras else ""
            missing.add(f"{req.name}{extras}{req.specifier}")
            continue
        for x in ("", *sorted(req.extras)):
            if (name, x) not in walked:
                walked.add((name, x))
                stack += [(Requirement(r), name, x) for r in resolved[name].get("requires_dist") or []]
    return needed, missing


def lock_marker(where: set[tuple[str, str]]) -> str:
    """The environment marker for a package needed only in ``where`` (set of (platform, Python version))."""
    platforms = {p for p, _ in where}
    pythons = sorted({v for _, v in where}, key=LOCK_PYTHONS.index)
    everywhere = {(p, v) for p in LOCK_PLATFORMS for v in LOCK_PYTHONS}
    if where == everywhere:
        return ""
    if where != {(p, v) for p in platforms for v in pythons}:  # not one set of platforms × one of versions
        return " or ".join(f'(sys_platform == "{p}" and python_version == "{v}")' for p, v in sorted(where))
    parts = []
    if len(platforms) == 1:
        parts.append(f'sys_platform == "{next(iter(platforms))}"')
    elif len(platforms) == len(LOCK_PLATFORMS) - 1:
        parts.append(f'sys_platform != "{next(iter(set(LOCK_PLATFORMS) - platforms))}"')
    elif len(platforms) < len(LOCK_PLATFORMS):
        parts.append(" or ".join(f'sys_platform == "{p}"' for p in sorted(platforms)))
    if len(pythons) < len(LOCK_PYTHONS):
        first, last = LOCK_PYTHONS.index(pythons[0]), LOCK_PYTHONS.index(pythons[-1])
        if last - first + 1 != len(pythons):
            parts.append(" or ".join(f'python_version == "{v}"' for v in pythons))
        elif first == 0:
            parts.append(f'python_version < "{LOCK_PYTHONS[last + 1]}"')
        elif last == len(LOCK_PYTHONS) - 1:
            parts.append(f'python_version >= "{pythons[0]}"')
        else:
            parts.append(f'python_version >= "{pythons[0]}" and python_version < "{LOCK_PYTHONS[last + 1]}"')
    return " and ".join(f"({p})" if " or " in p and len(parts) > 1 else p for p in parts)


def read_lock(path: Path = LOCK) -> dict[str, tuple[str, str]]:
    """constraints.txt as canonical name → (version, marker)."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].strip()
        if line and not line.startswith("#"):
            req = Requirement(line)
            spec = next(iter(req.specifier))
            pins[canonicalize_name(req.name)] = (spec.version, str(req.marker or ""))
    return pins


def resolve_lock(keep: bool) -> None:
    """Resolve and write constraints.txt; runs in lock()'s throw-away venv (needs ``packaging``)."""
    import json

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    roots = lock_roots()
    envs = lock_environments()
    keep_pins = read_lock() if keep else {}
    for r, _ in roots:  # pyproject.toml may now ask for more than a kept pin
        req = Requirement(r)
        pin = keep_pins.get(canonicalize_name(req.name))
        if pin and not req.specifier.contains(pin[0], prereleases=True):
            del keep_pins[canonicalize_name(req.name)]
    extra: list[str] = []  # what only another platform or Python version needs, resolved here all the same
    with tempfile.TemporaryDirectory(prefix="inspector-lock-") as tmp:
        report, kept = Path(tmp) / "report.json", Path(tmp) / "kept.txt"
        kept.write_text("".join(f"{name}=={version}\n" for name, (version, _) in keep_pins.items()))
        for _ in range(10):
            print(f"Resolving {len(roots) + len(extra)} requirements with pip …", flush=True)
            subprocess.run([sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "-q",
                            "--report", str(report), "-c", str(kept), *(r for r, _ in roots), *extra], check=True)
            items = json.loads(report.read_text(encoding="utf-8"))["install"]
            resolved = {canonicalize_name(i["metadata"]["name"]): i["metadata"] for i in items}
            closures = {key: requirements_closure(roots, resolved, env) for key, env in envs.items()}
            missing = sorted(set().union(*(m for _, m in closures.values())) - set(extra))
            if not missing:
                break
            extra += missing
        else:
            raise SystemExit(f"the requirements of other platforms do not settle: {extra}")

    names = sorted(set().union(*(needed for needed, _ in closures.values())))
    lines = []
    for name in names:
        where = {key for key, (needed, _) in closures.items() if name in needed}
        via = sorted(set().union(*(closures[key][0][name] for key in where)))
        marker = lock_marker(where)
        pin = f"{resolved[name]['name']}=={resolved[name]['version']}" + (f" ; {marker}" if marker else "")
        lines.append(f"{pin:<40}  # via {', '.join(via)}")
    pip_version = next(i["metadata"]["version"] for i in items if i["metadata"]["name"] == "pip")
    header = f"""\
# The lock: every package Inspector installs, direct and transitive, at the version it is tested
# with — the runtime, the extras {' and '.join(LOCK_EXTRAS)}, the build backend and pip — on
# {', '.join(LOCK_PLATFORMS)}, Python {', '.join(LOCK_PYTHONS)}; a package needed on some only carries a marker.
# build/dev.py (so the quick start, CI and build/build.py) installs with `pip install -c {LOCK.name}`.
# Do not edit by hand. Refresh it (the newest versions pyproject.toml allows) with
#     {LOCK_COMMAND}
# or, after changing pyproject.toml, add and drop only what changed with `{LOCK_COMMAND} --keep`.
# Resolved with Python {sys.version_info.major}.{sys.version_info.minor} and pip {pip_version}.
"""
    LOCK.write_text(header + "\n".join(lines) + "\n", encoding="utf-8", newline="\n")
    print(f"Wrote {LOCK.relative_to(ROOT)}: {len(lines)} packages. `python build/dev.py test` installs them.")


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "test", "build", "lock"}:
        print(__doc__)
        return 2
    if argv[0] == "lock":
        return lock(argv[1:])
    if argv[0] == "build":
        import importlib.util  # build/build.py, beside this file (not PyPA's "build" package)

        spec = importlib.util.spec_from_file_location("inspector_build", Path(__file__).with_name("build.py"))
        packaging = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(packaging)
        return packaging.main(argv[1:])
    py = str(setup())
    env = dict(os.environ)
    if argv[0] == "test":
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        return subprocess.run([py, "-m", "pytest", *argv[1:]], cwd=ROOT, env=env).returncode
    return subprocess.run([py, "-m", "ui", "--demo", *argv[1:]], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

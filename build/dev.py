"""Set up a development environment and run Inspector or its tests, on any platform.

    python build/dev.py app     # .venv + install, then the app on the demo vault
    python build/dev.py test    # .venv + install, then the whole test suite
    python build/dev.py build   # .venv + install + PyInstaller, then the packaged app (build/build.py)

On Debian/Ubuntu, ``bash build/dev.sh …`` installs the system packages first.
Extra arguments after ``test`` go to pytest.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".inspector-installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def setup(extras: tuple[str, ...] = ("test",)) -> Path:
    """.venv with Inspector installed (editable) and the optional dependencies ``extras``.

    The stamp file records pyproject.toml's hash and the extras installed with it:
    nothing is reinstalled unless pyproject.toml changed or an extra is missing.
    """
    if sys.version_info < (3, 11):
        sys.exit(f"Inspector needs Python 3.11 or newer (this is {sys.version.split()[0]}).")
    if not venv_python().exists():
        print(f"Creating {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = STAMP.read_text().split() if STAMP.exists() else []
    installed = set(stamp[1:]) if stamp[:1] == [digest] else set()
    if not set(extras) <= installed:
        wanted = sorted(installed | set(extras))
        print("Installing Inspector and its dependencies …", flush=True)
        py = str(venv_python())
        subprocess.run([py, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", "-e", f"{ROOT}[{','.join(wanted)}]"], check=True)
        STAMP.write_text(" ".join([digest, *wanted]))
    return venv_python()


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "test", "build"}:
        print(__doc__)
        return 2
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

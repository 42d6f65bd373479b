"""Build the packaged application: one folder in dist/, named for the version and platform.

    python build/build.py [--zip] [--no-self-test] [--sizes N]

Sets up .venv like the quick start (build/dev.py) plus PyInstaller, runs
build/inspector.spec with its work folder in .work/pyinstaller (never build/,
which holds tracked sources), reports the folder's size against the 250 MB
target, and runs the built application's self-test (both executables). Exits
non-zero if the build, the size target or the self-test fails. ``--zip`` also
writes dist/<name>.zip for handing out. See docs/packaging.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import dev  # noqa: E402 — build/dev.py, the quick start's set-up

ROOT = dev.ROOT
SPEC = HERE / "inspector.spec"
DIST = ROOT / "dist"
WORK = ROOT / ".work" / "pyinstaller"
SIZE_TARGET_MB = 250
SELF_TEST_TIMEOUT_S = 300


def built_folder() -> Path:
    """The folder the spec just made (main() removed any earlier one; the spec names it for the version)."""
    folders = [p for p in DIST.glob("Inspector-*") if p.is_dir()]
    if len(folders) != 1:
        raise SystemExit(f"expected one dist/Inspector-* folder, found {[p.name for p in folders]}")
    return folders[0]


def folder_size(folder: Path) -> tuple[int, list[tuple[int, str]]]:
    files = [(p.stat().st_size, str(p.relative_to(folder))) for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(size for size, _ in files), sorted(files, reverse=True)


def report_size(folder: Path, top: int) -> bool:
    total, files = folder_size(folder)
    mb = total / 1e6
    ok = mb <= SIZE_TARGET_MB
    print(f"\n{folder.relative_to(ROOT)}: {mb:.1f} MB in {len(files)} files "
          f"(target ≤ {SIZE_TARGET_MB} MB: {'met' if ok else 'MISSED'})")
    for size, name in files[:top]:
        print(f"  {size / 1e6:7.1f} MB  {name}")
    return ok


def glibc_needed(folder: Path) -> str | None:
    """Linux: the newest glibc symbol version any bundled binary needs (the oldest system it runs on)."""
    if not sys.platform.startswith("linux") or not shutil.which("objdump"):
        return None
    newest = (0,)
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as f:
            if f.read(4) != b"\x7fELF":  # not a binary (fonts, data)
                continue
        symbols = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
        for version in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", symbols):
            newest = max(newest, tuple(int(x) for x in version.split(".")))
    return ".".join(map(str, newest)) if newest != (0,) else None


def executable(folder: Path, name: str) -> Path:
    return folder / (f"{name}.exe" if os.name == "nt" else name)


def self_test(folder: Path) -> bool:
    """Both executables run the self-test in a clean environment (offscreen Qt); on Linux with
    xvfb-run, the application once more on a virtual X11 screen."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INSPECTOR_", "PYTHON"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    runs = [("inspector-cli", [], env), ("Inspector", [], env)]
    xvfb = shutil.which("xvfb-run") if sys.platform.startswith("linux") else None
    if xvfb:  # the X11 platform plugin and the X libraries it loads, on a virtual screen
        runs.append(("Inspector", [xvfb, "-a"], {**env, "QT_QPA_PLATFORM": "xcb"}))
    ok = True
    for name, wrapper, run_env in runs:
        exe = executable(folder, name)
        print(f"\n$ {' '.join(wrapper + [str(exe.relative_to(ROOT))])} --self-test"
              f"  (QT_QPA_PLATFORM={run_env['QT_QPA_PLATFORM']})", flush=True)
        try:
            code = subprocess.run([*wrapper, str(exe), "--self-test"], env=run_env, cwd=folder.parent,
                                  timeout=SELF_TEST_TIMEOUT_S).returncode
        except subprocess.TimeoutExpired:
            print(f"{name}: self-test did not finish within {SELF_TEST_TIMEOUT_S} s")
            code = -1
        if code != 0:
            print(f"{name} --self-test exited {code}")
            ok = False
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--zip", action="store_true", help="also write dist/<name>.zip")
    parser.add_argument("--no-self-test", action="store_true", help="skip running the built self-test")
    parser.add_argument("--sizes", type=int, default=12, metavar="N", help="list the N largest files (default 12)")
    args = parser.parse_args(argv)

    py = dev.setup(("test", "package"))  # the quick start's .venv, plus PyInstaller
    for old in DIST.glob("Inspector-*"):  # one build in dist/ at a time, so nobody ships a stale one
        shutil.rmtree(old) if old.is_dir() else old.unlink()
    print(f"Building with PyInstaller (work folder {WORK.relative_to(ROOT)}) …", flush=True)
    subprocess.run([str(py), "-m", "PyInstaller", str(SPEC), "--distpath", str(DIST), "--workpath", str(WORK),
                    "--noconfirm", "--log-level", "WARN"], cwd=ROOT, check=True)
    folder = built_folder()
    ok = report_size(folder, args.sizes)
    glibc = glibc_needed(folder)
    if glibc:
        print(f"\nRuns on Linux with glibc ≥ {glibc} (this build machine's libraries set the floor; "
              "see docs/packaging.md)")
    if not args.no_self_test:
        ok = self_test(folder) and ok
    if args.zip:
        archive = shutil.make_archive(str(folder), "zip", root_dir=DIST, base_dir=folder.name)
        print(f"\n{Path(archive).relative_to(ROOT)}: {Path(archive).stat().st_size / 1e6:.1f} MB")
    print(f"\n{'Built' if ok else 'Built, with failures:'} {folder.relative_to(ROOT)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

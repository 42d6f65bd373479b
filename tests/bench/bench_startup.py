"""Benchmark of start-up: Inspector's main window on the demo vault against a bare PySide6 window.

Run::

    python -m tests.bench.bench_startup [--repeat N] [--bare-only] [--production-kdf] [--app CMD]

Both are measured from process start to the first paint of the main window, in
fresh subprocesses of the same run (``QT_QPA_PLATFORM=offscreen``), alternating,
after one warm-up run each (not counted); figures are medians. The ratio is
what compares across machines. Target: Inspector at most 1.5× the bare window.

* **Process start** — the bench puts ``INSPECTOR_T0=<time.time()>`` in the
  child's environment just before ``subprocess.run``; the child prints
  ``time.time() - INSPECTOR_T0`` in milliseconds. Interpreter start-up and
  imports are therefore included on both sides.
* **Bare window** — ``python -c`` a script that creates a ``QApplication`` and a
  ``QMainWindow``, shows it, and prints ``BARE_SHOWN_MS=<ms>`` at the window's
  first paint event, then quits.
* **Inspector** — ``python -m ui --vault <fresh copy of a demo vault>`` with
  ``INSPECTOR_PASSPHRASE`` and ``INSPECTOR_EXIT_AFTER_SHOWN=1``: the app prints
  ``INSPECTOR_SHOWN_MS=<ms>`` at the main window's first paint and exits 0
  (hook in ``ui/app.py``). The keyring is the ``fail`` backend
  (``PYTHON_KEYRING_BACKEND``), so the bench never touches the user's keyring and
  unlocks with the passphrase; the demo vault's key file uses a light Argon2id
  (8 MiB, 1 pass), so the unlock costs about what a keyring look-up does.
  ``--production-kdf`` measures a passphrase unlock with the production
  parameters (64 MiB, 3 passes) instead.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.table import Report, Row

T0_ENV = "INSPECTOR_T0"
EXIT_AFTER_SHOWN_ENV = "INSPECTOR_EXIT_AFTER_SHOWN"
BARE_MARKER = "BARE_SHOWN_MS"
INSPECTOR_MARKER = "INSPECTOR_SHOWN_MS"
READY_MARKER = "INSPECTOR_READY_MS"
RATIO_TARGET = 1.5
PASSPHRASE = "startup bench 启动 passphrase"
TIMEOUT_S = 60
REPORT = Report(
    title="Start-up",
    conditions="Process start to the main window's first paint, fresh subprocesses alternating with a bare "
               "PySide6 window (QT_QPA_PLATFORM=offscreen), median of {repeat:.0f} after a warm-up",
    rows=[
        Row("Main window shown (first paint)", "inspector_ms", "ms", baseline="bare_ms",
            baseline_label="bare PySide6 window", ratio="ratio", target=f"≤ {RATIO_TARGET:g}× baseline",
            check=("ratio", RATIO_TARGET)),
        Row("Usable: vault unlocked, pages built", "ready_ms", "ms", baseline="bare_ms",
            baseline_label="bare PySide6 window", ratio="ready_ratio"),
    ],
    quick=["--repeat", "1", "--warmup", "0"],
    notes="Profiled with pyinstrument and a trace of PySide6's enum creation: before the first paint the app "
          "used to build the Python enums of PySide6's `Qt` namespace (~10 ms, imported by ui.tasks, ui.vault.unlock and "
          "the waiting label's alignment), to run the idle watcher's application-wide Python event filter on every "
          "widget being built, and to let the worker's imports compete with the paint for the interpreter lock. "
          "All three now happen after the first paint (1.65× → 1.25× on the development machine).",
    explain={
        "ratio": "Before its first paint Inspector pays what the bare window pays ({bare_ms:.0f} ms: interpreter, "
                 "PySide6) plus its own modules, the two bundled Noto Sans SC fonts (10 MB each, registered in "
                 "ui/app.py) and the frame. Check that nothing imported before the paint touches "
                 "`PySide6.QtCore.Qt` or the database stack (`python -X importtime -m ui`, and ui/shell.py's "
                 "note on start-up).",
    },
)

BARE_WINDOW = r"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

t0 = float(os.environ["INSPECTOR_T0"])
app = QApplication(sys.argv)


class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            print(f"BARE_SHOWN_MS={(time.time() - t0) * 1000:.3f}", flush=True)
            QTimer.singleShot(0, app.quit)
        return False


window = QMainWindow()
window.setWindowTitle("bare")
window.resize(960, 640)
probe = FirstPaint()
window.installEventFilter(probe)
window.show()
sys.exit(app.exec())
"""


class BenchError(RuntimeError):
    pass


def child_env(pycache: Path | None = None, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    # Users run compiled bytecode (pip and PyInstaller write it); a sandbox that forbids .pyc would
    # measure the compiler instead. The warm-up run fills a cache kept outside the repository.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if pycache is not None:
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    env.pop("INSPECTOR_VAULT", None)
    env.update(extra)
    return env


def measure(cmd: list[str], env: dict[str, str], marker: str, label: str, timeout: float = TIMEOUT_S,
            also: str | None = None) -> float | tuple[float, float]:
    """Run ``cmd`` once; the milliseconds it printed as ``<marker>=<ms>`` (process start → first paint),
    and with ``also`` the second figure it printed as ``<also>=<ms>``."""
    env = dict(env)
    env[T0_ENV] = repr(time.time())
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise BenchError(f"{label} did not exit within {timeout:g} s; does it print {marker}=… "
                         f"and quit when {EXIT_AFTER_SHOWN_ENV}=1?") from None
    found = re.findall(rf"^{marker}=([0-9.]+)\s*$", proc.stdout, re.MULTILINE)
    if proc.returncode != 0 or len(found) != 1:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise BenchError(f"{label}: exit code {proc.returncode}, {len(found)} line(s) {marker}=…; last output:\n  "
                         + "\n  ".join(tail))
    if also is None:
        return float(found[0])
    second = re.findall(rf"^{also}=([0-9.]+)\s*$", proc.stdout, re.MULTILINE)
    return float(found[0]), float(second[0]) if second else float("nan")


def bare_command() -> list[str]:
    return [sys.executable, "-c", BARE_WINDOW]


def build_demo_master(directory: Path, production_kdf: bool) -> Path:
    """A demo vault to copy for each run (built in this process, in an in-memory keyring)."""
    import keyring

    from inspector.crypto.keyfile import KdfParams
    from inspector.services.demo import build_demo
    from tests.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    kdf = KdfParams() if production_kdf else KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
    path = directory / "master" / "demo.vault"
    build_demo(path, passphrase=PASSPHRASE, kdf=kdf, use_keyring=False).close()
    return path


def fresh_copy(master: Path, directory: Path, n: int) -> Path:
    from inspector.vault import copy_vault

    return copy_vault(master, directory / f"run{n}" / master.name)


def run(repeat: int, warmup: int, bare_only: bool, production_kdf: bool, app: list[str] | None,
        directory: Path) -> dict[str, list[float]]:
    """Alternate bare and Inspector runs; the warm-up runs are dropped."""
    bare_env = child_env(directory / "pycache")
    samples: dict[str, list[float]] = {"bare": [], "inspector": [], "ready": []}
    master = None if bare_only else build_demo_master(directory, production_kdf)
    app_cmd = app or [sys.executable, "-m", "ui"]
    app_env = child_env(directory / "pycache", INSPECTOR_PASSPHRASE=PASSPHRASE, **{EXIT_AFTER_SHOWN_ENV: "1"})
    for n in range(warmup + repeat):
        bare = measure(bare_command(), bare_env, BARE_MARKER, "the bare window")
        if n >= warmup:
            samples["bare"].append(bare)
        if master is not None:
            vault = fresh_copy(master, directory, n)
            shown, ready = measure([*app_cmd, "--vault", str(vault)], app_env, INSPECTOR_MARKER, " ".join(app_cmd),
                                   also=READY_MARKER)
            if n >= warmup:
                samples["inspector"].append(shown)
                samples["ready"].append(ready)
    return samples


def figures_of(samples: dict[str, list[float]], repeat: int) -> dict[str, float]:
    f = {"repeat": float(repeat), "bare_ms": statistics.median(samples["bare"]), "bare_min_ms": min(samples["bare"])}
    if samples["inspector"]:
        f["inspector_ms"] = statistics.median(samples["inspector"])
        f["inspector_min_ms"] = min(samples["inspector"])
        f["ratio"] = f["inspector_ms"] / f["bare_ms"]
        f["ready_ms"] = statistics.median(samples["ready"])
        f["ready_ratio"] = f["ready_ms"] / f["bare_ms"]
    return f


def print_report(f: dict[str, float], samples: dict[str, list[float]], production_kdf: bool) -> None:
    print(f"Inspector start-up benchmark — process start to first paint of the main window, "
          f"median of {int(f['repeat'])}")
    print(f"  python     {platform.python_version()} ({sys.executable})")
    print(f"  platform   {platform.platform()}, QT_QPA_PLATFORM=offscreen")
    print()
    print(f"  {'':<34} {'median ms':>10} {'min ms':>9}   runs")
    print(f"  {'bare PySide6 window':<34} {f['bare_ms']:10.1f} {f['bare_min_ms']:9.1f}   "
          + " ".join(f"{x:.0f}" for x in samples["bare"]))
    if "inspector_ms" in f:
        label = "Inspector, demo vault" + (" (production KDF)" if production_kdf else "")
        print(f"  {label:<34} {f['inspector_ms']:10.1f} {f['inspector_min_ms']:9.1f}   "
              + " ".join(f"{x:.0f}" for x in samples["inspector"]))
        print(f"  {'… vault open, pages built':<34} {f['ready_ms']:10.1f} {min(samples['ready']):9.1f}   "
              + " ".join(f"{x:.0f}" for x in samples["ready"]))
        verdict = "OK" if f["ratio"] <= RATIO_TARGET else "over target"
        print()
        print(f"  main window shown / bare: {f['ratio']:.2f}× (target ≤ {RATIO_TARGET:g}×)  {verdict}")
        print(f"  usable on the vault / bare: {f['ready_ratio']:.2f}× (information: the database stack is imported "
              "and the vault unlocked after the window is up)")


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench_startup", description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="measured runs of each (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="uncounted runs of each first (default 1)")
    parser.add_argument("--bare-only", action="store_true", help="measure the bare window only")
    parser.add_argument("--production-kdf", action="store_true",
                        help="demo vault with the production Argon2id parameters (passphrase unlock)")
    parser.add_argument("--app", metavar="CMD", help="command that starts Inspector (default: python -m ui), "
                        "e.g. a PyInstaller build; --vault PATH is appended")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.warmup < 0:
        parser.error("--repeat must be ≥ 1 and --warmup ≥ 0")
    with tempfile.TemporaryDirectory(prefix="inspector-startup-") as tmp:
        samples = run(args.repeat, args.warmup, args.bare_only, args.production_kdf,
                      shlex.split(args.app) if args.app else None, Path(tmp))
    figures = figures_of(samples, args.repeat)
    print_report(figures, samples, args.production_kdf)
    return figures


if __name__ == "__main__":
    try:
        main()
    except BenchError as exc:
        sys.exit(f"bench_startup: {exc}")

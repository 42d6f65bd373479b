"""Start the desktop application: ``inspector-gui [--vault PATH | --demo]`` or ``python -m ui``.

Startup is event-driven: the vault is unlocked (or the demo built) on the
worker thread while the event loop runs, then the main window opens. Closing
the main window, cancelling the unlock dialog or failing to open the vault
ends the loop; the exit codes are those of the command line
(:class:`inspector.errors.ExitCode`).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from inspector import paths
from inspector.errors import ExitCode, InspectorError
from inspector.services.demo import DEMO_PASSPHRASE, build_demo
from inspector.vault import Vault
from ui import garbage
from ui.errors import show_error, show_internal_error
from ui.main_window import MainWindow
from ui.tasks import run_in_background, wait_for_all
from ui.unlock import unlock_vault

log = logging.getLogger(__name__)


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options, and the rest (Qt's own, e.g. ``-platform offscreen``)."""
    parser = argparse.ArgumentParser(prog="inspector-gui", description="Inspector — 政务数据安全监督检查")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--vault", type=Path, metavar="PATH", help="要打开的保险库 / the vault to open (默认：用户数据目录 / default: the user data folder)")
    where.add_argument("--demo", action="store_true", help="打开演示保险库，首次使用时生成 / open the demo vault, building it on first use")
    return parser.parse_known_args(list(argv))


class Startup:
    """Opens the vault (building the demo if asked), then shows the main window."""

    def __init__(self, app: QApplication, path: Path, demo: bool) -> None:
        self.app = app
        self.path = path
        self.demo = demo
        self.window: MainWindow | None = None

    def start(self) -> None:
        if self.demo and not self.path.exists():
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            log.info("building the demo vault at %s", self.path)
            run_in_background(None, lambda progress, cancel: build_demo(self.path, progress=progress),
                              on_success=self._built, on_failure=self._build_failed)
            return
        # The demo's passphrase is public; it is only used if the keyring has no key.
        unlock_vault(None, self.path, self.show_main_window, self.abort,
                     passphrase=DEMO_PASSPHRASE if self.demo else None)

    def _built(self, vault: Vault) -> None:
        QApplication.restoreOverrideCursor()
        self.show_main_window(vault)

    def _build_failed(self, err: InspectorError) -> None:
        QApplication.restoreOverrideCursor()
        show_error(None, err)
        self.abort(err)

    def show_main_window(self, vault: Vault) -> None:
        self.window = MainWindow(vault)
        self.window.show()
        self.app.setQuitOnLastWindowClosed(True)

    def abort(self, err: InspectorError | None) -> None:
        self.app.exit(int(err.exit_code) if err is not None else int(ExitCode.OK))


def _excepthook(exc_type, exc, tb) -> None:
    log.error("unexpected error", exc_info=(exc_type, exc, tb))
    if isinstance(exc, InspectorError):
        show_error(QApplication.activeWindow(), exc)
    else:
        show_internal_error(QApplication.activeWindow())


def main(argv: Sequence[str] | None = None) -> int:
    args, qt_args = parse_args(sys.argv[1:] if argv is None else argv)
    owns_app = QApplication.instance() is None
    app = QApplication([sys.argv[0], *qt_args]) if owns_app else QApplication.instance()
    if owns_app:  # an embedding host (e.g. the tests) keeps its own logging and exception hook
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        logging.getLogger("alembic").setLevel(logging.WARNING)
        sys.excepthook = _excepthook
    app.setApplicationName("Inspector")
    app.setOrganizationName("Jincheng")
    garbage.install()

    if args.demo:
        path = paths.default_demo_vault_path()
    else:
        path = args.vault.expanduser() if args.vault else paths.default_vault_path()
    startup = Startup(app, path, args.demo)

    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # the unlock dialog closing must not end the app
    QTimer.singleShot(0, startup.start)
    try:
        code = app.exec()
    finally:
        app.setQuitOnLastWindowClosed(quit_on_close)
        wait_for_all()
        if startup.window is not None and startup.window.vault is not None:
            startup.window.vault.close()
    return code

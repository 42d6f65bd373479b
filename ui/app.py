"""Start the desktop application: ``inspector-gui [--vault PATH | --demo]`` or ``python -m ui``.

Start-up is event-driven: fonts and translations are installed, then the
:class:`~ui.shell.Shell` runs the first-run wizard or unlocks the vault on the
worker thread while the event loop runs, then opens the main window. The exit
codes are those of the command line (:class:`inspector.errors.ExitCode`).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from inspector import paths
from inspector.errors import InspectorError
from ui import garbage, i18n, prefs
from ui.errors import show_error, show_internal_error
from ui.fonts import load_fonts
from ui.shell import Shell

log = logging.getLogger(__name__)


def parse_args(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our options, and the rest (Qt's own, e.g. ``-platform offscreen``)."""
    parser = argparse.ArgumentParser(prog="inspector-gui", description="Inspector — 政务数据安全监督检查")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--vault", type=Path, metavar="PATH",
                       help="要打开的保险库 / the vault to open (默认：用户数据目录 / default: the user data folder)")
    where.add_argument("--demo", action="store_true",
                       help="打开演示保险库，首次使用时生成 / open the demo vault, building it on first use")
    where.add_argument("--hub", metavar="PROFILE|URL", nargs="?", const="",
                       help="连接办公室集中库（PostgreSQL）：连接配置名称或地址，省略则用 $INSPECTOR_HUB / connect to "
                            "the office hub: a profile or URL (default: $INSPECTOR_HUB)")
    return parser.parse_known_args(list(argv))


def readable_file_dates(environ) -> None:
    """On a Linux machine left in the C locale (``LANG`` unset or ``C``, as in a bare virtual machine), Qt's
    system locale dates files "6 12 2026" in its file dialog: give this process Chinese dates (2026/12/6)
    instead. Only the dates (``LC_TIME``), and never over a locale the user chose."""
    if not sys.platform.startswith("linux") or environ.get("LC_ALL") or environ.get("LC_TIME"):
        return
    if environ.get("LANG", "").split(".")[0] in ("", "C", "POSIX"):
        environ["LC_TIME"] = "zh_CN.UTF-8"


def _excepthook(exc_type, exc, tb) -> None:
    log.error("unexpected error", exc_info=(exc_type, exc, tb))
    if isinstance(exc, InspectorError):
        show_error(QApplication.activeWindow(), exc)
    else:
        show_internal_error(QApplication.activeWindow())


def main(argv: Sequence[str] | None = None) -> int:
    args, qt_args = parse_args(sys.argv[1:] if argv is None else argv)
    owns_app = QApplication.instance() is None
    if owns_app:
        readable_file_dates(os.environ)  # read by Qt once, when the application starts
    app = QApplication([sys.argv[0], *qt_args]) if owns_app else QApplication.instance()
    if owns_app:  # an embedding host (e.g. the tests) keeps its own logging, exception hook and settings
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        logging.getLogger("alembic").setLevel(logging.WARNING)
        sys.excepthook = _excepthook
        app.setApplicationName("Inspector")
        app.setOrganizationName("Jincheng")
        app.setWindowIcon(QIcon(str(paths.resource("icons", "inspector.png"))))
    garbage.install()
    load_fonts(app)
    i18n.install(app, prefs.LANGUAGE.get())

    if args.demo:
        path = paths.default_demo_vault_path()
    else:
        path = args.vault.expanduser() if args.vault else paths.default_vault_path()
    shell = Shell(app, path, demo=args.demo, hub=args.hub)
    quit_on_close = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)  # the unlock dialog closing must not end the app
    QTimer.singleShot(0, shell.start)
    try:
        code = app.exec()
    finally:
        app.setQuitOnLastWindowClosed(quit_on_close)
        shell.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())

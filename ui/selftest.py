"""``Inspector --self-test``: the core self-test (:mod:`inspector.selftest`) plus the user interface.

After the core steps it starts Qt offscreen, loads the bundled fonts and both
languages, opens the main window on the self-test's temporary vault, visits every
page, and closes it again. Preferences go to the temporary folder, never to the
user's. Prints one line per check and exits 0 when everything passed, 1 if not.
"""

from __future__ import annotations

import os
import sys
from typing import Sequence

from inspector import selftest
from inspector.selftest import Context

PAGE_TIMEOUT_MS = 20_000


def _attach_console() -> None:
    """A windowed Windows executable has no stdout: print to the console that started it, if any."""
    if sys.platform != "win32" or sys.stdout is not None:
        return
    import ctypes

    if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115 — lives until exit
        sys.stderr = sys.stdout


def _application(ctx: Context):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from ui import prefs

    prefs.keep_in(ctx.folder / "settings")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName("InspectorSelfTest")
    app.setApplicationName("InspectorSelfTest")
    return app


def check_qt(ctx: Context) -> str:
    """Qt starts offscreen with the bundled Chinese font and both languages."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QCoreApplication

    from ui import garbage, i18n
    from ui.fonts import FAMILY, load_fonts

    app = _application(ctx)
    garbage.install()
    family = load_fonts(app)
    if family != FAMILY:
        raise RuntimeError(f"the bundled font did not load (got {family!r})")
    if i18n.install(app, "en") != "en":
        raise RuntimeError("the English translation did not load")
    # Contexts in variables: these look-ups test translations, they are not strings to translate.
    ours, qt_own = "MainWindow", "QPlatformTheme"
    english = QCoreApplication.translate(ours, "正在打开保险库…")
    if english == "正在打开保险库…":
        raise RuntimeError("the English translation is loaded but does not translate")
    i18n.install(app, "zh_CN")
    cancel = QCoreApplication.translate(qt_own, "Cancel")
    if cancel != "取消":  # Qt's own Chinese for the standard buttons of every dialog
        raise RuntimeError(f"Qt's Chinese translation (qtbase_zh_CN) is missing: Cancel → {cancel!r}")
    from PySide6.QtPrintSupport import QPrinter  # the preview's 打印…; the CUPS client is the system's

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # needs no printer
    if not printer.isValid():
        raise RuntimeError("Qt print support does not work")
    return (f"PySide6 {pyside_version}, platform {app.platformName()}, font {family}, "
            f"English: {english!r}, Qt Chinese: {cancel!r}, printing")


def open_main_window(ctx: Context) -> str:
    """The main window on the self-test vault: shown, every page visited, closed."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from ui import tasks
    from ui.context import AppContext
    from ui.main_window import MainWindow

    app = QApplication.instance()
    window = MainWindow(AppContext(ctx.vaults["laptop"]))
    painted = []
    window.first_paint.connect(lambda: painted.append(True))
    window.resize(1280, 800)
    window.show()
    try:
        deadline = QDeadlineTimer(PAGE_TIMEOUT_MS)
        while not painted and not deadline.hasExpired():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if not painted:
            raise RuntimeError("the main window was never painted")
        visited = []
        for key in list(window.pages):
            window.navigate(key)
            loop = QEventLoop()
            QTimer.singleShot(100, loop.quit)
            loop.exec()
            visited.append(key)
        if not tasks.wait_for_all(PAGE_TIMEOUT_MS):
            raise RuntimeError("background work did not finish")
        app.processEvents()
        return f"{len(visited)} pages: {', '.join(visited)}"
    finally:
        window.clear_pages()
        tasks.wait_for_all(PAGE_TIMEOUT_MS)
        window.close()
        window.deleteLater()
        app.processEvents()


UI_STEPS = [
    ("界面组件（Qt、字体、翻译）", "Qt, fonts and translations", check_qt),
    ("打开并关闭主窗口", "open and close the main window", open_main_window),
]


def main(argv: Sequence[str] | None = None) -> int:
    """Run every check, print the report; 0 if all passed, 1 if not."""
    _attach_console()
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "--verbose" in args
    out = sys.stdout

    def report(result: selftest.StepResult) -> None:
        if out is not None:
            print(selftest.format_result(result), file=out, flush=True)

    if out is not None:
        print(selftest.header(), file=out, flush=True)
    with selftest.scratch() as ctx:
        results = selftest.run_steps(selftest.CORE_STEPS, ctx, report, verbose=verbose)
        results += selftest.run_steps(UI_STEPS, ctx, report, verbose=verbose)
    if out is not None:
        print(selftest.summary(results), file=out, flush=True)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

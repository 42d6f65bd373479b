"""ui.app.main end to end: unlock, main window, first run, exit codes."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from inspector.errors import ExitCode
from inspector.services.demo import build_demo
from tests.conftest import FAST_KDF, PASSPHRASE
from ui import app as ui_app
from ui import shell as ui_shell
from ui.main_window import MainWindow

HANG_GUARD_MS = 30_000  # a broken startup ends the event loop with 99 instead of hanging the suite


class ClosingWindow(MainWindow):
    """Records the vault it showed, then closes itself as a user would."""

    shown: list = []

    def install_pages(self) -> None:
        super().install_pages()
        ClosingWindow.shown.append(self.ctx.vault)
        QTimer.singleShot(0, self.close)


@pytest.fixture
def closing_window(monkeypatch):
    ClosingWindow.shown = []
    monkeypatch.setattr(ui_shell, "MainWindow", ClosingWindow)
    return ClosingWindow


def _run(argv) -> int:
    # The guard must die with this run: a QCoreApplication.exit() fired later, outside any exec(),
    # would make every later QEventLoop return at once (and every later waitSignal time out).
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: QApplication.instance().exit(99))
    guard.start(HANG_GUARD_MS)
    try:
        return ui_app.main(argv)
    finally:
        guard.stop()


def test_parse_args_keeps_qt_options():
    args, rest = ui_app.parse_args(["--vault", "x.vault", "-platform", "offscreen"])
    assert str(args.vault) == "x.vault" and not args.demo and rest == ["-platform", "offscreen"]


def test_main_opens_the_vault_and_exits_when_the_window_closes(qtbot, demo_vault_path, monkeypatch, closing_window):
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSPHRASE)
    assert _run(["--vault", str(demo_vault_path)]) == ExitCode.OK
    [vault] = closing_window.shown
    assert vault.path == demo_vault_path and vault.key == b""  # closed with the window


def test_a_missing_vault_starts_the_first_run_wizard(qtbot, tmp_path, monkeypatch, closing_window):
    started = []

    class FakeWizard:
        def __init__(self, path):
            started.append(path)
            from PySide6.QtCore import QObject, Signal

            class Signals(QObject):
                vault_created = Signal(object)
                rejected = Signal()

            self._signals = Signals()
            self.vault_created, self.rejected = self._signals.vault_created, self._signals.rejected

        def show(self):
            QTimer.singleShot(0, self.rejected.emit)  # the user closes the wizard

    monkeypatch.setattr("ui.vault.wizard.FirstRunWizard", FakeWizard)
    assert _run(["--vault", str(tmp_path / "new.vault")]) == ExitCode.OK
    assert started == [tmp_path / "new.vault"] and closing_window.shown == []


def test_demo_is_built_in_the_background_then_reopened(qtbot, tmp_path, monkeypatch, closing_window):
    path = tmp_path / "data" / "demo.vault"
    monkeypatch.setattr(ui_app.paths, "default_demo_vault_path", lambda: path)
    monkeypatch.setattr(ui_shell, "build_demo", lambda p, progress: build_demo(p, kdf=FAST_KDF, progress=progress))
    assert _run(["--demo"]) == ExitCode.OK
    assert path.exists() and len(closing_window.shown) == 1
    assert _run(["--demo"]) == ExitCode.OK  # existing demo: opened, not rebuilt
    assert len(closing_window.shown) == 2


# ---- Qt's own texts in Chinese ------------------------------------------------------------------

def test_a_qt_file_dialog_is_chinese_in_chinese_mode(qtbot, qapp):
    from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QPushButton

    from ui import i18n

    i18n.install(qapp, "zh_CN")
    dialog = QFileDialog(None, "选择文件")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible() and w.text()]
    buttons = [w.text() for w in dialog.findChildren(QPushButton) if w.isVisible()]
    tips = [w.toolTip() for w in dialog.findChildren(QWidget) if w.toolTip()]
    texts = labels + buttons + tips + [w.itemText(0) for w in dialog.findChildren(QComboBox) if w.count()]
    assert "查找范围(&L)：" in labels and "文件类型(&T)：" in labels  # Qt's own file lacks these two
    english = [t for t in texts if re.search(r"[A-Za-z]{3,}", t.replace("&", "")) and "/" not in t
               and not re.fullmatch(r"[^A-Za-z]*\(\*[^)]*\)", t)]
    assert english == [], english
    dialog.close()
    from PySide6.QtCore import QFileInfo
    from PySide6.QtWidgets import QFileIconProvider

    assert QFileIconProvider().type(QFileInfo(str(Path.home()))) == "文件夹"  # the kind column: not "Folder"


def test_the_package_carries_qts_chinese_and_no_other_qt_translation():
    """The spec's filter of Qt's translations folder, run on that folder as PyInstaller lists it."""
    import types
    from pathlib import Path

    from PySide6.QtCore import QLibraryInfo

    spec = (Path(__file__).resolve().parents[2] / "build" / "inspector.spec").read_text("utf-8")
    start = spec.index("QT_TRANSLATIONS_KEPT =")
    snippet = spec[start:spec.index("\n#", start)]
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    every = [(f"PySide6/Qt/translations/{p.name}", str(p), "DATA") for p in sorted(folder.glob("*.qm"))]
    assert len(every) > 10
    scope = {"Path": Path, "a": types.SimpleNamespace(datas=every + [("resources/translations/inspector_en.qm", "", "DATA")])}
    exec(snippet, scope)
    assert [d[0] for d in scope["a"].datas] == ["PySide6/Qt/translations/qtbase_zh_CN.qm",
                                                 "resources/translations/inspector_en.qm"]


def test_english_mode_installs_no_qt_chinese(qapp):
    from PySide6.QtCore import QCoreApplication

    from ui import i18n

    try:
        assert i18n.install(qapp, "en") == "en"
        assert QCoreApplication.translate("QFileDialog", "&Look in:") == "&Look in:"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    finally:
        i18n.install(qapp, "zh_CN")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_every_file_dialog_goes_through_ui_widgets_files():
    """Each remembers its last folder (ui.widgets.files); none calls QFileDialog itself."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "ui"
    allowed = {"widgets/files.py", "i18n.py"}
    direct = [str(p.relative_to(root)) for p in root.rglob("*.py")
              if "QFileDialog." in p.read_text("utf-8") and str(p.relative_to(root)) not in allowed]
    assert direct == []


def test_the_sync_dialogs_share_the_folder_files_remembers(tmp_path):
    from ui.sync.export import SYNC, SYNC_FOLDER
    from ui.widgets import files

    files.remember(SYNC, tmp_path / "bundle.inspbundle")
    assert SYNC_FOLDER.get() == str(tmp_path) and files.last_folder(SYNC) == tmp_path


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the C locale is a Linux matter")
def test_a_machine_in_the_c_locale_gets_readable_file_dates_and_a_chosen_locale_is_kept():
    for before, after in [({"LANG": "C.UTF-8"}, "zh_CN.UTF-8"), ({}, "zh_CN.UTF-8"), ({"LANG": "POSIX"}, "zh_CN.UTF-8"),
                          ({"LANG": "en_US.UTF-8"}, None), ({"LANG": "C", "LC_TIME": "de_DE.UTF-8"}, "de_DE.UTF-8"),
                          ({"LANG": "C", "LC_ALL": "fr_FR.UTF-8"}, None)]:
        environ = dict(before)
        ui_app.readable_file_dates(environ)
        assert environ.get("LC_TIME") == after, before


def test_in_the_c_locale_the_started_application_dates_files_year_first(tmp_path):
    """ui.app.main in a process of its own (the system locale is read once, when Qt starts)."""
    import os
    import subprocess

    code = ("import sys; from ui import app; from PySide6.QtCore import QLocale, QDate;"
            "app.readable_file_dates(__import__('os').environ);"
            "from PySide6.QtWidgets import QApplication; a = QApplication(sys.argv);"
            "print(QLocale.system().toString(QDate(2026, 12, 5), QLocale.FormatType.ShortFormat))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")} | {"LANG": "C.UTF-8",
                                                                              "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2]).stdout
    assert out.strip() == "2026/12/5"

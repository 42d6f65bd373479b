"""The departments' xlsx forms in the UI: writing a form for a department, importing the one it returns.

Shared by the plans page (自查表, :mod:`inspector.forms.selfreport`) and the
rectification page (整改情况报告表, :mod:`inspector.forms.rectification`):

* **save** — the suggested file name is read (``ctx.read``), the save dialog
  starts in the folder used last (:data:`FORMS_FOLDER`), the form is built,
  registered and written in one write (``ctx.write``,
  :func:`inspector.forms.xlsx.write_form`); a cancel before the file is written
  leaves nothing behind (the registration is rolled back with it);
* **import** — an open dialog (in the folder of the last returned form), the
  import in one write (:func:`inspector.forms.reading.import_path`) with a
  progress dialog and Cancel (cancelled before the commit, nothing is stored);
  a refused form (:class:`~inspector.forms.FormErrors`)
  opens :class:`ProblemListDialog`, a table of every problem (工作表 | 行 | 列 |
  问题) with a copy button; any other refusal shows its message.

Result messages open with ``open()`` (never ``exec()``), so the event loop
keeps running and tests can read them (:attr:`FormFlows.message_box`). What a
write changed reaches the pages by itself (:attr:`ui.context.AppContext.written`,
with the flows' parent widget as the initiator).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import Cancelled, InspectorError
from ui import i18n
from ui.context import AppContext
from ui.errors import error_text
from ui.prefs import Pref
from ui.widgets import files, palette
from ui.widgets.table_model import RowsTableModel
from ui.widgets.tables import configure_table

if TYPE_CHECKING:  # the database stack is imported on the worker
    from inspector.forms import BuiltForm, FormFile, FormProblem, ImportResult

FORMS, RETURNED_FORMS = "forms", "returned-forms"
"""The purposes of the two file dialogs (:mod:`ui.widgets.files`, which remembers their folders)."""

FORMS_FOLDER: Pref[str] = Pref(f"folders/{FORMS}", str, "")
"""Where the last form for a department was saved; the next save dialog starts there."""

RETURNED_FORMS_FOLDER: Pref[str] = Pref(f"folders/{RETURNED_FORMS}", str, "")
"""Where the last returned form was imported from; the next open dialog starts there (at first, where
the forms were saved)."""

XLSX_SUFFIX = ".xlsx"


# ---- the problems of a refused form ------------------------------------------------------------------

P_SHEET, P_ROW, P_COLUMN, P_TEXT = range(4)


class ProblemsTableModel(RowsTableModel):
    """Rows: :class:`inspector.forms.FormProblem` (sheet, row, column, zh, en)."""

    def headers(self) -> list[str]:
        return [self.tr("工作表"), self.tr("行"), self.tr("列"), self.tr("问题")]

    def text(self, problem: FormProblem, col: int) -> str:
        if col == P_SHEET:
            return problem.sheet or self.tr("（整个文件）")
        if col == P_ROW:
            return str(problem.row) if problem.row else ""
        if col == P_COLUMN:
            return problem.column or ""
        return i18n.pick(problem.zh, problem.en)

    def tooltip(self, problem: FormProblem, col: int) -> str | None:
        return self.text(problem, col)

    def alignment(self, problem: FormProblem, col: int) -> Qt.AlignmentFlag | None:
        return Qt.AlignmentFlag.AlignCenter if col in (P_ROW, P_COLUMN) else None

    def as_text(self) -> str:
        """Every problem on its own line, as the core words it (for the clipboard)."""
        return "\n".join(i18n.pick(p.line_zh, p.line_en) for p in self._rows)


class ProblemListDialog(QDialog):
    """「表单有 N 处问题，未导入任何内容」 and the table of problems, with 复制全部."""

    def __init__(self, problems: list[FormProblem], filename: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("表单未导入"))
        self.resize(900, 460)
        heading = QLabel(self.tr("“{file}”有 {n} 处问题，未导入任何内容。").format(file=filename, n=len(problems)))
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)
        hint = QLabel(self.tr("请把这些问题告诉单位，修改后重新报送；也可以复制问题清单发给单位。"
                              "灰色区域被改动的，请单位使用原表重新填写。"))
        hint.setWordWrap(True)
        hint.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.model = ProblemsTableModel(self)
        self.model.set_rows(problems)
        self.view = QTableView()
        self.view.setModel(self.model)
        configure_table(self.view, P_TEXT, multi=True, word_wrap=True, alternating=True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.copy_button = QPushButton(self.tr("复制问题清单"))
        self.copy_button.setToolTip(self.tr("把全部问题（每行一个，注明工作表、行和列）复制到剪贴板"))
        self.copied_label = QLabel()
        self.copied_label.setStyleSheet(palette.text_style(palette.OK))
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.setDefault(True)
        bar = QHBoxLayout()
        bar.addWidget(self.copy_button)
        bar.addWidget(self.copied_label, 1)
        bar.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self.copy_button.clicked.connect(self.copy)
        self.close_button.clicked.connect(self.accept)
        self._heading = heading

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self._heading.text() + "\n" + self.model.as_text())
        self.copied_label.setText(self.tr("已复制 {n} 条。").format(n=self.model.rowCount()))


# ---- the flows ----------------------------------------------------------------------------------------------


def with_suffix(path: str) -> Path:
    """The chosen path, ending in .xlsx (a save dialog on Linux does not add it)."""
    p = Path(path)
    return p if p.suffix.lower() == XLSX_SUFFIX else p.with_name(p.name + XLSX_SUFFIX)


class FormFlows(QObject):
    """Save-form and import-form flows for one page (``parent`` owns the dialogs they open)."""

    written = Signal(object)    # inspector.forms.FormFile
    imported = Signal(object)   # inspector.forms.ImportResult
    refused = Signal(object)    # the InspectorError of a refused import or write
    finished = Signal()         # a flow ended (written, imported, refused, or nothing chosen)

    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.parent_widget = parent
        self.message_box: QMessageBox | None = None
        self.problem_dialog: ProblemListDialog | None = None
        self.busy = False

    # ---- asking for a file -------------------------------------------------------------------

    def ask_save_path(self, title: str, filename: str) -> Path | None:
        path = files.save_file(self.parent_widget, FORMS, title, filename, self.tr("Excel 工作簿 (*.xlsx)"))
        return None if path is None else with_suffix(str(path))

    def ask_open_path(self, title: str) -> Path | None:
        if not RETURNED_FORMS_FOLDER.get() and FORMS_FOLDER.get():
            RETURNED_FORMS_FOLDER.set(FORMS_FOLDER.get())  # the first returned form: where the forms went
        # every file is offered: an .xls or .ods is refused by the core with a message saying to save as .xlsx
        return files.open_file(self.parent_widget, RETURNED_FORMS, title,
                               self.tr("Excel 工作簿 (*.xlsx);;所有文件 (*)"))

    # ---- saving a form -----------------------------------------------------------------------

    def save(self, *, title: str, suggest: Callable[[Any], str], build: Callable[[Any], BuiltForm], label: str,
             done_text: Callable[[FormFile], str]) -> None:
        """Ask where to save the form, then build, register and write it.

        ``suggest(session)`` → the file name the save dialog offers (read first);
        ``build(session)`` → the :class:`~inspector.forms.BuiltForm` (it registers the form);
        ``done_text(FormFile)`` → the message shown once the file is written.
        """
        if self.busy:
            return
        if self.ctx.read(self.parent_widget, suggest,
                         lambda filename: self._save_to(title, filename, build, label, done_text),
                         on_failure=self._failed) is not None:
            self.busy = True

    def _save_to(self, title: str, filename: str, build: Callable[[Any], BuiltForm], label: str,
                 done_text: Callable[[FormFile], str]) -> None:
        out = self.ask_save_path(title, filename)
        if out is None:
            self._end()
            return

        def write(s) -> FormFile:
            from inspector.forms import xlsx

            return xlsx.write_form(s, build, out)

        def written(result: FormFile) -> None:
            self._end()
            self._message(QMessageBox.Icon.Information, title, done_text(result))
            self.written.emit(result)

        if self.ctx.write(self.parent_widget, write, written, on_failure=self._failed, label=label) is None:
            self._end()  # the vault locked meanwhile

    # ---- importing a returned form -----------------------------------------------------------

    def import_(self, *, title: str, run: Callable[[Any, bytes, str], ImportResult], label: str,
                done_text: Callable[[ImportResult], str]) -> None:
        """Choose a file; ``run(session, data, filename)`` imports it (the core's ``import_form``).

        ``done_text(ImportResult)`` → the message shown once it is stored; the write reports what it changed.
        """
        if self.ctx.vault is None or self.busy:
            return
        path = self.ask_open_path(title)
        if path is None:
            self.finished.emit()
            return

        def work(s) -> ImportResult:
            from inspector.forms import reading

            return reading.import_path(s, path, run)

        def imported(result: ImportResult) -> None:
            self._end()
            self._message(QMessageBox.Icon.Information, title, done_text(result))
            self.imported.emit(result)

        if self.ctx.write(self.parent_widget, work, imported, on_failure=lambda err: self._import_failed(err, path.name),
                          label=label) is None:
            self.finished.emit()  # the vault locked while the dialog was open
            return
        self.busy = True

    def _import_failed(self, err: InspectorError, filename: str) -> None:
        from inspector.forms import FormErrors

        if isinstance(err, FormErrors):
            self._end(emit=False)
            self.problem_dialog = ProblemListDialog(err.problems, filename, self.parent_widget)
            self.problem_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.problem_dialog.destroyed.connect(self._problem_dialog_gone)
            self.problem_dialog.open()
            self.refused.emit(err)
            self.finished.emit()
        else:
            self._failed(err)

    def _problem_dialog_gone(self, *_args: object) -> None:
        self.problem_dialog = None

    # ---- endings -----------------------------------------------------------------------------

    def _failed(self, err: InspectorError) -> None:
        self._end(emit=False)
        if not isinstance(err, Cancelled):
            self._message(QMessageBox.Icon.Warning, self.tr("Inspector — 出错"), error_text(err))
        self.refused.emit(err)
        self.finished.emit()

    def _end(self, emit: bool = True) -> None:
        self.busy = False
        if emit:
            self.finished.emit()

    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.parent_widget)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: setattr(self, "message_box", None) if self.message_box is box else None)
        self.message_box = box
        box.open()

    def close_dialogs(self) -> None:
        """The vault is locking: close what shows vault data."""
        import shiboken6

        for dialog in (self.message_box, self.problem_dialog):
            if dialog is not None and shiboken6.isValid(dialog):
                dialog.close()
        self.message_box = self.problem_dialog = None

"""The departments' xlsx forms in the UI: writing a form for a department, importing the one it returns.

Shared by the plans page (自查表, :mod:`inspector.forms.selfreport`) and the
rectification page (整改情况报告表, :mod:`inspector.forms.rectification`):

* **save** — the suggested file name is read on the worker, the save dialog
  starts in the folder used last (:data:`FORMS_FOLDER`), the form is built,
  registered and written on the worker; a cancel before the file is written
  leaves nothing behind (the registration is rolled back with it);
* **import** — an open dialog (in the folder of the last returned form), the
  import on the worker with a progress dialog and Cancel (cancelled before the
  commit, nothing is stored); a refused form (:class:`~inspector.forms.FormErrors`)
  opens :class:`ProblemListDialog`, a table of every problem (工作表 | 行 | 列 |
  问题) with a copy button; any other refusal shows its message.

Result messages open with ``open()`` (never ``exec()``), so the event loop
keeps running and tests can read them (:attr:`FormFlows.message_box`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
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
from ui import prefs
from ui.context import AppContext
from ui.errors import error_text
from ui.prefs import Pref
from ui.widgets.table_model import ListTableModel

if TYPE_CHECKING:  # the database stack is imported on the worker
    from inspector.forms import FormFile, FormProblem, ImportResult

FORMS_FOLDER: Pref[str] = Pref("forms_folder", str, "")
"""Where the last form for a department was saved; the next save dialog starts there."""

RETURNED_FORMS_FOLDER: Pref[str] = Pref("returned_forms_folder", str, "")
"""Where the last returned form was imported from; the next open dialog starts there."""

XLSX_SUFFIX = ".xlsx"


# ---- suggested file names (on the worker) ---------------------------------------------------------------


def selfreport_filename(session, plan_id: str, department_id: str) -> str:
    """The name :func:`inspector.forms.selfreport.build_form` gives the form, without building (or registering) it."""
    from inspector.forms import selfreport, xlsx
    from inspector.model import Department, Plan

    plan, department = session.get(Plan, plan_id), session.get(Department, department_id)
    if plan is None or department is None:
        return selfreport.SPEC.name[0] + XLSX_SUFFIX
    return xlsx.safe_filename(f"{department.name}-{plan.title}-{selfreport.SPEC.name[0]}") + XLSX_SUFFIX


def rectification_filename(session, notice_id: str) -> str:
    """The name :func:`inspector.forms.rectification.build_form` gives the form of the notice."""
    from inspector.forms import rectification, xlsx
    from inspector.model import Department, RectificationNotice

    notice = session.get(RectificationNotice, notice_id)
    department = session.get(Department, notice.department_id) if notice is not None else None
    if notice is None or department is None:
        return rectification.SPEC.name[0] + XLSX_SUFFIX
    return xlsx.safe_filename(f"{department.name}-{notice.number}-{rectification.SPEC.name[0]}") + XLSX_SUFFIX


# ---- the problems of a refused form ------------------------------------------------------------------

P_SHEET, P_ROW, P_COLUMN, P_TEXT = range(4)


def _english() -> bool:
    return prefs.LANGUAGE.get() == "en"


class ProblemsTableModel(ListTableModel):
    """Rows: :class:`inspector.forms.FormProblem` (sheet, row, column, zh, en)."""

    def headers(self) -> list[str]:
        return [self.tr("工作表"), self.tr("行"), self.tr("列"), self.tr("问题")]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        problem: FormProblem = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == P_SHEET:
                return problem.sheet or self.tr("（整个文件）")
            if col == P_ROW:
                return str(problem.row) if problem.row else ""
            if col == P_COLUMN:
                return problem.column or ""
            return problem.en if _english() else problem.zh
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (P_ROW, P_COLUMN):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def as_text(self) -> str:
        """Every problem on its own line, as the core words it (for the clipboard)."""
        return "\n".join(p.line_en if _english() else p.line_zh for p in self._rows)


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
        hint.setStyleSheet("color: #555;")
        self.model = ProblemsTableModel(self)
        self.model.set_rows(problems)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(P_TEXT, QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.copy_button = QPushButton(self.tr("复制问题清单"))
        self.copy_button.setToolTip(self.tr("把全部问题（每行一个，注明工作表、行和列）复制到剪贴板"))
        self.copied_label = QLabel()
        self.copied_label.setStyleSheet("color: #2e7d32;")
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
        folder = FORMS_FOLDER.get() or str(Path.home())
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, title, str(Path(folder) / filename),
                                              self.tr("Excel 工作簿 (*.xlsx)"))
        if not path:
            return None
        out = with_suffix(path)
        FORMS_FOLDER.set(str(out.parent))
        return out

    def ask_open_path(self, title: str) -> Path | None:
        folder = RETURNED_FORMS_FOLDER.get() or FORMS_FOLDER.get() or str(Path.home())
        # every file is offered: an .xls or .ods is refused by the core with a message saying to save as .xlsx
        path, _ = QFileDialog.getOpenFileName(self.parent_widget, title, folder,
                                              self.tr("Excel 工作簿 (*.xlsx);;所有文件 (*)"))
        if not path:
            return None
        RETURNED_FORMS_FOLDER.set(str(Path(path).parent))
        return Path(path)

    # ---- saving a form -----------------------------------------------------------------------

    def save(self, *, title: str, suggest: Callable[[Any], str], build: Callable[[Any], Any], label: str,
             done_text: Callable[[FormFile], str]) -> None:
        """``suggest(session)`` → file name; ``build(session)`` → BuiltForm (registers it); then write it."""
        vault = self.ctx.vault
        if vault is None or self.busy:
            return
        self.busy = True

        def read_name(progress, cancel) -> str:
            with vault.session() as s:
                return suggest(s)

        self.ctx.run(self.parent_widget, read_name,
                     lambda filename: self._save_to(title, filename, build, label, done_text), self._failed)

    def _save_to(self, title: str, filename: str, build: Callable[[Any], Any], label: str,
                 done_text: Callable[[FormFile], str]) -> None:
        out = self.ask_save_path(title, filename)
        vault = self.ctx.vault
        if out is None or vault is None:
            self._end()
            return

        def write(progress, cancel) -> FormFile:
            from inspector.forms import xlsx

            def built_unless_cancelled(session):
                form = build(session)
                cancel.check()  # before the file is written: the registration is rolled back too
                return form

            return xlsx.save_form(vault, built_unless_cancelled, out)

        def written(result: FormFile) -> None:
            self._end()
            self.ctx.changed("document")
            self._message(QMessageBox.Icon.Information, title, done_text(result))
            self.written.emit(result)

        self.ctx.run(self.parent_widget, write, written, self._failed, label=label)

    # ---- importing a returned form -----------------------------------------------------------

    def import_(self, *, title: str, run: Callable[[Any, bytes, str], ImportResult], label: str,
                kinds: tuple[str, ...], done_text: Callable[[ImportResult], str]) -> None:
        """Choose a file; ``run(session, data, filename)`` imports it (the core's ``import_form``)."""
        if self.ctx.vault is None or self.busy:
            return
        path = self.ask_open_path(title)
        vault = self.ctx.vault
        if path is None or vault is None:
            self.finished.emit()
            return
        self.busy = True

        def work(progress, cancel) -> ImportResult:
            from inspector.forms import reading

            progress(0, 3, "")
            data = reading.read_file(path)
            cancel.check()
            progress(1, 3, "")
            with vault.session() as s:
                result = run(s, data, path.name)
                progress(2, 3, "")
                cancel.check()  # still inside the session: a cancel rolls the whole import back
            progress(3, 3, "")
            return result

        def imported(result: ImportResult) -> None:
            self._end()
            for kind in kinds:
                self.ctx.changed(kind)
            self._message(QMessageBox.Icon.Information, title, done_text(result))
            self.imported.emit(result)

        self.ctx.run(self.parent_widget, work, imported, lambda err: self._import_failed(err, path.name), label=label)

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

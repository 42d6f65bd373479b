"""导入被检查单位: a list of departments from an xlsx or csv file — preview every row with its problems, then import.

The core reads and checks (:mod:`inspector.services.department_import`: the forms' safe way
into an xlsx, every row checked as 添加单位 checks it, duplicates of the vault or of an
earlier row). The preview writes nothing; 导入 adds the rows without problems and skips the
others (an office fixes those in its file and imports the same file again: the rows already
added are then listed as existing). The import re-reads the file and refuses it if it changed
since the preview.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import InspectorError
from inspector.services import department_import
from inspector.services.department_import import DepartmentImport, ImportRow
from ui.context import AppContext
from ui.i18n import pick
from ui.widgets import files, palette
from ui.widgets.fields import MessageLabel
from ui.widgets.table_model import RowsTableModel
from ui.widgets.tables import configure_table

PURPOSE = "departments-import"
COL_ROW, COL_NAME, COL_CODE, COL_ADDRESS, COL_CONTACT, COL_PHONE, COL_PROBLEMS = range(7)
KEYS = {COL_NAME: "name", COL_CODE: "code", COL_ADDRESS: "address", COL_CONTACT: "contact_name",
        COL_PHONE: "contact_phone"}


class ImportRowsModel(RowsTableModel[ImportRow]):
    """The file's rows (those with problems first); a row with problems says them in the last column, the cells
    they concern in red."""

    def row_id(self, row: ImportRow) -> Any:
        return row.row

    def headers(self) -> list[str]:
        return [self.tr("行"), self.tr("单位名称"), self.tr("统一社会信用代码"), self.tr("地址"), self.tr("联系人"),
                self.tr("联系电话"), self.tr("状态")]

    def text(self, row: ImportRow, col: int) -> str:
        if col == COL_ROW:
            return str(row.row)
        if col == COL_PROBLEMS:
            return self.problems_text(row) if row.problems else self.tr("可导入")
        return row.values.get(KEYS[col], "")

    def problems_text(self, row: ImportRow) -> str:
        text = self.tr("；").join(pick(p.zh, p.en) for p in row.problems)  # the list separator of the language
        return text[:1].upper() + text[1:]

    def raw(self, row: ImportRow, col: int) -> Any:
        return row.row if col == COL_ROW else self.text(row, col)

    def foreground(self, row: ImportRow, col: int) -> QColor | None:
        if col == COL_PROBLEMS:
            return palette.qcolor(palette.WARNING if row.problems else palette.OK)
        if col in KEYS and any(p.column == KEYS[col] for p in row.problems):
            return palette.qcolor(palette.WARNING)
        return None

    def tooltip(self, row: ImportRow, col: int) -> str | None:
        return "\n".join(pick(p.zh, p.en) for p in row.problems) if row.problems else None


class DepartmentImportDialog(QDialog):
    """Choose a file (or save a template), see its rows and their problems, import the good ones."""

    imported = Signal(list)   # ids of the departments added

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path: Path | None = None
        self.result: DepartmentImport | None = None
        self.setWindowTitle(self.tr("导入被检查单位"))
        self.intro = QLabel(self.tr(
            "从 xlsx 或 csv 文件导入单位名单。第一行为列名：单位名称（必填）、统一社会信用代码、地址、联系人、联系电话"
            "（列的顺序不限，也可用英文列名）。导入前会逐行检查并列出问题；有问题的行不导入，改正后可再次导入同一文件。"))
        self.intro.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("选择文件…"))
        self.template_button = QPushButton(self.tr("保存模板…"))
        self.file_label = QLabel()
        self.file_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.model = ImportRowsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        configure_table(self.view, COL_PROBLEMS, word_wrap=True)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # problems wrap
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.message = MessageLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setText(self.tr("取消"))
        self._set_import_button(0)

        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.template_button)
        top.addWidget(self.file_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(1000, 560)

        self.choose_button.clicked.connect(self.choose_file)
        self.template_button.clicked.connect(self.save_template)
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)

    def _set_import_button(self, n: int) -> None:
        self.import_button.setText(self.tr("导入 {n} 个单位").format(n=n) if n else self.tr("导入单位"))
        self.import_button.setEnabled(n > 0)

    # ---- choosing and previewing ---------------------------------------------------------------

    def choose_file(self) -> None:
        path = files.open_file(self, PURPOSE, self.tr("选择单位名单"), self.tr("单位名单 (*.xlsx *.csv)"))
        if path is not None:
            self.load(path)

    def load(self, path: Path) -> None:
        """Read and check ``path`` (nothing is written) and show its rows."""
        self.path, self.result = Path(path), None
        self.file_label.setText(self.tr("文件：{name}").format(name=self.path.name))
        self.model.set_rows([])
        self.summary.clear()
        self.message.clear_message()
        self._set_import_button(0)
        self.ctx.read(self, lambda s: department_import.preview(s, self.path), self._previewed,
                      on_failure=self._refused, key="preview", label=self.tr("正在读取名单…"))

    def _show_rows(self, result: DepartmentImport) -> None:
        """The rows with problems first (each says its row in the file), then the others, in the file's order."""
        self.model.set_rows(sorted(result.rows, key=lambda r: (r.ok, r.row)))
        self.view.scrollToTop()

    def _previewed(self, result: DepartmentImport) -> None:
        self.result = result
        self._show_rows(result)
        good, bad = len(result.good), len(result.bad)
        if not result.rows:
            text = self.tr("文件中没有单位（表头下方没有内容）。")
        elif bad:
            text = self.tr("共 {n} 行：{good} 行可导入，{bad} 行有问题（标为红色），导入时将跳过。").format(
                n=len(result.rows), good=good, bad=bad)
        else:
            text = self.tr("共 {n} 行，均可导入。").format(n=len(result.rows))
        if result.ignored_columns:
            text += " " + self.tr("未识别的列（已忽略）：{names}").format(names=self.tr("、").join(result.ignored_columns))
        self.summary.setText(text)
        self.summary.setStyleSheet(palette.text_style(palette.CAUTION if bad else palette.SECONDARY))
        self._set_import_button(good)

    def _refused(self, err: InspectorError) -> None:
        self._set_import_button(0)
        self.message.show_error(err)

    # ---- importing ---------------------------------------------------------------------------

    def start_import(self) -> None:
        if self.result is None or not self.result.good or self.path is None:
            return
        path, sha256 = self.path, self.result.sha256
        if self.ctx.write(self, lambda s: department_import.import_departments(s, path, sha256=sha256),
                          self._imported, on_failure=self._refused, label=self.tr("正在导入单位…")) is not None:
            self.import_button.setEnabled(False)
            self.choose_button.setEnabled(False)

    def _imported(self, result: DepartmentImport) -> None:
        self.result = result
        self._show_rows(result)
        self.choose_button.setEnabled(True)
        skipped = len(result.bad)
        text = self.tr("已导入 {n} 个单位。").format(n=len(result.added))
        if skipped:
            text += self.tr("{m} 行有问题，未导入：改正后可再次导入同一文件。").format(m=skipped)
        self.summary.setText(text)
        self.summary.setStyleSheet(palette.text_style(palette.OK))
        self._set_import_button(0)
        self.close_button.setText(self.tr("关闭"))
        self.imported.emit(list(result.added))

    # ---- the template --------------------------------------------------------------------------

    def save_template(self) -> None:
        path = files.save_file(self, "departments-template", self.tr("保存单位名单模板"),
                               department_import.TEMPLATE_NAME, self.tr("Excel 工作簿 (*.xlsx)"))
        if path is None:
            return

        self.ctx.read(self, lambda _s: department_import.write_template(path), lambda p: self.message.show_note(
            self.tr("模板已保存：{path}").format(path=str(p))), on_failure=self._refused)


def open_import(ctx: AppContext, parent: QWidget) -> DepartmentImportDialog:
    """The import dialog, open (window-modal); it deletes itself when closed."""
    dialog = DepartmentImportDialog(ctx, parent)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog

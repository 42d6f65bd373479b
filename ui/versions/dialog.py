"""检查表版本 — the checklist and regulation versions of the vault, opened from the plans page header.

Two lists (model/view) and the verbs the core offers on them: 起草新版本… from the selected
version, 编辑/查看 (a draft edits, a published or retired version opens read-only),
与来源版本比较, 发布…, 废止, 删除草稿. Every rule is in :mod:`inspector.services.versions`;
a refusal is shown with :func:`ui.errors.show_error`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.errors import BadInputError, InspectorError
from inspector.model import Area
from inspector.model.enums import VersionStatus
from inspector.services import regulation_versions, version_diff, versions
from ui.context import AppContext
from ui.errors import show_error
from ui.versions.diff import DiffDialog
from ui.versions.editor import ChecklistEditor, RegulationEditor
from ui.versions.models import VersionsModel
from ui.widgets import palette
from ui.widgets.table_model import ID_ROLE
from ui.widgets.tables import configure_table

CHECKLIST, REGULATION = 0, 1


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """Yes/no question (tests replace it)."""
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def load_versions(session) -> tuple[list, list]:
    return versions.checklist_versions(session), regulation_versions.regulation_versions(session)


def load_diff(session, kind: int, version_id: str):
    """The diff of a checklist or regulation version from the one it was drafted from (None when it has none)."""
    get, diff = ((versions.get_checklist, version_diff.diff_checklists) if kind == CHECKLIST
                 else (regulation_versions.get_regulation, version_diff.diff_regulations))
    row = get(session, version_id)
    if not row.derived_from_id:
        return None
    source = get(session, row.derived_from_id)
    return diff(session, source.id, row.id), f"{source.code} v{source.version} → {row.code} v{row.version}"


class VersionsDialog(QDialog):
    """The versions lists and their actions (non-modal; reloads after each change)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.editor: QDialog | None = None
        self.diff_dialog: DiffDialog | None = None
        self.setWindowTitle(self.tr("检查表版本"))
        self.resize(1100, 560)
        self.tabs = QTabWidget()
        self.models: list[VersionsModel] = []
        self.views: list[QTableView] = []
        for title in (self.tr("检查表版本"), self.tr("法规版本")):
            model = VersionsModel(self)
            view = QTableView()
            view.setModel(model)
            configure_table(view, 3, on_activate=lambda _index: self.open_selected())
            view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
            self.models.append(model)
            self.views.append(view)
            self.tabs.addTab(view, title)
        self.tabs.currentChanged.connect(lambda _n: self._selection_changed())
        self.note = QLabel(self.tr("已发布的版本不再改动；修改请从它起草新版本，发布后用于新的检查计划。"))
        self.note.setWordWrap(True)
        self.note.setStyleSheet(palette.text_style(palette.SECONDARY))

        self.draft_button = QPushButton(self.tr("起草新版本…"))
        self.open_button = QPushButton(self.tr("编辑…"))
        self.diff_button = QPushButton(self.tr("与来源版本比较"))
        self.publish_button = QPushButton(self.tr("发布…"))
        self.retire_button = QPushButton(self.tr("废止"))
        self.delete_button = QPushButton(self.tr("删除草稿"))
        self.close_button = QPushButton(self.tr("关闭"))
        buttons = QHBoxLayout()
        for b in (self.draft_button, self.open_button, self.diff_button, self.publish_button, self.retire_button,
                  self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)

        self.draft_button.clicked.connect(self.draft)
        self.open_button.clicked.connect(self.open_selected)
        self.diff_button.clicked.connect(self.compare)
        self.publish_button.clicked.connect(self.publish)
        self.retire_button.clicked.connect(self.retire)
        self.delete_button.clicked.connect(self.delete)
        self.close_button.clicked.connect(self.accept)
        ctx.written.connect(self._written)
        self._select: str | None = None
        self._selection_changed()

    # ---- reading -------------------------------------------------------------------------------

    def reload(self) -> None:
        self.ctx.read(self, load_versions, self.show_rows, key="rows")

    def _written(self, changes, _initiator) -> None:
        if changes.touches({Area.CHECKLISTS, Area.PLANS}) and self.isVisible():
            self.reload()

    def show_rows(self, rows: tuple[list, list]) -> None:
        selected = self._select or self.selected_id()
        self._select = None
        for model, view, part in zip(self.models, self.views, rows):
            model.set_rows(part)
            n = model.row_of(selected) if selected else -1
            if n < 0 and model.rowCount():
                n = 0  # the first version, so its actions are offered at once
            if n >= 0:
                view.selectRow(n)
        self._selection_changed()

    def kind(self) -> int:
        return self.tabs.currentIndex()

    def selected_id(self) -> str | None:
        rows = self.views[self.kind()].selectionModel().selectedRows()
        return rows[0].data(ID_ROLE) if rows else None

    def selected_row(self) -> Any:
        row_id = self.selected_id()
        model = self.models[self.kind()]
        n = model.row_of(row_id) if row_id else -1
        return model.row(n) if n >= 0 else None

    def select(self, kind: int, row_id: str) -> None:
        self.tabs.setCurrentIndex(kind)
        n = self.models[kind].row_of(row_id)
        if n >= 0:
            self.views[kind].selectRow(n)

    def _selection_changed(self) -> None:
        row = self.selected_row()
        status = VersionStatus(row.status) if row is not None else None
        self.draft_button.setEnabled(row is not None)
        self.open_button.setEnabled(row is not None)
        self.open_button.setText(self.tr("编辑…") if status is VersionStatus.DRAFT else self.tr("查看…"))
        self.diff_button.setEnabled(row is not None and bool(row.derived_from))
        self.publish_button.setEnabled(status is VersionStatus.DRAFT)
        self.retire_button.setEnabled(status is VersionStatus.PUBLISHED)
        self.delete_button.setEnabled(status is VersionStatus.DRAFT)

    # ---- actions -------------------------------------------------------------------------------

    def _write(self, fn, on_done=None) -> None:
        kind = self.kind()

        def done(result: Any) -> None:
            if isinstance(result, str):
                self._select = result
                self.tabs.setCurrentIndex(kind)
            self.reload()
            if on_done is not None:
                on_done(result)

        self.ctx.write(self, fn, done, on_failure=self._refused)

    def _refused(self, err: InspectorError) -> None:
        show_error(self, err)
        self.reload()

    def draft(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        source = row.id
        if self.kind() == CHECKLIST:
            self._write(lambda s: versions.draft_checklist(s, source).id, self._open_new)
        else:
            self._write(lambda s: regulation_versions.draft_regulation(s, source).id, self._open_new)

    def _open_new(self, new_id: str) -> None:
        self.open_version(self.kind(), new_id)

    def open_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.open_version(self.kind(), row.id)

    def open_version(self, kind: int, version_id: str) -> QDialog:
        if self.editor is not None:
            self.editor.close()
            self.editor.deleteLater()
        editor_class = ChecklistEditor if kind == CHECKLIST else RegulationEditor
        self.editor = editor_class(self.ctx, version_id, self)
        self.editor.changed.connect(self.reload)
        self.editor.show()
        return self.editor

    def compare(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        kind, version_id = self.kind(), row.id
        self.ctx.read(self, lambda s: load_diff(s, kind, version_id), self.show_diff, key="diff")

    def show_diff(self, result) -> None:
        if result is None:
            return
        diff, heading = result
        if self.diff_dialog is not None:
            self.diff_dialog.close()
            self.diff_dialog.deleteLater()
        self.diff_dialog = DiffDialog(diff, heading, self)
        self.diff_dialog.show()

    def publish(self) -> None:
        """A checklist draft: its publication problems first (listed, one a line, when there are any)."""
        row = self.selected_row()
        if row is None:
            return
        if self.kind() == CHECKLIST:
            version_id = row.id
            self.ctx.read(self, lambda s: versions.publication_problems(s, version_id),
                          lambda problems: self._publish_checked(row, problems), key="problems")
        else:
            self._publish_checked(row, [])

    def _publish_checked(self, row: Any, problems: list[tuple[str, str]]) -> None:
        if problems:
            show_error(self, BadInputError(
                self.tr("不能发布，请先解决以下问题：") + "\n" + "\n".join(f"- {zh}" for zh, _ in problems),
                "Cannot publish; first solve: " + "; ".join(en for _, en in problems)))
            return
        text = self.tr("发布“{name}”{label}（{code} v{version}）？\n\n已发布的版本永远不再改动；"
                       "以后的修改须起草新版本。").format(name=row.name, label=row.label, code=row.code,
                                                    version=row.version)
        if not confirm(self, self.tr("发布版本"), text):
            return
        version_id = row.id
        if self.kind() == CHECKLIST:
            self._write(lambda s: versions.publish_checklist(s, version_id).id)
        else:
            self._write(lambda s: regulation_versions.publish_regulation(s, version_id).id)

    def retire(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        text = self.tr("废止“{name}”{label}？新的检查计划将不能再选用它；已使用它的计划和检查不受影响。").format(
            name=row.name, label=row.label)
        if not confirm(self, self.tr("废止版本"), text):
            return
        version_id = row.id
        if self.kind() == CHECKLIST:
            self._write(lambda s: versions.retire_checklist(s, version_id).id)
        else:
            self._write(lambda s: regulation_versions.retire_regulation(s, version_id).id)

    def delete(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        if not confirm(self, self.tr("删除草稿"), self.tr("删除草稿“{name}”{label}？此操作不能撤销。").format(
                name=row.name, label=row.label)):
            return
        version_id = row.id
        if self.kind() == CHECKLIST:
            self._write(lambda s: versions.delete_checklist_draft(s, version_id))
        else:
            self._write(lambda s: regulation_versions.delete_regulation_draft(s, version_id))


def open_versions(ctx: AppContext, parent: QWidget | None = None) -> VersionsDialog:
    dialog = VersionsDialog(ctx, parent)
    dialog.show()
    dialog.reload()
    return dialog

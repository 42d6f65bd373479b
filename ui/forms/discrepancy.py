"""自查差异: where a department's self-report and the inspectors' verdicts disagree, and what it left unanswered.

Rows come from :func:`inspector.services.discrepancy.discrepancy_view` (each
department's current self-report, the newest inspection verdict of each item,
each department's newest inspection), read through ``ctx.read``. :class:`DiscrepancyModel` shows them (单位 | 检查项 |
自查结论 | 检查结论 | 类别), a proxy filters by department, and a double-click
opens the department's inspection in the runner (``ctx.navigate("inspections", id)``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.model import Area
from ui.context import AppContext
from ui.widgets import palette
from ui.widgets.labels import verdict_labels
from ui.widgets.table_model import ROW_ROLE, RowsTableModel
from ui.widgets.tables import configure_table

if TYPE_CHECKING:
    from inspector.changes import Changes
    from inspector.model import Verdict
    from inspector.services.discrepancy import Discrepancy, DiscrepancyView

D_DEPARTMENT, D_ITEM, D_DECLARED, D_FOUND, D_KIND = range(5)
INSPECTION_ROLE = Qt.ItemDataRole.UserRole + 10  # the inspection a double-click opens, or None
DEPARTMENT_ROLE = Qt.ItemDataRole.UserRole + 11  # the department id

CONTRADICTED, UNANSWERED = "contradicted", "unanswered"  # inspector.services.discrepancy's kinds
KIND_COLORS = {CONTRADICTED: palette.WARNING, UNANSWERED: palette.CAUTION}
WATCHED = frozenset({Area.SELF_REPORTS, Area.INSPECTIONS, Area.FINDINGS, Area.PLANS, Area.DEPARTMENTS})
"""What the view shows: a write touching one of these reloads an open view."""


def _load(plan_id: str | None):
    def load(s) -> DiscrepancyView:
        from inspector.services.discrepancy import discrepancy_view

        return discrepancy_view(s, plan_id)

    return load


class DiscrepancyModel(RowsTableModel):
    """Rows: :class:`inspector.services.discrepancy.Discrepancy`."""

    id_field = "item_id"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._verdicts = verdict_labels()
        self._inspections: dict[tuple[str, str], str] = {}

    def headers(self) -> list[str]:
        return [self.tr("单位"), self.tr("检查项"), self.tr("自查结论"), self.tr("检查结论"), self.tr("类别")]

    def set_data(self, view: DiscrepancyView) -> None:
        self._inspections = dict(view.inspections)
        self.set_rows(view.rows)

    def kind_label(self, kind: str) -> str:
        return {CONTRADICTED: self.tr("自查为符合但检查不符合/部分符合"), UNANSWERED: self.tr("自查未回答")}[kind]

    def inspection_of(self, row: Discrepancy) -> str | None:
        return row.inspection_id or self._inspections.get((row.plan_id, row.department_id))

    def count(self, kind: str, department_id: str | None = None) -> int:
        return sum(1 for r in self._rows if r.kind == kind and department_id in (None, r.department_id))

    def departments(self) -> list[tuple[str, str]]:
        """(id, name) of the departments listed, in the order shown."""
        return list(dict.fromkeys((r.department_id, r.department) for r in self._rows))

    def text(self, row: Discrepancy, col: int) -> str:
        if col == D_DEPARTMENT:
            return row.department
        if col == D_ITEM:
            return f"{row.item_code}  {row.item_title}"
        if col == D_DECLARED:
            return self._verdicts[row.declared] if row.declared else self.tr("（未回答）")
        if col == D_FOUND:
            return self._verdicts[row.found] if row.found else self.tr("（尚未检查）")
        return self.kind_label(row.kind)

    def foreground(self, row: Discrepancy, col: int) -> QColor | None:
        if col == D_KIND:
            return palette.qcolor(KIND_COLORS[row.kind])
        if col in (D_FOUND, D_DECLARED):
            verdict: Verdict | None = row.found if col == D_FOUND else row.declared
            return palette.qcolor(palette.VERDICT[verdict] if verdict else palette.MUTED)
        return None

    def tooltip(self, row: Discrepancy, col: int) -> str | None:
        lines = [self.tr("检查计划：{plan}").format(plan=row.plan),
                 self.tr("检查项：{code} {title}").format(code=row.item_code, title=row.item_title)]
        if self.inspection_of(row):
            lines.append(self.tr("双击打开该单位的现场检查"))
        else:
            lines.append(self.tr("该单位在本计划下还没有现场检查"))
        return "\n".join(lines)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if index.isValid() and 0 <= index.row() < len(self._rows):
            if role == INSPECTION_ROLE:
                return self.inspection_of(self._rows[index.row()])
            if role == DEPARTMENT_ROLE:
                return self._rows[index.row()].department_id
        return super().data(index, role)


class DepartmentFilter(QSortFilterProxyModel):
    """Rows of one department (None: all)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.department_id: str | None = None

    def set_department(self, department_id: str | None) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 deprecates invalidateFilter()
            self.beginFilterChange()
            self.department_id = department_id
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.department_id = department_id
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if self.department_id is None:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        return index.data(DEPARTMENT_ROLE) == self.department_id


class DiscrepancyDialog(QDialog):
    """The view for one plan (or every plan with ``plan_id`` None); non-modal, reloads when the vault changes."""

    loaded = Signal()
    navigated = Signal(str)  # the inspection opened

    def __init__(self, ctx: AppContext, plan_id: str | None, plan_title: str = "", parent: QWidget | None = None, *,
                 department_id: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.plan_id = plan_id
        self._want_department = department_id
        self.setWindowTitle(self.tr("自查差异 — {plan}").format(plan=plan_title) if plan_title
                            else self.tr("自查差异"))
        self.resize(980, 560)

        intro = QLabel(self.tr("单位自查为“符合”、现场检查却为“不符合”或“部分符合”的检查项，以及单位自查时未回答的检查项。"
                               "依据各单位最新导入的自查表和最近一次现场检查的结论。双击一行打开该单位的现场检查。"))
        intro.setWordWrap(True)
        intro.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.department_combo = QComboBox()
        self.department_combo.setMinimumContentsLength(14)
        self.department_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.count_label = QLabel()
        self.refresh_button = QPushButton(self.tr("刷新"))
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("单位：")))
        top.addWidget(self.department_combo)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.refresh_button)

        self.model = DiscrepancyModel(self)
        self.proxy = DepartmentFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        # double-click or Enter opens the inspection, as every list of the app
        configure_table(self.view, D_ITEM, on_activate=self.open_row, alternating=True)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(palette.text_style(palette.MUTED))
        self.empty_label.hide()
        self.hint_label = QLabel()
        self.hint_label.setStyleSheet(palette.text_style(palette.MUTED))
        self.open_button = QPushButton(self.tr("打开现场检查"))
        self.open_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("关闭"))
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint_label, 1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(bottom)

        self.department_combo.currentIndexChanged.connect(self._filter_changed)
        self.refresh_button.clicked.connect(self.reload)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.open_button.clicked.connect(self.open_selected)
        self.close_button.clicked.connect(self.close)
        ctx.written.connect(self._written)
        self._fill_departments()

    # ---- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the view again; a newer reload supersedes one still running."""
        if self.ctx.read(self, _load(self.plan_id), self._show, on_failure=self._load_failed, key="rows") is not None:
            self.refresh_button.setEnabled(False)

    def _load_failed(self, err) -> None:
        from ui.widgets.fields import inline_text

        self.refresh_button.setEnabled(True)
        self.hint_label.setText(inline_text(err))

    def _show(self, view: DiscrepancyView) -> None:
        self.refresh_button.setEnabled(True)
        if self.department_combo.count():
            self._want_department = self.department_id()
        self.model.set_data(view)
        self._fill_departments()
        self._filter_changed()
        self.loaded.emit()

    def _written(self, changes: Changes, initiator: QWidget | None) -> None:
        if changes.touches(WATCHED) and self.isVisible():
            self.reload()

    def _fill_departments(self) -> None:
        self.department_combo.blockSignals(True)
        self.department_combo.clear()
        self.department_combo.addItem(self.tr("全部单位"), None)
        for dept_id, name in self.model.departments():
            self.department_combo.addItem(name, dept_id)
        index = self.department_combo.findData(self._want_department) if self._want_department else 0
        self.department_combo.setCurrentIndex(max(index, 0))
        self.department_combo.blockSignals(False)

    # ---- filtering ---------------------------------------------------------------------------

    def department_id(self) -> str | None:
        return self.department_combo.currentData()

    def select_department(self, department_id: str | None) -> bool:
        index = self.department_combo.findData(department_id) if department_id else 0
        if index >= 0:
            self.department_combo.setCurrentIndex(index)
        return index >= 0

    def _filter_changed(self, *_args: object) -> None:
        dept = self.department_id()
        self._want_department = dept
        self.proxy.set_department(dept)
        contradicted, unanswered = self.model.count(CONTRADICTED, dept), self.model.count(UNANSWERED, dept)
        self.count_label.setText(self.tr("共 {n} 项：自查为符合但检查不符合/部分符合 {c} 项，自查未回答 {u} 项").format(
            n=contradicted + unanswered, c=contradicted, u=unanswered))
        empty = self.proxy.rowCount() == 0
        self.empty_label.setVisible(empty)
        self.empty_label.setText(self.tr("没有差异：尚未导入自查表，或各单位的自查结论与现场检查结论一致、且全部作答。"))
        self._selection_changed()

    # ---- opening an inspection ---------------------------------------------------------------

    def selected_row(self) -> Discrepancy | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def _selection_changed(self, *_args: object) -> None:
        rows = self.view.selectionModel().selectedRows()
        inspection_id = rows[0].data(INSPECTION_ROLE) if rows else None
        self.open_button.setEnabled(inspection_id is not None)
        if not rows:
            self.hint_label.setText(self.tr("选择一行，双击打开该单位的现场检查。"))
        elif inspection_id is None:
            self.hint_label.setText(self.tr("“{department}”在本计划下还没有现场检查。").format(
                department=rows[0].data(ROW_ROLE).department))
        else:
            self.hint_label.setText("")

    def open_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            self.open_row(rows[0])

    def open_row(self, index: QModelIndex) -> None:
        """Open the department's inspection (the one that gave the verdict, else its newest) in the runner."""
        inspection_id = index.data(INSPECTION_ROLE)
        if not inspection_id:
            self._selection_changed()
            return
        self.ctx.navigate("inspections", inspection_id)
        self.navigated.emit(inspection_id)
        self.close()  # the runner is in front now; the view would cover it

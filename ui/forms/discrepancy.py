"""自查差异: where a department's self-report and the inspectors' verdicts disagree, and what it left unanswered.

Rows come from :func:`inspector.services.discrepancy.discrepancies` (each
department's current self-report, the newest inspection verdict of each item),
read on the worker. :class:`DiscrepancyModel` shows them (单位 | 检查项 |
自查结论 | 检查结论 | 类别), a proxy filters by department, and a double-click
opens the department's inspection in the runner (``ctx.navigate("inspections", id)``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.inspections.checklist_model import VERDICT_COLORS, verdict_labels
from ui.widgets.table_model import ListTableModel

if TYPE_CHECKING:
    from inspector.services.discrepancy import Discrepancy

D_DEPARTMENT, D_ITEM, D_DECLARED, D_FOUND, D_KIND = range(5)
ROW_ROLE = Qt.ItemDataRole.UserRole + 1         # the Discrepancy
INSPECTION_ROLE = Qt.ItemDataRole.UserRole + 2  # the inspection a double-click opens, or None
DEPARTMENT_ROLE = Qt.ItemDataRole.UserRole + 3  # the department id

CONTRADICTED, UNANSWERED = "contradicted", "unanswered"  # inspector.services.discrepancy's kinds
KIND_COLORS = {CONTRADICTED: QColor("#c62828"), UNANSWERED: QColor("#b26a00")}
MUTED = QColor("#757575")
WATCHED = {"self_report", "inspection", "finding", "plan", "department"}


@dataclass(frozen=True)
class DiscrepancyData:
    rows: list[Discrepancy] = field(default_factory=list)
    inspections: dict[tuple[str, str], str] = field(default_factory=dict)
    """(plan id, department id) → the newest inspection, for rows whose item was not inspected yet."""


def load_discrepancies(session, plan_id: str | None) -> DiscrepancyData:
    """The rows of the view and each department's newest inspection (worker thread)."""
    from sqlmodel import select

    from inspector.model import Inspection
    from inspector.services.discrepancy import discrepancies

    rows = discrepancies(session, plan_id=plan_id)
    newest: dict[tuple[str, str], str] = {}
    query = select(Inspection)
    if plan_id:
        query = query.where(Inspection.plan_id == plan_id)
    for insp in sorted(session.exec(query).all(),
                       key=lambda i: (i.started_at is not None, i.started_at, i.created_at)):
        if insp.plan_id:
            newest[(insp.plan_id, insp.department_id)] = insp.id  # the newest comes last
    return DiscrepancyData(rows, newest)


class DiscrepancyModel(ListTableModel):
    """Rows: :class:`inspector.services.discrepancy.Discrepancy`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._verdicts = verdict_labels()
        self._inspections: dict[tuple[str, str], str] = {}

    def headers(self) -> list[str]:
        return [self.tr("单位"), self.tr("检查项"), self.tr("自查结论"), self.tr("检查结论"), self.tr("类别")]

    def set_data(self, data: DiscrepancyData) -> None:
        self._inspections = dict(data.inspections)
        self.set_rows(data.rows)

    def kind_label(self, kind: str) -> str:
        return {CONTRADICTED: self.tr("自查为符合但检查不符合/部分符合"), UNANSWERED: self.tr("自查未回答")}[kind]

    def inspection_of(self, row: Discrepancy) -> str | None:
        return row.inspection_id or self._inspections.get((row.plan_id, row.department_id))

    def count(self, kind: str, department_id: str | None = None) -> int:
        return sum(1 for r in self._rows if r.kind == kind and department_id in (None, r.department_id))

    def departments(self) -> list[tuple[str, str]]:
        """(id, name) of the departments listed, in the order shown."""
        return list(dict.fromkeys((r.department_id, r.department) for r in self._rows))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row: Discrepancy = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == D_DEPARTMENT:
                return row.department
            if col == D_ITEM:
                return f"{row.item_code}  {row.item_title}"
            if col == D_DECLARED:
                return self._verdicts[row.declared] if row.declared else self.tr("（未回答）")
            if col == D_FOUND:
                return self._verdicts[row.found] if row.found else self.tr("（尚未检查）")
            return self.kind_label(row.kind)
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == D_KIND:
                return QBrush(KIND_COLORS[row.kind])
            if col == D_FOUND:
                return QBrush(QColor(VERDICT_COLORS[row.found]) if row.found else MUTED)
            if col == D_DECLARED:
                return QBrush(QColor(VERDICT_COLORS[row.declared]) if row.declared else MUTED)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [self.tr("检查计划：{plan}").format(plan=row.plan),
                     self.tr("检查项：{code} {title}").format(code=row.item_code, title=row.item_title)]
            if self.inspection_of(row):
                lines.append(self.tr("双击打开该单位的现场检查"))
            else:
                lines.append(self.tr("该单位在本计划下还没有现场检查"))
            return "\n".join(lines)
        if role == ROW_ROLE:
            return row
        if role == INSPECTION_ROLE:
            return self.inspection_of(row)
        if role == DEPARTMENT_ROLE:
            return row.department_id
        return None


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
        self._loading = False
        self.setWindowTitle(self.tr("自查差异 — {plan}").format(plan=plan_title) if plan_title
                            else self.tr("自查差异"))
        self.resize(980, 560)

        intro = QLabel(self.tr("单位自查为“符合”、现场检查却为“不符合”或“部分符合”的检查项，以及单位自查时未回答的检查项。"
                               "依据各单位最新导入的自查表和最近一次现场检查的结论。双击一行打开该单位的现场检查。"))
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555;")
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
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(D_ITEM, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #757575;")
        self.empty_label.hide()
        self.hint_label = QLabel()
        self.hint_label.setStyleSheet("color: #757575;")
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
        self.view.activated.connect(self.open_row)  # double-click or Enter, as every list of the app
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.open_button.clicked.connect(self.open_selected)
        self.close_button.clicked.connect(self.close)
        ctx.data_changed.connect(self._data_changed)
        self._fill_departments()

    # ---- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        vault, plan_id = self.ctx.vault, self.plan_id
        if vault is None or self._loading:
            return
        self._loading = True
        self.refresh_button.setEnabled(False)

        def load(progress, cancel) -> DiscrepancyData:
            with vault.session() as s:
                return load_discrepancies(s, plan_id)

        self.ctx.run(self, load, self._show, self._load_failed)

    def _load_failed(self, err) -> None:
        from ui.widgets.fields import inline_text

        self._loading = False
        self.refresh_button.setEnabled(True)
        self.hint_label.setText(inline_text(err))

    def _show(self, data: DiscrepancyData) -> None:
        self._loading = False
        self.refresh_button.setEnabled(True)
        if self.department_combo.count():
            self._want_department = self.department_id()
        self.model.set_data(data)
        self._fill_departments()
        self._filter_changed()
        self.loaded.emit()

    def _data_changed(self, kind: str) -> None:
        if kind in WATCHED and self.isVisible():
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

"""概览 — the overview: findings by status and severity, overdue rectifications, visits under way, active plans,
and the art. 33 escalations not yet reported or referred (待上报/移送).

One background read (:func:`inspector.services.dashboard.dashboard_data`)
fills the whole page. The lists are short (the core returns the top 20 of
each, with totals), but they are still models: clicking a row opens the
finding (overdue, or with an escalation to do), the inspection or the plan
through :meth:`AppContext.navigate`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.model import Area, FindingStatus, Severity
from inspector.services.dashboard import (
    DashboardData,
    OverdueFinding,
    PlanProgress,
    RunningInspection,
    dashboard_data,
)
from inspector.services.escalations import EscalationRow
from inspector.timezones import china_today
from ui.context import AppContext
from ui.dashboard.first_steps import FirstStepsBox
from ui.i18n import pick
from ui.widgets import palette
from ui.widgets.labels import (
    date_text,
    datetime_text,
    days_left_text,
    severity_label,
    status_label,
)
from ui.widgets.page import Page
from ui.widgets.table_model import ID_ROLE, RowsTableModel
from ui.widgets.tables import configure_table

if TYPE_CHECKING:
    from PySide6.QtGui import QColor

PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 10  # (done, total) for the progress bar delegate
PROGRESS_WIDTH = 130

O_DEPARTMENT, O_TITLE, O_DEADLINE, O_DAYS = range(4)


class OverdueModel(RowsTableModel[OverdueFinding]):
    """逾期未整改: department, finding, deadline, days overdue (longest first, as the core orders them)."""

    id_field = "finding_id"

    def headers(self) -> list[str]:
        return [self.tr("被检查单位"), self.tr("问题"), self.tr("整改期限"), self.tr("逾期")]

    def text(self, row: OverdueFinding, col: int) -> str:
        return [row.department, row.title, date_text(row.deadline), days_left_text(-row.days_overdue)][col]

    def raw(self, row: OverdueFinding, col: int) -> Any:
        return [row.department, row.title, row.deadline, row.days_overdue][col]

    def foreground(self, row: OverdueFinding, col: int) -> QColor | None:
        return palette.qcolor(palette.WARNING) if col == O_DAYS else None

    def tooltip(self, row: OverdueFinding, col: int) -> str | None:
        return self.tr("{status}，{severity}。单击打开此问题").format(status=status_label(row.status),
                                                                 severity=severity_label(row.severity))


R_DEPARTMENT, R_STARTED, R_PROGRESS = range(3)


class RunningModel(RowsTableModel[RunningInspection]):
    """进行中的现场检查: department, started, answered / total items."""

    id_field = "inspection_id"

    def headers(self) -> list[str]:
        return [self.tr("被检查单位"), self.tr("开始时间"), self.tr("已检查项")]

    def text(self, row: RunningInspection, col: int) -> str:
        return [row.department, datetime_text(row.started_at),
                f"{row.answered} / {row.total}"][col]

    def raw(self, row: RunningInspection, col: int) -> Any:
        return [row.department, row.started_at, row.answered][col]

    def tooltip(self, row: RunningInspection, col: int) -> str | None:
        return self.tr("单击继续此现场检查")

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == PROGRESS_ROLE and index.isValid() and index.column() == R_PROGRESS:
            row = self.row(index.row())
            return (row.answered, row.total)
        return super().data(index, role)


P_TITLE, P_PERIOD, P_PROGRESS = range(3)


class PlansModel(RowsTableModel[PlanProgress]):
    """Active plans: title, period, targets inspected / total."""

    id_field = "plan_id"

    def headers(self) -> list[str]:
        return [self.tr("检查计划"), self.tr("时间"), self.tr("已检查单位")]

    def text(self, row: PlanProgress, col: int) -> str:
        return [row.title, self.tr("{start} 至 {end}").format(start=date_text(row.start_on), end=date_text(row.end_on)),
                f"{row.inspected} / {row.targets}"][col]

    def raw(self, row: PlanProgress, col: int) -> Any:
        return [row.title, row.start_on, row.inspected][col]

    def tooltip(self, row: PlanProgress, col: int) -> str | None:
        return self.tr("共 {total} 个单位：已检查 {done} 个，正在检查 {going} 个").format(
            total=row.targets, done=row.inspected, going=row.in_progress)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == PROGRESS_ROLE and index.isValid() and index.column() == P_PROGRESS:
            row = self.row(index.row())
            return (row.inspected, row.targets)
        return super().data(index, role)


E_DEPARTMENT, E_TITLE, E_KIND, E_STATE = range(4)


class EscalationsModel(RowsTableModel[EscalationRow]):
    """待上报/移送 (art. 33): department, finding, what (失泄密隐患 / 违法行为), state (待报告 / 待移送)."""

    id_field = "finding_id"  # a row opens its finding (one finding may have both escalations)

    def headers(self) -> list[str]:
        return [self.tr("被检查单位"), self.tr("问题"), self.tr("事项"), self.tr("状态")]

    def text(self, row: EscalationRow, col: int) -> str:
        return [row.department, row.finding_title, pick(row.kind.zh, row.kind.en),
                pick(row.state_zh, row.state_en)][col]

    def foreground(self, row: EscalationRow, col: int) -> QColor | None:
        return palette.qcolor(palette.WARNING) if col == E_STATE else None

    def tooltip(self, row: EscalationRow, col: int) -> str | None:
        if row.immediate:
            text = self.tr("违法行为：须立即停止，并移送{authority}。单击打开此问题")
        else:
            text = self.tr("失泄密隐患：须报告{authority}。单击打开此问题")
        return text.format(authority=pick(row.kind.authority_zh, row.kind.authority_en))


class ProgressDelegate(QStyledItemDelegate):
    """Draws a cell's ``PROGRESS_ROLE`` (done, total) as a progress bar with the cell's text on it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        value = index.data(PROGRESS_ROLE)
        if not value:
            return super().paint(painter, option, index)
        done, total = value
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(4, 4, -4, -4)
        bar.minimum, bar.maximum = 0, max(total, 1)
        bar.progress = min(done, max(total, 1))
        bar.text = index.data(Qt.ItemDataRole.DisplayRole)
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)


class ListBox(QGroupBox):
    """A titled list, or a quiet sentence when it is empty."""

    def __init__(self, model: RowsTableModel, stretch: int, empty_text: str, on_click: Callable[[str], None],
                 progress_col: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.view = QTableView()
        self.view.setModel(model)
        configure_table(self.view, stretch)
        self.view.setMouseTracking(True)
        if progress_col is not None:
            self.view.setItemDelegateForColumn(progress_col, ProgressDelegate(self.view))
            header = self.view.horizontalHeader()
            header.setSectionResizeMode(progress_col, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(progress_col, PROGRESS_WIDTH)
        self.empty_label = QLabel(empty_text)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet(palette.text_style(palette.MUTED))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self._on_click = on_click
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._activated)

    def set_rows(self, rows: list, title: str) -> None:
        self.model.set_rows(rows)
        self.setTitle(title)
        self.stack.setCurrentWidget(self.view if rows else self.empty_label)

    def _clicked(self, index: QModelIndex) -> None:
        self._on_click(index.data(ID_ROLE))

    def _activated(self, index: QModelIndex) -> None:
        if QApplication.mouseButtons() == Qt.MouseButton.NoButton:  # the keyboard (Enter); a click is handled above
            self._clicked(index)


def lapsed_regulation(session, today: date) -> dict[str, Any] | None:
    """The regulation in use when it has passed its end date (on the worker, in the dashboard's read)."""
    from inspector.services import regulation_versions

    reg = regulation_versions.lapsed_regulation(session, today)
    if reg is None:
        return None
    return dict(title=reg.title, doc_number=reg.doc_number, end=reg.effective_to.isoformat())


class DashboardPage(Page):
    key = "dashboard"
    areas = frozenset({Area.FINDINGS, Area.NOTICES, Area.INSPECTIONS, Area.PLANS, Area.DEPARTMENTS, Area.REPORTS})
    loaded = Signal(object)  # the DashboardData shown

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today: Callable[[], date] = china_today
        self.data: DashboardData | None = None

        self.lapsed_label = QLabel()  # the regulation in use has passed its end date (a calm notice)
        self.lapsed_label.setWordWrap(True)
        self.lapsed_label.setStyleSheet(
            f"QLabel {{ background: {palette.AMBER_BACKGROUND}; color: {palette.AMBER_DARK}; "
            f"border: 1px solid {palette.AMBER_BORDER}; padding: 6px; }}")
        self.lapsed_label.hide()
        self.as_of_label = QLabel()
        self.as_of_label.setStyleSheet(palette.text_style(palette.SECONDARY))
        status_box = QGroupBox(self.tr("问题（按状态）"))
        grid = QGridLayout(status_box)
        self.status_counts = {s: self._count(grid, n, status_label(s)) for n, s in enumerate(FindingStatus)}
        severity_box = QGroupBox(self.tr("问题（按严重程度）"))
        grid = QGridLayout(severity_box)
        self.severity_counts = {s: self._count(grid, n, severity_label(s)) for n, s in enumerate(Severity)}
        counts = QHBoxLayout()
        counts.addWidget(status_box, 7)
        counts.addWidget(severity_box, 3)

        self.overdue_box = ListBox(OverdueModel(self), O_TITLE, self.tr("没有逾期未整改的问题。"),
                                   lambda fid: self.ctx.navigate("findings", fid))
        self.running_box = ListBox(RunningModel(self), R_DEPARTMENT, self.tr("目前没有进行中的现场检查。"),
                                   lambda iid: self.ctx.navigate("inspections", iid), progress_col=R_PROGRESS)
        self.plans_box = ListBox(PlansModel(self), P_TITLE, self.tr("没有进行中的检查计划。"),
                                 lambda pid: self.ctx.navigate("plans", pid), progress_col=P_PROGRESS)
        self.escalations_box = ListBox(EscalationsModel(self), E_TITLE, self.tr("没有待上报或移送的事项"),
                                       lambda fid: self.ctx.navigate("findings", fid))
        lists = QHBoxLayout()
        lists.addWidget(self.overdue_box, 1)
        lists.addWidget(self.running_box, 1)
        below = QHBoxLayout()
        below.addWidget(self.escalations_box, 1)
        below.addWidget(self.plans_box, 1)

        self.calendar_button = QPushButton(self.tr("检查日历…"))  # inspections and deadlines by month
        self.calendar_button.clicked.connect(self.open_calendar)
        self.first_steps = FirstStepsBox()
        self.first_steps.go.connect(lambda key, arg: self.ctx.navigate(key, arg))

        layout = QVBoxLayout(self)
        layout.addWidget(self.first_steps)
        layout.addWidget(self.lapsed_label)
        layout.addWidget(self.as_of_label)
        layout.addLayout(counts)
        layout.addLayout(lists, 3)
        layout.addLayout(below, 2)
        self.clear()

    @staticmethod
    def _count(grid: QGridLayout, col: int, caption: str) -> QLabel:
        value = QLabel("—")
        value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = value.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        value.setFont(font)
        label = QLabel(caption)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(value, 0, col)
        grid.addWidget(label, 1, col)
        return value

    # ---- Page ------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("概览")

    def header_actions(self) -> list[QWidget]:
        return [self.calendar_button]

    def open_calendar(self):
        """检查日历 (ui.dashboard.calendar)."""
        from ui.dashboard.calendar import open_calendar

        return open_calendar(self.ctx, self) if self.ctx.vault is not None else None

    def activate(self, argument: object = None) -> None:
        """Always re-read: the figures are cheap and depend on today's date."""
        self.reload()

    def clear(self) -> None:
        self.data = None
        for label in (*self.status_counts.values(), *self.severity_counts.values()):
            label.setText("—")
        self.as_of_label.clear()
        self.lapsed_label.clear()
        self.lapsed_label.hide()
        self.first_steps.set_steps([])
        self.overdue_box.set_rows([], self.tr("逾期未整改"))
        self.running_box.set_rows([], self.tr("进行中的现场检查"))
        self.plans_box.set_rows([], self.tr("进行中的检查计划"))
        self.escalations_box.set_rows([], self.tr("待上报/移送（第三十三条）"))
        self.escalations_box.setStyleSheet("")
        self.stale = True

    # ---- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        today = self.today()
        self.ctx.read(self, lambda s: (dashboard_data(s, today), lapsed_regulation(s, today)), self._show_all,
                      key="data")  # latest only

    def _show_all(self, result: tuple[DashboardData, dict[str, Any] | None]) -> None:
        data, lapsed = result
        self.show_lapsed(lapsed)
        self.show_data(data)

    def show_lapsed(self, lapsed: dict[str, Any] | None) -> None:
        """The notice that the regulation in use has passed its end date, or nothing."""
        if lapsed is None:
            self.lapsed_label.clear()
            self.lapsed_label.hide()
            return
        text = self.tr("《{title}》（{doc_number}）有效期至 {end}，已过期。请在“检查表版本”中确认现行依据。")
        self.lapsed_label.setText(text.format(**lapsed))
        self.lapsed_label.show()

    def show_data(self, data: DashboardData) -> None:
        self.data = data
        self.stale = False
        self.as_of_label.setText(self.tr("截至 {today}，共 {n} 个问题").format(today=date_text(data.today),
                                                                        n=data.findings_total))
        self.first_steps.set_steps(data.setup)
        for status, label in self.status_counts.items():
            label.setText(str(data.by_status[status]))
        for severity, label in self.severity_counts.items():
            label.setText(str(data.by_severity[severity]))
        self.overdue_box.set_rows(data.overdue, self._title(self.tr("逾期未整改（{n}）"), data.overdue_total,
                                                            len(data.overdue)))
        self.running_box.set_rows(data.running, self._title(self.tr("进行中的现场检查（{n}）"), data.running_total,
                                                            len(data.running)))
        self.plans_box.set_rows(data.plans, self.tr("进行中的检查计划（{n}）").format(n=len(data.plans)))
        self.overdue_box.setStyleSheet(f"QGroupBox::title {{ {palette.text_style(palette.WARNING)} }}"
                                       if data.overdue_total else "")
        title = self.tr("待上报/移送（第三十三条）")
        if data.escalations_total:
            title = self._title(self.tr("待上报/移送（第三十三条）：{n} 项"), data.escalations_total,
                                len(data.escalations))
        self.escalations_box.set_rows(data.escalations, title)
        self.escalations_box.setStyleSheet(f"QGroupBox::title {{ {palette.text_style(palette.WARNING)} }}"
                                           if data.escalations_total else "")
        self.loaded.emit(data)

    def _title(self, template: str, total: int, shown: int) -> str:
        title = template.format(n=total)
        if shown < total:
            title += self.tr(" — 显示前 {shown} 项").format(shown=shown)
        return title

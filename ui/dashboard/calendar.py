"""检查日历 — a month of planned inspections (plan targets' scheduled dates), planned re-inspections (复查,
not yet completed) and rectification deadlines (issued notices; open findings with a deadline of their own),
opened from the overview.

A :class:`QCalendarWidget` paints, under each day's number, how many inspections (检), re-inspections (复) and
deadlines (限) fall on it; the list below shows the selected day's events, and a double-click opens the plan,
the re-inspection, the notice or the finding. Re-inspections are drawn in the inspections' colour. One background read per month shown (:func:`inspector.services.analytics.calendar`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.changes import Changes
from inspector.model import Area
from inspector.services import analytics
from inspector.services.analytics import CalendarEvent
from inspector.timezones import china_today
from ui.context import AppContext
from ui.widgets import palette
from ui.widgets.table_model import RowsTableModel
from ui.widgets.tables import configure_table

PAGE_OF = {"inspection": "plans", "reinspection": "inspections", "notice": "rectification", "finding": "findings"}


class MarkedCalendar(QCalendarWidget):
    """A month grid that writes each day's counts of inspections and deadlines under its number."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts: dict[date, tuple[int, int, int]] = {}   # day → (inspections, re-inspections, deadlines)
        self.painted: dict[date, str] = {}               # day → the mark painted last (for tests)
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)

    def mark_text(self, day: date) -> str:
        inspections, reinspections, deadlines = self.counts.get(day, (0, 0, 0))
        parts = []
        if inspections:
            parts.append(self.tr("检{n}").format(n=inspections))
        if reinspections:
            parts.append(self.tr("复{n}").format(n=reinspections))
        if deadlines:
            parts.append(self.tr("限{n}").format(n=deadlines))
        return " ".join(parts)

    def paintCell(self, painter: QPainter, rect: QRect, qdate: QDate) -> None:
        super().paintCell(painter, rect, qdate)
        day = qdate.toPython()
        text = self.mark_text(day)
        if not text:
            return
        painter.save()
        font = painter.font()
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        deadlines = self.counts[day][2]
        selected = qdate == self.selectedDate()  # on the selection's fill: the text colour made for it
        painter.setPen(QColor(palette.ON_COLOUR if selected else palette.WARNING if deadlines else palette.CURRENT))
        # under the day's number (centred by Qt): the bottom of the cell
        lower = rect.adjusted(2, 0, -2, -3)
        painter.drawText(lower, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, text)
        painter.restore()
        self.painted[day] = text


class EventsModel(RowsTableModel[CalendarEvent]):
    id_field = "ref_id"

    def headers(self) -> list[str]:
        return [self.tr("事项"), self.tr("被检查单位"), self.tr("内容")]

    def text(self, row: CalendarEvent, col: int) -> str:
        kind = {"inspection": self.tr("计划检查"), "reinspection": self.tr("复查"),
                "notice": self.tr("整改期限（通知书）"),
                "finding": self.tr("整改期限（问题）")}[row.kind]
        return [kind, row.department, row.title][col]


class CalendarDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today: Callable[[], date] = china_today
        self.events: dict[date, list[CalendarEvent]] = {}
        self.setWindowTitle(self.tr("检查日历"))
        self.resize(900, 700)
        self.calendar = MarkedCalendar()
        self.calendar.setMinimumHeight(380)
        note = QLabel(self.tr("“检”：计划检查的单位数；“复”：计划复查数；“限”：整改期限到期的通知书和问题数。双击下方事项打开。"))
        note.setWordWrap(True)
        note.setStyleSheet(palette.text_style(palette.SECONDARY))
        self.day_label = QLabel()
        self.model = EventsModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        configure_table(self.view, 2, on_activate=self._open)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.calendar, 3)
        layout.addWidget(note)
        layout.addWidget(self.day_label)
        layout.addWidget(self.view, 2)
        layout.addWidget(buttons)
        self.calendar.currentPageChanged.connect(lambda year, month: self.load(year, month))
        self.calendar.selectionChanged.connect(self._show_day)
        ctx.written.connect(self._on_written)

    AREAS = frozenset({Area.PLANS, Area.DEPARTMENTS, Area.FINDINGS, Area.NOTICES, Area.INSPECTIONS})

    def _on_written(self, changes: Changes, _initiator: object) -> None:
        """A date changed elsewhere (a target's schedule, a deadline): the month shown is read again."""
        if changes.touches(self.AREAS):
            self.load(self.calendar.yearShown(), self.calendar.monthShown())

    def start(self) -> None:
        today = self.today()
        self.calendar.setSelectedDate(QDate(today.year, today.month, today.day))
        self.load(today.year, today.month)

    def load(self, year: int, month: int) -> None:
        """The month shown, with the days of the neighbouring months the grid also shows."""
        first = date(year, month, 1) - timedelta(days=7)
        last = date(year + (month == 12), month % 12 + 1, 1) + timedelta(days=14)
        self.ctx.read(self, lambda s: analytics.calendar(s, first, last), self.show_events, key="month")

    def show_events(self, events: list[CalendarEvent]) -> None:
        by_day: dict[date, list[CalendarEvent]] = defaultdict(list)
        for e in events:
            by_day[e.day].append(e)
        self.events = dict(by_day)
        self.calendar.counts = {d: (sum(e.kind == "inspection" for e in es), sum(e.kind == "reinspection" for e in es),
                                    sum(e.kind in ("notice", "finding") for e in es))
                                for d, es in by_day.items()}
        self.calendar.updateCells()
        self._show_day()

    def _show_day(self) -> None:
        day = self.calendar.selectedDate().toPython()
        rows = self.events.get(day, [])
        self.day_label.setText(self.tr("{day}：{n} 项").format(day=day.isoformat(), n=len(rows)) if rows
                               else self.tr("{day}：没有安排").format(day=day.isoformat()))
        self.model.set_rows(rows)

    def _open(self, index) -> None:
        row = self.model.row(index.row())
        self.ctx.navigate(PAGE_OF[row.kind], row.ref_id)
        self.accept()


def open_calendar(ctx: AppContext, parent: QWidget | None = None) -> CalendarDialog:
    dialog = CalendarDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.start()
    dialog.open()
    return dialog

"""The calendar opened from the overview: marks painted on the days of inspections and deadlines, the selected
day's events listed, a double-click opens the record."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from tests.test_analytics import build
from tests.ui.conftest import delivered
from ui.context import AppContext
from ui.dashboard.calendar import CalendarDialog


def _dialog(qtbot, vault, today: date) -> CalendarDialog:
    d = CalendarDialog(AppContext(vault))
    d.today = lambda: today
    qtbot.addWidget(d)
    d.show()
    qtbot.waitExposed(d)
    d.start()
    delivered(qtbot)
    return d


def test_marks_and_the_days_events(qtbot, demo_vault):
    ids = build(demo_vault)
    d = _dialog(qtbot, demo_vault, date(2031, 4, 1))
    cal = d.calendar
    # April 2031 as shown (with the end of March): 3-31 N1's deadline, 4-01 N2's, 4-02 B's inspection,
    # 4-09 f4's reopened deadline
    assert cal.counts[date(2031, 3, 31)] == (0, 0, 1)
    assert cal.counts[date(2031, 4, 1)] == (0, 0, 1)
    assert cal.counts[date(2031, 4, 2)] == (1, 0, 0)
    assert cal.counts[date(2031, 4, 9)] == (0, 0, 1)
    cal.repaint()
    qtbot.waitUntil(lambda: date(2031, 4, 9) in cal.painted)
    assert cal.painted[date(2031, 4, 2)] == "检1" and cal.painted[date(2031, 4, 9)] == "限1"
    assert d.model.rowCount() == 1 and d.model.index(0, 2).data() == "测〔2031〕902号"
    assert "2031-04-01：1 项" == d.day_label.text()

    cal.setSelectedDate(QDate(2031, 4, 9))
    assert [d.model.index(0, c).data() for c in range(3)] == ["整改期限（问题）", "丹东市统计局", "目录未更新"]
    opened = []
    d.ctx.navigate = lambda key, arg=None: opened.append((key, arg))
    d._open(d.model.index(0, 0))
    assert opened == [("findings", ids["f4"])]


def test_another_month_is_read_when_shown(qtbot, demo_vault):
    build(demo_vault)
    d = _dialog(qtbot, demo_vault, date(2031, 1, 10))
    assert date(2031, 3, 15) not in d.calendar.counts
    d.calendar.setCurrentPage(2031, 3)
    delivered(qtbot)
    assert d.calendar.counts[date(2031, 3, 15)] == (1, 0, 0)   # 白城's scheduled inspection
    d.calendar.setSelectedDate(QDate(2031, 3, 15))
    assert d.model.index(0, 1).data() == "白城市审计局" and d.model.index(0, 2).data() == "2031年度检查"


def test_the_overview_opens_the_calendar(qtbot, demo_vault):
    from PySide6.QtCore import Qt

    from ui.dashboard.page import DashboardPage

    page = DashboardPage(AppContext(demo_vault))
    qtbot.addWidget(page)
    page.show()
    assert page.calendar_button in page.header_actions()
    qtbot.mouseClick(page.calendar_button, Qt.MouseButton.LeftButton)
    dialogs = page.findChildren(CalendarDialog)
    assert len(dialogs) == 1 and dialogs[0].isVisible()
    delivered(qtbot)
    dialogs[0].close()


def test_a_deadline_changed_elsewhere_shows(qtbot, demo_vault):
    ids = build(demo_vault)
    d = _dialog(qtbot, demo_vault, date(2031, 4, 1))
    assert date(2031, 4, 20) not in d.calendar.counts

    def move(s):
        from inspector.model import Finding

        s.get(Finding, ids["f4"]).deadline = date(2031, 4, 20)

    d.ctx.write(None, move)
    delivered(qtbot)
    delivered(qtbot)
    assert d.calendar.counts[date(2031, 4, 20)] == (0, 0, 1) and date(2031, 4, 9) not in d.calendar.counts


def test_planned_reinspections_are_marked_and_open(qtbot, demo_vault):
    from inspector.model import Inspection, InspectionStatus
    from inspector.regulation import default_template

    ids = build(demo_vault)
    with demo_vault.session() as s:
        re = Inspection(plan_id=ids["p1"], department_id=ids["b"], template_id=default_template(s).id,
                        status=InspectionStatus.PLANNED, reinspects_notice_id=ids["n2"],
                        scheduled_on=date(2031, 4, 2))
        s.add(re)
        s.flush()
        re_id = re.id
    d = _dialog(qtbot, demo_vault, date(2031, 4, 2))
    cal = d.calendar
    # 4-02: B's inspection and B's re-inspection of N2
    assert cal.counts[date(2031, 4, 2)] == (1, 1, 0)
    cal.repaint()
    qtbot.waitUntil(lambda: date(2031, 4, 2) in cal.painted)
    assert cal.painted[date(2031, 4, 2)] == "检1 复1"
    assert [[d.model.index(r, c).data() for c in range(3)] for r in range(d.model.rowCount())] == [
        ["计划检查", "丹东市统计局", "2031年度检查"], ["复查", "丹东市统计局", "测〔2031〕902号"]]
    opened = []
    d.ctx.navigate = lambda key, arg=None: opened.append((key, arg))
    d._open(d.model.index(1, 0))
    assert opened == [("inspections", re_id)]

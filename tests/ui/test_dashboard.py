"""概览 on the demo vault: the figures equal the core's queries; clicking a row navigates. Models alone."""

from __future__ import annotations

import threading
from datetime import date, datetime, timezone

import pytest
from PySide6.QtCore import QModelIndex, Qt

from inspector.model import FindingStatus, Severity
from inspector.services import queries
from inspector.services.dashboard import OverdueFinding, PlanProgress, RunningInspection
from inspector.services.findings import get_finding, transition
from ui.context import AppContext
from ui.dashboard.page import (
    E_KIND,
    E_STATE,
    E_TITLE,
    O_DAYS,
    O_DEPARTMENT,
    O_TITLE,
    P_PROGRESS,
    PROGRESS_ROLE,
    R_PROGRESS,
    DashboardPage,
    EscalationsModel,
    OverdueModel,
    PlansModel,
    RunningModel,
)
from ui.widgets.table_model import ID_ROLE, SORT_ROLE

LOAD_MS = 10_000
LATER = date(2027, 1, 5)  # after the demo's deadlines (2026-12-31): two findings are overdue


def open_page(qtbot, vault, today: date = LATER) -> DashboardPage:
    ctx = AppContext(vault)
    page = DashboardPage(ctx)
    page.today = lambda: today
    page.resize(1100, 700)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=LOAD_MS):
        page.activate()
    return page


@pytest.fixture
def page(qtbot, demo_vault) -> DashboardPage:
    return open_page(qtbot, demo_vault)


def click_row(qtbot, view, row: int, col: int = 0) -> None:
    rect = view.visualRect(view.model().index(row, col))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_counts_equal_the_core_queries(page, demo_vault):
    with demo_vault.session() as s:
        findings = queries.list_findings(s, today=LATER)
        by_status = {st: len(queries.list_findings(s, status=st)) for st in FindingStatus}
        running = [i for i in queries.list_inspections(s) if i["status"] == "in_progress"]
    by_severity = {sev: sum(1 for f in findings if f["severity"] == sev.value) for sev in Severity}
    overdue = [f for f in findings if f["overdue"]]
    assert len({n for n in by_status.values() if n}) >= 2 and len(overdue) == 2  # the demo has something to show

    assert {st: label.text() for st, label in page.status_counts.items()} == {st: str(n) for st, n in by_status.items()}
    assert {sv: label.text() for sv, label in page.severity_counts.items()} == {
        sv: str(n) for sv, n in by_severity.items()}
    model = page.overdue_box.model
    assert model.rowCount() == len(overdue)
    assert {model.index(r, O_TITLE).data(ID_ROLE) for r in range(model.rowCount())} == {f["id"] for f in overdue}
    assert {model.index(r, O_TITLE).data() for r in range(model.rowCount())} == {f["title"] for f in overdue}
    assert model.index(0, O_DEPARTMENT).data() == overdue[0]["department"]
    assert model.index(0, O_DAYS).data() == "逾期 5 天"
    assert page.overdue_box.title() == "逾期未整改（2）"
    assert page.overdue_box.stack.currentWidget() is page.overdue_box.view

    rmodel = page.running_box.model
    assert rmodel.rowCount() == len(running) == 1
    assert rmodel.index(0, 0).data() == running[0]["department"]
    answered, total = rmodel.index(0, R_PROGRESS).data(PROGRESS_ROLE)
    assert answered == running[0]["answered"] > 0 and total > answered
    assert rmodel.index(0, R_PROGRESS).data() == f"{answered} / {total}"

    pmodel = page.plans_box.model
    assert pmodel.rowCount() == 1 and pmodel.index(0, P_PROGRESS).data() == "1 / 4"
    assert page.as_of_label.text() == f"截至 2027-01-05，共 {len(findings)} 个问题"


def test_today_decides_what_is_overdue(qtbot, demo_vault):
    page = open_page(qtbot, demo_vault, today=date(2026, 12, 1))
    assert page.overdue_box.model.rowCount() == 0
    assert page.overdue_box.stack.currentWidget() is page.overdue_box.empty_label
    assert page.overdue_box.title() == "逾期未整改（0）"


def test_clicking_an_overdue_finding_navigates_to_it(qtbot, page):
    view = page.overdue_box.view
    expected = view.model().index(1, 0).data(ID_ROLE)
    with qtbot.waitSignal(page.ctx.navigate_requested, timeout=LOAD_MS) as nav:
        click_row(qtbot, view, 1, O_TITLE)
    assert nav.args == ["findings", expected]


def test_clicking_a_running_inspection_opens_it(qtbot, page, demo_vault):
    with demo_vault.session() as s:
        [running] = [i for i in queries.list_inspections(s) if i["status"] == "in_progress"]
    with qtbot.waitSignal(page.ctx.navigate_requested, timeout=LOAD_MS) as nav:
        click_row(qtbot, page.running_box.view, 0)
    assert nav.args == ["inspections", running["id"]]

    view = page.running_box.view  # Enter on the keyboard too
    view.setCurrentIndex(view.model().index(0, 0))
    with qtbot.waitSignal(page.ctx.navigate_requested, timeout=LOAD_MS) as nav:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert nav.args == ["inspections", running["id"]]


def test_a_change_elsewhere_reloads_the_figures(qtbot, page, demo_vault):
    with demo_vault.session() as s:
        notified = queries.list_findings(s, status=FindingStatus.NOTIFIED)[0]
    with qtbot.waitSignal(page.loaded, timeout=LOAD_MS):  # a write elsewhere (no widget) reports FINDINGS
        page.ctx.write(None, lambda s: transition(s, get_finding(s, notified["id"]), FindingStatus.REPORTED) and None)
    assert page.status_counts[FindingStatus.REPORTED].text() == "1"
    assert page.status_counts[FindingStatus.NOTIFIED].text() == "0"
    assert page.overdue_box.model.rowCount() == 1  # reported: no longer the department's to do


def test_an_older_read_is_dropped_when_a_newer_one_was_asked(qtbot, page, monkeypatch):
    from ui.dashboard import page as dashboard_page

    entered, release = threading.Event(), threading.Event()
    real = dashboard_page.dashboard_data

    def held(s, today, **kw):
        if today == date(2026, 12, 1):  # the first read: held on the worker until the second is asked
            entered.set()
            release.wait(LOAD_MS / 1000)
        return real(s, today, **kw)

    monkeypatch.setattr(dashboard_page, "dashboard_data", held)
    shown: list[date] = []
    page.loaded.connect(lambda data: shown.append(data.today))
    page.today = lambda: date(2026, 12, 1)
    page.reload()
    assert entered.wait(LOAD_MS / 1000)
    page.today = lambda: LATER
    with qtbot.waitSignal(page.loaded, timeout=LOAD_MS):
        page.reload()
        release.set()
    assert shown == [LATER]  # the first answer came first (the worker runs in order) and never showed
    assert page.overdue_box.model.rowCount() == 2


def test_a_write_of_an_area_not_shown_does_not_reload(qtbot, page):
    from inspector.changes import Changes
    from inspector.model import Area
    from ui import tasks

    page.ctx.written.emit(Changes(frozenset({Area.SETTINGS, Area.EVIDENCE})), None)
    assert tasks.pending() == 0 and not page.stale  # nothing read
    with qtbot.waitSignal(page.loaded, timeout=LOAD_MS):
        page.ctx.written.emit(Changes(frozenset({Area.REPORTS})), None)


def test_clear_forgets_everything(page):
    page.clear()
    assert {label.text() for label in page.status_counts.values()} == {"—"}
    assert page.overdue_box.model.rowCount() == page.running_box.model.rowCount() == 0
    assert page.plans_box.model.rowCount() == page.escalations_box.model.rowCount() == 0 and page.data is None
    assert page.title() == "概览" and page.key == "dashboard"


def test_an_empty_vault_shows_zeros_and_quiet_lists(qtbot, vault):
    page = open_page(qtbot, vault)
    assert {label.text() for label in page.status_counts.values()} == {"0"}
    for box in (page.overdue_box, page.running_box, page.plans_box, page.escalations_box):
        assert box.stack.currentWidget() is box.empty_label


def test_models_alone(qtbot):
    overdue = OverdueModel()
    row = OverdueFinding(finding_id="f1", title="日志仅保存30天", department_id="d1", department="晋城市民政局",
                         severity=Severity.MAJOR, status=FindingStatus.RECTIFYING, deadline=date(2026, 12, 1),
                         days_overdue=12)
    with qtbot.waitSignal(overdue.modelReset):
        overdue.set_rows([row])
    assert overdue.rowCount() == 1 and overdue.columnCount() == 4 and overdue.rowCount(overdue.index(0, 0)) == 0
    assert [overdue.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == ["被检查单位", "问题", "整改期限", "逾期"]
    assert [overdue.index(0, c).data() for c in range(4)] == ["晋城市民政局", "日志仅保存30天", "2026-12-01", "逾期 12 天"]
    assert overdue.index(0, O_DAYS).data(SORT_ROLE) == 12
    assert overdue.index(0, O_DAYS).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "整改中" in overdue.index(0, O_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert overdue.data(QModelIndex()) is None and overdue.row_of("f1") == 0 and overdue.row_of("x") == -1

    running = RunningModel()
    running.set_rows([RunningInspection("i1", "d1", "晋城市民政局", datetime(2026, 11, 24, 1, 0, tzinfo=timezone.utc),
                                        3, 40)])
    assert running.index(0, R_PROGRESS).data() == "3 / 40"
    assert running.index(0, R_PROGRESS).data(PROGRESS_ROLE) == (3, 40)
    assert running.index(0, 0).data(PROGRESS_ROLE) is None
    assert running.index(0, 0).data(ID_ROLE) == "i1"

    plans = PlansModel()
    plans.set_rows([PlanProgress("p1", "2026年度检查", 2026, date(2026, 10, 1), None, 4, 1, 2)])
    assert [plans.index(0, c).data() for c in range(3)] == ["2026年度检查", "2026-10-01 至 —", "1 / 4"]
    assert plans.index(0, P_PROGRESS).data(PROGRESS_ROLE) == (1, 4)
    assert "正在检查 2 个" in plans.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)


# ---- 待上报/移送 (art. 33) --------------------------------------------------------------------------------


def test_the_demo_escalation_is_listed_opens_its_finding_and_leaves_once_recorded(qtbot, page, demo_vault):
    from inspector.services import escalations

    with demo_vault.session() as s:
        [pending] = escalations.list_escalations(s, pending_only=True)
    box = page.escalations_box
    assert box.stack.currentWidget() is box.view and box.title() == "待上报/移送（第三十三条）：1 项"
    model = box.model
    assert model.rowCount() == 1
    assert [model.index(0, c).data() for c in range(4)] == [
        pending.department, "个人信息以明文存储", "失泄密隐患", "待报告"]
    assert "保密主管部门" in model.index(0, E_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    with qtbot.waitSignal(page.ctx.navigate_requested, timeout=LOAD_MS) as nav:
        click_row(qtbot, box.view, 0, E_TITLE)
    assert nav.args == ["findings", pending.finding_id]

    with qtbot.waitSignal(page.loaded, timeout=LOAD_MS):  # recorded elsewhere: the findings' area changed
        page.ctx.write(None, lambda s: escalations.record_escalation(
            s, pending.id, authority="晋城市国家保密局", reference="晋保〔2026〕12号") and None)
    assert model.rowCount() == 0 and box.stack.currentWidget() is box.empty_label
    assert box.empty_label.text() == "没有待上报或移送的事项" and box.title() == "待上报/移送（第三十三条）"


def test_escalations_model_alone(qtbot):
    from inspector.model import EscalationKind, EscalationState
    from inspector.services.escalations import EscalationRow

    model = EscalationsModel()
    model.set_rows([EscalationRow("e1", "f1", "违规收集个人信息", "晋城市民政局", Severity.MAJOR, EscalationKind.POLICE,
                                  EscalationState.PENDING, "公安机关", None, "", "", "")])
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(4)] == ["被检查单位", "问题", "事项", "状态"]
    assert [model.index(0, c).data() for c in range(4)] == ["晋城市民政局", "违规收集个人信息", "违法行为", "待移送"]
    assert model.index(0, E_KIND).data(ID_ROLE) == "f1"  # a row opens its finding
    assert "立即停止" in model.index(0, E_KIND).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, E_STATE).data(Qt.ItemDataRole.ForegroundRole) is not None


# ---- 同步: the placeholder page ------------------------------------------------------------------


def test_sync_page_shows_this_device_and_vault(qtbot, demo_vault):
    from PySide6.QtGui import QGuiApplication

    from ui.sync.page import SyncPage

    ctx = AppContext(demo_vault)
    page = SyncPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.activate()
    assert (page.key, page.title()) == ("sync", "同步")
    qtbot.waitUntil(lambda: "李明" in page.here_label.text(), timeout=10_000)  # by its people, not by its ids
    assert demo_vault.device_id not in page.here_label.text() and demo_vault.vault_id in page.here_label.toolTip()
    qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert demo_vault.device_id in QGuiApplication.clipboard().text()
    page.clear()
    assert page.here_label.text() == "—" and not page.copy_button.isEnabled()

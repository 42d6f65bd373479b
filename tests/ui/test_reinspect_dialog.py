"""复查… on the rectification page: the core says whether a re-inspection may be scheduled; the dialog schedules
one (failed items or all, a day, a place), then offers to open or cancel it while it is pending."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from sqlmodel import select

from inspector.model import Inspection, InspectionStatus
from ui.context import AppContext
from ui.rectification.page import RectificationPage

LOAD_MS = 10_000
EARLY = date(2026, 11, 24)   # before the demo notice's deadline, its findings not reported
LATE = date(2027, 1, 2)      # after it


@pytest.fixture
def errors(monkeypatch) -> list:
    shown: list = []
    monkeypatch.setattr("ui.rectification.reinspect.show_error", lambda parent, err: shown.append(err))
    return shown


def _page(qtbot, vault, today: date) -> RectificationPage:
    page = RectificationPage(AppContext(vault))
    page.today = lambda: today
    page.resize(1100, 700)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.detail_loaded, timeout=LOAD_MS):
        page.activate()
    return page


def _open_dialog(qtbot, page):
    qtbot.mouseClick(page.detail.reinspect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.reinspect_dialog is not None and page.reinspect_dialog.isVisible(), timeout=LOAD_MS)
    return page.reinspect_dialog


def _reinspections(vault) -> list[Inspection]:
    with vault.session() as s:
        return list(s.exec(select(Inspection).where(Inspection.reinspects_notice_id.is_not(None))).all())


def test_before_the_deadline_the_dialog_says_why_not(qtbot, demo_vault, errors):
    page = _page(qtbot, demo_vault, EARLY)
    assert page.detail.reinspect_button.isEnabled()
    assert "尚不能安排" in page.detail.reinspection_label.text()
    dialog = _open_dialog(qtbot, page)
    assert dialog.refusal_label.isVisible() and "未报整改" in dialog.refusal_label.text()
    assert not dialog.schedule_button.isEnabled()
    dialog.reject()
    assert _reinspections(demo_vault) == [] and errors == []


def test_schedule_then_cancel(qtbot, demo_vault, errors):
    page = _page(qtbot, demo_vault, LATE)
    assert page.detail.reinspection_label.text() == "可以安排"
    dialog = _open_dialog(qtbot, page)
    assert dialog.history_label.text() == "尚未安排复查。" and dialog.failed_radio.isChecked()
    assert dialog.schedule_button.isEnabled()
    dialog.date_edit.setDate(QDate(2027, 1, 8))
    dialog.location_edit.setText("卫健委信息科")
    with qtbot.waitSignal(page.reinspection_scheduled, timeout=LOAD_MS) as scheduled:
        qtbot.mouseClick(dialog.schedule_button, Qt.MouseButton.LeftButton)
    [insp] = _reinspections(demo_vault)
    assert scheduled.args == [insp.id]
    assert (insp.status, insp.scheduled_on, insp.location) == (InspectionStatus.PLANNED, date(2027, 1, 8), "卫健委信息科")
    assert len(insp.scope_items) >= 1
    qtbot.waitUntil(lambda: page.detail.reinspection_label.text() == "已安排 2027-01-08", timeout=LOAD_MS)

    dialog = _open_dialog(qtbot, page)  # pending: open or cancel, no second one
    assert "已安排复查 2027-01-08（仅复查不合格项）" in dialog.history_label.text()
    assert not dialog.schedule_button.isVisible() and not dialog.form_widget.isVisible()
    assert dialog.open_button.isVisible() and dialog.cancel_reinspection_button.isEnabled()
    qtbot.mouseClick(dialog.cancel_reinspection_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _reinspections(demo_vault) == [], timeout=LOAD_MS)
    qtbot.waitUntil(lambda: page.detail.reinspection_label.text() == "可以安排", timeout=LOAD_MS)
    assert errors == []


def test_all_items_and_open_in_the_runner(qtbot, demo_vault, errors):
    page = _page(qtbot, demo_vault, LATE)
    dialog = _open_dialog(qtbot, page)
    dialog.all_radio.setChecked(True)
    with qtbot.waitSignal(page.reinspection_scheduled, timeout=LOAD_MS):
        qtbot.mouseClick(dialog.schedule_button, Qt.MouseButton.LeftButton)
    [insp] = _reinspections(demo_vault)
    assert insp.scope_items == [] and insp.scheduled_on == LATE
    qtbot.waitUntil(lambda: page.detail.reinspection_label.text().startswith("已安排"), timeout=LOAD_MS)
    asked: list = []
    page.ctx.navigate_requested.connect(lambda key, arg: asked.append((key, arg)))
    dialog = _open_dialog(qtbot, page)
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert asked == [("inspections", insp.id)] and errors == []


def test_the_inspections_list_marks_a_reinspection_and_its_planned_day(qtbot, demo_vault):
    from inspector.services import inspections, reinspection
    from ui.inspections.inspection_list import COL_DEPARTMENT, COL_PROGRESS, COL_STARTED, InspectionsTableModel

    from inspector.model import RectificationNotice

    with demo_vault.session() as s:
        notice = s.exec(select(RectificationNotice).where(RectificationNotice.number != "")).one()
        insp = reinspection.schedule(s, notice.id, scheduled_on=LATE, today=LATE)
        rows = inspections.list_inspection_rows(s)
    model = InspectionsTableModel()
    model.set_rows(rows)
    row = next(i for i, r in enumerate(rows) if r["id"] == insp.id)
    assert model.index(row, COL_DEPARTMENT).data() == f"{rows[row]['department']}（复查）"
    assert model.index(row, COL_STARTED).data() == "计划 2027-01-02"
    assert model.index(row, COL_PROGRESS).data() == f"0/{len(insp.scope_items)}"
    assert notice.number in model.index(row, COL_DEPARTMENT).data(Qt.ItemDataRole.ToolTipRole)
    first = next(i for i, r in enumerate(rows) if not r["reinspects"])
    assert "复查" not in model.index(first, COL_DEPARTMENT).data()

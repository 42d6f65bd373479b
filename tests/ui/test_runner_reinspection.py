"""A re-inspection (复查) in the runner, on the demo vault: the header names the notice and the scope, an item
shows the notice's findings with what the department reported, and completing lists what happens to each
finding, asks the new deadline of the reopened ones, and verifies or reopens them in the vault."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtWidgets import QApplication
from sqlmodel import select

from inspector.errors import BadInputError
from inspector.model import (
    Finding,
    FindingStatus,
    Inspection,
    InspectionStatus,
    RectificationItem,
    RectificationNotice,
    RectificationReport,
    Verdict,
)
from inspector.services import findings as findings_service
from inspector.services import reinspection
from inspector.timezones import china_today
from inspector.vault import Vault
from tests.conftest import PASSPHRASE
from tests.ui.clipping import find_problems
from tests.ui.conftest import delivered
from ui.context import AppContext
from ui.inspections.completion import CompletionDialog
from ui.inspections.runner import InspectionRunner

TIMEOUT = 10_000
LATE = date(2027, 1, 2)  # after the demo notice's deadline (2026-12-15)
MEASURES = "已制定年度数据安全培训计划，12月10日完成全员培训并考核"


@contextmanager
def fresh_session(path):
    vault = Vault.open(path, passphrase=PASSPHRASE, use_keyring=False)
    try:
        with vault.session() as s:
            yield s
    finally:
        vault.close()


@pytest.fixture
def case(demo_vault) -> dict:
    """The demo notice re-inspected over its failed items: its first finding still owed (never reported), its
    second reported with measures through an imported report."""
    with demo_vault.session() as s:
        notice = s.exec(select(RectificationNotice).where(RectificationNotice.number != "")).one()
        first, second = reinspection.notice_findings(s, notice.id)[:2]
        report = RectificationReport(notice_id=notice.id, department_id=notice.department_id,
                                     received_at=datetime(2026, 12, 10, 2, 0, tzinfo=timezone.utc),
                                     source_filename="整改情况.xlsx")
        s.add(report)
        s.flush()
        s.add(RectificationItem(report_id=report.id, finding_id=second.id, measures=MEASURES))
        findings_service.change_status(s, second.id, FindingStatus.REPORTED)
        insp = reinspection.schedule(s, notice.id, today=LATE)
        return dict(id=insp.id, number=notice.number, first=first.id, first_title=first.title,
                    first_item=first.item_id, second=second.id, second_title=second.title,
                    second_item=second.item_id, first_status=FindingStatus(first.status))


def open_runner(qtbot, demo_vault, inspection_id) -> InspectionRunner:
    runner = InspectionRunner(AppContext(demo_vault), inspection_id)
    runner.confirm_void = lambda err: (_ for _ in ()).throw(AssertionError(err.zh))
    qtbot.addWidget(runner)
    runner.resize(1280, 760)
    with qtbot.waitSignal(runner.loaded, timeout=TIMEOUT):
        runner.show()
    return runner


@pytest.fixture
def runner(qtbot, demo_vault, case) -> InspectionRunner:
    return open_runner(qtbot, demo_vault, case["id"])


@pytest.fixture
def first_runner(qtbot, demo_vault) -> InspectionRunner:
    with demo_vault.session() as s:
        iid = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one().id
    return open_runner(qtbot, demo_vault, iid)


def verdict(qtbot, runner: InspectionRunner, item_id: str, value: Verdict) -> None:
    runner.select_item(item_id)
    runner.set_verdict(value)
    delivered(qtbot)
    qtbot.waitUntil(lambda: runner._outstanding == 0, timeout=TIMEOUT)


def open_completion(qtbot, runner: InspectionRunner) -> CompletionDialog:
    qtbot.mouseClick(runner.header.complete_button, Qt.MouseButton.LeftButton)
    dialog = runner.completion_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.check is not None, timeout=TIMEOUT)
    delivered(qtbot)
    return dialog


def effect_rows(dialog: CompletionDialog) -> list[list[str]]:
    model = dialog.effects_model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


# ---- header and item panel ------------------------------------------------------------------------


def test_the_header_says_it_is_a_reinspection_of_the_notice_over_the_failed_items(runner, case):
    label = runner.header.reinspection_label
    assert label.isVisible()
    text = label.accessibleName()
    assert text.startswith(f"复查 · 整改通知书 {case['number']}") and "仅复查不合格项" in text
    assert "整改期限 2026-12-15" in text
    assert runner.model.total() == 2  # only the items of the notice's findings


def test_a_reinspection_of_all_items_says_so(qtbot, demo_vault):
    with demo_vault.session() as s:
        notice = s.exec(select(RectificationNotice).where(RectificationNotice.number != "")).one()
        iid = reinspection.schedule(s, notice.id, scope="all", today=LATE).id
    runner = open_runner(qtbot, demo_vault, iid)
    assert "复查全部检查项" in runner.header.reinspection_label.accessibleName()
    assert "仅复查不合格项" not in runner.header.reinspection_label.accessibleName()


def test_the_item_panel_shows_the_notice_s_findings_with_the_reported_measures(runner, case):
    runner.select_item(case["second_item"])
    panel = runner.panel
    assert panel.notice_box.isVisible()
    text = panel.notice_view.toPlainText()
    assert case["second_title"] in text and "已报整改" in text and MEASURES in text
    assert "整改期限" in text and "单位报告的整改措施" in text

    runner.select_item(case["first_item"])
    text = panel.notice_view.toPlainText()
    assert case["first_title"] in text and MEASURES not in text and "（单位未报告整改情况）" in text
    assert panel.notice_view.isReadOnly()


def test_a_first_inspection_shows_none_of_it(qtbot, first_runner):
    assert not first_runner.header.reinspection_label.isVisible()
    assert first_runner.current_item_id is not None and not first_runner.panel.notice_box.isVisible()
    dialog = open_completion(qtbot, first_runner)
    assert not dialog.effects_box.isVisible() and dialog.reopen_deadline() is None
    dialog.reject()


# ---- completing ------------------------------------------------------------------------------------


def test_completing_lists_the_effects_asks_the_deadline_and_verifies_and_reopens(qtbot, runner, case, demo_vault):
    verdict(qtbot, runner, case["first_item"], Verdict.COMPLIANT)
    verdict(qtbot, runner, case["second_item"], Verdict.NON_COMPLIANT)
    dialog = open_completion(qtbot, runner)
    assert dialog.effects_box.isVisible()
    rows = {r[1].split("（")[0]: r for r in effect_rows(dialog)}
    assert rows[case["first_title"]][2:] == ["符合", "予以核验（确认已整改到位）"]
    assert rows[case["second_title"]][2:] == ["不符合", "重新打开，设定新的整改期限"]
    assert "已报整改" in rows[case["second_title"]][1]

    # something is reopened: the new deadline is asked, by default 30 days after the Beijing day
    today = china_today()
    assert dialog.deadline_row.isVisible()
    assert dialog.reopen_deadline() == today + timedelta(days=30)
    dialog.summary_edit.setPlainText("复查：培训问题仍未整改到位。")
    qtbot.mouseClick(dialog.absent_radio, Qt.MouseButton.LeftButton)
    assert dialog.complete_button.isEnabled()
    dialog.deadline_edit.setDate(QDate(today.year, today.month, today.day))  # not after today: refused
    assert not dialog.complete_button.isEnabled()
    assert f"重新打开问题的新整改期限须晚于今天（{today.isoformat()}）" in dialog.missing_label.text()
    new = today + timedelta(days=20)
    dialog.deadline_edit.setDate(QDate(new.year, new.month, new.day))
    assert dialog.complete_button.isEnabled() and dialog.reopen_deadline() == new

    with qtbot.waitSignal(runner.loaded, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.complete_button, Qt.MouseButton.LeftButton)
    delivered(qtbot)
    assert runner.completion_dialog is None
    with fresh_session(demo_vault.path) as s:
        assert s.get(Inspection, case["id"]).status == InspectionStatus.COMPLETED
        first, second = s.get(Finding, case["first"]), s.get(Finding, case["second"])
        assert FindingStatus(first.status) is FindingStatus.VERIFIED
        assert FindingStatus(second.status) is FindingStatus.REOPENED and second.deadline == new


def test_the_deadline_is_asked_only_when_a_finding_is_reopened(qtbot, runner, case, demo_vault):
    verdict(qtbot, runner, case["first_item"], Verdict.NON_COMPLIANT)  # still owed: stays as it is
    verdict(qtbot, runner, case["second_item"], Verdict.COMPLIANT)
    dialog = open_completion(qtbot, runner)
    actions = {r[1].split("（")[0]: r[3] for r in effect_rows(dialog)}
    assert actions == {case["first_title"]: "仍未整改到位，保持原状态",
                       case["second_title"]: "予以核验（确认已整改到位）"}
    assert dialog.effects_box.isVisible() and not dialog.deadline_row.isVisible()
    assert dialog.reopen_deadline() is None

    # a changed verdict is read again with the completion check: now the reported finding is reopened
    dialog.reject()
    verdict(qtbot, runner, case["second_item"], Verdict.PARTIAL)
    dialog = open_completion(qtbot, runner)
    assert dialog.deadline_row.isVisible() and dialog.reopen_deadline() is not None
    dialog.reject()
    with fresh_session(demo_vault.path) as s:  # nothing happened before completing
        assert FindingStatus(s.get(Finding, case["second"]).status) is FindingStatus.REPORTED
        assert FindingStatus(s.get(Finding, case["first"]).status) is case["first_status"]


def test_the_core_s_refusal_of_a_deadline_is_shown_and_changes_nothing(qtbot, runner, case, demo_vault,
                                                                       monkeypatch):
    verdict(qtbot, runner, case["second_item"], Verdict.NON_COMPLIANT)
    verdict(qtbot, runner, case["first_item"], Verdict.COMPLIANT)
    dialog = open_completion(qtbot, runner)
    dialog.summary_edit.setPlainText("复查小结")
    qtbot.mouseClick(dialog.absent_radio, Qt.MouseButton.LeftButton)
    shown = []
    monkeypatch.setattr(runner, "_show_error", shown.append)
    assert dialog.complete_button.isEnabled()
    # the Beijing day turned while the dialog was open: its deadline is today when the core checks it
    monkeypatch.setattr(dialog, "reopen_deadline", lambda: china_today())
    dialog.complete_requested.emit()
    delivered(qtbot)
    qtbot.waitUntil(lambda: bool(shown), timeout=TIMEOUT)
    assert isinstance(shown[0], BadInputError) and "晚于今天" in shown[0].zh
    with fresh_session(demo_vault.path) as s:
        assert s.get(Inspection, case["id"]).status == InspectionStatus.IN_PROGRESS
        assert FindingStatus(s.get(Finding, case["second"]).status) is FindingStatus.REPORTED
        assert FindingStatus(s.get(Finding, case["first"]).status) is case["first_status"]


# ---- many findings: nothing is cut ------------------------------------------------------------------


def test_the_completion_dialog_with_many_findings_fits_the_screen(qtbot):
    dialog = CompletionDialog("晋城市卫生健康委员会", "")
    qtbot.addWidget(dialog)
    from inspector.services.inspections import CompletionCheck

    effects = [reinspection.Effect(f"f{i}", f"第{i}个问题：数据分类分级清单未按要求更新并报备主管部门", f"i{i}",
                                   f"3-{i:02d}", FindingStatus.REPORTED, Verdict.NON_COMPLIANT,
                                   reinspection.REOPEN if i % 2 else reinspection.VERIFY, date(2026, 12, 31))
               for i in range(30)]
    dialog.show_check(CompletionCheck(unanswered=tuple(f"1-{i:02d}" for i in range(40)), summary_missing=True,
                                      signature="none", signer="", signed_at=None), effects)
    dialog.show()
    qtbot.waitExposed(dialog)
    QApplication.processEvents()
    assert dialog.effects_model.rowCount() == 30 and dialog.deadline_row.isVisible()
    assert dialog.height() <= 760
    assert find_problems(dialog, QSize(1280, 760)) == []


def test_the_runner_of_a_reinspection_cuts_nothing_at_1280x760(qtbot, runner, case):
    runner.select_item(case["second_item"])
    QApplication.processEvents()
    assert runner.panel.notice_box.isVisible() and runner.header.reinspection_label.isVisible()
    assert find_problems(runner, QSize(1280, 760)) == []

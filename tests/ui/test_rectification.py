"""整改 on the demo vault: draft and issue a notice, take the steps the rules allow, refuse the others."""

from __future__ import annotations

import threading
from datetime import date, datetime, timezone

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from sqlmodel import select

from inspector.changes import Changes
from inspector.errors import TransitionError
from inspector.model import (
    Area,
    Finding,
    FindingStatus,
    NoticeFinding,
    NoticeStatus,
    RectificationNotice,
    RectificationReport,
    Severity,
    Tombstone,
)
from inspector.services import rectification as rect
from inspector.services.findings import get_finding, transition
from ui import tasks
from ui.context import AppContext
from ui.rectification.models import (
    COL_NUMBER,
    COL_STATE,
    F_DAYS,
    F_STATUS,
    CandidateFindingsModel,
    NoticeFindingsModel,
    NoticesTableModel,
)
from ui.rectification.page import RectificationPage
from ui.widgets.table_model import ID_ROLE

LOAD_MS = 10_000
TODAY = date(2026, 11, 24)
S = FindingStatus


@pytest.fixture
def errors(monkeypatch) -> list:
    shown: list = []
    monkeypatch.setattr("ui.rectification.page.show_error", lambda parent, err: shown.append(err))
    return shown


@pytest.fixture
def page(qtbot, demo_vault, errors) -> RectificationPage:
    page = RectificationPage(AppContext(demo_vault))
    page.today = lambda: TODAY
    page.resize(1100, 700)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.detail_loaded, timeout=LOAD_MS):
        page.activate()
    return page


def click(qtbot, button) -> None:
    assert button.isEnabled() and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def select_finding(qtbot, page, title: str) -> str:
    model = page.detail.findings_model
    row = next(r for r in range(model.rowCount()) if model.row(r).title == title)
    view = page.detail.findings_view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(model.index(row, 0)).center())
    assert page.detail.selected_finding_id() == model.row(row).finding_id
    return model.row(row).finding_id


def enabled_actions(page) -> set[FindingStatus]:
    return {t for t, b in page.detail.action_buttons.items() if b.isEnabled()}


def status_of(vault, finding_id: str) -> FindingStatus:
    with vault.session() as s:
        return s.get(Finding, finding_id).status


def test_lists_the_demo_notice_with_its_findings(page, demo_vault):
    model = page.notices_model
    assert model.rowCount() == 1
    assert model.index(0, COL_NUMBER).data() == "晋数安检〔2026〕1号" and model.index(0, COL_STATE).data() == "整改中"
    assert page.selected_notice().department == "晋城市卫生健康委员会"
    assert page.detail.number_label.text() == "晋数安检〔2026〕1号"
    fmodel = page.detail.findings_model
    assert [fmodel.index(r, F_STATUS).data() for r in range(fmodel.rowCount())] == ["整改中", "已通知"]
    assert fmodel.index(0, F_DAYS).data() == "剩余 37 天"
    assert not page.issue_button.isEnabled() and not page.discard_button.isEnabled()
    assert page.pdf_button.isEnabled(), "an issued notice can be exported (tests/ui/test_documents.py)"
    assert page.draft_button.isEnabled()  # the three drafts of the running inspection
    assert page.summary_label.text() == "草稿 0 份 · 整改中 1 份 · 已办结 0 份"


def test_draft_then_issue_a_notice(qtbot, page, demo_vault):
    click(qtbot, page.draft_button)
    dialog = page.draft_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.department_combo.currentText() == "晋城市人力资源和社会保障局"
    assert dialog.plan_combo.currentText() == "2026年度全市政务数据安全监督检查"
    assert dialog.findings_model.rowCount() == 3 and len(dialog.finding_ids()) == 3
    third = dialog.findings_model.row(2).finding_id
    dialog.findings_view.setCurrentIndex(dialog.findings_model.index(2))
    qtbot.keyClick(dialog.findings_view, Qt.Key.Key_Space)  # uncheck the third
    assert third not in dialog.finding_ids() and dialog.count_label.text() == "已选 2 / 3 项"
    dialog.deadline_edit.setDate(QDate(2026, 12, 24))
    chosen = dialog.finding_ids()
    with qtbot.waitSignal(page.notice_drafted, timeout=LOAD_MS) as drafted:
        click(qtbot, dialog.ok_button)
    notice_id = drafted.args[0]
    qtbot.waitUntil(lambda: page.selected_notice_id() == notice_id and page.detail.detail is not None
                    and page.detail.detail.notice.notice_id == notice_id, timeout=LOAD_MS)
    with demo_vault.session() as s:  # read back: a draft with the two findings, no number yet
        notice = s.get(RectificationNotice, notice_id)
        links = s.exec(select(NoticeFinding.finding_id).where(NoticeFinding.notice_id == notice_id)).all()
    assert (notice.status, notice.number, notice.deadline) == (NoticeStatus.DRAFT, "", date(2026, 12, 24))
    assert sorted(links) == sorted(chosen)
    assert page.notices_model.index(0, COL_NUMBER).data() == "（草稿，签发时编号）"
    assert page.issue_button.isEnabled() and page.discard_button.isEnabled()
    assert enabled_actions(page) == set()  # nothing to do on a finding before the notice is issued
    assert "草稿尚未签发" in page.detail.hint_label.text()

    click(qtbot, page.issue_button)
    box = page.confirm_box
    qtbot.waitUntil(box.isVisible)
    [yes] = [b for b in box.buttons() if b.text() == "签发"]
    with qtbot.waitSignal(page.notice_issued, timeout=LOAD_MS) as issued:
        qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    with demo_vault.session() as s:
        notice = s.get(RectificationNotice, notice_id)
        statuses = {fid: s.get(Finding, fid).status for fid in chosen}
        left = s.get(Finding, third).status
    assert issued.args == [notice.number] == ["晋数安检〔2026〕2号"]
    assert (notice.status, notice.serial, notice.issued_on) == (NoticeStatus.ISSUED, 2, TODAY)
    assert set(statuses.values()) == {S.NOTIFIED} and left is S.DRAFT
    qtbot.waitUntil(lambda: page.detail.number_label.text() == "晋数安检〔2026〕2号", timeout=LOAD_MS)
    assert page.selected_notice_id() == notice_id and not page.issue_button.isEnabled()


def test_steps_the_rules_allow_are_offered_and_taken(qtbot, page, demo_vault):
    fid = select_finding(qtbot, page, "未制定数据备份与恢复策略")  # rectifying
    assert enabled_actions(page) == {S.REPORTED}
    with qtbot.waitSignal(page.finding_changed, timeout=LOAD_MS):
        click(qtbot, page.detail.action_buttons[S.REPORTED])
    assert status_of(demo_vault, fid) is S.REPORTED
    qtbot.waitUntil(lambda: enabled_actions(page) == {S.VERIFIED, S.REOPENED}, timeout=LOAD_MS)
    assert page.detail.selected_finding_id() == fid  # the selection survives the reload

    click(qtbot, page.detail.action_buttons[S.VERIFIED])
    dialog = page.transition_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.ok_button.isEnabled()  # a verification needs a note
    dialog.text_edit.setPlainText("现场复核，已制定备份恢复策略并完成演练。")
    with qtbot.waitSignal(page.finding_changed, timeout=LOAD_MS):
        click(qtbot, dialog.ok_button)
    with demo_vault.session() as s:
        f = s.get(Finding, fid)
        assert (f.status, f.verification_note) == (S.VERIFIED, "现场复核，已制定备份恢复策略并完成演练。")

    qtbot.waitUntil(lambda: enabled_actions(page) == {S.CLOSED, S.REOPENED}, timeout=LOAD_MS)
    click(qtbot, page.detail.action_buttons[S.REOPENED])
    dialog = page.transition_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.deadline_edit.minimumDate() == QDate(TODAY)
    dialog.text_edit.setPlainText("复查发现备份未异地保存")
    dialog.deadline_edit.setDate(QDate(2027, 1, 15))
    with qtbot.waitSignal(page.finding_changed, timeout=LOAD_MS):
        click(qtbot, dialog.ok_button)
    with demo_vault.session() as s:
        f = s.get(Finding, fid)
        assert (f.status, f.deadline) == (S.REOPENED, date(2027, 1, 15))
    qtbot.waitUntil(lambda: enabled_actions(page) == {S.RECTIFYING, S.REPORTED}, timeout=LOAD_MS)


def test_a_step_refused_by_the_rules_shows_the_error_and_changes_nothing(qtbot, page, demo_vault, errors):
    fid = select_finding(qtbot, page, "年度数据安全培训未开展")  # notified
    assert enabled_actions(page) == {S.RECTIFYING, S.REPORTED}  # verified, reopened, closed are not offered
    with demo_vault.session() as s:  # meanwhile the finding moved on (another window, an import…)
        transition(s, get_finding(s, fid), S.REPORTED)
    with qtbot.waitSignal(page.detail_loaded, timeout=LOAD_MS):
        click(qtbot, page.detail.action_buttons[S.RECTIFYING])  # reported → rectifying: refused by the core
    assert [type(e) for e in errors] == [TransitionError]
    assert "已报整改" in errors[0].zh and "整改中" in errors[0].zh
    assert status_of(demo_vault, fid) is S.REPORTED
    qtbot.waitUntil(lambda: enabled_actions(page) == {S.VERIFIED, S.REOPENED}, timeout=LOAD_MS)


def test_open_a_finding_navigates(qtbot, page):
    fid = select_finding(qtbot, page, "年度数据安全培训未开展")
    with qtbot.waitSignal(page.ctx.navigate_requested, timeout=LOAD_MS) as nav:
        click(qtbot, page.detail.open_button)
    assert nav.args == ["findings", fid]


def _selected_draft(qtbot, page, demo_vault) -> tuple[str, str]:
    with demo_vault.session() as s:
        [c, *_] = rect.draft_candidates(s)
        draft_id = rect.create_draft(s, c.department_id, [c.finding_id], deadline=date(2026, 12, 31), today=TODAY).id
    with qtbot.waitSignal(page.detail_loaded, timeout=LOAD_MS):
        page.activate(draft_id)
    assert page.selected_notice_id() == draft_id
    return draft_id, c.finding_id


def test_discarding_a_draft_asks_why_and_leaves_a_tombstone(qtbot, page, demo_vault, errors, monkeypatch):
    draft_id, finding_id = _selected_draft(qtbot, page, demo_vault)
    asked = []
    monkeypatch.setattr("ui.rectification.page.ask_reason",
                        lambda parent, title, text, accept, **_kw: asked.append((title, text, accept)) or "误起草")
    with qtbot.waitSignal(page.notice_deleted, timeout=LOAD_MS) as deleted:
        click(qtbot, page.discard_button)
    assert deleted.args == [draft_id]
    [(title, text, accept)] = asked
    assert (title, accept) == ("删除草稿", "删除") and "所列问题仍为草稿" in text
    qtbot.waitUntil(lambda: page.notices_model.row_of(draft_id) == -1, timeout=LOAD_MS)
    with demo_vault.session() as s:
        assert s.get(RectificationNotice, draft_id) is None
        assert s.get(Finding, finding_id).status is S.DRAFT  # its finding stays, a draft
        stone = s.get(Tombstone, draft_id)
        assert stone is not None and (stone.table_name, stone.reason) == ("rectification_notice", "误起草")
    assert errors == []


def test_cancelling_the_reason_keeps_the_draft(qtbot, page, demo_vault, errors, monkeypatch):
    draft_id, _ = _selected_draft(qtbot, page, demo_vault)
    monkeypatch.setattr("ui.rectification.page.ask_reason", lambda *_a, **_kw: None)
    click(qtbot, page.discard_button)
    assert tasks.wait_for_all(LOAD_MS)
    with demo_vault.session() as s:
        assert s.get(RectificationNotice, draft_id) is not None and s.get(Tombstone, draft_id) is None
    assert page.notices_model.row_of(draft_id) >= 0 and errors == []


def test_a_draft_issued_meanwhile_is_refused_with_the_cores_reason(qtbot, page, demo_vault, errors, monkeypatch):
    """Selected as a draft, issued elsewhere before the reason was given: the core refuses, the page says why."""
    draft_id, _ = _selected_draft(qtbot, page, demo_vault)

    def issue_then_answer(*_a, **_kw) -> str:
        with demo_vault.session() as s:
            rect.issue(s, draft_id, issued_on=TODAY)
        return "误起草"

    monkeypatch.setattr("ui.rectification.page.ask_reason", issue_then_answer)
    click(qtbot, page.discard_button)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=LOAD_MS)
    assert errors[0].zh.startswith("不能删除：") and "已签发的整改通知书不能删除" in errors[0].zh
    with demo_vault.session() as s:
        assert s.get(RectificationNotice, draft_id) is not None and s.get(Tombstone, draft_id) is None


def test_reports_received_are_listed(qtbot, page, demo_vault):
    with demo_vault.session() as s:
        notice = s.exec(select(RectificationNotice)).one()
        s.add(RectificationReport(notice_id=notice.id, department_id=notice.department_id,
                                  received_at=datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc),
                                  source_filename="卫健委-整改情况.xlsx"))
    with qtbot.waitSignal(page.loaded, timeout=LOAD_MS):  # as after a write elsewhere that touched reports
        page.ctx.written.emit(Changes(frozenset({Area.REPORTS})), None)
    assert page.reports_model.rowCount() == 1
    assert page.reports_model.index(0, 3).data() == "卫健委-整改情况.xlsx"
    assert page.tabs.tabText(1) == "整改报告（1）"


def test_a_newer_selection_drops_the_older_detail(qtbot, page, demo_vault, monkeypatch):
    """The detail of a notice selected first and still loading is never shown once another was selected."""
    with demo_vault.session() as s:
        [c, *_] = rect.draft_candidates(s)
        draft_id = rect.create_draft(s, c.department_id, [c.finding_id], deadline=date(2026, 12, 31), today=TODAY).id
    with qtbot.waitSignal(page.detail_loaded, timeout=LOAD_MS):
        page.activate(draft_id)
    issued_id = next(r.notice_id for r in page.notices_model.rows() if r.notice_id != draft_id)
    gate, held = threading.Event(), threading.Event()
    real = rect.notice_detail

    def slow_for_the_issued(s, notice_id, today):
        if notice_id == issued_id:
            held.set()
            assert gate.wait(LOAD_MS / 1000)
        return real(s, notice_id, today)

    monkeypatch.setattr(rect, "notice_detail", slow_for_the_issued)
    shown: list[str] = []
    page.detail_loaded.connect(lambda: shown.append(page.detail.detail.notice.notice_id))
    page.notices_view.selectRow(page.notices_model.row_of(issued_id))
    assert held.wait(LOAD_MS / 1000)  # the issued notice's detail is being read, and held there
    page.notices_view.selectRow(page.notices_model.row_of(draft_id))  # asked while the first is held
    gate.set()
    assert tasks.wait_for_all(LOAD_MS)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=LOAD_MS)
    assert shown == [draft_id]
    assert page.selected_notice_id() == draft_id and page.detail.detail.notice.notice_id == draft_id


def test_an_older_overview_read_is_dropped_when_a_newer_one_was_asked(qtbot, page, monkeypatch):
    from ui.rectification import page as page_module

    gate, held = threading.Event(), threading.Event()
    real, calls = page_module.load_overview, []

    def first_held(s, today):
        calls.append(1)
        if len(calls) == 1:
            held.set()
            assert gate.wait(LOAD_MS / 1000)
            return page_module.Overview()  # what the vault held then: nothing (never shown)
        return real(s, today)

    monkeypatch.setattr(page_module, "load_overview", first_held)
    loaded: list[int] = []
    page.loaded.connect(lambda: loaded.append(page.notices_model.rowCount()))
    page.reload()
    qtbot.waitUntil(held.is_set, timeout=LOAD_MS)
    page.reload()
    qtbot.waitUntil(lambda: not page._reload_pending, timeout=LOAD_MS)
    gate.set()
    assert tasks.wait_for_all(LOAD_MS)
    qtbot.waitUntil(lambda: tasks.pending() == 0, timeout=LOAD_MS)
    assert len(calls) == 2 and loaded == [1] and page.notices_model.rowCount() == 1


def test_clear_forgets_everything(page):
    page.clear()
    assert page.notices_model.rowCount() == 0 and page.detail.findings_model.rowCount() == 0
    assert page.detail.number_label.text() == "未选择整改通知书" and page.stale
    assert page.title() == "整改" and page.key == "rectification"


def test_models_alone(qtbot):
    notices = NoticesTableModel()
    draft = rect.NoticeRow("n1", "", 2026, None, "d1", "晋城市民政局", None, NoticeStatus.DRAFT, None,
                           date(2026, 12, 31), 2, 0, 0, rect.NOTICE_DRAFT)
    issued = rect.NoticeRow("n2", "晋数安检〔2026〕3号", 2026, 3, "d1", "晋城市民政局", None, NoticeStatus.ISSUED,
                            date(2026, 11, 3), date(2026, 12, 1), 2, 1, 1, rect.NOTICE_OPEN)
    with qtbot.waitSignal(notices.modelReset):
        notices.set_rows([draft, issued])
    assert [notices.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "文号", "被检查单位", "签发日期", "整改期限", "问题数", "状态"]
    assert [notices.index(0, c).data() for c in range(6)] == [
        "（草稿，签发时编号）", "晋城市民政局", "—", "2026-12-31", "2", "草稿"]
    assert [notices.index(1, c).data() for c in range(6)] == [
        "晋数安检〔2026〕3号", "晋城市民政局", "2026-11-03", "2026-12-01", "2", "整改中"]
    assert notices.index(1, COL_STATE).data(Qt.ItemDataRole.ToolTipRole) == "未办结 1 项，逾期 1 项"
    assert notices.index(1, COL_STATE).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert notices.index(1, 0).data(ID_ROLE) == "n2" and notices.data(QModelIndex()) is None

    findings = NoticeFindingsModel()
    findings.set_rows([rect.NoticeFindingRow("f1", "明文存储", Severity.CRITICAL, S.REOPENED, date(2026, 11, 20), -4),
                       rect.NoticeFindingRow("f2", "无培训", Severity.GENERAL, S.CLOSED, date(2026, 11, 20), None,
                                             "已补训")])
    assert [findings.index(0, c).data() for c in range(5)] == ["明文存储", "重大", "已重新打开", "2026-11-20", "逾期 4 天"]
    assert findings.index(1, F_DAYS).data() == "—"
    assert findings.index(1, F_STATUS).data(Qt.ItemDataRole.ToolTipRole) == "核验意见：已补训"

    candidates = CandidateFindingsModel()
    candidates.set_rows([rect.DraftCandidate("f1", "明文存储", Severity.CRITICAL, "d1", "晋城市民政局", None, None),
                         rect.DraftCandidate("f2", "无培训", Severity.GENERAL, "d1", "晋城市民政局", None, None)])
    assert candidates.index(0).data() == "明文存储（重大）"
    assert candidates.checked_ids() == ["f1", "f2"]
    assert candidates.setData(candidates.index(0), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert candidates.checked_ids() == ["f2"]
    assert candidates.index(0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    candidates.set_all(False)
    assert candidates.checked_ids() == []
    assert candidates.flags(candidates.index(0)) & Qt.ItemFlag.ItemIsUserCheckable


# ---- 更正通知: an issued notice is corrected by a new numbered document, never edited ----------------------

ORIGINAL = "晋数安检〔2026〕1号"
TRAINING = "年度数据安全培训未开展"


def open_correction_dialog(qtbot, page):
    assert page.selected_notice().number == ORIGINAL and page.draft_button.isEnabled()
    click(qtbot, page.correct_button)
    qtbot.waitUntil(lambda: page.correction_dialog is not None and page.correction_dialog.isVisible(),
                    timeout=LOAD_MS)
    return page.correction_dialog


def check_finding(dialog, title: str) -> str:
    model = dialog.findings_model
    row = next(r for r in range(model.rowCount()) if model.row(r).title == title)
    assert model.setData(model.index(row), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    return model.row(row).finding_id


def requirement_of(vault, finding_id: str) -> str:
    with vault.session() as s:
        return s.get(Finding, finding_id).rectification_requirement


def test_a_correction_is_drafted_then_issued_and_only_then_changes_the_finding(qtbot, page, demo_vault, errors):
    original_id = page.selected_notice_id()
    dialog = open_correction_dialog(qtbot, page)
    assert dialog.findings_model.rowCount() == 2 and dialog.finding_ids() == []  # two findings: choose
    assert not dialog.ok_button.isEnabled()
    fid = check_finding(dialog, TRAINING)
    before = requirement_of(demo_vault, fid)
    assert before and dialog.requirement_edit.toPlainText() == before  # starts from what the notice says
    new = "2026年12月31日前组织全员数据安全培训，留存签到表和课件。"
    dialog.requirement_edit.setPlainText(new)
    assert dialog.requirement_check.isChecked()  # typing a requirement means correcting it
    assert not dialog.ok_button.isEnabled() and dialog.ok_button.toolTip() == "请填写更正原因。"  # the reason is required
    dialog.reason_edit.setPlainText("原整改要求未写明完成时限和留存材料")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(page.correction_drafted, timeout=LOAD_MS) as drafted:
        click(qtbot, dialog.ok_button)
    correction_id = drafted.args[0]
    qtbot.waitUntil(lambda: not dialog.isVisible() and page.detail.detail is not None
                    and page.detail.detail.notice.notice_id == correction_id, timeout=LOAD_MS)
    assert errors == []

    # a draft: listed as a 更正通知 naming the original; nothing changed yet
    assert requirement_of(demo_vault, fid) == before
    row = page.notices_model.row_of(correction_id)
    assert page.notices_model.index(row, COL_NUMBER).data() == f"（草稿，签发时编号） · 更正通知（更正{ORIGINAL}）"
    assert page.detail.changes_view.isVisible() and page.detail.reason_label.isVisible()
    assert page.detail.reason_label.text() == "原整改要求未写明完成时限和留存材料"
    changes = page.detail.changes_model
    assert changes.rowCount() == 1
    assert [changes.index(0, c).data() for c in range(4)] == [TRAINING, "整改要求", before, new]
    assert page.issue_button.isEnabled() and not page.correct_button.isEnabled()
    assert not page.form_button.isEnabled()
    assert enabled_actions(page) == set() and ORIGINAL in page.detail.hint_label.text()

    click(qtbot, page.issue_button)
    box = page.confirm_box
    qtbot.waitUntil(box.isVisible)
    assert ORIGINAL in box.text() and "更正通知" in box.text()
    [yes] = [b for b in box.buttons() if b.text() == "签发"]
    with qtbot.waitSignal(page.notice_issued, timeout=LOAD_MS) as issued:
        qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    assert issued.args == ["晋数安检〔2026〕2号"]
    assert requirement_of(demo_vault, fid) == new  # issuing applies the correction
    with demo_vault.session() as s:
        assert [n.number for n in rect.corrected_by(s, original_id)] == ["晋数安检〔2026〕2号"]
        assert s.get(Finding, fid).status is S.NOTIFIED  # its status stays
    qtbot.waitUntil(lambda: page.detail.number_label.text() == "晋数安检〔2026〕2号 · 更正通知", timeout=LOAD_MS)
    assert page.notices_model.index(page.notices_model.row_of(correction_id), COL_STATE).data() == "已签发"

    # the original says it was corrected, in the list and in its detail
    with qtbot.waitSignal(page.detail_loaded, timeout=LOAD_MS):
        page.notices_view.selectRow(page.notices_model.row_of(original_id))
    assert page.notices_model.index(page.notices_model.row_of(original_id), COL_NUMBER).data() == (
        f"{ORIGINAL}（已被晋数安检〔2026〕2号更正）")
    assert page.detail.corrected_label.isVisible()
    assert page.detail.corrected_label.text().startswith("已被晋数安检〔2026〕2号更正")
    assert not page.detail.changes_view.isVisible() and not page.detail.reason_label.isVisible()
    assert page.summary_label.text() == "草稿 0 份 · 整改中 1 份 · 已办结 0 份"  # a correction is not a notice to close


def test_a_correction_the_core_refuses_is_explained_in_the_dialog(qtbot, page, demo_vault, errors):
    dialog = open_correction_dialog(qtbot, page)
    fid = check_finding(dialog, TRAINING)
    dialog.requirement_check.setChecked(True)  # "corrected" to what it already says
    dialog.reason_edit.setPlainText("核对")
    with demo_vault.session() as s:
        notices = len(s.exec(select(RectificationNotice)).all())
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=LOAD_MS)
    assert dialog.message.is_error and dialog.isVisible()
    assert dialog.message.text() == ("没有需要更正的内容（新内容与原通知书相同）。\n"
                                     "Nothing to correct: the new content is what the notice already states.")
    assert errors == []  # said in the dialog, not in a box
    with demo_vault.session() as s:
        assert len(s.exec(select(RectificationNotice)).all()) == notices
    assert requirement_of(demo_vault, fid)
    dialog.reason_edit.setPlainText("核对有误")  # changing anything clears the message and allows another try
    assert not dialog.message.isVisible() and dialog.ok_button.isEnabled()


def test_correction_rows_alone(qtbot):
    notices = NoticesTableModel()
    correction = rect.NoticeRow("n3", "", 2026, None, "d1", "晋城市民政局", None, NoticeStatus.DRAFT, None,
                                date(2026, 12, 1), 1, 0, 0, rect.NOTICE_DRAFT, corrects_id="n2",
                                corrects_number="晋数安检〔2026〕3号")
    corrected = rect.NoticeRow("n2", "晋数安检〔2026〕3号", 2026, 3, "d1", "晋城市民政局", None, NoticeStatus.ISSUED,
                               date(2026, 11, 3), date(2026, 12, 1), 2, 1, 0, rect.NOTICE_OPEN,
                               corrected_by=("晋数安检〔2026〕4号",))
    notices.set_rows([correction, corrected])
    assert notices.index(0, COL_NUMBER).data() == "（草稿，签发时编号） · 更正通知（更正晋数安检〔2026〕3号）"
    assert notices.index(0, COL_STATE).data() == "草稿"
    assert "签发后生效" in notices.index(0, COL_NUMBER).data(Qt.ItemDataRole.ToolTipRole)
    assert notices.index(1, COL_NUMBER).data() == "晋数安检〔2026〕3号（已被晋数安检〔2026〕4号更正）"

"""The 公文 dialog (ui.letters): a 检查通知 drafted from the plans page, edited, issued after the question,
previewed and exported signed; the letters of a rectification notice; refusals shown beside the input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QComboBox, QPlainTextEdit
from sqlmodel import select

from inspector.model import Letter, NoticeStatus, Plan, PlanTarget, RectificationNotice
from inspector.services import letters, settings
from inspector.timezones import china_today
from ui.context import AppContext
from ui.forms.selfreport import SelfReportPanel
from ui.letters.dialog import LetterDialog, Scope, open_letter_dialog
from ui.letters.fields import OptionalDate
from ui.widgets.dates import DateEdit
from tests.ui.conftest import delivered

TIMEOUT = 30_000


@pytest.fixture
def ctx(demo_vault):
    return AppContext(demo_vault)


def _plan_target(vault) -> tuple[str, str, date]:
    with vault.session() as s:
        plan = s.exec(select(Plan)).first()
        target = s.exec(select(PlanTarget).where(PlanTarget.plan_id == plan.id,
                                                 PlanTarget.scheduled_on.is_not(None))).first()
        return plan.id, target.department_id, target.scheduled_on


def _open(qtbot, ctx, scope: Scope) -> LetterDialog:
    dialog = LetterDialog(ctx, scope)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.loaded, timeout=TIMEOUT):
        dialog.start()
    return dialog


def _new(qtbot, dialog: LetterDialog, index: int = 0) -> None:
    with qtbot.waitSignal(dialog.letter_loaded, timeout=TIMEOUT):
        dialog.new_menu.actions()[index].trigger()


def test_the_plans_page_panel_opens_the_inspection_notice_of_the_chosen_department(qtbot, ctx, demo_vault):
    plan_id, department_id, _ = _plan_target(demo_vault)
    panel = SelfReportPanel(ctx)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.targets_loaded, timeout=TIMEOUT):
        panel.set_plan(plan_id, "计划")
    assert panel.select_department(department_id)
    assert panel.notice_button.isEnabled()
    dialog = panel.open_letters()
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=TIMEOUT)
    assert dialog.scope == Scope(plan_id=plan_id, department_id=department_id)
    assert [a.text() for a in dialog.new_menu.actions()] == ["新建检查通知"]
    dialog.close()
    delivered(qtbot)


def test_draft_edit_issue_and_export_an_inspection_notice(qtbot, ctx, demo_vault, tmp_path):
    plan_id, department_id, day = _plan_target(demo_vault)
    with demo_vault.session() as s:
        settings.put(s, settings.DOC_CC, "市委网信办、市公安局")
        settings.put(s, settings.DOC_CONTACT, "李明")
    dialog = _open(qtbot, ctx, Scope(plan_id=plan_id, department_id=department_id))
    assert dialog.letters_list.count() == 0 and dialog.empty_label.isVisible()
    assert not dialog.issue_button.isEnabled()
    _new(qtbot, dialog)
    assert dialog.letters_list.count() == 1
    editors = dialog.editors.widgets
    assert isinstance(editors["visit_from"], DateEdit) and editors["visit_from"].date().toPython() == day
    assert isinstance(editors["visit_to"], OptionalDate) and editors["visit_to"].value() == day.isoformat()
    assert isinstance(editors["materials"], QPlainTextEdit)
    # 抄送 / 联系人 come from the settings' defaults
    assert dialog.cc_edit.text() == "市委网信办、市公安局" and dialog.contact_edit.text() == "李明"
    assert not dialog.save_button.isEnabled()

    editors["materials"].setPlainText("制度文件\n数据目录")
    # the demo's visits are past: a notice is issued before the self-assessment is due
    upcoming = china_today() + timedelta(days=15)
    editors["visit_from"].setDate(upcoming)
    editors["visit_to"].set_value(upcoming.isoformat())
    editors["selfreport_due"].setDate(upcoming - timedelta(days=7))
    dialog.phone_edit.setText("0356-2021234")
    dialog.phone_edit.textEdited.emit("0356-2021234")
    assert dialog.dirty and dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.letter_loaded, timeout=TIMEOUT):
        dialog.save_button.click()
    with demo_vault.session() as s:
        letter = s.exec(select(Letter)).one()
        assert letter.fields["materials"] == "制度文件\n数据目录"
        assert letter.colophon == {"cc": ["市委网信办", "市公安局"], "contact": "李明", "phone": "0356-2021234"}
        letter_id = letter.id

    asked: list[str] = []
    dialog.ask_issue = lambda kind: asked.append(kind) or False  # 取消: nothing happens
    dialog.issue_button.click()
    delivered(qtbot)
    assert asked == ["检查通知"]
    with demo_vault.session() as s:
        assert s.get(Letter, letter_id).status is NoticeStatus.DRAFT
    dialog.ask_issue = lambda kind: True
    with qtbot.waitSignal(dialog.issued, timeout=TIMEOUT):
        dialog.issue_button.click()
    qtbot.waitUntil(lambda: dialog.current is not None and dialog.current.row.status == "issued", timeout=TIMEOUT)
    with demo_vault.session() as s:
        number = s.get(Letter, letter_id).number
    assert number and number in dialog.title_label.text() and number in dialog.letters_list.item(0).text()
    assert not dialog.issue_button.isEnabled() and not dialog.delete_button.isEnabled()
    assert dialog.preview_button.isEnabled() and editors is not dialog.editors
    assert dialog.editors.widgets["materials"].isReadOnly() and dialog.cc_edit.isReadOnly()

    dialog.preview_button.click()
    document = dialog.document_dialog
    with qtbot.waitSignal(document.preview_ready, timeout=TIMEOUT):
        pass
    assert number in document.title_label.text() and document.sign_button.isEnabled()
    out = tmp_path / "检查通知.pdf"
    document.ask_path = lambda name: str(out)
    with qtbot.waitSignal(document.exported, timeout=TIMEOUT) as blocker:
        document.sign_button.click()
    delivered(qtbot)
    result = blocker.args[0]
    assert out.exists() and result.recorded and result.kind == "inspection_notice"
    with demo_vault.session() as s:
        assert s.get(Letter, letter_id).file_sha256 == result.sha256  # as `inspector export letter` keeps it
    document.close()
    dialog.close()
    delivered(qtbot)


def test_a_refused_input_is_said_beside_it_and_a_draft_is_deleted(qtbot, ctx, demo_vault):
    plan_id, department_id, day = _plan_target(demo_vault)
    dialog = _open(qtbot, ctx, Scope(plan_id=plan_id, department_id=department_id))
    _new(qtbot, dialog)
    due = dialog.editors.widgets["selfreport_due"]
    due.setDate(due.date().addDays(30))  # after the visit starts
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.message.isVisible(), timeout=TIMEOUT)
    assert "自查表报送期限应早于检查开始日期" in dialog.message.text() and dialog.message.is_error
    assert dialog.dirty

    dialog.ask_delete = lambda kind: True
    with qtbot.waitSignal(dialog.deleted, timeout=TIMEOUT):
        dialog.delete_button.click()
    qtbot.waitUntil(lambda: dialog.letters_list.count() == 0 and dialog.current is None, timeout=TIMEOUT)
    with demo_vault.session() as s:
        assert s.exec(select(Letter)).all() == []
    dialog.close()
    delivered(qtbot)


def test_the_letters_of_a_notice_offer_its_kinds(qtbot, ctx, demo_vault):
    with demo_vault.session() as s:
        notice = s.exec(select(RectificationNotice).where(RectificationNotice.status == NoticeStatus.ISSUED)).one()
        offered = letters.kinds_for_notice(s, notice.id)
    dialog = _open(qtbot, ctx, Scope(notice_id=notice.id))
    assert offered[:2] == ["review", "urge"]
    assert [a.text() for a in dialog.new_menu.actions()][:2] == ["新建整改复查意见书", "新建整改督办通知"]
    assert notice.number in dialog.heading.text()
    _new(qtbot, dialog, 0)  # 整改复查意见书: a choice and a date that may stay empty
    widgets = dialog.editors.widgets
    assert isinstance(widgets["next_step"], QComboBox) and isinstance(widgets["reinspect_on"], OptionalDate)
    assert isinstance(widgets["remarks"], QPlainTextEdit)
    with demo_vault.session() as s:
        [row] = letters.list_letters(s, notice_id=notice.id)
        assert row.kind == "review" and row.status == "draft"
    dialog.close()
    delivered(qtbot)


def test_the_rectification_detail_asks_for_the_letters_of_an_issued_notice(qtbot, ctx, demo_vault):
    from ui.rectification.page import RectificationPage

    page = RectificationPage(ctx)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.detail_loaded, timeout=TIMEOUT):
        page.activate()
    with demo_vault.session() as s:
        issued = s.exec(select(RectificationNotice).where(RectificationNotice.status == NoticeStatus.ISSUED)).one()
    page.notices_view.selectRow(page.notices_model.row_of(issued.id))
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.notice.notice_id == issued.id,
                    timeout=TIMEOUT)
    assert page.detail.letters_button.isEnabled()
    with qtbot.waitSignal(page.detail.letters_requested, timeout=TIMEOUT) as blocker:
        page.detail.letters_button.click()
    assert blocker.args == [issued.id]
    dialog = page.letter_dialog  # the page opens the dialog for it
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=TIMEOUT)
    assert dialog.scope == Scope(notice_id=issued.id) and dialog.isVisible()
    page.clear()  # the vault locks: the dialog goes
    assert page.letter_dialog is None
    delivered(qtbot)


def test_open_letter_dialog_selects_the_letter_asked_for(qtbot, ctx, demo_vault):
    plan_id, department_id, _ = _plan_target(demo_vault)
    with demo_vault.session() as s:
        first = letters.create(s, "inspection_notice", plan_id=plan_id, department_id=department_id).id
        second = letters.create(s, "inspection_notice", plan_id=plan_id, department_id=department_id).id
    dialog = open_letter_dialog(ctx, None, Scope(plan_id=plan_id, department_id=department_id), select=first)
    qtbot.waitUntil(lambda: dialog.current is not None, timeout=TIMEOUT)
    assert dialog.current.row.id == first and second
    dialog.close()
    delivered(qtbot)

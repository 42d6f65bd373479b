"""The finding editor on the demo vault: edits saved as made, article 33 consequences, status steps, evidence."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from sqlmodel import func, select

from inspector.errors import TransitionError
from inspector.model import (
    AuditEvent,
    Finding,
    FindingStatus,
    FindingTransition,
    Severity,
)
from inspector.services import findings, inspections
from ui.context import AppContext
from ui.findings.editor import NO_DEADLINE, FindingEditor
from ui.rectification.dialogs import TransitionDialog

TIMEOUT_MS = 10_000


def finding_where(vault, *conditions) -> Finding:
    with vault.session() as s:
        return s.exec(select(Finding).where(*conditions).order_by(Finding.created_at)).first()


def fresh(vault, finding_id: str) -> Finding:
    with vault.session() as s:  # a new session: what the vault really holds
        return s.get(Finding, finding_id)


def audit_count(vault) -> int:
    with vault.session() as s:
        return s.exec(select(func.count()).select_from(AuditEvent)).one()


def unexpected_question(err):
    raise AssertionError(f"unexpected question: {err.zh}")  # never a modal box that would wait forever


@pytest.fixture
def open_editor(qtbot, demo_vault):
    def opener(finding: Finding) -> FindingEditor:
        editor = FindingEditor(AppContext(demo_vault))
        editor.confirm_void = unexpected_question  # a test that expects the question replaces it
        qtbot.addWidget(editor)
        editor.resize(1200, 800)
        editor.show()
        with qtbot.waitSignal(editor.loaded, timeout=TIMEOUT_MS):
            editor.open(finding.id)
        return editor
    return opener


def commit(widget, text: str) -> None:
    """Chinese text arrives from the input method as a committed string (QTest types ASCII only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_the_editor_shows_every_field(open_editor, demo_vault):
    f = finding_where(demo_vault, Finding.escalate_secrecy)
    editor = open_editor(f)
    assert editor.title_edit.text() == f.title
    assert editor.description_edit.toPlainText() == f.description
    assert editor.location_edit.text() == f.location
    assert editor.handling_edit.toPlainText() == f.handling_opinion
    assert editor.requirement_edit.toPlainText() == f.rectification_requirement
    assert editor.severity_combo.currentData() == Severity(f.severity).value
    assert editor.deadline_edit.date().toPython() == f.deadline
    assert editor.department_label.text() == "晋城市人力资源和社会保障局"
    assert editor.item_label.text().startswith("3-11") and editor.item_text_label.text()
    assert editor.articles.numbers() == sorted(f.articles)
    assert editor.articles.model.index(0).data().startswith("第二十三条  数据存储")  # number and text of the article
    assert editor.secrecy_check.isChecked() and editor.secrecy_note.isVisible()
    assert editor.secrecy_note.text() == "须向保密主管部门报告（第三十三条）"
    assert not editor.police_check.isChecked() and not editor.police_note.isVisible()
    assert editor.status_panel.status_label.text() == "当前状态：草稿"
    assert editor.history_model.rowCount() == 0


def test_edits_are_saved_as_they_are_made(qtbot, open_editor, demo_vault):
    f = finding_where(demo_vault, Finding.status == FindingStatus.DRAFT)
    editor = open_editor(f)
    events = audit_count(demo_vault)
    editor.description_edit.moveCursor(editor.description_edit.textCursor().MoveOperation.End)
    editor.description_edit.setFocus()
    written: dict = {}
    editor.saved.connect(written.update)
    commit(editor.description_edit, "（现场已拍照取证）")
    qtbot.keyClicks(editor.location_edit, " B2")
    # saved after a pause in typing, without a Save button
    qtbot.waitUntil(lambda: set(written) == {"description", "location"}, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: editor.save_label.text() == "已保存", timeout=TIMEOUT_MS)
    back = fresh(demo_vault, f.id)
    assert back.description == f.description + "（现场已拍照取证）"
    assert back.location == f.location + " B2"
    assert audit_count(demo_vault) > events  # through the ORM: audited

    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):
        editor.severity_combo.setCurrentIndex(editor.severity_combo.findData(Severity.GENERAL))
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):
        editor.deadline_edit.setDate(QDate(2027, 3, 31))
    back = fresh(demo_vault, f.id)
    assert back.severity is Severity.GENERAL and back.deadline == date(2027, 3, 31)
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):
        qtbot.mouseClick(editor.clear_deadline_button, Qt.MouseButton.LeftButton)
    assert editor.deadline_edit.date() == NO_DEADLINE and not editor.deadline_edit.isVisible()
    assert editor.no_deadline_label.isVisible() and editor.no_deadline_label.text() == "未设定"
    assert fresh(demo_vault, f.id).deadline is None
    editor.today = lambda: date(2026, 11, 24)
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):
        qtbot.mouseClick(editor.set_deadline_button, Qt.MouseButton.LeftButton)
    assert editor.deadline_edit.isVisible() and fresh(demo_vault, f.id).deadline == date(2026, 12, 24)


def test_text_typed_just_before_a_lock_is_written(qtbot, open_editor, demo_vault):
    f = finding_where(demo_vault, Finding.status == FindingStatus.DRAFT)
    editor = open_editor(f)
    editor.handling_edit.setFocus()
    editor.handling_edit.moveCursor(editor.handling_edit.textCursor().MoveOperation.End)
    commit(editor.handling_edit, "移送公安机关。")
    assert editor.debouncers["handling_opinion"].pending  # still waiting for a pause in typing
    editor.clear()  # the shell clears every page before it closes the vault
    from ui import tasks

    assert tasks.wait_for_all(TIMEOUT_MS)
    assert fresh(demo_vault, f.id).handling_opinion == f.handling_opinion + "移送公安机关。"
    assert editor.title_edit.text() == "" and not editor.title_edit.isEnabled()


def test_checking_an_escalation_shows_its_consequence_and_saves_it(qtbot, open_editor, demo_vault):
    f = finding_where(demo_vault, Finding.escalate_police.is_(False), Finding.escalate_secrecy.is_(False))
    editor = open_editor(f)
    assert not editor.police_note.isVisible()
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):
        qtbot.mouseClick(editor.police_check, Qt.MouseButton.LeftButton)
    assert editor.police_note.isVisible()
    assert editor.police_note.text() == "应立即制止，并提请公安机关依法查处（第三十三条）"
    assert fresh(demo_vault, f.id).escalate_police is True
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):
        qtbot.mouseClick(editor.secrecy_check, Qt.MouseButton.LeftButton)
    assert editor.secrecy_note.isVisible() and fresh(demo_vault, f.id).escalate_secrecy is True


def test_articles_are_added_and_removed(qtbot, open_editor, demo_vault):
    f = finding_where(demo_vault, Finding.status == FindingStatus.DRAFT)
    editor = open_editor(f)
    before = sorted(f.articles)
    editor.articles.chooser.setCurrentIndex(editor.articles.chooser.findData(33))
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):
        qtbot.mouseClick(editor.articles.add_button, Qt.MouseButton.LeftButton)
    assert fresh(demo_vault, f.id).articles == sorted({*before, 33})
    assert "第三十三条  对监督检查中发现的重大安全隐患" in editor.articles.model.index(
        editor.articles.numbers().index(33)).data()
    editor.articles.view.setCurrentIndex(editor.articles.model.index(editor.articles.numbers().index(33)))
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):
        qtbot.mouseClick(editor.articles.remove_button, Qt.MouseButton.LeftButton)
    assert fresh(demo_vault, f.id).articles == before


def test_an_empty_title_is_not_saved(qtbot, open_editor, demo_vault):
    f = finding_where(demo_vault, Finding.status == FindingStatus.DRAFT)
    editor = open_editor(f)
    events = audit_count(demo_vault)
    editor.title_edit.selectAll()
    qtbot.keyClick(editor.title_edit, Qt.Key.Key_Delete)
    editor.flush()
    assert editor.message.isVisible() and "标题不能为空" in editor.message.text()
    from ui import tasks

    assert tasks.wait_for_all(TIMEOUT_MS)
    assert fresh(demo_vault, f.id).title == f.title and audit_count(demo_vault) == events


def test_only_allowed_steps_are_offered_and_a_refused_one_changes_nothing(qtbot, open_editor, demo_vault, monkeypatch):
    shown: list = []
    monkeypatch.setattr("ui.findings.editor.show_error", lambda parent, err: shown.append(err))
    f = finding_where(demo_vault, Finding.status == FindingStatus.DRAFT)
    editor = open_editor(f)
    events = audit_count(demo_vault)
    # A draft becomes 已通知 only by issuing its notice, and draft → closed is not allowed: no button at all.
    assert editor.status_panel.buttons == {} and not editor.status_panel.none_label.isHidden()
    assert "整改通知书后，状态自动变为“已通知”" in editor.status_panel.none_label.text()
    editor.transition(FindingStatus.NOTIFIED)  # not offered; asked anyway, the core refuses it
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=TIMEOUT_MS)
    assert isinstance(shown[0], TransitionError)
    assert shown[0].zh == "只有签发整改通知书后，问题才能变为“已通知”。"
    editor.transition(FindingStatus.CLOSED)  # not offered; asked anyway, the core refuses it
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=TIMEOUT_MS)
    assert shown[1].zh == "问题状态不能从“草稿”变为“已关闭”。"
    assert fresh(demo_vault, f.id).status is FindingStatus.DRAFT and audit_count(demo_vault) == events
    with demo_vault.session() as s:
        assert s.exec(select(FindingTransition).where(FindingTransition.finding_id == f.id)).all() == []


def test_steps_with_a_prompt_and_without(qtbot, open_editor, demo_vault):
    f = finding_where(demo_vault, Finding.status == FindingStatus.RECTIFYING)
    editor = open_editor(f)
    assert editor.history_model.rowCount() == 2
    with qtbot.waitSignal(editor.status_changed, timeout=TIMEOUT_MS):
        qtbot.mouseClick(editor.status_panel.buttons[FindingStatus.REPORTED], Qt.MouseButton.LeftButton)
    assert fresh(demo_vault, f.id).status is FindingStatus.REPORTED
    assert editor.status_panel.status_label.text() == "当前状态：已报整改"
    assert set(editor.status_panel.buttons) == {FindingStatus.VERIFIED, FindingStatus.REOPENED}
    assert editor.history_model.rowCount() == 3

    qtbot.mouseClick(editor.status_panel.buttons[FindingStatus.REOPENED], Qt.MouseButton.LeftButton)
    dialog = editor.status_panel.dialog
    assert isinstance(dialog, TransitionDialog) and dialog.isVisible() and not dialog.ok_button.isEnabled()
    dialog.text_edit.setPlainText("复查发现备份策略仍未落实")
    dialog.deadline_edit.setDate(QDate(2027, 2, 28))
    with qtbot.waitSignal(editor.status_changed, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    back = fresh(demo_vault, f.id)
    assert back.status is FindingStatus.REOPENED and back.deadline == date(2027, 2, 28)
    assert editor.deadline_edit.date().toPython() == date(2027, 2, 28)
    last = editor.history_model.index(3, 3).data()
    assert last == "复查发现备份策略仍未落实"


def test_the_answer_for_a_finding_left_meanwhile_never_shows(qtbot, open_editor, demo_vault, monkeypatch):
    first = finding_where(demo_vault, Finding.escalate_secrecy)
    second = finding_where(demo_vault, Finding.status == FindingStatus.RECTIFYING)
    editor = open_editor(second)
    entered, release = threading.Event(), threading.Event()
    real = findings.finding_detail

    def held(s, finding_id, today=None):
        if finding_id == first.id:  # held on the worker until the editor moved on to the second finding
            entered.set()
            release.wait(TIMEOUT_MS / 1000)
        return real(s, finding_id, today)

    monkeypatch.setattr(findings, "finding_detail", held)
    shown: list[str] = []
    editor.loaded.connect(shown.append)
    editor.open(first.id)
    assert entered.wait(TIMEOUT_MS / 1000)
    with qtbot.waitSignal(editor.loaded, timeout=TIMEOUT_MS):
        editor.open(second.id)
        release.set()
    assert shown == [second.id]  # the first finding's answer came first (the worker runs in order): dropped
    assert editor.title_edit.text() == second.title and editor.detail.id == second.id
    assert editor.history_model.rowCount() == 2


def test_a_status_step_shows_the_finding_shown_now(qtbot, open_editor, demo_vault, monkeypatch):
    stepped = finding_where(demo_vault, Finding.status == FindingStatus.RECTIFYING)
    other = finding_where(demo_vault, Finding.escalate_secrecy)
    editor = open_editor(stepped)
    entered, release = threading.Event(), threading.Event()
    real = findings.change_status

    def held(s, finding_id, target, **kw):
        entered.set()
        release.wait(TIMEOUT_MS / 1000)
        return real(s, finding_id, target, **kw)

    monkeypatch.setattr(findings, "change_status", held)
    editor.transition(FindingStatus.REPORTED)
    assert entered.wait(TIMEOUT_MS / 1000)
    shown: list[str] = []
    editor.loaded.connect(shown.append)
    with qtbot.waitSignal(editor.status_changed, timeout=TIMEOUT_MS) as announced:
        editor.open(other.id)  # the user moves on while the step is written
        release.set()
    assert announced.args == [stepped.id]
    # The detail read last (after the step) is the other finding's, edits refilled: never the stepped one's.
    assert shown == [other.id] and editor.detail.id == other.id
    assert editor.title_edit.text() == other.title and fresh(demo_vault, stepped.id).status is FindingStatus.REPORTED


def test_evidence_gallery_shows_adds_and_opens(qtbot, open_editor, demo_vault, tmp_path):
    f = finding_where(demo_vault, Finding.escalate_secrecy)
    with demo_vault.session() as s:  # evidence on the inspection result of the finding's item
        inspections.add_result_evidence(s, f.inspection_id, f.item_id, "机房照片.png", _png())
    editor = open_editor(f)
    gallery = editor.evidence
    qtbot.waitUntil(lambda: gallery.own.model.rowCount() == 1 and gallery.own.model.has_thumbnail(
        gallery.own.model.rows()[0].sha256), timeout=TIMEOUT_MS)
    assert gallery.result.isVisible() and [e.filename for e in gallery.result.model.rows()] == ["机房照片.png"]

    photo = tmp_path / "整改前.png"
    photo.write_bytes(_png())
    gallery.own.choose_files = lambda parent: [str(photo)]
    with qtbot.waitSignal(gallery.evidence_added, timeout=TIMEOUT_MS):
        qtbot.mouseClick(gallery.own.add_button, Qt.MouseButton.LeftButton)
    assert [e.filename for e in gallery.own.model.rows()][-1] == "整改前.png"
    with demo_vault.session() as s:
        from inspector.services.evidence import evidence_of

        assert [e.filename for e in evidence_of(s, "finding", f.id)][-1] == "整改前.png"

    gallery.open_evidence(gallery.result.model.rows()[0])
    qtbot.waitUntil(lambda: gallery.viewer is not None and gallery.viewer.isVisible(), timeout=TIMEOUT_MS)
    assert gallery.viewer.displayed_size() != (0, 0)
    gallery.viewer.close()


def _png() -> bytes:
    from PySide6.QtGui import QColor, QImage

    from ui.widgets.images import png_bytes

    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#4a7bb7"))
    return png_bytes(image)


# ---- what froze a finding, the signature it would void, art. 33 records ------------------------


def _issued_finding(vault) -> Finding:
    return finding_where(vault, Finding.notice_id.is_not(None))


def test_a_finding_of_an_issued_notice_is_read_only_under_a_banner(qtbot, open_editor, demo_vault):
    f = _issued_finding(demo_vault)
    editor = open_editor(f)
    assert editor.banner.isVisible()
    text = editor.banner.text()
    assert "该问题已列入已签发的整改通知书 晋数安检〔2026〕1号" in text and "起草更正通知" in text
    assert "现场检查已完成" in text  # its inspection is completed too
    for widget in editor.text_widgets.values():  # location too: the completed record states it
        assert widget.isReadOnly()
    assert not editor.severity_combo.isEnabled() and not editor.secrecy_check.isEnabled()
    assert not editor.deadline_edit.isEnabled() and not editor.articles.add_button.isVisible()
    assert not editor.evidence.own.add_button.isVisible()
    events = audit_count(demo_vault)
    qtbot.keyClicks(editor.requirement_edit, "x")
    qtbot.keyClicks(editor.title_edit, "y")
    editor.flush()
    from ui import tasks

    assert tasks.wait_for_all(TIMEOUT_MS)
    assert fresh(demo_vault, f.id).rectification_requirement == f.rectification_requirement
    assert audit_count(demo_vault) == events
    assert editor.status_panel.buttons  # the status steps go on as before


def test_reopened_inspection_leaves_only_the_notice_fields_frozen(qtbot, open_editor, demo_vault):
    f = _issued_finding(demo_vault)
    with demo_vault.session() as s:
        inspections.reopen_inspection(s, f.inspection_id, "更正地点")
    editor = open_editor(f)
    asked = []
    editor.confirm_void = lambda err: asked.append(err) or True  # reopened, 李红梅's signature still holds
    assert "晋数安检〔2026〕1号" in editor.banner.text() and "现场检查已完成" not in editor.banner.text()
    assert editor.requirement_edit.isReadOnly() and not editor.location_edit.isReadOnly()
    assert editor.evidence.own.add_button.isVisible()
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):
        qtbot.keyClicks(editor.location_edit, " 2F")
        editor.flush()
    assert fresh(demo_vault, f.id).location == f.location + " 2F"
    assert len(asked) == 1 and "李红梅" in asked[0].zh


def test_frozen_meanwhile_is_said_calmly_and_the_fields_become_read_only(qtbot, open_editor, demo_vault):
    f = finding_where(demo_vault, Finding.status == FindingStatus.DRAFT)
    editor = open_editor(f)
    assert not editor.banner.isVisible() and not editor.description_edit.isReadOnly()
    with demo_vault.session() as s:  # another window completes the inspection
        inspections.complete_inspection(s, f.inspection_id, summary="小结", record_unchecked=True,
                                        rep_not_signed="absent")
    commit(editor.description_edit, "补充")
    editor.flush()
    qtbot.waitUntil(lambda: editor.description_edit.isReadOnly(), timeout=TIMEOUT_MS)
    assert "现场检查已完成" in editor.banner.text() and not editor.message.isVisible()
    assert editor.description_edit.toPlainText() == f.description and editor.save_label.text() == "未保存"
    assert fresh(demo_vault, f.id).description == f.description


def _sign(vault, inspection_id):
    from ui.widgets.images import png_bytes
    from PySide6.QtGui import QColor, QImage

    image = QImage(40, 20, QImage.Format.Format_ARGB32)
    image.fill(QColor("black"))
    with vault.session() as s:
        inspections.save_signature(s, inspection_id, png_bytes(image), "陈静")


def test_a_change_to_a_signed_records_finding_asks_first(qtbot, open_editor, demo_vault):
    f = finding_where(demo_vault, Finding.status == FindingStatus.DRAFT)
    _sign(demo_vault, f.inspection_id)
    editor = open_editor(f)
    asked = []
    editor.confirm_void = lambda err: asked.append(err) or False
    events = audit_count(demo_vault)
    commit(editor.description_edit, "签字后补充")
    editor.flush()
    qtbot.waitUntil(lambda: len(asked) == 1 and editor.description_edit.toPlainText() == f.description,
                    timeout=TIMEOUT_MS)
    assert asked[0].zh.startswith("修改将使 陈静 于 ") and editor.save_label.text() == "未修改（保留签字）"
    from ui import tasks

    assert tasks.wait_for_all(TIMEOUT_MS)
    assert fresh(demo_vault, f.id).description == f.description and audit_count(demo_vault) == events
    with demo_vault.session() as s:
        assert inspections.get_inspection(s, f.inspection_id).rep_signature_sha256 is not None

    editor.confirm_void = lambda err: asked.append(err) or True
    target = next(sev for sev in (Severity.GENERAL, Severity.MAJOR) if sev is not Severity(f.severity))
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):
        editor.severity_combo.setCurrentIndex(editor.severity_combo.findData(target))
    assert len(asked) == 2 and fresh(demo_vault, f.id).severity is target
    with demo_vault.session() as s:
        assert inspections.get_inspection(s, f.inspection_id).rep_signature_sha256 is None


def test_an_escalation_is_recorded_in_its_dialog(qtbot, open_editor, demo_vault):
    from inspector.model import Escalation, EscalationState
    from ui.findings.escalation import EscalationDialog

    f = finding_where(demo_vault, Finding.escalate_secrecy)
    editor = open_editor(f)
    editor.today = lambda: date(2026, 11, 24)
    line = editor.escalation_lines["secrecy"]
    assert line.isVisible() and line.label.text() == "待报告：保密主管部门" and line.button.isVisible()
    assert not editor.escalation_lines["police"].isVisible()
    qtbot.mouseClick(line.button, Qt.MouseButton.LeftButton)
    dialog = editor.escalation_dialog
    assert isinstance(dialog, EscalationDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=TIMEOUT_MS)
    assert dialog.authority_edit.text() == "保密主管部门" and dialog.windowTitle() == "登记上报"
    dialog.authority_edit.clear()
    assert not dialog.ok_button.isEnabled()
    dialog.authority_edit.setText("晋城市国家保密局")
    dialog.date_edit.setDate(QDate(2026, 11, 21))
    dialog.reference_edit.setText("晋保函〔2026〕12号")
    dialog.note_edit.setPlainText("电话报告后补送书面材料")
    with qtbot.waitSignal(editor.escalation_recorded, timeout=TIMEOUT_MS):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert line.label.text().startswith("已报告：晋城市国家保密局 · 2026-11-21 · 晋保函〔2026〕12号")
    assert not line.button.isVisible() and not editor.secrecy_check.isEnabled()
    with demo_vault.session() as s:
        e = s.exec(select(Escalation).where(Escalation.finding_id == f.id)).one()
        assert e.state == EscalationState.DONE and e.authority == "晋城市国家保密局"
        assert e.reference == "晋保函〔2026〕12号" and e.note == "电话报告后补送书面材料"
        assert e.done_at.astimezone().date() == date(2026, 11, 21)


def test_an_unlawful_act_raises_the_severity_and_opens_its_record(qtbot, open_editor, demo_vault):
    f = finding_where(demo_vault, Finding.status == FindingStatus.DRAFT, Finding.escalate_secrecy.is_(False),
                      Finding.escalate_police.is_(False))
    with demo_vault.session() as s:
        findings.update_finding(s, f.id, {"severity": Severity.GENERAL})
    editor = open_editor(f)
    assert editor.severity_combo.currentData() == Severity.GENERAL.value
    qtbot.mouseClick(editor.police_check, Qt.MouseButton.LeftButton)
    line = editor.escalation_lines["police"]
    qtbot.waitUntil(lambda: line.isVisible() and editor.severity_combo.currentData() == Severity.MAJOR.value,
                    timeout=TIMEOUT_MS)
    assert line.label.text() == "待移送：公安机关（应立即制止）" and line.button.text() == "登记移送…"
    assert fresh(demo_vault, f.id).severity is Severity.MAJOR
    # below 较大 is refused while the flag is set, and said so
    with qtbot.waitSignal(editor.loaded, timeout=TIMEOUT_MS):
        editor.severity_combo.setCurrentIndex(editor.severity_combo.findData(Severity.GENERAL))
    assert "不能低于“较大”" in editor.message.text()
    assert editor.severity_combo.currentData() == Severity.MAJOR.value
    assert fresh(demo_vault, f.id).severity is Severity.MAJOR


def test_someone_elses_save_meanwhile_is_not_overwritten(qtbot, open_editor, demo_vault):
    """Two people on the same finding (two windows, or two office staff on the hub): the editor's save is refused,
    says who changed it, and shows their version; an edit made on it then saves."""
    f = finding_where(demo_vault, Finding.status == FindingStatus.DRAFT)
    editor = open_editor(f)
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):  # the editor's own saves never count as another's
        editor.location_edit.setText("机房 A1")
    with demo_vault.session() as s:  # the other person saves
        findings.update_finding(s, f.id, {"title": "另一位检查人员改的标题"})
    editor.location_edit.setText("机房 A2")
    qtbot.waitUntil(lambda: editor.save_label.text() == "未保存", timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: editor.title_edit.text() == "另一位检查人员改的标题", timeout=TIMEOUT_MS)
    assert "未保存" in editor.message.text() and "另一位检查人员改的标题" in editor.message.text()
    assert fresh(demo_vault, f.id).location == "机房 A1"  # not overwritten by the refused save
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT_MS):
        editor.location_edit.setText("机房 A3")
    back = fresh(demo_vault, f.id)
    assert back.location == "机房 A3" and back.title == "另一位检查人员改的标题"

"""Two people editing the same record (issue 20), in the editors: someone else's save goes through the service
between this editor's read and its save; the save is refused with the bilingual message, the other person's
version is shown, and nothing of theirs is overwritten. The editor's own saves in a row are never taken for
someone else's."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from inspector.concurrency import StaleEditError
from inspector.model import (
    Finding,
    FindingStatus,
    Inspection,
    InspectionResult,
    InspectionStatus,
    Letter,
    Plan,
    PlanTarget,
    RectificationNotice,
    Verdict,
)
from inspector.services import colophons, inspections, letter_inspection, letters, plans
from inspector.services import rectification as rect
from ui import tasks
from ui.context import AppContext
from ui.inspections.runner import InspectionRunner
from ui.inspections.saver import SUMMARY
from ui.letters.dialog import LetterDialog, Scope
from ui.plans.editor import PlanEditor
from ui.rectification.dialogs import ColophonDialog

TIMEOUT = 10_000


def settle(qtbot) -> None:
    assert tasks.wait_for_all(TIMEOUT)
    qtbot.wait(20)
    assert tasks.wait_for_all(TIMEOUT)


def someone_else(vault, fn):
    """The other person's save: another session, committed."""
    with vault.session() as s:
        result = fn(s)
        s.commit()
        return result


@pytest.fixture
def ctx(demo_vault):
    return AppContext(demo_vault)


# ---- the plan editor -----------------------------------------------------------------------------


def test_plan_editor_refuses_to_overwrite_and_shows_the_other_version(qtbot, ctx, demo_vault):
    with demo_vault.session() as s:
        plan_id = s.exec(select(Plan)).first().id
    editor = PlanEditor(ctx, plan_id)
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.loaded, timeout=TIMEOUT):
        editor.show()
    # this editor's own saves in a row go through (the revision it saved is remembered)
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT):
        editor.form.focus_edit.setText("我的重点一")
        editor.form.focus_edit.editingFinished.emit()
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT):
        editor.form.focus_edit.setText("我的重点二")
        editor.form.focus_edit.editingFinished.emit()

    someone_else(demo_vault, lambda s: plans.update_plan(s, plan_id, title="他人改的计划名称"))
    with qtbot.waitSignal(editor.save_failed, timeout=TIMEOUT) as failed:
        editor.form.title_edit.setText("我改的计划名称")
        editor.form.title_edit.editingFinished.emit()
    assert isinstance(failed.args[0], StaleEditError)
    qtbot.waitUntil(lambda: editor.form.title_edit.text() == "他人改的计划名称", timeout=TIMEOUT)
    assert editor.message.is_error and "未保存" in editor.message.text()
    assert editor.form.focus_edit.text() == "我的重点二" and editor.dirty() == {}
    with demo_vault.session() as s:
        assert s.get(Plan, plan_id).title == "他人改的计划名称"
    # on the version now shown, the next change is saved
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT):
        editor.form.title_edit.setText("我再改的计划名称")
        editor.form.title_edit.editingFinished.emit()
    with demo_vault.session() as s:
        assert s.get(Plan, plan_id).title == "我再改的计划名称"
    editor.discard_and_close()


def test_plan_editor_refuses_to_overwrite_targets_changed_meanwhile(qtbot, ctx, demo_vault):
    """Targets: this editor's changes in a row are saved; after someone else's change the next one is refused and
    the editor shows their targets (the plan's fields as typed stay); on those the next change is saved."""
    from datetime import date

    from inspector.model import Department
    from inspector.services.plans import TargetSpec

    with demo_vault.session() as s:
        plan_id = s.exec(select(Plan)).first().id
        taken = {t.department_id for t in s.exec(select(PlanTarget).where(PlanTarget.plan_id == plan_id))}
        first, first_name = next((d.id, d.name) for d in s.exec(select(Department)).all() if d.id not in taken)
    editor = PlanEditor(ctx, plan_id)
    qtbot.addWidget(editor)
    with qtbot.waitSignal(editor.loaded, timeout=TIMEOUT):
        editor.show()
    before = editor.targets_model.rowCount()
    for day in (4, 5):  # mine, twice in a row
        with qtbot.waitSignal(editor.saved, timeout=TIMEOUT):
            editor.put_target(dict(department_id=first, department=first_name, scheduled_on=date(2027, 1, day),
                                   notes=""))

    def theirs(s):
        targets = [TargetSpec(t["department_id"], t["scheduled_on"], t["notes"])
                   for t in plans.get_plan(s, plan_id).targets if t["department_id"] != first]
        plans.set_targets(s, plan_id, targets)

    someone_else(demo_vault, theirs)  # they took my department out again
    with qtbot.waitSignal(editor.save_failed, timeout=TIMEOUT) as failed:
        editor.put_target(dict(department_id=first, department=first_name, scheduled_on=None, notes="再加"))
    assert isinstance(failed.args[0], StaleEditError)
    assert editor.message.is_error and "被检查单位" in editor.message.text()
    assert editor.targets_model.department_ids() == taken and editor.targets_model.rowCount() == before
    assert "他人修改后的被检查单位" in editor.state_label.text()
    with demo_vault.session() as s:
        assert {t.department_id for t in s.exec(select(PlanTarget).where(PlanTarget.plan_id == plan_id))} == taken
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT):
        editor.put_target(dict(department_id=first, department=first_name, scheduled_on=None, notes="再加"))
    with demo_vault.session() as s:
        assert {t.department_id for t in s.exec(select(PlanTarget).where(PlanTarget.plan_id == plan_id))} == (
            taken | {first})
    editor.discard_and_close()


# ---- the on-site runner --------------------------------------------------------------------------


@pytest.fixture
def runner(qtbot, ctx, demo_vault, monkeypatch):
    with demo_vault.session() as s:
        iid = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one().id
    r = InspectionRunner(ctx, iid)
    r.confirm_void = lambda err: True  # the demo's signature, if any, may be voided
    r.shown_errors = []
    monkeypatch.setattr(r, "_show_error", r.shown_errors.append)  # never a modal box in a test
    qtbot.addWidget(r)
    with qtbot.waitSignal(r.loaded, timeout=TIMEOUT):
        r.show()
    return r


def result_of(vault, iid: str, item_id: str) -> InspectionResult | None:
    with vault.session() as s:
        return s.exec(select(InspectionResult).where(InspectionResult.inspection_id == iid,
                                                     InspectionResult.item_id == item_id)).first()


def test_runner_saves_its_own_edits_in_a_row_and_refuses_to_overwrite_another_s(qtbot, runner, demo_vault):
    iid = runner.inspection_id
    item = next(i for i in runner.data.items if i.id in runner.data.results)
    runner.select_item(item.id)
    # autosave: a verdict, notes typed twice, another verdict: all this runner's own, none refused
    runner.set_verdict(Verdict.PARTIAL)
    runner.panel.notes_edit.setPlainText("第一次记录")
    settle(qtbot)
    runner.panel.notes_edit.setPlainText("第二次记录")
    runner.set_verdict(Verdict.NON_COMPLIANT)
    settle(qtbot)
    assert runner.shown_errors == []
    row = result_of(demo_vault, iid, item.id)
    assert (row.verdict, row.notes) == (Verdict.NON_COMPLIANT, "第二次记录")

    # a teammate saves the same item's result meanwhile
    someone_else(demo_vault, lambda s: inspections.set_notes(s, iid, item.id, "组员的记录", void_signature=True))
    runner.panel.notes_edit.setPlainText("我的第三次记录")
    settle(qtbot)
    qtbot.waitUntil(lambda: runner.panel.notes_edit.toPlainText() == "组员的记录", timeout=TIMEOUT)
    assert len(runner.shown_errors) == 1 and isinstance(runner.shown_errors[0], StaleEditError)
    assert "未保存" in runner.shown_errors[0].zh and "not saved" in runner.shown_errors[0].en
    assert result_of(demo_vault, iid, item.id).notes == "组员的记录"
    # a verdict on their version now goes through
    runner.set_verdict(Verdict.COMPLIANT)
    settle(qtbot)
    assert len(runner.shown_errors) == 1
    row = result_of(demo_vault, iid, item.id)
    assert (row.verdict, row.notes) == (Verdict.COMPLIANT, "组员的记录")

    # a verdict refused the same way: the teammate's verdict is shown again
    someone_else(demo_vault, lambda s: inspections.set_verdict(s, iid, item.id, Verdict.NOT_APPLICABLE,
                                                               void_signature=True))
    runner.set_verdict(Verdict.PARTIAL)
    settle(qtbot)
    qtbot.waitUntil(lambda: runner.model.verdict(item.id) == Verdict.NOT_APPLICABLE, timeout=TIMEOUT)
    assert len(runner.shown_errors) == 2 and isinstance(runner.shown_errors[1], StaleEditError)
    assert result_of(demo_vault, iid, item.id).verdict == Verdict.NOT_APPLICABLE


def test_runner_refuses_to_overwrite_a_summary_saved_meanwhile(qtbot, runner, demo_vault):
    iid = runner.inspection_id
    runner.summary_edit.setPlainText("我的小结")
    settle(qtbot)
    runner.summary_edit.setPlainText("我的小结，补充")
    settle(qtbot)
    assert runner.shown_errors == []
    someone_else(demo_vault, lambda s: inspections.set_summary(s, iid, "组长的小结", void_signature=True))
    runner.summary_edit.setPlainText("我的小结，再补充")
    settle(qtbot)
    assert len(runner.shown_errors) == 1 and isinstance(runner.shown_errors[0], StaleEditError)
    assert runner.summary_edit.toPlainText() == "组长的小结" and SUMMARY not in runner.saver.pending_keys()
    with demo_vault.session() as s:
        assert s.get(Inspection, iid).summary == "组长的小结"
    runner.summary_edit.setPlainText("组长的小结，我的补充")
    settle(qtbot)
    assert len(runner.shown_errors) == 1
    with demo_vault.session() as s:
        assert s.get(Inspection, iid).summary == "组长的小结，我的补充"


# ---- a rectification notice's colophon -----------------------------------------------------------


def test_colophon_dialog_refuses_to_overwrite_and_shows_the_other_values(qtbot, ctx, demo_vault):
    def draft(s) -> str:
        finding = s.exec(select(Finding).where(Finding.status == FindingStatus.DRAFT)).first()
        return rect.create_draft(s, finding.department_id, [finding.id], deadline=date(2099, 1, 31),
                                 today=date(2026, 11, 24)).id

    notice_id = someone_else(demo_vault, draft)
    dialog = ColophonDialog(ctx, notice_id, "整改通知书（草稿）")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.ok_button.isEnabled, timeout=TIMEOUT)
    someone_else(demo_vault, lambda s: colophons.set_notice(s, notice_id, {"cc": "市公安局", "contact": "他人"}))
    dialog.edits["contact"].setText("我")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.edits["contact"].text() == "他人" and dialog.ok_button.isEnabled(),
                    timeout=TIMEOUT)
    assert dialog.isVisible() and "未保存" in dialog.message.text()
    assert dialog.edits["cc"].text() == "市公安局"
    with demo_vault.session() as s:
        assert s.get(RectificationNotice, notice_id).colophon["contact"] == "他人"
    dialog.edits["contact"].setText("我")
    with qtbot.waitSignal(dialog.saved, timeout=TIMEOUT):
        dialog.save()
    with demo_vault.session() as s:
        assert s.get(RectificationNotice, notice_id).colophon["contact"] == "我"


# ---- a letter --------------------------------------------------------------------------------------


def test_letter_dialog_refuses_to_overwrite_and_shows_the_other_version(qtbot, ctx, demo_vault):
    def draft(s) -> tuple[str, str, str]:
        plan = s.exec(select(Plan)).first()
        target = s.exec(select(PlanTarget).where(PlanTarget.plan_id == plan.id)).first()
        letter = letters.create(s, letter_inspection.KEY, plan_id=plan.id, department_id=target.department_id)
        return plan.id, target.department_id, letter.id

    plan_id, department_id, letter_id = someone_else(demo_vault, draft)
    dialog = LetterDialog(ctx, Scope(plan_id=plan_id, department_id=department_id))
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.letter_loaded, timeout=TIMEOUT):
        dialog.start(select=letter_id)
    # two saves of its own in a row
    for contact in ("我一", "我二"):
        dialog.contact_edit.setText(contact)
        with qtbot.waitSignal(dialog.saved, timeout=TIMEOUT):
            dialog.save(reload=False)
    someone_else(demo_vault, lambda s: letters.update(s, letter_id, colophon={"contact": "他人"}))
    dialog.contact_edit.setText("我三")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.contact_edit.text() == "他人", timeout=TIMEOUT)
    assert "未保存" in dialog.message.text() and not dialog.dirty
    with demo_vault.session() as s:
        assert s.get(Letter, letter_id).colophon["contact"] == "他人"
    dialog.contact_edit.setText("我四")
    with qtbot.waitSignal(dialog.saved, timeout=TIMEOUT):
        dialog.save(reload=False)
    with demo_vault.session() as s:
        assert s.get(Letter, letter_id).colophon["contact"] == "我四"
    dialog.dirty = False

"""Two people editing the same checklist or regulation draft (issue 20), in the version editors: someone else's
save goes through the service between this editor's read and its save; the save is refused with the bilingual
message, the other person's version is shown, and nothing of theirs is overwritten. The editor's own saves in a
row (before any reload) are never taken for someone else's."""

from __future__ import annotations


from inspector.concurrency import StaleEditError
from inspector.services import regulation_versions, versions
from tests.ui.conftest import delivered
from ui.versions.dialog import CHECKLIST, REGULATION
from ui.versions.editor import ChecklistEditor, RegulationEditor


def someone_else(vault, fn):
    """The other person's save: another session, committed."""
    with vault.session() as s:
        result = fn(s)
        s.commit()
        return result


def settled(qtbot) -> None:
    delivered(qtbot)
    delivered(qtbot)  # a refusal's reload, queued by the failure callback


def checklist_draft(qtbot, versions_dialog) -> ChecklistEditor:
    v1 = versions_dialog.models[CHECKLIST].rows()[0]
    versions_dialog.select(CHECKLIST, v1.id)
    versions_dialog.draft()
    delivered(qtbot)
    editor = versions_dialog.editor
    assert isinstance(editor, ChecklistEditor)
    delivered(qtbot)
    assert editor.editable
    return editor


def test_an_item_saved_by_someone_else_is_not_overwritten(qtbot, versions_dialog, demo_vault, versions_errors):
    editor = checklist_draft(qtbot, versions_dialog)
    editor.items_view.selectRow(0)
    item_id = editor.selected_item_id()
    first = editor.items_model.row(0)
    # this editor's own saves in a row, before any reload, go through (the revision it saved is remembered)
    editor.text_edit.setPlainText(first["text"] + "（一）")
    editor.save_item()
    editor.how_edit.setPlainText("查阅制度文件（二）")
    editor.save_item()
    editor.name_edit.setText("我的检查表")
    editor.save_meta()
    editor.name_edit.setText("我的检查表（二）")
    editor.save_meta()
    settled(qtbot)
    assert not versions_errors
    with demo_vault.session() as s:
        item = next(i for i in versions.items_of(s, editor.template_id) if i.id == item_id)
        assert item.text.endswith("（一）") and item.how_to_check == "查阅制度文件（二）"
        assert versions.get_checklist(s, editor.template_id).name == "我的检查表（二）"

    someone_else(demo_vault, lambda s: versions.update_item(s, item_id, {"title": "他人改的标题"}))
    editor.items_view.selectRow(0)
    editor.title_edit.setText("我改的标题")
    editor.save_item()
    settled(qtbot)
    assert len(versions_errors) == 1 and isinstance(versions_errors[0], StaleEditError)
    assert "未保存" in versions_errors[0].zh and "not saved" in versions_errors[0].en
    assert editor.selected_item_id() == item_id and editor.title_edit.text() == "他人改的标题"
    with demo_vault.session() as s:
        item = next(i for i in versions.items_of(s, editor.template_id) if i.id == item_id)
        assert item.title == "他人改的标题" and item.how_to_check == "查阅制度文件（二）"

    # on the version now shown, the next change is saved
    editor.title_edit.setText("我再改的标题")
    editor.save_item()
    settled(qtbot)
    assert len(versions_errors) == 1
    with demo_vault.session() as s:
        assert next(i for i in versions.items_of(s, editor.template_id) if i.id == item_id).title == "我再改的标题"


def test_a_move_of_this_editor_is_not_taken_for_someone_else_s_save(qtbot, versions_dialog, demo_vault, versions_errors):
    editor = checklist_draft(qtbot, versions_dialog)
    editor.items_view.selectRow(1)
    moved = editor.selected_item_id()
    editor.move(-1)          # renumbers the items (their revisions grow) …
    editor.title_edit.setText("移动后改的标题")
    editor.save_item()       # … and this save, queued before the reload, is this editor's own: it goes through
    settled(qtbot)
    assert not versions_errors
    with demo_vault.session() as s:
        assert next(i for i in versions.items_of(s, editor.template_id) if i.id == moved).title == "移动后改的标题"


def test_the_checklist_name_and_a_section_saved_by_someone_else(qtbot, versions_dialog, demo_vault, versions_errors):
    editor = checklist_draft(qtbot, versions_dialog)
    tid = editor.template_id
    someone_else(demo_vault, lambda s: versions.update_checklist(s, tid, {"name": "他人改的名称"}))
    editor.name_edit.setText("我改的名称")
    editor.save_meta()
    settled(qtbot)
    assert len(versions_errors) == 1 and isinstance(versions_errors[0], StaleEditError)
    assert editor.name_edit.text() == "他人改的名称"
    with demo_vault.session() as s:
        assert versions.get_checklist(s, tid).name == "他人改的名称"

    editor.sections_view.selectRow(0)
    section_id = editor.selected_section()["id"]
    someone_else(demo_vault, lambda s: versions.update_section(s, section_id, {"title": "他人改的章节"}))
    editor.section_title_edit.setText("我改的章节")
    editor.rename_section()
    settled(qtbot)
    assert len(versions_errors) == 2 and isinstance(versions_errors[1], StaleEditError)
    assert editor.selected_section()["id"] == section_id and editor.section_title_edit.text() == "他人改的章节"
    with demo_vault.session() as s:
        assert next(x for x in versions.sections_of(s, tid) if x.id == section_id).title == "他人改的章节"


def test_a_regulation_draft_saved_by_someone_else(qtbot, versions_dialog, demo_vault, versions_errors):
    reg = versions_dialog.models[REGULATION].rows()[0]
    versions_dialog.select(REGULATION, reg.id)
    versions_dialog.draft()
    delivered(qtbot)
    editor = versions_dialog.editor
    assert isinstance(editor, RegulationEditor)
    delivered(qtbot)
    rid = editor.regulation_id
    # its own saves in a row: the information, an article, the information again
    editor.label_edit.setText("我的修订")
    editor.save_meta()
    editor.articles_view.selectRow(0)
    editor.article_text_en.setPlainText("Revised text.")
    editor.set_article()
    editor.to_edit.setText("2029-12-31")
    editor.save_meta()
    settled(qtbot)
    assert not versions_errors

    someone_else(demo_vault, lambda s: regulation_versions.update_regulation(s, rid, {"title": "他人改的法规标题"}))
    editor.title_edit.setText("我改的法规标题")
    editor.save_meta()
    settled(qtbot)
    assert len(versions_errors) == 1 and isinstance(versions_errors[0], StaleEditError)
    assert editor.title_edit.text() == "他人改的法规标题"
    with demo_vault.session() as s:
        r = regulation_versions.get_regulation(s, rid)
        assert r.title == "他人改的法规标题" and r.label == "我的修订" and r.effective_to.isoformat() == "2029-12-31"

"""检查表版本 in the application: the versions dialog, the checklist editor, the diff, publishing, the plan
editor's validity warning and the dashboard's notice — on the real demo vault."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from sqlmodel import select

from inspector.model import Plan
from inspector.model.enums import VersionStatus
from inspector.services import plans, regulation_versions, versions
from tests.ui.conftest import delivered
from ui.context import AppContext
from ui.dashboard.page import DashboardPage
from ui.plans.editor import PlanEditor
from ui.versions.diff import diff_html, words_html
from ui.versions.dialog import CHECKLIST, REGULATION, VersionsDialog
from ui.versions.editor import ChecklistEditor, RegulationEditor, parse_articles

TIMEOUT = 10_000


def checklist_rows(versions_dialog):
    return versions_dialog.models[CHECKLIST].rows()


def test_the_list_shows_version_1_published(versions_dialog):
    rows = checklist_rows(versions_dialog)
    # the shipped checklist is the vault's only version, published (its series number comes from the file)
    assert len(rows) == 1 and VersionStatus(rows[0].status) is VersionStatus.PUBLISHED
    model = versions_dialog.models[CHECKLIST]
    assert model.index(0, 0).data() == "已发布" and model.index(0, 2).data() == f"{rows[0].code} v{rows[0].version}"
    regs = versions_dialog.models[REGULATION].rows()
    assert len(regs) == 1 and model.index(0, 8).data() == "2026-02-28"
    versions_dialog.select(CHECKLIST, rows[0].id)
    assert versions_dialog.retire_button.isEnabled() and not versions_dialog.publish_button.isEnabled()
    assert not versions_dialog.delete_button.isEnabled() and versions_dialog.open_button.text() == "查看…"


def draft_one(qtbot, versions_dialog):
    v1 = checklist_rows(versions_dialog)[0]
    versions_dialog.select(CHECKLIST, v1.id)
    versions_dialog.draft()
    delivered(qtbot)
    draft = next(r for r in checklist_rows(versions_dialog) if r.version == v1.version + 1)
    assert VersionStatus(draft.status) is VersionStatus.DRAFT and draft.derived_from == f"{v1.code} v{v1.version}"
    editor = versions_dialog.editor
    assert isinstance(editor, ChecklistEditor) and editor.template_id == draft.id
    delivered(qtbot)
    return v1, draft, editor


def test_draft_edit_an_item_and_the_diff_shows_it_word_by_word(qtbot, versions_dialog, demo_vault, versions_errors):
    v1, draft, editor = draft_one(qtbot, versions_dialog)
    assert editor.editable and editor.save_item_button.isEnabled() and not editor.read_only_label.isVisibleTo(editor)
    editor.items_view.selectRow(0)
    first = editor.items_model.row(0)
    editor.text_edit.setPlainText(first["text"] + "并留存记录")
    editor.save_item()
    delivered(qtbot)
    assert not versions_errors
    with demo_vault.session() as s:
        assert versions.get_checklist(s, draft.id)
        item = next(i for i in versions.items_of(s, draft.id) if i.code == first["code"])
        assert item.text.endswith("并留存记录")
        old = next(i for i in versions.items_of(s, v1.id) if i.code == first["code"])
        assert not old.text.endswith("并留存记录")

    versions_dialog.select(CHECKLIST, draft.id)
    assert versions_dialog.diff_button.isEnabled()
    versions_dialog.compare()
    delivered(qtbot)
    diff = versions_dialog.diff_dialog.diff
    assert diff.counts()["changed"] == 1 and diff.items[0].code == first["code"]
    html = versions_dialog.diff_dialog.browser.toHtml()
    assert "并留存记录" in html
    assert '<u style="color:#2e7d32">并留存记录</u>' in words_html(diff.items[0].changes[0].words)
    assert "修改" in diff_html(diff, "x")


def test_reorder_and_articles_refused_by_the_core(qtbot, versions_dialog, versions_errors):
    _v1, _draft, editor = draft_one(qtbot, versions_dialog)
    second = editor.items_model.row(1)["id"]
    editor.items_view.selectRow(1)
    editor.move(-1)
    delivered(qtbot)
    assert editor.items_model.row(0)["id"] == second
    editor.items_view.selectRow(0)
    editor.articles_edit.setText("9999")
    editor.save_item()
    delivered(qtbot)
    assert versions_errors and "9999" in versions_errors[-1].zh
    editor.articles_edit.setText("abc")
    editor.save_item()
    assert "条号" in versions_errors[-1].zh
    assert parse_articles("3、5, 7") == [3, 5, 7] and parse_articles("x") is None


def test_publish_then_the_version_is_read_only(qtbot, versions_dialog, versions_errors):
    _v1, draft, _editor = draft_one(qtbot, versions_dialog)
    versions_dialog.select(CHECKLIST, draft.id)
    versions_dialog.publish()
    delivered(qtbot)
    assert not versions_errors
    row = next(r for r in checklist_rows(versions_dialog) if r.id == draft.id)
    assert VersionStatus(row.status) is VersionStatus.PUBLISHED
    editor = versions_dialog.open_version(CHECKLIST, draft.id)
    delivered(qtbot)
    assert not editor.editable and editor.read_only_label.isVisibleTo(editor)
    assert not editor.save_item_button.isEnabled() and editor.title_edit.isReadOnly()


def test_a_refused_publish_shows_the_problems(qtbot, versions_dialog, versions_errors):
    _v1, draft, editor = draft_one(qtbot, versions_dialog)
    editor.section_title_edit.setText("专项检查")
    editor.add_section()
    delivered(qtbot)
    versions_dialog.select(CHECKLIST, draft.id)
    versions_dialog.publish()
    delivered(qtbot)
    assert versions_errors and "不能发布" in versions_errors[-1].zh and "- 章节“专项检查”没有检查项。" in versions_errors[-1].zh.splitlines()
    assert "Section" in versions_errors[-1].en
    row = next(r for r in checklist_rows(versions_dialog) if r.id == draft.id)
    assert VersionStatus(row.status) is VersionStatus.DRAFT


def test_delete_a_draft(qtbot, versions_dialog, demo_vault, versions_errors):
    _v1, draft, _editor = draft_one(qtbot, versions_dialog)
    versions_dialog.select(CHECKLIST, draft.id)
    assert versions_dialog.delete_button.isEnabled()
    versions_dialog.delete()
    delivered(qtbot)
    assert not versions_errors and [r.id for r in checklist_rows(versions_dialog)] == [_v1.id]


def test_a_regulation_draft_edits_its_dates(qtbot, versions_dialog, demo_vault, versions_errors):
    reg = versions_dialog.models[REGULATION].rows()[0]
    versions_dialog.select(REGULATION, reg.id)
    versions_dialog.draft()
    delivered(qtbot)
    editor = versions_dialog.editor
    assert isinstance(editor, RegulationEditor)
    delivered(qtbot)
    assert editor.editable
    editor.to_edit.setText("2028-02-29")
    editor.save_meta()
    delivered(qtbot)
    editor.to_edit.setText("2020-01-01")
    editor.save_meta()
    delivered(qtbot)
    assert versions_errors and "早于" in versions_errors[-1].zh
    with demo_vault.session() as s:
        assert regulation_versions.get_regulation(s, editor.regulation_id).effective_to == date(2028, 2, 29)


def test_the_english_texts_are_edited_beside_the_chinese(qtbot, versions_dialog, demo_vault, versions_errors):
    v1, draft, editor = draft_one(qtbot, versions_dialog)
    editor.items_view.selectRow(0)
    first = editor.items_model.row(0)
    assert editor.title_en_edit.text() == first["title_en"] and first["title_en"]  # the shipped item has English
    editor.title_en_edit.setText("Data classification (revised)")
    editor.requirement_en_edit.setPlainText("Classify all data within 30 days.")
    editor.save_item()
    editor.name_en_edit.setText("Checklist 2026")
    editor.save_meta()
    editor.sections_view.selectRow(0)
    editor.section_title_en_edit.setText("Organisation (revised)")
    editor.rename_section()
    delivered(qtbot)
    assert not versions_errors
    with demo_vault.session() as s:
        item = next(i for i in versions.items_of(s, draft.id) if i.code == first["code"])
        assert (item.title_en, item.requirement_en) == ("Data classification (revised)",
                                                         "Classify all data within 30 days.")
        assert item.title == first["title"]   # the Chinese left as it was
        assert versions.get_checklist(s, draft.id).name_en == "Checklist 2026"
        assert versions.sections_of(s, draft.id)[0].title_en == "Organisation (revised)"
    assert editor.text_tabs.count() == 2 and editor.text_tabs.tabText(0) == "中文"


def test_a_regulation_draft_edits_its_english_and_is_compared_with_its_source(qtbot, versions_dialog, demo_vault, versions_errors):
    reg = versions_dialog.models[REGULATION].rows()[0]
    versions_dialog.select(REGULATION, reg.id)
    assert not versions_dialog.diff_button.isEnabled()   # version 1 came from nothing
    versions_dialog.draft()
    delivered(qtbot)
    editor = versions_dialog.editor
    delivered(qtbot)
    assert editor.issued_edit.text() == "2024-01-29"   # copied from version 1
    editor.title_en_edit.setText("Jincheng Rules (2026 revision)")
    editor.issuer_en_edit.setText("General Office, Jincheng")
    editor.issued_edit.setText("2026-02-15")
    editor.save_meta()
    editor.articles_view.selectRow(0)
    number = editor.number_spin.value()
    editor.article_text_en.setPlainText("These rules are made under the Data Security Law (revised).")
    editor.set_article()
    delivered(qtbot)
    assert not versions_errors
    with demo_vault.session() as s:
        row = regulation_versions.get_regulation(s, editor.regulation_id)
        assert (row.title_en, row.issuer_en, row.issued_on) == ("Jincheng Rules (2026 revision)",
                                                               "General Office, Jincheng", date(2026, 2, 15))
        article = next(a for a in row.articles if int(a["number"]) == number)
        assert article["text_en"].endswith("(revised).")
    versions_dialog.select(REGULATION, editor.regulation_id)
    assert versions_dialog.diff_button.isEnabled()
    versions_dialog.compare()
    delivered(qtbot)
    diff = versions_dialog.diff_dialog.diff
    assert {f.field for f in diff.fields} == {"title_en", "issuer_en", "issued_on"}
    assert [(c.code, c.kind) for c in diff.articles] == [(str(number), "changed")]
    html = versions_dialog.diff_dialog.browser.toPlainText()
    assert f"第{number}条" in html and "英文条文" in html and "发布日期" in html and "(revised)" in html


def test_the_plan_editor_offers_only_published_versions_and_warns(qtbot, demo_vault):
    with demo_vault.session() as s:
        v1 = versions.checklist_versions(s)[0]
        draft_id = versions.draft_checklist(s, v1.id).id
        s.commit()
    editor = PlanEditor(AppContext(demo_vault))
    qtbot.addWidget(editor)
    editor.show()
    delivered(qtbot)
    combo = editor.form.template_combo
    ids = [combo.itemData(n) for n in range(combo.count())]
    assert v1.id in ids and draft_id not in ids
    editor.form.start_edit.setDate(QDate(2026, 10, 1))
    editor.check_validity()
    delivered(qtbot)
    assert editor.validity_warning is not None and "有效期" in editor.validity_label.text()
    assert "2026-02-28" in editor.validity_label.text()
    editor.form.start_edit.setDate(QDate(2025, 3, 1))
    editor.form.end_edit.setDate(QDate(2025, 6, 1))
    editor.check_validity()
    delivered(qtbot)
    assert editor.validity_warning is None and "2024-03-01" in editor.validity_label.text()
    with demo_vault.session() as s:
        assert draft_id not in [t["id"] for t in plans.list_templates(s)]


def test_the_dashboard_says_the_regulation_lapsed(qtbot, demo_vault):
    page = DashboardPage(AppContext(demo_vault))
    page.today = lambda: date(2026, 12, 6)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT):
        page.activate()
    assert page.lapsed_label.isVisible()
    assert "有效期至 2026-02-28，已过期" in page.lapsed_label.text() and "4号" in page.lapsed_label.text()
    with qtbot.waitSignal(page.loaded, timeout=TIMEOUT):
        page.today = lambda: date(2026, 2, 1)
        page.reload()
    assert not page.lapsed_label.isVisible()


def test_a_retired_version_shows_only_for_the_plan_that_uses_it(qtbot, demo_vault):
    with demo_vault.session() as s:
        v1 = versions.checklist_versions(s)[0]
        plan_id = s.exec(select(Plan.id).where(Plan.template_id == v1.id)).first()
        newer = versions.draft_checklist(s, v1.id).id
        versions.publish_checklist(s, newer)
        versions.retire_checklist(s, v1.id)
        s.commit()
    assert plan_id is not None
    existing = PlanEditor(AppContext(demo_vault), plan_id)
    qtbot.addWidget(existing)
    delivered(qtbot)
    combo = existing.form.template_combo
    assert combo.currentData() == v1.id and combo.currentText().endswith("（已废止）")
    assert newer in [combo.itemData(n) for n in range(combo.count())]
    fresh = PlanEditor(AppContext(demo_vault))
    qtbot.addWidget(fresh)
    delivered(qtbot)
    combo = fresh.form.template_combo
    assert [combo.itemData(n) for n in range(combo.count())] == [newer]


def test_the_plans_page_header_opens_the_versions_dialog(qtbot, demo_vault):
    from ui.plans.page import PlansPage

    page = PlansPage(AppContext(demo_vault))
    qtbot.addWidget(page)
    assert page.versions_button in page.header_actions() and page.versions_button.text() == "检查表版本…"
    page.versions_button.click()
    delivered(qtbot)
    assert isinstance(page.versions, VersionsDialog) and page.versions.isVisible()
    assert page.versions.models[CHECKLIST].rowCount() == 1
    page.clear()
    assert page.versions is None


def test_a_section_moves_down_with_its_items(qtbot, versions_dialog, demo_vault, versions_errors):
    v1, draft, editor = draft_one(qtbot, versions_dialog)
    first = editor.sections_model.row(0)
    items = [i["code"] for i in editor.items_model.rows() if i["section_no"] == 1]
    editor.sections_view.selectRow(0)
    assert editor.section_down_button.isEnabled()
    editor.section_down_button.click()
    delivered(qtbot)
    assert not versions_errors
    assert editor.sections_model.row(1)["id"] == first["id"] and editor.selected_section()["id"] == first["id"]
    assert [i["code"] for i in editor.items_model.rows() if i["section_no"] == 2] == items
    with demo_vault.session() as s:   # version 1 as it was
        assert versions.sections_of(s, v1.id)[0].title == first["title"]

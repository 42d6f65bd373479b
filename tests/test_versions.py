"""Regulation and checklist versions (issue 18): the shipped ones are version 1; a draft changes, a published
version never does; the diff says what changed word by word; publishing twice, editing a published version and
deleting one in use are refused."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from inspector.errors import BadInputError
from inspector.model import ChecklistItem, ChecklistSection, ChecklistTemplate, Plan, RegulationVersion, VersionStatus
from inspector.regulation import default_template
from inspector.services import regulation_versions, version_diff, versions
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)

V = VersionStatus


def _draft(s):
    return versions.draft_checklist(s, default_template(s).id, label="2027年专项", note="增加数据出境检查")


def test_the_shipped_regulation_and_checklist_are_version_1(vault):
    with vault.session() as s:
        [reg] = regulation_versions.regulation_versions(s)
        assert (reg.code, reg.version, reg.status, reg.items) == ("jincheng-2024-4", 1, V.PUBLISHED, 38)
        assert (reg.effective_from, reg.effective_to) == (date(2024, 3, 1), date(2026, 2, 28))  # 有效期二年
        [checklist] = versions.checklist_versions(s)
        assert checklist.status is V.PUBLISHED and checklist.items == 55 and "晋市政办〔2024〕4号" in checklist.regulation
        text = regulation_versions.regulation_of(s, default_template(s))
        assert text.id == reg.id and text.article(31).label == "第三十一条"
        assert regulation_versions.lapsed_regulation(s, date(2026, 12, 6)).doc_number == "晋市政办〔2024〕4号"
        assert regulation_versions.lapsed_regulation(s, date(2026, 2, 28)) is None
        # the same id in every vault, so bundles between vaults made apart know it as one record
        assert reg.id == regulation_versions.shipped_regulation_id()


def test_a_draft_copies_its_source_and_changes_only_itself(vault):
    with vault.session() as s:
        source = default_template(s)
        draft = _draft(s)
        assert (draft.code, draft.status, draft.derived_from_id) == (source.code, V.DRAFT, source.id)
        assert draft.version == source.version + 1 and draft.regulation_version_id == regulation_versions.shipped_regulation_id()
        items = s.exec(select(ChecklistItem).where(ChecklistItem.template_id == draft.id)
                       .order_by(ChecklistItem.position)).all()
        assert len(items) == 55
        first = items[0]
        versions.update_item(s, first.id, {"text": first.text + "，并留存记录"})
        original = s.exec(select(ChecklistItem).where(ChecklistItem.template_id == source.id,
                                                      ChecklistItem.code == first.code)).one()
        assert not original.text.endswith("并留存记录")
        section = versions.add_section(s, draft.id, "数据出境安全", title_en="Cross-border data")
        added = versions.add_item(s, draft.id, {"section_no": section.number, "code": "10-01", "title": "数据出境评估",
                                                "text": "向境外提供政务数据前开展安全评估。", "articles": [9, 15],
                                                "default_severity": "major", "requirement": "立即停止未经评估的数据出境"})
        assert added.position == 56 and added.articles == [9, 15]
        versions.move_item(s, added.id, 1)
        assert s.get(ChecklistItem, added.id).position == 1
        versions.remove_item(s, items[-1].id)
        diff = version_diff.diff_checklists(s, source.id, draft.id)
        kinds = {c.code: c.kind for c in diff.items}
        assert kinds[first.code] == "changed" and kinds["10-01"] == "added" and kinds[items[-1].code] == "removed"
        change = next(c for c in diff.items if c.code == first.code).changes[0]
        assert change.field == "text" and ("+", "，并留存记录") in change.words
        assert [c.kind for c in diff.sections] == ["added"]
        assert diff.counts()["added"] == 1 and diff.counts()["removed"] == 1


def test_publish_once_and_never_change_after(vault):
    with vault.session() as s:
        draft = _draft(s)
        item = s.exec(select(ChecklistItem).where(ChecklistItem.template_id == draft.id)).first()
        versions.publish_checklist(s, draft.id)
        assert draft.status == V.PUBLISHED and draft.published_at is not None
        with pytest.raises(BadInputError, match="已发布"):
            versions.publish_checklist(s, draft.id)
        for change in (lambda: versions.update_item(s, item.id, {"title": "改"}),
                       lambda: versions.add_section(s, draft.id, "新章节"),
                       lambda: versions.remove_item(s, item.id),
                       lambda: versions.move_item(s, item.id, 3),
                       lambda: versions.update_checklist(s, draft.id, {"name": "改名"})):
            with pytest.raises(BadInputError, match="已发布") as refused:
                change()
            assert "draft a new version" in refused.value.en
        with pytest.raises(BadInputError, match="不能删除"):
            versions.delete_checklist_draft(s, draft.id)
        versions.retire_checklist(s, draft.id)
        with pytest.raises(BadInputError, match="已废止"):
            versions.check_usable_for_plan(s, draft.id)


def test_publication_is_refused_with_every_problem(vault):
    with vault.session() as s:
        draft = _draft(s)
        versions.add_section(s, draft.id, "空章节")
        with pytest.raises(BadInputError) as refused:
            versions.publish_checklist(s, draft.id)
        assert "空章节" in refused.value.zh and "has no items" in refused.value.en
        assert s.get(ChecklistTemplate, draft.id).status == V.DRAFT
        with pytest.raises(BadInputError, match="检查计划只能使用已发布"):
            versions.check_usable_for_plan(s, draft.id)


def test_bad_items_are_refused_and_change_nothing(vault):
    with vault.session() as s:
        draft = _draft(s)
        item = s.exec(select(ChecklistItem).where(ChecklistItem.template_id == draft.id)
                      .order_by(ChecklistItem.position)).first()
        other = s.exec(select(ChecklistItem).where(ChecklistItem.template_id == draft.id)
                       .order_by(ChecklistItem.position.desc())).first()
        for changes, words in (({"articles": [99]}, "没有第99条"), ({"code": other.code}, "已存在"),
                               ({"section_no": 42}, "没有第 42 章节"), ({"title": " "}, "不能为空"),
                               ({"default_severity": "huge"}, "严重程度"), ({"colour": "red"}, "没有可修改的字段")):
            with pytest.raises(BadInputError, match=words):
                versions.update_item(s, item.id, changes)
        s.refresh(item)
        assert item.articles and item.code != other.code


def test_a_version_in_use_is_not_deleted_and_a_free_draft_is(vault):
    from inspector.services import plans

    with vault.session() as s:
        draft = _draft(s)
        with pytest.raises(BadInputError, match="只能使用已发布"):
            plans.create_plan(s, title="2027年专项检查", year=2027, template_id=draft.id)
        versions.publish_checklist(s, draft.id)
        plan = plans.create_plan(s, title="2027年专项检查", year=2027, template_id=draft.id)
        with pytest.raises(BadInputError, match="不能删除"):
            versions.delete_checklist_draft(s, draft.id)
        versions.retire_checklist(s, draft.id)
        plans.update_plan(s, plan.id, focus="数据出境")  # a plan keeps its retired version
        with pytest.raises(BadInputError, match="已废止"):
            plans.create_plan(s, title="2028年检查", year=2028, template_id=draft.id)
        spare = _draft(s)
        versions.delete_checklist_draft(s, spare.id)
        assert s.get(ChecklistTemplate, spare.id) is None
        assert s.exec(select(ChecklistSection).where(ChecklistSection.template_id == spare.id)).all() == []
        assert s.exec(select(Plan).where(Plan.template_id == spare.id)).all() == []


def test_a_regulation_version_is_drafted_edited_and_published(vault):
    with vault.session() as s:
        v1 = s.exec(select(RegulationVersion)).one()
        draft = regulation_versions.draft_regulation(s, v1.id, label="2026年修订")
        regulation_versions.update_regulation(s, draft.id, {"doc_number": "晋市政办〔2026〕9号", "effective_from": "2026-03-01",
                                                 "effective_to": "2029-02-28"})
        regulation_versions.set_article(s, draft.id, 31, "政务数据安全监督检查内容包括数据出境安全情况。")
        regulation_versions.set_article(s, draft.id, 39, "本细则自2026年3月1日起施行。", chapter=7)
        with pytest.raises(BadInputError, match="截止日期"):
            regulation_versions.update_regulation(s, draft.id, {"effective_to": "2020-01-01"})
        regulation_versions.publish_regulation(s, draft.id)
        with pytest.raises(BadInputError, match="已发布"):
            regulation_versions.set_article(s, draft.id, 31, "再改")
        checklist = _draft(s)
        versions.update_checklist(s, checklist.id, {"regulation_version_id": draft.id})
        text = regulation_versions.regulation_of(s, checklist)
        assert text.doc_number == "晋市政办〔2026〕9号" and 39 in text.articles
        assert "数据出境" in text.article(31).text
        assert "数据出境" not in regulation_versions.regulation_of(s, default_template(s)).article(31).text  # v1 unchanged
        assert regulation_versions.plan_validity_warning(s, checklist.id, date(2026, 4, 1), date(2026, 6, 30)) is None
        warning = regulation_versions.plan_validity_warning(s, default_template(s).id, date(2026, 4, 1), None)
        assert warning is not None and "有效期" in warning[0] and "validity" in warning[1]


def test_the_regulation_diff_names_particulars_and_articles_word_by_word(vault):
    with vault.session() as s:
        v1 = s.exec(select(RegulationVersion)).one()
        old_31 = regulation_versions.regulation_of(s, default_template(s)).article(31).text
        draft = regulation_versions.draft_regulation(s, v1.id)
        assert version_diff.diff_regulations(s, v1.id, draft.id).empty
        regulation_versions.update_regulation(s, draft.id, {"doc_number": "晋市政办〔2026〕9号",
                                                            "issued_on": "2026-02-20", "title_en": "Rules 2026"})
        regulation_versions.set_article(s, draft.id, 31, old_31 + "数据出境安全情况。", text_en="Cross-border.")
        regulation_versions.set_article(s, draft.id, 40, "本细则由市政府办公室负责解释。", chapter=7)
        regulation_versions.remove_article(s, draft.id, 38)
        diff = version_diff.diff_regulations(s, v1.id, draft.id)
        fields = {f.field: f for f in diff.fields}
        assert set(fields) == {"doc_number", "issued_on", "title_en"}
        assert fields["issued_on"].new == date(2026, 2, 20) and not fields["issued_on"].words
        assert ("+", "2026") in fields["doc_number"].words
        kinds = {c.code: c.kind for c in diff.articles}
        assert kinds == {"31": "changed", "38": "removed", "40": "added"}
        assert diff.counts() == {"added": 1, "removed": 1, "changed": 1}
        changed = next(c for c in diff.articles if c.code == "31")
        text = next(f for f in changed.changes if f.field == "text")
        assert text.words[-1] == ("+", "数据出境安全情况。") and ("=", old_31) == text.words[0]
        assert {f.field for f in changed.changes} == {"text", "text_en"}


def test_word_diff_splits_chinese_by_character_and_latin_by_word():
    assert version_diff.word_diff("建立数据备份制度", "建立数据备份与恢复制度") == [
        ("=", "建立数据备份"), ("+", "与恢复"), ("=", "制度")]
    assert version_diff.word_diff("check backups weekly", "check backups daily") == [
        ("=", "check backups "), ("-", "weekly"), ("+", "daily")]


def test_an_inspection_keeps_the_version_it_was_made_under(demo_vault, tmp_path):
    """A new version rewords an item and an article; the demo's inspection (version of the shipped checklist) still
    shows and prints version 1's texts, and names its checklist version; a plan on the new version cites it."""
    from inspector.documents.record import build_record
    from inspector.model import Inspection, InspectionStatus
    from inspector.services import documents, exports, inspections
    from tests.test_documents_layout import pdf_text, squashed

    with demo_vault.session() as s:
        done = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.COMPLETED)).first()
        old_template = s.get(ChecklistTemplate, done.template_id)
        reg1 = regulation_versions.regulation_of(s, old_template)
        new_reg = regulation_versions.draft_regulation(s, reg1.id, label="2026年修订")
        regulation_versions.update_regulation(s, new_reg.id, {"doc_number": "晋市政办〔2026〕9号", "effective_from": "2026-03-01",
                                                   "effective_to": ""})
        regulation_versions.set_article(s, new_reg.id, 9, "各单位应当建立政务数据安全责任制，并每年报告落实情况。")
        regulation_versions.publish_regulation(s, new_reg.id)
        draft = versions.draft_checklist(s, old_template.id, label="2027年版", regulation_id=new_reg.id)
        item = s.exec(select(ChecklistItem).where(ChecklistItem.template_id == draft.id)
                      .order_by(ChecklistItem.position)).first()
        versions.update_item(s, item.id, {"title": "数据安全责任制落实（新版）"})
        versions.publish_checklist(s, draft.id)
        data = inspections.runner_data(s, done.id)
        assert all(i.title != "数据安全责任制落实（新版）" for i in data.items)
        assert "每年报告落实情况" not in data.article_texts.get(9, ("", ""))[1]
        assert documents.checklist_label(s, done.template_id) == f"《{old_template.name}》第{old_template.version}版"
        done_id = done.id
        # an inspection under the new version: a finding citing the reworded article
        from inspector.services import plans

        department = done.department_id
        plan = plans.create_plan(s, title="2027年专项检查", year=2027, template_id=draft.id,
                                 targets=[plans.TargetSpec(department)])
        fresh = inspections.start_inspection(s, plan.id, department)
        finding = inspections.new_finding(s, fresh.id, item.id)
        from inspector.services import findings

        findings.update_finding(s, finding.id, {"articles": [9]})
        assert "每年报告落实情况" in inspections.runner_data(s, fresh.id).article_texts[9][1]
        fresh_id = fresh.id
    old_text = squashed(pdf_text(exports.prepare_record(demo_vault, done_id).built.data, tmp_path))
    assert "检查清单" in old_text and f"第{old_template.version}版" in old_text and "晋市政办〔2024〕4号" in old_text
    assert "晋市政办〔2026〕9号" not in old_text and "每年报告落实情况" not in old_text
    new_text = squashed(pdf_text(exports.prepare_record(demo_vault, fresh_id).built.data, tmp_path))
    assert "晋市政办〔2026〕9号" in new_text and "每年报告落实情况" in new_text and "（2027年版）" in new_text
    assert "数据安全责任制落实（新版）" in new_text
    del build_record


def test_a_published_version_travels_in_the_plan_bundle_and_stays_as_published(pair, tmp_path):
    """The office publishes a new regulation and checklist version; a plan bundle carries both to the laptop,
    which cannot edit them; a changed copy of a published item arriving later is held in a frozen conflict."""
    from sqlalchemy import text

    from inspector.model import SyncConflict
    from inspector.sync import exporter, importer

    laptop, office = pair
    with office.session() as s:
        reg = regulation_versions.draft_regulation(s, regulation_versions.shipped_regulation_id(), label="2026年修订")
        regulation_versions.update_regulation(s, reg.id, {"effective_from": "2026-03-01", "effective_to": ""})
        regulation_versions.set_article(s, reg.id, 9, "各单位应当建立政务数据安全责任制，并每年报告落实情况。")
        regulation_versions.publish_regulation(s, reg.id)
        draft = versions.draft_checklist(s, default_template(s).id, label="2027年版", regulation_id=reg.id)
        item = s.exec(select(ChecklistItem).where(ChecklistItem.template_id == draft.id)
                      .order_by(ChecklistItem.position)).first()
        versions.update_item(s, item.id, {"text": "新版检查内容"})
        versions.publish_checklist(s, draft.id)
        draft_id, item_id, reg_id = draft.id, item.id, reg.id
    exporter.export_bundle(office, tmp_path / "plan.inspbundle", ["笔记本（李明）"], scope="plan")
    preview = importer.import_bundle(laptop, tmp_path / "plan.inspbundle")
    assert preview.applied and preview.total("conflicts") == 0
    with laptop.session() as s:
        there = s.get(ChecklistTemplate, draft_id)
        assert there.status == V.PUBLISHED and there.label == "2027年版"
        assert s.get(ChecklistItem, item_id).text == "新版检查内容"
        assert "每年报告落实情况" in regulation_versions.regulation_of(s, there).article(9).text
        assert s.get(RegulationVersion, reg_id).status == V.PUBLISHED
        with pytest.raises(BadInputError, match="已发布"):
            versions.update_item(s, item_id, {"text": "笔记本上改"})
    with office.engine.begin() as conn:  # a published item changed behind the application's back at the office
        conn.execute(text("UPDATE checklist_item SET text = '背后改动' WHERE id = :i"), {"i": item_id})
    exporter.export_bundle(office, tmp_path / "again.inspbundle", ["笔记本（李明）"], scope="plan")
    importer.import_bundle(laptop, tmp_path / "again.inspbundle")
    with laptop.session() as s:
        assert s.get(ChecklistItem, item_id).text == "新版检查内容"
        [conflict] = s.exec(select(SyncConflict).where(SyncConflict.record_id == item_id)).all()
        assert conflict.kind == "frozen"


def test_a_draft_stays_at_the_office_and_travels_whole_once_published(pair, tmp_path):
    """A plan bundle leaves drafts out (no laptop gets one to edit); an incremental bundle made after publication
    carries the version with every section and item, though they were edited while it was a draft."""
    from inspector.sync import exporter, importer

    laptop, office = pair
    exporter.export_bundle(office, tmp_path / "first.inspbundle", ["笔记本（李明）"], scope="plan")
    importer.import_bundle(laptop, tmp_path / "first.inspbundle")
    with office.session() as s:
        draft = versions.draft_checklist(s, default_template(s).id, label="草稿中")
        reg = regulation_versions.draft_regulation(s, regulation_versions.shipped_regulation_id())
        item = versions.items_of(s, draft.id)[0]
        versions.update_item(s, item.id, {"text": "草稿里改的检查内容"})
        draft_id, item_id, reg_id = draft.id, item.id, reg.id
        items = len(versions.items_of(s, draft.id))
    result = exporter.export_bundle(office, tmp_path / "draft.inspbundle", ["笔记本（李明）"], scope="plan",
                                    since_last=True)
    assert "checklist_item" not in result.counts and "regulation_version" not in result.counts
    importer.import_bundle(laptop, tmp_path / "draft.inspbundle")
    with laptop.session() as s:
        assert s.get(ChecklistTemplate, draft_id) is None and s.get(RegulationVersion, reg_id) is None
    full = exporter.export_bundle(office, tmp_path / "all.inspbundle", ["笔记本（李明）"], scope="all")
    assert full.counts["regulation_version"] == 2   # "all" (a move, a backup) carries everything
    with office.session() as s:
        versions.publish_checklist(s, draft_id)
    result = exporter.export_bundle(office, tmp_path / "published.inspbundle", ["笔记本（李明）"], scope="plan",
                                    since_last=True)
    assert result.counts["checklist_template"] == 1 and result.counts["checklist_item"] == items
    preview = importer.import_bundle(laptop, tmp_path / "published.inspbundle")
    assert preview.applied and preview.total("conflicts") == 0
    with laptop.session() as s:
        assert s.get(ChecklistTemplate, draft_id).status == V.PUBLISHED
        assert s.get(ChecklistItem, item_id).text == "草稿里改的检查内容"
        assert len(versions.items_of(s, draft_id)) == items


def test_a_section_moves_with_its_items(vault):
    with vault.session() as s:
        draft = _draft(s)
        sections = versions.sections_of(s, draft.id)
        third = sections[2]
        third_items = [i.code for i in versions.items_of(s, draft.id) if i.section_no == third.number]
        first_title = sections[0].title
        versions.move_section(s, third.id, 1)
        after = versions.sections_of(s, draft.id)
        assert [x.number for x in after] == list(range(1, len(sections) + 1))
        assert after[0].id == third.id and after[1].title == first_title
        items = versions.items_of(s, draft.id)
        assert [i.code for i in items if i.section_no == 1] == third_items
        assert [i.code for i in items][:len(third_items)] == third_items   # the order follows the sections
        assert versions.publication_problems(s, draft.id) == []
        versions.publish_checklist(s, draft.id)
        with pytest.raises(BadInputError, match="已发布"):
            versions.move_section(s, third.id, 3)


def test_a_regulation_without_articles_or_effective_date_is_not_published(vault):
    with vault.session() as s:
        v1 = s.exec(select(RegulationVersion)).one()
        draft = regulation_versions.draft_regulation(s, v1.id)
        for article in list(draft.articles):
            regulation_versions.remove_article(s, draft.id, article["number"])
        regulation_versions.update_regulation(s, draft.id, {"effective_from": ""})
        with pytest.raises(BadInputError) as refused:
            regulation_versions.publish_regulation(s, draft.id)
        assert "没有条款" in refused.value.zh and "施行日期" in refused.value.zh and "effective date" in refused.value.en
        assert s.get(RegulationVersion, draft.id).status == V.DRAFT
        with pytest.raises(BadInputError, match="已发布"):
            regulation_versions.publish_regulation(s, v1.id)
        regulation_versions.retire_regulation(s, v1.id)
        with pytest.raises(BadInputError, match="已废止"):
            regulation_versions.publish_regulation(s, v1.id)

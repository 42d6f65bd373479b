"""Letters (issue 16 §2): drafting, checking, issuing from the notices' number series, frozen once issued,
deleting drafts only; migration 0006 on a vault made before it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from alembic import command
from sqlalchemy import inspect as sa_inspect
from sqlmodel import select

from inspector import audit, schema
from inspector.errors import BadInputError, NotFoundError
from inspector.lifecycle import FrozenError
from inspector.model import Department, Letter, NoticeStatus, Plan, PlanTarget, RectificationNotice
from inspector.services import letter_inspection, letters, maintenance, plans, rectification, settings
from inspector.vault import Vault
from tests.conftest import PASSPHRASE
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)

TODAY = date(2026, 12, 5)


def problems(vault: Vault) -> list[str]:
    return [en for _, en in maintenance.check_vault(vault).lines if en.startswith("FAILED")]


def _plan_and_target(s) -> tuple[Plan, PlanTarget]:
    plan = s.exec(select(Plan)).first()
    target = s.exec(select(PlanTarget).where(PlanTarget.plan_id == plan.id,
                                             PlanTarget.scheduled_on.is_not(None))).first()
    return plan, target


UPCOMING = {"visit_from": (TODAY + timedelta(15)).isoformat(), "visit_to": (TODAY + timedelta(15)).isoformat(),
            "selfreport_due": (TODAY + timedelta(8)).isoformat()}
"""A visit after TODAY: a 检查通知 is issued before the self-assessment is due (the demo's visits are past)."""


def _draft(s, **fields) -> Letter:
    plan, target = _plan_and_target(s)
    return letters.create(s, letter_inspection.KEY, plan_id=plan.id, department_id=target.department_id,
                          fields={**UPCOMING, **fields})


def test_the_registry_has_the_inspection_notice_first():
    kinds = letters.kinds()
    assert next(iter(kinds)) == "inspection_notice"
    assert kinds["inspection_notice"].needs == ("plan", "department")
    with pytest.raises(BadInputError) as refused:
        letters.kind_of("nope")
    assert "inspection_notice" in refused.value.zh and refused.value.field == "kind"


def test_a_new_inspection_notice_starts_from_the_plan_and_the_target(demo_vault):
    with demo_vault.session() as s:
        plan, target = _plan_and_target(s)
        letter = letters.create(s, letter_inspection.KEY, plan_id=plan.id, department_id=target.department_id)
        assert letter.status is NoticeStatus.DRAFT and letter.number == "" and letter.serial is None
        day = target.scheduled_on
        assert letter.fields["visit_from"] == letter.fields["visit_to"] == day.isoformat()
        assert letter.fields["selfreport_due"] == (day - timedelta(days=7)).isoformat()
        assert letter.fields["materials"] == letter_inspection.DEFAULT_MATERIALS
        detail = letters.letter_detail(s, letter.id)
        assert detail.problems == []
        content = detail.content
        department = s.get(Department, target.department_id).name
        assert content["title"] == "关于开展政务数据安全监督检查的通知" and content["addressee"] == department
        assert content["articles"] == [32] and content["attachments"] == ["政务数据安全自查表"]
        table = next(b for b in content["blocks"] if b["kind"] == "table")
        assert table["headers"] == ["序号", "姓名", "职务或角色", "执法证号"]
        assert table["rows"][0][2] == "组长" and all(r[3] for r in table["rows"])
        headings = [b["text"] for b in content["blocks"] if b["kind"] == "h1"]
        assert headings[:4] == ["一、检查时间", "二、检查组", "三、需准备的材料", "四、自查要求"]
        text = "".join(b.get("text", "") for b in content["blocks"])
        assert "第三十二条" in text and plan.title in text and f"{day.year}年{day.month}月{day.day}日" in text


def test_what_a_letter_refuses(demo_vault):
    with demo_vault.session() as s:
        plan, target = _plan_and_target(s)
        outsider = plans.create_department(s, "不在计划中的局")
        cases = [
            (dict(kind="inspection_notice", plan_id=plan.id), "department"),  # a needed record missing
            (dict(kind="inspection_notice", plan_id=plan.id, department_id=outsider.id), "department"),
            (dict(kind="inspection_notice", plan_id=plan.id, department_id=target.department_id,
                  fields={"visit_from": "2026-13-01"}), "visit_from"),
            (dict(kind="inspection_notice", plan_id=plan.id, department_id=target.department_id,
                  fields={"colour": "red"}), "colour"),
            (dict(kind="inspection_notice", plan_id=plan.id, department_id=target.department_id,
                  fields={"visit_from": "2026-12-10", "visit_to": "2026-12-09"}), "visit_to"),
            (dict(kind="inspection_notice", plan_id=plan.id, department_id=target.department_id,
                  fields={"visit_from": "2026-12-10", "visit_to": "2026-12-10",
                          "selfreport_due": "2026-12-10"}), "selfreport_due"),
            (dict(kind="inspection_notice", plan_id=plan.id, department_id=target.department_id,
                  fields={"visit_from": "2026-12-10\n2026-12-11"}), "visit_from"),
        ]
        for kwargs, field in cases:
            kind = kwargs.pop("kind")
            with pytest.raises(BadInputError) as refused:
                letters.create(s, kind, **kwargs)
            assert refused.value.field == field, kwargs
            assert refused.value.zh and refused.value.en
        with pytest.raises(NotFoundError):
            letters.create(s, "inspection_notice", plan_id="no-such-plan", department_id=target.department_id)
        with pytest.raises(BadInputError) as refused:
            letters.create(s, "inspection_notice", plan_id=plan.id, department_id=target.department_id,
                           colophon={"cc": ["市公安局"], "seal": "x"})
        assert refused.value.field == "seal"
        assert s.exec(select(Letter)).all() == []


def test_a_draft_missing_a_required_input_cannot_be_issued(demo_vault):
    with demo_vault.session() as s:
        letter = _draft(s)
        letters.update(s, letter.id, fields={"materials": ""})
        detail = letters.letter_detail(s, letter.id)
        assert [p[0] for p in detail.problems] == ["materials"] and detail.content == {}
        with pytest.raises(BadInputError) as refused:
            letters.issue(s, letter.id, issued_on=TODAY)
        assert refused.value.field == "materials"
        assert s.get(Letter, letter.id).status is NoticeStatus.DRAFT and s.get(Letter, letter.id).serial is None


def test_letters_and_notices_share_one_number_series(demo_vault):
    """One 发文 register: a letter takes the number after the last notice, a notice the number after the letter."""
    with demo_vault.session() as s:
        settings.put(s, settings.DOC_NUMBER_PATTERN, "晋数安〔{year}〕第{serial}号")
        year = TODAY.year
        before = max(s.exec(select(RectificationNotice.serial).where(RectificationNotice.year == year)).all(),
                     default=None) or 0
        letter = letters.issue(s, _draft(s).id, issued_on=TODAY)
        assert (letter.year, letter.serial, letter.number) == (year, before + 1, f"晋数安〔{year}〕第{before + 1}号")
        assert letter.status is NoticeStatus.ISSUED and letter.issued_on == TODAY
        candidate = rectification.draft_candidates(s)[0]
        notice = rectification.create_draft(s, candidate.department_id, [candidate.finding_id],
                                            deadline=TODAY + timedelta(30), today=TODAY)
        rectification.issue(s, notice.id, issued_on=TODAY)
        assert notice.serial == before + 2
        second = letters.issue(s, _draft(s).id, issued_on=TODAY)
        assert second.serial == before + 3
        assert rectification.next_serial(s, year) == before + 4
        assert rectification.next_serial(s, year + 1) == 1


def test_an_issued_letter_is_frozen(demo_vault):
    with demo_vault.session() as s:
        settings.put(s, settings.DOC_CC, "市委网信办、市公安局")
        letter = letters.issue(s, _draft(s).id, issued_on=TODAY)
        frozen, digest = dict(letter.content), letter.content_sha256
        assert digest == rectification.content_hash(frozen) and len(digest) == 64
        # the 版记 is frozen with it: the settings' defaults as they were
        assert letter.colophon["cc"] == ["市委网信办", "市公安局"] and letter.colophon["printer"]
        with pytest.raises(FrozenError):
            letters.update(s, letter.id, fields={"visit_to": "2026-12-31"})
        with pytest.raises(FrozenError):
            letters.update(s, letter.id, colophon={"cc": []})
        with pytest.raises(FrozenError):
            letters.delete_draft(s, letter.id)
        with pytest.raises(FrozenError):
            letters.issue(s, letter.id)
        # what it was composed from changes: the letter still says what it said
        plan = s.get(Plan, letter.plan_id)
        plan.title = "改过的计划名称"
        settings.put(s, settings.DOC_CC, "市保密局")
        s.flush()
        detail = letters.letter_detail(s, letter.id)
        assert detail.content == frozen and detail.content_sha256 == digest
        assert detail.colophon["cc"] == ["市委网信办", "市公安局"]
        assert "改过的计划名称" not in str(detail.content)
        letters.record_file(s, letter.id, "ab" * 32)
        assert s.get(Letter, letter.id).file_sha256 == "ab" * 32
    assert problems(demo_vault) == []


def test_drafts_change_and_are_deleted(demo_vault):
    with demo_vault.session() as s:
        letter = _draft(s)
        letters.update(s, letter.id, fields={"materials": "甲\n乙"}, colophon={"cc": "市委网信办、市公安局",
                                                                           "contact": "李明"})
        letters.update(s, letter.id, colophon={"phone": "0356-2021234"})
        assert letter.fields["materials"] == "甲\n乙"
        assert letter.colophon == {"cc": ["市委网信办", "市公安局"], "contact": "李明", "phone": "0356-2021234"}
        letters.update(s, letter.id, colophon={"cc": []}, replace_colophon=True)
        assert letter.colophon == {"cc": []}
        letter_id = letter.id
        letters.delete_draft(s, letter_id)
        assert s.get(Letter, letter_id) is None
        with pytest.raises(NotFoundError):
            letters.delete_draft(s, letter_id)
    assert problems(demo_vault) == []


def test_letters_are_listed_drafts_first_and_filtered(demo_vault):
    with demo_vault.session() as s:
        plan, target = _plan_and_target(s)
        others = [t for t in plans.get_plan(s, plan.id).targets if t["department_id"] != target.department_id]
        issued = letters.issue(s, _draft(s).id, issued_on=TODAY)
        draft = letters.create(s, "inspection_notice", plan_id=plan.id, department_id=others[0]["department_id"])
        rows = letters.list_letters(s)
        assert [r.id for r in rows] == [draft.id, issued.id]
        assert rows[1].number == issued.number and rows[1].kind_zh == "检查通知" and rows[1].plan_title == plan.title
        assert [r.id for r in letters.list_letters(s, department_id=target.department_id)] == [issued.id]
        assert len(letters.list_letters(s, plan_id=plan.id)) == 2
        assert letters.list_letters(s, kind="review") == []


def test_migration_0006_down_and_up_keeps_the_audit_chain_verifiable(sqlcipher_vault, vault_path, monkeypatch):
    vault = sqlcipher_vault  # SQLite's way of changing a table (the hub's migrations: tests/test_hub_store.py)
    """An issued notice made while ``colophon`` existed at its first value: after 0006 down and up again the
    audit still verifies; without ADDED_COLUMNS naming the column it would not."""
    with vault.session() as s:
        department = plans.create_department(s, "晋城市民政局")
        s.add(RectificationNotice(department_id=department.id, year=2026, serial=1, number="晋数安检〔2026〕1号",
                                  status=NoticeStatus.ISSUED, issued_on=TODAY))
    assert problems(vault) == []
    with vault.engine.connect() as conn:
        raw = conn.connection.driver_connection
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                command.downgrade(schema._config(conn), "0005")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
    assert "letter" not in sa_inspect(vault.engine).get_table_names()
    assert "colophon" not in {c["name"] for c in sa_inspect(vault.engine).get_columns("rectification_notice")}
    vault.close()
    reopened = Vault.open(vault_path, passphrase=PASSPHRASE)
    try:
        assert "letter" in sa_inspect(reopened.engine).get_table_names()
        with reopened.session() as s:
            assert s.exec(select(RectificationNotice)).one().colophon == {}
        assert problems(reopened) == []
        monkeypatch.setitem(audit.ADDED_COLUMNS, "rectification_notice",
                            {k: v for k, v in audit.ADDED_COLUMNS["rectification_notice"].items() if k != "colophon"})
        assert problems(reopened) != []
    finally:
        reopened.close()


# ---- letters in sync bundles -----------------------------------------------------------------------------


def test_letters_travel_to_the_office_and_an_issued_one_stays_frozen(pair, tmp_path):
    """A letter issued on the laptop reaches the office in a field bundle; a later change made to it on the
    other side (by a bundle) waits in a conflict of kind frozen instead of changing what was issued."""
    from inspector.sync import conflicts, exporter, importer

    laptop, office = pair
    with laptop.session() as s:
        letter_id = letters.issue(s, _draft(s).id, issued_on=TODAY).id
        number = s.get(Letter, letter_id).number
    exporter.export_bundle(laptop, tmp_path / "a.inspbundle", ["办公室"], scope="field")
    assert importer.import_bundle(office, tmp_path / "a.inspbundle").applied
    with office.session() as s:
        there = s.get(Letter, letter_id)
        assert there.number == number and there.status is NoticeStatus.ISSUED and there.content
    # the laptop's copy is changed behind the service's back (as an older or a hostile copy might)
    with laptop.session() as s:
        s.get(Letter, letter_id).fields = {**s.get(Letter, letter_id).fields, "materials": "改过的材料"}
    exporter.export_bundle(laptop, tmp_path / "b.inspbundle", ["办公室"], since_last=True)
    importer.import_bundle(office, tmp_path / "b.inspbundle")
    with office.session() as s:
        assert s.get(Letter, letter_id).fields["materials"] != "改过的材料"
        [row] = [c for c in conflicts.list_conflicts(s) if c.record_id == letter_id]
        assert row.kind == "frozen" and number in row.note_zh
    assert problems(office) == []


def test_an_inspection_notice_is_not_issued_after_the_self_assessment_was_due(demo_vault):
    """The demo's visits are past: its default dates make a notice that would arrive after the fact."""
    with demo_vault.session() as s:
        plan, target = _plan_and_target(s)
        letter_id = letters.create(s, letter_inspection.KEY, plan_id=plan.id, department_id=target.department_id).id
        due = date.fromisoformat(s.get(Letter, letter_id).fields["selfreport_due"])
    with pytest.raises(BadInputError) as refused, demo_vault.session() as s:  # the unit of work is rolled back
        letters.issue(s, letter_id, issued_on=due + timedelta(1))
    assert refused.value.field == "selfreport_due" and "早于签发日期" in refused.value.zh
    with demo_vault.session() as s:
        letter = s.get(Letter, letter_id)
        assert letter.status is NoticeStatus.DRAFT and letter.serial is None and letter.number == ""
        assert letters.issue(s, letter_id, issued_on=due).status is NoticeStatus.ISSUED  # on the day: in time

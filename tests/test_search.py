"""Finding lists on a real vault: filters, order, trigram full-text search, and the editor's reads and writes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlcipher3
from sqlalchemy import create_engine, insert
from sqlmodel import func, select

from inspector import audit, schema, workflow
from inspector.db import raw_key_pragma
from inspector.errors import BadInputError, TransitionError
from inspector.model import (
    AuditEvent,
    Department,
    Escalation,
    EscalationKind,
    EscalationState,
    Finding,
    FindingStatus,
    Severity,
    utcnow,
)
from inspector.services import findings, maintenance, search
from inspector.services.search import FindingQuery
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)

TODAY = date(2026, 11, 24)


def add_findings(vault, rows: list[dict], departments=("晋城市民政局", "晋城市医疗保障局")) -> dict[str, str]:
    """Departments by name, then findings (``department`` names one of them); returns title → id."""
    with vault.session() as s:
        depts = {name: Department(name=name) for name in departments}
        s.add_all(depts.values())
        s.flush()
        ids = {}
        for row in rows:
            row = dict(row)
            dept = depts[row.pop("department", departments[0])]
            f = Finding(department_id=dept.id, **row)
            s.add(f)
            s.flush()
            ids[f.title] = f.id
    return ids


def found(vault, text: str) -> set[str] | None:
    with vault.session() as s:
        return search.matching_ids(s, text)


def ids_of(vault, query: FindingQuery) -> list[str]:
    with vault.session() as s:
        return search.ordered_ids(s, query, TODAY)


# ---- full-text search ------------------------------------------------------------------------


def test_three_character_words_are_found_in_every_indexed_column(vault):
    ids = add_findings(vault, [
        dict(title="数据库最高管理权限由运维公司掌握"),
        dict(title="b", description="参保人员身份证号以明文存储"),
        dict(title="c", location="人社局信息中心机房"),
        dict(title="d", handling_opinion="责令限期整改并报送整改情况"),
        dict(title="e", rectification_requirement="留存不少于六个月的操作日志"),
        dict(title="f", department="晋城市医疗保障局"),
    ])
    assert found(vault, "管理权限") == {ids["数据库最高管理权限由运维公司掌握"]}
    assert found(vault, "身份证") == {ids["b"]}
    assert found(vault, "信息中心") == {ids["c"]}
    assert found(vault, "报送整改") == {ids["d"]}
    assert found(vault, "六个月") == {ids["e"]}
    assert found(vault, "医疗保障") == {ids["f"]}
    assert found(vault, "民政局") == set(ids.values()) - {ids["f"]}  # the department of all the others
    assert found(vault, "不存在的词") == set()
    assert found(vault, "  ") is None and found(vault, "") is None


def test_one_and_two_character_words_fall_back_to_index_prefixes(vault, monkeypatch):
    ids = add_findings(vault, [dict(title="安全审计日志"), dict(title="日志仅保存30天"), dict(title="数据未备份"),
                               dict(title="x", description="志")])
    log = {ids["安全审计日志"], ids["日志仅保存30天"]}
    assert found(vault, "日志") == log  # at the end of a value, and at its start
    assert found(vault, "志") == log | {ids["x"]}
    assert found(vault, "备份") == {ids["数据未备份"]}
    assert found(vault, "30") == {ids["日志仅保存30天"]}
    assert found(vault, "誌") == set()
    words = ["日志", "志", "备份", "30", "誌", "局", "x"]
    by_prefix = {w: found(vault, w) for w in words}
    monkeypatch.setattr(search, "MAX_PREFIX_TERMS", 0)  # every short word now takes the LIKE scan
    assert {w: found(vault, w) for w in words} == by_prefix


def test_every_word_must_match_and_ascii_case_is_ignored(vault):
    ids = add_findings(vault, [dict(title="root 账号口令由外包人员保管"), dict(title="ROOT 账号已停用"),
                               dict(title="外包人员可导出数据")])
    assert found(vault, "Root") == {ids["root 账号口令由外包人员保管"], ids["ROOT 账号已停用"]}
    assert found(vault, "root 外包") == {ids["root 账号口令由外包人员保管"]}
    assert found(vault, "外包　导出") == {ids["外包人员可导出数据"]}  # a full-width space separates words too


@pytest.mark.parametrize("text", ['"', '""', 'a"b', "*", "NOT", "AND OR", "(", "-x", "%", "_", "\\", "\x01", "日志*"])
def test_query_syntax_characters_are_plain_text(vault, text):
    ids = add_findings(vault, [dict(title='口令 "123456" AND 明文 (50%_off) -x NOT \\ 日志*')])
    assert found(vault, text) in (set(), set(ids.values()), None)


def test_index_follows_updates_deletes_and_department_renames(vault):
    ids = add_findings(vault, [dict(title="日志仅保存30天"), dict(title="口令明文存储")])
    with vault.session() as s:
        f = s.get(Finding, ids["日志仅保存30天"])
        f.title = "审计记录不完整"
        f.status = FindingStatus.NOTIFIED  # not indexed: must not disturb the index
    assert found(vault, "保存30") == set() and found(vault, "日志") == set()
    assert found(vault, "审计记录") == {ids["日志仅保存30天"]}
    with vault.session() as s:
        s.delete(s.get(Finding, ids["口令明文存储"]))
    assert found(vault, "口令明文") == set()
    with vault.session() as s:
        dept = s.exec(select(Department).where(Department.name == "晋城市民政局")).one()
        dept.name = "晋城市退役军人事务局"
    assert found(vault, "民政局") == set()
    assert found(vault, "退役军人") == {ids["日志仅保存30天"]}
    with vault.session() as s:
        other = s.exec(select(Department).where(Department.name == "晋城市医疗保障局")).one()
        s.get(Finding, ids["日志仅保存30天"]).department_id = other.id
    assert found(vault, "医疗保障") == {ids["日志仅保存30天"]} and found(vault, "退役军人") == set()
    with vault.session() as s:
        assert search.rebuild_index(s) == 1
    assert found(vault, "审计记录") == {ids["日志仅保存30天"]}


def test_the_search_index_leaves_the_vault_checks_green(vault):
    add_findings(vault, [dict(title=f"问题{n}", description="审计日志缺失") for n in range(5)])
    with vault.session() as s:
        f = s.exec(select(Finding)).first()
        f.description = "已补充审计日志"
        s.delete(s.exec(select(Finding).where(Finding.id != f.id)).first())
    report = maintenance.check_vault(vault)
    assert report.ok, report.lines
    assert report.audit.records_checked > 0
    with vault.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalars().all() == ["ok"]
        assert audit.verify(conn, vault.audit_hash, vault.vault_id, deep=True).ok


def test_the_migration_indexes_findings_already_in_the_vault(tmp_path):
    path, key = tmp_path / "old.db", b"\x02" * 32

    def connect():
        conn = sqlcipher3.connect(str(path))
        conn.execute(raw_key_pragma(key))
        return conn

    engine = create_engine("sqlite://", creator=connect)
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(schema._config(conn), "0001")
        now = utcnow()
        book = dict(created_at=now, updated_at=now, origin_device="d", updated_device="d", revision=1, vv={})
        conn.execute(insert(Department.__table__), [dict(id="d1", name="晋城市自然资源局", code="", address="",
                                                         contact_name="", contact_phone="", notes="", **book)])
        conn.execute(insert(Finding.__table__), [dict(id=f"f{n}", department_id="d1", title=f"不动产登记数据{n}",
                                                      description="", location="", articles=[], severity="general",
                                                      escalate_secrecy=False, escalate_police=False,
                                                      handling_opinion="", rectification_requirement="",
                                                      status="draft", verification_note="", **book)
                                                 for n in range(3)])
    with engine.begin() as conn:
        assert schema.upgrade(conn, str(path)) == ("0001", schema.head_revision())
    with engine.connect() as conn:
        hits = conn.exec_driver_sql(
            "SELECT finding_id FROM finding_fts_key WHERE docid IN "
            "(SELECT rowid FROM finding_fts WHERE finding_fts MATCH '\"不动产\" AND \"自然资源\"')").scalars().all()
    engine.dispose()
    assert sorted(hits) == ["f0", "f1", "f2"]


# ---- filters and order -----------------------------------------------------------------------


def test_filters_combine(vault):
    rows = [dict(title=f"{dept[-3:]}-{sev.value}-{st.value}", department=dept, severity=sev, status=st)
            for dept in ("晋城市民政局", "晋城市医疗保障局") for sev in Severity
            for st in (FindingStatus.DRAFT, FindingStatus.RECTIFYING)]
    ids = add_findings(vault, rows)
    with vault.session() as s:
        dept = s.exec(select(Department).where(Department.name == "晋城市医疗保障局")).one().id
    assert len(ids_of(vault, FindingQuery())) == 12
    assert len(ids_of(vault, FindingQuery(department_id=dept))) == 6
    assert len(ids_of(vault, FindingQuery(severity=Severity.MAJOR))) == 4
    assert ids_of(vault, FindingQuery(department_id=dept, severity=Severity.MAJOR, status=FindingStatus.RECTIFYING)) \
        == [ids["保障局-major-rectifying"]]
    assert ids_of(vault, FindingQuery(text="保障局-major", status=FindingStatus.DRAFT)) == [ids["保障局-major-draft"]]
    assert ids_of(vault, FindingQuery(text="民政局", department_id=dept)) == []


def test_overdue_is_what_the_workflow_says(vault):
    deadlines = [None, TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=1)]
    rows = [dict(title=f"{st.value}-{n}", status=st, deadline=d) for st in FindingStatus for n, d in enumerate(deadlines)]
    add_findings(vault, rows)
    with vault.session() as s:
        expected = {f.id for f in s.exec(select(Finding)).all() if workflow.is_overdue(f.status, f.deadline, TODAY)}
        assert search.counts(s, TODAY).overdue == len(expected)
        rows_back = search.fetch_rows(s, ids_of(vault, FindingQuery()), TODAY)
    assert len(expected) == len(workflow.OPEN_STATUSES)  # one per open status: the day before today
    assert set(ids_of(vault, FindingQuery(overdue_only=True))) == expected
    assert {r.id for r in rows_back if r.overdue} == expected


def test_every_sort_key_orders_the_ids(vault):
    rows = []
    for n in range(14):
        rows.append(dict(title=f"问题{(n * 5) % 14:02d}", department=("晋城市民政局", "晋城市医疗保障局")[n % 2],
                         severity=list(Severity)[n % 3], status=list(FindingStatus)[n % 7],
                         deadline=None if n % 4 == 0 else TODAY + timedelta(days=(n * 3) % 11)))
    add_findings(vault, rows)
    with vault.session() as s:
        rows = search.fetch_rows(s, ids_of(vault, FindingQuery()), TODAY)
    newest = sorted(rows, key=lambda r: (r.created_at, r.id), reverse=True)
    for descending in (True, False):
        def by(key, descending=descending):
            return sorted(newest, key=key, reverse=descending)  # stable: ties stay newest first

        expected = {
            "title": by(lambda r: r.title),
            "department": by(lambda r: r.department),
            "severity": by(lambda r: search.SEVERITY_ORDER.index(r.severity)),
            "status": by(lambda r: search.STATUS_ORDER.index(r.status)),
            "deadline": [r for r in by(lambda r: r.deadline or TODAY) if r.deadline] + [r for r in newest if not r.deadline],
            "created": newest if descending else newest[::-1],
        }
        for key in search.SORT_KEYS:
            got = ids_of(vault, FindingQuery(sort=key, descending=descending))
            assert got == [r.id for r in expected[key]], (key, descending)
    with pytest.raises(ValueError):
        FindingQuery(sort="revision")


def test_fetch_rows_keeps_the_order_and_skips_missing_ids(vault):
    ids = add_findings(vault, [dict(title="甲", severity=Severity.CRITICAL, escalate_police=True), dict(title="乙")])
    with vault.session() as s:
        rows = search.fetch_rows(s, [ids["乙"], "gone", ids["甲"]], TODAY)
        c = search.counts(s, TODAY)
    assert [r.title for r in rows] == ["乙", "甲"]
    assert rows[1].department == "晋城市民政局" and rows[1].severity is Severity.CRITICAL and rows[1].escalate_police
    assert c.total == 2 and c.by_status[FindingStatus.DRAFT] == 2 and c.overdue == 0


# ---- the editor's reads and writes ---------------------------------------------------------------


def audit_events(vault) -> int:
    with vault.session() as s:
        return s.exec(select(func.count()).select_from(AuditEvent)).one()


def test_update_finding_is_checked_audited_and_indexed(vault):
    fid = add_findings(vault, [dict(title="原标题")])["原标题"]
    before = audit_events(vault)
    with vault.session() as s:
        findings.update_finding(s, fid, dict(title=" 新标题 ", articles=[33, 10, 33], severity="major",
                                           escalate_secrecy=True, deadline=TODAY, handling_opinion="责令整改"))
    with vault.session() as s:  # a fresh session reads what was written
        f = s.get(Finding, fid)
        assert (f.title, f.articles, f.severity, f.escalate_secrecy, f.deadline, f.handling_opinion) == \
            ("新标题", [10, 33], Severity.MAJOR, True, TODAY, "责令整改")
        assert f.revision == 2
        # art. 33: the leak-risk flag opened its escalation record (待报告), audited as a row of its own
        [escalation] = s.exec(select(Escalation).where(Escalation.finding_id == fid)).all()
        assert (escalation.kind, escalation.state) == (EscalationKind.SECRECY, EscalationState.PENDING)
    assert audit_events(vault) == before + 2
    assert found(vault, "新标题") == {fid}
    for bad in (dict(title="  "), dict(articles=[10, 999]), dict(deadline="明天")):
        with pytest.raises(BadInputError), vault.session() as s:
            findings.update_finding(s, fid, dict(description="不应写入", **bad))
    with pytest.raises(ValueError), vault.session() as s:
        findings.update_finding(s, fid, dict(status="closed"))
    with vault.session() as s:
        assert s.get(Finding, fid).description == ""
    assert audit_events(vault) == before + 2


def test_a_refused_transition_changes_nothing(vault):
    fid = add_findings(vault, [dict(title="草稿问题")])["草稿问题"]
    before = audit_events(vault)
    for target in (FindingStatus.CLOSED, FindingStatus.NOTIFIED):
        with pytest.raises(TransitionError), vault.session() as s:
            findings.change_status(s, fid, target)
    with vault.session() as s:
        detail = findings.finding_detail(s, fid, TODAY)
    assert detail.status is FindingStatus.DRAFT and detail.history == ()
    assert detail.transitions == (), "a draft becomes notified only by issuing its notice: no button offers it"
    assert audit_events(vault) == before


def test_finding_detail_of_the_demo(demo_vault, tmp_path):
    with demo_vault.session() as s:
        rectifying = s.exec(select(Finding).where(Finding.status == FindingStatus.RECTIFYING)).one()
        draft = s.exec(select(Finding).where(Finding.escalate_secrecy)).one()
        d = findings.finding_detail(s, rectifying.id, TODAY)
        findings.change_status(s, rectifying.id, FindingStatus.REPORTED)
        drafted = findings.finding_detail(s, draft.id, TODAY)
    assert d.department == "晋城市卫生健康委员会" and d.item_code and d.item_text and d.articles
    assert d.notice_number.startswith("晋数安检〔2026〕")
    assert [(h.from_status, h.to_status) for h in d.history] == [
        (FindingStatus.DRAFT, FindingStatus.NOTIFIED), (FindingStatus.NOTIFIED, FindingStatus.RECTIFYING)]
    assert len(d.evidence) == 1 and d.evidence[0].is_image
    assert d.transitions == (FindingStatus.REPORTED,)
    assert drafted.notice_number == "" and drafted.escalate_secrecy

    photo = tmp_path / "现场照片.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    with demo_vault.session() as s:
        batch = findings.add_finding_files(s, draft.id, [photo, tmp_path / "missing.jpg", ("截图.png", b"")])
    assert [e.filename for e in batch.added] == ["现场照片.png"] and len(batch.errors) == 2
    with demo_vault.session() as s:
        assert [e.filename for e in findings.finding_detail(s, draft.id).evidence][-1] == "现场照片.png"

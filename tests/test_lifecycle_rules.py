"""The core's rules for issued notices, their corrections and art. 33 escalations (inspector/lifecycle.py), on
real vaults; and migration 0005 keeping older vaults' audit chains verifiable.

The inspection side (signature bound to content, completion, reopen) is in test_inspections_service.py; the
command line over all of it in test_cli_lifecycle.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import inspect as sa_inspect
from sqlmodel import select

from inspector import audit, lifecycle, schema
from inspector.errors import BadInputError
from inspector.model import (
    ChecklistItem,
    ChecklistTemplate,
    Department,
    Escalation,
    EscalationKind,
    EscalationState,
    Finding,
    FindingStatus,
    Inspection,
    InspectionResult,
    InspectionStatus,
    IssuedDocument,
    NoticeFinding,
    NoticeStatus,
    RectificationNotice,
    Severity,
    Verdict,
)
from inspector.services import (
    documents,
    escalations,
    evidence,
    findings,
    inspections,
    maintenance,
    plans,
    rectification,
)
from inspector.timezones import china_today
from inspector.vault import Vault
from tests.conftest import PASSPHRASE
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)

TODAY = china_today()
DEADLINE = TODAY + timedelta(days=30)


def problems(vault: Vault) -> list[str]:
    return [en for _, en in maintenance.check_vault(vault).lines if en.startswith("FAILED")]


def new_findings(vault: Vault, *titles: str, **fields) -> list[str]:
    """Findings of a demo department, outside any inspection (so only a notice can freeze them)."""
    with vault.session() as s:
        department = s.exec(select(Department).where(Department.name == "晋城市民政局")).one()
        rows = [Finding(department_id=department.id, title=t, articles=[9], deadline=DEADLINE,
                        rectification_requirement="按细则整改", handling_opinion="责令整改", **fields) for t in titles]
        s.add_all(rows)
        s.flush()
        return [f.id for f in rows]


def issued_notice(vault: Vault, *finding_ids: str) -> RectificationNotice:
    with vault.session() as s:
        department_id = s.get(Finding, finding_ids[0]).department_id
        draft = rectification.create_draft(s, department_id, list(finding_ids), deadline=DEADLINE, today=TODAY)
        notice = rectification.issue(s, draft.id, issued_on=TODAY)
        s.expunge(notice)
        return notice


# ---- an issued notice is frozen ---------------------------------------------------------------------

CHANGED = {
    "title": "改过的问题", "description": "改过的描述", "articles": [9, 12], "severity": Severity.CRITICAL,
    "escalate_secrecy": True, "escalate_police": True, "handling_opinion": "改过的意见",
    "rectification_requirement": "改过的要求", "deadline": DEADLINE + timedelta(days=7),
}


def test_every_field_an_issued_notice_states_is_refused(demo_vault):
    assert set(CHANGED) == set(lifecycle.NOTICE_FIELDS)
    [fid] = new_findings(demo_vault, "未开展数据分类分级")
    notice = issued_notice(demo_vault, fid)
    with demo_vault.session() as s:
        before = {k: getattr(s.get(Finding, fid), k) for k in findings.EDITABLE_FIELDS}
    for field_name, value in CHANGED.items():
        with pytest.raises(lifecycle.FrozenError) as refused, demo_vault.session() as s:
            findings.update_finding(s, fid, {field_name: value}, void_signature=True)
        assert notice.number in refused.value.zh and "更正通知" in refused.value.zh, field_name
        assert notice.number in refused.value.en and "correction notice" in refused.value.en
    with demo_vault.session() as s:
        f = s.get(Finding, fid)
        assert {k: getattr(f, k) for k in findings.EDITABLE_FIELDS} == before
        assert s.exec(select(Escalation).where(Escalation.finding_id == fid)).all() == []
        findings.update_finding(s, fid, {"location": "民政局三楼机房"})  # not something the notice states
        findings.update_finding(s, fid, {"deadline": before["deadline"]})  # no change: nothing to refuse
    with demo_vault.session() as s:
        assert s.get(Finding, fid).location == "民政局三楼机房"
    assert problems(demo_vault) == []


def test_status_steps_go_on_after_issue_and_reopening_sets_a_new_deadline(demo_vault):
    [fid] = new_findings(demo_vault, "未开展风险评估")
    notice = issued_notice(demo_vault, fid)
    later = DEADLINE + timedelta(days=45)
    steps = [(FindingStatus.RECTIFYING, "", None), (FindingStatus.REPORTED, "", None),
             (FindingStatus.REOPENED, "整改措施不到位", later), (FindingStatus.RECTIFYING, "", None),
             (FindingStatus.REPORTED, "", None), (FindingStatus.VERIFIED, "复查合格", None),
             (FindingStatus.CLOSED, "", None), (FindingStatus.REOPENED, "复查发现反弹", later + timedelta(days=1))]
    for target, reason, deadline in steps:
        with demo_vault.session() as s:
            findings.change_status(s, fid, target, reason=reason, deadline=deadline)
    with demo_vault.session() as s:
        f = s.get(Finding, fid)
        assert f.status == FindingStatus.REOPENED and f.deadline == later + timedelta(days=1)
        assert s.get(RectificationNotice, notice.id).content == notice.content  # what it stated stays
        with pytest.raises(lifecycle.FrozenError):  # the deadline by hand, outside the status flow: refused
            findings.update_finding(s, fid, {"deadline": later + timedelta(days=2)})
    assert problems(demo_vault) == []


def test_an_issued_notice_exports_the_same_content_whatever_happens_to_its_findings(demo_vault):
    fids = new_findings(demo_vault, "未落实访问控制", "未开展安全培训", escalate_secrecy=True,
                        severity=Severity.MAJOR)
    with demo_vault.session() as s:
        for fid in fids:
            escalations.open_for_flags(s, s.get(Finding, fid))
    notice = issued_notice(demo_vault, *fids)
    with demo_vault.session() as s:
        first = documents.notice_data(s, notice.id)
        assert first.number == notice.number and not first.draft and len(first.findings) == 2
        assert {i.title: i.escalations[0][1] for i in first.findings} == {"未落实访问控制": "待报告",
                                                                         "未开展安全培训": "待报告"}
        findings.change_status(s, fids[0], FindingStatus.RECTIFYING)
        findings.change_status(s, fids[0], FindingStatus.REPORTED)
        findings.change_status(s, fids[0], FindingStatus.REOPENED, reason="不到位", deadline=DEADLINE + timedelta(9))
        escalations.record_escalation(s, escalations.find(s, fids[1], EscalationKind.SECRECY).id,
                                      authority="晋城市国家保密局", reference="晋保〔2026〕1号")
    with demo_vault.session() as s:
        again = documents.notice_data(s, notice.id)
        live = documents.live_notice_data(s, s.get(RectificationNotice, notice.id))
    assert again == first, "the same number, text and findings as when it was issued"
    assert live != first  # the vault moved on (a deadline, an escalation done): the issued notice did not
    assert {i.title: i.escalations[0][1] for i in live.findings} == {"未落实访问控制": "待报告",
                                                                    "未开展安全培训": "已报告"}


# ---- 更正通知 ------------------------------------------------------------------------------------------


def test_a_correction_is_checked_before_anything_is_drafted(demo_vault):
    fid, other = new_findings(demo_vault, "未建立数据安全制度", "不在通知书里的问题")
    with demo_vault.session() as s:
        department_id = s.get(Finding, fid).department_id
        draft = rectification.create_draft(s, department_id, [fid], deadline=DEADLINE, today=TODAY)
        draft_id = draft.id
    requirement = {fid: {"rectification_requirement": "三十日内建立制度"}}
    with pytest.raises(BadInputError, match="只有已签发") as refused, demo_vault.session() as s:
        rectification.draft_correction(s, draft_id, requirement, "表述不准确")
    assert "Only an issued notice" in refused.value.en
    with demo_vault.session() as s:
        rectification.issue(s, draft_id, issued_on=TODAY)
    cases = [
        ({other: {"rectification_requirement": "x"}}, "原因", "不在整改通知书"),
        ({"no-such-finding": {"deadline": DEADLINE}}, "原因", "不在整改通知书"),
        ({fid: {"description": "改过的描述"}}, "原因", "不能更正“问题描述”"),
        ({fid: {"severity": "critical"}}, "原因", "不能更正“严重程度”"),
        ({fid: {"rectification_requirement": "按细则整改", "deadline": DEADLINE}}, "原因", "没有需要更正的内容"),
        ({fid: {"deadline": "下个月"}}, "原因", "不是有效日期"),
        (requirement, "   ", "更正原因"),
    ]
    for changes, reason, message in cases:
        with pytest.raises(BadInputError, match=message), demo_vault.session() as s:
            rectification.draft_correction(s, draft_id, changes, reason)
    with demo_vault.session() as s:
        assert s.exec(select(RectificationNotice).where(RectificationNotice.corrects_id == draft_id)).all() == []


def test_issuing_a_correction_applies_it_and_supersedes_the_originals_files(demo_vault):
    fid, untouched = new_findings(demo_vault, "未落实日志审计", "未开展应急演练")
    notice = issued_notice(demo_vault, fid, untouched)
    new_deadline = DEADLINE + timedelta(days=30)
    with demo_vault.session() as s:
        findings.change_status(s, fid, FindingStatus.RECTIFYING)
        for name in ("通知书.pdf", "通知书（会签）.pdf"):
            s.add(IssuedDocument(kind="notice", ref_id=notice.id, filename=name, sha256=name.encode().hex()[:64]))
        correction = rectification.draft_correction(
            s, notice.id, {fid: {"rectification_requirement": "六个月日志留存", "deadline": new_deadline},
                           untouched: {"deadline": DEADLINE}}, " 整改期限不合理 ", today=TODAY)
        assert correction.status == NoticeStatus.DRAFT and correction.number == ""
        assert correction.corrects_id == notice.id and correction.correction_reason == "整改期限不合理"
        assert [(c["finding_id"], c["field"]) for c in correction.changes] == \
            [(fid, "rectification_requirement"), (fid, "deadline")]  # an unchanged value is no change
        assert correction.changes[1] == dict(finding_id=fid, field="deadline", old=DEADLINE.isoformat(),
                                             new=new_deadline.isoformat())
        assert s.get(Finding, fid).rectification_requirement == "按细则整改"  # nothing applies while a draft
        assert rectification.corrected_by(s, notice.id) == []
        correction_id = correction.id
    with demo_vault.session() as s:
        issued = rectification.issue(s, correction_id, issued_on=TODAY)
        assert issued.serial == notice.serial + 1 and issued.number != notice.number
        number = issued.number
    with demo_vault.session() as s:
        f = s.get(Finding, fid)
        assert (f.rectification_requirement, f.deadline, f.status) == ("六个月日志留存", new_deadline,
                                                                      FindingStatus.RECTIFYING)
        assert f.notice_id == notice.id  # still stated by the original, frozen as before
        assert [c.id for c in rectification.corrected_by(s, notice.id)] == [correction_id]
        rows = s.exec(select(IssuedDocument).where(IssuedDocument.ref_id == notice.id)).all()
        assert len(rows) == 2 and all(r.superseded_by == number and r.superseded_at for r in rows)
        stated = documents.notice_data(s, correction_id)
        assert stated.corrects_number == notice.number and stated.correction_reason == "整改期限不合理"
        assert [c[1] for c in stated.changes] == ["整改要求", "整改期限"]
        assert documents.notice_data(s, notice.id).findings[0].requirement == "按细则整改"  # the original as issued
        with pytest.raises(lifecycle.FrozenError):
            findings.update_finding(s, fid, {"rectification_requirement": "再改一次"})
        with pytest.raises(BadInputError, match="已签发"):
            rectification.issue(s, correction_id)
        # the corrected finding is counted once, under the notice it was issued in
        rows = {r.notice_id: r for r in rectification.list_notices(s, TODAY + timedelta(days=400))}
        assert (rows[notice.id].open_findings, rows[notice.id].overdue_findings) == (2, 2)
        assert (rows[correction_id].findings, rows[correction_id].open_findings,
                rows[correction_id].overdue_findings) == (1, 0, 0)
    assert problems(demo_vault) == []


# ---- art. 33 ------------------------------------------------------------------------------------------


def test_an_escalated_finding_is_never_below_major(demo_vault):
    [fid] = new_findings(demo_vault, "违规向境外提供数据", severity=Severity.GENERAL)
    with demo_vault.session() as s:
        findings.update_finding(s, fid, {"escalate_police": True})
        f = s.get(Finding, fid)
        assert f.severity == Severity.MAJOR  # raised with the flag
        [e] = escalations.list_escalations(s, finding_id=fid)
        assert (e.kind, e.state, e.state_zh, e.immediate) == (EscalationKind.POLICE, EscalationState.PENDING,
                                                             "待移送", True)
        assert e.authority == "公安机关"
        for lower in (Severity.GENERAL, "general"):
            with pytest.raises(BadInputError, match="较大") as refused:
                findings.update_finding(s, fid, {"severity": lower})
            assert "Major" in refused.value.en
        with pytest.raises(BadInputError, match="较大"):  # a flag and a lower severity at once
            findings.update_finding(s, fid, {"escalate_secrecy": True, "severity": Severity.GENERAL})
        findings.update_finding(s, fid, {"severity": Severity.CRITICAL})
        findings.update_finding(s, fid, {"escalate_secrecy": True})
        assert s.get(Finding, fid).severity == Severity.CRITICAL  # never lowered to the floor
        assert {e.kind for e in escalations.list_escalations(s, finding_id=fid)} == set(EscalationKind)
        findings.update_finding(s, fid, {"escalate_police": False, "escalate_secrecy": False})
        assert escalations.list_escalations(s, finding_id=fid) == []  # pending ones go with their flag
        findings.update_finding(s, fid, {"severity": Severity.GENERAL})  # no flag: any severity
    assert problems(demo_vault) == []


def test_a_done_escalation_stays_on_record(demo_vault):
    [fid] = new_findings(demo_vault, "涉密信息在互联网传输", escalate_secrecy=True, severity=Severity.MAJOR)
    with demo_vault.session() as s:
        escalations.open_for_flags(s, s.get(Finding, fid))
        e = escalations.find(s, fid, EscalationKind.SECRECY)
        with pytest.raises(BadInputError, match="接收单位"):
            escalations.record_escalation(s, e.id, authority="  ")
        escalations.record_escalation(s, e.id, authority=" 晋城市国家保密局 ", reference="晋保〔2026〕2号",
                                      note="电话报告后补送书面材料")
    with demo_vault.session() as s:
        e = escalations.find(s, fid, EscalationKind.SECRECY)
        assert (e.state, e.authority, e.reference) == (EscalationState.DONE, "晋城市国家保密局", "晋保〔2026〕2号")
        assert e.done_at is not None and e.done_by == demo_vault.audit_context.actor
        with pytest.raises(BadInputError, match="不能重复登记"):
            escalations.record_escalation(s, e.id, authority="另一个单位")
        with pytest.raises(BadInputError, match="不能再取消") as refused:
            findings.update_finding(s, fid, {"escalate_secrecy": False})
        assert "cannot be withdrawn" in refused.value.en
        assert s.get(Finding, fid).escalate_secrecy
        assert escalations.list_escalations(s, pending_only=True, finding_id=fid) == []
    assert problems(demo_vault) == []


# ---- migration 0005 on a vault made before it ---------------------------------------------------------


def _columns(vault: Vault, table: str) -> set[str]:
    with vault.engine.connect() as conn:
        return {c["name"] for c in sa_inspect(conn).get_columns(table)}


def _rows_as_before_0005(vault: Vault) -> dict[str, str]:
    """Rows of every table 0005 changes, each holding the value 0005 gives rows it finds (as an earlier
    Inspector wrote them): a signed and completed inspection, an issued notice, a registered file."""
    with vault.session() as s:
        department = plans.create_department(s, "晋城市民政局")
        template_id = s.exec(select(ChecklistTemplate.id)).one()
        signature = evidence.store_blob(s, b"\x89PNG\r\n\x1a\n a drawn signature")
        insp = Inspection(department_id=department.id, template_id=template_id, status=InspectionStatus.COMPLETED,
                          summary="检查小结", department_rep_name="陈静", rep_signature_sha256=signature)
        s.add(insp)
        s.flush()
        item = s.exec(select(ChecklistItem.id).where(ChecklistItem.template_id == template_id)).first()
        s.add(InspectionResult(inspection_id=insp.id, item_id=item, verdict=Verdict.NON_COMPLIANT))
        finding = Finding(department_id=department.id, inspection_id=insp.id, title="未建立制度", deadline=DEADLINE)
        s.add(finding)
        s.flush()
        notice = RectificationNotice(department_id=department.id, year=TODAY.year, serial=1,
                                     number="晋数安检〔2026〕1号",
                                     status=NoticeStatus.ISSUED, issued_on=TODAY, deadline=DEADLINE)
        s.add(notice)
        s.flush()
        finding.notice_id = notice.id
        s.add(NoticeFinding(notice_id=notice.id, finding_id=finding.id))
        s.add(IssuedDocument(kind="notice", ref_id=notice.id, filename="通知书.pdf", sha256="cd" * 32))
        s.flush()
        return dict(inspection=insp.id, finding=finding.id, notice=notice.id)


def test_migration_0005_down_and_up_keeps_the_audit_chain_verifiable(sqlcipher_vault, vault_path, monkeypatch):
    vault = sqlcipher_vault  # SQLite's way of changing a table (the hub's migrations: tests/test_hub_store.py)
    ids = _rows_as_before_0005(vault)
    assert problems(vault) == []
    with vault.engine.connect() as conn:  # as SQLite changes a table others refer to: foreign keys off meanwhile
        raw = conn.connection.driver_connection
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                command.downgrade(schema._config(conn), "0004")
                assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
    assert "escalation" not in sa_inspect(vault.engine).get_table_names()
    assert "corrects_id" not in _columns(vault, "rectification_notice")
    assert "rep_signed_digest" not in _columns(vault, "inspection")
    vault.close()

    reopened = Vault.open(vault_path, passphrase=PASSPHRASE)  # opening upgrades it
    try:
        with reopened.engine.connect() as conn:
            assert schema.current_revision(conn) == schema.head_revision()
        assert {"content", "corrects_id", "changes"} <= _columns(reopened, "rectification_notice")
        assert problems(reopened) == [], "the events recorded before 0005 still match their rows"
        with reopened.session() as s:
            insp = s.get(Inspection, ids["inspection"])
            assert insp.rep_signed_digest is None and insp.unchecked_items == [] and insp.correction_no == 0
            assert lifecycle.signature_holds(s, insp)  # signed before signatures were bound to content
            assert s.get(RectificationNotice, ids["notice"]).content == {}
            # the notice was issued before snapshots: still frozen, the live data stand for what it stated
            with pytest.raises(lifecycle.FrozenError):
                findings.update_finding(s, ids["finding"], {"rectification_requirement": "改"})
            assert documents.notice_data(s, ids["notice"]).number == "晋数安检〔2026〕1号"
        with reopened.session() as s:  # the new columns written for the first time
            inspections.reopen_inspection(s, ids["inspection"], "补充")
            rectification.draft_correction(s, ids["notice"], {ids["finding"]: {"deadline": DEADLINE + timedelta(9)}},
                                           "延期", today=TODAY)
        assert problems(reopened) == []
        # and the check can fail: without ADDED_COLUMNS the older events no longer match their rows
        monkeypatch.setattr(audit, "ADDED_COLUMNS", {})
        assert problems(reopened) != []
    finally:
        reopened.close()

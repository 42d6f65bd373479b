"""Every write the application offers leaves a vault that passes ``vault check`` and whose backups restore.

An attack run found that resolving a sync conflict wrote its ``sync.resolve``
event under the record's own table and id: the deep audit check then compared
the row with that event and failed, ``vault backup`` still said it succeeded,
and every later backup was refused by ``vault restore``. These tests run the
writes (the command line's and the services the desktop application calls)
and check the vault after them, and make sure a backup never reports success
for a snapshot restore would refuse.
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import click
import pytest
from PIL import Image
from sqlalchemy import text
from sqlmodel import select

from inspector import audit
from inspector.cli import cli
from inspector.errors import IntegrityFailure
from inspector.model import (
    ChecklistItem,
    Department,
    Escalation,
    EscalationState,
    Finding,
    FindingStatus,
    Inspection,
    InspectionStatus,
    Inspector,
    Plan,
    Verdict,
)
from inspector.services import (
    department_import,
    evidence,
    findings,
    inspections,
    maintenance,
    plans,
    rectification,
    settings,
)
from inspector.services.demo import demo_seal
from inspector.signing import identity
from inspector.sync import conflicts, exporter, importer
from inspector.timezones import china_today
from inspector.vault import Vault
from tests.conftest import PASSPHRASE

ENV = {"INSPECTOR_PASSPHRASE": PASSPHRASE, "INSPECTOR_NEW_PASSPHRASE": "another good passphrase 2"}
TODAY = date(2026, 12, 5)


def problems(vault: Vault) -> list[str]:
    """What ``vault check`` finds wrong (empty: sound)."""
    report = maintenance.check_vault(vault)
    return [en for _, en in report.lines if en.startswith("FAILED")]


def _edit(vault: Vault, finding_id: str, **values) -> None:
    with vault.session() as s:
        f = s.get(Finding, finding_id)
        for k, v in values.items():
            setattr(f, k, v)


def _conflict(laptop: Vault, office: Vault, tmp_path) -> str:
    """A finding changed on both sides; returns the office's open conflict id. (A finding of the inspection in
    progress: one of a completed inspection or an issued notice is frozen, and its conflict not resolvable
    by taking the incoming version.)"""
    exporter.export_bundle(laptop, tmp_path / "a.inspbundle", ["办公室"])
    importer.import_bundle(office, tmp_path / "a.inspbundle")
    with laptop.session() as s:
        fid = s.exec(select(Finding.id).join(Inspection, Inspection.id == Finding.inspection_id)
                     .where(Inspection.status == InspectionStatus.IN_PROGRESS).order_by(Finding.id)).first()
    _edit(laptop, fid, title="笔记本上的标题")
    _edit(office, fid, title="办公室的标题")
    exporter.export_bundle(laptop, tmp_path / "b.inspbundle", ["办公室"], since_last=True)
    importer.import_bundle(office, tmp_path / "b.inspbundle")
    with office.session() as s:
        [row] = conflicts.list_conflicts(s)
    return row.id


@pytest.mark.parametrize("keep", ["local", "incoming"])
def test_resolving_a_conflict_keeps_the_vault_checkable_and_its_backups_restorable(pair, tmp_path, run, keep):
    laptop, office = pair
    conflict_id = _conflict(laptop, office, tmp_path)
    assert problems(office) == []
    code, out, err = run("bundle", "resolve", conflict_id, "--keep", keep, "--vault", office.path, env=ENV)
    assert code == 0, err
    assert problems(office) == []
    for command in (("audit", "verify"), ("vault", "check")):
        code, out, err = run(*command, "--vault", office.path, env=ENV)
        assert code == 0, out + err
    backup = tmp_path / "after.inspector-backup"
    code, out, err = run("vault", "backup", "--out", backup, "--vault", office.path, env=ENV)
    assert code == 0, err
    code, out, err = run("vault", "restore", backup, "--vault", tmp_path / "restored.vault", env=ENV)
    assert code == 0, out + err


def test_an_event_that_is_not_a_row_change_cannot_pose_as_one(vault):
    with vault.session() as s, pytest.raises(ValueError):
        audit.record(s, "department.update", "department", "x", {})


def test_a_vault_resolved_by_an_earlier_version_checks_again(demo_vault, tmp_path):
    """Vaults where an earlier Inspector wrote ``sync.resolve`` under the record's own id are sound again."""
    with demo_vault.session() as s:
        fid = s.exec(select(Finding.id).order_by(Finding.id)).first()
        digest = audit.h(demo_vault.audit_hash, audit.canonical({"old": "shape"}))
        audit.append(s, [audit.PendingEvent("sync.resolve", "finding", fid, digest)])
    assert problems(demo_vault) == []
    maintenance.restore(_backup(demo_vault, tmp_path), tmp_path / "r.vault", PASSPHRASE, use_keyring=False).close()


def _backup(vault: Vault, tmp_path):
    maintenance.backup(vault, tmp_path / "b.inspector-backup")
    return tmp_path / "b.inspector-backup"


def test_a_row_edited_behind_the_application_is_reported_by_audit_verify_too(demo_vault, run, demo_env):
    with demo_vault.engine.begin() as conn:
        conn.execute(text("UPDATE finding SET title = 'edited' WHERE id = (SELECT min(id) FROM finding)"))
    code, out, err = run("audit", "verify")
    assert code == 5 and "edited behind the application's back" in err


def test_a_backup_never_reports_success_for_a_snapshot_restore_would_refuse(demo_vault, tmp_path, run, demo_env):
    with demo_vault.engine.begin() as conn:  # a row changed behind the application's back
        conn.execute(text("UPDATE finding SET title = 'edited' WHERE id = (SELECT min(id) FROM finding)"))
    backup = tmp_path / "b.inspector-backup"
    with pytest.raises(IntegrityFailure) as refused:
        maintenance.backup(demo_vault, backup)
    assert "vault check" in refused.value.en and "vault check" in refused.value.zh
    assert not backup.exists() and list(tmp_path.glob("b.inspector-backup*")) == []
    code, out, err = run("vault", "backup", "--out", backup)
    assert code == 5 and "备份未完成" in err and "Traceback" not in err
    assert not backup.exists()


# ---- every write the application offers --------------------------------------------------------------

WRITING_COMMANDS = {
    "init", "demo", "identity create", "identity import", "trust add", "trust remove", "export record",
    "export notice", "sign", "selfreport import", "rectification import", "bundle export", "bundle import",
    "bundle resolve", "vault backup", "vault restore", "vault change-passphrase", "vault rekey",
    "inspections complete", "inspections reopen", "findings edit", "findings status", "notices draft", "notices issue",
    "notices correct", "notices colophon", "escalations record", "departments add", "departments import",
    "letter new", "letter set", "letter issue", "letter delete", "export letter", "campaign report",
    "seal set", "seal remove", "reinspect schedule", "reinspect cancel",
    "checklist import", "checklist draft", "checklist publish", "checklist retire", "checklist delete",
    "evidence add", "evidence delete", "delete", "destruction request", "destruction approve", "destruction reject",
    "destruction export", "vault evidence-cipher",
    # the office hub (tests/test_hub_cli.py runs each and `hub audit verify` after it)
    "hub init", "hub ingest", "hub profile save", "hub identity create", "hub identity import", "hub trust add",
    "hub trust remove", "hub user add", "hub user remove", "hub evidence-passphrase",
}
READING_COMMANDS = {
    "selfreport form", "selfreport discrepancies", "rectification form", "checklist show", "plans list",
    "departments list", "inspections list", "findings list", "identity list", "identity export-cert",
    "trust list", "verify", "bundle inspect", "bundle conflicts", "audit verify", "vault check",
    "inspections show", "findings show", "notices list", "notices show", "escalations list", "departments template",
    "letter kinds", "letter list", "letter show", "seal show", "campaign status", "campaign export",
    "reinspect list", "reinspect outcome",
    "checklist versions", "checklist export", "checklist diff",
    "campaign analytics",
    "evidence list", "evidence export", "destruction list",
    "hub status", "hub profile list", "hub identity list", "hub identity export-cert", "hub trust list",
    "hub audit verify", "hub user list",
}


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, sub in group.commands.items():
        if isinstance(sub, click.Group):
            yield from _commands(sub, (*prefix, name))
        else:
            yield " ".join((*prefix, name))


def test_every_command_is_known_to_write_or_only_read():
    """A new command must be added to the scenario below (if it writes) or to the readers."""
    assert set(_commands(cli)) == WRITING_COMMANDS | READING_COMMANDS
    assert not WRITING_COMMANDS & READING_COMMANDS


def _png(color=(200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(buf, format="PNG")
    return buf.getvalue()


def test_every_write_leaves_a_sound_vault(pair, tmp_path, run):
    """The desktop application's writes (through the services) and the command line's, a check after each."""
    laptop, office = pair
    done: list[str] = []

    def step(name: str, vault: Vault, fn) -> None:
        fn()
        assert problems(vault) == [], f"after {name}"
        done.append(name)

    def cli_step(name: str, vault: Vault, *args) -> str:
        """A command, then ``vault check`` as the user would run it (the key may have changed meanwhile)."""
        code, out, err = run(*args, "--vault", vault.path, env=ENV)
        assert code == 0, f"{name}: {out}{err}"
        code, checked, err = run("vault", "check", "--vault", vault.path, env=ENV)
        assert code == 0, f"vault check after {name}: {checked}{err}"
        done.append(name)
        return out

    with laptop.session() as s:
        plan_id = s.exec(select(Plan.id)).one()
        running = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one().id
        items = s.exec(select(ChecklistItem.id).order_by(ChecklistItem.position)).all()
    w = laptop.session

    def session_step(name: str, fn) -> None:
        def work():
            with w() as s:
                fn(s)
        step(name, laptop, work)

    # the desktop application's writes, through the services it calls
    session_step("settings", lambda s: settings.put(s, settings.ORG_NAME, "晋城市大数据应用局（测试）"))
    session_step("department", lambda s: plans.create_department(s, "测试局"))
    session_step("department edit", lambda s: plans.update_department(
        s, plans.create_department(s, "另一局").id, name="另一局（改）"))
    departments_list = tmp_path / "departments-ui.csv"
    departments_list.write_text("单位名称,地址\n晋城市统计局,城区\n晋城市商务局,城区\n", encoding="utf-8")
    session_step("department import", lambda s: department_import.import_departments(s, departments_list))
    session_step("plan edit", lambda s: plans.update_plan(s, plan_id, focus="复核重点"))
    session_step("plan targets", lambda s: plans.set_targets(s, plan_id, [
        plans.TargetSpec(t["department_id"], t["scheduled_on"], "已通知") for t in plans.get_plan(s, plan_id).targets]))
    session_step("verdict", lambda s: inspections.set_verdict(s, running, items[0], Verdict.PARTIAL))
    session_step("notes", lambda s: inspections.set_notes(s, running, items[0], "现场说明"))
    session_step("result evidence", lambda s: inspections.add_result_evidence(s, running, items[0], "a.png", _png()))
    session_step("finding", lambda s: inspections.new_finding(s, running, items[0]))
    with w() as s:
        fid = s.exec(select(Finding.id).where(Finding.inspection_id == running)).first()
    session_step("finding edit", lambda s: findings.update_finding(s, fid, {"description": "补充说明"}))
    session_step("finding files", lambda s: findings.add_finding_files(s, fid, [("b.png", _png())]))
    session_step("evidence", lambda s: evidence.add_evidence(s, "finding", fid, "c.txt", b"text"))
    session_step("summary", lambda s: inspections.set_summary(s, running, "现场检查小结"))
    session_step("signature", lambda s: inspections.save_signature(s, running, _png(), "张建国", "科长"))
    session_step("complete", lambda s: inspections.complete_inspection(s, running, record_unchecked=True))
    with w() as s:
        candidates = rectification.draft_candidates(s)
    first = candidates[0]
    session_step("draft notice", lambda s: rectification.create_draft(
        s, first.department_id, [first.finding_id], plan_id=first.plan_id, deadline=date(2026, 12, 31), today=TODAY))
    with w() as s:
        notice = next(n for n in rectification.list_notices(s, TODAY) if not n.number)
    session_step("issue notice", lambda s: rectification.issue(s, notice.notice_id, issued_on=TODAY))
    session_step("finding status", lambda s: findings.change_status(
        s, first.finding_id, FindingStatus.RECTIFYING, reason="整改中"))

    # the command line's writes
    cli_step("departments add", laptop, "departments", "add", "晋城市教育局", "--code", "91350100M000100Y43")
    names = tmp_path / "departments.csv"
    names.write_text("单位名称,统一社会信用代码,联系人\n晋城市财政局,11100000000013127D,王\n晋城市审计局,,李\n",
                     encoding="utf-8")
    cli_step("departments import", laptop, "departments", "import", names)
    pem = tmp_path / "laptop.pem"
    cli_step("identity create", laptop, "identity", "create", "--valid-days", "30")
    code, _, err = run("identity", "export-cert", "--out", pem, "--vault", laptop.path, env=ENV)
    assert code == 0, err
    cli_step("trust add", office, "trust", "add", pem, "--label", "第二身份")
    seal_png = tmp_path / "seal.png"  # the office's seal: drawn as the appearance of the notice's signature below
    seal_png.write_bytes(demo_seal("晋城市大数据应用局"))
    cli_step("seal set", laptop, "seal", "set", seal_png)
    cli_step("seal remove", office, "seal", "remove")
    record = tmp_path / "record.pdf"
    with w() as s:
        completed = s.exec(select(Inspection.id).where(Inspection.status == InspectionStatus.COMPLETED)).first()
    cli_step("export record", laptop, "export", "record", "--inspection", completed, "--out", record, "--sign")
    cli_step("sign", laptop, "sign", record, "--out", tmp_path / "record2.pdf")
    cli_step("export notice", laptop, "export", "notice", "--department", first.department_id,
             "--plan", first.plan_id, "--out", tmp_path / "notice.pdf", "--sign")
    bundle = tmp_path / "field.inspbundle"
    cli_step("bundle export", laptop, "bundle", "export", "--to", "办公室", "--out", bundle)
    cli_step("bundle import", office, "bundle", "import", bundle)
    with office.session() as s:  # not frozen on either side: not in an issued notice, not what the record states
        fid2 = s.exec(select(Finding.id).where(Finding.notice_id.is_(None)).order_by(Finding.id)).first()
    _edit(laptop, fid2, rectification_requirement="笔记本上的整改要求")
    _edit(office, fid2, rectification_requirement="办公室的整改要求")
    cli_step("bundle export (since last)", laptop, "bundle", "export", "--to", "办公室", "--out",
             tmp_path / "b2.inspbundle", "--since-last")
    cli_step("bundle import (conflict)", office, "bundle", "import", tmp_path / "b2.inspbundle")
    with office.session() as s:
        [row] = conflicts.list_conflicts(s)
    cli_step("bundle resolve", office, "bundle", "resolve", row.id, "--keep", "incoming")
    cli_step("trust remove", office, "trust", "remove", fingerprint_of(office, "第二身份"))

    # the rectification loop on the command line (issue 14): reopen, edit, complete, notices, escalations
    with w() as s:
        loose = s.exec(select(Finding.id).where(Finding.inspection_id == running, Finding.notice_id.is_(None),
                                                Finding.status == FindingStatus.DRAFT)).all()
        pending = s.exec(select(Escalation.id).where(Escalation.state == EscalationState.PENDING)).first()
    later = (china_today() + timedelta(days=30)).isoformat()
    cli_step("inspections reopen", laptop, "inspections", "reopen", running, "--reason", "补充检查")
    cli_step("findings edit", laptop, "findings", "edit", loose[0], "--title", "补充后的标题", "--void-signature")
    # evidence files and deletions with a reason (issue 19): two added, one deleted, one exported, a department
    # made in error deleted
    photos = [tmp_path / "现场1.png", tmp_path / "现场2.png"]
    for n, photo in enumerate(photos):
        photo.write_bytes(_png(color=(10 + n, 20, 30)))
    added = json.loads(cli_step("evidence add", laptop, "evidence", "add", "--inspection", running, "--item",
                                items[1], *photos, "--json"))["added"]
    assert len(added) == 2
    cli_step("evidence list", laptop, "evidence", "list", "--inspection", running)
    cli_step("evidence export", laptop, "evidence", "export", added[0]["id"], "--out", tmp_path / "exported.png")
    cli_step("evidence delete", laptop, "evidence", "delete", added[1]["id"], "--reason", "拍错了")
    with w() as s:
        mistaken = s.exec(select(Department.id).where(Department.name == "测试局")).one()
    cli_step("delete", laptop, "delete", "department", mistaken, "--reason", "误建")
    cli_step("inspections complete", laptop, "inspections", "complete", running, "--record-unchecked",
             "--not-signed", "absent")
    # destruction with a second person's approval (art. 29): one request rejected, another approved and exported
    with w() as s:
        me = settings.get(s, settings.SELF_INSPECTOR)
        approver = identity.create_identity(s, s.exec(select(Inspector.id).where(Inspector.id != me)).first()).id
    asked = [json.loads(cli_step(f"destruction request {n}", laptop, "destruction", "request", added[0]["id"],
                                 "--reason", "超出检查需要", "--basis", "《个人信息保护法》第四十七条", "--json"))["id"]
             for n in (1, 2)]
    cli_step("destruction reject", laptop, "destruction", "reject", asked[0], "--identity", approver, "--note", "复核中")
    cli_step("destruction approve", laptop, "destruction", "approve", asked[1], "--identity", approver)
    cli_step("destruction list", laptop, "destruction", "list")
    cli_step("destruction export", laptop, "destruction", "export", asked[1], "--out", tmp_path / "destroyed.pdf",
             "--sign")
    cli_step("notices draft", laptop, "notices", "draft", "--department", first.department_id, "--finding", loose[0],
             "--deadline", later)
    correction = json.loads(cli_step("notices correct", laptop, "notices", "correct", notice.notice_id, "--finding",
                                     first.finding_id, "--deadline", later, "--reason", "期限延长", "--json"))
    cli_step("notices colophon", laptop, "notices", "colophon", correction["notice_id"], "--cc", "市公安局",
             "--contact", "李明")
    cli_step("notices issue", laptop, "notices", "issue", correction["notice_id"])
    cli_step("findings status", laptop, "findings", "status", first.finding_id, "reported", "--reason", "已报送")
    # re-inspection (issue 17 §3): one scheduled and cancelled, another run and completed (its verdict verifies)
    spare = json.loads(cli_step("reinspect schedule", laptop, "reinspect", "schedule", notice.notice_id, "--json"))
    cli_step("reinspect cancel", laptop, "reinspect", "cancel", spare["id"])
    again = json.loads(cli_step("reinspect schedule (run)", laptop, "reinspect", "schedule", notice.notice_id,
                                "--json"))["id"]
    with w() as s:
        scope = s.get(Inspection, again).scope_items
    session_step("re-inspection verdict", lambda s: inspections.set_verdict(s, again, scope[0], Verdict.COMPLIANT))
    cli_step("inspections complete (re-inspection)", laptop, "inspections", "complete", again, "--summary",
             "复查小结", "--record-unchecked", "--not-signed", "absent")
    with w() as s:
        assert s.get(Finding, first.finding_id).status == FindingStatus.VERIFIED
    cli_step("escalations record", laptop, "escalations", "record", pending, "--authority", "晋城市国家保密局")
    # letters (issue 16): a 检查通知 drafted, changed, issued, exported signed; another draft deleted
    with w() as s:
        target = plans.get_plan(s, plan_id).targets[0]["department_id"]
    letter = json.loads(cli_step("letter new", laptop, "letter", "new", "--kind", "inspection_notice", "--plan",
                                 plan_id, "--department", target, "--cc", "市委网信办、市公安局", "--json"))["id"]
    cli_step("letter set", laptop, "letter", "set", letter, "--set", "materials=制度文件\\n数据目录", "--contact", "李明")
    cli_step("letter issue", laptop, "letter", "issue", letter, "--date", "2026-10-01")  # before the demo's visits
    cli_step("export letter", laptop, "export", "letter", "--letter", letter, "--out", tmp_path / "letter.pdf", "--sign")
    spare = json.loads(cli_step("letter new (to delete)", laptop, "letter", "new", "--kind", "inspection_notice",
                                "--plan", plan_id, "--department", target, "--json"))["id"]
    cli_step("letter delete", laptop, "letter", "delete", spare)
    # checklist versions (issue 18): a draft made and deleted; a version exported, imported, published, retired
    shipped = json.loads(cli_step("checklist versions", laptop, "checklist", "versions", "--json"))["checklists"][0]
    spare = json.loads(cli_step("checklist draft", laptop, "checklist", "draft", "--from", shipped["id"], "--json"))
    cli_step("checklist delete", laptop, "checklist", "delete", spare["id"])
    cli_step("checklist export", laptop, "checklist", "export", "--version", shipped["id"], "--out", tmp_path / "v.toml")
    imported = json.loads(cli_step("checklist import", laptop, "checklist", "import", tmp_path / "v.toml", "--json"))
    cli_step("checklist diff", laptop, "checklist", "diff", shipped["id"], imported["id"])
    cli_step("checklist publish", laptop, "checklist", "publish", imported["id"])
    cli_step("checklist retire", laptop, "checklist", "retire", imported["id"])
    cli_step("campaign report", laptop, "campaign", "report", "--plan", plan_id, "--out", tmp_path / "report.pdf",
             "--xlsx", tmp_path / "annex.xlsx", "--sign")  # issue 17: the 检查情况通报 drafted, issued, exported
    cli_step("vault evidence-cipher", office, "vault", "evidence-cipher", "sm4")  # files added from now on: SM4-GCM
    cli_step("vault backup", office, "vault", "backup", "--out", tmp_path / "o.inspector-backup")
    office.close()  # the key changes next: as when the application is closed before a rekey
    cli_step("vault change-passphrase", office, "vault", "change-passphrase")
    ENV["INSPECTOR_PASSPHRASE"], ENV["INSPECTOR_NEW_PASSPHRASE"] = ENV["INSPECTOR_NEW_PASSPHRASE"], PASSPHRASE
    try:
        cli_step("vault rekey", office, "vault", "rekey")
        code, out, err = run("vault", "restore", tmp_path / "o.inspector-backup", "--vault",
                             tmp_path / "o.restored", env={**ENV, "INSPECTOR_PASSPHRASE": PASSPHRASE})
        assert code == 0, out + err
    finally:
        ENV["INSPECTOR_PASSPHRASE"], ENV["INSPECTOR_NEW_PASSPHRASE"] = PASSPHRASE, "another good passphrase 2"
    assert len(done) >= 33


def fingerprint_of(vault: Vault, label: str) -> str:
    from inspector.signing import trust

    with vault.session() as s:
        return next(t.fingerprint for t in trust.list_trusted(s) if t.label == label)

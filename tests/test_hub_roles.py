"""Roles on the hub (issue 20, art. 13–14): what each may see and do, enforced by PostgreSQL itself — a login
used from another tool gets no more than the application gives — and the analysts' read-only views."""

from __future__ import annotations

from dataclasses import replace

import pg8000.native
import pytest
from sqlmodel import select

from inspector import audit, ops
from inspector.errors import AuthError
from inspector.hub import roles
from inspector.hub.store import Hub
from inspector.model import (
    ChecklistItem,
    ChecklistTemplate,
    Department,
    Escalation,
    EscalationKind,
    Evidence,
    Finding,
    FindingStatus,
    FindingTransition,
    Inspection,
    InspectionMember,
    InspectionResult,
    Inspector,
    Letter,
    NoticeFinding,
    Plan,
    PlanTarget,
    RectificationItem,
    RectificationNotice,
    RectificationReport,
    SelfReport,
    SelfReportAnswer,
    SyncConflict,
    Team,
    TeamMember,
    utcnow,
)
from inspector.services import evidence, plans, queries

PASSWORD = "a long enough password 1"


@pytest.fixture
def campaign(hub):
    """Two plans, each with its own team (李明 on the first, 王芳 on the second), a target and a finding each."""
    with hub.session() as s:
        template = s.exec(select(ChecklistTemplate)).first()
        out = {}
        for name, plan_title, dept in (("李明", "教育系统专项检查", "市教育局"), ("王芳", "医保系统专项检查", "市医保局")):
            person, team, d = Inspector(name=name), Team(name=f"{name}组"), Department(name=dept)
            s.add_all([person, team, d])
            s.flush()
            plan = Plan(title=plan_title, year=2026, template_id=template.id, team_id=team.id)
            s.add_all([TeamMember(team_id=team.id, inspector_id=person.id), plan])
            s.flush()
            s.add_all([PlanTarget(plan_id=plan.id, department_id=d.id),
                       Finding(plan_id=plan.id, department_id=d.id, title=f"{dept}未建立数据分类分级制度",
                               articles=[9, 12])])
            out[name] = (person.id, plan.id)
    with hub.engine.begin() as conn:
        roles.add_user(conn, "ming", "inspector", PASSWORD, out["李明"][0])
        roles.add_user(conn, "boss", "leader", PASSWORD)
        roles.add_user(conn, "bi", "reporting", PASSWORD)
        roles.add_user(conn, "fang", "lead", PASSWORD)
    return out


def raw(hub, pg_cluster, login: str) -> pg8000.native.Connection:
    """Another tool, with the login's own password (as psql or a BI tool would connect)."""
    import ssl

    return pg8000.native.Connection(login, host="127.0.0.1", port=pg_cluster.port, password=PASSWORD,
                                    database=hub.address.database,
                                    ssl_context=ssl.create_default_context(cafile=str(pg_cluster.ca_file)))


def as_login(hub, login: str) -> Hub:
    from tests.conftest import HUB_EVIDENCE_PASSPHRASE

    return Hub.open(replace(hub.address, user=login, password=PASSWORD), evidence_passphrase=HUB_EVIDENCE_PASSPHRASE)


def test_an_inspector_sees_only_their_plans_in_the_application_and_in_sql(hub, campaign, pg_cluster):
    mine, theirs = campaign["李明"][1], campaign["王芳"][1]
    ming = as_login(hub, "ming")
    try:
        assert ming.role == "inspector"
        assert [p["id"] for p in ops.read(ming, queries.list_plans)] == [mine]
        assert ops.read(ming, lambda s: {f.plan_id for f in s.exec(select(Finding))}) == {mine}
    finally:
        ming.close()
    conn = raw(hub, pg_cluster, "ming")
    try:
        assert [r[0] for r in conn.run("SELECT id FROM plan")] == [mine]
        conn.run("UPDATE finding SET title = 'x' WHERE plan_id = :p", p=theirs)
        assert conn.row_count == 0  # the other plan's finding is not even there to change
        with pytest.raises(pg8000.native.DatabaseError, match="row-level security"):
            conn.run("INSERT INTO plan_target (id, created_at, updated_at, origin_device, updated_device, revision,"
                     " vv, plan_id, department_id, notes) SELECT 'x', '', '', '', '', 1, '{}', :p, department_id, ''"
                     " FROM plan_target LIMIT 1", p=theirs)
    finally:
        conn.close()
    conn = raw(hub, pg_cluster, "ming")
    try:
        for forbidden in ("UPDATE audit_event SET actor = 'x'", "DELETE FROM hub_user",
                          "UPDATE vault_meta SET value = 'x'"):
            with pytest.raises(pg8000.native.DatabaseError, match="permission denied"):
                conn.run(forbidden)
    finally:
        conn.close()


def test_the_leader_reads_everything_and_changes_nothing(hub, campaign, pg_cluster):
    boss = as_login(hub, "boss")
    try:
        assert boss.read_only and len(ops.read(boss, queries.list_plans)) == 2
        with pytest.raises(AuthError, match="只能查看"):
            ops.write(boss, lambda s: plans.create_department(s, name="不应保存"))
    finally:
        boss.close()
    conn = raw(hub, pg_cluster, "boss")
    try:
        with pytest.raises(pg8000.native.DatabaseError, match="permission denied"):
            conn.run("UPDATE finding SET title = 'x'")
    finally:
        conn.close()


def test_the_reporting_login_reads_only_the_views(hub, campaign, pg_cluster):
    conn = raw(hub, pg_cluster, "bi")
    try:
        board = conn.run("SELECT plan, department, findings FROM reporting.campaign_board ORDER BY plan")
        assert board == [["医保系统专项检查", "市医保局", 1], ["教育系统专项检查", "市教育局", 1]]
        articles = conn.run("SELECT article FROM reporting.findings_with_articles ORDER BY article")
        assert [r[0] for r in articles] == [9, 9, 12, 12]
        conn.run("SELECT * FROM reporting.rectification_timeliness")
        for table in ("finding", "evidence_chunk", "vault_meta"):
            with pytest.raises(pg8000.native.DatabaseError, match="permission denied"):
                conn.run(f"SELECT * FROM {table}")
    finally:
        conn.close()
    with pytest.raises(AuthError, match="没有相应权限"):  # it cannot even read the schema version
        as_login(hub, "bi")


def test_a_lead_writes_everything_but_the_users(hub, campaign, pg_cluster):
    fang = as_login(hub, "fang")
    try:
        assert fang.role == "lead" and len(ops.read(fang, queries.list_plans)) == 2
        ops.write(fang, lambda s: plans.create_department(s, name="市审计局"))
    finally:
        fang.close()
    conn = raw(hub, pg_cluster, "fang")
    try:
        with pytest.raises(pg8000.native.DatabaseError, match="permission denied"):
            conn.run("INSERT INTO hub_user (login, role) VALUES ('me', 'admin')")
    finally:
        conn.close()


def test_bad_users_are_refused(hub, campaign):
    with hub.engine.begin() as conn:
        for args, match in ((("Bad-Name", "lead", PASSWORD), "登录名"), (("x1", "root", PASSWORD), "未知的集中库角色"),
                            (("x2", "inspector", PASSWORD), "检查人员记录"), (("x3", "lead", "short"), "12")):
            with pytest.raises(Exception, match=match):
                roles.add_user(conn, *args)


# ---- what hangs off a plan: every table a field inspector sees only for their plans ----------------------------

HANGING = ("inspection_member", "inspection_result", "self_report_answer", "finding_transition", "escalation",
           "notice_finding", "rectification_report", "rectification_item", "letter", "evidence", "evidence_chunk",
           "sync_conflict")


@pytest.fixture
def records(hub, campaign):
    """For each plan: a row in every table that hangs off the plan (directly, or through an inspection, a finding,
    a self-report, a notice or a report); ``{table: {person: id}}``."""
    out: dict[str, dict[str, str]] = {t: {} for t in HANGING}
    with hub.session() as s:
        item = s.exec(select(ChecklistItem)).first()
        for name, (person_id, plan_id) in campaign.items():
            finding = s.exec(select(Finding).where(Finding.plan_id == plan_id)).one()
            dept = finding.department_id
            insp = Inspection(plan_id=plan_id, department_id=dept, template_id=item.template_id)
            report = SelfReport(plan_id=plan_id, department_id=dept, received_at=utcnow())
            notice = RectificationNotice(year=2026, plan_id=plan_id, department_id=dept)
            s.add_all([insp, report, notice])
            s.flush()
            rect = RectificationReport(notice_id=notice.id, department_id=dept, received_at=utcnow())
            s.add(rect)
            s.flush()
            rows = {
                "inspection_member": InspectionMember(inspection_id=insp.id, inspector_id=person_id),
                "inspection_result": InspectionResult(inspection_id=insp.id, item_id=item.id),
                "self_report_answer": SelfReportAnswer(self_report_id=report.id, item_id=item.id),
                "finding_transition": FindingTransition(finding_id=finding.id, from_status=FindingStatus.DRAFT,
                                                        to_status=FindingStatus.DRAFT, at=utcnow()),
                "escalation": Escalation(finding_id=finding.id, kind=EscalationKind.SECRECY),
                "notice_finding": NoticeFinding(notice_id=notice.id, finding_id=finding.id),
                "rectification_item": RectificationItem(report_id=rect.id, finding_id=finding.id),
                "letter": Letter(kind="inspection_notice", year=2026, plan_id=plan_id, department_id=dept),
                "sync_conflict": SyncConflict(table_name="finding", record_id=finding.id, bundle_id="b"),
            }
            s.add_all(rows.values())
            s.flush()
            for table, row in rows.items():
                out[table][name] = row.id
            out["rectification_report"][name] = rect.id
            ev = evidence.add_evidence(s, "finding", finding.id, f"{name}.txt", f"{name}的证据".encode())
            out["evidence"][name] = ev.id
            out["evidence_chunk"][name] = ev.blob_sha256
    return out


def _visible(conn, table: str) -> set[str]:
    if table == "evidence_chunk":  # a chunk is named by its content's key: say which content it is
        rows = conn.run("SELECT b.sha256 FROM evidence_chunk c JOIN evidence_blob b "
                        "ON hub_file_name(b.file_key) = c.name")
    else:
        rows = conn.run(f"SELECT id FROM {table}")
    return {r[0] for r in rows}


def test_an_inspector_sees_nothing_that_hangs_off_another_plan(hub, campaign, records, pg_cluster):
    ming, fang = raw(hub, pg_cluster, "ming"), raw(hub, pg_cluster, "fang")
    try:
        for table in HANGING:
            assert _visible(ming, table) == {records[table]["李明"]}, table
            assert _visible(fang, table) == set(records[table].values()), table  # a lead sees both plans
        theirs = records["evidence"]["王芳"]
        # nothing of the other plan to change either, nor to attach to it
        ming.run("UPDATE evidence SET caption = 'x' WHERE id = :i", i=theirs)
        assert ming.row_count == 0
        ming.run("UPDATE evidence_chunk SET n = n")
        assert ming.row_count == 1  # their own content's one chunk only
        with pytest.raises(pg8000.native.DatabaseError, match="row-level security"):
            ming.run("INSERT INTO letter (id, created_at, updated_at, origin_device, updated_device, revision, vv, "
                     "kind, status, year, number, plan_id, fields, colophon, content, content_sha256, file_sha256) "
                     "VALUES ('x', '', '', '', '', 1, '{}', 'k', 'draft', 2026, '', :p, '{}', '{}', '{}', '', '')",
                     p=campaign["王芳"][1])
    finally:
        ming.close()
        fang.close()


def test_an_inspector_works_with_the_evidence_of_their_plan_in_the_application(hub, campaign, records):
    from inspector import evidence_store

    mine = campaign["李明"][1]
    ming = as_login(hub, "ming")
    try:
        with ming.session(read_only=True) as s:
            [ev] = s.exec(select(Evidence)).all()
            assert b"".join(evidence_store.open_stream(s, ev.blob_sha256)) == "李明的证据".encode()
        finding = ops.read(ming, lambda s: s.exec(select(Finding.id).where(Finding.plan_id == mine)).one())
        # a new file: its chunks, content and record are written under the row-level security of each table
        ops.write(ming, lambda s: evidence.add_evidence(s, "finding", finding, "新.txt", b"new evidence"))
        # content another plan already holds: found by its hash, the chunks just written removed again
        ops.write(ming, lambda s: evidence.add_evidence(s, "finding", finding, "同.txt", "王芳的证据".encode()))
        with ming.session(read_only=True) as s:
            names = sorted(e.filename for e in s.exec(select(Evidence)))
            assert names == ["同.txt", "新.txt", "李明.txt"]
            same = s.exec(select(Evidence).where(Evidence.filename == "同.txt")).one()
            assert b"".join(evidence_store.open_stream(s, same.blob_sha256)) == "王芳的证据".encode()
    finally:
        ming.close()
    with hub.engine.connect() as conn:  # no chunk left over by the content found twice
        orphans = conn.exec_driver_sql("SELECT count(*) FROM evidence_chunk c WHERE NOT EXISTS (SELECT 1 FROM "
                                       "evidence_blob b WHERE hub_file_name(b.file_key) = c.name)").scalar_one()
        assert orphans == 0
        report = audit.verify(conn, hub.audit_hash, hub.vault_id, deep=True)
    assert report.ok, report.problems


def test_the_chunks_file_name_is_the_evidence_stores(hub):
    from inspector.evidence_store import file_name

    key = bytes(range(60))
    with hub.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT hub_file_name(%s)", (key,)).scalar_one() == file_name(key)


# ---- group roles of each hub's own -------------------------------------------------------------------------------


def test_each_hub_database_has_group_roles_of_its_own(hub, campaign, pg_cluster):
    import ssl

    from inspector.hub import connection
    from tests.conftest import FAST_KDF, HUB_EVIDENCE_PASSPHRASE

    with hub.engine.connect() as conn:
        assert roles.group_roles(conn) == roles.derived_groups("hub_template")  # (copies of the tests' template)
    assert roles.derived_groups("inspector") == roles.LEGACY  # the examples' database: the names as before
    assert roles.derived_groups("Büro-1")["inspector"].startswith("hub_")
    name = pg_cluster.create_database()
    other = Hub.init(connection.parse(pg_cluster.url(name) + f"?sslrootcert={pg_cluster.ca_file}"),
                     evidence_passphrase=HUB_EVIDENCE_PASSPHRASE, kdf=FAST_KDF)
    try:
        with other.engine.connect() as conn:
            assert roles.group_roles(conn) == roles.derived_groups(name)
            assert conn.exec_driver_sql("SELECT has_table_privilege(%s, 'finding', 'UPDATE')",
                                        (f"{name}_lead",)).scalar_one()
        # a lead of the first hub has no grant in the second, though on the same server
        conn = pg8000.native.Connection("fang", host="127.0.0.1", port=pg_cluster.port, password=PASSWORD,
                                        database=name,
                                        ssl_context=ssl.create_default_context(cafile=str(pg_cluster.ca_file)))
        try:
            with pytest.raises(pg8000.native.DatabaseError, match="permission denied"):
                conn.run("SELECT * FROM finding")
        finally:
            conn.close()
    finally:
        other.close()
        pg_cluster.drop_database(name)


def test_a_hub_from_before_keeps_the_cluster_wide_roles(hub, hub_address):
    from inspector.model import VaultMeta

    with hub.session() as s:  # as a hub made before the roles were per database
        s.delete(s.get(VaultMeta, roles.META_GROUPS))
    Hub.init(hub_address).close()
    with hub.engine.connect() as conn:
        assert roles.group_roles(conn) == roles.LEGACY
        assert conn.exec_driver_sql("SELECT has_table_privilege('inspector_field', 'finding', 'SELECT')").scalar_one()
        report = audit.verify(conn, hub.audit_hash, hub.vault_id, deep=True)
    assert report.ok, report.problems


def test_an_inspector_cannot_join_a_team_trust_a_certificate_or_touch_anothers_identity(hub, campaign, pg_cluster):
    """Joining the other team would open its plans: the teams are the office's, as the trust store is; a signing
    identity is written only by its owner (the office's own is not theirs)."""
    from inspector.model import SigningIdentity
    from inspector.signing import identity

    ming_id = campaign["李明"][0]
    from inspector.services import settings

    with hub.session() as s:
        settings.set_identity(s, "王芳", "JC-0001", "晋城市数据局")
        identity.create_identity(s, None)  # the office's (王芳's)
        own = identity.create_identity(s, ming_id).fingerprint  # the office makes it (and trusts it)
    ming = as_login(hub, "ming")
    try:
        assert len(ops.read(ming, lambda s: s.exec(select(SigningIdentity)).all())) == 2  # reads every one
        with pytest.raises(AuthError, match="没有相应权限"):  # making one would add to the trust store
            ops.write(ming, lambda s: identity.create_identity(s, ming_id))
    finally:
        ming.close()
    conn = raw(hub, pg_cluster, "ming")
    try:
        team_of_wang = conn.run("SELECT team_id FROM plan LIMIT 1")  # their own plan only
        assert len(team_of_wang) == 1
        for forbidden in ("INSERT INTO team_member (id, created_at, updated_at, origin_device, updated_device, "
                          "revision, vv, team_id, inspector_id) SELECT 'x', '', '', '', '', 1, '{}', id, "
                          "hub_inspector() FROM team",
                          "UPDATE team SET name = 'x'", "DELETE FROM team_member",
                          "DELETE FROM trusted_certificate", "UPDATE trusted_certificate SET label = 'x'"):
            with pytest.raises(pg8000.native.DatabaseError, match="permission denied"):
                conn.run(forbidden)
        conn.run("UPDATE signing_identity SET name = 'x' WHERE inspector_id <> hub_inspector()")
        assert conn.row_count == 0  # the office's identity is not theirs to change
        conn.run("UPDATE signing_identity SET name = 'mine' WHERE fingerprint = :f", f=own)
        assert conn.row_count == 1
        with pytest.raises(pg8000.native.DatabaseError, match="row-level security"):
            conn.run("UPDATE signing_identity SET inspector_id = NULL WHERE fingerprint = :f", f=own)
    finally:
        conn.close()
    with hub.session(read_only=True) as s:
        assert [p.id for p in s.exec(select(Plan))].count(campaign["王芳"][1]) == 1


def test_an_inspector_reads_the_register_of_their_plans_and_keeps_off_the_office_s_reference_data(
        hub, campaign, records, pg_cluster):
    """The register of issued documents: the files of their own plan's records and the forms, not the other
    plan's; the roster, the checklists and regulation versions are the office's; a destruction of evidence they may
    request, never decide — in SQL from another tool and in the application."""
    from inspector.model import IssuedDocument, RegulationVersion

    with hub.session() as s:
        for name in campaign:
            s.add(IssuedDocument(kind="letter", ref_id=records["letter"][name], filename=f"{name}.pdf", sha256="0"))
        s.add(IssuedDocument(kind="selfreport_form", ref_id="form-1", filename="自查表.xlsx", sha256="1"))
        s.add(IssuedDocument(kind="destruction", ref_id="d-1", filename="销毁记录.pdf", sha256="2"))
    conn = raw(hub, pg_cluster, "ming")
    try:
        assert {r[0] for r in conn.run("SELECT filename FROM issued_document")} == {"李明.pdf", "自查表.xlsx"}
        with pytest.raises(pg8000.native.DatabaseError, match="row-level security"):
            conn.run("INSERT INTO issued_document (id, created_at, updated_at, origin_device, updated_device, "
                     "revision, vv, kind, ref_id, filename, sha256, superseded_by) VALUES ('x', '', '', '', '', 1, "
                     "'{}', 'letter', :r, 'f.pdf', '3', '')", r=records["letter"]["王芳"])
        for forbidden in ("UPDATE checklist_item SET title = 'x'", "DELETE FROM checklist_section",
                          "UPDATE checklist_template SET name = 'x'", "UPDATE regulation_version SET title = 'x'",
                          "UPDATE inspector SET name = 'x'", "UPDATE destruction SET status = 'destroyed'",
                          "DELETE FROM destruction"):
            with pytest.raises(pg8000.native.DatabaseError, match="permission denied"):
                conn.run(forbidden)
    finally:
        conn.close()
    ming = as_login(hub, "ming")
    try:
        assert ops.read(ming, lambda s: len(s.exec(select(RegulationVersion)).all())) >= 1  # read, as before
        with pytest.raises(AuthError, match="没有相应权限"):
            ops.write(ming, lambda s: setattr(s.exec(select(ChecklistItem)).first(), "title", "改掉的检查项"))
    finally:
        ming.close()
    fang = raw(hub, pg_cluster, "fang")  # a lead: every register row, and the checklists
    try:
        assert len(fang.run("SELECT id FROM issued_document")) == 4
        fang.run("UPDATE checklist_item SET title = title")
        assert fang.row_count > 0
    finally:
        fang.close()


def test_a_hub_from_before_moves_to_roles_of_its_own(hub, hub_address, pg_cluster):
    """`hub init --own-roles`: the users keep what their role gives, through this hub's own groups; the
    cluster-wide groups lose every grant here, so a login another hub of the server gave them reads nothing."""
    import ssl

    from inspector.model import VaultMeta

    with hub.session() as s:  # as a hub made before the roles were per database
        s.delete(s.get(VaultMeta, roles.META_GROUPS))
    Hub.init(hub_address).close()
    with hub.session() as s:
        template = s.exec(select(ChecklistTemplate)).first()
        person, team, dept = Inspector(name="赵六"), Team(name="赵六组"), Department(name="市审计局")
        s.add_all([person, team, dept])
        s.flush()
        plan = Plan(title="审计系统专项检查", year=2026, template_id=template.id, team_id=team.id)
        s.add_all([TeamMember(team_id=team.id, inspector_id=person.id), plan])
        s.flush()
        s.add_all([PlanTarget(plan_id=plan.id, department_id=dept.id),
                   Finding(plan_id=plan.id, department_id=dept.id, title="未建立数据安全责任制", articles=[10])])
        person_id, plan_id = person.id, plan.id
    with hub.engine.begin() as conn:
        roles.add_user(conn, "zhao", "inspector", PASSWORD, person_id)
        roles.add_user(conn, "qian", "lead", PASSWORD)
        exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = 'outsider'").first()
        verb = "ALTER" if exists else "CREATE"
        conn.exec_driver_sql(f"{verb} ROLE outsider LOGIN PASSWORD '{roles.scram_verifier(PASSWORD)}'")
        conn.exec_driver_sql("GRANT inspector_lead TO outsider")  # a lead of another hub of this server

    def login(name: str) -> pg8000.native.Connection:
        return pg8000.native.Connection(name, host="127.0.0.1", port=pg_cluster.port, password=PASSWORD,
                                        database=hub.address.database,
                                        ssl_context=ssl.create_default_context(cafile=str(pg_cluster.ca_file)))

    conn = login("outsider")
    try:
        assert len(conn.run("SELECT id FROM finding")) == 1  # the hole the shared roles leave
    finally:
        conn.close()
    Hub.init(hub_address, own_roles=True).close()
    with hub.engine.connect() as conn:
        assert roles.group_roles(conn) == roles.derived_groups(hub.address.database)
        for group in roles.LEGACY.values():
            assert not conn.exec_driver_sql("SELECT has_table_privilege(%s, 'finding', 'SELECT')",
                                            (group,)).scalar_one()
        report = audit.verify(conn, hub.audit_hash, hub.vault_id, deep=True)
    assert report.ok, report.problems
    conn = login("outsider")
    try:
        with pytest.raises(pg8000.native.DatabaseError, match="permission denied"):
            conn.run("SELECT id FROM finding")
    finally:
        conn.close()
    zhao, qian = login("zhao"), login("qian")
    try:
        assert [r[0] for r in zhao.run("SELECT id FROM plan")] == [plan_id]
        with pytest.raises(pg8000.native.DatabaseError, match="permission denied"):
            zhao.run("UPDATE team SET name = 'x'")
        qian.run("UPDATE finding SET title = title")
        assert qian.row_count == 1
    finally:
        zhao.close()
        qian.close()
    Hub.init(hub_address, own_roles=True).close()  # nothing more to move
    with hub.engine.connect() as conn:
        assert roles.group_roles(conn) == roles.derived_groups(hub.address.database)

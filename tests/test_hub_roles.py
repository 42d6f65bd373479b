"""Roles on the hub (issue 20, art. 13–14): what each may see and do, enforced by PostgreSQL itself — a login
used from another tool gets no more than the application gives — and the analysts' read-only views."""

from __future__ import annotations

from dataclasses import replace

import pg8000.native
import pytest
from sqlmodel import select

from inspector import ops
from inspector.errors import AuthError
from inspector.hub import roles
from inspector.hub.store import Hub
from inspector.model import ChecklistTemplate, Department, Finding, Inspector, Plan, PlanTarget, Team, TeamMember
from inspector.services import plans, queries

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

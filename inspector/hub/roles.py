"""Who may see and do what on the hub (art. 13–14, least privilege), enforced by PostgreSQL itself.

Five group roles (cluster-wide, ``NOLOGIN``); each person logs in with a role of their own that is a member of one:

================== ====================================================================================
``inspector_admin`` office administrator: every table, and the users (with ``CREATEROLE`` on the login)
``inspector_lead``  lead inspector: every record, read and written; not the users
``inspector_field`` inspector: only the plans whose team they are on, and what belongs to those plans
                    (row-level security on plans, targets, inspections, findings, self-reports, notices)
``inspector_leader`` read-only leader: reads everything, writes nothing
``inspector_reporting`` analysts' tools (Superset, Metabase): only the views of schema ``reporting``
================== ====================================================================================

``hub_user`` maps a login to its role and, for an inspector, to the ``inspector`` record the team lists;
``hub_inspector()`` answers that for ``current_user`` in the policies. The application asks the same table
(:func:`role_of`) and refuses a write of the read-only roles before PostgreSQL would.

Everything here is idempotent: ``inspector hub init`` applies it after every upgrade, so a table a later
migration adds gets its grants (and its policy, if it is listed in :data:`PLAN_SCOPED`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlmodel import SQLModel

from inspector.errors import BadInputError, NotFoundError

ROLES = {
    "admin": ("inspector_admin", "办公室管理员", "office administrator"),
    "lead": ("inspector_lead", "检查组长", "lead inspector"),
    "inspector": ("inspector_field", "检查人员", "inspector"),
    "leader": ("inspector_leader", "只读领导", "read-only leader"),
    "reporting": ("inspector_reporting", "报表分析", "reporting (analysts' tools)"),
}
READ_ONLY = {"leader", "reporting"}
WRITERS = ("inspector_admin", "inspector_lead", "inspector_field")
APP_ROLES = (*WRITERS, "inspector_leader")

# the tables a field inspector sees only for their plans, and how a row names its plan
PLAN_SCOPED = {
    "plan": "team_id IN (SELECT team_id FROM team_member WHERE inspector_id = hub_inspector())",
    "plan_target": "plan_id IN (SELECT id FROM plan)",
    "inspection": "plan_id IN (SELECT id FROM plan)",
    "finding": "plan_id IN (SELECT id FROM plan)",
    "self_report": "plan_id IN (SELECT id FROM plan)",
    "rectification_notice": "plan_id IN (SELECT id FROM plan)",
}
APPEND_ONLY = {"audit_event"}
LOGIN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

SETUP = """
DO $$
DECLARE r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['inspector_admin', 'inspector_lead', 'inspector_field', 'inspector_leader',
                             'inspector_reporting']
    LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END $$;
CREATE TABLE IF NOT EXISTS hub_user (
    login TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    inspector_id VARCHAR(36),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE OR REPLACE FUNCTION hub_inspector() RETURNS VARCHAR LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public AS $$ SELECT inspector_id FROM hub_user WHERE login = session_user $$;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO inspector_admin, inspector_lead, inspector_field, inspector_leader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO inspector_admin, inspector_lead, inspector_field, inspector_leader;
GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO inspector_admin, inspector_lead, inspector_field;
REVOKE UPDATE, DELETE ON audit_event FROM inspector_admin, inspector_lead, inspector_field;
REVOKE INSERT, UPDATE, DELETE ON hub_user FROM inspector_lead, inspector_field;
REVOKE INSERT, UPDATE, DELETE ON vault_meta, alembic_version FROM inspector_lead, inspector_field;
GRANT EXECUTE ON FUNCTION hub_inspector() TO inspector_admin, inspector_lead, inspector_field, inspector_leader;
"""


def _policies() -> str:
    out = []
    for table, rule in PLAN_SCOPED.items():
        out.append(f"""
ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS everything ON {table};
DROP POLICY IF EXISTS own_plans ON {table};
CREATE POLICY everything ON {table} FOR ALL TO inspector_admin, inspector_lead, inspector_leader, inspector_reporting
    USING (true) WITH CHECK (true);
CREATE POLICY own_plans ON {table} FOR ALL TO inspector_field USING ({rule}) WITH CHECK ({rule});""")
    return "\n".join(out)


# ---- the analysts' views -------------------------------------------------------------------------------------

VIEWS = """
CREATE SCHEMA IF NOT EXISTS reporting;
CREATE OR REPLACE VIEW reporting.campaign_board AS
SELECT p.id AS plan_id, p.title AS plan, p.year, p.status AS plan_status, d.id AS department_id,
       d.name AS department, t.scheduled_on,
       (SELECT count(*) FROM self_report s WHERE s.plan_id = p.id AND s.department_id = d.id) AS self_reports,
       (SELECT count(*) FROM inspection i WHERE i.plan_id = p.id AND i.department_id = d.id
            AND i.reinspects_notice_id IS NULL) AS inspections,
       (SELECT count(*) FROM inspection i WHERE i.plan_id = p.id AND i.department_id = d.id
            AND i.reinspects_notice_id IS NULL AND i.status = 'completed') AS inspections_completed,
       (SELECT count(*) FROM finding f WHERE f.plan_id = p.id AND f.department_id = d.id) AS findings,
       (SELECT count(*) FROM finding f WHERE f.plan_id = p.id AND f.department_id = d.id
            AND f.status IN ('verified', 'closed')) AS findings_closed,
       (SELECT count(*) FROM rectification_notice n WHERE n.plan_id = p.id AND n.department_id = d.id
            AND n.status = 'issued') AS notices_issued
FROM plan_target t JOIN plan p ON p.id = t.plan_id JOIN department d ON d.id = t.department_id;

CREATE OR REPLACE VIEW reporting.findings_with_articles AS
SELECT f.id AS finding_id, f.plan_id, p.title AS plan, d.name AS department, f.title, f.severity, f.status,
       f.deadline, left(f.created_at, 10)::date AS found_on, a.article::int AS article
FROM finding f JOIN department d ON d.id = f.department_id LEFT JOIN plan p ON p.id = f.plan_id
LEFT JOIN LATERAL json_array_elements_text(f.articles::json) AS a(article) ON true;

CREATE OR REPLACE VIEW reporting.rectification_timeliness AS
SELECT f.id AS finding_id, f.plan_id, d.name AS department, f.title, f.severity, f.status, f.deadline,
       r.reported_on,
       CASE WHEN f.deadline IS NULL THEN NULL
            WHEN r.reported_on IS NOT NULL THEN r.reported_on <= f.deadline
            WHEN f.status IN ('verified', 'closed') THEN true
            ELSE NULL END AS on_time,
       CASE WHEN f.deadline IS NOT NULL AND r.reported_on > f.deadline THEN r.reported_on - f.deadline
            ELSE 0 END AS days_late
FROM finding f JOIN department d ON d.id = f.department_id
LEFT JOIN LATERAL (SELECT min(left(t.at, 10))::date AS reported_on FROM finding_transition t
                   WHERE t.finding_id = f.id AND t.to_status = 'reported') r ON true
WHERE f.notice_id IS NOT NULL;

REVOKE ALL ON SCHEMA reporting FROM PUBLIC;
GRANT USAGE ON SCHEMA reporting TO inspector_reporting, inspector_admin, inspector_lead, inspector_leader;
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO inspector_reporting, inspector_admin, inspector_lead,
    inspector_leader;
"""
VIEW_NAMES = ("campaign_board", "findings_with_articles", "rectification_timeliness")


def apply(conn: Connection) -> None:
    """Roles, grants, policies and views, as they should be now (idempotent; the hub's owner runs it)."""
    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(21)")  # roles are cluster-wide: one hub at a time
    for block in (SETUP, _policies(), VIEWS):
        conn.exec_driver_sql(block)
    missing = {t.name for t in SQLModel.metadata.sorted_tables} - set(
        conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars())
    if missing:
        raise RuntimeError(f"tables missing on the hub: {sorted(missing)}")


@dataclass(frozen=True)
class HubUser:
    login: str
    role: str
    inspector_id: str | None


def role_of(conn: Connection) -> str:
    """The application role of the connected login: ``admin`` for the hub's owner or a superuser."""
    row = conn.execute(text("SELECT role FROM hub_user WHERE login = current_user")).first()
    if row is not None:
        return row[0]
    owner = conn.execute(text("SELECT rolsuper OR pg_has_role(current_user, (SELECT tableowner FROM pg_tables "
                              "WHERE tablename = 'vault_meta' AND schemaname = current_schema()), 'MEMBER') "
                              "FROM pg_roles WHERE rolname = current_user")).scalar()
    return "admin" if owner else "none"


def add_user(conn: Connection, login: str, role: str, password: str, inspector_id: str | None = None) -> HubUser:
    """A login of ``role`` (one of :data:`ROLES`); an inspector names the ``inspector`` record the teams list."""
    if role not in ROLES:
        raise BadInputError(f"未知的集中库角色：{role}（可选：{'、'.join(ROLES)}）",
                            f"Unknown hub role: {role} (one of {', '.join(ROLES)})")
    if not LOGIN.match(login):
        raise BadInputError("登录名只能由小写字母、数字和下划线组成，并以字母或下划线开头。",
                            "A login is lower-case letters, digits and underscores, starting with a letter or _.")
    if role == "inspector":
        if not inspector_id:
            raise BadInputError("检查人员账户需指定其检查人员记录（--inspector）。",
                                "An inspector's login names their inspector record (--inspector).")
        if conn.execute(text("SELECT 1 FROM inspector WHERE id = :i"), {"i": inspector_id}).first() is None:
            raise NotFoundError(f"找不到检查人员：{inspector_id}", f"No such inspector: {inspector_id}")
    if len(password) < 12:
        raise BadInputError("密码至少 12 个字符。", "A password has at least 12 characters.")
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :l"), {"l": login}).first() is not None
    quoted = conn.dialect.identifier_preparer.quote(login)
    literal = "'" + scram_verifier(password) + "'"  # never the password itself in SQL (or the server's log)
    verb = "ALTER" if exists else "CREATE"
    conn.exec_driver_sql(f"{verb} ROLE {quoted} LOGIN PASSWORD {literal}")
    for other in ROLES.values():
        conn.exec_driver_sql(f"REVOKE {other[0]} FROM {quoted}")
    conn.exec_driver_sql(f"GRANT {ROLES[role][0]} TO {quoted}")
    conn.execute(text("INSERT INTO hub_user (login, role, inspector_id) VALUES (:l, :r, :i) ON CONFLICT (login) "
                      "DO UPDATE SET role = excluded.role, inspector_id = excluded.inspector_id"),
                 {"l": login, "r": role, "i": inspector_id if role == "inspector" else None})
    return HubUser(login, role, inspector_id if role == "inspector" else None)


def scram_verifier(password: str, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5803 form, as ``psql``'s ``\\password``
    makes it on the client)."""
    import base64
    import hashlib
    import hmac
    import os
    import unicodedata

    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", unicodedata.normalize("NFKC", password).encode(), salt, iterations)
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    b64 = lambda b: base64.b64encode(b).decode()  # noqa: E731
    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def users(conn: Connection) -> list[HubUser]:
    return [HubUser(*r) for r in conn.execute(text("SELECT login, role, inspector_id FROM hub_user ORDER BY login"))]

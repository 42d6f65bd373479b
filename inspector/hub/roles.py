"""Who may see and do what on the hub (art. 13–14, least privilege), enforced by PostgreSQL itself.

Five group roles (``NOLOGIN``) of this hub's own, named after its database (``<database>_admin`` …, kept in
``vault_meta`` as :data:`META_GROUPS`; a hub made before keeps the cluster-wide ``inspector_admin`` …); each person
logs in with a role of their own that is a member of one:

================== ====================================================================================
``…_admin``        office administrator: every table, and the users (with ``CREATEROLE`` on the login)
``…_lead``         lead inspector: every record, read and written; not the users
``…_field``        inspector: only the plans whose team they are on, and what belongs to those plans
                   (row-level security on every table of :data:`PLAN_SCOPED`, the register of issued documents
                   included); never the teams (joining one would open its plans), the trust store, the roster
                   of inspectors or the checklists and regulation versions; only their own signing identity
                   (:data:`OWN_ROWS`); a destruction of evidence requested, never decided
``…_leader``       read-only leader: reads everything, writes nothing
``…_reporting``    analysts' tools (Superset, Metabase): only the views of schema ``reporting``
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
"""Application role → (its group role on a hub made before the roles were per database, Chinese, English)."""
READ_ONLY = {"leader", "reporting"}
SUFFIX = {"admin": "admin", "lead": "lead", "inspector": "field", "leader": "leader", "reporting": "reporting"}
LEGACY = {app: names[0] for app, names in ROLES.items()}
"""The cluster-wide group roles of a hub made before issue 20's per-database roles (kept by such a hub)."""
META_GROUPS = "hub_group_roles"
"""``vault_meta`` key: the hub's five group roles (JSON: application role → PostgreSQL role)."""

_RECORD = "{column} IN (SELECT id FROM {table})"
# the tables a field inspector sees only for their plans, and how a row names its plan (through the row it hangs
# off: PostgreSQL applies the policy of that table in the subquery too)
PLAN_SCOPED = {
    "plan": "team_id IN (SELECT team_id FROM team_member WHERE inspector_id = hub_inspector())",
    "plan_target": "plan_id IN (SELECT id FROM plan)",
    "inspection": "plan_id IN (SELECT id FROM plan)",
    "finding": "plan_id IN (SELECT id FROM plan)",
    "self_report": "plan_id IN (SELECT id FROM plan)",
    "rectification_notice": "plan_id IN (SELECT id FROM plan)",
    "inspection_member": "inspection_id IN (SELECT id FROM inspection)",
    "inspection_result": "inspection_id IN (SELECT id FROM inspection)",  # the verdicts of the checklist items
    "self_report_answer": "self_report_id IN (SELECT id FROM self_report)",
    "finding_transition": "finding_id IN (SELECT id FROM finding)",
    "escalation": "finding_id IN (SELECT id FROM finding)",
    "notice_finding": "notice_id IN (SELECT id FROM rectification_notice)",
    "rectification_report": "notice_id IN (SELECT id FROM rectification_notice)",
    "rectification_item": "report_id IN (SELECT id FROM rectification_report)",
    "letter": "plan_id IN (SELECT id FROM plan) OR notice_id IN (SELECT id FROM rectification_notice)",
    # the register of issued documents: the files of their records, and the forms (a returned form is checked
    # against its register row before any record of it exists)
    "issued_document": "kind LIKE '%\\_form' OR ref_id IN (SELECT id FROM inspection) "
                       "OR ref_id IN (SELECT id FROM rectification_notice) OR ref_id IN (SELECT id FROM letter)",
    "evidence": "CASE owner_type "
                "WHEN 'inspection' THEN owner_id IN (SELECT id FROM inspection) "
                "WHEN 'inspection_result' THEN owner_id IN (SELECT id FROM inspection_result) "
                "WHEN 'finding' THEN owner_id IN (SELECT id FROM finding) "
                "WHEN 'self_report_answer' THEN owner_id IN (SELECT id FROM self_report_answer) "
                "WHEN 'rectification_item' THEN owner_id IN (SELECT id FROM rectification_item) "
                "ELSE false END",
    # a file's sealed chunks: those of a content a visible record names; and those no content names yet (being
    # written in this transaction: the content's row comes after its chunks)
    "evidence_chunk": "EXISTS (SELECT 1 FROM evidence_blob b WHERE hub_file_name(b.file_key) = evidence_chunk.name "
                      "AND (b.sha256 IN (SELECT blob_sha256 FROM evidence) "
                      "OR b.sha256 IN (SELECT rep_signature_sha256 FROM inspection))) "
                      "OR NOT EXISTS (SELECT 1 FROM evidence_blob b "
                      "WHERE hub_file_name(b.file_key) = evidence_chunk.name)",
}
# a sync conflict about a record of the tables above: seen with that record only
PLAN_SCOPED["sync_conflict"] = ("CASE table_name " + " ".join(
    f"WHEN '{t}' THEN record_id IN (SELECT id FROM {t})" for t in PLAN_SCOPED if t != "evidence_chunk")
    + " ELSE true END")
APPEND_ONLY = {"audit_event"}
LOGIN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def derived_groups(database: str) -> dict[str, str]:
    """The five group roles of a new hub in ``database``: ``<database>_admin`` … (``inspector_admin`` … for the
    database ``inspector``); a database name that is not a plain identifier gives ``hub_<hash>_admin`` …"""
    base = database
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,40}", database):
        import hashlib

        base = "hub_" + hashlib.sha256(database.encode()).hexdigest()[:12]
    return {app: f"{base}_{suffix}" for app, suffix in SUFFIX.items()}


def parse_groups(value: str | None) -> dict[str, str]:
    """The group roles ``vault_meta`` names (a hub without them: :data:`LEGACY`)."""
    if not value:
        return dict(LEGACY)
    import json

    try:
        groups = json.loads(value)
        ok = isinstance(groups, dict) and set(groups) == set(ROLES) and all(
            isinstance(v, str) and LOGIN.match(v) for v in groups.values())
    except ValueError:
        ok = False
    if not ok:
        from inspector.errors import IntegrityFailure

        raise IntegrityFailure(f"集中库的 vault_meta.{META_GROUPS} 已损坏。",
                               f"The hub's vault_meta.{META_GROUPS} is damaged.")
    return groups


def group_roles(conn: Connection) -> dict[str, str]:
    """This hub's group roles: application role → PostgreSQL role."""
    row = conn.execute(text("SELECT value FROM vault_meta WHERE key = :k"), {"k": META_GROUPS}).first()
    return parse_groups(row[0] if row else None)


def _q(conn: Connection, groups: dict[str, str]) -> dict[str, str]:
    quote = conn.dialect.identifier_preparer.quote
    return {SUFFIX[app]: quote(name) for app, name in groups.items()}


SETUP = """
CREATE TABLE IF NOT EXISTS hub_user (
    login TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    inspector_id VARCHAR(36),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE OR REPLACE FUNCTION hub_inspector() RETURNS VARCHAR LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public AS $$ SELECT inspector_id FROM hub_user WHERE login = session_user $$;
CREATE OR REPLACE FUNCTION hub_file_name(file_key bytea) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT left(encode(sha256(convert_to('inspector-evidence-name', 'UTF8') || '\\x00'::bytea || file_key),
                             'hex'), 40) $$;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {admin}, {lead}, {field}, {leader};
GRANT SELECT ON ALL TABLES IN SCHEMA public TO {admin}, {lead}, {field}, {leader};
GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {admin}, {lead}, {field};
REVOKE UPDATE, DELETE ON audit_event FROM {admin}, {lead}, {field};
REVOKE INSERT, UPDATE, DELETE ON hub_user FROM {lead}, {field};
REVOKE INSERT, UPDATE, DELETE ON vault_meta, alembic_version FROM {lead}, {field};
REVOKE INSERT, UPDATE, DELETE ON team, team_member, trusted_certificate FROM {field};
REVOKE INSERT, UPDATE, DELETE ON inspector, regulation_version, checklist_template, checklist_section,
    checklist_item FROM {field};
REVOKE UPDATE, DELETE ON destruction FROM {field};
GRANT EXECUTE ON FUNCTION hub_inspector() TO {admin}, {lead}, {field}, {leader};
GRANT EXECUTE ON FUNCTION hub_file_name(bytea) TO {admin}, {lead}, {field}, {leader};
"""


def _create_groups(conn: Connection, groups: dict[str, str]) -> None:
    for name in groups.values():
        row = conn.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :r"), {"r": name}).first()
        if row is None:
            conn.exec_driver_sql(f"CREATE ROLE {conn.dialect.identifier_preparer.quote(name)} NOLOGIN")
        elif row[0]:
            from inspector.errors import IncompatibleError

            raise IncompatibleError(f"数据库服务器上已有名为 {name} 的登录账户，不能用作集中库的角色组；未做任何更改。",
                                    f"The server has a login named {name}; it cannot be a group role of the hub. "
                                    "Nothing was changed.")


OWN_ROWS = {"signing_identity": "inspector_id = hub_inspector()"}
"""Tables a field inspector reads whole but writes only their own rows of (their signing identity)."""


def _policies(g: dict[str, str]) -> str:
    """Row-level security: the office's roles see every row; a field inspector's policy is the table's rule
    (:data:`PLAN_SCOPED`: their plans' rows; :data:`OWN_ROWS`: their own rows to write, every row to read)."""
    office = f"{g['admin']}, {g['lead']}, {g['leader']}, {g['reporting']}"
    out = []
    for table, rule in {**OWN_ROWS, **PLAN_SCOPED}.items():
        policy = "field_own" if table in OWN_ROWS else "own_plans"
        out.append(f"""
ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS everything ON {table};
DROP POLICY IF EXISTS {policy} ON {table};
CREATE POLICY everything ON {table} FOR ALL TO {office} USING (true) WITH CHECK (true);
CREATE POLICY {policy} ON {table} FOR ALL TO {g['field']} USING ({rule}) WITH CHECK ({rule});""")
        if table in OWN_ROWS:
            out.append(f"""DROP POLICY IF EXISTS field_reads ON {table};
CREATE POLICY field_reads ON {table} FOR SELECT TO {g['field']} USING (true);""")
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
GRANT USAGE ON SCHEMA reporting TO {reporting}, {admin}, {lead}, {leader};
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO {reporting}, {admin}, {lead}, {leader};
"""
VIEW_NAMES = ("campaign_board", "findings_with_articles", "rectification_timeliness")


def apply(conn: Connection, groups: dict[str, str] | None = None) -> None:
    """Roles, grants, policies and views, as they should be now (idempotent; the hub's owner runs it).
    ``groups``: the hub's group roles (default: those ``vault_meta`` names)."""
    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(21)")  # roles are cluster-wide: one hub at a time
    groups = groups or group_roles(conn)
    _create_groups(conn, groups)
    g = _q(conn, groups)
    for block in (SETUP.format_map(g), _policies(g), VIEWS.format_map(g)):
        conn.exec_driver_sql(block)
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS hub_evidence_blob_file_name ON evidence_blob "
                         "(hub_file_name(file_key))")  # the chunks' policy finds a chunk's content by it
    missing = {t.name for t in SQLModel.metadata.sorted_tables} - set(
        conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")).scalars())
    if missing:
        raise RuntimeError(f"tables missing on the hub: {sorted(missing)}")


def own_roles(conn: Connection, database: str) -> dict[str, str] | None:
    """Move a hub made before the roles were per database from the cluster-wide ``inspector_admin`` … to group
    roles of its own (:func:`derived_groups`): each of its users is granted the new group of their role, and the
    old groups lose every grant and policy in this database (a login keeps its old membership: another hub of the
    server may still rely on it). Returns the new groups (the caller records them in ``vault_meta`` and runs
    :func:`apply`), or None when there is nothing to move."""
    old, new = group_roles(conn), derived_groups(database)
    if old != LEGACY or new == LEGACY:
        return None
    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(21)")
    _create_groups(conn, new)
    quote = conn.dialect.identifier_preparer.quote
    for user in users(conn):
        conn.exec_driver_sql(f"GRANT {quote(new[user.role])} TO {quote(user.login)}")
    was = ", ".join(quote(name) for name in old.values())
    for table, policies in _policy_names(conn).items():
        for policy in policies:
            conn.exec_driver_sql(f"DROP POLICY IF EXISTS {quote(policy)} ON {quote(table)}")
    conn.exec_driver_sql(f"""
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {was};
REVOKE ALL ON SCHEMA public FROM {was};
REVOKE ALL ON FUNCTION hub_inspector(), hub_file_name(bytea) FROM {was};
REVOKE ALL ON ALL TABLES IN SCHEMA reporting FROM {was};
REVOKE ALL ON SCHEMA reporting FROM {was};""")
    return new


def _policy_names(conn: Connection) -> dict[str, list[str]]:
    """This schema's row-level security policies by table (:func:`apply` makes them again for the new groups)."""
    out: dict[str, list[str]] = {}
    for table, policy in conn.execute(text("SELECT tablename, policyname FROM pg_policies "
                                           "WHERE schemaname = current_schema()")):
        out.setdefault(table, []).append(policy)
    return out


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
    groups = {app: conn.dialect.identifier_preparer.quote(name) for app, name in group_roles(conn).items()}
    for other in groups.values():
        conn.exec_driver_sql(f"REVOKE {other} FROM {quoted}")
    conn.exec_driver_sql(f"GRANT {groups[role]} TO {quoted}")
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


def remove_user(conn: Connection, login: str) -> HubUser:
    """Drop ``login`` (one of this hub's users): it loses its group role and can no longer log in. Refused for
    the login running this, and for the hub's last administrator."""
    from inspector.errors import BadInputError as Refused

    row = conn.execute(text("SELECT login, role, inspector_id FROM hub_user WHERE login = :l"), {"l": login}).first()
    if row is None:
        raise NotFoundError(f"集中库没有名为 {login} 的用户。", f"The hub has no user named {login}.")
    user = HubUser(*row)
    me = conn.execute(text("SELECT current_user, session_user")).first()
    if login in me:
        raise Refused("不能删除当前登录的账户本身，请用另一个管理员账户操作。",
                      "You cannot remove the login you are signed in with; use another administrator's login.")
    if user.role == "admin":
        admins = conn.execute(text("SELECT count(*) FROM hub_user WHERE role = 'admin'")).scalar_one()
        if admins <= 1:
            raise Refused(f"{login} 是集中库最后一个管理员账户，不能删除（请先添加另一个管理员）。",
                          f"{login} is the hub's last administrator login; it cannot be removed (add another "
                          "administrator first).")
    quoted = conn.dialect.identifier_preparer.quote(login)
    conn.execute(text("DELETE FROM hub_user WHERE login = :l"), {"l": login})
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :l"), {"l": login}).first() is not None
    if exists:
        for group in group_roles(conn).values():
            conn.exec_driver_sql(f"REVOKE {conn.dialect.identifier_preparer.quote(group)} FROM {quoted}")
        others = conn.execute(text("SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
                                   "WHERE r.rolname = :l"), {"l": login}).scalar_one()
        if not others:  # not a user of another hub on this server either: it may no longer log in at all
            # (kept as a role, without password: it may own objects or hold grants elsewhere on the server)
            conn.exec_driver_sql(f"ALTER ROLE {quoted} NOLOGIN PASSWORD NULL")
    return user

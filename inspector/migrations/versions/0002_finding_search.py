"""finding search: trigram full-text index, its triggers, and the covering index of finding lists

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

What :mod:`inspector.services.search` reads (all derived data: not audited, not
synchronised, not in the models; ``env.py`` keeps them out of the comparison):

* ``finding_fts`` — contentless FTS5 table, ``trigram`` tokenizer, over the
  finding's title, description, location, handling opinion, rectification
  requirement and its department's name; each value ends with two U+0001
  characters so one- and two-character words start a trigram. Rows are keyed
  by ``finding_fts_key.docid`` (the implicit rowid of ``finding`` is not stable).
* ``finding_fts_vocab`` — the ``fts5vocab`` view of its terms.
* Triggers on ``finding`` (insert, update of an indexed column, delete) and on
  ``department`` (rename) keep it in step, whatever writes: ORM, Core or sync.
* ``ix_finding_list`` — covering index of the list columns, so ordering and
  filtering 100 000 findings never reads a finding row.

A later migration that copies ``finding`` or ``department`` (batch mode) drops
these triggers: it must create them again (the statements below) and call
``inspector.services.search.rebuild_index``.
"""
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

END = "char(1, 1)"  # the two sentinel characters after every indexed value
COLUMNS = ("title", "description", "location", "handling_opinion", "rectification_requirement")
FTS_COLUMNS = ", ".join(COLUMNS) + ", department"


def _values(row: str, department: str) -> str:
    return ", ".join(f"{row}.{c} || {END}" for c in COLUMNS) + f", coalesce({department}, '') || {END}"


NEW_DEPARTMENT = "(SELECT name FROM department WHERE id = new.department_id)"
KEY_OF_OLD = "(SELECT docid FROM finding_fts_key WHERE finding_id = old.id)"

STATEMENTS = [
    "CREATE TABLE finding_fts_key (docid INTEGER PRIMARY KEY, finding_id VARCHAR(36) NOT NULL UNIQUE)",
    (f"CREATE VIRTUAL TABLE finding_fts USING fts5({FTS_COLUMNS}, content='', contentless_delete=1, "
     "tokenize='trigram')"),
    "CREATE VIRTUAL TABLE finding_fts_vocab USING fts5vocab(finding_fts, 'row')",
    "CREATE INDEX ix_finding_list ON finding (created_at, id, department_id, severity, status, deadline, title)",
    f"""CREATE TRIGGER finding_fts_after_insert AFTER INSERT ON finding BEGIN
        INSERT INTO finding_fts_key(finding_id) VALUES (new.id);
        INSERT INTO finding_fts(rowid, {FTS_COLUMNS})
            SELECT k.docid, {_values('new', NEW_DEPARTMENT)} FROM finding_fts_key k WHERE k.finding_id = new.id;
    END""",
    f"""CREATE TRIGGER finding_fts_after_update
        AFTER UPDATE OF id, department_id, {', '.join(COLUMNS)} ON finding BEGIN
        DELETE FROM finding_fts WHERE rowid = {KEY_OF_OLD};
        UPDATE finding_fts_key SET finding_id = new.id WHERE finding_id = old.id AND old.id IS NOT new.id;
        INSERT INTO finding_fts(rowid, {FTS_COLUMNS})
            SELECT k.docid, {_values('new', NEW_DEPARTMENT)} FROM finding_fts_key k WHERE k.finding_id = new.id;
    END""",
    f"""CREATE TRIGGER finding_fts_after_delete AFTER DELETE ON finding BEGIN
        DELETE FROM finding_fts WHERE rowid = {KEY_OF_OLD};
        DELETE FROM finding_fts_key WHERE finding_id = old.id;
    END""",
    f"""CREATE TRIGGER finding_fts_after_department_rename AFTER UPDATE OF name ON department BEGIN
        DELETE FROM finding_fts WHERE rowid IN (SELECT k.docid FROM finding f
            JOIN finding_fts_key k ON k.finding_id = f.id WHERE f.department_id = new.id);
        INSERT INTO finding_fts(rowid, {FTS_COLUMNS})
            SELECT k.docid, {_values('f', 'new.name')} FROM finding f
            JOIN finding_fts_key k ON k.finding_id = f.id WHERE f.department_id = new.id;
    END""",
    # the findings already in the vault
    "INSERT INTO finding_fts_key(finding_id) SELECT id FROM finding ORDER BY created_at, id",
    f"""INSERT INTO finding_fts(rowid, {FTS_COLUMNS})
        SELECT k.docid, {_values('f', 'd.name')} FROM finding f
        JOIN finding_fts_key k ON k.finding_id = f.id LEFT JOIN department d ON d.id = f.department_id""",
]


# On PostgreSQL (the office hub, issue 20): one row of text per finding in ``finding_search``,
# kept in step by triggers of the same events, searched with ILIKE through a pg_trgm GIN index.
PG_DOCUMENT = ("concat_ws(chr(10), {r}.title, {r}.description, {r}.location, {r}.handling_opinion, "
               "{r}.rectification_requirement, {d})")
PG_STATEMENTS = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE TABLE finding_search (finding_id VARCHAR(36) PRIMARY KEY, document TEXT NOT NULL)",
    "CREATE INDEX ix_finding_search_trgm ON finding_search USING gin (document gin_trgm_ops)",
    "CREATE INDEX ix_finding_list ON finding (created_at, id, department_id, severity, status, deadline, title)",
    f"""CREATE FUNCTION finding_search_row() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND old.id <> new.id) THEN
                DELETE FROM finding_search WHERE finding_id = old.id;
            END IF;
            IF TG_OP <> 'DELETE' THEN
                INSERT INTO finding_search(finding_id, document)
                    VALUES (new.id, {PG_DOCUMENT.format(r='new', d='(SELECT name FROM department WHERE id = new.department_id)')})
                    ON CONFLICT (finding_id) DO UPDATE SET document = excluded.document;
            END IF;
            RETURN NULL;
        END $$""",
    f"""CREATE FUNCTION finding_search_department() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE finding_search s SET document = {PG_DOCUMENT.format(r='f', d='new.name')}
                FROM finding f WHERE f.id = s.finding_id AND f.department_id = new.id;
            RETURN NULL;
        END $$""",
    f"""CREATE TRIGGER finding_search_after_change
        AFTER INSERT OR DELETE OR UPDATE OF id, department_id, {', '.join(COLUMNS)} ON finding
        FOR EACH ROW EXECUTE FUNCTION finding_search_row()""",
    """CREATE TRIGGER finding_search_after_department_rename AFTER UPDATE OF name ON department
        FOR EACH ROW EXECUTE FUNCTION finding_search_department()""",
    f"""INSERT INTO finding_search(finding_id, document)
        SELECT f.id, {PG_DOCUMENT.format(r='f', d='d.name')} FROM finding f LEFT JOIN department d ON d.id = f.department_id""",
]


def upgrade() -> None:
    for statement in PG_STATEMENTS if op.get_bind().dialect.name == "postgresql" else STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    # Derived data only: dropping it loses nothing.
    for trigger in ("finding_fts_after_insert", "finding_fts_after_update", "finding_fts_after_delete",
                    "finding_fts_after_department_rename"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP INDEX IF EXISTS ix_finding_list")
    op.execute("DROP TABLE IF EXISTS finding_fts_vocab")
    op.execute("DROP TABLE IF EXISTS finding_fts")
    op.execute("DROP TABLE IF EXISTS finding_fts_key")

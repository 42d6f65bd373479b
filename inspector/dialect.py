"""The few places where SQLCipher (a vault) and PostgreSQL (the office hub) need different SQL.

Everything else — the models, the services, the migrations' tables — is the same on both.
"""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.orm import Session


def on_postgresql(where: Session | Connection) -> bool:
    """Whether ``where`` works on the office hub (PostgreSQL) rather than a vault (SQLCipher)."""
    bind = where.get_bind() if isinstance(where, Session) else where
    return bind.dialect.name == "postgresql"


def defer_foreign_keys(session: Session) -> None:
    """Check foreign keys at commit instead of at each statement, for the rest of this transaction (a bundle's
    rows arrive table by table; on PostgreSQL migration 0011 made every foreign key deferrable)."""
    sql = "SET CONSTRAINTS ALL DEFERRED" if on_postgresql(session) else "PRAGMA defer_foreign_keys = ON"
    session.connection().exec_driver_sql(sql)


def foreign_key_problem(session: Session) -> tuple[str, str] | None:
    """(table, the table it refers to) of a row whose foreign key points at nothing, or None.

    SQLite answers ``PRAGMA foreign_key_check``; PostgreSQL checks the deferred keys now
    (``SET CONSTRAINTS ALL IMMEDIATE``) and names the first broken one in its error, which
    leaves the transaction aborted — the caller refuses and rolls back."""
    conn = session.connection()
    if not on_postgresql(session):
        problem = conn.exec_driver_sql("PRAGMA foreign_key_check").first()  # one is enough to say
        return (problem[0], problem[2]) if problem else None
    import re

    from sqlalchemy.exc import IntegrityError

    try:
        with conn.begin_nested():
            conn.exec_driver_sql("SET CONSTRAINTS ALL IMMEDIATE")
    except IntegrityError as exc:
        fields = exc.orig.args[0] if exc.orig.args and isinstance(exc.orig.args[0], dict) else {}
        if fields.get("C") != "23503":
            raise
        table = re.search(r'on table "([^"]+)"', fields.get("M", ""))
        parent = re.search(r'in table "([^"]+)"', fields.get("D", ""))
        return (table.group(1) if table else "", parent.group(1) if parent else "")
    conn.exec_driver_sql("SET CONSTRAINTS ALL DEFERRED")
    return None

"""The few places where SQLCipher (a vault) and PostgreSQL (the office hub) need different SQL.

Everything else — the models, the services, the migrations' tables — is the same on both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Connection, Table, insert, text
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


def insert_many(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (each with the same columns). SQLite: one prepared statement run for each row (its fastest
    way); PostgreSQL: the rows as one JSON parameter expanded by ``json_populate_recordset``, a statement per
    :data:`CHUNK` rows — the driver (pg8000) would otherwise make a round trip to the server for every row, and a
    multi-row ``VALUES`` costs SQLAlchemy a new compilation each time."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), rows)
        return
    columns = list(rows[0])
    encode = {c: _json_ready(table.c[c], conn.dialect) for c in columns}
    names = ", ".join(conn.dialect.identifier_preparer.quote(c) for c in columns)
    statement = text(f"INSERT INTO {table.name} ({names}) SELECT {names} "
                     f"FROM json_populate_recordset(NULL::{table.name}, CAST(:rows AS json))")
    for start in range(0, len(rows), CHUNK):
        chunk = [{c: encode[c](row[c]) for c in columns} for row in rows[start:start + CHUNK]]
        conn.execute(statement, {"rows": json.dumps(chunk, ensure_ascii=False)})


CHUNK = 5000


def _json_ready(column, dialect) -> Callable[[Any], Any]:
    """How a value of ``column`` goes into the JSON of :func:`insert_many`: what SQLAlchemy would bind, as text."""
    kind = column.type
    if isinstance(kind, JSON) or isinstance(getattr(kind, "impl", None), JSON):
        return lambda value: value  # a JSON column takes the value itself
    process = kind.bind_processor(dialect)

    def ready(value: Any) -> Any:
        if process is not None:
            value = process(value)
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        if isinstance(value, (bytes, bytearray, memoryview)):
            raise TypeError(f"binary column {column.name}: insert it one row at a time")
        return value

    return ready

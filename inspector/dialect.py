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


REGISTER = 1
"""The 发文 register's lock (:func:`serialise`): numbering a notice or a letter."""


def serialise(session: Session, key: int) -> None:
    """Take the lock ``key`` for the rest of the transaction: on the hub a second transaction asking for it waits
    until the first commits or rolls back (``pg_advisory_xact_lock``; the keys below 20 are the application's,
    20 and 21 the hub's own). A vault has one writer at a time: nothing to take."""
    if on_postgresql(session):
        session.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock({int(key)})")


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


def rows(session: Session, statement) -> list[Any]:
    """The rows of a Core ``select`` of plain columns, as named tuples (``row.name`` and unpacking, as
    ``session.exec(...).all()`` gives them).

    SQLite: as usual. PostgreSQL: the whole result as **one** JSON text (``json_agg``), converted back by the
    columns' types — the driver (pg8000, pure Python) reads a row at a time for tens of microseconds; a board of
    2 000 departments reads some 20 000 rows in a dozen queries, most of its time. Date columns come back as
    dates, the others through their types' result processing, as from the driver."""
    if not on_postgresql(session):
        return list(session.execute(statement).all())
    columns = list(statement.selected_columns)
    make = _row_type(tuple(str(c.key) for c in columns))  # a name twice (count, count): by position
    dialect = session.get_bind().dialect
    convert = [(n, f) for n, f in enumerate(_from_json(c.type, dialect) for c in columns) if f is not None]
    joined = session.execute(_as_json(statement.subquery("r"))).scalar()
    if not joined:
        return []
    items = json.loads(joined)
    for n, f in convert:  # column by column: most columns (text, numbers) need nothing
        for item in items:
            if item[n] is not None:
                item[n] = f(item[n])
    return [make._make(item) for item in items]


def _as_json(inner):
    """``SELECT CAST(json_agg(json_build_array(<columns>)) AS TEXT) FROM (<inner>)``: every row a JSON array, in
    the order the inner statement gives them."""
    from sqlalchemy import Text, cast, func, select

    return select(cast(func.json_agg(func.json_build_array(*inner.c)), Text))


_ROW_TYPES: dict[tuple[str, ...], type] = {}


def _row_type(names: tuple[str, ...]) -> type:
    from collections import namedtuple

    if names not in _ROW_TYPES:
        _ROW_TYPES[names] = namedtuple("Row", names, rename=True)
    return _ROW_TYPES[names]


def _from_json(kind, dialect) -> Callable[[Any], Any] | None:
    """How a column's value in the JSON of :func:`rows` becomes what the driver would have given (None: as it is)."""
    from sqlalchemy import Date, DateTime

    base = getattr(kind, "impl", kind)
    if isinstance(kind, Date) or isinstance(base, Date):
        return date.fromisoformat
    if isinstance(kind, DateTime) and not hasattr(kind, "impl"):
        return datetime.fromisoformat
    if isinstance(kind, JSON) or isinstance(base, JSON):
        return None  # parsed with the rest
    return kind.result_processor(dialect, None)

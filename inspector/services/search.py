"""Finding lists at any size: filter and sort to an ordered list of ids, full-text search, rows fetched by id.

A list of findings is two steps, so that 100 000 findings stay fluid:

1. :func:`ordered_ids` — the ids of the findings that pass the filters, in the
   chosen order (one query, answered from the covering index ``ix_finding_list``:
   no finding row is read). :func:`matching_ids` gives the ids that match a
   search text and :func:`narrow` keeps the ordered ids that match, so a list
   only re-sorts when its filters or order change, not at every keystroke.
2. :func:`fetch_rows` — the displayed columns of a few ids (a page of a table).

Search (migration 0002) uses a contentless FTS5 table with the ``trigram``
tokenizer over title, description, location, handling opinion (处理意见),
rectification requirement and the department's name, kept in step with
``finding`` and ``department`` by triggers. Its rows are keyed by
``finding_fts_key.docid`` — an integer of our own, because the implicit rowid
of ``finding`` (a text primary key) may change on ``VACUUM`` or when a
migration copies the table. Every indexed value ends with two
:data:`SENTINEL` characters, so that every occurrence of a one- or two-character
word begins some trigram:

* a word of three characters or more is a phrase query (a substring match);
* a shorter word becomes the trigrams of the index that start with it
  (looked up in the ``fts5vocab`` table ``finding_fts_vocab``), OR-ed; when a
  very common word starts more than :data:`MAX_PREFIX_TERMS` trigrams, a
  ``LIKE`` scan of the same columns answers instead.

Words separated by spaces must all match. None of these objects is part of
the data model: they are derived, not audited, not synchronised, and
:func:`include_name` keeps them out of Alembic's comparison with the models.
A later migration that copies ``finding`` or ``department`` (Alembic batch
mode) drops their triggers and must re-create them (see migration 0002) and
call :func:`rebuild_index`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Sequence

from sqlalchemy import Date, String, column, func, table, text
from sqlmodel import Session, select

from inspector import workflow
from inspector.dialect import on_postgresql
from inspector.collation import pinyin_key
from inspector.model import Department, Finding, FindingStatus, Severity
from inspector.timezones import china_today

FTS_TABLE = "finding_fts"
KEY_TABLE = "finding_fts_key"
VOCAB_TABLE = "finding_fts_vocab"
LIST_INDEX = "ix_finding_list"
PG_TABLE = "finding_search"  # on PostgreSQL (the hub): one text per finding, a pg_trgm GIN index over it
PG_INDEX = "ix_finding_search_trgm"
TRIGGERS = ("finding_fts_after_insert", "finding_fts_after_update", "finding_fts_after_delete",
            "finding_fts_after_department_rename")
INDEXED_COLUMNS = ("title", "description", "location", "handling_opinion", "rectification_requirement")
"""Columns of ``finding`` in the index, besides the department's name."""

SENTINEL = "\x01"
MAX_PREFIX_TERMS = 256

SORT_KEYS = ("title", "department", "severity", "status", "deadline", "created")
SEVERITY_ORDER = (Severity.GENERAL, Severity.MAJOR, Severity.CRITICAL)
STATUS_ORDER = tuple(FindingStatus)  # the order of the flow: draft … closed, reopened


def include_name(name: str | None, type_: str, parent_names: dict[str, Any]) -> bool:
    """Alembic ``include_name`` hook: the search index is not part of the data model."""
    if type_ == "table" and name is not None:
        # the hub's own: evidence storage (migration 0011), its users (inspector/hub/roles.py)
        return not name.startswith(FTS_TABLE) and name not in {PG_TABLE, "evidence_chunk", "hub_user"}
    if type_ == "index":
        return name not in {LIST_INDEX, PG_INDEX}
    return True


# ---- filters and order -------------------------------------------------------------------


@dataclass(frozen=True)
class FindingQuery:
    """What a list shows: filters, search text, order."""

    text: str = ""
    department_id: str | None = None
    severity: Severity | None = None
    status: FindingStatus | None = None
    overdue_only: bool = False
    sort: str = "created"
    descending: bool = True

    def __post_init__(self) -> None:
        if self.sort not in SORT_KEYS:
            raise ValueError(f"unknown sort key {self.sort!r}")

    def without_text(self) -> FindingQuery:
        return replace(self, text="")


def _raw(session: Session, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
    """Rows of ``sql`` straight from the driver, in the session's transaction.

    For the queries that return a whole list of ids: SQLAlchemy's result rows
    cost about a microsecond each, more than SQLite takes to find 100 000 ids.
    The statements use ``?`` placeholders; on PostgreSQL (pg8000: ``%s``) they are rewritten.
    """
    if on_postgresql(session):
        sql = sql.replace("%", "%%").replace("?", "%s")
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(sql, list(params))
        return cursor.fetchall()
    finally:
        cursor.close()


def _indexed_by(session: Session, index: str) -> str:
    """SQLite's ``INDEXED BY`` hint (PostgreSQL's planner has statistics and no such hint)."""
    return "" if on_postgresql(session) else f" INDEXED BY {index}"


_F = table("f", column("status", String), column("deadline", Date))  # ``finding AS f`` of the raw queries


def _overdue_sql(session: Session, today: date) -> tuple[str, list[Any]]:
    """:func:`inspector.workflow.overdue_where` rendered for the raw queries over ``finding AS f``."""
    clause = workflow.overdue_where(_F.c.status, _F.c.deadline, today)
    return str(clause.compile(dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True})), []


def _rank(column: str, order: Sequence) -> str:
    whens = " ".join(f"WHEN '{v.value}' THEN {n}" for n, v in enumerate(order))
    return f"CASE {column} {whens} ELSE {len(order)} END"


def _ordered_sql(session: Session, query: FindingQuery, today: date) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if query.department_id is not None:
        where.append("f.department_id = ?")
        params.append(query.department_id)
        index = "ix_finding_department_id"
    else:
        # Without statistics SQLite would fetch every row through ix_finding_status: scan the
        # covering index instead (100 000 entries, no finding row read).
        index = LIST_INDEX
    if query.severity is not None:
        where.append("f.severity = ?")
        params.append(Severity(query.severity).value)
    if query.status is not None:
        where.append("f.status = ?")
        params.append(FindingStatus(query.status).value)
    if query.overdue_only:
        clause, values = _overdue_sql(session, today)
        where.append(clause)
        params.extend(values)
    way = "DESC" if query.descending else "ASC"
    newest = "f.created_at DESC, f.id DESC"
    order = {
        "title": f"f.title {way}, {newest}",
        "department": f"d.name {way}, {newest}",
        "severity": f"{_rank('f.severity', SEVERITY_ORDER)} {way}, {newest}",
        "status": f"{_rank('f.status', STATUS_ORDER)} {way}, {newest}",
        "deadline": f"f.deadline IS NULL, f.deadline {way}, {newest}",  # no deadline: always last
        "created": f"f.created_at {way}, f.id {way}",
    }[query.sort]
    join = " JOIN department AS d ON d.id = f.department_id" if query.sort == "department" else ""
    sql = (f"SELECT f.id FROM finding AS f{_indexed_by(session, index)}{join}"
           f"{' WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {order}")
    return sql, params


def ordered_ids(session: Session, query: FindingQuery, today: date | None = None) -> list[str]:
    """Ids of the findings that pass ``query`` (filters and search text), in its order."""
    sql, params = _ordered_sql(session, query, today or china_today())
    if on_postgresql(session):  # one row of joined ids: the driver reads 100 000 rows 5× slower than one text
        joined = _raw(session, f"SELECT array_to_string(ARRAY({sql}), chr(31))", params)[0][0]
        ids = joined.split("\x1f") if joined else []
    else:
        ids = [r[0] for r in _raw(session, sql, params)]
    return narrow(ids, matching_ids(session, query.text))


def narrow(ids: Sequence[str], matches: set[str] | None) -> list[str]:
    """The ``ids`` in ``matches``, order kept (``None``: no search, all of them)."""
    return list(ids) if matches is None else [i for i in ids if i in matches]


# ---- full-text search --------------------------------------------------------------------


def search_words(text_: str) -> list[str]:
    """The words of a search text: split on any space (also 　), control characters dropped, lower case."""
    cleaned = "".join(ch for ch in text_ if ch.isprintable() or ch.isspace())
    return [w.lower() for w in cleaned.split()]


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _prefix_terms(session: Session, word: str) -> list[str] | None:
    """The trigrams of the index that start with ``word``; ``None`` when there are too many."""
    rows = _raw(session, f"SELECT term FROM {VOCAB_TABLE} WHERE term >= ? AND term < ? LIMIT ?",
                [word, word + "\U0010ffff", MAX_PREFIX_TERMS + 1])
    return None if len(rows) > MAX_PREFIX_TERMS else [r[0] for r in rows]


def _like_ids(session: Session, word: str) -> set[str]:
    pattern = _like(word)
    columns = [f"f.{c}" for c in INDEXED_COLUMNS] + ["d.name"]
    where = " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in columns)
    return {r[0] for r in _raw(session, "SELECT f.id FROM finding AS f JOIN department AS d "
                                        f"ON d.id = f.department_id WHERE {where}", [pattern] * len(columns))}


def matching_ids(session: Session, text_: str) -> set[str] | None:
    """Ids of the findings whose text contains every word of ``text_``; ``None`` if there is no word."""
    words = search_words(text_)
    if not words:
        return None
    if on_postgresql(session):
        return _pg_matching_ids(session, words)
    groups: list[str] = []
    scans: list[str] = []
    for word in words:
        if len(word) >= 3:
            groups.append(_phrase(word))
            continue
        terms = _prefix_terms(session, word)
        if terms is None:
            scans.append(word)
        elif not terms:
            return set()
        else:
            groups.append("(" + " OR ".join(_phrase(t) for t in terms) + ")")
    found: set[str] | None = None
    if groups:
        found = {r[0] for r in _raw(
            session, f"SELECT finding_id FROM {KEY_TABLE} WHERE docid IN "
                     f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)", [" AND ".join(groups)])}
    for word in scans:
        ids = _like_ids(session, word)
        found = ids if found is None else found & ids
    return found


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _pg_matching_ids(session: Session, words: list[str]) -> set[str]:
    """On PostgreSQL: every word a substring of the finding's text (ILIKE, through the pg_trgm GIN index)."""
    where = " AND ".join(["document ILIKE ? ESCAPE '\\'"] * len(words))
    return {r[0] for r in _raw(session, f"SELECT finding_id FROM {PG_TABLE} WHERE {where}",
                               [_like(w) for w in words])}


def rebuild_index(session: Session) -> int:
    """Index every finding again (after a migration that copied ``finding``); returns how many."""
    conn = session.connection()
    if on_postgresql(session):
        conn.execute(text(f"DELETE FROM {PG_TABLE}"))
        return conn.execute(text(
            f"INSERT INTO {PG_TABLE}(finding_id, document) SELECT f.id, concat_ws(chr(10), "
            + ", ".join(f"f.{c}" for c in INDEXED_COLUMNS)
            + ", d.name) FROM finding f LEFT JOIN department d ON d.id = f.department_id")).rowcount
    conn.execute(text(f"DELETE FROM {FTS_TABLE}"))
    conn.execute(text(f"DELETE FROM {KEY_TABLE}"))
    return fill_index(conn)


def fill_index(conn) -> int:
    """Index the findings not indexed yet (used by migration 0002 and :func:`rebuild_index`)."""
    conn.execute(text(f"INSERT INTO {KEY_TABLE}(finding_id) SELECT id FROM finding "
                      f"WHERE id NOT IN (SELECT finding_id FROM {KEY_TABLE}) ORDER BY created_at, id"))
    values = ", ".join(f"f.{c} || :s" for c in INDEXED_COLUMNS)
    result = conn.execute(text(
        f"INSERT INTO {FTS_TABLE}(rowid, {', '.join(INDEXED_COLUMNS)}, department) "
        f"SELECT k.docid, {values}, coalesce(d.name, '') || :s FROM finding f "
        f"JOIN {KEY_TABLE} k ON k.finding_id = f.id LEFT JOIN department d ON d.id = f.department_id "
        f"WHERE k.docid NOT IN (SELECT rowid FROM {FTS_TABLE})"), {"s": SENTINEL * 2})
    return result.rowcount


# ---- rows of a list ------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingRow:
    """The columns a findings table shows."""

    id: str
    title: str
    department_id: str
    department: str
    severity: Severity
    status: FindingStatus
    deadline: date | None
    created_at: datetime
    escalate_secrecy: bool = False
    escalate_police: bool = False
    overdue: bool = False


def fetch_rows(session: Session, ids: Sequence[str], today: date | None = None) -> list[FindingRow]:
    """The rows of ``ids``, in that order (one query by primary key); ids no longer in the vault are left out."""
    today = today or china_today()
    if not ids:
        return []
    stmt = (select(Finding.id, Finding.title, Finding.department_id, Department.name, Finding.severity,
                   Finding.status, Finding.deadline, Finding.created_at, Finding.escalate_secrecy,
                   Finding.escalate_police)
            .join(Department, Department.id == Finding.department_id).where(Finding.id.in_(list(ids))))
    found = {}
    for r in session.exec(stmt).all():
        status = FindingStatus(r[5])
        found[r[0]] = FindingRow(id=r[0], title=r[1], department_id=r[2], department=r[3], severity=Severity(r[4]),
                                 status=status, deadline=r[6], created_at=r[7], escalate_secrecy=bool(r[8]),
                                 escalate_police=bool(r[9]), overdue=workflow.is_overdue(status, r[6], today))
    return [found[i] for i in ids if i in found]


@dataclass(frozen=True)
class FindingCounts:
    total: int
    by_status: dict[FindingStatus, int] = field(default_factory=dict)
    overdue: int = 0


def counts(session: Session, today: date | None = None) -> FindingCounts:
    """How many findings, by status, and how many are overdue."""
    today = today or china_today()
    by_status = {s: 0 for s in FindingStatus}
    for status, n in session.exec(select(Finding.status, func.count()).group_by(Finding.status)).all():
        by_status[FindingStatus(status)] = n
    clause, params = _overdue_sql(session, today)
    overdue = _raw(session, f"SELECT count(*) FROM finding AS f{_indexed_by(session, LIST_INDEX)} WHERE {clause}",
                   params)[0][0]
    return FindingCounts(total=sum(by_status.values()), by_status=by_status, overdue=overdue)


def total(session: Session) -> int:
    """How many findings the vault holds (SQLite counts the smallest index)."""
    return session.exec(select(func.count()).select_from(Finding)).one()


def department_choices(session: Session) -> list[tuple[str, str]]:
    """(id, name) of every department, by pinyin of the name: the choices of a department filter."""
    rows = session.exec(select(Department.id, Department.name)).all()
    return [(i, name) for i, name in sorted(rows, key=lambda r: pinyin_key(r[1]))]

"""Records in a bundle: which tables travel, how a row is written down, and how two versions compare."""

from __future__ import annotations

import copy
import functools
import json
import re
from dataclasses import dataclass
from datetime import timezone
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError, create_model
from sqlalchemy import JSON, Integer, UniqueConstraint, inspect as sa_inspect, select as sa_select
from sqlmodel import SQLModel

from inspector.model import (
    SYNCED_TABLES,
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    Department,
    Destruction,
    Escalation,
    Evidence,
    Finding,
    FindingTransition,
    Inspection,
    InspectionMember,
    InspectionResult,
    Inspector,
    IssuedDocument,
    Letter,
    NoticeFinding,
    Plan,
    PlanTarget,
    RectificationItem,
    RectificationNotice,
    RectificationReport,
    RegulationVersion,
    Record,
    SelfReport,
    SelfReportAnswer,
    Team,
    TeamMember,
    Tombstone,
    VersionStatus,
)
from inspector.model.types import UTCDateTime, plain_value
from inspector.sync.errors import BundleRefused

INT_MIN, INT_MAX = -(1 << 63), (1 << 63) - 1
"""What SQLite's INTEGER holds: every whole number in a record (a revision, a version-vector counter, a size)."""
MAX_DEPTH = 64
"""How deep a JSON value in a bundle may nest (a record is a few levels deep; the manifest and index too)."""
MIN_YEAR = 1000
"""Timestamps are written with a four-digit year (``%Y``): an earlier one would be written but never read back."""
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_LOOSE_IDS = ("owner_id", "ref_id")
"""Columns that hold another record's id without a foreign key (an evidence file's owner, an issued document's
inspection, notice or form)."""

NEW, UPDATE, CONFLICT, UNCHANGED, MERGE_VV = "new", "updated", "conflicts", "unchanged", "merge_vv"
"""What an import does with an incoming record (:func:`inspector.sync.importer.plan`)."""

BY_NAME: dict[str, type[Record]] = {m.__tablename__: m for m in SYNCED_TABLES}
BOOKKEEPING = ("created_at", "updated_at", "origin_device", "updated_device", "revision", "vv")

_REFERENCE = [Department, Inspector, Team, TeamMember, RegulationVersion, ChecklistTemplate, ChecklistSection,
              ChecklistItem]
_DELETIONS = [Destruction, Tombstone]
"""Both ways, in every bundle: what was destroyed or deleted (a tombstone for a record the receiver lacks is kept,
so the record cannot come back later)."""
SCOPES: dict[str, list[type[Record]]] = {
    "all": list(SYNCED_TABLES),
    # to inspectors: who, what to check, where, and the departments' self-reports
    "plan": [*_REFERENCE, Plan, PlanTarget, SelfReport, SelfReportAnswer, *_DELETIONS],
    # to the office: the work done on site, and what it rests on
    "field": [*_REFERENCE, Plan, PlanTarget, Inspection, InspectionMember, InspectionResult, Finding,
              FindingTransition, Escalation, Evidence, RectificationNotice, NoticeFinding, RectificationReport,
              RectificationItem, Letter, IssuedDocument, *_DELETIONS],
    # from the office hub to a laptop: which of its bundles the office holds (inspector/sync/acks.py), no records
    "ack": [],
}
EXPORT_SCOPES = ("all", "plan", "field")
"""What a user exports; ``ack`` is made by the hub's ingest."""
SCOPE_TEXT = {
    "all": ("全部数据", "everything"),
    "plan": ("检查计划（发给检查人员）", "the plan (to inspectors)"),
    "field": ("现场工作（发给办公室）", "the field work (to the office)"),
    "ack": ("收讫回执（办公室集中库发回）", "an acknowledgement (from the office hub)"),
}


def scope_filter(scope: str, model: type[Record]) -> Any | None:
    """Which rows of ``model`` a ``scope`` carries, as a WHERE clause (None: every row). A plan or field bundle
    carries published and retired checklist and regulation versions only: a draft stays in the vault where it is
    being edited, so no laptop receives one to change (issue 18). ``all`` carries everything."""
    if scope == "all":
        return None
    if model in (ChecklistTemplate, RegulationVersion):
        return model.__table__.c.status != VersionStatus.DRAFT
    if model in (ChecklistSection, ChecklistItem):
        templates = ChecklistTemplate.__table__
        return model.__table__.c.template_id.in_(
            sa_select(templates.c.id).where(templates.c.status != VersionStatus.DRAFT))
    return None


VERSION_CHILDREN = (ChecklistSection, ChecklistItem)
"""A checklist version's rows: sent whole with their version when it is sent (a draft's edits were not sent)."""


@functools.cache
def columns(model: type[SQLModel]) -> list[str]:
    return [attr.key for attr in sa_inspect(model).column_attrs]


def to_dict(obj: SQLModel) -> dict[str, Any]:
    """A row as JSON-ready values (UTC timestamps as text, dates as ISO, enums as their value)."""
    return {key: plain_value(getattr(obj, key)) for key in columns(type(obj))}


def content(row: dict[str, Any]) -> dict[str, Any]:
    """The values that matter to a user: a row without its bookkeeping."""
    return {k: v for k, v in row.items() if k not in BOOKKEEPING}


@functools.cache
def checker(model: type[Record]) -> type[BaseModel]:
    """A plain pydantic model with ``model``'s fields: the same validation as ``model.model_validate``, without
    SQLAlchemy instrumenting each object it makes (about 4× faster over a bundle's rows)."""
    fields = {name: (info.annotation, copy.copy(info)) for name, info in model.model_fields.items()}
    return create_model(f"Incoming{model.__name__}", **fields)


@dataclass(frozen=True)
class _Shape:
    """What :func:`parse` checks beyond the types, per table: which columns are timestamps and which are ids."""

    timestamps: tuple[str, ...]
    uuids: tuple[str, ...]
    """The record's id, every foreign key to another record's id, and :data:`_LOOSE_IDS`."""
    hashes: tuple[str, ...]
    """Foreign keys to an evidence file (its SHA-256)."""
    numbers: tuple[str, ...]
    """Columns holding whole numbers: integers, and JSON lists or objects of them (``vv``, ``articles``)."""


@functools.cache
def _shape(model: type[Record]) -> _Shape:
    timestamps, uuids, hashes, numbers = [], [], [], []
    for column in model.__table__.columns:
        if isinstance(column.type, (Integer, JSON)):
            numbers.append(column.key)
        targets = {fk.column.name for fk in column.foreign_keys}
        if isinstance(column.type, UTCDateTime):
            timestamps.append(column.key)
        if column.key == "id" or "id" in targets or column.key in _LOOSE_IDS:
            uuids.append(column.key)
        elif "sha256" in targets:
            hashes.append(column.key)
    return _Shape(tuple(timestamps), tuple(uuids), tuple(hashes), tuple(numbers))


def _invalid(where: str, zh: str, en: str) -> BundleRefused:
    return BundleRefused("records", f"交换文件中的记录无效（{where}）：{zh}。",
                         f"A record in the bundle is invalid ({where}): {en}.")


def unknown_table(table: str) -> BundleRefused:
    return BundleRefused("records", f"交换文件含有未知的数据表“{table}”，可能来自更新版本的 Inspector。",
                         f"The bundle holds an unknown table {table!r}; a newer Inspector may have made it.")


def check_tables(tables: Iterable[str]) -> None:
    """Refuse a bundle naming a table that does not travel (even one with no records, never given to :func:`parse`)."""
    for table in tables:
        if table not in BY_NAME:
            raise unknown_table(table)


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether a parsed JSON value nests lists and objects deeper than ``limit`` (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def loads(line: bytes | str, where: str) -> Any:
    """One line of a bundle member as JSON: refused if it is not JSON, or nests deeper than :data:`MAX_DEPTH`
    (far deeper input exhausts the decoder's recursion: a :class:`RecursionError`, refused the same way)."""
    try:
        value = json.loads(line)
    except RecursionError:
        value = None
        deep = True
    except ValueError:  # UnicodeDecodeError and JSONDecodeError included
        raise BundleRefused("records", f"交换文件中的记录不是有效的 JSON（{where}）。",
                            f"A record in the bundle is not valid JSON ({where}).") from None
    else:
        deep = isinstance(value, (dict, list)) and too_deep(value)
    if deep:
        raise BundleRefused("records", f"交换文件中的记录嵌套过深（{where}）。",
                            f"A record in the bundle is nested too deeply ({where}).")
    return value


def _error_text(exc: ValidationError, keys: list[str]) -> tuple[str, str]:
    """Which column, and pydantic's message: never the input (``input``, ``ctx``), which is the sender's data."""
    error = exc.errors(include_url=False, include_input=False, include_context=False)[0]
    loc = error.get("loc") or ()
    column = loc[0] if loc and loc[0] in keys else ""
    message = str(error.get("msg", ""))
    if not column:
        return message, message
    return f"字段“{column}”：{message}", f"column {column!r}: {message}"


def _whole_numbers_fit(value: Any) -> bool:
    """Every int in a column's value (a number, or a JSON list or object of numbers) fits SQLite's INTEGER."""
    if isinstance(value, int):
        return INT_MIN <= value <= INT_MAX
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, list):
        return True
    return all(INT_MIN <= v <= INT_MAX for v in value if isinstance(v, int))


def parse(table: str, row: Any, where: str) -> tuple[dict[str, Any], BaseModel]:
    """Check an incoming row against its table; return it normalised, and its values as Python objects (an object
    with one attribute per column, not attached to any session).

    Beyond the column types: timestamps carry a zone and are taken as UTC (as Inspector writes them), whole
    numbers fit SQLite's INTEGER, ids are UUIDs and references to evidence files SHA-256 digests. No message
    quotes a value: the record's content is the sender's data, decrypted.
    """
    model = BY_NAME.get(table)
    if model is None:
        raise unknown_table(table)
    keys = columns(model)
    if not isinstance(row, dict) or set(row) != set(keys):
        raise BundleRefused("records", f"交换文件中的记录格式不符（{where}）。",
                            f"A record in the bundle has the wrong shape ({where}).")
    try:
        obj = checker(model).model_validate(row)
    except ValidationError as exc:
        zh, en = _error_text(exc, keys)
        raise _invalid(where, zh, en) from None
    vv = obj.vv
    if not isinstance(vv, dict) or not all(isinstance(k, str) and isinstance(n, int) and n >= 0 for k, n in vv.items()):
        raise BundleRefused("records", f"交换文件中的记录版本信息无效（{where}）。",
                            f"A record in the bundle has an invalid version vector ({where}).")
    shape = _shape(model)
    for key in shape.timestamps:
        value = getattr(obj, key)
        if value is None:
            continue
        offset = value.utcoffset()
        if offset is None:
            raise _invalid(where, f"时间“{key}”缺少时区", f"the timestamp {key!r} has no time zone")
        if offset:
            try:
                value = value.astimezone(timezone.utc)
            except OverflowError:  # beyond year 1 or 9999 once in UTC
                value = None
            setattr(obj, key, value)
        if value is None or value.year < MIN_YEAR:
            raise _invalid(where, f"时间“{key}”超出范围", f"the timestamp {key!r} is out of range")
    for key in shape.uuids:
        value = getattr(obj, key)
        if value is not None and not (isinstance(value, str) and _UUID.fullmatch(value)):
            raise _invalid(where, f"编号“{key}”不是 UUID", f"the id {key!r} is not a UUID")
    for key in shape.hashes:
        value = getattr(obj, key)
        if value is not None and not (isinstance(value, str) and _SHA256.fullmatch(value)):
            raise _invalid(where, f"“{key}”不是 SHA-256 摘要", f"{key!r} is not a SHA-256 digest")
    for key in shape.numbers:
        if not _whole_numbers_fit(getattr(obj, key)):
            raise _invalid(where, f"字段“{key}”中的整数超出范围", f"a whole number in {key!r} is out of range")
    return {key: plain_value(getattr(obj, key)) for key in keys}, obj


def dumps_rows(rows: Iterable[dict[str, Any]]) -> Iterable[bytes]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode() + b"\n"


# ---- version vectors -------------------------------------------------------------------------------

EQUAL, INCOMING_NEWER, LOCAL_NEWER, CONCURRENT = "equal", "incoming_newer", "local_newer", "concurrent"


def compare(local: dict[str, int], incoming: dict[str, int]) -> str:
    """How two version vectors relate: the same, one strictly after the other, or changed on both sides."""
    keys = set(local) | set(incoming)
    ahead_in = any(incoming.get(k, 0) > local.get(k, 0) for k in keys)
    ahead_local = any(local.get(k, 0) > incoming.get(k, 0) for k in keys)
    if ahead_in and ahead_local:
        return CONCURRENT
    if ahead_in:
        return INCOMING_NEWER
    if ahead_local:
        return LOCAL_NEWER
    return EQUAL


def merged(a: dict[str, int], b: dict[str, int]) -> dict[str, int]:
    return {k: max(a.get(k, 0), b.get(k, 0)) for k in sorted(set(a) | set(b))}


def natural_keys(model: type[SQLModel]) -> list[tuple[str, ...]]:
    """The unique constraints other than the id (e.g. one result per inspection and item)."""
    return [tuple(c.name for c in con.columns) for con in model.__table__.constraints
            if isinstance(con, UniqueConstraint)]

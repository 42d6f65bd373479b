"""Records in a bundle: which tables travel, how a row is written down, and how two versions compare."""

from __future__ import annotations

import copy
import functools
import json
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError, create_model
from sqlalchemy import UniqueConstraint, inspect as sa_inspect
from sqlmodel import SQLModel

from inspector.model import (
    SYNCED_TABLES,
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    Department,
    Evidence,
    Finding,
    FindingTransition,
    Inspection,
    InspectionMember,
    InspectionResult,
    Inspector,
    IssuedDocument,
    NoticeFinding,
    Plan,
    PlanTarget,
    RectificationItem,
    RectificationNotice,
    RectificationReport,
    Record,
    SelfReport,
    SelfReportAnswer,
    Team,
    TeamMember,
)
from inspector.model.types import plain_value
from inspector.sync.errors import BundleRefused

BY_NAME: dict[str, type[Record]] = {m.__tablename__: m for m in SYNCED_TABLES}
BOOKKEEPING = ("created_at", "updated_at", "origin_device", "updated_device", "revision", "vv")

_REFERENCE = [Department, Inspector, Team, TeamMember, ChecklistTemplate, ChecklistSection, ChecklistItem]
SCOPES: dict[str, list[type[Record]]] = {
    "all": list(SYNCED_TABLES),
    # to inspectors: who, what to check, where, and the departments' self-reports
    "plan": [*_REFERENCE, Plan, PlanTarget, SelfReport, SelfReportAnswer],
    # to the office: the work done on site, and what it rests on
    "field": [*_REFERENCE, Plan, PlanTarget, Inspection, InspectionMember, InspectionResult, Finding,
              FindingTransition, Evidence, RectificationNotice, NoticeFinding, RectificationReport,
              RectificationItem, IssuedDocument],
}
SCOPE_TEXT = {
    "all": ("全部数据", "everything"),
    "plan": ("检查计划（发给检查人员）", "the plan (to inspectors)"),
    "field": ("现场工作（发给办公室）", "the field work (to the office)"),
}


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


def parse(table: str, row: Any, where: str) -> tuple[dict[str, Any], BaseModel]:
    """Check an incoming row against its table; return it normalised, and its values as Python objects (an object
    with one attribute per column, not attached to any session)."""
    model = BY_NAME.get(table)
    if model is None:
        raise BundleRefused("records", f"交换文件含有未知的数据表“{table}”，可能来自更新版本的 Inspector。",
                            f"The bundle holds an unknown table {table!r}; a newer Inspector may have made it.")
    keys = columns(model)
    if not isinstance(row, dict) or set(row) != set(keys):
        raise BundleRefused("records", f"交换文件中的记录格式不符（{where}）。",
                            f"A record in the bundle has the wrong shape ({where}).")
    try:
        obj = checker(model).model_validate(row)
    except ValidationError as exc:
        raise BundleRefused("records", f"交换文件中的记录无效（{where}）：{exc.errors()[0].get('msg', '')}",
                            f"A record in the bundle is invalid ({where}): {exc.errors()[0].get('msg', '')}") from None
    vv = obj.vv
    if not isinstance(vv, dict) or not all(isinstance(k, str) and isinstance(n, int) and n >= 0 for k, n in vv.items()):
        raise BundleRefused("records", f"交换文件中的记录版本信息无效（{where}）。",
                            f"A record in the bundle has an invalid version vector ({where}).")
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

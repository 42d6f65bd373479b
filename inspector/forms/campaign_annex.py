"""The annex of the 检查情况通报: every finding of a plan as an xlsx workbook, one row per finding (drafts
included, their status says so), by department (pinyin) then item; Chinese headers, the header frozen."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from sqlmodel import Session, select

from inspector.collation import pinyin_key
from inspector.errors import BadInputError
from inspector.model import (
    ChecklistItem,
    Department,
    Finding,
    FindingStatus,
    Inspection,
    RectificationNotice,
    Severity,
)
from inspector.paths import atomic_write
from inspector.services import analytics
from inspector.timezones import china_day

SHEET = "检查发现问题清单"
HEADERS = (("序号", 6), ("被检查单位", 28), ("检查日期", 12), ("检查项", 10), ("问题", 48), ("严重程度", 10),
           ("违反条款", 16), ("状态", 12), ("整改期限", 12), ("整改通知书文号", 22))
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def rows(session: Session, plan_id: str) -> list[list[str]]:
    """One row per finding of the plan (without the 序号)."""
    analytics._plan(session, plan_id)
    found = session.exec(
        select(Department.name, Inspection.started_at, ChecklistItem.code, Finding.title, Finding.severity,
               Finding.articles, ChecklistItem.articles, Finding.status, Finding.deadline, RectificationNotice.number)
        .join(Department, Department.id == Finding.department_id)
        .outerjoin(Inspection, Inspection.id == Finding.inspection_id)
        .outerjoin(ChecklistItem, ChecklistItem.id == Finding.item_id)
        .outerjoin(RectificationNotice, RectificationNotice.id == Finding.notice_id)
        .where(Finding.plan_id == plan_id)
    ).all()
    out = []
    for name, started, code, title, sev, arts, item_arts, status, deadline, number in found:
        articles = sorted({int(a) for a in (arts or item_arts or [])})
        out.append([name, china_day(started).isoformat() if started else "", code or "", title,
                    Severity(sev).zh, "、".join(f"第{a}条" for a in articles), FindingStatus(status).zh,
                    deadline.isoformat() if deadline else "", number or ""])
    out.sort(key=lambda r: (pinyin_key(r[0]), r[3], r[4]))
    return out


def workbook_bytes(data: list[list[str]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([h for h, _ in HEADERS])
    for n, row in enumerate(data, 1):
        ws.append([n, *row])
    for col, (_, width) in enumerate(HEADERS, 1):
        ws.column_dimensions[ws.cell(1, col).column_letter].width = width
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = _BORDER
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def export_annex(session: Session, plan_id: str, path: Path) -> int:
    """Write the annex of the plan to ``path`` (atomically); the number of findings."""
    data = rows(session, plan_id)
    try:
        atomic_write(Path(path), workbook_bytes(data))
    except OSError as exc:
        raise BadInputError(f"无法写入文件 {path}：{exc.strerror}", f"Cannot write {path}: {exc.strerror}") from None
    return len(data)

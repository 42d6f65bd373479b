"""The campaign board (:mod:`inspector.services.campaign`) as an xlsx workbook: one row per department, Chinese
headers, the header frozen, every stage's state in words (a reader in black and white needs no colour)."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from inspector.errors import BadInputError
from inspector.model import InspectionStatus
from inspector.paths import atomic_write
from inspector.timezones import china_day

SHEET = "进度看板"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDDDDD")
_STATE_FILL = {"not_started": None, "in_progress": "FFF2CC", "done": "E2EFDA", "late": "F8CBAD"}


def day_text(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = china_day(value)
    return value.isoformat()


def letter_text(status: str | None, number: str, on: date | None) -> str:
    if status is None:
        return "未起草"
    if status == "draft":
        return "草稿"
    return f"{number} {day_text(on)}".strip()


def selfreport_text(row: Any) -> str:
    if row.returned_at is not None:
        return f"已返回 {day_text(row.returned_at)}"
    return "已发出，未返回" if row.form_sent else "未发出"


def inspection_text(row: Any) -> str:
    from inspector.model import InspectionStatus

    if row.inspection_status is None:
        return "未开始"
    return InspectionStatus(row.inspection_status).zh


def review_text(row: Any) -> str:
    from inspector.services.campaign import NEXT_STEP_LABELS

    if row.review_status is None:
        return "未起草"
    if row.review_status == "draft":
        return "草稿"
    step = NEXT_STEP_LABELS.get(row.review_next_step, ("", ""))[0]
    if step and row.review_next_step == "reinspect" and row.review_reinspect_on:
        step += f" {day_text(row.review_reinspect_on)}"
    return "，".join(x for x in (f"{row.review_number} {day_text(row.review_on)}".strip(), step) if x)


def reinspection_text(row: Any) -> str:
    """现场复查: not scheduled, planned for a day, in progress, or completed on a day."""
    if row.reinspection_status is None:
        return "未安排"
    if row.reinspection_status == InspectionStatus.COMPLETED.value:
        return f"已完成 {day_text(row.reinspection_on)}".strip()
    if row.reinspection_status == InspectionStatus.IN_PROGRESS.value:
        return "进行中"
    return f"已安排 {day_text(row.reinspection_on)}".strip()


COLUMNS: list[tuple[str, int, Callable[[Any], Any], str | None]] = [
    ("序号", 6, lambda r: None, None),
    ("被检查单位", 28, lambda r: r.department, None),
    ("计划检查日期", 13, lambda r: day_text(r.scheduled_on), None),
    ("检查通知", 26, lambda r: letter_text(r.notice_letter_status, r.notice_letter_number, r.notice_letter_on), "notice"),
    ("自查表", 20, selfreport_text, "selfreport"),
    ("自查差异项", 10, lambda r: r.discrepancies if r.returned_at is not None else "", None),
    ("实地检查", 10, inspection_text, "inspection"),
    ("检查日期", 12, lambda r: day_text(r.inspected_on), None),
    ("整改通知书", 26, lambda r: letter_text(r.rect_notice_status, r.rect_notice_number, r.rect_notice_on),
     "rectification"),
    ("整改期限", 12, lambda r: day_text(r.rect_deadline), None),
    ("问题总数", 9, lambda r: r.findings_total, "findings"),
    ("未整改", 8, lambda r: r.findings_open, None),
    ("已报整改", 9, lambda r: r.findings_reported, None),
    ("已核验", 8, lambda r: r.findings_verified, None),
    ("逾期", 7, lambda r: r.findings_overdue, None),
    ("整改复查意见书", 30, review_text, "review"),
    ("现场复查", 16, reinspection_text, None),
]


def _state_columns() -> list[tuple[str, str]]:
    from inspector.services.campaign import STAGE_LABELS, STAGES

    return [(f"{STAGE_LABELS[s][0]}状态", s) for s in STAGES]


def build_board(board: Any) -> bytes:
    """The workbook's bytes."""
    from inspector.services.campaign import STATE_LABELS

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    states = _state_columns()
    ncols = len(COLUMNS) + len(states)
    ws.cell(1, 1, f"{board.title} 进度看板（截至 {board.today.isoformat()}）").font = Font(bold=True, size=14)
    totals = board.totals
    ws.cell(2, 1, f"检查对象 {totals['targets']} 个；检查通知已签发 {totals['notices_issued']}；自查表已返回 "
                  f"{totals['forms_returned']}；已完成实地检查 {totals['inspected']}；整改通知书已签发 "
                  f"{totals['rect_notices_issued']}；问题 {totals['findings']} 项（逾期 {totals['findings_overdue']} 项）")
    header = 3
    names = [c[0] for c in COLUMNS] + [s[0] for s in states]
    widths = [c[1] for c in COLUMNS] + [12] * len(states)
    for col, (name, width) in enumerate(zip(names, widths), 1):
        cell = ws.cell(header, col, name)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEAD_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = width
    for n, row in enumerate(board.rows, 1):
        r = header + n
        for col, (_, _, value, stage) in enumerate(COLUMNS, 1):
            cell = ws.cell(r, col, n if col == 1 else value(row))
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            fill = _STATE_FILL.get(row.states.get(stage, "")) if stage else None
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
        for col, (_, stage) in enumerate(states, len(COLUMNS) + 1):
            state = row.states[stage]
            cell = ws.cell(r, col, STATE_LABELS[state][0])
            cell.border = _BORDER
            if _STATE_FILL[state]:
                cell.fill = PatternFill("solid", fgColor=_STATE_FILL[state])
    ws.freeze_panes = ws.cell(header + 1, 3)
    ws.auto_filter.ref = f"A{header}:{ws.cell(header, ncols).column_letter}{header + max(len(board.rows), 1)}"
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_board(board: Any, path: Path) -> None:
    """Write the workbook atomically; a missing folder or a failed write is the user's error, in both languages."""
    path = Path(path)
    if not path.parent.is_dir():
        raise BadInputError(f"输出文件夹不存在：{path.parent}", f"The output folder does not exist: {path.parent}")
    data = build_board(board)
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise BadInputError(f"无法写入文件 {path}：{exc.strerror}", f"Cannot write {path}: {exc.strerror}") from None

"""What both department forms share: their values, the layout, the hidden identifiers and checksum, issuing one.

Reading a returned form — the safe way in and the checks of every cell — is
:mod:`inspector.forms.reading`.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

import openpyxl
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from sqlmodel import Session

from inspector.errors import BadInputError
from inspector.forms import BuiltForm, FormFile, FormSpec
from inspector.model import IssuedDocument
from inspector.paths import atomic_write
from inspector.progress import check

FORMAT = "1"
ID_SHEET = "_inspector"
GUIDE_SHEET = "填写说明"
TITLE_ROW, FIELD_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4

# ---- values --------------------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell's value as the text a person typed (numbers without a spurious ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def canon(value: Any) -> str:
    """The canonical text of a cell: line ends unified, surrounding space and illegal characters dropped."""
    text = cell_text(value).replace("\r\n", "\n").replace("\r", "\n")
    return ILLEGAL_CHARACTERS_RE.sub("", text).strip()


_DATES = (re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})(?:[ T]0?0:00(?::00)?)?"),
          re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?"),
          re.compile(r"(\d{4})(\d{2})(\d{2})"))


def parse_date(value: Any) -> date:
    """A date typed by a person: a date cell, an Excel serial, ``2026-12-01``, ``2026/12/01``, ``2026年12月1日``."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 100000:
            return from_excel(value).date()
        value = cell_text(value)
    text = canon(value)
    for pattern in _DATES:
        m = pattern.fullmatch(text)
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
    raise ValueError(text)


def form_checksum(ids: dict[str, str], rows: list[list[str]]) -> str:
    """SHA-256 over the identifiers (but the checksum itself) and the fixed cells of every row, in order."""
    body = {"ids": {k: v for k, v in ids.items() if k != "checksum"}, "rows": rows}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                          .encode("utf-8")).hexdigest()


SUFFIX = ".xlsx"


_UNSAFE = str.maketrans({ch: "_" for ch in '\\/:*?"<>|' + "".join(map(chr, range(32)))})


def safe_filename(text: str) -> str:
    return text.translate(_UNSAFE).strip() or "form"


# ---- writing a form ------------------------------------------------------------------------------------

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FIXED_FILL = PatternFill("solid", fgColor="EEEEEE")
_ANSWER_FILL = PatternFill("solid", fgColor="FFF8D6")
_FONT = Font(name="宋体", size=10)
_BOLD = Font(name="宋体", size=10, bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
_OPEN = Protection(locked=False)


def _put(ws, row: int, col: int, value: str, *, font: Font = _FONT, align: Alignment = _WRAP):
    cell = ws.cell(row, col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # text, never a formula, even if it starts with "="
    cell.font, cell.alignment = font, align
    return cell


def _height(values: list[tuple[str, float]]) -> float:
    """A row height (points) that shows every line of wrapped text: spreadsheets do not re-fit rows on opening."""
    lines = 1
    for text, width in values:
        per_line = max(width - 1.5, 4.0)
        units = [sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in part) for part in text.split("\n")]
        lines = max(lines, sum(max(1, math.ceil(u / per_line)) for u in units))
    return min(409.0, 14.0 * lines + 4)


def _print_setup(ws, landscape: bool) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _protect(ws) -> None:
    """Locked cells stay as written; no password: this keeps honest people from slips, the checksum does the rest."""
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False  # widths and heights may change


def build_workbook(spec: FormSpec, *, title: str, info: str, guide: list[str], ids: dict[str, str],
                   rows: list[list[str]]) -> tuple[bytes, str]:
    """The form as xlsx bytes and its checksum. ``rows`` hold the canonical text of the fixed columns."""
    assert all(v == canon(v) for r in rows for v in r), "rows must be canonical text"
    ids = {"kind": spec.kind, "format": FORMAT, **ids}
    ids["checksum"] = form_checksum(ids, rows)
    wb = openpyxl.Workbook()
    wb.properties.creator, wb.properties.title = "Inspector", title

    sheet = wb.active
    sheet.title = GUIDE_SHEET
    sheet.column_dimensions["A"].width = 100
    _put(sheet, 1, 1, title, font=Font(name="宋体", size=14, bold=True))
    for n, line in enumerate(guide, start=3):
        _put(sheet, n, 1, line)
        sheet.row_dimensions[n].height = _height([(line, 100)])
    _protect(sheet)
    _print_setup(sheet, landscape=False)

    ws = wb.create_sheet(spec.sheet)
    ncols, last = len(spec.columns), get_column_letter(len(spec.columns))
    ws.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    _put(ws, TITLE_ROW, 1, title, font=Font(name="宋体", size=14, bold=True), align=_CENTRE)
    ws.row_dimensions[TITLE_ROW].height = 28
    col = 1
    for f in spec.fields:
        _put(ws, FIELD_ROW, col, f"{f.zh}\n{f.en}", font=_BOLD, align=_CENTRE).border = _BORDER
        cell = _put(ws, FIELD_ROW, col + 1, None)
        cell.border, cell.fill, cell.protection = _BORDER, _ANSWER_FILL, _OPEN
        col += 2
    if col <= ncols:
        ws.merge_cells(start_row=FIELD_ROW, start_column=col, end_row=FIELD_ROW, end_column=ncols)
        _put(ws, FIELD_ROW, col, info, align=Alignment(wrap_text=True, vertical="center"))
    ws.row_dimensions[FIELD_ROW].height = 32
    for i, c in enumerate(spec.columns, 1):
        cell = _put(ws, HEADER_ROW, i, f"{c.zh}\n{c.en}", font=_BOLD, align=_CENTRE)
        cell.border, cell.fill = _BORDER, _FIXED_FILL if c.kind == "fixed" else _ANSWER_FILL
        ws.column_dimensions[get_column_letter(i)].width = c.width
    ws.row_dimensions[HEADER_ROW].height = 32
    for r, values in enumerate(rows, FIRST_ROW):
        fixed = iter(values)
        ws.row_dimensions[r].height = _height([(v, c.width) for v, c in zip(values, spec.fixed)])
        for i, c in enumerate(spec.columns, 1):
            cell = _put(ws, r, i, next(fixed) if c.kind == "fixed" else None)
            cell.border = _BORDER
            if c.kind != "fixed":
                cell.fill, cell.protection = _ANSWER_FILL, _OPEN
            if c.kind == "date":
                cell.number_format = "yyyy-mm-dd"
    end = FIRST_ROW + max(len(rows), 1) - 1
    for c in spec.columns:
        if c.kind == "choice":
            dv = DataValidation(type="list", formula1='"' + ",".join(c.choices) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="无效的选项",
                                error="请从下拉列表中选择：" + "、".join(c.choices))
        elif c.kind == "date":
            dv = DataValidation(showInputMessage=True, promptTitle=c.zh, prompt="日期，例如 2026-12-01")
        else:
            continue
        ws.add_data_validation(dv)
        dv.add(f"{spec.letter(c.key)}{FIRST_ROW}:{spec.letter(c.key)}{end}")
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    _protect(ws)
    _print_setup(ws, landscape=True)

    hidden = wb.create_sheet(ID_SHEET)
    for r, (key, value) in enumerate(ids.items(), 1):
        _put(hidden, r, 1, key)
        _put(hidden, r, 2, value)
    hidden.sheet_state = "veryHidden"
    _protect(hidden)
    wb.security = WorkbookProtection(lockStructure=True)  # no unhiding or deleting sheets in Excel/WPS
    wb.active = 0
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), ids["checksum"]


def register(session: Session, spec: FormSpec, form_id: str, checksum: str, filename: str) -> None:
    """Remember the form as issued: for a form, ``sha256`` holds its checksum (the file will be re-saved anyway)."""
    session.add(IssuedDocument(kind=spec.issued_kind, ref_id=form_id, filename=filename, sha256=checksum))
    session.flush()


COMMON_STEPS = [
    "佐证材料清单只写文件名称（每行一个），材料本身请按要求另行提交；本表不接受嵌入的文件。",
    "灰色区域已锁定，请勿修改、删除、插入行或调整顺序。表中含有隐藏的表单信息和校验码，被改动的表单无法导入。",
    "请勿使用公式。可用 Excel、WPS 或 LibreOffice 填写，保存为 .xlsx 格式（不要保存为 .xls 或启用宏的 .xlsm）。",
]
"""The last steps of every form's instructions."""


def issue_form(session: Session, spec: FormSpec, *, ids: dict[str, str], rows: list[list[str]], title: str,
               info: str, about: list[str], steps: list[str], english: str, name: str) -> BuiltForm:
    """Build a form (instructions: ``about``, then ``steps`` and the common steps, numbered) and register it."""
    numbered = [f"{n}. {text}" for n, text in enumerate([*steps, *COMMON_STEPS], start=1)]
    guide = [*about, "", "填写方法：", *numbered, "", english, "", f"表单编号 / Form id：{ids['form_id']}"]
    data, checksum = build_workbook(spec, title=title, info=info, guide=guide, ids=ids, rows=rows)
    filename = safe_filename(name) + SUFFIX
    register(session, spec, ids["form_id"], checksum, filename)
    return BuiltForm(data, ids["form_id"], checksum, len(rows), filename)


def save_form(vault, build: Callable[[Session], BuiltForm], out: Path) -> FormFile:
    """Build in one vault session and write atomically; a failed write also forgets the registration."""
    with vault.session() as s:
        return write_form(s, build, out)


def write_form(session: Session, build: Callable[[Session], BuiltForm], out: Path) -> FormFile:
    """Build in ``session`` (which registers the form) and write the file atomically.

    The session's cancel token (:class:`~inspector.vault.VaultSession`) is checked
    once the form is built, before the file is written: a cancel, like a failed
    write, raises, and the session is rolled back with the registration.
    """
    out = Path(out)
    if not out.parent.is_dir():
        raise BadInputError(f"输出文件夹不存在：{out.parent}", f"The output folder does not exist: {out.parent}")
    built = build(session)
    check(getattr(session, "cancel", None))
    try:
        atomic_write(out, built.data)
    except OSError as exc:
        raise BadInputError(f"无法写入文件 {out}：{exc.strerror}", f"Cannot write {out}: {exc.strerror}") from None
    return FormFile(out, built.form_id, hashlib.sha256(built.data).hexdigest(), built.rows)

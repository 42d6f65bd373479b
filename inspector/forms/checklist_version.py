"""A checklist version as an .xlsx workbook (issue 18; docs/checklist-format.md): written with openpyxl, read back
only through the forms' safe way in (:func:`inspector.forms.reading.open_workbook`: no macros, ZIP and XML checks,
formulas never evaluated), every problem collected with its sheet, row and column.

Three sheets: 版本 (one value per row: key, name, value), 章节 (a row per section), 检查项 (a row per item).
Storing the parsed version is :mod:`inspector.services.version_files`'s.
"""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from inspector.forms import FormErrors, FormProblem
from inspector.forms.reading import MAX_ROWS, _cell_value, open_workbook
from inspector.forms.xlsx import canon
from inspector.services.version_files import (
    FORMAT,
    HEADER_KEYS,
    ParsedVersion,
    Record,
)

HEADER_SHEET, SECTION_SHEET, ITEM_SHEET = "版本", "章节", "检查项"
HEADER_LABELS = {"format": "格式 format", "code": "检查表代码 code", "name": "名称 name", "name_en": "英文名称 name_en",
                 "label": "版本标签 label", "note": "修订说明 note", "regulation": "引用法规代码 regulation",
                 "regulation_version": "引用法规版本号 regulation_version"}
SECTION_HEADERS = {"number": "序号 number", "clause": "条款 clause", "title": "章节标题 title",
                   "title_en": "英文标题 title_en"}
ITEM_HEADERS = {"code": "编号 code", "section": "章节序号 section", "title": "标题 title", "text": "检查内容 text",
                "how_to_check": "检查方法 how_to_check", "articles": "引用条款 articles", "severity": "严重程度 severity",
                "requirement": "整改要求 requirement", "title_en": "英文标题 title_en", "text_en": "英文内容 text_en",
                "how_to_check_en": "英文检查方法 how_to_check_en", "requirement_en": "英文整改要求 requirement_en"}
WIDTHS = {"code": 10, "section": 8, "title": 28, "text": 50, "how_to_check": 40, "articles": 12, "severity": 10,
          "requirement": 36, "number": 8, "clause": 14, "title_en": 28, "text_en": 50, "how_to_check_en": 40,
          "requirement_en": 36}
_BOLD = Font(bold=True)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _cell(value: Any) -> Any:
    # control characters a cell cannot hold (the reader drops them too, forms.xlsx.canon)
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def to_xlsx(data: dict[str, Any]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = HEADER_SHEET
    ws.append(["键 key", "项目 field", "内容 value"])
    ws.append(["format", HEADER_LABELS["format"], FORMAT])
    for key in HEADER_KEYS:
        ws.append([key, HEADER_LABELS[key], _cell(data["checklist"][key])])
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 20, 30, 60
    for sheet, headers, rows in ((SECTION_SHEET, SECTION_HEADERS, data["sections"]),
                                 (ITEM_SHEET, ITEM_HEADERS, data["items"])):
        ws = wb.create_sheet(sheet)
        keys = list(headers)
        ws.append([headers[k] for k in keys])
        for row in rows:
            ws.append(["、".join(map(str, row[k])) if k == "articles" else _cell(row[k]) for k in keys])
        for n, key in enumerate(keys, 1):
            ws.column_dimensions[get_column_letter(n)].width = WIDTHS.get(key, 16)
        ws.freeze_panes = "A2"
    for ws in wb.worksheets:
        for cell in ws[1]:
            cell.font = _BOLD
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = _WRAP
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # a text starting with "=" stays text, never a formula
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _locator(sheet: str, row: int, columns: dict[str, str]):
    def locate(key: str | None, zh: str, en: str) -> FormProblem:
        return FormProblem(sheet, row, columns.get(key) if key else None, zh, en)
    return locate


def _value(value: Any) -> Any:
    """A cell's value as the parser wants it: numbers kept (section numbers, articles), texts canonical."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return canon(value)


def _table(wb, sheet: str, headers: dict[str, str], problems: list[FormProblem]) -> list[tuple[int, dict[str, Any]]]:
    if sheet not in wb.sheetnames:
        problems.append(FormProblem("", None, None, f"缺少工作表“{sheet}”。", f"The sheet {sheet!r} is missing."))
        return []
    ws = wb[sheet]
    ws.reset_dimensions()
    keys = list(headers)
    out = []
    for r, cells in enumerate(ws.iter_rows(min_row=1, max_row=MAX_ROWS + 1), 1):
        if r == 1:
            found = [canon(c.value) for c in cells[:len(keys)]]
            for n, key in enumerate(keys):
                if n >= len(found) or found[n] != headers[key]:
                    problems.append(FormProblem(sheet, 1, get_column_letter(n + 1),
                                                f"表头应为“{headers[key]}”。", f"The heading must be {headers[key]!r}."))
            continue
        values: dict[str, Any] = {}
        for n, cell in enumerate(cells, 1):
            value, refused = _cell_value(problems, sheet, cell, r, n)
            if n > len(keys):
                if not refused and canon(value):
                    problems.append(FormProblem(sheet, r, get_column_letter(n), "表格以外的内容不会被读取，请删除。",
                                                "Text outside the table is not read; delete it."))
                continue
            values[keys[n - 1]] = "" if refused or value is None else _value(value)
        if any(v not in ("", None) for v in values.values()):
            out.append((r, {k: values.get(k, "") for k in keys}))
    if (ws.max_row or 0) > MAX_ROWS + 1:
        problems.append(FormProblem(sheet, None, None, f"行数过多（最多 {MAX_ROWS} 行）。",
                                    f"Too many rows (at most {MAX_ROWS})."))
    return out


def parse_xlsx(data: bytes, filename: str) -> ParsedVersion:
    wb = open_workbook(data, filename)
    problems: list[FormProblem] = []
    header: dict[str, Any] = {k: "" for k in HEADER_KEYS}
    header_rows: dict[str, int] = {}
    if HEADER_SHEET not in wb.sheetnames:
        raise FormErrors([FormProblem("", None, None, f"这不是检查表版本文件（缺少工作表“{HEADER_SHEET}”）。",
                                      f"This is not a checklist version file (the sheet {HEADER_SHEET!r} is missing).")])
    fmt = None
    for r, cells in enumerate(wb[HEADER_SHEET].iter_rows(min_row=2, max_row=200), 2):
        if not cells:
            continue
        key = canon(cells[0].value)
        value, refused = _cell_value(problems, HEADER_SHEET, cells[2], r, 3) if len(cells) > 2 else (None, False)
        if key == "format":
            fmt = canon(value)
        elif key in HEADER_KEYS:
            header[key], header_rows[key] = ("" if refused or value is None else _value(value)), r
        elif key:
            problems.append(FormProblem(HEADER_SHEET, r, "A", f"未知的项目：{key}", f"Unknown key {key}"))
    if fmt != FORMAT:
        problems.append(FormProblem(HEADER_SHEET, None, None, f"缺少或不识别的格式标记（应为“{FORMAT}”）。",
                                    f"The format mark is missing or unknown (it is {FORMAT!r})."))

    def locate_header(key: str | None, zh: str, en: str) -> FormProblem:
        return FormProblem(HEADER_SHEET, header_rows.get(key or ""), "C" if key in header_rows else None, zh, en)

    def file_problem(zh: str, en: str) -> FormProblem:
        return FormProblem("", None, None, zh, en)

    parsed = ParsedVersion(header=header, locate_header=locate_header, problems=problems, file_problem=file_problem)
    for sheet, headers, target in ((SECTION_SHEET, SECTION_HEADERS, parsed.sections),
                                   (ITEM_SHEET, ITEM_HEADERS, parsed.items)):
        letters = {k: get_column_letter(n) for n, k in enumerate(headers, 1)}
        for r, values in _table(wb, sheet, headers, problems):
            target.append(Record(values, _locator(sheet, r, letters)))
    return parsed

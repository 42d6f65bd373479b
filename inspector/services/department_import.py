"""Importing a list of departments (被检查单位) from an xlsx or csv file: preview, then import.

An office starts with 50–200 departments in a spreadsheet. The file is read the way the
departments' forms are (:func:`inspector.forms.reading.open_workbook`: macros refused, ZIP
checks and limits of :mod:`inspector.safezip`, every XML part through ``defusedxml``,
formulas never evaluated); a csv is decoded as UTF-8 (with or without a BOM) or GB 18030
(what Excel and WPS save in Chinese Windows), within the same size and row limits.

The header row (one of the first :data:`HEADER_SEARCH` rows) names the columns, in
Chinese or English, in any order (:data:`HEADERS`): 单位名称 is required; 统一社会信用代码,
地址, 联系人, 联系电话 and 备注 are optional; other columns are listed and ignored.

Every row is checked as :func:`inspector.services.departments.create_department` would
check it, and each problem is listed with the row's number in the file:

* no name; a cell too long; a formula or an error value; a code stored as a number
  that lost digits; a code that is not a valid 统一社会信用代码 (:mod:`inspector.uscc`);
* a name or a code already in the vault, or on an earlier row of the file.

:func:`preview` reads and checks without writing. :func:`import_departments` reads the
file again (refusing it if it changed since the preview), checks again against the vault
as it is now, and adds **the rows without problems**; the rows with problems are skipped
and listed, so the user can correct them and import the same file again (the rows already
added then show as already present). Nothing is written unless it is called, and a cancel
or any failure rolls the whole import back.
"""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from sqlmodel import Session, select

from inspector import uscc
from inspector.errors import BadInputError, unreadable
from inspector.model import Department
from inspector.progress import CancelToken, ProgressFn, check, no_progress
from inspector.services.departments import create_department

MAX_FILE_BYTES = 20 << 20
MAX_ROWS = 5000
HEADER_SEARCH = 10
FIELDS = ("name", "code", "address", "contact_name", "contact_phone", "notes")
LABELS = {"name": ("单位名称", "Name"), "code": ("统一社会信用代码", "Unified social credit code"),
          "address": ("地址", "Address"), "contact_name": ("联系人", "Contact"),
          "contact_phone": ("联系电话", "Phone"), "notes": ("备注", "Notes")}
MAX_LEN = {"name": 200, "address": 300, "contact_name": 100, "contact_phone": 100, "notes": 2000}
HEADERS = {
    "name": ("单位名称", "被检查单位", "被检查单位名称", "单位", "名称", "机构名称", "name", "department",
             "departmentname", "organisation", "organization", "unit"),
    "code": ("统一社会信用代码", "社会信用代码", "信用代码", "代码", "uscc", "code", "creditcode",
             "unifiedsocialcreditcode", "socialcreditcode"),
    "address": ("地址", "单位地址", "通讯地址", "联系地址", "address"),
    "contact_name": ("联系人", "联系人姓名", "contact", "contactname", "contactperson"),
    "contact_phone": ("联系电话", "电话", "联系人电话", "手机", "联系方式", "phone", "telephone", "tel",
                      "contactphone", "phonenumber"),
    "notes": ("备注", "说明", "notes", "note", "remarks", "comment", "comments"),
}
TEMPLATE_NAME = "被检查单位导入模板.xlsx"
TEMPLATE_GUIDE = (
    "在“被检查单位”工作表中每行填写一个单位，第一行是列名，请勿修改。",
    "单位名称必填，且不能与已有单位或表中其他行重复。",
    "统一社会信用代码可以不填；填写时应为 18 位（数字和大写字母，不含 I、O、S、V、Z），最后一位是校验码。",
    "导入前会逐行列出问题；有问题的行不导入，改正后可再次导入同一文件（已导入的行会提示已存在）。",
    "Each row of the sheet 被检查单位 is one department; keep the first row (the column names).",
    "The name is required and must not repeat an existing department or another row.",
    "The unified social credit code may be empty; if given, 18 characters with a valid check character.",
    "The preview lists every row's problems; rows with problems are skipped and can be imported later.",
)


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in text if c.isalnum())


_HEADER_FIELD = {_header_key(alias): name for name, aliases in HEADERS.items() for alias in aliases}


# ---- what a preview holds ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    zh: str
    en: str
    column: str | None = None      # the field it is about (a key of LABELS), None for the whole row


@dataclass
class ImportRow:
    row: int                       # the row's number as the spreadsheet shows it (1 = the first line)
    values: dict[str, str]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, zh: str, en: str, column: str | None = None) -> None:
        self.problems.append(Problem(zh, en, column))

    def line_zh(self) -> str:
        return f"第 {self.row} 行：" + "；".join(p.zh.rstrip("。") for p in self.problems) + "。"

    def line_en(self) -> str:
        return f"Row {self.row}: " + " ".join(p.en if p.en.endswith(".") else p.en + "." for p in self.problems)


@dataclass
class DepartmentImport:
    """A read and checked file: every row with its problems, and notes on the file as a whole."""

    filename: str
    sha256: str
    header_row: int
    columns: list[str]             # the fields found, in the file's order
    rows: list[ImportRow]
    ignored_columns: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)   # ids of the departments added (after the import)

    @property
    def good(self) -> list[ImportRow]:
        return [r for r in self.rows if r.ok]

    @property
    def bad(self) -> list[ImportRow]:
        return [r for r in self.rows if not r.ok]

    def summary(self) -> tuple[str, str]:
        n, good, bad = len(self.rows), len(self.good), len(self.bad)
        return (f"共 {n} 行：{good} 行可导入，{bad} 行有问题（将跳过）。",
                f"{n} rows: {good} can be imported, {bad} have problems (skipped).")

    def as_dict(self) -> dict[str, Any]:
        return dict(filename=self.filename, sha256=self.sha256, header_row=self.header_row, columns=self.columns,
                    ignored_columns=self.ignored_columns, added=self.added,
                    rows=[dict(row=r.row, ok=r.ok, **r.values,
                               problems=[dict(zh=p.zh, en=p.en, column=p.column) for p in r.problems])
                          for r in self.rows])


# ---- reading the file ---------------------------------------------------------------------------------


@dataclass
class _Cell:
    value: Any
    refused: tuple[str, str] | None = None   # a formula or an error value: what to say


def read_bytes(path: Path) -> bytes:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise BadInputError(f"文件过大（超过 {MAX_FILE_BYTES >> 20} MB），不是单位名单：{path.name}",
                                f"The file is too large (over {MAX_FILE_BYTES >> 20} MB) for a list of departments: "
                                f"{path.name}")
        return path.read_bytes()
    except OSError as exc:
        raise unreadable(path, exc) from None


def _csv_rows(data: bytes) -> Iterator[list[_Cell]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string but a truncated one
        raise BadInputError("无法识别 csv 文件的编码；请另存为“UTF-8 CSV”或 .xlsx。",
                            "The csv file's encoding is not recognised; save it as 'CSV UTF-8' or .xlsx.")
    if "\x00" in text:
        raise BadInputError("这不是文本格式的 csv 文件；请另存为 .xlsx 或“UTF-8 CSV”。",
                            "This is not a text csv file; save it as .xlsx or 'CSV UTF-8'.")
    sample = text[:8192]
    delimiter = max(",\t;", key=sample.count) if any(d in sample for d in ",\t;") else ","
    for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        yield [_Cell(c) for c in cells]


def _xlsx_rows(data: bytes, filename: str) -> Iterator[list[_Cell]]:
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula  # openpyxl only for a workbook

    from inspector.forms.reading import open_workbook

    wb = open_workbook(data, filename)
    try:
        sheet = next((ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"),
                     wb.worksheets[0] if wb.worksheets else None)
        if sheet is None:
            return
        sheet.reset_dimensions()
        for cells in sheet.iter_rows(min_row=1, max_row=MAX_ROWS + HEADER_SEARCH + 1):
            row = []
            for cell in cells:
                kind = getattr(cell, "data_type", None)
                if kind == "f" or isinstance(cell.value, (ArrayFormula, DataTableFormula)):
                    row.append(_Cell(None, ("单元格含有公式；不计算公式，请直接填写内容", "the cell holds a formula; "
                                            "formulas are never evaluated, type the content")))
                elif kind == "e":
                    row.append(_Cell(None, (f"单元格是错误值“{cell.value}”", f"the cell holds the error value {cell.value}")))
                else:
                    row.append(_Cell(cell.value))
            yield row
    finally:
        wb.close()


def _text(cell: _Cell, field_name: str, out: ImportRow) -> str:
    zh, en = LABELS[field_name]
    if cell.refused:
        out.add(f"{zh}：{cell.refused[0]}", f"{en}: {cell.refused[1]}", field_name)
        return ""
    value = cell.value
    if field_name == "code" and isinstance(value, float) and abs(value) >= 1e15:
        out.add(f"{zh}以数字形式保存，末几位已丢失；请把该列设为“文本”格式后重新填写",
                f"{en} is stored as a number and lost its last digits; format the column as text and type it again",
                field_name)
        return ""
    if field_name == "code" and isinstance(value, (int, float)):
        value = int(value) if float(value).is_integer() else value
    from inspector.forms.xlsx import cell_text  # the forms' reading of a cell (openpyxl: loaded when a list is read)

    text = " ".join(cell_text(value).replace("\r", "\n").split()) if field_name != "notes" else cell_text(value).strip()
    if field_name == "code":
        text = uscc.normalise(text).replace(" ", "")
    if field_name != "code" and len(text) > MAX_LEN[field_name]:  # a code's length: inspector.uscc says
        out.add(f"{zh}过长（{len(text)} 字，最多 {MAX_LEN[field_name]} 字）",
                f"{en} is too long ({len(text)} characters, at most {MAX_LEN[field_name]})", field_name)
    return text


def _find_header(rows: list[tuple[int, list[_Cell]]]) -> tuple[int, dict[int, str], list[str]] | None:
    for number, cells in rows:
        found: dict[int, str] = {}
        ignored: list[str] = []
        for i, cell in enumerate(cells):
            text = "" if cell.value is None else str(cell.value).strip()
            name = _HEADER_FIELD.get(_header_key(text)) if text else None
            if name and name not in found.values():
                found[i] = name
            elif text:
                ignored.append(text)
        if "name" in found.values():
            return number, found, ignored
    return None


def parse(data: bytes, filename: str, *, cancel: CancelToken | None = None) -> DepartmentImport:
    """The rows of the file with the problems each has on its own (no vault needed)."""
    suffix = Path(filename).suffix.lower()
    if len(data) > MAX_FILE_BYTES:
        raise BadInputError("文件过大，不是单位名单。", "The file is too large for a list of departments.")
    if suffix == ".csv" or suffix == ".txt":
        source = _csv_rows(data)
    else:
        source = _xlsx_rows(data, filename)  # .xls, .xlsm and other formats are refused there, with the reason
    head: list[tuple[int, list[_Cell]]] = []
    for number, cells in enumerate(source, 1):
        head.append((number, cells))
        if number >= HEADER_SEARCH:
            break
    header = _find_header(head)
    if header is None:
        raise BadInputError(
            f"在前 {HEADER_SEARCH} 行中找不到表头“单位名称”。第一行应为列名：单位名称、统一社会信用代码、地址、联系人、联系电话。",
            f"No header 'Name' (单位名称) in the first {HEADER_SEARCH} rows. The first row should name the columns: "
            "Name, Unified social credit code, Address, Contact, Phone.")
    header_row, columns, ignored = header
    result = DepartmentImport(Path(filename).name, hashlib.sha256(data).hexdigest(), header_row,
                              list(columns.values()), [], ignored)

    def rows() -> Iterator[tuple[int, list[_Cell]]]:
        yield from ((n, c) for n, c in head if n > header_row)
        yield from enumerate(source, len(head) + 1)

    for number, cells in rows():
        if number % 200 == 0:
            check(cancel)
        if number - header_row > MAX_ROWS:
            raise BadInputError(f"名单超过 {MAX_ROWS} 行；请分成几个文件导入。",
                                f"The list has more than {MAX_ROWS} rows; import it in several files.")
        if not any(c.refused or (c.value is not None and str(c.value).strip()) for c in cells):
            continue
        row = ImportRow(number, {})
        for i, name in columns.items():
            row.values[name] = _text(cells[i] if i < len(cells) else _Cell(None), name, row)
        for name in FIELDS:
            row.values.setdefault(name, "")
        if not row.values["name"] and not any(p.column == "name" for p in row.problems):
            row.add("缺少单位名称", "the name is missing", "name")
        found = uscc.problem(row.values["code"])
        if found:
            row.add(*found, "code")
        result.rows.append(row)
    return result


def _check_duplicates(session: Session, result: DepartmentImport) -> None:
    """Names and codes already in the vault, or on an earlier row, are problems of the later row."""
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    for name, code in session.exec(select(Department.name, Department.code)).all():
        names.setdefault(name.strip().casefold(), name)
        if code:
            codes.setdefault(uscc.normalise(code), name)
    seen_names: dict[str, int] = {}
    seen_codes: dict[str, int] = {}
    for row in result.rows:
        name, code = row.values["name"], row.values["code"]
        key = name.strip().casefold()
        if name and key in names:
            row.add(f"已有同名单位“{names[key]}”", f"a department named {names[key]!r} already exists", "name")
        elif name and key in seen_names:
            row.add(f"单位名称与第 {seen_names[key]} 行重复", f"the same name as row {seen_names[key]}", "name")
        if code and code in codes:
            row.add(f"统一社会信用代码已属于单位“{codes[code]}”", f"the code already belongs to {codes[code]!r}", "code")
        elif code and code in seen_codes:
            row.add(f"统一社会信用代码与第 {seen_codes[code]} 行重复", f"the same code as row {seen_codes[code]}", "code")
        if name:
            seen_names.setdefault(key, row.row)
        if code:
            seen_codes.setdefault(code, row.row)


# ---- preview and import -------------------------------------------------------------------------------


def _session_tools(session: Session, progress: ProgressFn | None, cancel: CancelToken | None):
    return (progress or getattr(session, "progress", None) or no_progress,
            cancel if cancel is not None else getattr(session, "cancel", None))


def preview(session: Session, path: Path, *, progress: ProgressFn | None = None,
            cancel: CancelToken | None = None) -> DepartmentImport:
    """Read ``path`` and check every row against the vault; nothing is written."""
    progress, cancel = _session_tools(session, progress, cancel)
    path = Path(path)
    progress(0, 2, "")
    data = read_bytes(path)
    check(cancel)
    result = parse(data, path.name, cancel=cancel)
    _check_duplicates(session, result)
    progress(2, 2, "")
    return result


def import_departments(session: Session, path: Path, *, sha256: str | None = None,
                       progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> DepartmentImport:
    """Add the rows of ``path`` that have no problem; the others are skipped (listed in the result).

    ``sha256``: the file as previewed; a file changed since is refused (preview it again).
    The cancel token is checked between rows and once more at the end: a cancel raises
    :class:`~inspector.errors.Cancelled` and the session rolls everything back.
    """
    progress, cancel = _session_tools(session, progress, cancel)
    path = Path(path)
    data = read_bytes(path)
    if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
        raise BadInputError(f"文件在预览之后被修改过：{path.name}。请重新预览后再导入。",
                            f"The file changed after the preview: {path.name}. Preview it again, then import.")
    result = parse(data, path.name, cancel=cancel)
    _check_duplicates(session, result)
    good = result.good
    progress(0, len(good), "")
    for n, row in enumerate(good, 1):
        check(cancel)
        result.added.append(create_department(session, **row.values).id)
        progress(n, len(good), row.values["name"])
    check(cancel)
    return result


# ---- a template ---------------------------------------------------------------------------------------


def template_xlsx() -> bytes:
    """An empty list to fill in: the header row, every column formatted as text, and a sheet of guidance."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "被检查单位"
    ws.append([LABELS[f][0] for f in FIELDS])
    for col, width in zip("ABCDEF", (36, 24, 36, 12, 18, 30)):
        ws.column_dimensions[col].width = width
        for cell in ws[col]:
            cell.number_format = "@"
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    guide = wb.create_sheet("填写说明")
    for line in TEMPLATE_GUIDE:
        guide.append([line])
    guide.column_dimensions["A"].width = 100
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write_template(path: Path) -> Path:
    """:func:`template_xlsx` written (atomically) to ``path``."""
    from inspector.paths import atomic_write

    path = Path(path)
    if not path.parent.is_dir():
        raise BadInputError(f"输出文件夹不存在：{path.parent}", f"The output folder does not exist: {path.parent}")
    try:
        atomic_write(path, template_xlsx())
    except OSError as exc:
        raise BadInputError(f"无法写入文件 {path}：{exc.strerror}", f"Cannot write {path}: {exc.strerror}") from None
    return path

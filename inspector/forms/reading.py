"""Reading a department's form back: a safe way in, then every cell checked, all problems collected.

The way in (:func:`open_workbook`) trusts nothing in the file: it refuses
macro-enabled files, runs the ZIP checks of :mod:`inspector.safezip` with limits
suited to a form, parses every XML part with ``defusedxml`` refusing any DTD or
entity declaration, and hands openpyxl a clean copy made only of the checked
bytes. Formulas are never evaluated: a formula where an answer is expected is a
problem reported with its cell.

Every problem found in a form's content is collected as a :class:`FormProblem`
(sheet, row, column letter, Chinese, English) and all of them are raised
together as :class:`FormErrors` before anything is written.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date as calendar_date
from pathlib import Path
from typing import Any, Callable, TypeVar
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring
from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from sqlmodel import Session, select

from inspector.errors import BadInputError, unreadable
from inspector.forms import FormErrors, FormProblem, FormSpec
from inspector.model import IssuedDocument
from inspector.progress import check, no_progress
from inspector.safezip import ZipLimits, ZipRefused, open_checked
from inspector.forms.xlsx import (
    FIELD_ROW,
    FIRST_ROW,
    FORMAT,
    ID_SHEET,
    canon,
    form_checksum,
    parse_date,
)

FORM_LIMITS = ZipLimits(max_members=2000, max_member_bytes=50 << 20, max_total_bytes=100 << 20, max_ratio=100.0)
MAX_ROWS = 5000  # rows read below the header; a form has one per item or finding
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")
OTHER_SUFFIXES = (".xls", ".xlsb", ".et", ".ods", ".csv")
MACRO_MARKERS = (b"macroenabled", b"vbaproject", b"macrosheet")
T = TypeVar("T")


# ---- the way in ----------------------------------------------------------------------------------------


def _refuse(reason: str, zh: str, en: str) -> ZipRefused:
    return ZipRefused(reason, zh, en)


def open_workbook(data: bytes, filename: str) -> openpyxl.Workbook:
    """The workbook in ``data``, once the file has passed every check (see the module docstring)."""
    suffix = Path(filename).suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise _refuse("macro", f"“{filename}”是启用宏的文件，出于安全考虑不予导入；请另存为 .xlsx 后再导入。",
                      f"{filename!r} is a macro-enabled file and is refused; save it as .xlsx and import that.")
    if suffix in OTHER_SUFFIXES:
        raise BadInputError(f"“{filename}”不是 .xlsx 格式；请在 Excel、WPS 或 LibreOffice 中另存为 .xlsx。",
                            f"{filename!r} is not an .xlsx file; save it as .xlsx in Excel, WPS or LibreOffice.")
    if len(data) > FORM_LIMITS.max_total_bytes:
        raise _refuse("size", "表单文件过大，已拒绝。", "The form file is too large; refused.")
    parts: dict[str, bytes] = {}
    with open_checked(io.BytesIO(data), FORM_LIMITS, what=("表单文件", "form file"), allow_dirs=True) as z:
        for name in z.names:
            low = name.lower()
            if low.endswith(("vbaproject.bin", "vbaprojectsignature.bin")) or "macrosheets/" in low:
                raise _refuse("macro", f"表单文件含有宏（{name}），出于安全考虑不予导入；请另存为 .xlsx 后再导入。",
                              f"The form file contains macros ({name}) and is refused; save it as .xlsx.")
        if "[Content_Types].xml" not in z.names:
            raise _refuse("not-xlsx", "该文件不是 Excel 工作簿（.xlsx）。", "The file is not an Excel workbook (.xlsx).")
        for name in z.names:
            parts[name] = blob = z.read(name)
            _check_xml(name, blob)
    if any(m in parts["[Content_Types].xml"].lower() for m in MACRO_MARKERS):
        raise _refuse("macro", "表单文件声明了宏内容，出于安全考虑不予导入；请另存为 .xlsx 后再导入。",
                      "The form file declares macro content and is refused; save it as .xlsx.")
    clean = io.BytesIO()
    with zipfile.ZipFile(clean, "w", zipfile.ZIP_STORED) as out:
        for name, blob in parts.items():
            out.writestr(name, blob)
    clean.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            # read-only: rows are streamed, so a sheet of millions of empty cells costs no memory
            return openpyxl.load_workbook(clean, read_only=True, data_only=False, keep_vba=False, keep_links=False,
                                          rich_text=False)
    except Exception as exc:  # openpyxl's many ways of saying "not a workbook"
        if isinstance(exc, DefusedXmlException) or isinstance(exc.__cause__, DefusedXmlException):
            raise _refuse("xml-entities", "表单文件含有 XML 实体声明，已拒绝。",  # (caught above already)
                          "The form file contains XML entity declarations; refused.") from None
        raise BadInputError(f"无法读取表单文件，它不是有效的 Excel 工作簿：{exc}",
                            f"Cannot read the form file; it is not a valid Excel workbook: {exc}") from None


def _check_xml(name: str, blob: bytes) -> None:
    """Refuse a DTD or entity declaration in any XML part (the "billion laughs" and external entities)."""
    low = name.lower()
    if low.endswith((".xml", ".rels")):
        try:
            defused_fromstring(blob, forbid_dtd=True)
        except DefusedXmlException:
            raise _refuse("xml-entities", f"表单文件的部件“{name}”含有 DTD 或实体声明（疑似 XML 炸弹），已拒绝。",
                          f"The part {name!r} of the form file has a DTD or entity declarations "
                          "(an XML bomb?); refused.") from None
        except (ParseError, ValueError) as exc:
            raise _refuse("xml", f"表单文件的部件“{name}”不是有效的 XML：{exc}",
                          f"The part {name!r} of the form file is not valid XML: {exc}") from None
    elif low.endswith(".vml"):  # legacy drawings are often not well-formed XML; look for declarations only
        for text in (blob, blob.decode("utf-16", "ignore").encode()):
            if re.search(rb"<!\s*(DOCTYPE|ENTITY)", text, re.IGNORECASE):
                raise _refuse("xml-entities", f"表单文件的部件“{name}”含有 DTD 或实体声明，已拒绝。",
                              f"The part {name!r} of the form file has a DTD or entity declarations; refused.")


def read_file(path: Path) -> bytes:
    """A returned form's bytes, refusing a file too large to be one before reading it."""
    path = Path(path)
    try:
        if path.stat().st_size > FORM_LIMITS.max_total_bytes:
            raise _refuse("size", f"文件过大，不是表单：{path.name}", f"The file is too large to be a form: {path.name}")
        return path.read_bytes()
    except OSError as exc:
        raise unreadable(path, exc) from None



def import_path(session: Session, path: Path, run: Callable[[Session, bytes, str], T]) -> T:
    """Read the returned form at ``path`` and import it with ``run(session, data, filename)``.

    ``run`` is a form's ``import_form`` (with what the user chose bound to it). Progress
    goes to the session's ``progress`` in three steps; its ``cancel`` token is checked
    after the file is read and again after the import, still inside the session, so a
    cancel rolls the whole import back (:class:`~inspector.vault.VaultSession`).
    """
    progress = getattr(session, "progress", None) or no_progress
    cancel = getattr(session, "cancel", None)
    path = Path(path)
    progress(0, 3, "")
    data = read_file(path)
    check(cancel)
    progress(1, 3, "")
    result = run(session, data, path.name)
    progress(2, 3, "")
    check(cancel)
    progress(3, 3, "")
    return result

# ---- reading a form back ---------------------------------------------------------------------------------


@dataclass
class FormRow:
    row: int
    fixed: list[str]               # canonical text of the fixed cells
    answers: dict[str, Any]        # column key → the cell's value (None when empty or refused)
    refused: set[str] = field(default_factory=set)  # answer cells already reported (a formula, an error value)


@dataclass
class ParsedForm:
    spec: FormSpec
    filename: str
    sha256: str
    ids: dict[str, str]
    fields: dict[str, Any]
    rows: list[FormRow]
    checksum_ok: bool
    problems: list[FormProblem] = field(default_factory=list)

    def add(self, row: int | None, key: str | None, zh: str, en: str, *, sheet: str | None = None) -> None:
        self.problems.append(FormProblem(self.spec.sheet if sheet is None else sheet, row,
                                         self.spec.letter(key) if key else None, zh, en))

    def add_file(self, zh: str, en: str) -> None:
        self.add(None, None, zh, en, sheet="")

    def raise_if_problems(self) -> None:
        if self.problems:
            raise FormErrors(self.problems)

    def text(self, row: FormRow, key: str) -> str:
        text, limit = canon(row.answers.get(key)), self.spec.column(key).max_len
        if len(text) > limit:
            self.add(row.row, key, f"内容过长（{len(text)} 字，最多 {limit} 字）。",
                     f"The text is too long ({len(text)} characters, at most {limit}).")
        return text

    def choice(self, row: FormRow, key: str) -> str | None:
        text, choices = canon(row.answers.get(key)), self.spec.column(key).choices
        if text and text not in choices:
            self.add(row.row, key, f"“{text}”不在可选项中（{'、'.join(choices)}），请从下拉列表中选择。",
                     f"'{text}' is not one of the choices ({', '.join(choices)}); pick one from the list.")
            return None
        return text or None

    def date(self, row: FormRow, key: str) -> calendar_date | None:
        value = row.answers.get(key)
        if canon(value) == "":
            return None
        try:
            return parse_date(value)
        except (ValueError, OverflowError):
            self.add(row.row, key, f"“{canon(value)}”不是有效的日期，请按“2026-12-01”的格式填写。",
                     f"'{canon(value)}' is not a valid date; write it like 2026-12-01.")
            return None

    def field_text(self, key: str) -> str:
        f = next(f for f in self.spec.fields if f.key == key)
        text = canon(self.fields.get(key))
        if len(text) > f.max_len:
            self.add(FIELD_ROW, None, f"“{f.zh}”过长（最多 {f.max_len} 字）。", f"{f.en} is too long (at most {f.max_len}).")
        return text


def _cell_value(form_problems: list[FormProblem], sheet: str, cell, row: int, col: int) -> tuple[Any, bool]:
    """A cell's value, or None and a problem for a formula or an error value (never evaluated)."""
    value, letter = cell.value, get_column_letter(col)
    if cell.data_type == "f" or isinstance(value, (ArrayFormula, DataTableFormula)):
        form_problems.append(FormProblem(sheet, row, letter, "单元格含有公式；表单不计算公式，请直接填写内容。",
                                         "The cell holds a formula; forms never evaluate formulas, type the content."))
        return None, True
    if cell.data_type == "e":
        form_problems.append(FormProblem(sheet, row, letter, f"单元格是错误值“{value}”，请直接填写内容。",
                                         f"The cell holds the error value {value}; type the content."))
        return None, True
    return value, False


class _Outside:
    """Cells filled in right of the form's table: each named (up to a limit), never silently ignored."""

    LIMIT = 10

    def __init__(self, sheet: str, width: int) -> None:
        self.sheet, self.width = sheet, width
        self.found: list[tuple[int, str]] = []
        self.count = 0

    def check(self, row: int, cells) -> None:
        for n, cell in enumerate(cells, self.width + 1):
            if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                continue
            self.count += 1
            if len(self.found) < self.LIMIT:
                self.found.append((row, get_column_letter(n)))

    def problems(self) -> list[FormProblem]:
        last = get_column_letter(self.width)
        out = [FormProblem(self.sheet, row, letter,
                           f"在表格以外（{last} 列右侧）填写的内容不会被读取；请填写在表内相应的单元格中，或删除。",
                           f"Text written outside the table (right of column {last}) is not read; "
                           "put it in the table's cell for it, or delete it.")
               for row, letter in self.found]
        if self.count > len(self.found):
            more = self.count - len(self.found)
            out.append(FormProblem(self.sheet, None, None, f"表格以外还有 {more} 处填写的内容。",
                                   f"{more} more cells outside the table are filled in."))
        return out


def read_form(data: bytes, filename: str, spec: FormSpec) -> ParsedForm:
    """Open a returned form safely and read it; structural refusals raise at once, cell problems are collected."""
    wb = open_workbook(data, filename)
    other = {"selfreport": "自查表", "rectification": "整改情况报告表"}
    if ID_SHEET not in wb.sheetnames:
        raise FormErrors([FormProblem("", None, None,
                                      f"这不是 Inspector 生成的{spec.name[0]}（缺少隐藏的表单信息），请使用下发的原表填写。",
                                      f"This is not a {spec.name[1]} made by Inspector (its hidden identifiers "
                                      "are missing); fill in the form you were sent.")])
    ids = {canon(k): canon(v) for k, v in wb[ID_SHEET].iter_rows(min_col=1, max_col=2, values_only=True) if canon(k)}
    if ids.get("kind") != spec.kind or ids.get("format") != FORMAT or spec.sheet not in wb.sheetnames:
        what = other.get(ids.get("kind", ""), "")
        raise FormErrors([FormProblem("", None, None,
                                      f"这是{what}，不是{spec.name[0]}。" if what and ids.get("kind") != spec.kind
                                      else f"表单的格式无法识别（缺少工作表“{spec.sheet}”或格式版本不符）。",
                                      f"This is not a {spec.name[1]}, or its layout is not recognised.")])
    ws = wb[spec.sheet]
    problems: list[FormProblem] = []
    fields, rows = {}, []
    last = FIRST_ROW + MAX_ROWS - 1
    width = len(spec.columns)
    declared_rows = ws.max_row or 0
    ws.reset_dimensions()  # each row as long as its own cells, not the sheet's (possibly huge) declared width
    outside = _Outside(spec.sheet, width)
    for r, cells in enumerate(ws.iter_rows(min_row=1, max_row=last), 1):
        outside.check(r, cells[width:])
        if r < FIELD_ROW:
            continue
        cells = tuple(cells[:width]) + (EMPTY_CELL,) * (width - len(cells))
        if r == FIELD_ROW:
            for n, f in enumerate(spec.fields):
                fields[f.key] = _cell_value(problems, spec.sheet, cells[2 * n + 1], r, 2 * n + 2)[0]
        if r < FIRST_ROW:
            continue
        row = FormRow(r, [], {})
        for i, (c, cell) in enumerate(zip(spec.columns, cells), 1):
            value, refused = _cell_value(problems, spec.sheet, cell, r, i)
            if c.kind == "fixed":
                row.fixed.append(canon(value))
            else:
                row.answers[c.key] = value
                if refused:
                    row.refused.add(c.key)
        if any(row.fixed) or row.refused or any(canon(v) for v in row.answers.values()):
            rows.append(row)
    problems.extend(outside.problems())
    if declared_rows > last:
        problems.append(FormProblem(spec.sheet, last + 1, None, f"表格超过 {MAX_ROWS} 行，其后的内容未读取；请使用下发的原表填写。",
                                    f"The sheet is longer than {MAX_ROWS} rows; the rest was not read. Use the original form."))
    wb.close()
    ok = form_checksum(ids, [r.fixed for r in rows]) == ids.get("checksum")
    return ParsedForm(spec, Path(filename).name, hashlib.sha256(data).hexdigest(), ids, fields, rows, ok, problems)


def check_integrity(session: Session, form: ParsedForm, expected: list[list[str]]) -> dict[str, FormRow]:
    """The form's rows by their first cell, once the form is known to be as issued; else the rows that differ.

    ``expected`` are the fixed cells as the vault would write them now: with a
    broken checksum they name the row (and cell) that was edited.
    """
    spec, ids = form.spec, form.ids
    issued = session.exec(select(IssuedDocument).where(IssuedDocument.kind == spec.issued_kind,
                                                       IssuedDocument.ref_id == ids.get("form_id", ""))).first()
    if issued is None:
        form.add_file(f"表单编号“{ids.get('form_id', '')}”未知：这份{spec.name[0]}不是本保险库生成的（或其记录尚未同步到本机）。",
                      f"Unknown form id {ids.get('form_id', '')!r}: this {spec.name[1]} was not made by this vault "
                      "(or its record has not been synchronised here).")
    elif issued.sha256 != ids.get("checksum"):
        form.add_file("表单的隐藏标识与下发时登记的不一致（被改动过），请使用下发的原表。",
                      "The form's hidden identifiers differ from those registered when it was issued; use the original.")
    key_col, noun = spec.fixed[0].key, spec.row_noun
    by_key: dict[str, FormRow] = {}
    for row in form.rows:
        key = row.fixed[0]
        if not key:
            form.add(row.row, key_col, f"这一行不是表中原有的{noun[0]}，所填内容无法对应；请不要插入行或在表外填写。",
                     f"This row is not one of the form's {noun[1]}s; do not insert rows or write outside the table.")
        elif key in by_key:
            form.add(row.row, key_col, f"{noun[0]}“{key}”重复出现（另见第 {by_key[key].row} 行）。",
                     f"The {noun[1]} {key!r} appears twice (see also row {by_key[key].row}).")
        else:
            by_key[key] = row
    if not form.checksum_ok:
        before = len(form.problems)
        wanted = {r[0]: r for r in expected}
        for key, row in by_key.items():
            want = wanted.get(key)
            if want is None:
                form.add(row.row, key_col, f"“{key}”不是本表的{noun[0]}（被修改过？）。",
                         f"{key!r} is not one of this form's {noun[1]}s (edited?).")
                continue
            for c, have, should in zip(spec.fixed, row.fixed, want):
                if have != should:
                    form.add(row.row, c.key, f"“{c.zh}”与下发的原表不一致（被修改过），请恢复原文或使用原表填写。",
                             f"The {c.en.lower()} differs from the form as issued (edited); restore it or use the original.")
        for key in wanted.keys() - by_key.keys():
            form.add(None, None, f"缺少{noun[0]}“{key}”（该行被删除了？），请使用原表填写。",
                     f"The {noun[1]} {key!r} is missing (row deleted?); use the original form.")
        if len(form.problems) == before:
            form.add_file("校验和不符：行的顺序或隐藏的表单信息被改动过，请使用下发的原表填写。",
                          "Checksum mismatch: the order of the rows or the hidden identifiers were changed; use the original.")
    return by_key

"""The departments' xlsx forms: the self-report (自查表) and the rectification report (整改情况报告表).

Inspector writes a form per department (:mod:`inspector.forms.selfreport`,
:mod:`inspector.forms.rectification`); the department fills it in Excel, WPS or
LibreOffice Calc and sends it back; importing it checks everything — the file
itself (:mod:`inspector.forms.xlsx`: ZIP bombs, macros, XML entities), the
hidden identifiers, the checksum over the item rows, every answer — and stores
it only when nothing is wrong. The layout and the rules are in docs/forms.md.

This module holds the types both forms and their callers (CLI, UI) share.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# openpyxl parses with lxml when it is installed, else with ElementTree through defusedxml. The
# packaged application ships without lxml (build/inspector.spec), so every run takes the second
# path, the tests included. Set before openpyxl is first imported (only inspector.forms imports it).
os.environ.setdefault("OPENPYXL_LXML", "False")

from openpyxl.utils import get_column_letter  # noqa: E402

from inspector.errors import BadInputError

# ---- what a form is made of ----------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    width: float
    kind: str = "fixed"
    """``fixed`` (written by Inspector, locked, in the checksum) or an answer: ``text``, ``choice``, ``date``."""
    choices: tuple[str, ...] = ()
    max_len: int = 2000


@dataclass(frozen=True)
class Field:
    """An input in row 2 (who filled the form in), a label cell followed by an input cell."""

    key: str
    zh: str
    en: str
    max_len: int = 100


@dataclass(frozen=True)
class FormSpec:
    kind: str                      # "selfreport" | "rectification", also in the hidden sheet
    sheet: str                     # the form sheet's name
    name: tuple[str, str]          # ("自查表", "self-report form")
    row_noun: tuple[str, str]      # ("检查项", "item")
    columns: tuple[Column, ...]
    fields: tuple[Field, ...] = ()

    @property
    def issued_kind(self) -> str:
        return f"{self.kind}_form"

    @property
    def fixed(self) -> list[Column]:
        return [c for c in self.columns if c.kind == "fixed"]

    def letter(self, key: str) -> str:
        return get_column_letter(next(i for i, c in enumerate(self.columns, 1) if c.key == key))

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class BuiltForm:
    data: bytes
    form_id: str
    checksum: str
    rows: int
    filename: str                  # a suggested file name


@dataclass(frozen=True)
class FormFile:
    path: Path
    form_id: str
    sha256: str
    rows: int


@dataclass(frozen=True)
class ImportResult:
    kind: str                      # "selfreport" | "rectification"
    report_id: str                 # the new SelfReport / RectificationReport
    supersedes_id: str | None      # the report it replaces (history kept)
    department_id: str
    department: str
    plan_id: str | None
    notice_id: str | None
    form_id: str
    filename: str
    sha256: str
    rows: int                      # items (self-report) or findings (rectification) in the form
    answered: int                  # items answered / findings reported
    counts: dict[str, int] = field(default_factory=dict)


# ---- problems ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormProblem:
    sheet: str                     # "" when the problem is the file's as a whole
    row: int | None
    column: str | None             # a column letter
    zh: str
    en: str

    @property
    def line_zh(self) -> str:
        where = f"工作表“{self.sheet}”" if self.sheet else "表单"
        where += f"第 {self.row} 行" if self.row else ""
        where += f" {self.column} 列" if self.column else ""
        return f"{where}：{self.zh}"

    @property
    def line_en(self) -> str:
        where = [f"Sheet '{self.sheet}'" if self.sheet else "Form"]
        where += [f"row {self.row}"] if self.row else []
        where += [f"column {self.column}"] if self.column else []
        return f"{', '.join(where)}: {self.en}"

    def as_dict(self) -> dict[str, Any]:
        return dict(sheet=self.sheet, row=self.row, column=self.column, zh=self.zh, en=self.en)


class FormErrors(BadInputError):
    """Everything wrong with a form's content, all at once; nothing was imported."""

    def __init__(self, problems: list[FormProblem]) -> None:
        # the file's own problems first, then sheet by sheet, row by row, column by column
        self.problems = sorted(problems, key=lambda p: (p.sheet != "", p.sheet, p.row or 0,
                                                        len(p.column or ""), p.column or ""))
        n = len(self.problems)
        super().__init__(f"表单有 {n} 处问题，未导入任何内容：\n" + "\n".join(p.line_zh for p in self.problems),
                         f"The form has {n} problem(s); nothing was imported:\n"
                         + "\n".join(p.line_en for p in self.problems))

"""A checklist version as a file (issue 18): exported as .xlsx (for a spreadsheet) or .toml (plain text for
review), imported as a NEW DRAFT version. The format is documented in docs/checklist-format.md.

Reading is split in two. The file is parsed into :class:`ParsedVersion` (the .xlsx through the forms' safe way in,
:mod:`inspector.forms.checklist_version`; the .toml with the standard library's ``tomllib`` here), every problem
found collected with where it is (sheet/row/column, or item/key). The parsed version is then stored through the
rules of :mod:`inspector.services.versions` (``add_section``, ``add_item``, ``update_item``...), each refusal also
collected with its place. Any problem: all are raised together and, because the error leaves the vault session,
nothing is stored.

A file's ``code`` decides its series: the same code as stored versions makes the next version of that series
(drafted from the newest of them, so the diff shows what the file changes); a new code starts a new series at
version 1. An existing version is never changed by an import.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from sqlmodel import Session, select

from inspector.errors import BadInputError, InspectorError, unreadable
from inspector.model import ChecklistItem, ChecklistSection, ChecklistTemplate, RegulationVersion, Severity
from inspector.progress import check, no_progress
from inspector.services import regulation_versions, versions

FORMAT = "inspector-checklist/1"
MAX_BYTES = 10 << 20
MAX_ITEMS = 5000
MAX_TEXT = 4000
SEVERITY_ZH = {"一般": Severity.GENERAL, "较大": Severity.MAJOR, "重大": Severity.CRITICAL}
ZH_OF_SEVERITY = {v: k for k, v in SEVERITY_ZH.items()}
HEADER_KEYS = ("code", "name", "name_en", "label", "note", "regulation", "regulation_version")
SECTION_KEYS = ("number", "clause", "title", "title_en")
ITEM_KEYS = ("code", "section", "title", "text", "how_to_check", "articles", "severity", "requirement",
             "title_en", "text_en", "how_to_check_en", "requirement_en")
ITEM_FIELD = {"section": "section_no", "severity": "default_severity"}  # file key → ChecklistItem field


# ---- problems ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileProblem:
    """A problem of a version file, with where it is (Chinese, English)."""

    where_zh: str
    where_en: str
    zh: str
    en: str
    order: tuple = ()                  # where it is in the file, for listing the problems in file order

    @property
    def line_zh(self) -> str:
        return f"{self.where_zh}：{self.zh}" if self.where_zh else self.zh

    @property
    def line_en(self) -> str:
        return f"{self.where_en}: {self.en}" if self.where_en else self.en

    def as_dict(self) -> dict[str, Any]:
        return dict(where_zh=self.where_zh, where_en=self.where_en, zh=self.zh, en=self.en)


def _place(problem) -> tuple:
    if isinstance(problem, FileProblem):
        return problem.order
    # a workbook's: the file's own first, then sheet by sheet, row by row, column by column (as FormErrors)
    return (problem.sheet != "", problem.sheet, problem.row or 0, len(problem.column or ""), problem.column or "")


class VersionFileErrors(BadInputError):
    """Everything wrong with a version file, all at once; nothing was stored."""

    def __init__(self, problems: list) -> None:
        self.problems = sorted(problems, key=_place)
        n = len(self.problems)
        super().__init__(f"文件有 {n} 处问题，未导入任何内容：\n" + "\n".join(p.line_zh for p in self.problems),
                         f"The file has {n} problem(s); nothing was imported:\n"
                         + "\n".join(p.line_en for p in self.problems))


# ---- the parsed version --------------------------------------------------------------------------------------


@dataclass
class Record:
    """One section or item: its values, and how to name a problem of one of its keys."""

    values: dict[str, Any]
    locate: Any                        # locate(key | None, zh, en) -> a problem

    def problem(self, key: str | None, zh: str, en: str):
        return self.locate(key, zh, en)


@dataclass
class ParsedVersion:
    header: dict[str, Any]
    locate_header: Any                 # locate(key | None, zh, en)
    sections: list[Record] = field(default_factory=list)
    items: list[Record] = field(default_factory=list)
    problems: list = field(default_factory=list)
    file_problem: Any = None           # file_problem(zh, en) -> a problem about the whole file


def parse_articles(value: Any) -> list[int]:
    """``"9、15"``, ``"9,15"``, ``"第9条、第15条"``, ``9`` or ``[9, 15]`` → [9, 15]; ValueError otherwise."""
    if value is None or value == "":
        return []
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        if int(value) != value:
            raise ValueError(value)
        return [int(value)]
    if isinstance(value, list):
        out = []
        for v in value:
            out += parse_articles(v)
        return out
    text = str(value).strip()
    parts = [p for p in re.split(r"[、,，;；\s]+", text) if p]
    out = []
    for p in parts:
        m = re.fullmatch(r"第?(\d{1,4})条?", p)
        if not m:
            raise ValueError(p)
        out.append(int(m.group(1)))
    return out


def parse_severity(value: Any) -> Severity:
    text = str(value or "").strip()
    if not text:
        return Severity.GENERAL
    if text in SEVERITY_ZH:
        return SEVERITY_ZH[text]
    return Severity(text.lower())


def check_records(parsed: ParsedVersion) -> None:
    """What the file itself must get right before anything is stored: a code and name, unique section numbers and
    item codes, titles and texts, an item's section among the file's, its articles and severity readable."""
    header, add = parsed.header, parsed.problems.append
    for key, zh in (("code", "检查表代码"), ("name", "检查表名称")):
        if not str(header.get(key) or "").strip():
            add(parsed.locate_header(key, f"{zh}不能为空。", f"The checklist's {key} is required."))
    numbers: set[int] = set()
    for s in parsed.sections:
        number = s.values.get("number")
        try:
            n = int(number)
            if n < 1 or n != float(number):
                raise ValueError
        except (TypeError, ValueError):
            add(s.problem("number", f"章节序号应为正整数：{number}", f"A section number is a positive whole number, "
                                                              f"not {number}"))
            continue
        if n in numbers:
            add(s.problem("number", f"章节序号 {n} 重复。", f"Section number {n} is repeated."))
        numbers.add(n)
        s.values["number"] = n
        if not str(s.values.get("title") or "").strip():
            add(s.problem("title", "章节标题不能为空。", "A section needs a title."))
    if not parsed.items:
        add(parsed.file_problem("文件中没有检查项。", "The file has no items."))
    codes: set[str] = set()
    for i in parsed.items:
        v = i.values
        code = str(v.get("code") or "").strip()
        if not code:
            add(i.problem("code", "检查项编号不能为空。", "An item needs a code."))
        elif code in codes:
            add(i.problem("code", f"检查项编号 {code} 重复。", f"Item code {code} is repeated."))
        codes.add(code)
        for key, zh in (("title", "标题"), ("text", "检查内容")):
            if not str(v.get(key) or "").strip():
                add(i.problem(key, f"检查项的{zh}不能为空。", f"An item needs a {key}."))
        try:
            section = int(v.get("section"))
            if section != float(v.get("section")):
                raise ValueError
            if section not in numbers:
                add(i.problem("section", f"文件中没有第 {section} 章节。", f"The file has no section {section}."))
            v["section"] = section
        except (TypeError, ValueError):
            add(i.problem("section", f"所属章节应为章节序号：{v.get('section')}",
                          f"The section is a section number, not {v.get('section')}"))
        try:
            v["articles"] = parse_articles(v.get("articles"))
        except ValueError:
            add(i.problem("articles", f"引用条款无法识别：{v.get('articles')}（写作“9、15”或“9,15”）",
                          f"Cannot read the articles {v.get('articles')!r} (write 9,15 or 9、15)"))
            v["articles"] = None
        try:
            v["severity"] = parse_severity(v.get("severity"))
        except ValueError:
            add(i.problem("severity", f"严重程度只能是一般、较大或重大：{v.get('severity')}",
                          f"The severity is 一般, 较大 or 重大 (general, major, critical), not {v.get('severity')}"))
            v["severity"] = None
        for key in ITEM_KEYS:
            if isinstance(v.get(key), str) and len(v[key]) > MAX_TEXT:
                add(i.problem(key, f"内容过长（最多 {MAX_TEXT} 字）。", f"The text is too long (at most {MAX_TEXT})."))


# ---- exporting -----------------------------------------------------------------------------------------------


def version_data(session: Session, template_id: str) -> dict[str, Any]:
    """A checklist version as the files hold it."""
    t = versions.get_checklist(session, template_id)
    reg = regulation_versions.regulation_of(session, t)
    sections = session.exec(select(ChecklistSection).where(ChecklistSection.template_id == t.id)
                            .order_by(ChecklistSection.number)).all()
    items = session.exec(select(ChecklistItem).where(ChecklistItem.template_id == t.id)
                         .order_by(ChecklistItem.position, ChecklistItem.code)).all()
    return dict(
        checklist=dict(code=t.code, name=t.name, name_en=t.name_en or "", label=t.label or "", note=t.note or "",
                       regulation=reg.code, regulation_version=reg.version, version=t.version,
                       status=str(getattr(t.status, "value", t.status))),
        sections=[dict(number=s.number, clause=s.clause or "", title=s.title, title_en=s.title_en or "")
                  for s in sections],
        items=[dict(code=i.code, section=i.section_no, title=i.title, text=i.text, how_to_check=i.how_to_check or "",
                    articles=list(i.articles or []), severity=ZH_OF_SEVERITY[Severity(i.default_severity)],
                    requirement=i.requirement or "", title_en=i.title_en or "", text_en=i.text_en or "",
                    how_to_check_en=i.how_to_check_en or "", requirement_en=i.requirement_en or "")
               for i in items])


def _toml_string(text: str) -> str:
    # JSON escapes every control character below U+0020, which TOML basic strings accept; DEL must be escaped too
    return json.dumps(str(text), ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return _toml_string(value)


def to_toml(data: dict[str, Any]) -> str:
    c = data["checklist"]
    lines = ["# Inspector 检查表版本 / checklist version — docs/checklist-format.md",
             f"# 导出自 / exported from {c['code']} v{c.get('version', '')} ({c.get('status', '')})",
             f"format = {_toml_string(FORMAT)}", "", "[checklist]"]
    lines += [f"{k} = {_toml_value(c[k])}" for k in HEADER_KEYS]
    for s in data["sections"]:
        lines += ["", "[[sections]]"] + [f"{k} = {_toml_value(s[k])}" for k in SECTION_KEYS]
    for i in data["items"]:
        lines += ["", "[[items]]"] + [f"{k} = {_toml_value(i[k])}" for k in ITEM_KEYS]
    return "\n".join(lines) + "\n"


def export_version(session: Session, template_id: str, out: Path) -> Path:
    """Write the version to ``out`` (.xlsx or .toml, by its extension)."""
    out = Path(out)
    suffix = out.suffix.lower()
    data = version_data(session, template_id)
    if suffix == ".toml":
        payload = to_toml(data).encode("utf-8")
    elif suffix == ".xlsx":
        from inspector.forms.checklist_version import to_xlsx

        payload = to_xlsx(data)
    else:
        raise BadInputError(f"只能导出为 .xlsx 或 .toml 文件：{out.name}", f"Export to an .xlsx or .toml file, not {out.name}")
    try:
        out.write_bytes(payload)
    except OSError as exc:
        raise InspectorError(f"无法写入文件：{out}（{exc.strerror or exc}）",
                             f"Cannot write the file {out} ({exc.strerror or exc})") from None
    return out


# ---- reading TOML --------------------------------------------------------------------------------------------


def _toml_locator(kind: str, n: int, code: str = ""):
    rank = {"checklist": 1, "sections": 2, "items": 3}[kind]

    def locate(key: str | None, zh: str, en: str) -> FileProblem:
        if kind == "checklist":
            return FileProblem("[checklist]" + (f" {key}" if key else ""), "[checklist]" + (f", key {key}" if key else ""),
                               zh, en, (rank, 0))
        what_zh = f"[[{kind}]] 第 {n} 个" + (f"（编号 {code}）" if code else "")
        what_en = f"[[{kind}]] #{n}" + (f" (code {code})" if code else "")
        return FileProblem(what_zh + (f" {key}" if key else ""), what_en + (f", key {key}" if key else ""), zh, en,
                           (rank, n))
    return locate


def parse_toml(data: bytes, filename: str) -> ParsedVersion:
    def file_problem(zh: str, en: str) -> FileProblem:
        return FileProblem(filename, filename, zh, en, (0, 0))

    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise VersionFileErrors([file_problem("文件不是 UTF-8 编码的文本。", "The file is not UTF-8 text.")]) from None
    except tomllib.TOMLDecodeError as exc:  # its message names the line and column
        raise VersionFileErrors([file_problem(f"TOML 语法错误：{exc}", f"TOML syntax error: {exc}")]) from None
    problems: list[FileProblem] = []
    if doc.get("format") != FORMAT:
        problems.append(file_problem(f"缺少或不识别的格式标记 format（应为 “{FORMAT}”）。",
                                     f"The format key is missing or unknown (it is {FORMAT!r})."))
    header = doc.get("checklist")
    if not isinstance(header, dict):
        problems.append(file_problem("缺少 [checklist] 表。", "The [checklist] table is missing."))
        header = {}
    parsed = ParsedVersion(header={k: header.get(k, "") for k in HEADER_KEYS},
                           locate_header=_toml_locator("checklist", 0), problems=problems, file_problem=file_problem)
    for key in header:
        if key not in HEADER_KEYS and key not in ("version", "status"):
            problems.append(parsed.locate_header(key, f"未知的键：{key}", f"Unknown key {key}"))
    for kind, keys, target in (("sections", SECTION_KEYS, parsed.sections), ("items", ITEM_KEYS, parsed.items)):
        rows = doc.get(kind, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            problems.append(file_problem(f"{kind} 应写作 [[{kind}]] 表数组。", f"{kind} must be an array of tables [[{kind}]]."))
            continue
        if len(rows) > MAX_ITEMS:
            raise VersionFileErrors([file_problem(f"条目过多（最多 {MAX_ITEMS}）。", f"Too many entries (at most {MAX_ITEMS}).")])
        for n, row in enumerate(rows, 1):
            rec = Record({k: row.get(k, "") for k in keys}, _toml_locator(kind, n, str(row.get("code", "") or "")))
            for key, value in row.items():
                if key not in keys:
                    problems.append(rec.problem(key, f"未知的键：{key}", f"Unknown key {key}"))
                elif key not in ("number", "section", "articles") and not isinstance(value, str):
                    problems.append(rec.problem(key, "应为文本（加引号）。", "Must be a string (in quotes)."))
                    rec.values[key] = ""
            target.append(rec)
    return parsed


# ---- importing -----------------------------------------------------------------------------------------------


def parse_file(data: bytes, filename: str) -> ParsedVersion:
    suffix = Path(filename).suffix.lower()
    if suffix == ".toml":
        parsed = parse_toml(data, filename)
    elif suffix in (".xlsx", ".xlsm", ".xltm", ".xlam", ".xls", ".xlsb", ".et", ".ods", ".csv"):
        from inspector.forms.checklist_version import parse_xlsx

        parsed = parse_xlsx(data, filename)  # the forms' way in refuses the macro and other formats
    else:
        raise BadInputError(f"只能导入 .xlsx 或 .toml 文件：{filename}", f"Import an .xlsx or .toml file, not {filename}")
    check_records(parsed)
    return parsed


def _cited_regulation(session: Session, parsed: ParsedVersion, series: Optional[ChecklistTemplate]):
    code = str(parsed.header.get("regulation") or "").strip()
    number = parsed.header.get("regulation_version")
    if not code:
        text = regulation_versions.regulation_of(session, series) if series is not None else regulation_versions.regulation_in_use(session)
        return session.get(RegulationVersion, text.id)
    query = select(RegulationVersion).where(RegulationVersion.code == code)
    if number not in (None, ""):
        try:
            query = query.where(RegulationVersion.version == int(number))
        except (TypeError, ValueError):
            parsed.problems.append(parsed.locate_header("regulation_version", f"法规版本号应为整数：{number}",
                                                        f"The regulation version is a whole number, not {number}"))
            return None
    row = session.exec(query.order_by(RegulationVersion.version.desc())).first()
    if row is None:
        parsed.problems.append(parsed.locate_header(
            "regulation", f"保险库中没有法规版本 {code}" + (f" 第{number}版" if number not in (None, "") else "") + "。",
            f"The vault has no regulation version {code}" + (f" v{number}" if number not in (None, "") else "") + "."))
    return row


def store(session: Session, parsed: ParsedVersion) -> ChecklistTemplate:
    """The parsed file as a new draft version, through every rule of :mod:`inspector.services.versions`; all problems
    raised together (the caller's session then stores nothing)."""
    problems = parsed.problems
    code = str(parsed.header.get("code") or "").strip()
    if not code or not str(parsed.header.get("name") or "").strip():
        raise VersionFileErrors(problems)
    series = session.exec(select(ChecklistTemplate).where(ChecklistTemplate.code == code)
                          .order_by(ChecklistTemplate.version.desc())).first()
    reg = _cited_regulation(session, parsed, series)
    if reg is None:  # without the regulation the articles cannot be checked: report what is known
        raise VersionFileErrors(problems)
    draft = versions.new_checklist_draft(session, code, str(parsed.header["name"]), regulation_id=reg.id,
                                         derived_from_id=series.id if series is not None else None)

    def attempt(locate, key, call) -> Any:
        try:
            return call()
        except InspectorError as exc:
            problems.append(locate(key, exc.zh, exc.en))
            return None

    attempt(parsed.locate_header, None, lambda: versions.update_checklist(session, draft.id, {
        k: str(parsed.header.get(k) or "") for k in ("name", "name_en", "label", "note")}))
    good_sections = set()
    for s in parsed.sections:
        v = s.values
        if not isinstance(v.get("number"), int) or v["number"] in good_sections:
            continue
        if attempt(s.locate, "title", lambda v=v: versions.add_section(
                session, draft.id, str(v.get("title") or ""), title_en=str(v.get("title_en") or ""),
                clause=str(v.get("clause") or ""), number=v["number"])) is not None:
            good_sections.add(v["number"])
    seen: set[str] = set()
    for i in parsed.items:
        v = i.values
        code_i = str(v.get("code") or "").strip()
        if not code_i or code_i in seen or v.get("section") not in good_sections:
            continue
        seen.add(code_i)
        if not str(v.get("title") or "").strip() or not str(v.get("text") or "").strip():
            continue
        item = attempt(i.locate, None, lambda v=v, c=code_i: versions.add_item(session, draft.id, {
            "section_no": v["section"], "code": c, "title": v["title"], "text": v["text"]}))
        if item is None:
            continue
        for key in ("articles", "severity", "how_to_check", "requirement", "title_en", "text_en", "how_to_check_en",
                    "requirement_en"):
            if v.get(key) is None:
                continue  # reported while reading
            attempt(i.locate, key, lambda key=key, item=item, v=v: versions.update_item(
                session, item.id, {ITEM_FIELD.get(key, key): v[key]}))
    if problems:
        raise VersionFileErrors(problems)
    session.flush()
    return draft


def import_version(session: Session, data: bytes, filename: str) -> ChecklistTemplate:
    """A version file (.xlsx or .toml) as a new draft version; :class:`VersionFileErrors` (or the forms'
    ``FormErrors``) with every problem, and nothing stored, otherwise."""
    parsed = parse_file(data, filename)
    return store(session, parsed)


def read_path(path: Path) -> bytes:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise BadInputError(f"文件过大，不是检查表版本文件：{path.name}",
                                f"The file is too large to be a checklist version: {path.name}")
        return path.read_bytes()
    except OSError as exc:
        raise unreadable(path, exc) from None


def import_path(session: Session, path: Path) -> ChecklistTemplate:
    """Import the file at ``path``; progress goes to the session's ``progress`` and its ``cancel`` token is checked
    before storing and after, still inside the session, so a cancel stores nothing (as the forms' import)."""
    progress = getattr(session, "progress", None) or no_progress
    cancel = getattr(session, "cancel", None)
    progress(0, 3, "")
    parsed = parse_file(read_path(path), Path(path).name)
    check(cancel)
    progress(1, 3, "")
    draft = store(session, parsed)
    progress(2, 3, "")
    check(cancel)
    progress(3, 3, "")
    return draft

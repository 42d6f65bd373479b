"""Letters (公文 other than the notice and the record): draft, change, issue, delete a draft, list.

A letter is of one *kind* (:class:`~inspector.services.letter_spec.LetterKind`): 检查通知 (this package,
:mod:`inspector.services.letter_inspection`) and the kinds of :mod:`inspector.services.letter_kinds`
(整改复查意见书, 督办通知, the art. 33 letters). Issuing gives it the next number of the year from the one
发文 register it shares with the notices (:func:`inspector.services.rectification.next_serial`), runs the
kind's ``on_issue``, and freezes what it says (``content`` and its SHA-256) and its 版记: an issued letter
never changes again and is never deleted; only the hash of its latest exported file is kept up to date.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from inspector import concurrency
from inspector.errors import BadInputError, NotFoundError
from inspector.lifecycle import FrozenError
from inspector.model import Department, Letter, NoticeStatus, Plan, RectificationNotice
from inspector.services import rectification
from inspector.services.letter_spec import FieldSpec, LetterContent, LetterKind
from inspector.timezones import china_today

log = logging.getLogger(__name__)

NEEDS = {
    "plan": ("plan_id", Plan, "检查计划", "plan"),
    "department": ("department_id", Department, "被检查单位", "department"),
    "notice": ("notice_id", RectificationNotice, "整改通知书", "rectification notice"),
}
"""What a kind may need: the letter's column, the table, what it is called (zh, en)."""

COLOPHON_KEYS = ("cc", "printer", "contact", "phone")
MAX_FIELD = 4000
"""The longest text a field may hold (a multiline list of materials is well below it)."""


# ---- the kinds ---------------------------------------------------------------------------------


def kinds() -> dict[str, LetterKind]:
    """Every kind of letter by key, 检查通知 first. The other kinds come from
    :mod:`inspector.services.letter_kinds` when it is there (imported here, not at the top)."""
    from inspector.services import letter_campaign, letter_inspection

    out = {letter_inspection.KIND.key: letter_inspection.KIND}
    try:
        from inspector.services import letter_kinds
    except ModuleNotFoundError as exc:  # not there (yet): the other kinds are missing, nothing else
        if not (exc.name or "").startswith("inspector.services.letter_kinds"):
            raise
        log.warning("letter kinds unavailable: %s", exc.name)
        return out
    for kind in letter_kinds.KINDS:
        out.setdefault(kind.key, kind)
    out[letter_campaign.KIND.key] = letter_campaign.KIND
    return out


def kind_of(key: str) -> LetterKind:
    known = kinds()
    if key not in known:
        names = "、".join(f"{k}（{v.zh}）" for k, v in known.items())
        raise BadInputError(f"没有这种公文：{key}。可用的有：{names}",
                            f"No such kind of letter: {key}. Known: {', '.join(known)}", field="kind")
    return known[key]


# ---- reading -----------------------------------------------------------------------------------


def get_letter(session: Session, letter_id: str) -> Letter:
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise NotFoundError(f"找不到公文：{letter_id}", f"No letter with id {letter_id}")
    return letter


def is_issued(letter: Letter) -> bool:
    return NoticeStatus(letter.status) is NoticeStatus.ISSUED


@dataclass(frozen=True)
class LetterRow:
    """One letter as a list shows it (plain values)."""

    id: str
    kind: str
    kind_zh: str
    kind_en: str
    status: str
    """``draft`` | ``issued``."""
    number: str
    department_id: str | None
    department: str
    plan_id: str | None
    plan_title: str
    notice_id: str | None
    notice_number: str
    issued_on: date | None
    updated_at: datetime
    exported: bool
    """Whether a file of it was exported since it was issued."""


@dataclass(frozen=True)
class LetterDetail:
    """A letter with everything the dialog and ``letter show`` need."""

    row: LetterRow
    fields: dict[str, Any]
    colophon: dict[str, Any]
    specs: tuple[FieldSpec, ...]
    content: LetterContent
    """Frozen when issued; composed from the vault now for a draft."""
    content_sha256: str = ""
    problems: list[tuple[str, str, str]] = field(default_factory=list)
    """Why the draft cannot be issued yet: (field key, zh, en); empty when it can."""


def _row(session: Session, letter: Letter, names: dict[str, dict[str, str]] | None = None) -> LetterRow:
    known = kinds()
    kind = known.get(letter.kind)
    names = names or {}

    def name(table: str, model, ref: str | None, attr: str) -> str:
        if not ref:
            return ""
        cached = names.get(table, {})
        if ref in cached:
            return cached[ref]
        obj = session.get(model, ref)
        return getattr(obj, attr) if obj is not None else ""

    return LetterRow(
        id=letter.id, kind=letter.kind, kind_zh=kind.zh if kind else letter.kind, kind_en=kind.en if kind else letter.kind,
        status=NoticeStatus(letter.status).value, number=letter.number,
        department_id=letter.department_id, department=name("department", Department, letter.department_id, "name"),
        plan_id=letter.plan_id, plan_title=name("plan", Plan, letter.plan_id, "title"),
        notice_id=letter.notice_id, notice_number=name("notice", RectificationNotice, letter.notice_id, "number"),
        issued_on=letter.issued_on, updated_at=letter.updated_at, exported=bool(letter.file_sha256))


def list_letters(session: Session, *, plan_id: str | None = None, department_id: str | None = None,
                 notice_id: str | None = None, kind: str | None = None) -> list[LetterRow]:
    """Letters, drafts first (newest first), then issued ones by number, newest first."""
    query = select(Letter)
    if plan_id:
        query = query.where(Letter.plan_id == plan_id)
    if department_id:
        query = query.where(Letter.department_id == department_id)
    if notice_id:
        query = query.where(Letter.notice_id == notice_id)
    if kind:
        query = query.where(Letter.kind == kind)
    letters = session.exec(query).all()
    names = {"department": dict(session.exec(select(Department.id, Department.name)).all()),
             "plan": dict(session.exec(select(Plan.id, Plan.title)).all()),
             "notice": dict(session.exec(select(RectificationNotice.id, RectificationNotice.number)).all())}
    drafts = sorted((x for x in letters if not is_issued(x)), key=lambda x: x.updated_at, reverse=True)
    issued = sorted((x for x in letters if is_issued(x)), key=lambda x: (x.year, x.serial or 0), reverse=True)
    return [_row(session, x, names) for x in (*drafts, *issued)]


def content_of(session: Session, letter: Letter) -> LetterContent:
    """What the letter says: frozen when issued, composed from the vault now for a draft."""
    if is_issued(letter) and letter.content:
        return letter.content
    with _citing(session, letter):
        return kind_of(letter.kind).compose(session, letter)


def _citing(session: Session, letter: Letter):
    """The regulation the letter cites: its notice's or plan's checklist's (:mod:`inspector.services.versions`)."""
    from inspector import regulation
    from inspector.services.regulation_versions import regulation_for_letter

    return regulation.using(regulation_for_letter(session, letter))


def letter_detail(session: Session, letter_id: str) -> LetterDetail:
    letter = get_letter(session, letter_id)
    kind = kind_of(letter.kind)
    issued = is_issued(letter)
    problems = [] if issued else missing(session, letter)
    content: LetterContent = {}
    if issued or not problems:
        content = content_of(session, letter)
    return LetterDetail(row=_row(session, letter), fields=dict(letter.fields), colophon=dict(letter.colophon),
                        specs=kind.fields, content=content, content_sha256=letter.content_sha256, problems=problems)


def missing(session: Session, letter: Letter) -> list[tuple[str, str, str]]:
    """What stops the draft from being issued: the kind's checks on its fields, each (key, zh, en)."""
    kind = kind_of(letter.kind)
    problems = [(spec.key, f"请填写“{spec.zh}”。", f"Please fill in '{spec.en}'.")
                for spec in kind.fields if spec.required and not str(letter.fields.get(spec.key) or "").strip()]
    if problems:
        return problems
    try:
        kind.validate(session, letter, dict(letter.fields))
    except BadInputError as exc:
        return [(exc.field or "", exc.zh, exc.en)]
    return []


# ---- writing -----------------------------------------------------------------------------------


def _check_links(session: Session, kind: LetterKind, links: dict[str, str | None]) -> dict[str, str | None]:
    """The records the letter names: each one the kind needs is given and exists; a notice brings its department
    and plan when they are not given."""
    notice_id = links.get("notice_id")
    if notice_id:
        notice = session.get(RectificationNotice, notice_id)
        if notice is None:
            raise NotFoundError(f"找不到整改通知书：{notice_id}", f"No rectification notice with id {notice_id}",
                                field="notice")
        links["department_id"] = links.get("department_id") or notice.department_id
        links["plan_id"] = links.get("plan_id") or notice.plan_id
    for need in kind.needs:
        column, model, zh, en = NEEDS[need]
        ref = links.get(column)
        if not ref:
            raise BadInputError(f"{kind.zh}需要指定{zh}。", f"{kind.en}: a {en} is needed.", field=need)
    for need, (column, model, zh, en) in NEEDS.items():
        ref = links.get(column)
        if ref and session.get(model, ref) is None:
            raise NotFoundError(f"找不到{zh}：{ref}", f"No {en} with id {ref}", field=need)
    return links


def check_colophon(colophon: dict[str, Any] | None) -> dict[str, Any]:
    """A document's own 版记/附注 (``cc`` a list of names, ``printer``, ``contact``, ``phone``), each one line;
    a key left out takes the settings' default when the letter is built."""
    out: dict[str, Any] = {}
    for key, value in (colophon or {}).items():
        if key not in COLOPHON_KEYS:
            raise BadInputError(f"版记没有这一项：{key}", f"The colophon has no item {key}", field=key)
        if value is None:
            continue
        if key == "cc":
            if isinstance(value, str):
                from inspector.services import settings

                value = settings.split_cc(value) if hasattr(settings, "split_cc") else \
                    [v.strip() for v in value.replace("，", "、").split("、") if v.strip()]
            names = [str(v).strip() for v in value if str(v).strip()]
            if any(len(n) > 100 or "\n" in n for n in names):
                raise BadInputError("抄送机关名称过长或含有换行。", "A 抄送 name is too long or has a line break.",
                                    field="cc")
            out[key] = list(dict.fromkeys(names))
        else:
            text = str(value).strip()
            if "\n" in text or len(text) > 200:
                raise BadInputError("只能填写一行文字（最多 200 个字）。", "One line of at most 200 characters.",
                                    field=key)
            out[key] = text
    return out


def _check_fields(kind: LetterKind, values: dict[str, Any]) -> dict[str, Any]:
    """Plain checks every kind shares: known keys, text of a sensible length, ISO dates, a listed choice."""
    specs = {spec.key: spec for spec in kind.fields}
    out: dict[str, Any] = {}
    for key, value in values.items():
        spec = specs.get(key)
        if spec is None:
            names = "、".join(f"{s.key}（{s.zh}）" for s in kind.fields)
            raise BadInputError(f"{kind.zh}没有这一项：{key}。可填写：{names}",
                                f"A {kind.en} has no field {key}. Fields: {', '.join(specs)}", field=key)
        text = "" if value is None else (value.isoformat() if isinstance(value, date) else str(value))
        text = text.strip()
        if len(text) > MAX_FIELD:
            raise BadInputError(f"“{spec.zh}”过长（最多 {MAX_FIELD} 个字）。",
                                f"'{spec.en}' is too long (at most {MAX_FIELD} characters).", field=key)
        if spec.type == "date" and text:
            try:
                text = date.fromisoformat(text).isoformat()
            except ValueError:
                raise BadInputError(f"“{spec.zh}”不是有效日期（应为 YYYY-MM-DD）：{text}",
                                    f"'{spec.en}' is not a date (YYYY-MM-DD): {text}", field=key) from None
        if spec.type == "choice" and text and text not in {c[0] for c in spec.choices}:
            options = "、".join(f"{c[0]}（{c[1]}）" for c in spec.choices)
            raise BadInputError(f"“{spec.zh}”只能是：{options}", f"'{spec.en}' must be one of: "
                                + ", ".join(c[0] for c in spec.choices), field=key)
        if spec.type in ("text", "choice", "date") and "\n" in text:
            raise BadInputError(f"“{spec.zh}”只能填写一行。", f"'{spec.en}' takes one line.", field=key)
        out[key] = text
    return out


def _guard_draft(letter: Letter) -> None:
    if is_issued(letter):
        raise FrozenError(f"公文已签发：{letter.number}，签发后内容和编号都不能再修改，也不能删除。",
                          f"The letter was issued: {letter.number}; an issued letter can no longer change "
                          "or be deleted.")


def create(session: Session, kind: str, *, plan_id: str | None = None, department_id: str | None = None,
           notice_id: str | None = None, fields: dict[str, Any] | None = None,
           colophon: dict[str, Any] | None = None) -> Letter:
    """A draft letter of ``kind`` about the records given; its fields start from the kind's defaults."""
    spec = kind_of(kind)
    links = _check_links(session, spec, dict(plan_id=plan_id, department_id=department_id, notice_id=notice_id))
    given = _check_fields(spec, fields or {})
    letter = Letter(kind=spec.key, year=china_today().year, colophon=check_colophon(colophon), **links)
    with _citing(session, letter):
        letter.fields = _check_fields(spec, {**spec.defaults(session, letter), **given})
        letter.fields = spec.validate(session, letter, dict(letter.fields))
    session.add(letter)
    session.flush()
    return letter


def update(session: Session, letter_id: str, *, fields: dict[str, Any] | None = None,
           colophon: dict[str, Any] | None = None, replace_colophon: bool = False,
           revision: int | None = None) -> Letter:
    """Change a draft's fields (the keys given) and 版记 (the keys given, or all of it with ``replace_colophon``).
    ``revision``: the letter's as the editor showed it; someone else's save since is refused
    (:func:`inspector.concurrency.expect`: nothing is written, their version is reported)."""
    letter = get_letter(session, letter_id)
    _guard_draft(letter)
    try:
        concurrency.expect(session, letter, revision, what=("公文", "letter"), shown=())
    except concurrency.StaleEditError as err:
        err.current.update(fields=dict(letter.fields), colophon=dict(letter.colophon or {}))
        raise
    spec = kind_of(letter.kind)
    if fields:
        values = {**letter.fields, **_check_fields(spec, fields)}
        with _citing(session, letter):
            letter.fields = spec.validate(session, letter, values)
    if colophon is not None:
        checked = check_colophon(colophon)
        letter.colophon = checked if replace_colophon else {**letter.colophon, **checked}
    session.add(letter)
    session.flush()
    return letter


def resolved_colophon(session: Session, letter: Letter, printed_on: date | None) -> dict[str, Any]:
    """The 版记/附注 the letter prints: its own values over the settings' defaults (as stored when frozen)."""
    from inspector.documents import official

    c = official.colophon_for(session, letter.colophon, printed_on=printed_on)
    return {"cc": list(c.cc), "printer": c.printer, "contact": c.contact, "phone": c.phone}


def issue(session: Session, letter_id: str, *, issued_on: date | None = None) -> Letter:
    """Number the draft (the next of its year in the register it shares with the notices), run what issuing it
    does, and freeze what it says and its 版记."""
    from inspector.services import settings  # settings imports rectification

    letter = concurrency.lock(session, get_letter(session, letter_id))  # issued meanwhile: refused, not renumbered
    _guard_draft(letter)
    kind = kind_of(letter.kind)
    problems = missing(session, letter)
    if problems:
        key, zh, en = problems[0]
        raise BadInputError(f"{kind.zh}尚不能签发：{zh}", f"The {kind.en} cannot be issued yet: {en}", field=key)
    with _citing(session, letter):
        letter.fields = kind.validate(session, letter, dict(letter.fields))
    when = issued_on or china_today()
    letter.year = when.year
    letter.serial = rectification.next_serial(session, letter.year)
    letter.number = settings.get(session, settings.DOC_NUMBER_PATTERN).format(year=letter.year, serial=letter.serial)
    letter.status = NoticeStatus.ISSUED
    letter.issued_on = when
    session.add(letter)
    session.flush()
    if kind.on_issue is not None:
        kind.on_issue(session, letter)
        session.flush()
    letter.colophon = resolved_colophon(session, letter, when)
    with _citing(session, letter):
        letter.content = kind.compose(session, letter)
    letter.content_sha256 = rectification.content_hash(letter.content)
    session.add(letter)
    session.flush()
    return letter


def delete_draft(session: Session, letter_id: str) -> None:
    """Delete a draft letter; an issued one is never deleted."""
    letter = concurrency.lock(session, get_letter(session, letter_id))
    _guard_draft(letter)
    session.delete(letter)
    session.flush()


def record_file(session: Session, letter_id: str, sha256: str) -> None:
    """Keep the hash of the issued letter's latest exported file (the one thing that changes after issue)."""
    letter = get_letter(session, letter_id)
    if is_issued(letter) and letter.file_sha256 != sha256:
        letter.file_sha256 = sha256
        session.add(letter)
        session.flush()


# ---- what the desktop dialog reads -------------------------------------------------------------


def kinds_for_notice(session: Session, notice_id: str) -> list[str]:
    """The kinds a rectification notice's letters may be: 整改复查意见书 and 督办通知, and an art. 33 letter where
    one of its findings carries that escalation."""
    from inspector.model import Escalation, EscalationKind, NoticeFinding

    rectification.get_notice(session, notice_id)
    escalated = set(session.exec(select(Escalation.kind).join(NoticeFinding, NoticeFinding.finding_id
                                                              == Escalation.finding_id)
                                 .where(NoticeFinding.notice_id == notice_id)).all())
    wanted = ["review", "urge"]
    if EscalationKind.SECRECY in escalated:
        wanted.append("secrecy_report")
    if EscalationKind.POLICE in escalated:
        wanted.append("police_referral")
    known = kinds()
    return [k for k in wanted if k in known]


@dataclass(frozen=True)
class EditorData:
    """One letter as the dialog edits it: its row, inputs, 版记 as printed (the letter's own values over the
    settings' defaults, 抄送 joined with 、), the kind's inputs, and what stops a draft from being issued."""

    row: LetterRow
    fields: dict[str, Any]
    cc: str
    contact: str
    phone: str
    specs: tuple[FieldSpec, ...]
    problems: list[tuple[str, str, str]]
    revision: int = 0
    """The letter's revision as read: the editor's saves are checked against it (inspector.concurrency)."""


def editor_data(session: Session, letter_id: str) -> EditorData:
    letter = get_letter(session, letter_id)
    kind = kind_of(letter.kind)
    if is_issued(letter):
        shown = dict(letter.colophon)
    else:
        shown = resolved_colophon(session, letter, None)
    return EditorData(row=_row(session, letter), fields=dict(letter.fields), cc="、".join(shown.get("cc") or []),
                      contact=shown.get("contact") or "", phone=shown.get("phone") or "", specs=kind.fields,
                      problems=[] if is_issued(letter) else missing(session, letter), revision=letter.revision)


@dataclass(frozen=True)
class ScopeView:
    """The letters of one record as the dialog lists them: a plan's department (``notice_id`` None) or a notice."""

    rows: list[LetterRow]
    kinds: list[tuple[str, str, str]]
    """(key, zh, en) of the kinds this record may have."""
    plan: str = ""
    department: str = ""
    notice: str = ""
    """The notice's number ("" for a plan's department, or a draft notice)."""


def scope_view(session: Session, *, plan_id: str | None = None, department_id: str | None = None,
               notice_id: str | None = None) -> ScopeView:
    known = kinds()
    if notice_id:
        notice = rectification.get_notice(session, notice_id)
        rows = list_letters(session, notice_id=notice_id)
        offered = kinds_for_notice(session, notice_id)
        plan_id, department_id, number = notice.plan_id, notice.department_id, notice.number
    else:
        rows = list_letters(session, plan_id=plan_id, department_id=department_id)
        if plan_id and not department_id:  # the plan itself: its 检查情况通报, not a department's letters
            rows = [r for r in rows if r.department_id is None]
            offered, number = ["campaign_report"], ""
        else:
            offered, number = ["inspection_notice"], ""
    plan = session.get(Plan, plan_id) if plan_id else None
    department = session.get(Department, department_id) if department_id else None
    return ScopeView(rows=rows, kinds=[(k, known[k].zh, known[k].en) for k in offered],
                     plan=plan.title if plan else "", department=department.name if department else "",
                     notice=number)

"""What the letter kinds of :mod:`inspector.services.letter_kinds` share: the fields' checks, the notice a letter is
about and its findings in the notice's order, the wording of articles and dates.

Nothing here writes to the vault.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from inspector import regulation
from inspector.documents.layout import cn_date
from inspector.errors import BadInputError
from inspector.model import (
    Department,
    Finding,
    Inspection,
    NoticeFinding,
    NoticeStatus,
    Plan,
    RectificationNotice,
)
from inspector.services.letter_spec import FieldSpec
from inspector.timezones import china_day, china_today

NOTICE_TITLE = "政务数据安全整改通知书"
"""The notice's title as the letters name it (:data:`inspector.documents.notice.TITLE`)."""


def today() -> date:
    """Today in Beijing (a function of this module, so a test can move it)."""
    return china_today()


def as_of(letter: Any) -> date:
    """The day a letter speaks from: its issue date once issued, else today."""
    return getattr(letter, "issued_on", None) or today()


def reg() -> dict[str, Any]:
    return regulation.regulation()


def reg_name(*, alias: bool = False) -> str:
    """``《晋城市政务数据安全实施细则》（晋市政办〔2024〕4号）`` — the regulation named in full, the first time a
    letter names it; with ``alias`` (``…，以下简称《细则》``) when the letter names it again as :data:`SHORT`."""
    return f"《{reg()['title']}》（{reg()['doc_number']}{f'，以下简称{SHORT}' if alias else ''}）"


SHORT = "《细则》"


def article_label(n: int) -> str:
    return f"第{regulation.chinese_number(n)}条"


def articles_text(numbers: Iterable[int], sep: str = "、") -> str:
    """``第三十二条、第三十三条`` in ascending order (numbers the regulation lacks are left out), or ``—``."""
    known = regulation.articles()
    shown = [article_label(n) for n in sorted({int(n) for n in numbers}) if int(n) in known]
    return sep.join(shown) or "—"


def cited(*groups: Iterable[int]) -> list[int]:
    """The articles a letter cites, ascending, only those the regulation has."""
    known = regulation.articles()
    return sorted({int(n) for g in groups for n in g if int(n) in known})


def numbers_text(numbers: list[int]) -> str:
    """``第1、3项`` — items of a table as the text cites them."""
    return "第" + "、".join(str(n) for n in numbers) + "项"


def days_text(days: list[date]) -> str:
    """``2026年10月29日`` or ``2026年10月29日、11月20日`` (the year once when it does not change)."""
    days = sorted(set(days))
    out, year = [], None
    for d in days:
        out.append(cn_date(d) if d.year != year else f"{d.month}月{d.day}日")
        year = d.year
    return "、".join(out)


# ---- the fields --------------------------------------------------------------------------------------


def parse_date(spec: FieldSpec, value: Any) -> date | None:
    """A date field's value (``YYYY-MM-DD`` or a date) or None when empty; refused with ``field=key`` otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise BadInputError(f"“{spec.zh}”不是有效日期（格式：2026-12-31）：{value}",
                            f"{spec.en} is not a valid date (format: 2026-12-31): {value}", field=spec.key) from None


def normalise(specs: tuple[FieldSpec, ...], values: dict[str, Any]) -> dict[str, Any]:
    """Every field of ``specs`` as text (dates ISO, choices one of their values), unknown keys refused;
    a required field left empty is refused. Checks beyond the type are the kind's."""
    by_key = {s.key: s for s in specs}
    for key in values:
        if key not in by_key:
            names = "、".join(s.key for s in specs)
            raise BadInputError(f"该类公文没有“{key}”这一项（可填写：{names}）。",
                                f"This kind of letter has no field '{key}' (its fields: {', '.join(by_key)}).",
                                field=key)
    out: dict[str, Any] = {}
    for spec in specs:
        value = values.get(spec.key)
        if spec.type == "date":
            day = parse_date(spec, value)
            out[spec.key] = day.isoformat() if day else ""
        elif spec.type == "choice":
            text = "" if value is None else str(value).strip()
            allowed = [c[0] for c in spec.choices]
            if text and text not in allowed:
                labels = "、".join(f"{c[0]}（{c[1]}）" for c in spec.choices)
                raise BadInputError(f"“{spec.zh}”只能是：{labels}。",
                                    f"{spec.en} must be one of: {', '.join(f'{c[0]} ({c[2]})' for c in spec.choices)}.",
                                    field=spec.key)
            out[spec.key] = text
        else:
            out[spec.key] = "" if value is None else str(value).strip()
        if spec.required and not out[spec.key]:
            raise BadInputError(f"请填写“{spec.zh}”。", f"Please fill in {spec.en}.", field=spec.key)
    return out


def merged(defaults: Callable[[Session, Any], dict[str, Any]], session: Session, letter: Any,
           values: dict[str, Any]) -> dict[str, Any]:
    """The values given over what the letter has (or, for a new one, the kind's defaults)."""
    base = dict(getattr(letter, "fields", None) or {}) or defaults(session, letter)
    return {**base, **(values or {})}


def field_values(defaults: Callable[[Session, Any], dict[str, Any]], session: Session, letter: Any) -> dict[str, Any]:
    """What ``compose`` reads: the letter's fields, each missing one from the defaults."""
    stored = dict(getattr(letter, "fields", None) or {})
    missing = {k: v for k, v in defaults(session, letter).items() if k not in stored}
    return {**missing, **stored}


def later_than_today(spec: FieldSpec, value: str, letter: Any) -> date:
    """A date that must come after the day the letter speaks from (today in Beijing for a draft)."""
    day = parse_date(spec, value)
    if day is None:
        raise BadInputError(f"请填写“{spec.zh}”。", f"Please fill in {spec.en}.", field=spec.key)
    start = as_of(letter)
    if day <= start:
        raise BadInputError(f"“{spec.zh}”应晚于{cn_date(start)}。",
                            f"{spec.en} must be after {start.isoformat()}.", field=spec.key)
    return day


# ---- the records a letter is about -------------------------------------------------------------------


def issued_notice(session: Session, letter: Any) -> RectificationNotice:
    """The issued 整改通知书 a review or an urging letter is about (not a draft, not a 更正通知)."""
    notice_id = getattr(letter, "notice_id", None)
    notice = session.get(RectificationNotice, notice_id) if notice_id else None
    if notice is None:
        raise BadInputError("请选择该公文针对的整改通知书。", "Choose the rectification notice this letter is about.",
                            field="notice")
    if NoticeStatus(notice.status) is not NoticeStatus.ISSUED:
        raise BadInputError("该整改通知书尚未签发。", "That rectification notice has not been issued yet.",
                            field="notice")
    if notice.corrects_id:
        original = session.get(RectificationNotice, notice.corrects_id)
        number = original.number if original else ""
        raise BadInputError(f"{notice.number}是更正通知，请选择原整改通知书（{number}）。",
                            f"{notice.number} is a correction notice; choose the notice it corrects ({number}).",
                            field="notice")
    department_id = getattr(letter, "department_id", None)
    if department_id and department_id != notice.department_id:
        raise BadInputError("该整改通知书不是发给所选单位的。", "That notice was not sent to the chosen department.",
                            field="notice")
    return notice


def notice_findings(session: Session, notice_id: str) -> list[Finding]:
    """The findings of a notice in the order it numbers them (:func:`inspector.services.documents.live_notice_data`)."""
    return list(session.exec(
        select(Finding).join(NoticeFinding, NoticeFinding.finding_id == Finding.id)
        .where(NoticeFinding.notice_id == notice_id).order_by(Finding.created_at, Finding.title)).all())


def department_name(session: Session, department_id: str | None) -> str:
    department = session.get(Department, department_id) if department_id else None
    return department.name if department else ""


def plan_title(session: Session, plan_id: str | None) -> str:
    plan = session.get(Plan, plan_id) if plan_id else None
    return plan.title if plan else ""


def found_on(session: Session, finding: Finding) -> date:
    """The day a finding was found: its inspection's first day, else the day it was recorded (Beijing)."""
    insp = session.get(Inspection, finding.inspection_id) if finding.inspection_id else None
    if insp is not None and insp.started_at is not None:
        return china_day(insp.started_at)
    return china_day(finding.created_at)

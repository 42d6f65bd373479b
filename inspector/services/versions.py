"""Regulation and checklist versions (issue 18): records in the vault, drafted, edited, published, retired.

The shipped regulation (晋市政办〔2024〕4号) and checklist are version 1 of their codes' series
(:func:`seed_shipped` stores the regulation, with an id every vault shares, as
:func:`inspector.regulation.import_template` does for the checklist). The office drafts a new version from an
existing one (:func:`draft_checklist`, :func:`draft_regulation`), edits the draft, and publishes it; a published
version never changes again, and a retired one is no longer offered for new plans. A plan names the checklist
version it uses and an inspection keeps it for ever (``template_id``); the regulation version a checklist cites
is :func:`regulation_of` it.

Every rule is here, so the UI, the CLI, import and sync obey the same ones: only a draft changes; publishing
twice, editing a published version, or deleting a version in use are refused with a Chinese and English message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Optional

from sqlalchemy import func
from sqlmodel import Session, select

from inspector import regulation as shipped
from inspector.errors import BadInputError, NotFoundError
from inspector.model import (
    ChecklistItem,
    ChecklistSection,
    ChecklistTemplate,
    Inspection,
    Plan,
    RegulationVersion,
    Severity,
    VersionStatus,
    utcnow,
)

V = VersionStatus


# ---- the regulation a checklist cites ------------------------------------------------------------------------


@dataclass(frozen=True)
class RegulationText:
    """One regulation version as documents and the runner read it."""

    id: str
    code: str
    version: int
    label: str
    status: VersionStatus
    title: str
    title_en: str
    doc_number: str
    issuer: str
    issuer_en: str
    effective_from: Optional[date]
    effective_to: Optional[date]
    articles: dict[int, shipped.Article]
    chapters: list[dict] = field(default_factory=list)

    def article(self, number: int) -> shipped.Article:
        try:
            return self.articles[number]
        except KeyError:
            raise KeyError(f"article {number} is not in {self.doc_number or self.title}") from None

    def in_force(self, day: date) -> bool:
        return ((self.effective_from is None or self.effective_from <= day)
                and (self.effective_to is None or day <= self.effective_to))

    @property
    def meta(self) -> dict[str, Any]:
        """What :func:`inspector.regulation.regulation` gives for the shipped one."""
        return {"id": self.code, "doc_number": self.doc_number, "title": self.title, "title_en": self.title_en,
                "issuer": self.issuer, "issuer_en": self.issuer_en}


def _stable_id(name: str) -> str:
    return shipped._stable_id(name)


SHIPPED_CODE = "jincheng-2024-4"


def shipped_regulation_id() -> str:
    return _stable_id(f"inspector:regulation:{shipped.shipped_regulation()['id']}:1")


def _shipped_effective_to(reg: dict[str, Any]) -> Optional[date]:
    """The last day in force: given, or two years (有效期二年) from the effective date."""
    if reg.get("effective_to"):
        return date.fromisoformat(reg["effective_to"])
    start = date.fromisoformat(reg["effective"]) if reg.get("effective") else None
    if start is None or reg.get("validity") != "两年":
        return None
    return start.replace(year=start.year + 2) - timedelta(days=1)


def seed_shipped(session: Session) -> RegulationVersion:
    """The shipped regulation as version 1 (once; the same id and content in every vault)."""
    reg = shipped.shipped_regulation()
    row = session.get(RegulationVersion, shipped_regulation_id())
    if row is not None:
        return row
    row = RegulationVersion(
        id=shipped_regulation_id(), code=reg["id"], version=1, label=reg["doc_number"], status=V.PUBLISHED,
        title=reg["title"], title_en=reg.get("title_en", ""), doc_number=reg["doc_number"], issuer=reg.get("issuer", ""),
        issuer_en=reg.get("issuer_en", ""), issued_on=date.fromisoformat(reg["issued"]) if reg.get("issued") else None,
        effective_from=date.fromisoformat(reg["effective"]) if reg.get("effective") else None,
        effective_to=_shipped_effective_to(reg), chapters=list(reg.get("chapters", [])),
        articles=[dict(number=a["number"], chapter=a["chapter"], text=a["text"], text_en=a.get("text_en", ""))
                  for a in reg["articles"]])
    session.add(row)
    session.flush()
    return row


def _text_of(row: RegulationVersion) -> RegulationText:
    return RegulationText(
        id=row.id, code=row.code, version=row.version, label=row.label, status=VersionStatus(row.status),
        title=row.title, title_en=row.title_en, doc_number=row.doc_number, issuer=row.issuer,
        issuer_en=row.issuer_en, effective_from=row.effective_from, effective_to=row.effective_to,
        articles={int(a["number"]): shipped.Article(int(a["number"]), int(a.get("chapter") or 0), a.get("text", ""),
                                                    a.get("text_en", "")) for a in row.articles or []},
        chapters=list(row.chapters or []))


def _shipped_text() -> RegulationText:
    reg = shipped.shipped_regulation()
    return RegulationText(
        id=shipped_regulation_id(), code=reg["id"], version=1, label=reg["doc_number"], status=V.PUBLISHED,
        title=reg["title"], title_en=reg.get("title_en", ""), doc_number=reg["doc_number"],
        issuer=reg.get("issuer", ""), issuer_en=reg.get("issuer_en", ""),
        effective_from=date.fromisoformat(reg["effective"]) if reg.get("effective") else None,
        effective_to=_shipped_effective_to(reg), articles=dict(shipped.shipped_articles()),
        chapters=list(reg.get("chapters", [])))


def regulation_of(session: Session, template: ChecklistTemplate | str | None) -> RegulationText:
    """The regulation version a checklist version cites: the one it names, else (a checklist from before
    versions) version 1 of its regulation's code; the shipped text when the vault holds neither."""
    if isinstance(template, str):
        template = session.get(ChecklistTemplate, template)
    row = None
    if template is not None and template.regulation_version_id:
        row = session.get(RegulationVersion, template.regulation_version_id)
    if row is None:
        code = (template.regulation if template is not None else "") or SHIPPED_CODE
        row = session.exec(select(RegulationVersion).where(RegulationVersion.code == code)
                           .order_by(RegulationVersion.version)).first()
    return _text_of(row) if row is not None else _shipped_text()


def regulation_for_plan(session: Session, plan_id: str | None) -> RegulationText:
    plan = session.get(Plan, plan_id) if plan_id else None
    return regulation_of(session, plan.template_id if plan is not None else None)


def regulation_for_inspection(session: Session, inspection_id: str) -> RegulationText:
    insp = session.get(Inspection, inspection_id)
    return regulation_of(session, insp.template_id if insp is not None else None)


def regulation_for_notice(session: Session, notice_id: str) -> RegulationText:
    """The regulation of the checklist the notice's findings were found with (else its plan's)."""
    from inspector.model import Finding, NoticeFinding, RectificationNotice

    notice = session.get(RectificationNotice, notice_id)
    if notice is not None and notice.corrects_id:
        notice_id = notice.corrects_id
    template_id = session.exec(
        select(Inspection.template_id).join(Finding, Finding.inspection_id == Inspection.id)
        .join(NoticeFinding, NoticeFinding.finding_id == Finding.id).where(NoticeFinding.notice_id == notice_id)
    ).first()
    if template_id is None and notice is not None:
        return regulation_for_plan(session, notice.plan_id)
    return regulation_of(session, template_id)


def regulation_for_letter(session: Session, letter: Any) -> RegulationText:
    if getattr(letter, "notice_id", None):
        return regulation_for_notice(session, letter.notice_id)
    return regulation_for_plan(session, getattr(letter, "plan_id", None))


def regulation_in_use(session: Session) -> RegulationText:
    """The regulation of the newest published checklist (what new plans use)."""
    template = session.exec(select(ChecklistTemplate).where(ChecklistTemplate.status == V.PUBLISHED)
                            .order_by(ChecklistTemplate.published_at.desc(), ChecklistTemplate.version.desc())).first()
    return regulation_of(session, template)


# ---- listing -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionRow:
    id: str
    kind: str                 # "checklist" | "regulation"
    code: str
    version: int
    label: str
    name: str                 # the checklist's name, the regulation's title
    status: VersionStatus
    derived_from: str         # "code v" of the version it was drafted from, "" if none
    published_at: Any
    items: int                # checklist items, or articles
    in_use: int               # plans (checklist) or checklists (regulation) that use it
    regulation: str           # a checklist: "doc_number (label)" of the regulation it cites
    effective_from: Optional[date] = None
    effective_to: Optional[date] = None


def checklist_versions(session: Session) -> list[VersionRow]:
    templates = session.exec(select(ChecklistTemplate).order_by(ChecklistTemplate.code,
                                                                ChecklistTemplate.version)).all()
    counts = dict(session.exec(select(ChecklistItem.template_id, func.count()).group_by(ChecklistItem.template_id)).all())
    plans = dict(session.exec(select(Plan.template_id, func.count()).group_by(Plan.template_id)).all())
    by_id = {t.id: t for t in templates}
    out = []
    for t in templates:
        parent = by_id.get(t.derived_from_id or "")
        reg = regulation_of(session, t)
        out.append(VersionRow(
            id=t.id, kind="checklist", code=t.code, version=t.version, label=t.label or f"第{t.version}版",
            name=t.name, status=VersionStatus(t.status), derived_from=f"{parent.code} v{parent.version}" if parent else "",
            published_at=t.published_at, items=counts.get(t.id, 0), in_use=plans.get(t.id, 0),
            regulation=f"{reg.doc_number}（{reg.label}）" if reg.label and reg.label != reg.doc_number else reg.doc_number,
            effective_from=reg.effective_from, effective_to=reg.effective_to))
    return out


def regulation_versions(session: Session) -> list[VersionRow]:
    rows = session.exec(select(RegulationVersion).order_by(RegulationVersion.code, RegulationVersion.version)).all()
    by_id = {r.id: r for r in rows}
    templates = session.exec(select(ChecklistTemplate)).all()
    used: dict[str, int] = {}
    for t in templates:
        rid = regulation_of(session, t).id
        used[rid] = used.get(rid, 0) + 1
    out = []
    for r in rows:
        parent = by_id.get(r.derived_from_id or "")
        out.append(VersionRow(
            id=r.id, kind="regulation", code=r.code, version=r.version, label=r.label or f"第{r.version}版",
            name=r.title, status=VersionStatus(r.status),
            derived_from=f"{parent.code} v{parent.version}" if parent else "", published_at=r.published_at,
            items=len(r.articles or []), in_use=used.get(r.id, 0), regulation=r.doc_number,
            effective_from=r.effective_from, effective_to=r.effective_to))
    return out


def get_checklist(session: Session, template_id: str) -> ChecklistTemplate:
    t = session.get(ChecklistTemplate, template_id)
    if t is None:
        raise NotFoundError(f"找不到检查表版本：{template_id}", f"No checklist version with id {template_id}")
    return t


def get_regulation(session: Session, regulation_id: str) -> RegulationVersion:
    r = session.get(RegulationVersion, regulation_id)
    if r is None:
        raise NotFoundError(f"找不到法规版本：{regulation_id}", f"No regulation version with id {regulation_id}")
    return r


def find_checklist(session: Session, ref: str) -> ChecklistTemplate:
    """A checklist version by id, or ``CODE:VERSION`` / ``VERSION`` (of the only code)."""
    t = session.get(ChecklistTemplate, ref)
    if t is not None:
        return t
    code, _, number = ref.rpartition(":")
    if number.isdigit():
        query = select(ChecklistTemplate).where(ChecklistTemplate.version == int(number))
        if code:
            query = query.where(ChecklistTemplate.code == code)
        found = session.exec(query).all()
        if len(found) == 1:
            return found[0]
    raise NotFoundError(f"找不到检查表版本：{ref}（请给出编号，或“代码:版本号”）",
                        f"No checklist version {ref} (give its id, or CODE:VERSION)")


# ---- the rules -----------------------------------------------------------------------------------------------


def _frozen_error(kind_zh: str, kind_en: str, status: VersionStatus) -> BadInputError:
    if status is V.PUBLISHED:
        return BadInputError(f"该{kind_zh}已发布，不能再修改；如需修改，请从它起草新版本。",
                             f"This {kind_en} is published and can no longer change; draft a new version from it.")
    return BadInputError(f"该{kind_zh}已废止，不能修改。", f"This {kind_en} is retired and cannot change.")


def draft_of(session: Session, template_id: str) -> ChecklistTemplate:
    """The checklist version, if it is a draft (the only state in which it changes)."""
    t = get_checklist(session, template_id)
    if VersionStatus(t.status) is not V.DRAFT:
        raise _frozen_error("检查表版本", "checklist version", VersionStatus(t.status))
    return t


def regulation_draft_of(session: Session, regulation_id: str) -> RegulationVersion:
    r = get_regulation(session, regulation_id)
    if VersionStatus(r.status) is not V.DRAFT:
        raise _frozen_error("法规版本", "regulation version", VersionStatus(r.status))
    return r


def guard_template_child(session: Session, template_id: str) -> None:
    """Before a change to a section or item: its checklist version must be a draft."""
    draft_of(session, template_id)


# ---- drafting a checklist version ----------------------------------------------------------------------------


def _next_version(session: Session, model, code: str) -> int:
    return (session.exec(select(func.max(model.version)).where(model.code == code)).one() or 0) + 1


def draft_checklist(session: Session, from_id: str, *, label: str = "", note: str = "",
                    regulation_id: str | None = None) -> ChecklistTemplate:
    """A new draft version of ``from_id``'s series: its sections and items copied, ready to edit."""
    source = get_checklist(session, from_id)
    reg = get_regulation(session, regulation_id) if regulation_id else None
    if reg is None:  # the regulation version the source cites, named explicitly from now on
        cited = regulation_of(session, source)
        reg = session.get(RegulationVersion, cited.id)
    draft = ChecklistTemplate(
        code=source.code, version=_next_version(session, ChecklistTemplate, source.code), name=source.name,
        name_en=source.name_en, regulation=reg.code if reg else source.regulation, label=label.strip(),
        status=V.DRAFT, derived_from_id=source.id, regulation_version_id=reg.id if reg else None, note=note.strip())
    session.add(draft)
    session.flush()
    for s in session.exec(select(ChecklistSection).where(ChecklistSection.template_id == source.id)).all():
        session.add(ChecklistSection(template_id=draft.id, number=s.number, clause=s.clause, title=s.title,
                                     title_en=s.title_en))
    for i in session.exec(select(ChecklistItem).where(ChecklistItem.template_id == source.id)).all():
        session.add(ChecklistItem(
            template_id=draft.id, section_no=i.section_no, code=i.code, position=i.position, title=i.title,
            title_en=i.title_en, text=i.text, text_en=i.text_en, how_to_check=i.how_to_check,
            how_to_check_en=i.how_to_check_en, articles=list(i.articles or []), default_severity=i.default_severity,
            requirement=i.requirement, requirement_en=i.requirement_en))
    session.flush()
    return draft


def new_checklist_draft(session: Session, code: str, name: str, *, regulation_id: str,
                        derived_from_id: str | None = None) -> ChecklistTemplate:
    """An empty draft: the next version of ``code`` (version 1 of a new code), citing ``regulation_id``."""
    if not code.strip() or not name.strip():
        raise BadInputError("检查表需要代码和名称。", "A checklist needs a code and a name.")
    reg = get_regulation(session, regulation_id)
    draft = ChecklistTemplate(code=code.strip(), version=_next_version(session, ChecklistTemplate, code.strip()),
                              name=name.strip(), status=V.DRAFT, regulation=reg.code, regulation_version_id=reg.id,
                              derived_from_id=derived_from_id)
    session.add(draft)
    session.flush()
    return draft


TEMPLATE_FIELDS = ("name", "name_en", "label", "note")


def update_checklist(session: Session, template_id: str, changes: dict[str, Any]) -> ChecklistTemplate:
    """Change a draft's name, label, note, or the regulation version it cites (``regulation_version_id``)."""
    t = draft_of(session, template_id)
    for key, value in changes.items():
        if key == "regulation_version_id":
            reg = get_regulation(session, value)
            t.regulation_version_id, t.regulation = reg.id, reg.code
        elif key in TEMPLATE_FIELDS:
            value = str(value).strip()
            if key == "name" and not value:
                raise BadInputError("检查表名称不能为空。", "A checklist needs a name.")
            setattr(t, key, value)
        else:
            raise BadInputError(f"检查表版本没有可修改的字段：{key}", f"A checklist version has no field {key} to change")
    session.flush()
    return t


# ---- sections ------------------------------------------------------------------------------------------------


def _sections(session: Session, template_id: str) -> list[ChecklistSection]:
    return list(session.exec(select(ChecklistSection).where(ChecklistSection.template_id == template_id)
                             .order_by(ChecklistSection.number)).all())


def _items(session: Session, template_id: str) -> list[ChecklistItem]:
    return list(session.exec(select(ChecklistItem).where(ChecklistItem.template_id == template_id)
                             .order_by(ChecklistItem.position, ChecklistItem.code)).all())


def add_section(session: Session, template_id: str, title: str, *, title_en: str = "", clause: str = "",
                number: int | None = None) -> ChecklistSection:
    """A new section of a draft (numbered after the last unless ``number`` is free)."""
    draft_of(session, template_id)
    if not title.strip():
        raise BadInputError("章节标题不能为空。", "A section needs a title.")
    taken = {s.number for s in _sections(session, template_id)}
    if number is None:
        number = max(taken, default=0) + 1
    elif number in taken:
        raise BadInputError(f"章节序号 {number} 已存在。", f"Section {number} exists already.")
    section = ChecklistSection(template_id=template_id, number=number, clause=clause.strip(), title=title.strip(),
                               title_en=title_en.strip())
    session.add(section)
    session.flush()
    return section


def update_section(session: Session, section_id: str, changes: dict[str, Any]) -> ChecklistSection:
    section = session.get(ChecklistSection, section_id)
    if section is None:
        raise NotFoundError(f"找不到章节：{section_id}", f"No section with id {section_id}")
    draft_of(session, section.template_id)
    for key, value in changes.items():
        if key not in ("title", "title_en", "clause"):
            raise BadInputError(f"章节没有可修改的字段：{key}", f"A section has no field {key} to change")
        if key == "title" and not str(value).strip():
            raise BadInputError("章节标题不能为空。", "A section needs a title.")
        setattr(section, key, str(value).strip())
    session.flush()
    return section


def remove_section(session: Session, section_id: str) -> None:
    """Remove an empty section of a draft (move or remove its items first)."""
    section = session.get(ChecklistSection, section_id)
    if section is None:
        raise NotFoundError(f"找不到章节：{section_id}", f"No section with id {section_id}")
    draft_of(session, section.template_id)
    left = [i.code for i in _items(session, section.template_id) if i.section_no == section.number]
    if left:
        raise BadInputError(f"章节中还有 {len(left)} 个检查项（{'、'.join(left[:5])}），请先移走或删除。",
                            f"The section still holds {len(left)} item(s) ({', '.join(left[:5])}); move or remove "
                            "them first.")
    session.delete(section)
    session.flush()


# ---- items ---------------------------------------------------------------------------------------------------

ITEM_FIELDS = ("section_no", "code", "title", "title_en", "text", "text_en", "how_to_check", "how_to_check_en",
               "articles", "default_severity", "requirement", "requirement_en")


def _checked_item_values(session: Session, template: ChecklistTemplate, values: dict[str, Any],
                         item: ChecklistItem | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in ITEM_FIELDS:
            raise BadInputError(f"检查项没有可修改的字段：{key}", f"A checklist item has no field {key} to change")
        if key == "section_no":
            numbers = {s.number for s in _sections(session, template.id)}
            if int(value) not in numbers:
                raise BadInputError(f"没有第 {value} 章节。", f"There is no section {value}.")
            out[key] = int(value)
        elif key == "code":
            code = str(value).strip()
            if not code:
                raise BadInputError("检查项编号不能为空。", "A checklist item needs a code.")
            clash = session.exec(select(ChecklistItem.id).where(ChecklistItem.template_id == template.id,
                                                                ChecklistItem.code == code)).first()
            if clash is not None and (item is None or clash != item.id):
                raise BadInputError(f"检查项编号 {code} 已存在。", f"Item code {code} exists already.")
            out[key] = code
        elif key == "articles":
            numbers = sorted({int(n) for n in value})
            known = regulation_of(session, template).articles
            missing = [n for n in numbers if n not in known]
            if missing:
                reg = regulation_of(session, template)
                raise BadInputError(
                    f"《{reg.title}》（{reg.label}）中没有第{'、'.join(map(str, missing))}条。",
                    f"The regulation version cited ({reg.label}) has no article {', '.join(map(str, missing))}.")
            out[key] = numbers
        elif key == "default_severity":
            try:
                out[key] = Severity(value)
            except ValueError:
                raise BadInputError(f"严重程度只能是 general、major 或 critical：{value}",
                                    f"The severity is general, major or critical, not {value}") from None
        else:
            text = str(value).strip()
            if key in ("title", "text") and not text:
                raise BadInputError("检查项的标题和内容不能为空。", "A checklist item needs a title and a text.")
            out[key] = text
    return out


def add_item(session: Session, template_id: str, values: dict[str, Any], *,
             after_id: str | None = None) -> ChecklistItem:
    """A new item of a draft: ``section_no``, ``code``, ``title``, ``text`` at least; placed after ``after_id``
    (default: at the end of its section)."""
    template = draft_of(session, template_id)
    for needed in ("section_no", "code", "title", "text"):
        if needed not in values:
            raise BadInputError(f"新检查项缺少：{needed}", f"A new item needs {needed}")
    checked = _checked_item_values(session, template, values)
    items = _items(session, template_id)
    if after_id is not None:
        index = next((n for n, i in enumerate(items) if i.id == after_id), None)
        if index is None:
            raise NotFoundError(f"本版本中没有该检查项：{after_id}", f"This version has no item {after_id}")
    else:
        in_section = [n for n, i in enumerate(items) if i.section_no <= checked["section_no"]]
        index = in_section[-1] if in_section else -1
    item = ChecklistItem(template_id=template_id, position=0, **checked)
    session.add(item)
    items.insert(index + 1, item)
    _renumber(items)
    session.flush()
    return item


def update_item(session: Session, item_id: str, changes: dict[str, Any]) -> ChecklistItem:
    item = session.get(ChecklistItem, item_id)
    if item is None:
        raise NotFoundError(f"找不到检查项：{item_id}", f"No checklist item with id {item_id}")
    template = draft_of(session, item.template_id)
    for key, value in _checked_item_values(session, template, changes, item).items():
        setattr(item, key, value)
    session.flush()
    return item


def remove_item(session: Session, item_id: str) -> None:
    item = session.get(ChecklistItem, item_id)
    if item is None:
        raise NotFoundError(f"找不到检查项：{item_id}", f"No checklist item with id {item_id}")
    draft_of(session, item.template_id)
    template_id = item.template_id
    session.delete(item)
    session.flush()
    _renumber(_items(session, template_id))
    session.flush()


def move_item(session: Session, item_id: str, position: int) -> ChecklistItem:
    """Put an item at ``position`` (1-based, in the whole checklist's order)."""
    item = session.get(ChecklistItem, item_id)
    if item is None:
        raise NotFoundError(f"找不到检查项：{item_id}", f"No checklist item with id {item_id}")
    draft_of(session, item.template_id)
    items = [i for i in _items(session, item.template_id) if i.id != item.id]
    position = max(1, min(int(position), len(items) + 1))
    items.insert(position - 1, item)
    _renumber(items)
    session.flush()
    return item


def _renumber(items: list[ChecklistItem]) -> None:
    for n, i in enumerate(items, start=1):
        if i.position != n:
            i.position = n


# ---- publishing, retiring, deleting --------------------------------------------------------------------------


def publication_problems(session: Session, template_id: str) -> list[tuple[str, str]]:
    """What stops a draft from being published (empty: nothing)."""
    t = get_checklist(session, template_id)
    problems: list[tuple[str, str]] = []
    items = _items(session, t.id)
    sections = _sections(session, t.id)
    if not items:
        problems.append(("检查表没有检查项。", "The checklist has no items."))
    numbers = {s.number for s in sections}
    for s in sections:
        if not any(i.section_no == s.number for i in items):
            problems.append((f"章节“{s.title}”没有检查项。", f"Section {s.number} has no items."))
    reg = regulation_of(session, t)
    for i in items:
        if i.section_no not in numbers:
            problems.append((f"检查项 {i.code} 所属章节 {i.section_no} 不存在。",
                             f"Item {i.code} is in section {i.section_no}, which does not exist."))
        missing = [n for n in i.articles or [] if n not in reg.articles]
        if missing:
            problems.append((f"检查项 {i.code} 引用的第{'、'.join(map(str, missing))}条不在{reg.label}中。",
                             f"Item {i.code} cites article(s) {', '.join(map(str, missing))}, not in {reg.label}."))
    if t.regulation_version_id:
        row = session.get(RegulationVersion, t.regulation_version_id)
        if row is not None and VersionStatus(row.status) is V.DRAFT:
            problems.append((f"引用的法规版本“{row.label}”尚未发布，请先发布法规版本。",
                             f"The regulation version it cites ({row.label}) is a draft; publish it first."))
    return problems


def publish_checklist(session: Session, template_id: str) -> ChecklistTemplate:
    t = get_checklist(session, template_id)
    if VersionStatus(t.status) is V.PUBLISHED:
        raise BadInputError("该检查表版本已发布。", "This checklist version is published already.")
    t = draft_of(session, template_id)
    problems = publication_problems(session, template_id)
    if problems:
        raise BadInputError("不能发布：" + "；".join(zh for zh, _ in problems),
                            "Cannot publish: " + "; ".join(en for _, en in problems))
    t.status, t.published_at = V.PUBLISHED, utcnow()
    session.flush()
    return t


def retire_checklist(session: Session, template_id: str) -> ChecklistTemplate:
    """No longer offered for new plans; the plans and inspections that use it keep it."""
    return _retire(session, get_checklist(session, template_id))


def _retire(session: Session, row: ChecklistTemplate | RegulationVersion):
    """published → retired, the one step a published version still takes (checklist or regulation)."""
    if VersionStatus(row.status) is not V.PUBLISHED:
        raise BadInputError("只有已发布的版本才能废止。", "Only a published version can be retired.")
    row.status = V.RETIRED
    session.flush()
    return row


def delete_checklist_draft(session: Session, template_id: str) -> None:
    """Delete a draft no plan or inspection uses (a published version is never deleted)."""
    t = get_checklist(session, template_id)
    if VersionStatus(t.status) is not V.DRAFT:
        raise BadInputError("已发布或已废止的检查表版本不能删除。", "A published or retired checklist version cannot be deleted.")
    used = (session.exec(select(func.count()).select_from(Plan).where(Plan.template_id == t.id)).one()
            + session.exec(select(func.count()).select_from(Inspection).where(Inspection.template_id == t.id)).one())
    if used:
        raise BadInputError("该检查表版本正在被检查计划或检查使用，不能删除。",
                            "This checklist version is used by a plan or an inspection and cannot be deleted.")
    children = session.exec(select(ChecklistTemplate).where(ChecklistTemplate.derived_from_id == t.id)).all()
    for child in children:
        child.derived_from_id = t.derived_from_id
    for row in [*_items(session, t.id), *_sections(session, t.id)]:
        session.delete(row)
    session.flush()
    session.delete(t)
    session.flush()


def published_for_plans(session: Session) -> list[ChecklistTemplate]:
    """The checklist versions a new plan may use: published ones, newest first."""
    return list(session.exec(select(ChecklistTemplate).where(ChecklistTemplate.status == V.PUBLISHED)
                             .order_by(ChecklistTemplate.code, ChecklistTemplate.version.desc())).all())


def check_usable_for_plan(session: Session, template_id: str) -> ChecklistTemplate:
    """A plan may name only a published checklist version."""
    t = get_checklist(session, template_id)
    status = VersionStatus(t.status)
    if status is V.DRAFT:
        raise BadInputError("检查计划只能使用已发布的检查表版本；请先发布该草稿。",
                            "A plan can only use a published checklist version; publish the draft first.")
    if status is V.RETIRED:
        raise BadInputError("该检查表版本已废止，新的检查计划请使用现行版本。",
                            "This checklist version is retired; a new plan uses a version in force.")
    return t


# ---- regulation versions -------------------------------------------------------------------------------------


def draft_regulation(session: Session, from_id: str, *, label: str = "") -> RegulationVersion:
    source = get_regulation(session, from_id)
    draft = RegulationVersion(
        code=source.code, version=_next_version(session, RegulationVersion, source.code), label=label.strip(),
        status=V.DRAFT, title=source.title, title_en=source.title_en, doc_number=source.doc_number,
        issuer=source.issuer, issuer_en=source.issuer_en, issued_on=source.issued_on,
        effective_from=source.effective_from, effective_to=source.effective_to, derived_from_id=source.id,
        chapters=[dict(c) for c in source.chapters or []], articles=[dict(a) for a in source.articles or []])
    session.add(draft)
    session.flush()
    return draft


REGULATION_FIELDS = ("label", "title", "title_en", "doc_number", "issuer", "issuer_en", "issued_on",
                     "effective_from", "effective_to")


def update_regulation(session: Session, regulation_id: str, changes: dict[str, Any]) -> RegulationVersion:
    r = regulation_draft_of(session, regulation_id)
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in REGULATION_FIELDS:
            raise BadInputError(f"法规版本没有可修改的字段：{key}", f"A regulation version has no field {key} to change")
        if key in ("issued_on", "effective_from", "effective_to"):
            if value in (None, ""):
                value = None
            elif not isinstance(value, date):
                try:
                    value = date.fromisoformat(str(value))
                except ValueError:
                    raise BadInputError(f"日期无效：{value}（格式 2026-03-01）",
                                        f"Not a valid date: {value} (e.g. 2026-03-01)") from None
        else:
            value = str(value).strip()
            if key == "title" and not value:
                raise BadInputError("法规标题不能为空。", "A regulation needs a title.")
        values[key] = value
    start, end = values.get("effective_from", r.effective_from), values.get("effective_to", r.effective_to)
    if start and end and end < start:
        raise BadInputError("有效期截止日期不能早于施行日期。", "The end of validity cannot be before the effective date.")
    for key, value in values.items():
        setattr(r, key, value)
    session.flush()
    return r


def set_article(session: Session, regulation_id: str, number: int, text: str, *, text_en: str = "",
                chapter: int | None = None) -> RegulationVersion:
    """Add or reword article ``number`` of a draft regulation version."""
    r = regulation_draft_of(session, regulation_id)
    if int(number) < 1 or not text.strip():
        raise BadInputError("条款需要正整数条号和条文。", "An article needs a positive number and a text.")
    articles = [dict(a) for a in r.articles or [] if int(a["number"]) != int(number)]
    old = next((a for a in r.articles or [] if int(a["number"]) == int(number)), None)
    articles.append(dict(number=int(number), chapter=int(chapter if chapter is not None else (old or {}).get("chapter", 0)),
                         text=text.strip(), text_en=text_en.strip() or ((old or {}).get("text_en", "") if old else "")))
    r.articles = sorted(articles, key=lambda a: int(a["number"]))
    session.flush()
    return r


def remove_article(session: Session, regulation_id: str, number: int) -> RegulationVersion:
    r = regulation_draft_of(session, regulation_id)
    if not any(int(a["number"]) == int(number) for a in r.articles or []):
        raise BadInputError(f"该版本没有第{number}条。", f"This version has no article {number}.")
    r.articles = [dict(a) for a in r.articles if int(a["number"]) != int(number)]
    session.flush()
    return r


def publish_regulation(session: Session, regulation_id: str) -> RegulationVersion:
    r = get_regulation(session, regulation_id)
    if VersionStatus(r.status) is V.PUBLISHED:
        raise BadInputError("该法规版本已发布。", "This regulation version is published already.")
    r = regulation_draft_of(session, regulation_id)
    if not r.articles:
        raise BadInputError("不能发布：法规版本没有条款。", "Cannot publish: the regulation version has no articles.")
    if r.effective_from is None:
        raise BadInputError("不能发布：请填写施行日期。", "Cannot publish: give the effective date.")
    r.status, r.published_at = V.PUBLISHED, utcnow()
    session.flush()
    return r


def retire_regulation(session: Session, regulation_id: str) -> RegulationVersion:
    return _retire(session, get_regulation(session, regulation_id))


def delete_regulation_draft(session: Session, regulation_id: str) -> None:
    r = get_regulation(session, regulation_id)
    if VersionStatus(r.status) is not V.DRAFT:
        raise BadInputError("已发布或已废止的法规版本不能删除。", "A published or retired regulation version cannot be deleted.")
    if session.exec(select(ChecklistTemplate.id).where(ChecklistTemplate.regulation_version_id == r.id)).first():
        raise BadInputError("有检查表版本引用该法规版本，不能删除。",
                            "A checklist version cites this regulation version; it cannot be deleted.")
    for child in session.exec(select(RegulationVersion).where(RegulationVersion.derived_from_id == r.id)).all():
        child.derived_from_id = r.derived_from_id
    session.delete(r)
    session.flush()


# ---- validity ------------------------------------------------------------------------------------------------


def plan_validity_warning(session: Session, template_id: str, start_on: date | None,
                          end_on: date | None) -> tuple[str, str] | None:
    """A warning (Chinese, English) when a plan's dates fall outside its regulation's effective dates."""
    reg = regulation_of(session, template_id)
    days = [d for d in (start_on, end_on) if d is not None]
    outside = [d for d in days if not reg.in_force(d)]
    if not outside:
        return None
    span_zh = f"{reg.effective_from or '—'} 至 {reg.effective_to or '长期'}"
    span_en = f"{reg.effective_from or '—'} to {reg.effective_to or 'open-ended'}"
    return (f"检查计划的日期（{'、'.join(map(str, outside))}）不在《{reg.title}》（{reg.doc_number}）的有效期内"
            f"（{span_zh}）。请确认依据的法规版本。",
            f"The plan's dates ({', '.join(map(str, outside))}) fall outside the validity of {reg.title_en or reg.title} "
            f"({reg.doc_number}), {span_en}. Check the regulation version it rests on.")


def lapsed_regulation(session: Session, today: date) -> RegulationText | None:
    """The regulation in use when it has passed its end date (as 4号 did on 2026-02-28), else None."""
    reg = regulation_in_use(session)
    return reg if reg.effective_to is not None and reg.effective_to < today else None


# ---- the difference between two checklist versions -----------------------------------------------------------

_TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z]+|\d+|\s+|.", re.S)


def tokens(text: str) -> list[str]:
    """Words for a diff: each Chinese character, each Latin word or number, each other character."""
    return _TOKEN.findall(text or "")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``(op, text)`` runs: ``=`` same, ``-`` removed, ``+`` added."""
    import difflib

    a, b = tokens(old), tokens(new)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", "".join(b[j1:j2])))
    return out


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any
    words: list[tuple[str, str]] = field(default_factory=list)   # text fields: the word-level diff


@dataclass(frozen=True)
class ItemChange:
    code: str
    kind: str                 # "added" | "removed" | "changed" | "moved"
    title: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class ChecklistDiff:
    old_id: str
    new_id: str
    sections: list[ItemChange]
    items: list[ItemChange]

    @property
    def empty(self) -> bool:
        return not self.sections and not self.items

    def counts(self) -> dict[str, int]:
        out = {"added": 0, "removed": 0, "changed": 0, "moved": 0}
        for change in self.items:
            out[change.kind] += 1
        return out


_TEXT_FIELDS = {"title", "title_en", "text", "text_en", "how_to_check", "how_to_check_en", "requirement",
                "requirement_en", "clause"}


def _compare(old: Any, new: Any, names: tuple[str, ...]) -> list[FieldChange]:
    out = []
    for name in names:
        a, b = getattr(old, name), getattr(new, name)
        a = a.value if hasattr(a, "value") else a
        b = b.value if hasattr(b, "value") else b
        if a != b:
            out.append(FieldChange(name, a, b, word_diff(a or "", b or "") if name in _TEXT_FIELDS else []))
    return out


def diff_checklists(session: Session, old_id: str, new_id: str) -> ChecklistDiff:
    """Sections (by number) and items (by code) added, removed, changed (each field; texts word by word) or only
    moved, from ``old_id`` to ``new_id``."""
    old_t, new_t = get_checklist(session, old_id), get_checklist(session, new_id)
    sections: list[ItemChange] = []
    old_s = {s.number: s for s in _sections(session, old_t.id)}
    new_s = {s.number: s for s in _sections(session, new_t.id)}
    for number in sorted(old_s.keys() | new_s.keys()):
        a, b = old_s.get(number), new_s.get(number)
        if a is None:
            sections.append(ItemChange(str(number), "added", b.title))
        elif b is None:
            sections.append(ItemChange(str(number), "removed", a.title))
        else:
            changes = _compare(a, b, ("clause", "title", "title_en"))
            if changes:
                sections.append(ItemChange(str(number), "changed", b.title, changes))
    items: list[ItemChange] = []
    old_i = {i.code: i for i in _items(session, old_t.id)}
    new_items = _items(session, new_t.id)
    new_i = {i.code: i for i in new_items}
    old_order = [c for c in old_i if c in new_i]
    new_order = [i.code for i in new_items if i.code in old_i]
    import difflib

    kept = difflib.SequenceMatcher(a=old_order, b=new_order, autojunk=False)
    moved = {c for op, i1, i2, j1, j2 in kept.get_opcodes() if op != "equal" for c in new_order[j1:j2]}
    for item in new_items:
        a = old_i.get(item.code)
        if a is None:
            items.append(ItemChange(item.code, "added", item.title))
            continue
        changes = _compare(a, item, ("section_no", "title", "title_en", "text", "text_en", "how_to_check",
                                     "how_to_check_en", "articles", "default_severity", "requirement",
                                     "requirement_en"))
        if changes:
            items.append(ItemChange(item.code, "changed", item.title, changes))
        elif item.code in moved:
            items.append(ItemChange(item.code, "moved", item.title))
    for code, a in old_i.items():
        if code not in new_i:
            items.append(ItemChange(code, "removed", a.title))
    return ChecklistDiff(old_t.id, new_t.id, sections, items)

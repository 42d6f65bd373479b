"""Checklist versions (issue 18): records in the vault, drafted, edited, published, retired.

The shipped checklist is version 1 of its code's series (:func:`inspector.regulation.import_template`). The office
drafts a new version from an existing one (:func:`draft_checklist`), edits the draft — sections and items added,
removed, reordered, reworded, mapped to articles — and publishes it; a published version never changes again, and
a retired one is no longer offered for new plans. A plan names the checklist version it uses and an inspection
keeps it for ever (``template_id``); the regulation version it cites is
:func:`inspector.services.regulation_versions.regulation_of` it.

Every rule is here, so the UI, the CLI, import and sync obey the same ones: only a draft changes; publishing
twice, editing a published version, or deleting a version in use are refused with a Chinese and English message.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from inspector import concurrency
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
)
from inspector.services.regulation_versions import (
    VersionRow,
    find_version,
    frozen_error,
    get_regulation,
    get_version,
    next_version,
    publish,
    regulation_of,
    retire,
)

V = VersionStatus


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


def get_checklist(session: Session, template_id: str) -> ChecklistTemplate:
    return get_version(session, ChecklistTemplate, template_id, "检查表版本", "checklist version")


def find_checklist(session: Session, ref: str) -> ChecklistTemplate:
    """A checklist version by id, or ``CODE:VERSION`` / ``VERSION`` (of the only code)."""
    return find_version(session, ChecklistTemplate, ref, "检查表版本", "checklist version")


# ---- the rules -----------------------------------------------------------------------------------------------


def draft_of(session: Session, template_id: str) -> ChecklistTemplate:
    """The checklist version, if it is a draft (the only state in which it changes)."""
    t = get_checklist(session, template_id)
    if VersionStatus(t.status) is not V.DRAFT:
        raise frozen_error("检查表版本", "checklist version", VersionStatus(t.status))
    return t


def guard_template_child(session: Session, template_id: str) -> None:
    """Before a change to a section or item: its checklist version must be a draft."""
    draft_of(session, template_id)


# ---- drafting a checklist version ----------------------------------------------------------------------------


def draft_checklist(session: Session, from_id: str, *, label: str = "", note: str = "",
                    regulation_id: str | None = None) -> ChecklistTemplate:
    """A new draft version of ``from_id``'s series: its sections and items copied, ready to edit."""
    source = get_checklist(session, from_id)
    reg = get_regulation(session, regulation_id) if regulation_id else None
    if reg is None:  # the regulation version the source cites, named explicitly from now on
        cited = regulation_of(session, source)
        reg = session.get(RegulationVersion, cited.id)
    draft = ChecklistTemplate(
        code=source.code, version=next_version(session, ChecklistTemplate, source.code), name=source.name,
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
    draft = ChecklistTemplate(code=code.strip(), version=next_version(session, ChecklistTemplate, code.strip()),
                              name=name.strip(), status=V.DRAFT, regulation=reg.code, regulation_version_id=reg.id,
                              derived_from_id=derived_from_id)
    session.add(draft)
    session.flush()
    return draft


TEMPLATE_FIELDS = ("name", "name_en", "label", "note")


def update_checklist(session: Session, template_id: str, changes: dict[str, Any], *,
                     revision: int | None = None) -> ChecklistTemplate:
    """Change a draft's name, label, note, or the regulation version it cites (``regulation_version_id``).
    ``revision``: the draft's as the editor showed it; someone else's save since is refused (issue 20)."""
    t = draft_of(session, template_id)
    concurrency.expect(session, t, revision, what=("检查表版本", "checklist version"), shown=("name", "label", "note"))
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


def sections_of(session: Session, template_id: str) -> list[ChecklistSection]:
    return list(session.exec(select(ChecklistSection).where(ChecklistSection.template_id == template_id)
                             .order_by(ChecklistSection.number)).all())


def items_of(session: Session, template_id: str) -> list[ChecklistItem]:
    return list(session.exec(select(ChecklistItem).where(ChecklistItem.template_id == template_id)
                             .order_by(ChecklistItem.position, ChecklistItem.code)).all())


def add_section(session: Session, template_id: str, title: str, *, title_en: str = "", clause: str = "",
                number: int | None = None) -> ChecklistSection:
    """A new section of a draft (numbered after the last unless ``number`` is free)."""
    draft_of(session, template_id)
    if not title.strip():
        raise BadInputError("章节标题不能为空。", "A section needs a title.")
    taken = {s.number for s in sections_of(session, template_id)}
    if number is None:
        number = max(taken, default=0) + 1
    elif number in taken:
        raise BadInputError(f"章节序号 {number} 已存在。", f"Section {number} exists already.")
    section = ChecklistSection(template_id=template_id, number=number, clause=clause.strip(), title=title.strip(),
                               title_en=title_en.strip())
    session.add(section)
    session.flush()
    return section


def _draft_child(session: Session, model, row_id: str):
    """A section or item (``model``) by id, if its checklist version is a draft (the only state it changes in)."""
    row = session.get(model, row_id)
    if row is None:
        zh, en = ("章节", "section") if model is ChecklistSection else ("检查项", "checklist item")
        raise NotFoundError(f"找不到{zh}：{row_id}", f"No {en} with id {row_id}")
    draft_of(session, row.template_id)
    return row


def update_section(session: Session, section_id: str, changes: dict[str, Any], *,
                   revision: int | None = None) -> ChecklistSection:
    """Change a draft's section; ``revision`` as for :func:`update_checklist`."""
    section = _draft_child(session, ChecklistSection, section_id)
    concurrency.expect(session, section, revision, what=("章节", "section"), shown=("clause", "title", "title_en"))
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
    section = _draft_child(session, ChecklistSection, section_id)
    left = [i.code for i in items_of(session, section.template_id) if i.section_no == section.number]
    if left:
        raise BadInputError(f"章节中还有 {len(left)} 个检查项（{'、'.join(left[:5])}），请先移走或删除。",
                            f"The section still holds {len(left)} item(s) ({', '.join(left[:5])}); move or remove "
                            "them first.")
    session.delete(section)
    session.flush()



def move_section(session: Session, section_id: str, position: int) -> ChecklistSection:
    """Put a section at ``position`` (1-based): the sections are renumbered 1..n in their new order and every item
    follows its section to the new number (an item's code is its own and does not change)."""
    section = _draft_child(session, ChecklistSection, section_id)
    ordered = [s for s in sections_of(session, section.template_id) if s.id != section.id]
    position = max(1, min(int(position), len(ordered) + 1))
    ordered.insert(position - 1, section)
    renumbered = {s.number: n for n, s in enumerate(ordered, start=1)}
    if all(old == new for old, new in renumbered.items()):
        return section
    items = items_of(session, section.template_id)
    for s in ordered:  # away from every number first, so no two sections share one in between
        s.number = -s.number
    session.flush()
    for s in ordered:
        s.number = renumbered[-s.number]
    for i in items:
        i.section_no = renumbered.get(i.section_no, i.section_no)
    _renumber(sorted(items, key=lambda i: (i.section_no, i.position)))  # the items in their sections' order
    session.flush()
    return section

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
            numbers = {s.number for s in sections_of(session, template.id)}
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
    items = items_of(session, template_id)
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


def update_item(session: Session, item_id: str, changes: dict[str, Any], *,
                revision: int | None = None) -> ChecklistItem:
    """Change a draft's item; ``revision`` as for :func:`update_checklist`."""
    item = _draft_child(session, ChecklistItem, item_id)
    concurrency.expect(session, item, revision, what=("检查项", "checklist item"), shown=("code", "title", "text"))
    template = get_checklist(session, item.template_id)
    for key, value in _checked_item_values(session, template, changes, item).items():
        setattr(item, key, value)
    session.flush()
    return item


def remove_item(session: Session, item_id: str) -> None:
    item = _draft_child(session, ChecklistItem, item_id)
    template_id = item.template_id
    session.delete(item)
    session.flush()
    _renumber(items_of(session, template_id))
    session.flush()


def move_item(session: Session, item_id: str, position: int) -> ChecklistItem:
    """Put an item at ``position`` (1-based, in the whole checklist's order)."""
    item = _draft_child(session, ChecklistItem, item_id)
    items = [i for i in items_of(session, item.template_id) if i.id != item.id]
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
    items = items_of(session, t.id)
    sections = sections_of(session, t.id)
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
    return publish(session, get_checklist(session, template_id), lambda t: publication_problems(session, t.id),
                   "检查表版本", "checklist version")


def retire_checklist(session: Session, template_id: str) -> ChecklistTemplate:
    """No longer offered for new plans; the plans and inspections that use it keep it."""
    return retire(session, get_checklist(session, template_id))


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
    for row in [*items_of(session, t.id), *sections_of(session, t.id)]:
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

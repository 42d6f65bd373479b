"""Regulation versions (issue 18): the regulation a checklist version cites, as a record in the vault.

The shipped regulation (晋市政办〔2024〕4号) is version 1 of its code's series (:func:`seed_shipped` stores it
with an id every vault shares). The office drafts a new version from an existing one (:func:`draft_regulation`),
edits its particulars and articles, and publishes it; a published version never changes again. Which version a
document, a screen or the runner cites is :func:`regulation_of` the checklist version it was made under.

The rules every version obeys, checklist or regulation (only a draft changes; a published version is retired,
never deleted), are here too (:func:`frozen_error`, :func:`retire`); :mod:`inspector.services.versions` holds
the checklist versions and :mod:`inspector.services.version_diff` the difference between two versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Optional

from sqlalchemy import func
from sqlmodel import Session, select

from inspector import concurrency
from inspector import regulation as shipped
from inspector.errors import BadInputError, NotFoundError
from inspector.model import ChecklistTemplate, Inspection, Plan, RegulationVersion, VersionStatus, utcnow

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


def get_version(session: Session, model, version_id: str, kind_zh: str, kind_en: str):
    """A checklist or regulation version by id (``model``: ChecklistTemplate or RegulationVersion)."""
    row = session.get(model, version_id)
    if row is None:
        raise NotFoundError(f"找不到{kind_zh}：{version_id}", f"No {kind_en} with id {version_id}")
    return row


def find_version(session: Session, model, ref: str, kind_zh: str, kind_en: str):
    """A checklist or regulation version by id, or ``CODE:VERSION`` / ``VERSION`` (of the only code)."""
    row = session.get(model, ref)
    if row is not None:
        return row
    code, _, number = ref.rpartition(":")
    if number.isdigit():
        query = select(model).where(model.version == int(number))
        if code:
            query = query.where(model.code == code)
        found = session.exec(query).all()
        if len(found) == 1:
            return found[0]
    raise NotFoundError(f"找不到{kind_zh}：{ref}（请给出编号，或“代码:版本号”）",
                        f"No {kind_en} {ref} (give its id, or CODE:VERSION)")


def get_regulation(session: Session, regulation_id: str) -> RegulationVersion:
    return get_version(session, RegulationVersion, regulation_id, "法规版本", "regulation version")


def find_regulation(session: Session, ref: str) -> RegulationVersion:
    return find_version(session, RegulationVersion, ref, "法规版本", "regulation version")


# ---- the rules every version obeys (checklist and regulation) ------------------------------------------------


def frozen_error(kind_zh: str, kind_en: str, status: VersionStatus) -> BadInputError:
    if status is V.PUBLISHED:
        return BadInputError(f"该{kind_zh}已发布，不能再修改；如需修改，请从它起草新版本。",
                             f"This {kind_en} is published and can no longer change; draft a new version from it.")
    return BadInputError(f"该{kind_zh}已废止，不能修改。", f"This {kind_en} is retired and cannot change.")


def regulation_draft_of(session: Session, regulation_id: str) -> RegulationVersion:
    r = get_regulation(session, regulation_id)
    if VersionStatus(r.status) is not V.DRAFT:
        raise frozen_error("法规版本", "regulation version", VersionStatus(r.status))
    return r


def next_version(session: Session, model, code: str) -> int:
    return (session.exec(select(func.max(model.version)).where(model.code == code)).one() or 0) + 1


def publish(session: Session, row, problems, kind_zh: str, kind_en: str):
    """draft → published (checklist or regulation version), the step after which it never changes; refused with
    every problem ``problems(row)`` lists."""
    status = VersionStatus(row.status)
    if status is V.PUBLISHED:
        raise BadInputError(f"该{kind_zh}已发布。", f"This {kind_en} is published already.")
    if status is not V.DRAFT:
        raise frozen_error(kind_zh, kind_en, status)
    found = problems(row)
    if found:
        raise BadInputError("不能发布：" + "；".join(zh for zh, _ in found),
                            "Cannot publish: " + "; ".join(en for _, en in found))
    row.status, row.published_at = V.PUBLISHED, utcnow()
    session.flush()
    return row


def retire(session: Session, row: ChecklistTemplate | RegulationVersion):
    """published → retired, the one step a published version still takes (checklist or regulation)."""
    if VersionStatus(row.status) is not V.PUBLISHED:
        raise BadInputError("只有已发布的版本才能废止。", "Only a published version can be retired.")
    row.status = V.RETIRED
    session.flush()
    return row


# ---- regulation versions -------------------------------------------------------------------------------------


def draft_regulation(session: Session, from_id: str, *, label: str = "") -> RegulationVersion:
    source = get_regulation(session, from_id)
    draft = RegulationVersion(
        code=source.code, version=next_version(session, RegulationVersion, source.code), label=label.strip(),
        status=V.DRAFT, title=source.title, title_en=source.title_en, doc_number=source.doc_number,
        issuer=source.issuer, issuer_en=source.issuer_en, issued_on=source.issued_on,
        effective_from=source.effective_from, effective_to=source.effective_to, derived_from_id=source.id,
        chapters=[dict(c) for c in source.chapters or []], articles=[dict(a) for a in source.articles or []])
    session.add(draft)
    session.flush()
    return draft


REGULATION_FIELDS = ("label", "title", "title_en", "doc_number", "issuer", "issuer_en", "issued_on",
                     "effective_from", "effective_to")


def update_regulation(session: Session, regulation_id: str, changes: dict[str, Any], *,
                      revision: int | None = None) -> RegulationVersion:
    """Change a draft regulation version's fields (:data:`REGULATION_FIELDS`). ``revision``: the draft's as the
    editor showed it; someone else's save since is refused (:func:`inspector.concurrency.expect`)."""
    r = regulation_draft_of(session, regulation_id)
    concurrency.expect(session, r, revision, what=("法规版本", "regulation version"), shown=("title", "label"))
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
    def problems(r: RegulationVersion) -> list[tuple[str, str]]:
        out = []
        if not r.articles:
            out.append(("法规版本没有条款。", "the regulation version has no articles"))
        if r.effective_from is None:
            out.append(("请填写施行日期。", "give the effective date"))
        return out

    return publish(session, get_regulation(session, regulation_id), problems, "法规版本", "regulation version")


def retire_regulation(session: Session, regulation_id: str) -> RegulationVersion:
    return retire(session, get_regulation(session, regulation_id))


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

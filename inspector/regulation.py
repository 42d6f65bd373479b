"""The regulation (晋市政办〔2024〕4号) and its default checklist, loaded from ``resources/``.

Which regulation a document or screen cites is a version in the vault (:mod:`inspector.services.versions`): the
one the checklist of the inspection or plan cites. Whoever builds from a record enters :func:`using` with that
version, and :func:`regulation`, :func:`articles` and :func:`article` answer from it; outside, they answer from
the shipped text (version 1).
"""

from __future__ import annotations

import contextlib
import json
import uuid
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from sqlmodel import Session, select

from inspector.model import ChecklistItem, ChecklistSection, ChecklistTemplate, Severity
from inspector.paths import resource

REGULATION_FILE = ("regulation", "jincheng-gov-data-security-rules-2024.json")
DEFAULT_CHECKLIST_FILE = ("checklists", "default.json")


@dataclass(frozen=True)
class Article:
    number: int
    chapter: int
    text: str
    text_en: str

    @property
    def label(self) -> str:
        return f"第{chinese_number(self.number)}条"


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals as used for article numbers (第三十一条)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


_IN_USE: ContextVar[Any] = ContextVar("inspector_regulation", default=None)


@contextlib.contextmanager
def using(version: Any) -> Iterator[Any]:
    """Within the block, :func:`regulation`, :func:`articles` and :func:`article` answer from ``version`` (a
    :class:`inspector.services.versions.RegulationText`; None: the shipped text). Per thread and nested."""
    token = _IN_USE.set(version)
    try:
        yield version
    finally:
        _IN_USE.reset(token)


@lru_cache(maxsize=1)
def shipped_regulation() -> dict[str, Any]:
    """The regulation as shipped in ``resources/`` (version 1)."""
    return json.loads(resource(*REGULATION_FILE).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def shipped_articles() -> dict[int, Article]:
    return {
        a["number"]: Article(a["number"], a["chapter"], a["text"], a.get("text_en", ""))
        for a in shipped_regulation()["articles"]
    }


def regulation() -> dict[str, Any]:
    """Title, document number, issuer… of the regulation in use (see :func:`using`)."""
    version = _IN_USE.get()
    return version.meta if version is not None else shipped_regulation()


def articles() -> dict[int, Article]:
    version = _IN_USE.get()
    return version.articles if version is not None else shipped_articles()


def article(number: int) -> Article:
    try:
        return articles()[number]
    except KeyError:
        raise KeyError(f"article {number} is not in {regulation()['doc_number']}") from None


def load_checklist(path: Path | None = None) -> dict[str, Any]:
    return json.loads((path or resource(*DEFAULT_CHECKLIST_FILE)).read_text(encoding="utf-8"))


def _stable_id(name: str) -> str:
    """The same id in every vault for the same published checklist row, so bundles between
    vaults created apart recognise it as one record (a published version never changes)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, name))


def import_template(session: Session, data: dict[str, Any] | None = None) -> ChecklistTemplate:
    """Store a checklist template version in the vault (once: an existing version is returned)."""
    data = data or load_checklist()
    existing = session.exec(
        select(ChecklistTemplate).where(
            ChecklistTemplate.code == data["code"], ChecklistTemplate.version == data["version"]
        )
    ).first()
    if existing:
        return existing
    base = f"inspector:checklist:{data['code']}:{data['version']}"
    template = ChecklistTemplate(
        id=_stable_id(base), code=data["code"], version=data["version"], name=data["name"], name_en=data.get("name_en", ""),
        regulation=data.get("regulation", ""),
    )
    session.add(template)
    session.flush()
    for sec in data["sections"]:
        session.add(ChecklistSection(
            id=_stable_id(f"{base}:section:{sec['number']}"), template_id=template.id, number=sec["number"], clause=sec.get("clause", ""),
            title=sec["title"], title_en=sec.get("title_en", ""),
        ))
    for position, item in enumerate(data["items"], start=1):
        session.add(ChecklistItem(
            id=_stable_id(f"{base}:item:{item['code']}"), template_id=template.id, section_no=item["section"], code=item["code"], position=position,
            title=item["title"], title_en=item.get("title_en", ""), text=item["text"],
            text_en=item.get("text_en", ""), how_to_check=item.get("how_to_check", ""),
            how_to_check_en=item.get("how_to_check_en", ""), articles=list(item["articles"]),
            default_severity=Severity(item["severity"]),
        ))
    session.flush()
    return template


def default_template(session: Session) -> ChecklistTemplate | None:
    data = load_checklist()
    return session.exec(
        select(ChecklistTemplate).where(
            ChecklistTemplate.code == data["code"], ChecklistTemplate.version == data["version"]
        )
    ).first()

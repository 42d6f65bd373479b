"""The difference between two versions (issue 18): checklist sections and items, regulation particulars and
articles, added, removed, changed (each field; texts word by word) or only moved."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from inspector.services.regulation_versions import get_regulation
from inspector.services.versions import get_checklist, items_of, sections_of


_TOKEN = re.compile(r"[\u3400-\u9fff]|[A-Za-z]+|\d+|\s+|.", re.S)


def tokens(text: str) -> list[str]:
    """Words for a diff: each Chinese character, each Latin word or number, each other character."""
    return _TOKEN.findall(text or "")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``(op, text)`` runs: ``=`` same, ``-`` removed, ``+`` added."""
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


_ITEM_FIELDS = ("section_no", "title", "title_en", "text", "text_en", "how_to_check", "how_to_check_en", "articles",
                "default_severity", "requirement", "requirement_en")
_TEXT_FIELDS = {"title", "title_en", "text", "text_en", "how_to_check", "how_to_check_en", "requirement",
                "requirement_en", "clause"}


def _values(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """A section's or item's fields by name, enums as their value."""
    return {name: getattr(getattr(row, name), "value", getattr(row, name)) for name in names}


def diff_checklists(session: Session, old_id: str, new_id: str) -> ChecklistDiff:
    """Sections (by number) and items (by code) added, removed, changed (each field; texts word by word) or only
    moved, from ``old_id`` to ``new_id``."""
    old_t, new_t = get_checklist(session, old_id), get_checklist(session, new_id)
    sections: list[ItemChange] = []
    old_s = {s.number: s for s in sections_of(session, old_t.id)}
    new_s = {s.number: s for s in sections_of(session, new_t.id)}
    for number in sorted(old_s.keys() | new_s.keys()):
        a, b = old_s.get(number), new_s.get(number)
        if a is None:
            sections.append(ItemChange(str(number), "added", b.title))
        elif b is None:
            sections.append(ItemChange(str(number), "removed", a.title))
        else:
            names = ("clause", "title", "title_en")
            changes = _changes(_values(a, names), _values(b, names), names, _TEXT_FIELDS)
            if changes:
                sections.append(ItemChange(str(number), "changed", b.title, changes))
    items: list[ItemChange] = []
    old_i = {i.code: i for i in items_of(session, old_t.id)}
    new_items = items_of(session, new_t.id)
    new_i = {i.code: i for i in new_items}
    old_order = [c for c in old_i if c in new_i]
    new_order = [i.code for i in new_items if i.code in old_i]

    kept = difflib.SequenceMatcher(a=old_order, b=new_order, autojunk=False)
    moved = {c for op, i1, i2, j1, j2 in kept.get_opcodes() if op != "equal" for c in new_order[j1:j2]}
    for item in new_items:
        a = old_i.get(item.code)
        if a is None:
            items.append(ItemChange(item.code, "added", item.title))
            continue
        changes = _changes(_values(a, _ITEM_FIELDS), _values(item, _ITEM_FIELDS), _ITEM_FIELDS, _TEXT_FIELDS)
        if changes:
            items.append(ItemChange(item.code, "changed", item.title, changes))
        elif item.code in moved:
            items.append(ItemChange(item.code, "moved", item.title))
    for code, a in old_i.items():
        if code not in new_i:
            items.append(ItemChange(code, "removed", a.title))
    return ChecklistDiff(old_t.id, new_t.id, sections, items)


@dataclass(frozen=True)
class RegulationDiff:
    old_id: str
    new_id: str
    fields: list[FieldChange]          # title, document number, issuer, dates...
    articles: list[ItemChange]         # by number: added, removed, changed (text word by word)

    @property
    def empty(self) -> bool:
        return not self.fields and not self.articles

    def counts(self) -> dict[str, int]:
        out = {"added": 0, "removed": 0, "changed": 0}
        for change in self.articles:
            out[change.kind] += 1
        return out


_REGULATION_FIELDS = ("title", "title_en", "doc_number", "issuer", "issuer_en", "issued_on", "effective_from",
                      "effective_to")
_WORDY = {"title", "title_en", "issuer", "issuer_en", "doc_number", "text", "text_en"}


def _changes(old: dict[str, Any], new: dict[str, Any], names: tuple[str, ...],
             wordy: set[str]) -> list[FieldChange]:
    """The fields ``names`` that differ; those in ``wordy`` with their word-level diff."""
    out = []
    for name in names:
        a, b = old.get(name), new.get(name)
        if a != b:
            words = word_diff(str(a or ""), str(b or "")) if name in wordy else []
            out.append(FieldChange(name, a, b, words))
    return out


def diff_regulations(session: Session, old_id: str, new_id: str) -> RegulationDiff:
    """The particulars and the articles (by number) of ``new_id`` against ``old_id``: added, removed, or changed
    (chapter, Chinese and English text, word by word)."""
    old_r, new_r = get_regulation(session, old_id), get_regulation(session, new_id)
    fields = _changes({n: getattr(old_r, n) for n in _REGULATION_FIELDS},
                      {n: getattr(new_r, n) for n in _REGULATION_FIELDS}, _REGULATION_FIELDS, _WORDY)
    old_a = {int(a["number"]): a for a in old_r.articles or []}
    new_a = {int(a["number"]): a for a in new_r.articles or []}
    articles: list[ItemChange] = []
    for number in sorted(old_a.keys() | new_a.keys()):
        a, b = old_a.get(number), new_a.get(number)
        if a is None:
            articles.append(ItemChange(str(number), "added", _excerpt(b.get("text", ""))))
        elif b is None:
            articles.append(ItemChange(str(number), "removed", _excerpt(a.get("text", ""))))
        else:
            changes = _changes(a, b, ("chapter", "text", "text_en"), _WORDY)
            if changes:
                articles.append(ItemChange(str(number), "changed", _excerpt(b.get("text", "")), changes))
    return RegulationDiff(old_r.id, new_r.id, fields, articles)


def _excerpt(text: str, width: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"

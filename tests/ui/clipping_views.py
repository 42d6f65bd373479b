"""The item views' part of :mod:`tests.ui.clipping`: header sections, and cells holding the application's own words
(see the rules there)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
)

from tests.ui.clipping_base import Problem, problem, too_small

CATALOGUE = Path(__file__).resolve().parents[2] / "resources" / "translations" / "inspector_en.ts"
MAX_CELLS = 400
"""Cells looked at per view (the visible rows of a page are far fewer)."""


# ---- the application's own words (for cells) ---------------------------------------------------------

_NUMBERISH = re.compile(r"^[\s\d:/.,%+\-—–()（）×x]*\d[\s\d:/.,%+\-—–()（）×x]*$|^[—–-]$")


@lru_cache(maxsize=1)
def vocabulary() -> tuple[frozenset[str], tuple[re.Pattern, ...]]:
    """Every message of the translation catalogue (source and English) and every enum label of the core;
    messages with ``{placeholders}`` as patterns."""
    words: set[str] = set()
    patterns: list[re.Pattern] = []
    if CATALOGUE.exists():
        for message in ET.parse(CATALOGUE).getroot().iter("message"):
            for tag in ("source", "translation"):
                node = message.find(tag)
                if node is not None and node.text:
                    words.add(node.text)
    from enum import Enum

    from inspector.model import enums

    for value in vars(enums).values():
        if isinstance(value, type) and issubclass(value, Enum):
            for member in value:
                for attr in ("zh", "en"):
                    label = getattr(member, attr, None)
                    if isinstance(label, str) and label:
                        words.add(label)
    for word in list(words):
        if "{" in word and "}" in word:
            pieces = re.split(r"\{[^{}]*\}", word)
            literal = "".join(pieces).strip()
            if len(literal) >= 2:
                patterns.append(re.compile("^" + ".+?".join(re.escape(p) for p in pieces) + "$", re.DOTALL))
    return frozenset(w.strip() for w in words), tuple(patterns)


_SEPARATORS = re.compile(r"\s*[•·;；、，]\s*|,\s+|\s+(?:to|至)\s+")


def is_vocabulary(text: str) -> bool:
    """The application's own words, or a date, time, number or count — or a list of them (``1 new • 2 updated``,
    ``2026-10-12 to 2026-12-18``): text a view must never elide."""
    text = text.strip()
    if not text:
        return False
    if _is_word(text):
        return True
    parts = [p for p in _SEPARATORS.split(text) if p.strip()]
    return len(parts) > 1 and all(_is_word(p.strip()) for p in parts)


def _is_word(text: str) -> bool:
    if _NUMBERISH.match(text):
        return True
    words, patterns = vocabulary()
    return text in words or any(p.match(text) for p in patterns)


def header_problems(w: QHeaderView) -> list[Problem]:
    model = w.model()
    if model is None:
        return []
    out = []
    style = w.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, w)
    arrow = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, w)
    horizontal = w.orientation() == Qt.Orientation.Horizontal
    for logical in range(w.count()):
        if w.isSectionHidden(logical):
            continue
        size = w.sectionSize(logical)
        text = model.headerData(logical, w.orientation(), Qt.ItemDataRole.DisplayRole)
        if text is None or not str(text).strip() or size <= 0:
            continue
        text = str(text)
        font = model.headerData(logical, w.orientation(), Qt.ItemDataRole.FontRole) or w.font()
        fm = QFontMetrics(font)
        lines = text.split("\n")
        need_w = max(fm.horizontalAdvance(line) for line in lines) + 2 * margin
        if w.isSortIndicatorShown() and w.sortIndicatorSection() == logical:
            need_w += arrow + margin
        need_h = len(lines) * fm.lineSpacing()
        if horizontal:
            if too_small(need_w, size):
                out.append(problem("header", w, text, need_w, size))
            if too_small(need_h, w.height()):
                out.append(problem("header", w, text, need_h, w.height(), "h"))
        else:
            if too_small(need_w, w.width()):
                out.append(problem("header", w, text, need_w, w.width()))
            if too_small(need_h, size):
                out.append(problem("header", w, text, need_h, size, "h"))
    return out


def _visible_indexes(view: QAbstractItemView):
    """The indexes of the rows the viewport shows, every column not hidden."""
    model = view.model()
    viewport = view.viewport().rect()
    if isinstance(view, QTableView):
        top, bottom = view.rowAt(0), view.rowAt(viewport.height() - 1)
        if top < 0:
            return
        if bottom < 0:
            bottom = model.rowCount() - 1
        for row in range(top, bottom + 1):
            if view.isRowHidden(row):
                continue
            for col in range(model.columnCount()):
                if not view.isColumnHidden(col):
                    yield model.index(row, col)
    elif isinstance(view, QTreeView):
        index = view.indexAt(QPoint(1, 1))
        if not index.isValid():
            index = view.indexAt(QPoint(viewport.width() // 2, 1))
        index = index.siblingAtColumn(0) if index.isValid() else index
        header = view.header()
        while index.isValid() and view.visualRect(index).top() < viewport.height():
            for col in range(model.columnCount(index.parent())):
                if not header.isSectionHidden(col):
                    yield index.siblingAtColumn(col)
            index = view.indexBelow(index)
    else:  # list views and others: one column
        root = view.rootIndex()
        column = view.modelColumn() if isinstance(view, QListView) else 0
        for row in range(model.rowCount(root)):
            index = model.index(row, column, root)
            if view.visualRect(index).intersects(viewport):
                yield index


def _custom_painted(delegate) -> bool:
    paint = getattr(type(delegate), "paint", None)
    return paint is not None and paint is not QStyledItemDelegate.paint and type(delegate) is not QStyledItemDelegate


def cell_problems(view: QAbstractItemView) -> list[Problem]:
    model = view.model()
    if model is None:
        return []
    out = []
    style = view.style()
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    cut_silently = view.textElideMode() == Qt.TextElideMode.ElideNone
    for n, index in enumerate(_visible_indexes(view)):
        if n >= MAX_CELLS:
            break
        value = index.data(Qt.ItemDataRole.DisplayRole)
        if value is None or isinstance(value, bool):
            continue
        text = str(value)
        if not (cut_silently or is_vocabulary(text)):
            continue
        rect = view.visualRect(index)
        if rect.width() <= 0 or rect.height() <= 0:
            continue
        delegate = view.itemDelegateForIndex(index)
        if not isinstance(delegate, QStyledItemDelegate) or _custom_painted(delegate):
            continue
        opt = QStyleOptionViewItem()
        view.initViewItemOption(opt)
        opt.rect = rect
        delegate.initStyleOption(opt, index)
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, view)
        width = text_rect.width() - 2 * margin
        fm = QFontMetrics(opt.font)
        shown = opt.text
        if opt.features & QStyleOptionViewItem.ViewItemFeature.WrapText:
            bound = fm.boundingRect(QRect(0, 0, max(width, 1), 100_000),
                                    int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft), shown)
            if too_small(bound.width(), width):
                out.append(problem("cell", view, shown, bound.width(), width))
            elif too_small(bound.height(), text_rect.height()):
                out.append(problem("cell", view, shown, bound.height(), text_rect.height(), "h"))
        else:
            need = max(fm.horizontalAdvance(line) for line in shown.split("\n"))
            if too_small(need, width):
                out.append(problem("cell", view, shown, need, width))
    return out

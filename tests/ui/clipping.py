"""Find text that does not fit its widget: elided, clipped, squashed or pushed out of sight.

:func:`find_problems` walks every visible widget under a top-level window and
asks Qt how much room each text needs (the font's metrics, the style's margins,
the widget's own size hints) against the room it has. The rules:

* **window** — a top-level window larger than the size asked for (its layout's
  minimum does not fit the screen), or a dialog larger than the screen.
* **label** — a ``QLabel``'s text: without word wrap it needs its ``sizeHint``
  (plain or rich text, margins, indent, frame); with word wrap it needs
  ``heightForWidth(width)`` in height and its longest unbreakable run
  (``minimumSizeHint``) in width.
* **button** — ``QPushButton``: text (mnemonics removed), icon and menu arrow
  inside the style's frame (the inner margin may be eaten into, the text still
  shows whole; Fusion's 80-pixel floor for buttons with text is no need);
  ``QToolButton`` showing text: text and icon inside its frame; ``QCheckBox``,
  ``QRadioButton``: text and icon against the style's contents rectangle
  beside the indicator.
* **group** — a ``QGroupBox`` title (and its check box) against the box's width
  (Fusion draws the title above the frame, from the left edge).
* **tab** — each visible tab's text and icon against its ``tabRect``; tabs
  pushed behind the scroll arrows.
* **header** — every section of a view's ``QHeaderView`` that is not hidden:
  the model's ``headerData`` text (each line) plus ``PM_HeaderMargin`` on both
  sides (and the sort arrow on the sorted column) against ``sectionSize``.
* **cell** — item views' visible cells whose text is the application's own
  words: a message of the translation catalogue in either language (a message
  with ``{placeholders}`` matches as a pattern), a label of the core's enums,
  or a date, time, number or count. Such text (statuses, verdicts, severities,
  deadlines, counts) must never be elided. Other cell text is user content
  (names, titles, notes, notice numbers): a view may elide it and show it in
  full elsewhere, so it is not checked — except in a view that cuts text
  without an ellipsis (``textElideMode`` ``ElideNone``): there every cell must
  fit, as nothing tells the user it was cut. Cells painted by a custom
  delegate's own ``paint`` are not checked.
* **combo** — a non-editable ``QComboBox``'s current text and icon against the
  style's edit field, less the pixel the style leaves at each side.
* **placeholder** — an empty ``QLineEdit``'s placeholder; **field** — the text
  of a read-only ``QLineEdit`` or of a spin/date box, which the user cannot
  scroll to read.
* **progress** — a ``QProgressBar``'s visible text.
* **squashed** — a widget that shows something (label, button, input, tab
  bar, progress bar with text) smaller than its ``minimumSizeHint`` (size
  policy ``Ignored`` excepted; the line edit inside a spin or combo box is laid
  out by it). Containers are not: a group box a few pixels short loses only
  margin; what it cuts is found by *outside*.
* **outside** — a text, input or view reaching past the edge of an ancestor,
  which cuts it (a scroll area's viewport does not count: the user scrolls
  there).
* **scrollbar** — a ``QScrollArea`` page, or an item view, showing a horizontal
  scroll bar: the layout is wider than the window. Vertical scrolling is fine.
* **cut** — a scroll area (page, view, text box) whose content is wider (or
  taller) than it while that scroll bar is switched off: the rest cannot be
  reached at all.
* **elided** — a label the application elided itself: its text has "…" where
  its tooltip has more.

Widgets hidden (themselves or an ancestor: other pages of a stack, other tabs)
are skipped. Widgets in a scroll area's content are checked wherever they are:
the user scrolls to them. Sizes are in device-independent pixels; where Qt
elides, one pixel short counts (:data:`TOLERANCE`); where it cuts, the last
glyph's side bearing is forgiven (:data:`SLACK`).

The checks of item views (headers, cells, the application's words) are in
:mod:`tests.ui.clipping_views`; :class:`Problem` and the ancestry in
:mod:`tests.ui.clipping_base`.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QTabBar,
    QToolButton,
    QWidget,
)

from tests.ui.clipping_base import SLACK, Problem, class_name
from tests.ui.clipping_base import plain as _plain
from tests.ui.clipping_base import problem as _problem
from tests.ui.clipping_base import too_small as _too_small
from tests.ui.clipping_views import cell_problems, header_problems, is_vocabulary

# ---- the checks ----------------------------------------------------------------------------------------


def _label(w: QLabel) -> list[Problem]:
    text = w.text()
    if not text.strip() or not w.pixmap().isNull():
        return []
    out = []
    tip = w.toolTip()
    if "…" in text and tip and len(tip) > len(text) and tip.startswith(text.split("…", 1)[0]):
        out.append(_problem("elided", w, text, w.fontMetrics().horizontalAdvance(tip), w.width()))
    if w.wordWrap():
        need_h = w.heightForWidth(w.width())
        if need_h > 0 and _too_small(need_h, w.height(), SLACK):
            out.append(_problem("label", w, text, need_h, w.height(), "h"))
        need_w = w.minimumSizeHint().width()
        if _too_small(need_w, w.width(), SLACK):
            out.append(_problem("label", w, text, need_w, w.width()))
        return out
    hint = w.sizeHint()
    if _too_small(hint.width(), w.width(), SLACK):
        out.append(_problem("label", w, text, hint.width(), w.width()))
    if _too_small(hint.height(), w.height(), SLACK):
        out.append(_problem("label", w, text, hint.height(), w.height(), "h"))
    return out


def _push_button_needs(w: QPushButton) -> QSize:
    """Text, icon and menu arrow inside the button's frame (the style's inner margin may be eaten into: the
    text still shows whole; Fusion's 80-pixel floor for buttons with text is no need either)."""
    opt = QStyleOptionButton()
    w.initStyleOption(opt)
    fm = w.fontMetrics()
    text = fm.size(Qt.TextFlag.TextShowMnemonic, w.text()) if w.text() else QSize(0, fm.height())
    width, height = text.width(), text.height()
    if not w.icon().isNull():
        width += w.iconSize().width() + 4
        height = max(height, w.iconSize().height())
    if w.menu() is not None:
        width += w.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, opt, w)
    style = w.style()
    frame = 2 * style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, opt, w)
    if opt.features & QStyleOptionButton.ButtonFeature.AutoDefaultButton:
        frame += 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonDefaultIndicator, opt, w)
    return QSize(width + frame, height + frame)


def _check_box_needs(w: QCheckBox | QRadioButton) -> tuple[int, int]:
    """The text (and icon) against the room the style leaves beside the indicator."""
    opt = QStyleOptionButton()
    w.initStyleOption(opt)
    element = (QStyle.SubElement.SE_CheckBoxContents if isinstance(w, QCheckBox)
               else QStyle.SubElement.SE_RadioButtonContents)
    room = w.style().subElementRect(element, opt, w).width()
    need = w.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, w.text()).width()
    if not w.icon().isNull():
        need += w.iconSize().width() + 4
    return need, room


def _tool_button_needs(w: QToolButton) -> int:
    """Text (and icon, as the button shows it) inside a 2-pixel frame at each side."""
    text = w.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, w.text()).width()
    icon = 0 if w.icon().isNull() else w.iconSize().width()
    shape = w.toolButtonStyle()
    if shape == Qt.ToolButtonStyle.ToolButtonTextBesideIcon and icon:
        need = text + icon + 4
    elif shape == Qt.ToolButtonStyle.ToolButtonTextUnderIcon:
        need = max(text, icon)
    else:
        need = text
    if w.popupMode() == QToolButton.ToolButtonPopupMode.MenuButtonPopup:
        need += w.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, w)
    return need + 4


def _button(w: QAbstractButton) -> list[Problem]:
    text = w.text()
    if not text.strip():
        return []
    if isinstance(w, QToolButton) and w.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
        return []
    if isinstance(w, QPushButton):
        need, room = _push_button_needs(w).width(), w.width()
    elif isinstance(w, (QCheckBox, QRadioButton)):
        need, room = _check_box_needs(w)
    elif isinstance(w, QToolButton):
        need, room = _tool_button_needs(w), w.width()
    else:
        need, room = w.sizeHint().width(), w.width()
    out = []
    if _too_small(need, room, SLACK):
        out.append(_problem("button", w, _plain(text), need, room))
    if isinstance(w, (QCheckBox, QRadioButton)):  # their hint is one line of text: a taller need is real
        if _too_small(w.fontMetrics().height(), w.height(), SLACK):
            out.append(_problem("button", w, _plain(text), w.fontMetrics().height(), w.height(), "h"))
    elif _too_small(w.fontMetrics().height() + 2, w.height(), SLACK):
        out.append(_problem("button", w, _plain(text), w.fontMetrics().height() + 2, w.height(), "h"))
    return out


def _group(w: QGroupBox) -> list[Problem]:
    title = w.title()
    if not title.strip():
        return []
    fm = w.fontMetrics()
    need = fm.horizontalAdvance(_plain(title))  # (Fusion draws the title above the frame, from the left edge)
    if w.isCheckable():
        need += w.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, w) + 6
    return [_problem("group", w, title, need, w.width())] if _too_small(need, w.width(), SLACK) else []


def _tabs(w: QTabBar) -> list[Problem]:
    out = []
    bar = w.rect()
    vertical = w.shape() in (QTabBar.Shape.RoundedWest, QTabBar.Shape.RoundedEast,
                             QTabBar.Shape.TriangularWest, QTabBar.Shape.TriangularEast)
    for i in range(w.count()):
        if not w.isTabVisible(i):
            continue
        text = w.tabText(i)
        rect = w.tabRect(i)
        hint = w.tabSizeHint(i)
        need, have = (hint.height(), rect.height()) if vertical else (hint.width(), rect.width())
        if text.strip() and _too_small(need, have):
            out.append(_problem("tab", w, _plain(text), need, have))
        if not bar.contains(rect):
            out.append(_problem("tab", w, _plain(text) + " (behind the scroll arrows)",
                                rect.right() + 1, bar.width()))
    return out


def _combo(w: QComboBox) -> list[Problem]:
    if w.isEditable() or w.currentIndex() < 0:
        return []
    text = w.currentText()
    if not text.strip():
        return []
    opt = QStyleOptionComboBox()
    w.initStyleOption(opt)
    field = w.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                     QStyle.SubControl.SC_ComboBoxEditField, w)
    need = w.fontMetrics().horizontalAdvance(text)
    if not w.itemIcon(w.currentIndex()).isNull():
        need += w.iconSize().width() + 4
    room = field.width() - 2  # the style draws the text one pixel in from each side of the field
    return [_problem("combo", w, text, need, room)] if _too_small(need, room, SLACK) else []


def _line_room(w: QLineEdit) -> int:
    """The width a line edit gives its text: inside the frame, the text margins, the 2-pixel inner margin and
    any side buttons (clear button, actions)."""
    frame = w.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, w) if w.hasFrame() else 0
    margins = w.textMargins()
    room = w.width() - 2 * frame - margins.left() - margins.right() - 2 * 2
    for side in w.findChildren(QToolButton, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if side.isVisible():
            room -= side.width()
    return room


def _line_edit(w: QLineEdit) -> list[Problem]:
    fm = w.fontMetrics()
    room = _line_room(w)
    spin = isinstance(w.parentWidget(), QAbstractSpinBox)
    if not w.text() and w.placeholderText().strip():
        need = fm.horizontalAdvance(w.placeholderText())
        if _too_small(need, room):
            return [_problem("placeholder", w, w.placeholderText(), need, room)]
    elif w.text() and (w.isReadOnly() or spin) and not isinstance(w.parentWidget(), QComboBox):
        need = fm.horizontalAdvance(w.displayText())
        if _too_small(need, room, SLACK):
            return [_problem("field", w.parentWidget() if spin else w, w.displayText(), need, room)]
    return []


def _progress(w: QProgressBar) -> list[Problem]:
    if not w.isTextVisible() or not w.text().strip() or w.orientation() != Qt.Orientation.Horizontal:
        return []
    need = w.fontMetrics().horizontalAdvance(w.text()) + 4
    return [_problem("progress", w, w.text(), need, w.width())] if _too_small(need, w.width(), SLACK) else []


SHOWS_SOMETHING = (QLabel, QAbstractButton, QComboBox, QLineEdit, QAbstractSpinBox, QTabBar, QProgressBar)


def _squashed(w: QWidget) -> list[Problem]:
    if not isinstance(w, SHOWS_SOMETHING) or isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox)):
        return []  # (the line edit inside a spin box or combo box is laid out by it, below its own hint)
    if isinstance(w, QLabel) and (w.wordWrap() or not w.pixmap().isNull()):
        return []  # a wrapping label's minimum is checked with its height
    if isinstance(w, QProgressBar) and not w.isTextVisible():
        return []  # a thin bar without text (a meter)
    hint = w.minimumSizeHint()
    if not hint.isValid():
        return []
    policy = w.sizePolicy()
    text = _text_of(w)
    out = []
    if (policy.horizontalPolicy() != QSizePolicy.Policy.Ignored and w.minimumWidth() == 0
            and _too_small(hint.width(), w.width(), SLACK)):
        out.append(_problem("squashed", w, text, hint.width(), w.width()))
    if (policy.verticalPolicy() != QSizePolicy.Policy.Ignored and w.minimumHeight() == 0
            and not isinstance(w, (QCheckBox, QRadioButton))  # 4 pixels of air in their hint; see _button
            and _too_small(hint.height(), w.height(), SLACK)):
        out.append(_problem("squashed", w, text, hint.height(), w.height(), "h"))
    return out


def _text_of(w: QWidget) -> str:
    for getter in ("text", "title", "currentText", "placeholderText"):
        method = getattr(w, getter, None)
        if callable(method):
            try:
                value = method()
            except TypeError:
                continue
            if isinstance(value, str) and value:
                return value
    return ""


def _outside(w: QWidget, top: QWidget) -> list[Problem]:
    """``w`` (text, an input, a view) reaching past an ancestor's edge (scroll-area viewports excepted)."""
    if isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox)):
        return []
    if isinstance(w, QAbstractScrollArea) and not isinstance(w, QHeaderView):
        text = _text_of(w) or class_name(w)
    elif isinstance(w, SHOWS_SOMETHING):
        text = _text_of(w)
        if not text.strip():
            return []
    else:
        return []
    rect = QRect(QPoint(0, 0), w.size())
    node = w
    while node is not top and node.parentWidget() is not None:
        parent = node.parentWidget()
        rect = rect.translated(node.pos())
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
            return []
        visible = parent.rect()
        if not visible.contains(rect):
            if rect.right() > visible.right() + SLACK:
                return [_problem("outside", w, text, rect.right() + 1, visible.width())]
            if rect.bottom() > visible.bottom() + SLACK:
                return [_problem("outside", w, text, rect.bottom() + 1, visible.height(), "h")]
            if rect.left() < -SLACK or rect.top() < -SLACK:
                return [_problem("outside", w, text, -min(rect.left(), rect.top()), 0)]
        node = parent
    return []


def _scrollbar(w: QAbstractScrollArea) -> list[Problem]:
    out = []
    bar = w.horizontalScrollBar()
    viewport = w.viewport()
    off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    if isinstance(w, (QScrollArea, QAbstractItemView)) and bar.isVisible() and bar.maximum() > 0:
        out.append(_problem("scrollbar", w, "horizontal scroll bar", viewport.width() + bar.maximum(),
                            viewport.width()))
    if w.horizontalScrollBarPolicy() == off and bar.maximum() > 0:  # wider than its view, and no way to scroll
        out.append(_problem("cut", w, _text_of(w) or "content wider than the view, no scroll bar",
                            viewport.width() + bar.maximum(), viewport.width()))
    vbar = w.verticalScrollBar()
    if w.verticalScrollBarPolicy() == off and vbar.maximum() > 0:
        out.append(_problem("cut", w, _text_of(w) or "content taller than the view, no scroll bar",
                            viewport.height() + vbar.maximum(), viewport.height(), "h"))
    return out


def _window(top: QWidget, screen: QSize | None) -> list[Problem]:
    if screen is None:
        return []
    out = []
    title = top.windowTitle()
    if _too_small(top.width(), screen.width()):
        out.append(_problem("window", top, title, top.width(), screen.width()))
    if _too_small(top.height(), screen.height()):
        out.append(_problem("window", top, title, top.height(), screen.height(), "h"))
    return out


def _visible_widgets(top: QWidget):
    yield top
    for child in top.findChildren(QWidget):
        if child.isVisible() and not child.isWindow():
            yield child


def find_problems(top: QWidget, screen: QSize | None = None) -> list[Problem]:
    """Every text under the visible window ``top`` that does not fit; ``screen``: the screen's size, which
    the window must fit (the size it was asked to be, for a main window)."""
    problems = _window(top, screen)
    for w in _visible_widgets(top):
        if isinstance(w, QLabel):
            problems += _label(w)
        elif isinstance(w, QAbstractButton):
            problems += _button(w)
        elif isinstance(w, QComboBox):
            problems += _combo(w)
        elif isinstance(w, QLineEdit):
            problems += _line_edit(w)
        elif isinstance(w, QGroupBox):
            problems += _group(w)
        elif isinstance(w, QTabBar):
            problems += _tabs(w)
        elif isinstance(w, QHeaderView):
            problems += header_problems(w)
        elif isinstance(w, QProgressBar):
            problems += _progress(w)
        if isinstance(w, QAbstractItemView) and not isinstance(w, QHeaderView):
            problems += cell_problems(w)
        if isinstance(w, QAbstractScrollArea):
            problems += _scrollbar(w)
        if w is not top:
            problems += _squashed(w)
            problems += _outside(w, top)
    return _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    """Each problem once; a widget already reported for its text is not reported squashed on the same axis."""
    seen, told, out = set(), set(), []
    for p in problems:
        key = (p.kind, p.path, p.text, p.axis)
        if key in seen:
            continue
        seen.add(key)
        if p.kind != "squashed":
            told.add((p.path, p.text, p.axis))
        out.append(p)
    return [p for p in out if p.kind != "squashed" or (p.path, p.text, p.axis) not in told]


def fit_to_screen(top: QWidget, screen: QSize) -> None:
    """A dialog larger than the screen is shrunk to it (as a window manager would), as far as its minimum
    allows: its contents are then checked at the size the user sees."""
    if isinstance(top, QDialog) and (top.width() > screen.width() or top.height() > screen.height()):
        top.resize(min(top.width(), screen.width()), min(top.height(), screen.height()))


__all__ = ["Problem", "class_name", "find_problems", "fit_to_screen", "is_vocabulary"]

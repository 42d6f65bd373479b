"""The application's colours, named by what they say. Every widget takes its colours from here.

Text colours keep a contrast of at least 4.5:1 on white (WCAG AA) and never carry
meaning alone: a red date also says 逾期, a green state also says 已保存.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor

WARNING = "#c62828"     # refused, overdue, 不符合, 重大, an untrusted sender
OK = "#2e7d32"          # confirmed, saved, 符合, a trusted sender
CAUTION = "#b26a00"     # needs attention: 部分符合, unanswered, a running inspection's note
SECONDARY = "#616161"   # explanations, hints, counts under a table
MUTED = "#757575"       # empty states, placeholders, "saving…", nothing to do
NEUTRAL = "#9e9e9e"     # no value yet (an item without a verdict); the page preview's backdrop
SLATE = "#546e7a"       # quiet detail lines (不适用, the runner's header detail)
INK_SOFT = "#37474f"    # quoted text inside a panel (a department's own answer)
CURRENT = "#1565c0"     # what is in progress now (a running inspection)
ON_COLOUR = "#ffffff"   # text on a filled colour (the navigation's count badges)

AMBER_TEXT = "#8a5a00"  # a warning that asks for attention, not alarm
AMBER_BACKGROUND = "#fff4d6"
AMBER_BORDER = "#f0c36d"
AMBER_DARK = "#5d3b00"  # text inside an amber box
CODE_BACKGROUND = "#f5f5f5"

# The colour of each verdict (compliant, partly, not, not applicable), by the value of inspector.model.Verdict.
VERDICT = {"compliant": OK, "partial": CAUTION, "non_compliant": WARNING, "not_applicable": SLATE}

# The colour of each stage's state on the campaign board, by inspector.services.campaign's states.
STAGE_STATE = {"not_started": MUTED, "in_progress": CURRENT, "done": OK, "late": WARNING}

STRENGTH = (WARNING, WARNING, "#ef6c00", "#7cb342", OK)
"""A passphrase's strength, from level 0 (weak) to 4 (strong)."""

INK = "#101820"         # the signature pad's ink
GUIDE_LINE = "#b0bec5"  # the signature pad's dashed base line
GUIDE_TEXT = "#90a4ae"  # the signature pad's hint


@cache
def qcolor(name: str) -> QColor:
    """The QColor of one of the colours above (made once)."""
    return QColor(name)


def text_style(colour: str, extra: str = "") -> str:
    """A style sheet that colours a label's text: ``label.setStyleSheet(text_style(SECONDARY))``."""
    return f"color: {colour};{(' ' + extra) if extra else ''}"

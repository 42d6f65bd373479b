"""Three fixes to ReportLab's CJK line breaking, so Chinese paragraphs set like a printed document.

1. Its list of characters that may not start a line is Japanese-centric: Chinese full-width
   punctuation (，：；！？、”’》) is added, so no line begins with a comma.
2. Justified CJK lines are not justified: ReportLab stretches only spaces, and Chinese has none.
   For paragraphs wrapped with ``wordWrap="CJK"`` the stretch (or, where a punctuation mark was
   pulled back onto a full line, the squeeze) goes into the character spacing (PDF ``Tc``), as
   Chinese typesetting does. Other paragraphs are left exactly as they were.
3. Where a line may break (:mod:`inspector.documents.linebreak`): never before ``），`` or ``。”`` (two
   marks that may not start a line), never after an opening bracket.

All are applied once, on first use of the document fonts. ReportLab's internals are checked
before patching; if they ever change shape, paragraphs stay ragged-right rather than failing.
"""

from __future__ import annotations

import threading

CHINESE_CANNOT_START = "，。、：；！？）》〉」』】〕〗〙”’…—·％‰℃"

_lock = threading.Lock()
_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    with _lock:
        if _installed:
            return
        from reportlab.lib import textsplit
        from reportlab.platypus import paragraph

        # one-fragment paragraphs break in textsplit.dumbSplit, the others in paragraph.cjkFragSplit
        for module in (textsplit, paragraph):
            current = getattr(module, "ALL_CANNOT_START", None)
            if isinstance(current, str):
                module.ALL_CANNOT_START = current + "".join(c for c in CHINESE_CANNOT_START if c not in current)
        from inspector.documents import linebreak

        linebreak.install()  # no line starts with two closing marks, none ends with an opening one
        plain = getattr(paragraph, "_justifyDrawParaLine", None)
        if callable(plain):
            paragraph._justifyDrawParaLine = _justify_plain(paragraph, plain)
        frags = getattr(paragraph, "_justifyDrawParaLineX", None)
        put = getattr(paragraph, "_putFragLine", None)
        if callable(frags) and callable(put):
            paragraph._justifyDrawParaLineX = _justify_frags(paragraph, frags, put)
        _installed = True


def _justify_plain(paragraph, original):
    """Lines of a one-fragment paragraph: ``words`` is ``[text]``."""

    def justify(tx, offset, extraspace, words, last=0):
        text = "".join(words)
        if (getattr(tx, "direction", None) != "CJK" or last or abs(extraspace) <= 1e-6 or len(words) != 1
                or len(text) < 2 or getattr(tx, "preformatted", False)):
            return original(tx, offset, extraspace, words, last)
        paragraph.setXPos(tx, offset)
        tx.setCharSpace(extraspace / (len(text) - 1))
        tx._textOut(text, 1)
        tx.setCharSpace(0)
        paragraph.setXPos(tx, -offset)
        return offset

    justify.__wrapped__ = original  # type: ignore[attr-defined]
    return justify


def _justify_frags(paragraph, original, put):
    """Lines of a paragraph with several fragments (markup, fonts): ``line.words`` are fragments."""

    def justify(tx, offset, line, last=0):
        extra = getattr(line, "extraSpace", 0.0)
        if (getattr(tx, "direction", None) != "CJK" or last or getattr(line, "lineBreak", False)
                or abs(extra) <= 1e-6):
            return original(tx, offset, line, last)
        glyphs = sum(len(w.text) for w in line.words if not hasattr(w, "cbDefn") and isinstance(w.text, str))
        if glyphs < 2:
            return original(tx, offset, line, last)
        tx._x_offset = offset
        paragraph.setXPos(tx, offset)
        tx.setCharSpace(extra / (glyphs - 1))
        put(offset, tx, line, last, "justify")
        tx.setCharSpace(0)
        paragraph.setXPos(tx, -offset)

    justify.__wrapped__ = original  # type: ignore[attr-defined]
    return justify

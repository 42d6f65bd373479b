"""Where a line of Chinese may break: ReportLab's two CJK splitters with the rules it leaves out.

ReportLab breaks CJK text "like a knife" between characters and, when the character that no longer
fits may not start a line (，。）…), hangs that one character in the margin. Chinese text often has two
such characters in a row (``），`` ``。”``): the second then starts the next line. It also lets an
opening bracket (（《“〔) end a line. Here, as in Chinese typesetting (GB/T 15834 and the 行首/行末禁则):

* when the character after the hung one may not start a line either, the line breaks earlier, before
  the last character that may, which goes down with the punctuation (``…1号`` / ``号），列明…``);
* an opening bracket or quotation mark at the end of a line goes down to the next.

The rest is ReportLab's algorithm unchanged (the Latin-word backtracking, hard line breaks, the
widths and the extra space per line), so justification (:mod:`inspector.documents.cjk`) works as before.
:func:`dumb_split` replaces ``reportlab.lib.textsplit.dumbSplit`` (one-fragment paragraphs) and
:func:`frag_split` replaces ``reportlab.platypus.paragraph.cjkFragSplit`` (paragraphs with markup).
"""

from __future__ import annotations

from unicodedata import category

CANNOT_END = "（《〈「『【〔〖〘“‘"
"""Opening brackets and quotation marks: never the last character of a line."""
_FUZZ = 1e-6


def _cannot_start() -> str:
    from reportlab.platypus import paragraph

    return paragraph.ALL_CANNOT_START


def breaks(chars, widths: list[float], hard: list[bool] | None, max_widths: list[float]):
    """``(start, end, extra_space, line_break)`` of every line but the last, then the rest as
    ``(start, len, extra, False)``; ``chars[i]`` is one character (or an empty fragment)."""
    cannot = _cannot_start()
    lines = []
    i = used = start = 0
    max_width = max_widths[0]
    n = len(chars)
    while i < n:
        w = widths[i]
        c = chars[i]
        used += w
        i += 1
        line_break = bool(hard and hard[i - 1])
        if (used > max_width + _FUZZ and used > 0) or line_break:
            extra = max_width - used
            if not line_break:
                if c and ord(c[0]) < 0x3000:  # inside a Latin word: back to a space or a CJK character
                    limit = (start + i) >> 1
                    for j in range(i - 1, limit, -1):
                        cj = chars[j]
                        if (cj and category(cj[0]) == "Zs") or (cj and ord(cj[0]) >= 0x3000):
                            k = j + 1
                            if k < i:
                                j = k + 1
                                extra += sum(widths[j:i])
                                w, c, i = widths[k], chars[k], j
                                break
                if c not in cannot and i > start + 1:
                    i -= 1  # the character goes down to the next line
                    extra += w
                elif i < n and chars[i] and chars[i] in cannot:
                    # c hangs, but the next one may not start a line either: break before the last
                    # character that may start one, and take it down with the punctuation
                    k = i - 1
                    while k > start + 1 and chars[k] and chars[k] in cannot:
                        k -= 1
                    if k > start + 1:
                        extra += sum(widths[k:i])
                        i = k
                while i - 1 > start + 1 and chars[i - 1] and chars[i - 1] in CANNOT_END:
                    i -= 1  # an opening bracket goes down with what it opens
                    extra += widths[i]
            lines.append((start, i, extra, line_break))
            max_width = max_widths[min(len(lines), len(max_widths) - 1)]
            start = i
            used = 0
    if used > 0:
        lines.append((start, n, max_width - used, False))
    return lines


def dumb_split(word, widths, maxWidths):  # noqa: N803 (ReportLab's signature)
    """``textsplit.dumbSplit``: ``[[extra_space, text], ...]`` for one run of text."""
    if not isinstance(maxWidths, (list, tuple)):
        maxWidths = [maxWidths]
    found = breaks(word, widths, None, list(maxWidths))
    out = []
    for number, (start, end, extra, _) in enumerate(found):
        text = word[start:end]
        out.append([extra, text if number == len(found) - 1 and end == len(word) else text.strip()])
    return out


def frag_split(frags, maxWidths, calcBounds, encoding="utf8"):  # noqa: N803
    """``paragraph.cjkFragSplit``: the lines of a paragraph of several fragments."""
    from reportlab.platypus import paragraph

    units = []
    for f in frags:
        text = f.text
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text:
            units.extend(paragraph.cjkU(t, f, encoding) for t in text)
        else:
            units.append(paragraph.cjkU(text, f, encoding))
    widths = []
    for u in units:
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = maxWidths[0]
            w = w.normalizedValue(maxWidths[0])
        widths.append(w)
    hard = [hasattr(u.frag, "lineBreak") for u in units]
    lines = []
    for number, (start, end, extra, line_break) in enumerate(breaks(units, widths, hard, list(maxWidths))):
        max_width = maxWidths[min(number, len(maxWidths) - 1)]
        lines.append(paragraph.makeCJKParaLine(units[start:end], max_width, max_width - extra, extra, line_break,
                                               calcBounds))
    return paragraph.ParaLines(kind=1, lines=lines)


def install() -> bool:
    """Put the two splitters in place of ReportLab's; False (nothing changed) if its shape is not as expected."""
    from reportlab.lib import textsplit
    from reportlab.platypus import paragraph

    needed = (callable(getattr(textsplit, "dumbSplit", None)), callable(getattr(paragraph, "cjkFragSplit", None)),
              callable(getattr(paragraph, "cjkU", None)), callable(getattr(paragraph, "makeCJKParaLine", None)),
              callable(getattr(paragraph, "ParaLines", None)), isinstance(getattr(paragraph, "ALL_CANNOT_START", None), str))
    if not all(needed):
        return False
    textsplit.dumbSplit = dumb_split
    paragraph.cjkFragSplit = frag_split
    return True

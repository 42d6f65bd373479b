"""Sorting names as a Chinese reader expects: by pinyin, not by Unicode code point.

:func:`pinyin_key` is the one sort key for names (departments everywhere: the UI's lists,
the command line, the API). It needs no dictionary: the 3755 characters of GB 2312's first
level (the common ones, over 99 % of the characters of ordinary text) are laid out in
pinyin order, so a character's place in that table is its place in pinyin order, and the
table's boundaries give its initial letter, so Latin letters sort among them (``ABC`` with
the names whose pinyin starts with a).

Limits, accepted for names: a character with several readings sorts at the one GB 2312
gives it (长 at cháng, 重 at zhòng, 行 at xíng); the rarer characters (GB 2312's second
level, GBK and beyond) sort after every common one, among themselves by radical and
strokes. A full pinyin dictionary (pypinyin) would be 3.4 MB of data in the packaged
application, which has 2 MB left below its size target (docs/packaging.md).
"""

from __future__ import annotations

import functools
import unicodedata
from bisect import bisect_right

# The first GB 2312 code of each initial letter's block (no pinyin starts with i, u or v).
_BLOCKS = ((0xB0A1, "a"), (0xB0C5, "b"), (0xB2C1, "c"), (0xB4EE, "d"), (0xB6EA, "e"), (0xB7A2, "f"),
           (0xB8C1, "g"), (0xB9FE, "h"), (0xBBF7, "j"), (0xBFA6, "k"), (0xC0AC, "l"), (0xC2E8, "m"),
           (0xC4C3, "n"), (0xC5B6, "o"), (0xC5BE, "p"), (0xC6DA, "q"), (0xC8BB, "r"), (0xC8F6, "s"),
           (0xCBFA, "t"), (0xCDDA, "w"), (0xCEF4, "x"), (0xD1B9, "y"), (0xD4D1, "z"))
_STARTS = [code for code, _ in _BLOCKS]
_LEVEL1 = range(0xB0A1, 0xD7FA)          # 啊 … 座

_PUNCT, _DIGIT, _LETTER, _RARE = range(4)


@functools.lru_cache(maxsize=1 << 14)  # a few thousand distinct characters cover every name a vault holds
def _char_key(c: str) -> tuple[int, int, int]:
    if c.isascii():
        if c.isdigit():
            return (_DIGIT, ord(c), 0)
        if c.isalpha():
            return (_LETTER, ord(c.lower()), 0)
        return (_PUNCT, ord(c), 0)
    try:
        raw = c.encode("gb2312")
    except UnicodeEncodeError:
        raw = b""
    code = int.from_bytes(raw, "big") if len(raw) == 2 else 0
    if code in _LEVEL1:
        initial = _BLOCKS[bisect_right(_STARTS, code) - 1][1]
        return (_LETTER, ord(initial), code)
    if unicodedata.category(c) == "Lo":       # a rarer character: after the common ones
        try:
            rank = int.from_bytes(c.encode("gb18030"), "big")
        except UnicodeEncodeError:
            rank = ord(c)
        return (_RARE, rank, 0)
    if c.isdigit():
        return (_DIGIT, ord(c), 0)
    return (_PUNCT, ord(c), 0)


@functools.lru_cache(maxsize=16384)  # a campaign's department names, sorted on every load of its lists
def pinyin_key(text: str) -> tuple:
    """The sort key of ``text``: by pinyin (see the module docstring), digits before letters,
    punctuation first, case ignored; full-width forms sort as their ASCII twins."""
    folded = unicodedata.normalize("NFKC", text or "").strip()
    return (tuple(_char_key(c) for c in folded if not c.isspace()), folded)


def by_pinyin(rows, key: str = "name") -> list:
    """``rows`` (dicts) sorted by :func:`pinyin_key` of ``row[key]``."""
    return sorted(rows, key=lambda row: pinyin_key(row[key]))

"""Wording helpers of the notice (the 署名/日期 block and the 版记 are in :mod:`inspector.documents.official`)."""

from __future__ import annotations

from inspector import regulation


def clause_of(article: int, prefix: str) -> str:
    """One numbered clause of an article (``（三）实地检查。…``) without its number."""
    for line in regulation.article(article).text.split("\n"):
        if line.startswith(prefix):
            return line[len(prefix):].strip()
    raise KeyError(f"article {article} has no clause {prefix}")


def numbers_text(numbers: list[int]) -> str:
    """``1、3、5`` — finding numbers as the body text cites them."""
    return "、".join(str(n) for n in numbers)

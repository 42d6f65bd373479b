"""How a benchmark's figures appear in ``docs/PERFORMANCE.md``: one :class:`Report` beside each bench's ``main``.

:mod:`tests.bench.report` runs the benches and writes the file from these
declarations, so the table shape is written once (here) and each bench says
only which of its figures go in it, against which baseline and target, and what
explains a missed target (text with ``{figure}`` fields filled from the same
run, so a regenerated report stays true).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    """One measure: a figure of ``main()``'s dict, its baseline from the same run, its target."""

    label: str
    key: str
    unit: str  # "ms", "s" or "MB"
    baseline: str | None = None  # key of the baseline's figure
    baseline_label: str = ""  # what the baseline is, e.g. "bare PySide6 window"
    ratio: str | None = None  # key of the ratio when the bench computes it; else figure / baseline
    target: str = ""  # as the table shows it, e.g. "≤ 1.5× baseline"; empty: for information
    check: tuple[str, float] | None = None  # (key, limit): the target is met when figures[key] ≤ limit


@dataclass(frozen=True)
class Report:
    """A bench's section of the report."""

    title: str
    conditions: str  # what was measured, with {figure} fields, e.g. "{findings:.0f} findings"
    rows: list[Row]
    quick: list[str]  # arguments of a small, fast run (the smoke test's)
    explain: dict[str, str] = field(default_factory=dict)  # check key → why it is missed (profile findings)
    notes: str = ""  # shown whether or not the targets are met, with {figure} fields


def fmt(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    digits = {"ms": 1, "s": 2, "MB": 0}.get(unit, 2)
    if value and abs(value) < 10 ** -digits * 100:  # small figures (quick runs) keep two significant digits
        digits = max(digits, 1 - math.floor(math.log10(abs(value))))
    return f"{value:,.{digits}f} {unit}".replace(",", " ")


def ratio_of(row: Row, figures: dict[str, float]) -> float | None:
    if row.ratio is not None:
        return figures.get(row.ratio)
    if row.baseline is None or not figures.get(row.baseline):
        return None
    return figures[row.key] / figures[row.baseline]


def verdict(row: Row, figures: dict[str, float]) -> str:
    """"met", "missed", or "" for a figure without a target (or one the run did not produce)."""
    if row.check is None:
        return ""
    key, limit = row.check
    value = figures.get(key)
    if value is None or math.isnan(value):
        return ""
    return "met" if value <= limit else "missed"


def filled(text: str, figures: dict[str, float]) -> str:
    """``text`` with its ``{figure}`` fields from ``figures``; a field the run lacks stays as ``{name}``."""

    class Missing:
        def __init__(self, name: str) -> None:
            self.name = name

        def __format__(self, spec: str) -> str:
            return "{" + self.name + "}"

    class Fields(dict):
        def __missing__(self, key: str) -> Missing:
            return Missing(key)

    return text.format_map(Fields(figures))

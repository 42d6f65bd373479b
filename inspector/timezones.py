"""Beijing time (UTC+8): the one zone every time is shown in, whatever the machine's own zone.

The vault stores UTC (:mod:`inspector.model.types`); the official documents,
the application and the command line show 北京时间, because the regulation's
users are in China and a record read in Beijing must say the same time as
the PDF printed from it, even on a laptop set to another zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

CHINA_TIME = timezone(timedelta(hours=8), "UTC+8")
"""China Standard Time (no daylight saving)."""

ZONE_ZH, ZONE_EN = "北京时间", "Beijing time, UTC+8"
"""How a shown time's zone is named, once per screen or listing."""


def in_china(value: datetime) -> datetime:
    """A stored time in Beijing time; a naive value is UTC (as the vault stores it)."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(CHINA_TIME)


def china_minutes(value: datetime | None, empty: str = "—") -> str:
    """``2026-12-05 14:30`` in Beijing time, or ``empty``."""
    return in_china(value).strftime("%Y-%m-%d %H:%M") if value is not None else empty


def china_day(value: datetime) -> date:
    """The calendar day in Beijing of a stored time."""
    return in_china(value).date()


def china_now() -> datetime:
    return datetime.now(CHINA_TIME)


def china_today() -> date:
    """Today's date in Beijing: what "today" means for deadlines, overdue findings and the day's schedule,
    whatever the machine's own zone."""
    return china_now().date()

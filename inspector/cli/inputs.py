"""What the commands that change official records share: dates and article lists typed on the command line,
times shown in China Standard Time, and the hint a refused change carries (which option or command to use).

The rules themselves are the core's (:mod:`inspector.lifecycle`); a refusal arrives here as a
:class:`~inspector.errors.BadInputError` with its Chinese and English message, and leaves through
:func:`inspector.cli.base.main` as exit 4, both languages, no traceback.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime, timezone
from typing import Iterator

import click

from inspector.errors import InspectorError
from inspector.lifecycle import SignatureWouldVoid
from inspector.timezones import CHINA_TIME, china_minutes

CHINA_TZ = CHINA_TIME  # inspector.timezones


class DateType(click.ParamType):
    """``YYYY-MM-DD``; anything else is wrong usage (exit 2), said in both languages."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"“{value}”不是有效日期（应为 YYYY-MM-DD）/ '{value}' is not a date (YYYY-MM-DD)", param, ctx)


DATE = DateType()


def parse_articles(text: str) -> list[int]:
    """``"9,12"`` (also ``9、12`` or ``9 12``) → ``[9, 12]``; an empty text clears them. The core checks that the
    regulation has each article."""
    parts = [p for p in re.split(r"[,，、\s]+", text.strip()) if p]
    numbers = []
    for p in parts:
        if not p.isdigit():
            raise click.BadParameter(f"“{p}”不是条款编号（例如 --articles 9,12）/ '{p}' is not an article number "
                                     "(for example --articles 9,12)", param_hint="--articles")
        numbers.append(int(p))
    return numbers


def shown_time(at: datetime | None) -> str:
    """A stored (UTC) time as people on site read it: China Standard Time, minutes."""
    return china_minutes(at)


def shown_day(at: datetime | None) -> str:
    """The date (China Standard Time) of a stored time, as the documents print an escalation's."""
    return shown_time(at)[:10] if at is not None else ""


def day_at(d: date) -> datetime:
    """A date typed on the command line as the moment stored for it: now if it is today (China), else noon of
    that day in China (the documents print the date only)."""
    now = datetime.now(timezone.utc)
    if d == now.astimezone(CHINA_TZ).date():
        return now
    return datetime(d.year, d.month, d.day, 12, 0, tzinfo=CHINA_TZ).astimezone(timezone.utc)


def add_hint(exc: InspectorError, zh: str, en: str, *, en_sep: str = " ") -> InspectorError:
    """The core's refusal, with what to type instead appended in both languages (same kind, same exit code)."""
    exc.zh = f"{exc.zh}{zh}"
    exc.en = f"{exc.en}{en_sep}{en}"
    return exc


@contextlib.contextmanager
def confirm_with_option(option: str = "--void-signature") -> Iterator[None]:
    """A change that would void the representative's signature is refused unless the user confirmed it: say
    whose signature and how to confirm."""
    try:
        yield
    except SignatureWouldVoid as exc:
        raise add_hint(exc, f"如确认，请加 {option} 重新运行。", f"To confirm, run it again with {option}.")


revision_option = click.option(
    "--revision", "revision", type=click.IntRange(min=0), default=None, metavar="N",
    help="只在记录仍为第 N 次修订时修改，否则拒绝（见 show --json 的 revision；供脚本使用）/ refuse if the record "
         "changed since revision N (the revision of show --json; for scripts)")
"""Two people editing the same record (issue 20): a script hands the revision it read; a change saved meanwhile by
someone else is refused (:class:`inspector.concurrency.StaleEditError`: exit 7, both languages, nothing written)."""

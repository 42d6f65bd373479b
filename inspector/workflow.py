"""The rules of a finding's status flow (art. 32 (3)(4), art. 33).

::

    draft ──► notified ──► rectifying ──► reported ──► verified ──► closed
                  │                         ▲  │                       │
                  └─────────────────────────┘  ▼                       │
                                           reopened ◄──────────────────┘

* ``draft → notified`` only through an issued rectification notice.
* ``reported`` means the department has reported its rectification (imported
  from its form); the office then verifies it (``verified``) or, when the
  measures fall short, reopens it (``reopened``) with a reason.
* A closed finding can be reopened after a re-inspection; a reopened finding
  needs a new deadline and goes back to rectifying or is reported again.
* A re-inspection (复查) that finds an item 符合 verifies its findings even
  when the department never reported (:data:`BY_REINSPECTION`): the office saw
  the rectification on site. Only a re-inspection takes these steps.

These rules are data: the UI asks :func:`allowed` which buttons to show, and
:func:`check` refuses everything else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_

from inspector.errors import TransitionError
from inspector.model.enums import FindingStatus as S

TRANSITIONS: dict[S, tuple[S, ...]] = {
    S.DRAFT: (S.NOTIFIED,),
    S.NOTIFIED: (S.RECTIFYING, S.REPORTED),
    S.RECTIFYING: (S.REPORTED,),
    S.REPORTED: (S.VERIFIED, S.REOPENED),
    S.VERIFIED: (S.CLOSED, S.REOPENED),
    S.CLOSED: (S.REOPENED,),
    S.REOPENED: (S.RECTIFYING, S.REPORTED),
}

BY_REINSPECTION: dict[S, tuple[S, ...]] = {S.NOTIFIED: (S.VERIFIED,), S.RECTIFYING: (S.VERIFIED,),
                                          S.REOPENED: (S.VERIFIED,)}
"""Steps only a completed re-inspection takes (its verdict 符合 on the finding's item), never a button."""

NEEDS_REASON = {S.REOPENED}
OPEN_STATUSES = frozenset({S.NOTIFIED, S.RECTIFYING, S.REOPENED})
"""Statuses in which the department still owes a rectification (deadline watched)."""


@dataclass(frozen=True)
class TransitionContext:
    """What the rules look at besides the two statuses."""

    has_notice: bool = False
    reason: str = ""
    deadline: date | None = None
    reinspection: bool = False
    """The step follows from a completed re-inspection's verdict (:data:`BY_REINSPECTION`)."""


def allowed(current: S) -> tuple[S, ...]:
    return TRANSITIONS.get(current, ())


BY_ISSUING = frozenset({S.NOTIFIED})
"""Statuses only issuing a rectification notice sets, never a button."""


def by_hand(current: S) -> tuple[S, ...]:
    """The steps a user can take from ``current`` (all allowed ones but those that come from issuing)."""
    return tuple(t for t in allowed(current) if t not in BY_ISSUING)


def _not_allowed(current: S, target: S) -> TransitionError:
    return TransitionError(f"问题状态不能从“{current.zh}”变为“{target.zh}”。",
                           f"A finding cannot go from {current.value} to {target.value}.")


def _only_by_issuing() -> TransitionError:
    return TransitionError("只有签发整改通知书后，问题才能变为“已通知”。",
                           "A finding becomes notified only through an issued rectification notice.")


def check_by_hand(current: S, target: S) -> None:
    """Refuse a step a user may not take by hand (``notified`` comes only from issuing a notice)."""
    if target in BY_ISSUING:
        raise _only_by_issuing()
    if target not in by_hand(current):
        raise _not_allowed(current, target)


def check(current: S, target: S, ctx: TransitionContext) -> None:
    """Raise :class:`TransitionError` unless ``current → target`` is allowed in ``ctx``."""
    extra = BY_REINSPECTION.get(current, ()) if ctx.reinspection else ()
    if target not in allowed(current) and target not in extra:
        raise _not_allowed(current, target)
    if target is S.NOTIFIED and not ctx.has_notice:
        raise _only_by_issuing()
    if target in NEEDS_REASON and not ctx.reason.strip():
        raise TransitionError(
            f"变为“{target.zh}”需要填写原因。",
            f"Moving to {target.value} needs a reason.",
        )
    if target is S.REOPENED and ctx.deadline is None:
        raise TransitionError(
            "重新打开问题时需要设定新的整改期限。",
            "Reopening a finding needs a new rectification deadline.",
        )


# ---- the one overdue rule ------------------------------------------------------------------


def days_left(status: S, deadline: date | None, today: date) -> int | None:
    """Days until the deadline (negative: overdue), only while the department still owes a rectification."""
    if deadline is None or S(status) not in OPEN_STATUSES:
        return None
    return (deadline - today).days


def is_overdue(status: S, deadline: date | None, today: date) -> bool:
    """An open status (:data:`OPEN_STATUSES`), a deadline, and the deadline passed."""
    left = days_left(status, deadline, today)
    return left is not None and left < 0


def overdue_where(status: ColumnElement, deadline: ColumnElement, today: date) -> ColumnElement[bool]:
    """:func:`is_overdue` as a SQL condition on a finding's status and deadline columns."""
    return and_(status.in_(sorted(s.value for s in OPEN_STATUSES)), deadline.is_not(None), deadline < today)

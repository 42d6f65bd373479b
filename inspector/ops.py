"""The two units of work on a vault: a read and a write (the core half of Anki's ``QueryOp``/``CollectionOp``).

``fn`` gets a :class:`~inspector.vault.VaultSession`, opened and closed here::

    rows = ops.read(vault, plans.list_departments)
    done = ops.write(vault, lambda s: plans.create_department(s, name="市教育局").id)
    done.result, done.changes          # the new id, Changes(areas={DEPARTMENTS})

A read is rolled back at the end (a write inside it is a bug and raises); a
write commits and reports every area it changed — also what the vault-level
services it calls commit in sessions of their own (``s.vault``), such as a
bundle's import. Long work reads ``s.progress`` and ``s.cancel``.

The UI runs these on its worker (:meth:`ui.context.AppContext.read` and
:meth:`~ui.context.AppContext.write`); scripts and tests call them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Generic, TypeVar

from inspector import changes
from inspector.changes import Changes
from inspector.progress import CancelToken, ProgressFn

if TYPE_CHECKING:
    from inspector.vault import Vault, VaultSession

T = TypeVar("T")


@dataclass(frozen=True)
class Written(Generic[T]):
    """What a write returned, and what it changed."""

    result: T
    changes: Changes


def read(vault: Vault, fn: Callable[[VaultSession], T], progress: ProgressFn | None = None,
         cancel: CancelToken | None = None) -> T:
    """``fn(session)`` in a session that is never committed."""
    with vault.session(progress=progress, cancel=cancel, read_only=True) as s:
        return fn(s)


def write(vault: Vault, fn: Callable[[VaultSession], T], progress: ProgressFn | None = None,
          cancel: CancelToken | None = None) -> Written[T]:
    """``fn(session)``, committed; with the areas of everything committed meanwhile."""
    with changes.recording() as recorder:
        with vault.session(progress=progress, cancel=cancel) as s:
            result = fn(s)
    return Written(result, recorder.changes)

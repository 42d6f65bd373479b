"""What the sync page shows, read in one session: bundles exchanged, open conflicts, who can receive an export.

The rows are plain dataclasses (never ORM objects, which must not outlive
their session):

* :func:`history` — bundles made and applied, with the other parties named as
  this vault's trust store names them;
* :func:`open_conflicts` — each open conflict with *every* field of the record
  (:func:`inspector.sync.conflicts.list_conflicts` lists only the differences),
  so the user sees the whole record, the differences first;
* :func:`export_setup` — who signs an export and which trusted certificates can
  receive one (this vault's own identities left out: the sender is always a
  recipient too); :func:`recipient_from_file` — a recipient from a certificate file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from inspector.errors import InspectorError
from inspector.sync import conflicts, records

HISTORY_LIMIT = 200
_QUIET_SUFFIXES = ("_id", "_sha256")  # references: shown only when they differ


# ---- history -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    """One bundle made (``out``) or applied (``in``)."""

    id: str
    direction: str
    parties: tuple[str, ...]
    """For ``in`` the sender's name, for ``out`` the recipients' names (as this vault's trust store calls them)."""
    scope: str
    created_at: datetime | None
    processed_at: datetime | None
    filename: str
    counts: dict[str, int] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)


def history(session: Session, limit: int = HISTORY_LIMIT) -> list[HistoryRow]:
    """Bundles made and applied, newest first; a recipient not in the trust store by its fingerprint's beginning."""
    from inspector.signing import trust

    names = {t.fingerprint: t.label or t.subject for t in trust.list_trusted(session)}
    rows = []
    for b in conflicts.history(session, limit=limit):
        parties = ((b.sender_name,) if b.direction == "in"
                   else tuple(names.get(fp, fp[:16].upper()) for fp in b.recipients))
        rows.append(HistoryRow(id=b.id, direction=b.direction, parties=parties, scope=b.scope,
                               created_at=b.created_at, processed_at=b.processed_at, filename=b.filename,
                               counts=dict(b.counts or {}), flags=list(b.flags or [])))
    return rows


# ---- conflicts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldRow:
    """One field of a conflicting record, both versions side by side."""

    name: str
    local: Any
    incoming: Any
    differs: bool


@dataclass(frozen=True)
class ConflictItem:
    """An open conflict as the page shows it: the core's row and every field of the record for context."""

    id: str
    table: str
    record_id: str
    kind: str
    title: str
    sender: str
    detected_at: datetime | None
    local_updated_at: str
    incoming_updated_at: str
    fields: list[FieldRow] = field(default_factory=list)
    note_zh: str = ""
    note_en: str = ""
    """Why the incoming version waits when content is frozen here (completed, issued, signed) and what the user can
    do (:attr:`inspector.sync.conflicts.ConflictRow.note_zh`); empty for a plain conflict."""
    held: bool = False
    """A new record held back: there is no local version."""

    @property
    def differing(self) -> int:
        return sum(1 for f in self.fields if f.differs)


def open_conflicts(session: Session) -> list[ConflictItem]:
    """The open conflicts, each with every field of its record: the differences first, then the rest in the
    record's order (references such as ``*_id`` only when they differ; bookkeeping never)."""
    items = []
    for c in conflicts.list_conflicts(session):
        differing = {f.name: f for f in c.fields}
        local = session.get(records.BY_NAME[c.table], c.record_id)
        mine = records.to_dict(local) if local is not None else {}
        rows = []
        for name, value in mine.items():
            if name in conflicts.HIDDEN:
                continue
            if name in differing:
                rows.append(FieldRow(name, differing[name].local, differing[name].incoming, True))
            elif not name.endswith(_QUIET_SUFFIXES):
                rows.append(FieldRow(name, value, value, False))
        rows += [FieldRow(f.name, f.local, f.incoming, True) for f in c.fields if f.name not in mine]
        rows.sort(key=lambda r: not r.differs)  # stable: the differences first, each part in the record's order
        items.append(ConflictItem(id=c.id, table=c.table, record_id=c.record_id, kind=c.kind, title=c.title,
                                  sender=c.sender, detected_at=c.detected_at, local_updated_at=c.local_updated_at,
                                  incoming_updated_at=c.incoming_updated_at, fields=rows, note_zh=c.note_zh,
                                  note_en=c.note_en, held=c.held))
    return items


# ---- the page at once --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Overview:
    history: list[HistoryRow] = field(default_factory=list)
    conflicts: list[ConflictItem] = field(default_factory=list)


def overview(session: Session, limit: int = HISTORY_LIMIT) -> Overview:
    """The bundles exchanged and the open conflicts."""
    return Overview(history=history(session, limit), conflicts=open_conflicts(session))


# ---- setting up an export --------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    name: str
    fingerprint: str
    spec: str
    """What :func:`~inspector.sync.exporter.export_bundle` is given: the fingerprint, or a certificate file."""
    from_file: bool = False


@dataclass(frozen=True)
class ExportSetup:
    sender: str
    """The signer's name, or "" when this vault has no identity that can sign."""
    problem: InspectorError | None
    """Why nobody can sign (no identity, or only expired ones), when ``sender`` is ""."""
    own: frozenset[str]
    """The fingerprints of this vault's own identities."""
    recipients: list[Recipient] = field(default_factory=list)


def export_setup(session: Session) -> ExportSetup:
    """Who signs an export and who can receive it (trusted certificates, this vault's own left out)."""
    from inspector.signing import identity
    from inspector.sync import exporter

    own = frozenset(i.fingerprint for i in identity.list_identities(session))
    try:
        sender, problem = identity.load_identity(session).name, None
    except InspectorError as err:
        sender, problem = "", err
    recipients = [Recipient(p.name, p.fingerprint, p.fingerprint)
                  for p in exporter.recipient_choices(session) if p.fingerprint not in own]
    return ExportSetup(sender, problem, own, recipients)


def recipient_from_file(session: Session, path: Path | str) -> Recipient:
    """A recipient from a certificate file (one certificate, a key that can receive), refused otherwise."""
    from inspector.sync import exporter

    party = exporter.resolve_recipient(session, str(path))
    return Recipient(party.name, party.fingerprint, str(path), from_file=True)

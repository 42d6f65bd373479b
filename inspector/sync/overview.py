"""What the sync page shows, read in one session: bundles exchanged, open conflicts, who can receive an export.

The rows are plain dataclasses (never ORM objects, which must not outlive
their session):

* :func:`history` — bundles made and applied, with the other parties named as
  this vault's trust store names them, and for each bundle sent whether the
  office hub acknowledged holding it (:mod:`inspector.sync.acks`) and when;
* :func:`acknowledgements` — how many of the bundles this vault sent the office
  hub has acknowledged, once any acknowledgement was imported here;
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
from inspector.sync import acks, conflicts, records
from inspector.tombstones import title_of

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
    acknowledged_at: datetime | None = None
    """For a bundle sent (``out``): when an acknowledgement from the office hub named it (the office holds it);
    None while none has (or for a bundle that is not one the office acknowledges: received, or an ack itself)."""

    @property
    def awaits_ack(self) -> bool:
        """A bundle sent that an acknowledgement could name: anything this vault sent but an acknowledgement."""
        return self.direction == "out" and self.scope != acks.SCOPE


def history(session: Session, limit: int = HISTORY_LIMIT) -> list[HistoryRow]:
    """Bundles made and applied, newest first; a recipient not in the trust store by its fingerprint's beginning."""
    from inspector.signing import certs, trust

    names = {t.fingerprint: t.label or certs.person_text(t.subject) for t in trust.list_trusted(session)}
    rows = []
    for b in conflicts.history(session, limit=limit):
        parties = ((b.sender_name,) if b.direction == "in"
                   else tuple(names.get(fp, certs.pretty_fingerprint(fp, short=True)) for fp in b.recipients))
        rows.append(HistoryRow(id=b.id, direction=b.direction, parties=parties, scope=b.scope,
                               created_at=b.created_at, processed_at=b.processed_at, filename=b.filename,
                               counts=dict(b.counts or {}), flags=list(b.flags or []),
                               acknowledged_at=b.acknowledged_at if b.direction == "out" else None))
    return rows


@dataclass(frozen=True)
class Acknowledgements:
    """What the office hub holds of this vault's bundles, as its acknowledgements said (:mod:`inspector.sync.acks`)."""

    received: int = 0
    """Acknowledgements imported here (0: this vault never heard from a hub; nothing is "unconfirmed" then)."""
    sent: int = 0
    """Bundles this vault sent that an acknowledgement could name (every one sent but acknowledgements)."""
    acknowledged: int = 0
    """Of those, how many an acknowledgement named."""
    last_at: datetime | None = None
    """When the latest acknowledgement named one (None: never)."""

    @property
    def unconfirmed(self) -> int:
        return self.sent - self.acknowledged


def acknowledgements(session: Session) -> Acknowledgements:
    """How many of the bundles this vault sent the office hub has acknowledged (counted over all of them, not only
    the :data:`HISTORY_LIMIT` newest the history lists)."""
    from sqlalchemy import func
    from sqlmodel import select

    from inspector.model import SyncBundle

    received = session.exec(select(func.count()).select_from(SyncBundle)
                            .where(SyncBundle.direction == "in", SyncBundle.scope == acks.SCOPE)).one()
    sent, acknowledged, last = session.exec(
        select(func.count(), func.count(SyncBundle.acknowledged_at), func.max(SyncBundle.acknowledged_at))
        .where(SyncBundle.direction == "out", SyncBundle.scope != acks.SCOPE)).one()
    return Acknowledgements(received=received, sent=sent, acknowledged=acknowledged, last_at=last)


# ---- conflicts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldRow:
    """One field of a conflicting record, both versions side by side."""

    name: str
    local: Any
    incoming: Any
    differs: bool
    local_ref: str = ""
    incoming_ref: str = ""
    """For a reference (``department_id``…): the referenced record as a person names it (:func:`record_name`),
    so the page never shows an id; "" when the value is no record here."""


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


_NAME_PARTS = 3
_own_name = title_of  # a record's own name: its title, name, number, code or file name ("" when none)


def _references(table: str) -> dict[str, str]:
    """{column: referenced synchronised table} of ``table``."""
    model = records.BY_NAME.get(table)
    if model is None:
        return {}
    return {col.name: fk.column.table.name for col in model.__table__.columns for fk in col.foreign_keys
            if fk.column.table.name in records.BY_NAME}


def reference_name(session: Session, table: str, column: str, value: Any, depth: int = 1) -> str:
    """The record ``value`` refers to through ``table.column``, named by :func:`record_name`; "" if none here."""
    target = _references(table).get(column)
    if target is None or not isinstance(value, str) or not value:
        return ""
    ref = session.get(records.BY_NAME[target], value)
    return record_name(session, target, records.to_dict(ref), depth) if ref is not None else ""


def record_name(session: Session, table: str, row: dict[str, Any] | None, depth: int = 2) -> str:
    """A record as a person names it, never by its id: its own title, name, number, code or file name; else
    the records it belongs to (a verdict: its checklist item and inspection; an inspection: its plan and
    department), joined with " · "; "" when nothing names it."""
    if not row:
        return ""
    own = _own_name(row)
    if own or depth <= 0:
        return own
    parts: list[str] = []
    for column in _references(table):
        name = reference_name(session, table, column, row.get(column), depth - 1)
        if name and name not in parts:
            parts.append(name)
    return " · ".join(parts[:_NAME_PARTS])


def _field(session: Session, table: str, name: str, local: Any, incoming: Any, differs: bool) -> FieldRow:
    if not name.endswith("_id"):
        return FieldRow(name, local, incoming, differs)
    return FieldRow(name, local, incoming, differs, reference_name(session, table, name, local),
                    reference_name(session, table, name, incoming))


def open_conflicts(session: Session) -> list[ConflictItem]:
    """The open conflicts, each with every field of its record: the differences first, then the rest in the
    record's order (references such as ``*_id`` only when they differ, named by the record they refer to;
    bookkeeping never). A record with no name of its own is titled by the records it belongs to."""
    from inspector.model import SyncConflict

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
                rows.append(_field(session, c.table, name, differing[name].local, differing[name].incoming, True))
            elif not name.endswith(_QUIET_SUFFIXES):
                rows.append(FieldRow(name, value, value, False))
        rows += [_field(session, c.table, f.name, f.local, f.incoming, True) for f in c.fields if f.name not in mine]
        rows.sort(key=lambda r: not r.differs)  # stable: the differences first, each part in the record's order
        title = c.title
        if not _own_name(mine):
            stored = session.get(SyncConflict, c.id)
            title = record_name(session, c.table, mine or (stored.incoming if stored is not None else None)) or ""
        items.append(ConflictItem(id=c.id, table=c.table, record_id=c.record_id, kind=c.kind, title=title,
                                  sender=c.sender, detected_at=c.detected_at, local_updated_at=c.local_updated_at,
                                  incoming_updated_at=c.incoming_updated_at, fields=rows, note_zh=c.note_zh,
                                  note_en=c.note_en, held=c.held))
    return items


# ---- the page at once --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Here:
    """This vault as people name it (its inspector and organisation), not by its ids."""

    name: str = ""
    organisation: str = ""
    created_at: str = ""
    """When the vault was made (UTC, ISO text), "" if unknown."""


def here(session: Session) -> Here:
    """Who this vault is: its own inspector's name and organisation (the vault's organisation if theirs is empty)."""
    from inspector.model import VaultMeta
    from inspector.services import settings

    person = settings.self_inspector(session)
    created = session.get(VaultMeta, "created_at")
    return Here(name=person.name if person else "",
                organisation=(person.organisation if person else "") or settings.get(session, settings.ORG_NAME),
                created_at=created.value if created else "")


@dataclass(frozen=True)
class Overview:
    history: list[HistoryRow] = field(default_factory=list)
    conflicts: list[ConflictItem] = field(default_factory=list)
    here: Here = field(default_factory=Here)
    acks: Acknowledgements = field(default_factory=Acknowledgements)


def overview(session: Session, limit: int = HISTORY_LIMIT) -> Overview:
    """The bundles exchanged, the open conflicts, who this vault is, and what the office hub acknowledged."""
    return Overview(history=history(session, limit), conflicts=open_conflicts(session), here=here(session),
                    acks=acknowledgements(session))


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

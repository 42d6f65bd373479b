"""The hub's ledger of laptop bundles: who sent what, the last bundle of each laptop, and the bundles missing.

Every applied bundle is a ``sync_bundle`` row (direction ``in``): its id, the sender's vault and device, the
sender's audit sequence it starts after (``since_seq``, in the manifest since issue 20) and the one it reaches
(``checkpoint_seq``). A laptop's bundles chain: one that starts after sequence *n* needs an earlier one that
reached *n*; when none did, the events in between are in a bundle the hub never received — a gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, func, select

from inspector import schema
from inspector.model import SyncBundle, SyncConflict
from inspector.sync.importer import SENDER_DEVICE
from inspector.sync.bundle import created_text


@dataclass(frozen=True)
class Gap:
    after: int
    until: int

    def text(self) -> str:
        return f"{self.after + 1}–{self.until}"


def gaps(bundles: list[SyncBundle]) -> list[Gap]:
    """The stretches of one sender's audit sequence that none of ``bundles`` covered."""
    covered = 0
    missing: list[Gap] = []
    for b in sorted(bundles, key=lambda b: (b.since_seq, b.checkpoint_seq)):
        if b.since_seq > covered:
            missing.append(Gap(covered, b.since_seq))
        covered = max(covered, b.checkpoint_seq)
    return missing


def status(session: Session) -> dict[str, Any]:
    """What ``inspector hub status`` shows: the ledger by laptop, the gaps, the open conflicts."""
    from inspector.database import VaultSession

    hub = session.vault if isinstance(session, VaultSession) else None
    rows = session.exec(select(SyncBundle).where(SyncBundle.direction == "in")).all()
    by_sender: dict[str, list[SyncBundle]] = {}
    for row in rows:
        by_sender.setdefault(row.sender_vault_id, []).append(row)
    laptops = []
    for sender, bundles in by_sender.items():
        last = max(bundles, key=lambda b: (b.checkpoint_seq, b.created_at))
        missing = gaps(bundles)
        laptops.append({
            "sender": last.sender_name, "vault_id": sender, "device_id": (last.counts or {}).get(SENDER_DEVICE, ""),
            "bundles": len(bundles), "last_bundle": last.id, "last_made": created_text(last.created_at),
            "last_seq": last.checkpoint_seq, "gap": ", ".join(g.text() for g in missing),
            "gaps": [{"after": g.after, "until": g.until} for g in missing]})
    laptops.sort(key=lambda r: r["sender"])
    conflicts = session.exec(select(func.count()).select_from(SyncConflict)
                             .where(SyncConflict.resolved_at.is_(None))).one()
    return {"hub": getattr(hub, "where", ""), "hub_id": getattr(hub, "vault_id", ""),
            "schema": schema.current_revision(session.connection()), "bundles": len(rows),
            "laptops": laptops, "conflicts": conflicts}

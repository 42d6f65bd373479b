"""Acknowledgements: the hub tells a laptop which of its bundles the office holds (issue 20).

After ingesting a laptop's bundle the hub answers with a bundle of scope ``ack``: no records, signed by the
hub's identity and encrypted to the laptop like any bundle, its manifest carrying::

    "ack": {"vault_id": <the laptop's vault>, "bundles": [<ids of its bundles the hub holds>],
            "through_seq": <the laptop's audit sequence the hub holds everything up to>}

The laptop imports it like any bundle; each of its sent bundles named there gets ``acknowledged_at``, which the
sync page and ``inspector bundle list`` show. A bundle never acknowledged is one to send again.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session, select

from inspector.model import SyncBundle, utcnow

SCOPE = "ack"
MAX_BUNDLES = 100_000


def header(session: Session, laptop_vault_id: str) -> dict[str, Any]:
    """The ``ack`` a hub sends a laptop: every bundle of it the hub holds, and how far it holds the laptop's chain
    without a gap."""
    from inspector.hub.ledger import gaps

    held = session.exec(select(SyncBundle).where(SyncBundle.direction == "in",
                                                 SyncBundle.sender_vault_id == laptop_vault_id)).all()
    missing = gaps(held)
    through = missing[0].after if missing else max((b.checkpoint_seq for b in held), default=0)
    return {"vault_id": laptop_vault_id, "bundles": sorted(b.id for b in held), "through_seq": through}


def parse(manifest: dict[str, Any]) -> dict[str, Any] | None:
    """The manifest's ``ack``, if it has a well-formed one (anything else is ignored: an ack only informs)."""
    ack = manifest.get("ack")
    if not isinstance(ack, dict) or manifest.get("scope") != SCOPE:
        return None
    bundles, through = ack.get("bundles"), ack.get("through_seq")
    if not (isinstance(ack.get("vault_id"), str) and isinstance(bundles, list) and len(bundles) <= MAX_BUNDLES
            and isinstance(through, int) and not isinstance(through, bool) and through >= 0):
        return None
    ids = []
    for b in bundles:
        try:
            ids.append(str(uuid.UUID(str(b))))
        except ValueError:
            return None
    return {"vault_id": ack["vault_id"], "bundles": ids, "through_seq": through}


def take(session: Session, vault_id: str, manifest: dict[str, Any]) -> int:
    """Mark the bundles this vault sent that the ack names; returns how many were newly acknowledged."""
    ack = parse(manifest)
    if ack is None or ack["vault_id"] != vault_id:
        return 0
    named = set(ack["bundles"])
    now, newly = utcnow(), 0
    for row in session.exec(select(SyncBundle).where(SyncBundle.direction == "out")).all():
        if row.id in named and row.acknowledged_at is None:
            row.acknowledged_at = now
            newly += 1
    return newly

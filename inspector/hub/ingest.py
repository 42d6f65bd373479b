"""Ingest: laptop bundles applied on the hub, each all or nothing, and an acknowledgement for each sender.

Every bundle goes through the same import as on a vault (:func:`inspector.sync.importer.import_bundle`):
verified (signature, trust, manifest, every member's hash), decrypted, and applied in one transaction with its
conflicts, tombstones and evidence — or not at all. A bundle applied before changes nothing (idempotent); the
ledger (``sync_bundle``) keeps its id, sender, device and audit sequences (:mod:`inspector.hub.ledger`).

With ``ack_dir``, the hub then writes one acknowledgement bundle per sender (:mod:`inspector.sync.acks`) that the
laptop imports to learn what the office holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from inspector.errors import InspectorError
from inspector.progress import CancelToken, ProgressFn, check, no_progress


@dataclass
class Ingested:
    path: str
    bundle_id: str = ""
    sender: str = ""
    sender_vault_id: str = ""
    applied: bool = False
    already: bool = False
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    flags: list[tuple[str, str]] = field(default_factory=list)
    error: tuple[str, str] | None = None
    """Why the bundle was refused (nothing of it was applied)."""
    ack: str = ""
    """The acknowledgement written for its sender."""


def ingest(hub, paths: list[Path | str], *, ack_dir: Path | None = None, progress: ProgressFn | None = None,
           cancel: CancelToken | None = None) -> list[Ingested]:
    """Apply each bundle of ``paths`` (a refused one is reported and the others still go in)."""
    from inspector.sync import importer

    progress = progress or no_progress
    done: list[Ingested] = []
    senders: dict[str, tuple[str, str]] = {}  # vault id → (fingerprint, name)
    for n, path in enumerate(paths):
        check(cancel)
        progress(n, len(paths), Path(path).name)
        item = Ingested(str(path))
        try:
            result = importer.import_bundle(hub, path, cancel=cancel)
        except InspectorError as exc:
            item.error = (exc.zh, exc.en)
            done.append(item)
            continue
        item.bundle_id, item.sender, item.counts, item.flags = (result.bundle_id, result.sender, result.counts,
                                                                 result.flags)
        item.applied, item.already, item.sender_vault_id = (result.applied, result.already_imported,
                                                            result.sender_vault_id)
        if result.applied or result.already_imported:
            senders[result.sender_vault_id] = (result.sender_fingerprint, result.sender)
        done.append(item)
    progress(len(paths), len(paths), "")
    if ack_dir is not None:
        ack_dir = Path(ack_dir).expanduser()
        ack_dir.mkdir(parents=True, exist_ok=True)
        for vault_id, (fingerprint, _name) in senders.items():
            out = acknowledge(hub, vault_id, fingerprint, ack_dir)
            for item in done:
                if item.sender_vault_id == vault_id:
                    item.ack = str(out)
    return done


def acknowledge(hub, vault_id: str, fingerprint: str, folder: Path) -> Path:
    """Write the acknowledgement for the laptop ``vault_id`` (certificate ``fingerprint``) into ``folder``: every
    bundle of it the hub holds. It replaces an earlier one of the same laptop there, which named less."""
    from inspector.sync import exporter

    out = Path(folder) / f"ack-{vault_id[:8]}-{fingerprint[:8].lower()}.bundle"
    if out.exists():
        out.unlink()
    exporter.export_bundle(hub, out, [fingerprint], scope="ack", ack_for=vault_id)
    return out

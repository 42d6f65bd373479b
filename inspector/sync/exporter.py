"""Making a bundle: choose recipients, gather the records (everything or what changed), write, sign, remember."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select as sa_select, text
from sqlmodel import Session, select

from inspector import audit, evidence_store, pipeline
from inspector.errors import BadInputError, NotFoundError
from inspector.model import AuditHead, Evidence, EvidenceBlob, Inspection, SyncBundle, TrustedCertificate, utcnow
from inspector.model.types import plain_value
from inspector.progress import CancelToken, ProgressFn, check
from inspector.signing import certs, identity, trust
from inspector.sync import acks, crypto, records
from inspector.sync.bundle import INDEX, BundleWriter, Party
from inspector.vault import Vault

HISTORY_LIMIT = 200


@dataclass
class ExportResult:
    path: Path
    bundle_id: str
    sha256: str
    """SHA-256 of the signed manifest (which covers every member): the bundle's fingerprint."""
    sender: str
    recipients: list[str]
    scope: str
    since_seq: int
    counts: dict[str, int] = field(default_factory=dict)
    blobs: int = 0
    blob_bytes: int = 0
    size: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "path": str(self.path)}


# ---- recipients ------------------------------------------------------------------------------------


def _party(cert_der: bytes) -> Party:
    cert = certs.parse_certificates(cert_der)[0]
    crypto.recipient_key(cert_der)  # refuse RSA and other curves before anything is written
    return Party(name=certs.common_name(cert), fingerprint=certs.fingerprint(cert_der), cert_der=cert_der)


def resolve_recipient(session: Session, spec: str) -> Party:
    """A recipient by certificate file (PEM/DER), or by name, label or fingerprint in the trust store."""
    path = Path(spec).expanduser()
    if path.is_file():
        found = trust.load_certificates(path)
        if len(found) != 1:
            raise BadInputError(f"证书文件中有 {len(found)} 个证书，请给出接收方本人的证书：{path}",
                                f"The file holds {len(found)} certificates; give the recipient's own: {path}")
        return _party(found[0])
    wanted = spec.strip().casefold()
    rows = trust.list_trusted(session)
    matches = [r for r in rows if wanted and (wanted in r.label.casefold() or wanted in r.subject.casefold())]
    if not matches:
        try:
            matches = [trust.find_trusted(session, spec)]
        except (NotFoundError, BadInputError):
            matches = []
    if not matches:
        raise NotFoundError(f"找不到接收方“{spec}”：请给出其证书文件，或先将其证书加入信任列表。",
                            f"No recipient {spec!r}: give their certificate file, or add it to the trust store first.")
    if len(matches) > 1:
        names = "、".join(f"{r.label or certs.person_text(r.subject)} {certs.pretty_fingerprint(r.fingerprint, short=True)}…"
                         for r in matches)  # the beginning tells them apart
        raise BadInputError(f"“{spec}”对应多个证书（{names}），请写得更具体些或使用指纹。",
                            f"{spec!r} matches several certificates ({names}); be more specific or use the fingerprint.")
    return _party(matches[0].cert_der)


def recipient_choices(session: Session) -> list[Party]:
    """Trusted certificates that can receive a bundle (P-256 keys, not CA certificates)."""
    out = []
    for row in session.exec(select(TrustedCertificate).where(TrustedCertificate.is_ca == False)):  # noqa: E712
        try:
            crypto.recipient_key(row.cert_der)
        except BadInputError:
            continue
        out.append(Party(row.label or certs.person_text(row.subject), row.fingerprint, row.cert_der))
    return out


def last_sent_seq(session: Session, fingerprints: list[str]) -> int:
    """The audit sequence up to which every one of ``fingerprints`` has been sent everything (0: never)."""
    sent = session.exec(select(SyncBundle).where(SyncBundle.direction == "out")).all()
    bases = []
    for fp in fingerprints:
        bases.append(max((b.local_seq for b in sent if fp in b.recipients), default=0))
    return min(bases, default=0)


# ---- the export ------------------------------------------------------------------------------------


def _head(session: Session) -> tuple[int, str]:
    row = session.get(AuditHead, 1)
    return (row.seq, row.hash) if row else (0, "")


def _history(session: Session) -> list[dict[str, Any]]:
    """The current hash of this vault's chain at every checkpoint it sent before (so rewrites show)."""
    seqs = sorted({b.checkpoint_seq for b in session.exec(select(SyncBundle).where(SyncBundle.direction == "out"))
                   if b.checkpoint_seq}, reverse=True)[:HISTORY_LIMIT]
    if not seqs:
        return []
    marks = ",".join(str(int(s)) for s in seqs)
    rows = session.connection().execute(text(f"SELECT seq, hash FROM audit_event WHERE seq IN ({marks})"))
    return [{"seq": r.seq, "hash": r.hash} for r in sorted(rows, key=lambda r: r.seq)]


def _changed_since(session: Session, since: int, upto: int) -> dict[str, set[str]]:
    changed: dict[str, set[str]] = {}
    rows = session.connection().execute(text(
        "SELECT DISTINCT object_type, object_id FROM audit_event WHERE seq > :a AND seq <= :b"), {"a": since, "b": upto})
    for r in rows:
        changed.setdefault(r.object_type, set()).add(r.object_id)
    return changed


def _iter_rows(session: Session, model, ids: set[str] | None, where: Any = None) -> Iterator[dict[str, Any]]:
    """Every row of ``model`` (``ids`` None), or only those ids, in id order, as JSON values — one at a time, so
    a table of any size passes through without being held (the cursor steps through it).

    Read with Core (the columns' types convert the values, as for model objects): building an ORM object
    per row only to read its attributes back cost a third of the export's time besides the evidence. ``where``:
    the scope's filter (:func:`inspector.sync.records.scope_filter`)."""
    table = model.__table__
    keys = records.columns(model)
    conn = session.connection()
    if ids is None:
        queries = [sa_select(table).order_by(table.c.id)]
    else:
        wanted = sorted(ids)
        queries = [sa_select(table).where(table.c.id.in_(wanted[start:start + 500])).order_by(table.c.id)
                   for start in range(0, len(wanted), 500)]
    if where is not None:
        queries = [query.where(where) for query in queries]
    for query in queries:
        for row in conn.execute(query).mappings():
            yield {key: plain_value(row[key]) for key in keys}


def _rows(session: Session, model, ids: set[str] | None) -> list[dict[str, Any]]:
    """:func:`_iter_rows` as a list (what ``tests/test_sync_records.py`` compares with the model objects)."""
    return list(_iter_rows(session, model, ids))


def _count(session: Session, model, ids: set[str] | None, where: Any = None) -> int:
    """How many rows :func:`_iter_rows` yields."""
    table = model.__table__
    conn = session.connection()
    base = sa_select(func.count()).select_from(table)
    if where is not None:
        base = base.where(where)
    if ids is None:
        return conn.execute(base).scalar_one()
    wanted = sorted(ids)
    return sum(conn.execute(base.where(table.c.id.in_(wanted[start:start + 500]))).scalar_one()
               for start in range(0, len(wanted), 500))


def _with_version_children(session: Session, changed: dict[str, set[str]]) -> None:
    """An incremental bundle that sends a checklist version sends its sections and items too: edited while it was
    a draft, they were left out of the bundles made then (:func:`inspector.sync.records.scope_filter`)."""
    templates = sorted(changed.get("checklist_template", set()))
    conn = session.connection()
    for model in records.VERSION_CHILDREN:
        table = model.__table__
        for start in range(0, len(templates), 500):
            ids = conn.execute(sa_select(table.c.id).where(table.c.template_id.in_(templates[start:start + 500])))
            changed.setdefault(model.__tablename__, set()).update(ids.scalars())


def _evidence_files(session: Session, scope: str, changed: dict[str, set[str]] | None) -> list[str]:
    """The evidence files the chosen records refer to (evidence records, inspections' drawn signatures), sorted."""
    models = records.SCOPES[scope]
    shas: set[str] = set()
    conn = session.connection()
    for model, column in ((Evidence, Evidence.__table__.c.blob_sha256),
                          (Inspection, Inspection.__table__.c.rep_signature_sha256)):
        if model not in models:
            continue
        query = sa_select(column).where(column.is_not(None), column != "")
        if changed is None:
            shas.update(conn.execute(query.distinct()).scalars())
            continue
        wanted = sorted(changed.get(model.__tablename__, set()))
        for start in range(0, len(wanted), 500):
            ids = wanted[start:start + 500]
            shas.update(conn.execute(query.where(model.__table__.c.id.in_(ids))).scalars())
    return sorted(shas)


def _counted(rows: Iterable[dict[str, Any]], counts: dict[str, int], table: str,
             progress: ProgressFn | None, done: list[int], total: int) -> Iterator[dict[str, Any]]:
    for row in rows:
        counts[table] = counts.get(table, 0) + 1
        done[0] += 1
        if progress and done[0] % 1000 == 0:
            progress(done[0], total, "records")
        yield row


def export_bundle(vault: Vault, out: Path | str, recipients: list[str], *, scope: str = "all",
                  since_last: bool = False, cipher: str = crypto.AES_256_GCM, identity_id: str | None = None,
                  progress: ProgressFn | None = None, cancel: CancelToken | None = None,
                  ack_for: str | None = None) -> ExportResult:
    """Write a bundle for ``recipients`` (certificate files or trust-store names); the sender can read it too.

    ``ack_for`` (scope ``ack``, the hub): the laptop vault whose bundles the acknowledgement names."""
    if (scope == acks.SCOPE) != (ack_for is not None):
        raise BadInputError("收讫回执只由集中库在接收交换文件后生成。", "Acknowledgements are made by the hub's ingest only.")
    if scope not in records.SCOPES:
        raise BadInputError(f"未知的导出范围：{scope}", f"Unknown export scope: {scope}")
    out = Path(out).expanduser()
    writer: BundleWriter | None = None
    with vault.session() as s:
        me = identity.load_identity(s, identity_id)
        parties = [resolve_recipient(s, spec) for spec in recipients]
        if not parties:
            raise BadInputError("请至少选择一个接收方。", "Choose at least one recipient.")
        own = Party(me.name, me.fingerprint, me.cert_der)
        all_parties = {p.fingerprint: p for p in [*parties, own]}
        since = last_sent_seq(s, [p.fingerprint for p in parties]) if since_last else 0
        head_seq, head_hash = _head(s)
        changed = _changed_since(s, since, head_seq) if since else None
        if changed is not None and scope != "all":
            _with_version_children(s, changed)
        chosen = [(model, None if changed is None else changed.get(model.__tablename__, set()),
                   records.scope_filter(scope, model)) for model in records.SCOPES[scope]]
        chosen = [(model, ids, where) for model, ids, where in chosen if ids is None or ids]
        shas = _evidence_files(s, scope, changed)
        sizes = dict(s.connection().execute(sa_select(EvidenceBlob.sha256, EvidenceBlob.size)
                                            .where(EvidenceBlob.sha256.in_(shas))).all()) if shas else {}
        total = sum(_count(s, model, ids, where) for model, ids, where in chosen) + sum(sizes.values())
        done = [0]
        counts: dict[str, int] = {}
        try:
            writer = BundleWriter(out, cipher=cipher, cancel=cancel)
            for model, ids, where in chosen:
                table = model.__tablename__
                rows = _counted(_iter_rows(s, model, ids, where), counts, table, progress, done, total)
                first = next(rows, None)
                if first is None:
                    continue
                writer.add(f"records/{table}.jsonl", records.dumps_rows(itertools.chain([first], rows)))
            if progress:
                progress(done[0], total, "records")
            done = done[0]
            blob_index = {}
            for n, sha in enumerate(shas, start=1):
                check(cancel)
                path = f"blobs/{n:06d}"
                # streamed chunk by chunk, authenticated under the file's own key (the receiver checks the hash),
                # read and decrypted on a second thread while the writer seals and hashes the previous pieces
                content = pipeline.ahead(evidence_store.open_stream(s, sha, check_hash=False, cancel=cancel))
                writer.add(path, _progressing(content, progress, done, total))
                blob_index[path] = {"sha256": sha, "size": sizes[sha]}
                done += sizes[sha]
            writer.add(INDEX, [json.dumps({"tables": counts, "blobs": blob_index},
                                          ensure_ascii=False, sort_keys=True).encode()])
            header = {"sender": {"vault_id": vault.vault_id, "device_id": vault.device_id},
                      "scope": scope, "since": bool(since), "since_seq": since,
                      "checkpoint": {"seq": head_seq, "hash": head_hash, "alg": vault.audit_hash},
                      "history": _history(s)}
            if ack_for is not None:
                header["ack"] = acks.header(s, ack_for)
            manifest = writer.finish(sender=own, sender_key_der=me.key_der, chain_der=me.chain_der,
                                     recipients=list(all_parties.values()), header=header)
        except BaseException:
            if writer is not None:
                writer.abort()
            raise
        file_sha = writer.manifest_sha256
        s.add(SyncBundle(id=writer.bundle_id, direction="out", sender_name=me.name, sender_fingerprint=me.fingerprint,
                         sender_vault_id=vault.vault_id, recipients=[p.fingerprint for p in parties], scope=scope,
                         since_seq=since, local_seq=head_seq, checkpoint_seq=head_seq, checkpoint_hash=head_hash,
                         created_at=utcnow(), filename=out.name, sha256=file_sha,
                         counts={**counts, "blobs": len(shas)}))
        audit.record(s, "sync.export", "bundle", writer.bundle_id,
                     {"recipients": [p.fingerprint for p in parties], "scope": scope, "since_seq": since,
                      "counts": counts, "blobs": len(shas), "sha256": file_sha})
    return ExportResult(path=out, bundle_id=manifest["bundle_id"], sha256=file_sha, sender=me.name,
                        recipients=[p.name for p in parties], scope=scope, since_seq=since, counts=counts,
                        blobs=len(shas), blob_bytes=sum(sizes.values()), size=out.stat().st_size)


def _progressing(chunks: Iterable[bytes], progress: ProgressFn | None, done: int, total: int) -> Iterator[bytes]:
    for chunk in chunks:
        done += len(chunk)
        if progress:
            progress(done, total, "evidence")
        yield chunk

"""Taking a bundle in: verify, decrypt, check, preview, then merge everything in one transaction or nothing.

Order (``docs/bundle-format.md``): the ZIP's structure; the signature and the
sender's trust; only then the manifest (format version, addressed to us, not
already applied, members exactly as listed); the content key; the records,
checked against their tables. :func:`preview` stops there. :func:`apply` then
opens one transaction with foreign keys deferred, stores the evidence (each
member's hash checked against the manifest and each file's against the index),
merges the records by version vector, keeps conflicts beside the local
versions, records the bundle and an audit event, and commits — or rolls back
everything on any problem, cancel included.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from sqlalchemy import insert, select as sa_select
from sqlmodel import Session, select

from inspector import audit
from inspector.model import TABLES, EvidenceBlob, SigningIdentity, SyncBundle, SyncConflict, utcnow
from inspector.progress import CancelToken, ProgressFn, check
from inspector.signing import certs, trust
from inspector.sync import records
from inspector.sync.bundle import INDEX, MAX_MEMBER, OpenedBundle, created_text, open_bundle, parse_created
from inspector.sync.crypto import BundleRefused
from inspector.vault import Vault

MAX_LINE = 16 << 20
INSERT_BATCH = 1000  # new records per Core INSERT (and per append to the audit chain)
NEW, UPDATE, CONFLICT, UNCHANGED, MERGE_VV = "new", "updated", "conflicts", "unchanged", "merge_vv"


@dataclass
class Preview:
    """What a bundle holds and what applying it would do; nothing has been changed."""

    path: str
    bundle_id: str
    sha256: str
    sender: str
    sender_fingerprint: str
    sender_vault_id: str
    trusted: bool
    created_at: str
    scope: str
    since: bool
    cipher: str
    recipients: list[str]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    blobs: int = 0
    blob_bytes: int = 0
    already_imported: bool = False
    flags: list[tuple[str, str]] = field(default_factory=list)
    applied: bool = False

    def total(self, kind: str) -> int:
        return sum(c.get(kind, 0) for c in self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["totals"] = {k: self.total(k) for k in (NEW, UPDATE, CONFLICT, UNCHANGED)}
        data["flags"] = [{"zh": zh, "en": en} for zh, en in self.flags]
        return data


@dataclass
class _Plan:
    actions: dict[str, list[tuple[str, dict[str, Any], Any]]] = field(default_factory=dict)
    """table → [(action, incoming row, target)]; the target is the incoming object (new), the local and incoming
    objects (update), the local object (unchanged, merge_vv) or the local id and the kind (conflict)."""


# ---- opening for import --------------------------------------------------------------------------------


def _untrusted(bundle: OpenedBundle) -> BundleRefused:
    sig = bundle.signature
    fpr = certs.pretty_fingerprint(sig.fingerprint)
    return BundleRefused(
        "untrusted",
        f"交换文件的发送方“{sig.signer}”不在信任列表中（{sig.trust_zh}），未导入任何内容。\n证书指纹（SHA-256）：{fpr}\n"
        "请通过电话或当面与发送方核对该指纹；确认无误后，可将其证书加入信任列表并重试。",
        f"The bundle's sender {sig.signer!r} is not trusted ({sig.trust_en}); nothing was imported.\n"
        f"Certificate fingerprint (SHA-256): {fpr}\nCheck this fingerprint with the sender by phone or in person; "
        "if it matches, add their certificate to the trust store and retry.",
        fingerprint=sig.fingerprint)


def open_for_import(vault: Vault, path: Path | str, *, require_trust: bool = True) -> OpenedBundle:
    """Open, verify and unlock ``path`` for this vault; the caller closes it."""
    with vault.session() as s:
        roots = trust.trust_roots(s)
        mine = {i.fingerprint: i.key_der for i in s.exec(select(SigningIdentity))}
    bundle = open_bundle(path, roots)
    try:
        if require_trust and not bundle.signature.trusted:
            raise _untrusted(bundle)
        if bundle.sender.get("vault_id") == vault.vault_id:
            raise BundleRefused("own", "该交换文件由本保险库生成，无需导入。", "This vault made this bundle; there is nothing to import.")
        entry = bundle.recipient_entry(mine)
        if entry is None:
            names = "、".join(r["name"] for r in bundle.manifest["recipients"])
            raise BundleRefused("recipient", f"该交换文件不是发给本机的（接收方：{names}），无法解密。",
                                f"This bundle is not addressed to this vault (recipients: {names}); it cannot be decrypted.")
        bundle.unlock(entry, mine[entry["fingerprint"]])
        return bundle
    except BaseException:
        bundle.close()
        raise


def signer_certificate(path: Path | str) -> tuple[str, str, bytes]:
    """The (name, fingerprint, DER) of a bundle's signer, its signature checked, trust not required."""
    with open_bundle(path, []) as bundle:
        sig = bundle.signature
        return sig.signer, sig.fingerprint, sig.cert_der


def trust_sender(vault: Vault, path: Path | str, fingerprint: str) -> str:
    """Add a bundle's signer to the trust store, if ``fingerprint`` (as checked with the sender) matches."""
    name, fpr, der = signer_certificate(path)
    given = certs.normalise_fingerprint(fingerprint)
    if len(given) < 16 or not fpr.startswith(given):
        raise BundleRefused("fingerprint", "您输入的指纹与交换文件签名者的证书指纹不符，未加入信任列表。",
                            "The fingerprint you gave does not match the bundle signer's certificate; not trusted.")
    with vault.session() as s:
        trust.add_trusted(s, der, name)
    return name


# ---- reading the records -----------------------------------------------------------------------------


def _lines(chunks: Iterable[bytes], path: str) -> Iterator[bytes]:
    pending = b""
    for block in chunks:
        pending += block
        if len(pending) > MAX_LINE and b"\n" not in pending[-MAX_LINE:]:
            raise BundleRefused("records", f"交换文件成员“{path}”中的记录过长。", f"A record in {path!r} is too long.")
        *complete, pending = pending.split(b"\n")
        yield from complete
    if pending:
        yield pending


def _index(bundle: OpenedBundle) -> dict[str, Any]:
    try:
        index = json.loads(bundle.read_member(INDEX))
        tables, blobs = index["tables"], index["blobs"]
        assert isinstance(tables, dict) and isinstance(blobs, dict)
        assert all(isinstance(v, dict) and isinstance(v.get("sha256"), str) and isinstance(v.get("size"), int)
                   for v in blobs.values())
    except (ValueError, KeyError, AssertionError, TypeError):
        raise BundleRefused("manifest", "交换文件的内容索引格式不正确。", "The bundle's content index is malformed.") from None
    expected = {INDEX} | {f"records/{t}.jsonl" for t in tables} | set(blobs)
    if expected != set(bundle.member_paths):
        raise BundleRefused("manifest", "交换文件的内容索引与清单不一致。", "The bundle's content index disagrees with its manifest.")
    return index


def read_records(bundle: OpenedBundle, index: dict[str, Any], cancel: CancelToken | None = None
                 ) -> dict[str, list[tuple[dict[str, Any], Any]]]:
    """table → [(row as JSON values, row as a model object)], every row checked against its table."""
    incoming: dict[str, list[tuple[dict[str, Any], Any]]] = {}
    order = [m.__tablename__ for m in records.SCOPES["all"]]
    for table in sorted(index["tables"], key=lambda t: order.index(t) if t in order else len(order)):
        path = f"records/{table}.jsonl"
        rows = []
        for n, line in enumerate(_lines(bundle.member(path), path), start=1):
            check(cancel)
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError:
                raise BundleRefused("records", f"交换文件成员“{path}”第 {n} 行不是有效的 JSON。",
                                    f"Line {n} of the bundle member {path!r} is not valid JSON.") from None
            rows.append(records.parse(table, row, f"{path}:{n}"))
        ids = [r["id"] for r, _ in rows]
        if len(set(ids)) != len(ids) or len(rows) != index["tables"][table]:
            raise BundleRefused("records", f"交换文件成员“{path}”中的记录数目或编号不符。",
                                f"The bundle member {path!r} has the wrong number of records or repeated ids.")
        incoming[table] = rows
    return incoming


# ---- planning the merge ----------------------------------------------------------------------------------


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _duplicate_of(session: Session, model, row: dict[str, Any]) -> str | None:
    """The id of a local record with the same natural key (another id), if any."""
    for cols in records.natural_keys(model):
        if any(row[c] is None for c in cols):
            continue
        table = model.__table__
        found = session.connection().execute(
            sa_select(table.c.id).where(*(table.c[c] == row[c] for c in cols), table.c.id != row["id"])).first()
        if found:
            return found[0]
    return None


def plan(session: Session, incoming: dict[str, list[tuple[dict[str, Any], Any]]]) -> _Plan:
    result = _Plan()
    for table, rows in incoming.items():
        model = records.BY_NAME[table]
        local = {}
        for ids in _chunks([r["id"] for r, _ in rows]):
            for obj in session.exec(select(model).where(model.id.in_(ids))):
                local[obj.id] = obj
        actions = []
        for row, fresh in rows:
            obj = local.get(row["id"])
            if obj is None:
                dup = _duplicate_of(session, model, row)
                actions.append((CONFLICT, row, (dup, "duplicate")) if dup else (NEW, row, fresh))
                continue
            mine = records.to_dict(obj)
            relation = records.compare(mine["vv"], row["vv"])
            same = records.content(mine) == records.content(row)
            if relation == records.INCOMING_NEWER and not same:
                actions.append((UPDATE, row, (obj, fresh)))
            elif relation == records.LOCAL_NEWER or (relation == records.EQUAL and same):
                actions.append((UNCHANGED, row, obj))
            elif same:  # changed on both sides to the same values, or only bookkeeping moved on
                actions.append((MERGE_VV, row, obj))
            else:
                actions.append((CONFLICT, row, (obj.id, "concurrent")))
        result.actions[table] = actions
    return result


def _counts(p: _Plan) -> dict[str, dict[str, int]]:
    out = {}
    for table, actions in p.actions.items():
        c = {NEW: 0, UPDATE: 0, CONFLICT: 0, UNCHANGED: 0}
        for action, _, _ in actions:
            c[UNCHANGED if action == MERGE_VV else action] += 1
        out[table] = c
    return out


# ---- checkpoints and replay ----------------------------------------------------------------------------


def _checkpoint_flags(session: Session, manifest: dict[str, Any]) -> list[tuple[str, str]]:
    sender_vault = manifest["sender"].get("vault_id", "")
    earlier = session.exec(select(SyncBundle).where(SyncBundle.direction == "in",
                                                    SyncBundle.sender_vault_id == sender_vault)
                           .order_by(SyncBundle.checkpoint_seq.desc())).first()
    if earlier is None:
        return []
    cp = manifest["checkpoint"]
    seq, digest = cp.get("seq", 0), cp.get("hash", "")
    history = {h.get("seq"): h.get("hash") for h in manifest["history"] if isinstance(h, dict)}
    history[seq] = digest
    created = manifest["created_at"]
    earlier_created = created_text(earlier.created_at)
    if earlier.checkpoint_seq in history and history[earlier.checkpoint_seq] != earlier.checkpoint_hash:
        return [("发送方的审计记录与其先前发来的不一致：其历史可能被改写。",
                 "The sender's audit chain disagrees with what it sent before: its history may have been rewritten.")]
    if seq < earlier.checkpoint_seq and created > earlier_created:
        return [(f"发送方的审计记录比其先前发来的更短（第 {seq} 条，先前为第 {earlier.checkpoint_seq} 条）：其历史可能被截断或回退。",
                 f"The sender's audit chain is shorter than in an earlier bundle (event {seq}, before "
                 f"{earlier.checkpoint_seq}): its history may have been truncated or rolled back.")]
    if seq < earlier.checkpoint_seq:
        return [("该交换文件早于已导入的另一份同一发送方的交换文件；本机较新的数据不会被覆盖。",
                 "This bundle is older than one already imported from the same sender; newer data here is kept.")]
    return []


def _already(session: Session, bundle_id: str) -> bool:
    row = session.get(SyncBundle, bundle_id)
    return row is not None and row.direction == "in"


# ---- preview and apply -----------------------------------------------------------------------------------


def _preview(bundle: OpenedBundle, index: dict[str, Any]) -> Preview:
    m = bundle.manifest
    return Preview(path=str(bundle.path), bundle_id=bundle.bundle_id, sha256=bundle.sha256,
                   sender=bundle.signature.signer, sender_fingerprint=bundle.signature.fingerprint,
                   sender_vault_id=m["sender"].get("vault_id", ""), trusted=bundle.signature.trusted,
                   created_at=m["created_at"], scope=str(m.get("scope", "")), since=bool(m.get("since")),
                   cipher=m["cipher"], recipients=[r["name"] for r in m["recipients"]],
                   blobs=len(index["blobs"]), blob_bytes=sum(b["size"] for b in index["blobs"].values()))


@contextlib.contextmanager
def _opened(vault: Vault, path: Path | str, cancel: CancelToken | None
            ) -> Iterator[tuple[OpenedBundle, dict[str, Any], dict[str, list[tuple[dict[str, Any], Any]]], Preview]]:
    """The bundle verified and unlocked, its index, its records checked, and the preview's bundle fields."""
    with open_for_import(vault, path) as bundle:
        index = _index(bundle)
        yield bundle, index, read_records(bundle, index, cancel), _preview(bundle, index)


def preview(vault: Vault, path: Path | str, cancel: CancelToken | None = None) -> Preview:
    """Everything short of applying: verified, decrypted, checked, and the merge counted."""
    with _opened(vault, path, cancel) as (bundle, _, incoming, result), vault.session() as s:
        result.already_imported = _already(s, bundle.bundle_id)
        if not result.already_imported:
            result.counts = _counts(plan(s, incoming))
            result.flags = _checkpoint_flags(s, bundle.manifest)
    return result


def import_bundle(vault: Vault, path: Path | str, *, dry_run: bool = False, progress: ProgressFn | None = None,
                  cancel: CancelToken | None = None) -> Preview:
    """Apply ``path`` to the vault (all or nothing). Re-importing an applied bundle changes nothing."""
    if dry_run:
        return preview(vault, path, cancel)
    with _opened(vault, path, cancel) as (bundle, index, incoming, result), vault.session() as s:
        if _already(s, bundle.bundle_id):
            result.already_imported = True
            return result
        s.info["audit"] = dataclasses.replace(vault.audit_context, preserve_bookkeeping=True)
        s.connection().exec_driver_sql("PRAGMA defer_foreign_keys = ON")
        result.flags = _checkpoint_flags(s, bundle.manifest)
        _store_blobs(s, bundle, index, progress, cancel)
        merge = plan(s, incoming)
        result.counts = _counts(merge)
        _apply(s, merge, bundle, cancel)
        s.flush()
        _check_references(s)
        _remember(s, bundle, result)
        result.applied = True
    return result


def _store_blobs(session: Session, bundle: OpenedBundle, index: dict[str, Any], progress: ProgressFn | None,
                 cancel: CancelToken | None) -> None:
    ctx: audit.AuditContext = session.info["audit"]
    conn = session.connection()
    blobs = index["blobs"]
    total, done = sum(b["size"] for b in blobs.values()), 0
    events: list[audit.PendingEvent] = []  # appended to the chain at once, after the files
    for path, info in blobs.items():
        check(cancel)
        sha = info["sha256"]
        present = conn.execute(sa_select(EvidenceBlob.sha256).where(EvidenceBlob.sha256 == sha)).first()
        if present:
            for _ in bundle.stored(path):  # still checked against the manifest
                check(cancel)
        else:
            size = info["size"]
            if not 0 <= size <= MAX_MEMBER:
                raise BundleRefused("member", f"交换文件中的证据文件“{path}”过大。", f"The evidence file {path!r} is too large.")
            data, filled, digest = bytearray(size), 0, hashlib.sha256()
            for block in bundle.member(path):  # more bytes than announced grow the array: caught below
                check(cancel)
                data[filled:filled + len(block)] = block
                filled += len(block)
                digest.update(block)
            if filled != size or len(data) != size or digest.hexdigest() != sha:
                raise BundleRefused("member", f"交换文件中的证据文件“{path}”与索引不符。",
                                    f"The evidence file {path!r} in the bundle does not match its index.")
            values = {"sha256": sha, "size": size, "data": data, "created_at": utcnow()}
            conn.execute(insert(EvidenceBlob.__table__).values(**values))
            events.append(audit.create_event(ctx.alg, "evidence_blob", values, pk="sha256"))
            del data, values
        done += info["size"]
        if progress:
            progress(done, total, "evidence")
    audit.append(session, events)


def _apply(session: Session, merge: _Plan, bundle: OpenedBundle, cancel: CancelToken | None) -> None:
    for table, actions in merge.actions.items():
        model = records.BY_NAME[table]
        _insert_new(session, model, [target for action, _, target in actions if action == NEW], cancel)
        for n, (action, row, target) in enumerate(actions):
            if n % 500 == 0:
                check(cancel)
            if action == UPDATE:
                local, fresh = target
                for key in records.columns(model):
                    if key != "id":
                        setattr(local, key, getattr(fresh, key))
            elif action == MERGE_VV:
                target.vv = records.merged(target.vv or {}, row["vv"])
            elif action == CONFLICT:
                _keep_conflict(session, table, *target, row, bundle)
        session.flush()


def _insert_new(session: Session, model: type, fresh: list[Any], cancel: CancelToken | None) -> None:
    """New records through Core inserts in batches, with their audit events (:func:`inspector.audit.insert_rows`):
    the same rows and events as adding the objects to the session, at a fraction of the ORM's cost per object."""
    cols = records.columns(model)
    fresh = sorted(fresh, key=lambda obj: obj.id)  # the events in id order, as one flush would write them
    for start in range(0, len(fresh), INSERT_BATCH):
        check(cancel)
        rows = [{c: getattr(obj, c) for c in cols} for obj in fresh[start:start + INSERT_BATCH]]
        audit.insert_rows(session, model.__table__, rows)


def _keep_conflict(session: Session, table: str, record_id: str, kind: str, row: dict[str, Any],
                   bundle: OpenedBundle) -> None:
    existing = session.exec(select(SyncConflict).where(SyncConflict.table_name == table,
                                                       SyncConflict.record_id == record_id,
                                                       SyncConflict.resolved_at == None)).first()  # noqa: E711
    if existing is not None:
        existing.incoming, existing.bundle_id = row, bundle.bundle_id
        existing.sender_name, existing.kind = bundle.signature.signer, kind
        existing.detected_at = utcnow()
        return
    session.add(SyncConflict(table_name=table, record_id=record_id, kind=kind, incoming=row,
                             bundle_id=bundle.bundle_id, sender_name=bundle.signature.signer))


def _check_references(session: Session) -> None:
    problems = session.connection().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        table, _, parent, _ = problems[0]
        raise BundleRefused(
            "references",
            f"交换文件中的记录引用了本保险库没有的数据（{TABLES[table].zh} → "
            f"{TABLES[parent].zh}），未导入任何内容。请先导入该发送方更早的交换文件，或请其发送完整数据。",
            f"Records in the bundle refer to data this vault lacks ({TABLES[table].en} → {TABLES[parent].en}); nothing was imported. "
            "Import the sender's earlier bundle first, or ask for a full export.")


def _remember(session: Session, bundle: OpenedBundle, result: Preview) -> None:
    m = bundle.manifest
    cp = m["checkpoint"]
    created = parse_created(m["created_at"])
    totals = {k: result.total(k) for k in (NEW, UPDATE, CONFLICT, UNCHANGED)}
    session.add(SyncBundle(id=bundle.bundle_id, direction="in", sender_name=bundle.signature.signer,
                           sender_fingerprint=bundle.signature.fingerprint,
                           sender_vault_id=m["sender"].get("vault_id", ""),
                           recipients=[r["fingerprint"] for r in m["recipients"]], scope=str(m.get("scope", "")),
                           checkpoint_seq=int(cp.get("seq", 0)), checkpoint_hash=str(cp.get("hash", "")),
                           created_at=created, filename=Path(bundle.path).name, sha256=bundle.sha256,
                           counts={**totals, "blobs": result.blobs}, flags=[f"{zh} / {en}" for zh, en in result.flags]))
    audit.record(session, "sync.import", "bundle", bundle.bundle_id,
                 {"sender": bundle.signature.fingerprint, "sha256": bundle.sha256, "counts": totals,
                  "blobs": result.blobs, "flags": [en for _, en in result.flags]})

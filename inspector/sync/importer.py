"""Taking a bundle in: verify, decrypt, check, preview, then merge everything in one transaction or nothing.

Order (``docs/bundle-format.md``): the ZIP's structure; the signature and the
sender's trust; only then the manifest (format version, addressed to us, not
already applied, members exactly as listed); the content key; the records,
checked against their tables and merged by version vector, a batch at a time
(:data:`BATCH` records: memory stays bounded whatever the bundle holds).
:func:`preview` only counts. :func:`import_bundle` applies each batch inside one
transaction with foreign keys deferred, keeps conflicts beside the local
versions, then stores the evidence (each member's hash checked against the
manifest and each file's against the index), records the bundle and an audit
event, and commits — or rolls back everything on any problem, cancel included.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from cryptography import x509
from sqlalchemy import insert, select as sa_select
from sqlmodel import Session, select

from inspector import audit, dialect, errors, evidence_store, lifecycle
from inspector.model import (
    TABLES,
    AuditEvent,
    EvidenceBlob,
    Inspection,
    NoticeStatus,
    SigningIdentity,
    SyncBundle,
    Destruction,
    SyncConflict,
    Tombstone,
    TrustedCertificate,
    utcnow,
)
from inspector.progress import CancelToken, ProgressFn, check
from inspector.services.evidence import MAX_EVIDENCE_BYTES, OWNER_TYPES
from inspector.signing import certs, identity, trust
from inspector.sync import acks, deletions, frozen, records
from inspector.sync.bundle import (
    INDEX,
    OpenedBundle,
    created_text,
    open_bundle,
    parse_created,
)
from inspector.sync.crypto import BundleRefused
from inspector.sync.records import CONFLICT, MERGE_VV, NEW, UNCHANGED, UPDATE  # noqa: F401 (also found here)
from inspector.vault import Vault

MAX_LINE = 16 << 20
INSERT_BATCH = 1000  # new records per Core INSERT (and per append to the audit chain)
BATCH = 2000
"""Records read, checked, planned and applied together; then their objects leave the session. Memory follows this,
not the bundle's size."""
SKIP = "skip"  # a register entry only its issuer may add: left out, counted as unchanged, and flagged
REGISTER = "issued_document"
"""The register of issued documents: what `inspector verify` calls "issued by this vault". Only the vault that
issued a document may add its entry (see :func:`_register_action`)."""
KEPT_LOCAL = ("created_at", "origin_device")
"""Set once, where a record was made: an update from a bundle never changes them."""
# What an incoming bundle row in ``sync_bundle.counts`` also remembers about its sender, besides the counts (the
# table has no columns for them): the device it came from, and whether the signing certificate named the vault.
SENDER_DEVICE, SENDER_NAMED = "sender_device", "sender_named"


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
    acknowledged: int = 0
    """Of the bundles this vault sent, how many an acknowledgement from the hub newly named (scope ``ack``)."""
    ack: str = ""
    """On the hub: the acknowledgement written for the sender (:func:`inspector.hub.ingest.acknowledge`)."""

    def total(self, kind: str) -> int:
        return sum(c.get(kind, 0) for c in self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["totals"] = {k: self.total(k) for k in (NEW, UPDATE, CONFLICT, UNCHANGED)}
        data["flags"] = [{"zh": zh, "en": en} for zh, en in self.flags]
        return data


@dataclass
class _Tally:
    """What a pass over a bundle's records found: per table, how many records each action takes; the register
    entries left out; the evidence files the records refer to."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    skipped_register: int = 0
    referenced: set[str] = field(default_factory=set)
    destroyed: int = 0
    """Evidence contents destroyed here because a destruction carried out elsewhere named them."""

    def add(self, table: str, actions: list[tuple[str, dict[str, Any], Any]]) -> None:
        c = self.counts.setdefault(table, {NEW: 0, UPDATE: 0, CONFLICT: 0, UNCHANGED: 0})
        for action, _, _ in actions:
            c[UNCHANGED if action in (MERGE_VV, SKIP) else action] += 1
            self.skipped_register += action == SKIP


@dataclass(frozen=True)
class _Parties:
    """Whose word a bundle's records are: this vault's device, and the devices of the vault that sent it."""

    here: str
    """This vault's device id: only this vault counts changes under it."""
    sender: frozenset[str]
    """The sending vault's devices: the manifest's (bound to the vault by the signature), and those it sent from
    before (a vault restored from a backup counts its changes under a new device id)."""


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
        mine = {i.fingerprint: i for i in s.exec(select(SigningIdentity))}
    bundle = open_bundle(path, roots)
    try:
        if require_trust and not bundle.signature.trusted:
            raise _untrusted(bundle)
        if bundle.sender.get("vault_id") == vault.vault_id:
            if bundle.signature.fingerprint not in mine:
                raise _wrong_vault("交换文件声称来自本保险库，签名者却不是本保险库的签名身份",
                                   "it claims to come from this vault, yet one of this vault's identities did not sign it")
            raise BundleRefused("own", "该交换文件由本保险库生成，无需导入。", "This vault made this bundle; there is nothing to import.")
        entry = bundle.recipient_entry(mine)
        if entry is None:
            names = "、".join(r["name"] for r in bundle.manifest["recipients"])
            raise BundleRefused("recipient", f"该交换文件不是发给本机的（接收方：{names}），无法解密。",
                                f"This bundle is not addressed to this vault (recipients: {names}); it cannot be decrypted.")
        bundle.unlock(entry, identity.private_key(vault, mine[entry["fingerprint"]]))  # unsealed on a hub
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
        assert all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in tables.values())
        assert all(isinstance(v, dict) and isinstance(v.get("sha256"), str) and isinstance(v.get("size"), int)
                   for v in blobs.values())
    except (ValueError, KeyError, AssertionError, TypeError, RecursionError):
        raise BundleRefused("manifest", "交换文件的内容索引格式不正确。", "The bundle's content index is malformed.") from None
    expected = {INDEX} | {f"records/{t}.jsonl" for t in tables} | set(blobs)
    if expected != set(bundle.member_paths) or len(expected) != 1 + len(tables) + len(blobs):
        raise BundleRefused("manifest", "交换文件的内容索引与清单不一致。", "The bundle's content index disagrees with its manifest.")
    _check_scope(bundle.manifest, tables)
    if not all(path.startswith("blobs/") for path in blobs):
        raise BundleRefused("blobs", "交换文件的内容索引把其他成员列为证据文件。",
                            "The bundle's content index lists another member as an evidence file.")
    shas = [b["sha256"] for b in blobs.values()]
    if len(set(shas)) != len(shas):
        raise BundleRefused("blobs", "交换文件中的同一证据文件出现了不止一次。",
                            "The bundle holds the same evidence file more than once.")
    return index


def _check_scope(manifest: dict[str, Any], tables: Iterable[str]) -> None:
    """The tables are those the manifest's scope carries (a bundle "for inspectors" holds no field work)."""
    scope = manifest.get("scope")
    if scope not in records.SCOPES:
        raise BundleRefused("scope", "交换文件的数据范围无效（应为全部数据、检查计划或现场工作）。",
                            "The bundle's scope is invalid (it must be everything, the plan or the field work).")
    allowed = {m.__tablename__ for m in records.SCOPES[scope]}
    unknown = sorted(t for t in tables if t not in records.BY_NAME)
    if unknown:
        raise BundleRefused("records", "交换文件含有未知的数据表，可能来自更新版本的 Inspector。",
                            "The bundle holds an unknown table; a newer Inspector may have made it.")
    outside = sorted(t for t in tables if t not in allowed)
    if outside:
        zh, en = records.SCOPE_TEXT[scope]
        raise BundleRefused(
            "scope", f"交换文件声明的范围是“{zh}”，却含有该范围以外的数据（{'、'.join(TABLES[t].zh for t in outside)}），"
                     "已拒绝，未导入任何内容。",
            f"The bundle says it holds {en}, yet it carries data outside it "
            f"({', '.join(TABLES[t].en for t in outside)}); refused, nothing was imported.")


def _tables(index: dict[str, Any]) -> list[str]:
    """The bundle's tables in the order they are applied (the order of the models: referenced tables first)."""
    order = [m.__tablename__ for m in records.SCOPES["all"]]
    return sorted(index["tables"], key=lambda t: order.index(t) if t in order else len(order))


def _batches(bundle: OpenedBundle, index: dict[str, Any], table: str, cancel: CancelToken | None
             ) -> Iterator[list[tuple[dict[str, Any], Any]]]:
    """The records of one table, :data:`BATCH` at a time: [(row as JSON values, row as a model object)], every
    row checked against its table; no id twice, and as many rows as the index says (checked at the end)."""
    path = f"records/{table}.jsonl"
    seen: set[str] = set()
    batch: list[tuple[dict[str, Any], Any]] = []
    for n, line in enumerate(_lines(bundle.member(path), path), start=1):
        check(cancel)
        if not line.strip():
            continue
        where = f"{path}:{n}"
        parsed = records.parse(table, records.loads(line, where), where)
        if parsed[0]["id"] in seen:
            raise _miscounted(path)
        seen.add(parsed[0]["id"])
        batch.append(parsed)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
    if len(seen) != index["tables"][table]:
        raise _miscounted(path)


def _miscounted(path: str) -> BundleRefused:
    return BundleRefused("records", f"交换文件成员“{path}”中的记录数目或编号不符。",
                         f"The bundle member {path!r} has the wrong number of records or repeated ids.")


def _check_row(table: str, row: dict[str, Any], referenced: set[str]) -> None:
    """What one record says about the bundle itself: evidence belongs to what can hold evidence, and which
    evidence files the records refer to (added to ``referenced``)."""
    if table == "evidence":
        owner = row["owner_type"]
        if owner not in OWNER_TYPES:
            what = f"{TABLES[owner].zh} {owner}" if owner in TABLES else "未知的数据类型"
            what_en = f"{TABLES[owner].en}, {owner}" if owner in TABLES else "an unknown kind of record"
            raise BundleRefused("evidence", f"交换文件中的证据记录属于不存放证据的数据（{what}），已拒绝。",
                                f"An evidence record in the bundle belongs to something that holds no evidence "
                                f"({what_en}); refused.")
        referenced.add(row["blob_sha256"])
    elif table == "inspection" and row["rep_signature_sha256"]:
        referenced.add(row["rep_signature_sha256"])


def _check_blobs_referenced(index: dict[str, Any], referenced: set[str]) -> None:
    """Every evidence file a bundle carries belongs to one of its records (none would be stored unseen)."""
    orphans = sum(1 for b in index["blobs"].values() if b["sha256"] not in referenced)
    if orphans:
        raise BundleRefused("blobs", f"交换文件中有 {orphans} 个证据文件没有任何记录引用，已拒绝，未导入任何内容。",
                            f"{orphans} evidence file(s) in the bundle belong to no record; refused, nothing was "
                            "imported.")


# ---- who speaks for whom -------------------------------------------------------------------------------


def _is_uuid(value: Any) -> bool:
    try:
        return isinstance(value, str) and str(uuid.UUID(value)) == value
    except ValueError:
        return False


def _wrong_vault(zh: str, en: str) -> BundleRefused:
    return BundleRefused("sender", f"交换文件声称来自的保险库与其签名证书不符：{zh}，已拒绝，未导入任何内容。",
                         f"The vault the bundle claims to come from does not match its signing certificate: {en}; "
                         "refused, nothing was imported.")


def _check_sender(session: Session, vault: Vault, bundle: OpenedBundle) -> tuple[_Parties, list[tuple[str, str]]]:
    """The manifest's sender vault and device are the signer's (docs/bundle-format.md, "The sender").

    A certificate Inspector made names its vault: the manifest must say the same vault. A certificate that names
    none (made by an older Inspector, or by a CA) is bound to the first vault it sent for, and cannot speak for a
    vault another certificate names. A device id belongs to one vault, and never to this one.
    """
    sender = bundle.sender
    vault_id, device = sender.get("vault_id"), sender.get("device_id")
    if not (_is_uuid(vault_id) and _is_uuid(device)):
        raise BundleRefused("sender", "交换文件清单中发送方的保险库或设备编号无效，已拒绝。",
                            "The bundle's manifest gives an invalid sender vault or device id; refused.")
    if device == vault.device_id:
        raise BundleRefused("sender", "交换文件声称来自本机设备，但并非本保险库生成，已拒绝，未导入任何内容。",
                            "The bundle claims to come from this vault's device, which did not make it; refused, "
                            "nothing was imported.")
    fpr = bundle.signature.fingerprint
    try:
        named = certs.named_vaults(x509.load_der_x509_certificate(bundle.signature.cert_der))
    except ValueError:
        named = []
    earlier = session.exec(select(SyncBundle).where(SyncBundle.direction == "in")).all()
    flags: list[tuple[str, str]] = []
    if named:
        if named != [vault_id]:
            raise _wrong_vault("签名证书属于另一个保险库", "the certificate names another vault")
    else:
        bound = {b.sender_vault_id for b in earlier if b.sender_fingerprint == fpr}
        if bound and vault_id not in bound:
            raise _wrong_vault("该证书此前为另一个保险库发送过交换文件", "this certificate sent bundles for another vault before")
        others = {b.sender_fingerprint for b in earlier if b.sender_vault_id == vault_id and b.sender_fingerprint != fpr}
        if any(b.sender_vault_id == vault_id and (b.counts or {}).get(SENDER_NAMED) for b in earlier) \
                or any(_names(session, other, vault_id) for other in others):
            raise _wrong_vault("该保险库有自己的签名证书", "that vault has a certificate of its own")
        if others:
            flags.append(("该保险库此前的交换文件由另一证书签名（可能是更换了证书）；请与发送方核实。",
                          "That vault's earlier bundles were signed by another certificate (perhaps a new one); "
                          "check with the sender."))
    devices = {device}
    for b in earlier:
        used = (b.counts or {}).get(SENDER_DEVICE)
        if used == device and b.sender_vault_id != vault_id:
            raise BundleRefused("sender", "交换文件声称的发送设备属于另一个保险库，已拒绝，未导入任何内容。",
                                "The device the bundle claims to come from belongs to another vault; refused, "
                                "nothing was imported.")
        if isinstance(used, str) and b.sender_vault_id == vault_id:
            devices.add(used)
    return _Parties(here=vault.device_id, sender=frozenset(devices)), flags


def _names(session: Session, fingerprint: str, vault_id: str) -> bool:
    """Whether the trusted certificate ``fingerprint`` names ``vault_id``."""
    row = session.exec(select(TrustedCertificate).where(TrustedCertificate.fingerprint == fingerprint)).first()
    if row is None:
        return False
    try:
        return vault_id in certs.named_vaults(x509.load_der_x509_certificate(row.cert_der))
    except ValueError:
        return False


def _check_bundle_id(session: Session, bundle: OpenedBundle) -> bool:
    """Whether this very bundle was applied before; another bundle under an id this vault knows is refused."""
    row = session.get(SyncBundle, bundle.bundle_id)
    if row is None:
        return False
    if row.direction == "in" and row.sha256 == bundle.sha256:
        return True
    raise BundleRefused("bundle-id", "交换文件的编号与本保险库已发出或已导入的另一份交换文件相同，已拒绝，未导入任何内容。",
                        "The bundle's id is that of another bundle this vault made or imported; refused, nothing was "
                        "imported.")


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


def plan(session: Session, table: str, batch: list[tuple[dict[str, Any], Any]], parties: _Parties,
         guard: frozen.WalkContext | None = None, doomed: list[tuple[str, str]] | None = None
         ) -> list[tuple[str, dict[str, Any], Any]]:
    """[(action, incoming row, target)] for a batch of one table's records; the target is the incoming object
    (new), the local and incoming objects (update), the local object (unchanged, merge_vv), the local id and the
    kind (conflict), or None (skip). Local objects are loaded into the session: expunge them after the batch.

    ``guard`` keeps what is frozen here (:mod:`inspector.sync.frozen`): a change to it, or a new record that would
    join it, becomes a conflict of kind ``frozen`` or ``signed`` whatever the version vectors say."""
    model = records.BY_NAME[table]
    local = {}
    for ids in _chunks([r["id"] for r, _ in batch]):
        for obj in session.exec(select(model).where(model.id.in_(ids))):
            local[obj.id] = obj
    _check_claims(session, table, [row for row, _ in batch], local, parties)
    if guard is not None:
        guard.prepare(table, [row for row, _ in batch], local)
    actions = []
    for row, fresh in batch:
        obj = local.get(row["id"])
        mine = None
        relation = None
        if obj is None:
            dup = _duplicate_of(session, model, row)
            action = (CONFLICT, row, (dup, "duplicate")) if dup else (NEW, row, fresh)
        else:
            mine = records.to_dict(obj)
            relation = records.compare(mine["vv"], row["vv"])
            same = records.content(mine) == records.content(row)
            if relation == records.INCOMING_NEWER and not same:
                action = (UPDATE, row, (obj, fresh))
            elif relation == records.LOCAL_NEWER or (relation == records.EQUAL and same):
                action = (UNCHANGED, row, obj)
            elif same:  # changed on both sides to the same values, or only bookkeeping moved on
                action = (MERGE_VV, row, obj)
            else:
                action = (CONFLICT, row, (obj.id, "concurrent"))
        if table == REGISTER and action[0] in (NEW, UPDATE, CONFLICT) and not _issuer_speaks(row, obj, parties):
            action = (SKIP, row, None)
        if guard is not None and (action[0] in (NEW, UPDATE) or action[0] == CONFLICT and mine is not None):
            found = frozen.judge(guard, table, mine, row, newer=relation == records.INCOMING_NEWER)
            if found is None and action[0] == CONFLICT:
                found = frozen.judge_keep(guard, table, mine, row)
            if found is not None:
                if mine is None:
                    guard.hold(table, row)
                action = (CONFLICT, row, (row["id"] if mine is None else obj.id, found.kind))
        if table == "rectification_notice" and guard is not None and action[0] in (NEW, UPDATE) \
                and row["corrects_id"] and row["status"] == NoticeStatus.ISSUED.value \
                and (mine is None or mine["status"] != NoticeStatus.ISSUED.value):
            guard.corrections_issued.append((row["corrects_id"], row["number"]))
        actions.append(action)
    if table == Tombstone.__tablename__:
        deletions.judge_tombstones(session, actions, doomed if doomed is not None else [])
    else:
        deletions.judge_records(session, table, actions)
    if guard is not None:
        _rejected_before(session, table, actions, guard)
    return actions


def _rejected_before(session: Session, table: str, actions: list[tuple[str, dict[str, Any], Any]],
                     guard: frozen.WalkContext) -> None:
    """A new record held back before, that the user decided not to take ("keep local"), and that comes again
    unchanged since: counted as unchanged, not a conflict again. A later change of it is a conflict again."""
    held = {row["id"]: n for n, (action, row, target) in enumerate(actions)
            if action == CONFLICT and guard.held(row["id"]) is not None}
    if not held:
        return
    kept = deletions.kept_local(session, table, sorted(held))
    for n in held.values():
        row = actions[n][1]
        if deletions.decided_before(kept, row):
            actions[n] = (UNCHANGED, row, None)


def _bundle_notices(bundle: OpenedBundle, index: dict[str, Any], cancel: CancelToken | None
                    ) -> tuple[dict[str, str], dict[str, dict[str, dict[str, list[Any]]]]]:
    """The issued notices a bundle carries ({id: number}), and what its issued 更正通知 state ({corrected notice
    id: {finding id: {field: [values]}}}).

    Notices are read after the findings they state (and a correction after the findings it changes): they are
    read once first, so a finding's new values are known to be a correction, and a finding's incoming version to
    be what an issued notice states. Few and small: the ids, numbers and corrections are kept, not the rows."""
    issued: dict[str, str] = {}
    corrections: dict[str, dict[str, dict[str, list[Any]]]] = {}
    if "rectification_notice" not in index["tables"]:
        return issued, corrections
    for batch in _batches(bundle, index, "rectification_notice", cancel):
        for row, _ in batch:
            if row["status"] != NoticeStatus.ISSUED.value:
                continue
            issued[row["id"]] = row["number"]
            if row["corrects_id"]:
                frozen.add_corrections(corrections.setdefault(row["corrects_id"], {}), row["changes"] or [])
    return issued, corrections


def _unfrozen_here(session: Session, guard: frozen.WalkContext, parties: _Parties, bundle: OpenedBundle) -> None:
    """After a batch is applied: what the other side unfroze, said here too. A signature it voided or gave again
    (after it saw this one) is recorded as voided in this vault's audit chain; an inspection it reopened makes the
    records this vault exported of it superseded in this vault's register (as a reopen here does); an issued
    correction notice does the same for the files of the notice it corrects."""
    for insp_id in guard.voided:
        audit.record(session, "inspection.signature_voided", "inspection", insp_id,
                     {"why": "voided or signed again in the sending vault", "bundle": bundle.bundle_id,
                      "sender": bundle.signature.signer})
    for insp_id in guard.reopened:
        insp = session.get(Inspection, insp_id)
        label = lifecycle.corrected_version_label(insp.correction_no) if insp is not None else "更正版"
        _supersede_own(session, parties, "record", insp_id, label)
    for notice_id, number in guard.corrections_issued:
        _supersede_own(session, parties, "notice", notice_id, number)


def _supersede_own(session: Session, parties: _Parties, kind: str, ref_id: str, by: str) -> None:
    """Mark this vault's own register entries of ``ref_id`` superseded: a change made here (its own version)."""
    for doc in lifecycle.supersede_own_documents(session, kind, ref_id, by):
        _local_change(doc, parties.here, doc.superseded_at)
    session.flush()


def _local_change(obj: Any, here: str, now: Any) -> None:
    """What the audit hooks do for a change made here (the import's session keeps the bundle's bookkeeping)."""
    obj.updated_at, obj.updated_device = now, here
    obj.revision = (obj.revision or 0) + 1
    vv = dict(obj.vv or {})
    vv[here] = vv.get(here, 0) + 1
    obj.vv = vv


def _walk(session: Session, bundle: OpenedBundle, index: dict[str, Any], parties: _Parties, *, apply: bool,
          progress: ProgressFn | None = None, cancel: CancelToken | None = None) -> _Tally:
    """One pass over the bundle's records, a batch at a time: read and check, plan the merge, count, and (``apply``)
    apply. Each batch's objects leave the session afterwards, so memory stays bounded by the batch, not the bundle;
    everything stays in the caller's one transaction. Ends by checking every evidence file has its record."""
    tally = _Tally()
    wanted = {b["sha256"] for b in index["blobs"].values()}
    total = _work(index)
    done = 0
    issued, corrections = _bundle_notices(bundle, index, cancel)
    guard = frozen.WalkContext(session, bundle_corrections=corrections, bundle_issued=issued)
    for table in _tables(index):
        tally.counts[table] = {NEW: 0, UPDATE: 0, CONFLICT: 0, UNCHANGED: 0}
        for batch in _batches(bundle, index, table, cancel):
            referenced: set[str] = set()
            for row, _ in batch:
                _check_row(table, row, referenced)
            tally.referenced |= referenced & wanted
            doomed: list[tuple[str, str]] = []
            actions = plan(session, table, batch, parties, guard, doomed)
            tally.add(table, actions)
            if apply:
                _apply_batch(session, table, actions, bundle, cancel)
                session.flush()
                deletions.apply(session, doomed)
                if table == Destruction.__tablename__:
                    from inspector.services import destruction

                    tally.destroyed += destruction.carry_out_received(
                        session, [row for action, row, _ in actions if action in (NEW, UPDATE)], parties.here)
                _unfrozen_here(session, guard, parties, bundle)
            guard.voided.clear()
            guard.reopened.clear()
            guard.corrections_issued.clear()
            session.expunge_all()
            done += len(batch)
            if progress:
                progress(done, total, "records")
    _check_blobs_referenced(index, tally.referenced)
    return tally


def _check_claims(session: Session, table: str, rows: list[dict[str, Any]], local: dict[str, Any],
                  parties: _Parties) -> None:
    """Refuse what only this vault can say, said by the sender: changes counted under this vault's device beyond
    what this vault counted, or a record made or changed here that this vault has never had.

    Version vectors are relayed (the office passes laptop A's changes on to laptop B), so a sender may report any
    device's counter — but this vault knows its own: an honest sender's is never ahead of it. A record naming this
    device that is not here may have been deleted here (deletions do not travel); the audit chain tells.
    """
    here = parties.here
    unknown = []
    for row in rows:
        obj = local.get(row["id"])
        if obj is not None:
            if row["vv"].get(here, 0) > (obj.vv or {}).get(here, 0):
                label = TABLES[table]
                raise BundleRefused(
                    "version", f"交换文件声称{label.zh}中的一条记录（编号 {obj.id}）在本机设备上有本机从未做过的修改。"
                               "诚实的发送方不会这样声称；为免覆盖本机的修改，未导入任何内容。",
                    f"The bundle claims changes to a record of {label.en} (id {obj.id}) made on this vault's "
                    "device that this vault never made. No honest sender claims that; so as not to overwrite this "
                    "vault's changes, nothing was imported.")
        elif here in (row["origin_device"], row["updated_device"]) or row["vv"].get(here, 0) > 0:
            unknown.append(row)
    if not unknown:
        return
    seen_here = set()
    for ids in _chunks([r["id"] for r in unknown]):
        seen_here.update(session.connection().execute(
            sa_select(AuditEvent.object_id).where(AuditEvent.object_type == table, AuditEvent.object_id.in_(ids))
        ).scalars())
    for row in unknown:
        if row["id"] in seen_here:
            continue
        label = TABLES[table]
        if here in (row["origin_device"], row["updated_device"]):
            raise BundleRefused(
                "authorship", f"交换文件中{label.zh}的一条记录声称由本机创建或修改，但本机从未有过该记录，"
                              "已拒绝，未导入任何内容。",
                f"A record of {label.en} in the bundle claims to have been made or changed on this vault's "
                "device, which never had it; refused, nothing was imported.")
        raise BundleRefused(
            "version", f"交换文件中{label.zh}的一条记录声称在本机设备上有修改，但本机从未有过该记录，已拒绝，未导入任何内容。",
            f"A record of {label.en} in the bundle claims changes made on this vault's device, which never had it; "
            "refused, nothing was imported.")


def _issuer_speaks(row: dict[str, Any], local: Any, parties: _Parties) -> bool:
    """Whether the sender may add or change this register entry: only the vault that issued the document.

    The issuer is the device the entry was made on (the local entry's, if this vault has it). This vault's own
    entries are changed by nobody else (refused); an entry another vault made, relayed by the sender, is left out.
    """
    origin = local.origin_device if local is not None else row["origin_device"]
    if origin == parties.here:
        raise BundleRefused(
            "register", f"交换文件试图修改本机签发文件的发文登记（编号 {local.id if local is not None else ''}）。"
                        "发文登记只能由签发方登记，已拒绝，未导入任何内容。",
            f"The bundle tries to change this vault's entry in the register of issued documents (id "
            f"{local.id if local is not None else ''}). Only a document's issuer registers it; refused, nothing was "
            "imported.")
    return origin in parties.sender and row["origin_device"] == origin


def _register_flag(tally: _Tally) -> list[tuple[str, str]]:
    if not tally.skipped_register:
        return []
    n = tally.skipped_register
    return [(f"{n} 条发文登记并非由发送方签发，未予登记（发文登记只接受签发方本身发来的）。",
             f"{n} entr{'y' if n == 1 else 'ies'} of the register of issued documents were not issued by the sender "
             "and were left out (only a document's issuer registers it).")]


def _work(index: dict[str, Any]) -> int:
    """The progress total of an import: one per record, one per byte of evidence (records come first)."""
    return sum(index["tables"].values()) + sum(b["size"] for b in index["blobs"].values())


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
def _opened(vault: Vault, path: Path | str, cancel: CancelToken | None, *, read_only: bool
            ) -> Iterator[tuple[Session, OpenedBundle, dict[str, Any], Preview, _Parties | None]]:
    """The bundle verified and unlocked, in a session of the vault: its index and the preview's bundle fields, and
    who speaks for whom (None: this very bundle was applied before)."""
    with open_for_import(vault, path) as bundle, vault.session(read_only=read_only) as s:
        index = _index(bundle)
        parties, flags = _check_sender(s, vault, bundle)
        result = _preview(bundle, index)
        result.flags = flags
        if _check_bundle_id(s, bundle):
            result.already_imported = True
            result.flags = []
            parties = None
        yield s, bundle, index, result, parties


def preview(vault: Vault, path: Path | str, cancel: CancelToken | None = None) -> Preview:
    """Everything short of applying: verified, decrypted, checked, and the merge counted."""
    with _opened(vault, path, cancel, read_only=True) as (s, bundle, index, result, parties):
        if parties is not None:
            tally = _walk(s, bundle, index, parties, apply=False, cancel=cancel)
            result.counts = tally.counts
            result.flags += _checkpoint_flags(s, bundle.manifest) + _register_flag(tally)
    return result


def import_bundle(vault: Vault, path: Path | str, *, dry_run: bool = False, progress: ProgressFn | None = None,
                  cancel: CancelToken | None = None) -> Preview:
    """Apply ``path`` to the vault (all or nothing). Re-importing an applied bundle changes nothing.

    The records are read, checked, merged and applied a batch at a time inside one transaction, then the evidence
    files are stored (each one belonging to a record, checked on the way); a refusal, a cancel or any failure at
    any point rolls everything back."""
    if dry_run:
        return preview(vault, path, cancel)
    with _opened(vault, path, cancel, read_only=False) as (s, bundle, index, result, parties):
        if parties is None:
            return result
        s.info["audit"] = dataclasses.replace(vault.audit_context, preserve_bookkeeping=True)
        dialect.defer_foreign_keys(s)
        result.flags += _checkpoint_flags(s, bundle.manifest)
        tally = _walk(s, bundle, index, parties, apply=True, progress=progress, cancel=cancel)
        result.counts = tally.counts
        result.flags += _register_flag(tally)
        _store_blobs(s, bundle, index, progress, cancel, done=sum(index["tables"].values()))
        s.flush()
        _check_references(s)
        _remember(s, bundle, result, named=_named_by_signer(bundle))
        result.acknowledged = acks.take(s, vault.vault_id, bundle.manifest)
        result.applied = True
    if tally.destroyed:
        from inspector.services import destruction

        destruction.settle(vault)
    return result


def _named_by_signer(bundle: OpenedBundle) -> bool:
    try:
        return bool(certs.named_vaults(x509.load_der_x509_certificate(bundle.signature.cert_der)))
    except ValueError:
        return False


def _store_blobs(session: Session, bundle: OpenedBundle, index: dict[str, Any], progress: ProgressFn | None,
                 cancel: CancelToken | None, *, done: int = 0) -> None:
    """Store the evidence files this vault lacks, each checked against the manifest and the index while it streams
    into the evidence store (one chunk in memory at a time); those it has are still read and checked."""
    ctx: audit.AuditContext = session.info["audit"]
    conn = session.connection()
    store = evidence_store.store_of(session)
    blobs = index["blobs"]
    total = _work(index)
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
            if not 0 <= size <= MAX_EVIDENCE_BYTES:
                raise BundleRefused("member", f"交换文件中的证据文件“{path}”过大。", f"The evidence file {path!r} is too large.")
            try:  # streamed into the evidence store, one chunk in memory; more bytes than announced stop it
                sealed = store.seal(bundle.member(path), evidence_store.cipher_of(session), limit=size, cancel=cancel,
                                    progress=progress, total=total, done=done)
            except errors.BadInputError:
                raise _not_as_indexed(path) from None
            evidence_store.adopt(session, sealed)  # removed again if anything later fails
            if sealed.size != size or sealed.sha256 != sha:
                raise _not_as_indexed(path)
            values = {"sha256": sha, "size": size, "data": None, "created_at": utcnow(), "cipher": sealed.cipher,
                      "file_key": sealed.key}
            conn.execute(insert(EvidenceBlob.__table__).values(**values))
            events.append(audit.create_event(ctx.alg, "evidence_blob", values, pk="sha256"))
        done += info["size"]
        if progress:
            progress(done, total, "evidence")
    audit.append(session, events)


def _not_as_indexed(path: str) -> BundleRefused:
    return BundleRefused("member", f"交换文件中的证据文件“{path}”与索引不符。",
                         f"The evidence file {path!r} in the bundle does not match its index.")


def _apply_batch(session: Session, table: str, actions: list[tuple[str, dict[str, Any], Any]], bundle: OpenedBundle,
                 cancel: CancelToken | None) -> None:
    model = records.BY_NAME[table]
    _insert_new(session, model, [target for action, _, target in actions if action == NEW], cancel)
    for n, (action, row, target) in enumerate(actions):
        if n % 500 == 0:
            check(cancel)
        if action == UPDATE:
            local, fresh = target
            for key in records.columns(model):
                if key != "id" and key not in KEPT_LOCAL:
                    setattr(local, key, getattr(fresh, key))
        elif action == MERGE_VV:
            target.vv = records.merged(target.vv or {}, row["vv"])
        elif action == CONFLICT:
            _keep_conflict(session, table, *target, row, bundle)


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
    problem = dialect.foreign_key_problem(session)
    if problem:
        table, parent = ((TABLES[t].zh, TABLES[t].en) if t in TABLES else (t, t) for t in problem)
        raise BundleRefused(
            "references",
            f"交换文件中的记录引用了本保险库没有的数据（{table[0]} → "
            f"{parent[0]}），未导入任何内容。请先导入该发送方更早的交换文件，或请其发送完整数据。",
            f"Records in the bundle refer to data this vault lacks ({table[1]} → {parent[1]}); nothing was imported. "
            "Import the sender's earlier bundle first, or ask for a full export.")


def since_seq(manifest: dict[str, Any]) -> int:
    """The sender's audit sequence a bundle's changes start after (0: everything; older bundles do not say)."""
    value = manifest.get("since_seq", 0)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _remember(session: Session, bundle: OpenedBundle, result: Preview, *, named: bool) -> None:
    m = bundle.manifest
    cp = m["checkpoint"]
    created = parse_created(m["created_at"])
    totals = {k: result.total(k) for k in (NEW, UPDATE, CONFLICT, UNCHANGED)}
    session.add(SyncBundle(id=bundle.bundle_id, direction="in", sender_name=bundle.signature.signer,
                           sender_fingerprint=bundle.signature.fingerprint,
                           sender_vault_id=m["sender"].get("vault_id", ""),
                           recipients=[r["fingerprint"] for r in m["recipients"]], scope=str(m.get("scope", "")),
                           since_seq=since_seq(m), checkpoint_seq=int(cp.get("seq", 0)), checkpoint_hash=str(cp.get("hash", "")),
                           created_at=created, filename=Path(bundle.path).name, sha256=bundle.sha256,
                           counts={**totals, "blobs": result.blobs, SENDER_DEVICE: m["sender"]["device_id"],
                                   SENDER_NAMED: int(named)}, flags=[f"{zh} / {en}" for zh, en in result.flags]))
    audit.record(session, "sync.import", "bundle", bundle.bundle_id,
                 {"sender": bundle.signature.fingerprint, "sha256": bundle.sha256, "counts": totals,
                  "blobs": result.blobs, "flags": [en for _, en in result.flags]})

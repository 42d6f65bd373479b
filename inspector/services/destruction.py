"""Destroying evidence with approval (art. 29: 审批、记录、备案, 全过程可审计).

1. **Request** (:func:`request`): which evidence contents, why, and on what legal basis. Nothing is destroyed yet.
2. **Decision by a second person** (:func:`approve`, :func:`reject`): someone other than the requester, with a
   signing identity of their own in this vault, signs the request as it stands (a detached CMS signature over
   :func:`approval_text`). Approving carries the destruction out at once.
3. **Crypto-shredding** (:func:`_destroy`): every evidence record of those contents is deleted (with tombstones
   that travel), each content's row — the only place its key ever was — is deleted with SQLite's
   ``secure_delete`` on, and its file removed once that is committed; the write-ahead log is then checkpointed
   and truncated so no old page keeps the key (:func:`settle`). Backups made afterwards carry neither key nor
   file (:mod:`inspector.services.maintenance`); backups made before keep them until they are themselves
   destroyed, which is said in the record.
4. **The 销毁记录** stays: what was destroyed (names, sizes, SHA-256), who requested, who approved, when. It is in
   the audit chain, travels to the other vaults in bundles — where a vault that holds the same contents destroys
   them the same way on import (:func:`carry_out_received`) — and exports as a signed document
   (:func:`prepare_document`).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from inspector import audit, dialect, evidence_store, tombstones
from inspector.errors import BadInputError, NotFoundError
from inspector.model import Destruction, Evidence, EvidenceBlob, SigningIdentity, referring_columns, utcnow
from inspector.signing import identity as identities
from inspector.sync import crypto
from inspector.vault import Vault

REQUESTED, REJECTED, DESTROYED = "requested", "rejected", "destroyed"
STATUS_TEXT = {REQUESTED: ("待审批", "awaiting approval"), REJECTED: ("已驳回", "rejected"),
               DESTROYED: ("已销毁", "destroyed")}
MAX_TEXT = 500
APPROVAL_LABEL = "inspector-destruction-approval/1"


def _text(value: str, zh: str, en: str) -> str:
    value = " ".join((value or "").split())
    if not value:
        raise BadInputError(f"请填写{zh}。", f"Give the {en}.")
    if len(value) > MAX_TEXT:
        raise BadInputError(f"{zh}过长（上限 {MAX_TEXT} 字）。", f"The {en} is too long (limit {MAX_TEXT}).")
    return value


def get(session: Session, destruction_id: str) -> Destruction:
    d = session.get(Destruction, destruction_id)
    if d is None:
        raise NotFoundError(f"找不到销毁记录：{destruction_id}", f"No destruction with id {destruction_id}")
    return d


def _blob_users(session: Session, sha: str) -> list[str]:
    """Tables other than evidence that refer to a content (a drawn signature): such content is not evidence."""
    return [table.name for table, column in referring_columns(EvidenceBlob.__tablename__)
            if table.name != Evidence.__tablename__
            and session.connection().execute(table.select().where(column == sha).limit(1)).first()]


def _items(session: Session, evidence_ids: list[str]) -> list[dict[str, Any]]:
    """One entry per content: its hash and size, and every evidence record of it (not only those named)."""
    shas: list[str] = []
    for evidence_id in evidence_ids:
        ev = session.get(Evidence, evidence_id)
        if ev is None:
            raise NotFoundError(f"找不到证据：{evidence_id}", f"No evidence with id {evidence_id}")
        if ev.blob_sha256 not in shas:
            shas.append(ev.blob_sha256)
    items = []
    for sha in shas:
        if _blob_users(session, sha):
            raise BadInputError("该文件同时是签字图像，不能作为证据销毁。", "This file is also a drawn signature; it cannot "
                                "be destroyed as evidence.")
        blob = evidence_store.get_blob(session, sha)
        files = [{"evidence_id": e.id, "filename": e.filename, "owner_type": e.owner_type, "owner_id": e.owner_id}
                 for e in session.exec(select(Evidence).where(Evidence.blob_sha256 == sha).order_by(Evidence.id))]
        items.append({"sha256": sha, "size": blob.size, "files": files})
    return items


def request(session: Session, evidence_ids: list[str], reason: str, legal_basis: str) -> Destruction:
    """Ask for the destruction of the contents of ``evidence_ids`` (each with every record of it)."""
    if not evidence_ids:
        raise BadInputError("请选择要销毁的证据。", "Choose the evidence to destroy.")
    from inspector.services import settings

    me = settings.self_inspector(session)
    own = identities.default_identity_id(session)
    d = Destruction(items=_items(session, evidence_ids), reason=_text(reason, "销毁原因", "reason"),
                    legal_basis=_text(legal_basis, "法律依据", "legal basis"),
                    requested_by=me.name if me is not None else session.info["audit"].actor,
                    requested_fingerprint=session.get(SigningIdentity, own).fingerprint if own else "",
                    requested_at=utcnow(), status=REQUESTED)
    session.add(d)
    session.flush()
    return d


def approval_text(d: Destruction) -> bytes:
    """What an approver signs: the request as it stands (id, what, why, basis, who asked, when)."""
    return json.dumps([APPROVAL_LABEL, d.id, d.items, d.reason, d.legal_basis, d.requested_by,
                       d.requested_at.isoformat() if d.requested_at else ""],
                      ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _decider(session: Session, d: Destruction, identity_id: str | None) -> identities.LoadedIdentity:
    if d.status != REQUESTED:
        raise BadInputError(f"该销毁申请{STATUS_TEXT[d.status][0]}，不能再审批。",
                            f"This request is already {STATUS_TEXT[d.status][1]}; it cannot be decided again.")
    who = identities.load_identity(session, identity_id)
    if who.fingerprint == d.requested_fingerprint or who.name == d.requested_by:
        raise BadInputError("审批须由申请人以外的另一人进行（使用其本人的签名身份）。",
                            "Approval must come from someone other than the requester, with their own signing "
                            "identity.")
    return who


def approve(vault: Vault, destruction_id: str, *, identity_id: str | None = None, note: str = "") -> Destruction:
    """A second person approves (signing the request) and the contents are destroyed at once."""
    with vault.session() as s:
        d = get(s, destruction_id)
        who = _decider(s, d, identity_id)
        cms = crypto.sign_manifest(approval_text(d), who.cert_der, who.key_der, who.chain_der)
        d.decided_by, d.decided_fingerprint, d.decided_at = who.name, who.fingerprint, utcnow()
        d.decision_note, d.approval_cms = " ".join(note.split())[:MAX_TEXT], base64.b64encode(cms).decode()
        _destroy(s, d, device=vault.device_id)
    settle(vault)
    with vault.session() as s:
        return get(s, destruction_id)


def reject(session: Session, destruction_id: str, *, identity_id: str | None = None, note: str = "") -> Destruction:
    d = get(session, destruction_id)
    why = _text(note, "驳回理由", "reason for rejecting")
    who = _decider(session, d, identity_id)
    d.status, d.decided_by, d.decided_fingerprint, d.decided_at = REJECTED, who.name, who.fingerprint, utcnow()
    d.decision_note = why
    session.flush()
    return d


def _destroy(session: Session, d: Destruction, *, device: str) -> None:
    """Crypto-shred every content of ``d`` this vault holds; the record says done."""
    with tombstones.reason(session, f"销毁：{d.reason}"):
        for item in d.items:
            _shred(session, item["sha256"])
    d.status, d.destroyed_at, d.destroyed_device = DESTROYED, utcnow(), device
    session.flush()
    audit.record(session, "destruction.destroyed", Destruction.__tablename__, d.id,
                 {"sha256": [i["sha256"] for i in d.items], "approved_by": d.decided_fingerprint})


def _shred(session: Session, sha: str) -> bool:
    """Delete every evidence record of content ``sha`` and the content's row (its key) with ``secure_delete`` on;
    its file goes once that is committed. Whether this vault held any of it."""
    if not dialect.on_postgresql(session):  # SQLite overwrites what it deletes; the hub: see settle
        session.connection().exec_driver_sql("PRAGMA secure_delete = ON")
    records = session.exec(select(Evidence).where(Evidence.blob_sha256 == sha)).all()
    for ev in records:
        session.delete(ev)
    session.flush()
    blob = session.get(EvidenceBlob, sha)
    if blob is not None:
        evidence_store.drop(session, blob)
    return bool(records) or blob is not None


def settle(vault: Vault) -> None:
    """After a destruction is committed: fold the write-ahead log into the database and empty it, so no page
    written before (holding a destroyed key) stays there. On the hub: ``VACUUM`` the tables that held the content
    and its key, so PostgreSQL reuses their space (``VACUUM FULL`` in the operator's maintenance rewrites the
    files: docs/hub.md)."""
    if vault.engine.dialect.name == "postgresql":
        raw = vault.engine.raw_connection()  # VACUUM runs outside any transaction
        try:
            raw.rollback()  # whatever the pool's ping began
            raw.driver_connection.autocommit = True
            cursor = raw.cursor()
            cursor.execute("VACUUM evidence_chunk, evidence_blob, evidence")
            cursor.close()
        finally:
            raw.driver_connection.autocommit = False
            raw.close()
        return
    with vault.engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def carry_out_received(session: Session, rows: list[dict[str, Any]], device: str) -> int:
    """An import brought destructions carried out elsewhere: the contents they name that this vault holds are
    destroyed the same way (the approval was given there). Returns how many contents went."""
    gone = 0
    for row in rows:
        if row.get("status") != DESTROYED:
            continue
        d = session.get(Destruction, row["id"])
        held = [i["sha256"] for i in d.items if _shred(session, i["sha256"])]
        if not held:
            continue
        gone += len(held)
        audit.record(session, "destruction.carried_out", Destruction.__tablename__, d.id,
                     {"sha256": held, "device": device})
    return gone


def list_destructions(session: Session) -> list[Destruction]:
    return list(session.exec(select(Destruction).order_by(Destruction.requested_at.desc(), Destruction.id)))


# ---- the 销毁记录 as a signed document --------------------------------------------------------------------

KIND_DOCUMENT = "destruction"
DOCUMENT_REASON = "确认证据销毁记录"


def document_content(d: Destruction, *, organisation: str) -> dict[str, Any]:
    """The 销毁记录 as letter content (:mod:`inspector.documents.letter`)."""
    from inspector import regulation
    from inspector.documents.layout import cn_datetime, size_text

    rows = []
    for n, item in enumerate(d.items, start=1):
        names = "、".join(f["filename"] for f in item["files"]) or "—"
        rows.append([str(n), names, size_text(item["size"]), item["sha256"]])
    status_zh = STATUS_TEXT[d.status][0]

    def when(moment) -> str:
        return cn_datetime(moment) or "—"

    blocks = [
        {"kind": "p", "text": f"依据《{regulation.regulation()['title']}》第二十九条，经审批，对下列证据文件执行销毁。"
                              f"本记录载明销毁的对象、原因、依据、申请与审批，存入审计记录并报备。状态：{status_zh}。"},
        {"kind": "h1", "text": "一、销毁对象"},
        {"kind": "table", "headers": ["序号", "文件名", "大小", "SHA-256"], "rows": rows, "widths": [0.08, 0.32, 0.12, 0.48]},
        {"kind": "h1", "text": "二、原因与依据"},
        {"kind": "p", "text": f"销毁原因：{d.reason}"},
        {"kind": "p", "text": f"法律依据：{d.legal_basis}"},
        {"kind": "h1", "text": "三、申请与审批"},
        {"kind": "p", "text": f"申请人：{d.requested_by}，申请时间：{when(d.requested_at)}。"},
        {"kind": "p", "text": f"审批人：{d.decided_by or '—'}（证书指纹 {d.decided_fingerprint[:16] or '—'}），"
                              f"审批时间：{when(d.decided_at)}。{('审批意见：' + d.decision_note) if d.decision_note else ''}"},
        {"kind": "h1", "text": "四、销毁方式"},
        {"kind": "p", "text": "密码销毁：删除每个文件唯一的加密密钥并删除文件本身，此后制作的备份不再包含该文件及其密钥；"
                              f"此前制作的备份须按备份管理规定另行销毁。销毁时间：{when(d.destroyed_at)}。"},
    ]
    return {"title": "证据销毁记录", "addressee": organisation, "blocks": blocks, "attachments": [], "articles": [29]}


def prepare_document(vault: Vault, destruction_id: str):
    """The 销毁记录 as an unsigned PDF, for :func:`inspector.services.exports.finish` (which signs and registers
    it); a destruction not yet carried out prints as a draft."""
    from inspector.documents import official
    from inspector.documents.layout import CHINA_TZ
    from inspector.documents.letter import build_letter
    from inspector.services import exports, settings

    with vault.session() as s:
        d = get(s, destruction_id)
        organisation = settings.get(s, settings.ORG_NAME)
        done = d.status == DESTROYED
        issued_on = d.destroyed_at.astimezone(CHINA_TZ).date() if done else None
        colophon = official.colophon_for(s, None, printed_on=issued_on)
        content = document_content(d, organisation=organisation)
        number = f"销毁记录 {d.id[:8].upper()}"
        built = build_letter(content, number=number, draft=not done, organisation=organisation,
                             issued_on=issued_on, colophon=colophon)
    return exports.PreparedDocument(kind=KIND_DOCUMENT, ref_id=destruction_id, built=built, draft=not done,
                                    reason=DOCUMENT_REASON, title=f"证据销毁记录 {number}",
                                    filename=exports._safe_name(f"证据销毁记录-{d.id[:8]}") + ".pdf")

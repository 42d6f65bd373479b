"""The bundle file itself: writing one, and opening a foreign one safely (``docs/bundle-format.md``).

A bundle is a ZIP (members stored, not deflated: they are ciphertext) holding

* the encrypted members (``index.json``, ``records/<table>.jsonl``, ``blobs/<n>``),
* ``manifest.json`` — plain JSON: format and version, bundle id, sender,
  recipients with their HPKE-wrapped content keys, created time, the sender's
  audit checkpoint, and every encrypted member's path, size and SHA-256,
* ``manifest.p7s`` — the sender's detached CMS signature over ``manifest.json``.

:func:`open_bundle` checks the ZIP's structure, then the signature and the
signer's trust, and only then parses the manifest; every member is later read
through :meth:`OpenedBundle.member`, which checks its size and hash against the
manifest and decrypts it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

from inspector import pipeline
from inspector.errors import BadInputError
from inspector.paths import fsync_dir, private_umask
from inspector.progress import CancelToken, check
from inspector.safezip import ZipLimits, ZipRefused, check_member_name, open_checked
from inspector.sync import crypto, records
from inspector.sync.crypto import BundleRefused

FORMAT = "inspector-bundle"
VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.p7s"
INDEX = "index.json"
RECORDS = "records/"
SUFFIX = ".inspbundle"
WHAT = ("交换文件", "bundle")
MAX_MANIFEST = 64 << 20
MAX_SIGNATURE = 1 << 20
MAX_MEMBER = crypto.stream.sealed_size(8 << 30)
"""An evidence file (at most 8 GiB, :data:`inspector.services.evidence.MAX_EVIDENCE_BYTES`) sealed, or a table."""
LIMITS = ZipLimits(max_members=1_000_000, max_member_bytes=MAX_MEMBER, max_total_bytes=1 << 40, max_ratio=100.0)


CREATED_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def created_text(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime(CREATED_FORMAT)


def parse_created(text: str) -> datetime:
    """The manifest's ``created_at`` (UTC, whole seconds)."""
    return datetime.strptime(text, CREATED_FORMAT).replace(tzinfo=timezone.utc)


@dataclass
class Party:
    name: str
    fingerprint: str
    cert_der: bytes = field(repr=False, default=b"")


# ---- writing ---------------------------------------------------------------------------------------


class BundleWriter:
    """Write a bundle to ``out`` through a private temporary file; :meth:`finish` signs and moves it in place."""

    def __init__(self, out: Path, *, cipher: str = crypto.AES_256_GCM, cancel: CancelToken | None = None) -> None:
        if cipher not in crypto.CIPHERS:
            raise BadInputError(f"不支持的内容加密算法：{cipher}", f"Unsupported content cipher: {cipher}")
        self.out = Path(out)
        self.bundle_id = str(uuid.uuid4())
        self.cipher = cipher
        self.content_key = os.urandom(32)
        self.members: list[dict[str, Any]] = []
        self.bytes_written = 0
        self._cancel = cancel
        self._tmp = self.out.with_name(self.out.name + ".part")
        with private_umask():
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self._zip = zipfile.ZipFile(self._tmp, "w", zipfile.ZIP_STORED, allowZip64=True)

    def add(self, path: str, plaintext: Iterable[bytes]) -> None:
        """Encrypt one member from a stream of plaintext pieces."""
        digest, size = hashlib.sha256(), 0
        with self._zip.open(path, "w", force_zip64=True) as f:
            for sealed in crypto.encrypt_chunks(self.content_key, self.cipher, self.bundle_id, path, plaintext):
                check(self._cancel)
                f.write(sealed)
                digest.update(sealed)
                size += len(sealed)
        self.bytes_written += size
        self.members.append({"path": path, "size": size, "sha256": digest.hexdigest()})

    def finish(self, *, sender: Party, sender_key_der: bytes, chain_der: Iterable[bytes], recipients: list[Party],
               header: dict[str, Any]) -> dict[str, Any]:
        """Write the manifest and its signature, then move the file into place; returns the manifest."""
        manifest = {
            "format": FORMAT, "version": VERSION, "bundle_id": self.bundle_id,
            "created_at": created_text(datetime.now(timezone.utc)),
            "sender": {"name": sender.name, "fingerprint": sender.fingerprint, **header.pop("sender", {})},
            "recipients": [{"name": r.name, "fingerprint": r.fingerprint,
                            "sealed_key": base64.b64encode(crypto.wrap_key(self.content_key, r.cert_der,
                                                                           self.bundle_id)).decode()}
                           for r in recipients],
            "cipher": self.cipher, "chunk_size": crypto.CHUNK, "key_encapsulation": crypto.HPKE_SUITE_NAME,
            **header,
            "members": self.members,
        }
        data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
        self._zip.writestr(MANIFEST, data)
        self._zip.writestr(SIGNATURE, crypto.sign_manifest(data, sender.cert_der, sender_key_der, chain_der))
        self._zip.close()
        with open(self._tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(self._tmp, self.out)
        fsync_dir(self.out.parent)
        self.content_key = b""
        self.manifest_sha256 = hashlib.sha256(data).hexdigest()
        return manifest

    def abort(self) -> None:
        try:
            self._zip.close()
        finally:
            self._tmp.unlink(missing_ok=True)


# ---- reading ---------------------------------------------------------------------------------------


@dataclass
class OpenedBundle:
    path: Path
    sha256: str
    """SHA-256 of the signed manifest, which covers every member: the bundle's fingerprint."""
    manifest: dict[str, Any]
    signature: crypto.SignatureInfo
    _zip: Any = field(repr=False)
    _sizes: dict[str, tuple[int, str]] = field(repr=False, default_factory=dict)
    content_key: bytes = field(repr=False, default=b"")

    @property
    def bundle_id(self) -> str:
        return self.manifest["bundle_id"]

    @property
    def sender(self) -> dict[str, Any]:
        return self.manifest["sender"]

    @property
    def member_paths(self) -> list[str]:
        return list(self._sizes)

    def recipient_entry(self, fingerprints: Iterable[str]) -> dict[str, Any] | None:
        wanted = set(fingerprints)
        return next((r for r in self.manifest["recipients"] if r["fingerprint"] in wanted), None)

    def unlock(self, entry: dict[str, Any], key_der: bytes) -> None:
        try:
            sealed = base64.b64decode(entry["sealed_key"], validate=True)
        except (ValueError, TypeError):
            raise BundleRefused("key", "交换文件中的密钥信息已损坏。", "The bundle's key information is damaged.") from None
        self.content_key = crypto.unwrap_key(sealed, key_der, self.bundle_id)

    def stored(self, path: str) -> Iterator[bytes]:
        """The member's stored (encrypted) bytes, checked against the manifest's size and hash at the end."""
        size, sha = self._sizes[path]
        digest, seen = hashlib.sha256(), 0
        for block in self._zip.stream(path, max_bytes=size):
            digest.update(block)
            seen += len(block)
            yield block
        if seen != size or digest.hexdigest() != sha:
            raise BundleRefused("member", f"交换文件成员“{path}”与清单不符（大小或哈希不同）：文件已被改动或不完整。",
                                f"The bundle member {path!r} does not match the manifest (size or hash): "
                                "altered or incomplete.")

    def member(self, path: str) -> Iterator[bytes]:
        """The member's plaintext, decrypted and checked (needs :meth:`unlock` first). Its stored bytes are read and
        hashed on a second thread while the caller decrypts and uses the previous ones (:func:`pipeline.ahead`)."""
        return crypto.decrypt_chunks(self.content_key, self.manifest["cipher"], self.bundle_id, path,
                                     pipeline.ahead(self.stored(path)))

    def read_member(self, path: str) -> bytes:
        return b"".join(self.member(path))

    def close(self) -> None:
        self._zip.close()
        self.content_key = b""

    def __enter__(self) -> "OpenedBundle":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_bundle(path: Path | str, trust_roots: list[bytes]) -> OpenedBundle:
    """Open a bundle: structure, then signature, then (only then) the manifest. Trust is the caller's call.

    Raises :class:`BundleRefused` / :class:`ZipRefused` with the reason; nothing is written anywhere.
    """
    path = Path(path)
    archive = open_checked(path, LIMITS, what=WHAT)
    try:
        names = set(archive.names)
        crypto.require(MANIFEST in names and SIGNATURE in names, "unsigned",
                       "交换文件缺少清单或签名，已拒绝。", "The bundle lacks its manifest or signature; refused.")
        data = archive.read(MANIFEST, MAX_MANIFEST)
        signature = crypto.verify_manifest(data, archive.read(SIGNATURE, MAX_SIGNATURE), trust_roots)
        manifest = _parse_manifest(data)
        sizes = {m["path"]: (m["size"], m["sha256"]) for m in manifest["members"]}
        extra = sorted(names - set(sizes) - {MANIFEST, SIGNATURE})
        missing = sorted(set(sizes) - names)
        crypto.require(not extra, "extra", f"交换文件中有清单未列出的成员“{extra[0] if extra else ''}”，已拒绝。",
                       f"The bundle holds a member the manifest does not list ({extra[0] if extra else ''!r}); refused.")
        crypto.require(not missing, "missing", f"交换文件缺少清单所列的成员“{missing[0] if missing else ''}”（文件不完整）。",
                       f"The bundle lacks a member its manifest lists ({missing[0] if missing else ''!r}): incomplete.")
        return OpenedBundle(path=path, sha256=hashlib.sha256(data).hexdigest(), manifest=manifest, signature=signature, _zip=archive,
                            _sizes=sizes)
    except BaseException:
        archive.close()
        raise


def _bad_manifest(what: str) -> BundleRefused:
    return BundleRefused("manifest", f"交换文件的清单格式不正确（{what}）。", f"The bundle's manifest is malformed ({what}).")


def _sequence(value: Any) -> bool:
    """An audit-chain sequence number: a whole number SQLite can hold, not negative (and not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= records.INT_MAX


def _parse_manifest(data: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _bad_manifest("JSON") from None
    except RecursionError:  # nested far too deep for the decoder
        raise _bad_manifest("JSON") from None
    if isinstance(manifest, dict) and records.too_deep(manifest):
        raise _bad_manifest("JSON")
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _bad_manifest("format")
    version = manifest.get("version")
    if not isinstance(version, int):
        raise _bad_manifest("version")
    if version > VERSION:
        raise crypto.NewerBundle("version", f"该交换文件由更新版本的 Inspector 生成（格式版本 {version}，本机支持 {VERSION}），请先升级。",
                            f"A newer Inspector made this bundle (format version {version}; this one reads "
                            f"{VERSION}). Update Inspector first.")
    if version < 1:
        raise _bad_manifest("version")
    text_fields = ("bundle_id", "created_at", "cipher")
    if not all(isinstance(manifest.get(k), str) for k in text_fields):
        raise _bad_manifest("fields")
    for key, kind in (("sender", dict), ("recipients", list), ("members", list), ("checkpoint", dict),
                      ("history", list)):
        if not isinstance(manifest.get(key), kind):
            raise _bad_manifest(key)
    if not all(isinstance(manifest["sender"].get(k), str) for k in ("name", "fingerprint", "vault_id", "device_id")):
        raise _bad_manifest("sender")
    if not (isinstance(manifest.get("scope", ""), str) and isinstance(manifest.get("since", False), bool)):
        raise _bad_manifest("scope")
    checkpoint = manifest["checkpoint"]
    if not (_sequence(checkpoint.get("seq")) and isinstance(checkpoint.get("hash"), str)
            and isinstance(checkpoint.get("alg", ""), str)):
        raise _bad_manifest("checkpoint")
    if not all(isinstance(h, dict) and _sequence(h.get("seq")) and isinstance(h.get("hash"), str)
               for h in manifest["history"]):
        raise _bad_manifest("history")
    try:
        uuid.UUID(manifest["bundle_id"])
        parse_created(manifest["created_at"])
    except ValueError:
        raise _bad_manifest("bundle_id/created_at") from None
    if manifest["cipher"] not in crypto.CIPHERS:
        raise BundleRefused("cipher", f"不支持的内容加密算法：{manifest['cipher']}",
                            f"Unsupported content cipher: {manifest['cipher']}")
    seen: set[str] = set()
    for m in manifest["members"]:
        if not (isinstance(m, dict) and isinstance(m.get("path"), str) and isinstance(m.get("size"), int)
                and isinstance(m.get("sha256"), str) and 0 <= m["size"] <= MAX_MEMBER):
            raise _bad_manifest("members")
        try:
            check_member_name(m["path"], *WHAT)
        except ZipRefused as exc:
            raise BundleRefused(exc.reason, exc.zh, exc.en) from None
        if m["path"].casefold() in seen or m["path"] in (MANIFEST, SIGNATURE):
            raise BundleRefused("duplicate", f"交换文件清单中的成员“{m['path']}”重复。",
                                f"The bundle's manifest lists {m['path']!r} twice.")
        seen.add(m["path"].casefold())
    # a table this Inspector does not know is refused here, even with no records (they alone would be checked)
    records.check_tables(m["path"][len(RECORDS):].removesuffix(".jsonl") for m in manifest["members"]
                         if m["path"].startswith(RECORDS))
    for r in manifest["recipients"]:
        if not (isinstance(r, dict) and all(isinstance(r.get(k), str) for k in ("name", "fingerprint", "sealed_key"))):
            raise _bad_manifest("recipients")
    return manifest


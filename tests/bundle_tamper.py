"""Rewriting a sync bundle's ZIP the way an attacker would, for ``tests/test_sync_hostile.py``.

A bundle is read here with the plain :mod:`zipfile` (it is our own, made by
the exporter a moment before) into a list of :class:`Entry`; the list is
changed (members added, dropped, renamed, duplicated, bytes flipped, the
manifest edited and signed again with a given identity) and written back as a
new ZIP. What :mod:`zipfile` will not write — a NUL in a name, sizes in the
headers that lie — is patched into the written file's local and central
headers afterwards (:func:`patch_entry`).

The written ZIPs are small, so never ZIP64: every size and offset sits in the
ordinary 32-bit header fields.
"""

from __future__ import annotations

import base64
import hashlib
import json
import stat
import struct
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from asn1crypto import cms

from inspector.signing import certs, identity
from inspector.sync import crypto, records
from inspector.sync.bundle import INDEX, MANIFEST, SIGNATURE, open_bundle
from inspector.vault import Vault

_EOCD = b"PK\x05\x06"
_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"
_WHEN = (2026, 11, 24, 8, 0, 0)


@dataclass(frozen=True)
class Entry:
    """One member to write: its name (anything, NUL included), its bytes, how it is stored."""

    name: str
    data: bytes
    method: int = zipfile.ZIP_STORED
    symlink: bool = False


# ---- reading and writing whole bundles --------------------------------------------------------------


def read_entries(path: Path) -> list[Entry]:
    """Every member of one of our own bundles, in order, with its stored bytes."""
    with zipfile.ZipFile(path) as zf:
        return [Entry(info.filename, zf.read(info)) for info in zf.infolist()]


def write_entries(path: Path, entries: list[Entry]) -> Path:
    """A ZIP holding exactly ``entries`` (duplicate names and NULs included)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names: here they are the point
        with zipfile.ZipFile(path, "w") as zf:
            for entry in entries:
                info = zipfile.ZipInfo(entry.name.replace("\x00", "\x01"), date_time=_WHEN)
                info.compress_type = entry.method
                info.create_system = 3
                kind = stat.S_IFLNK | 0o777 if entry.symlink else stat.S_IFREG | 0o600
                info.external_attr = kind << 16
                zf.writestr(info, entry.data)
    for n, entry in enumerate(entries):
        if "\x00" in entry.name:
            patch_entry(path, n, name=entry.name.encode())
    return path


def rewrite(src: Path, dst: Path, change: Callable[[list[Entry]], list[Entry]]) -> Path:
    """``dst`` = ``src`` with its members passed through ``change``."""
    return write_entries(dst, change(read_entries(src)))


# ---- changing the list of members -------------------------------------------------------------------


def names(entries: list[Entry]) -> list[str]:
    return [e.name for e in entries]


def get(entries: list[Entry], name: str) -> Entry:
    return next(e for e in entries if e.name == name)


def without(entries: list[Entry], name: str) -> list[Entry]:
    assert name in names(entries), name
    return [e for e in entries if e.name != name]


def renamed(entries: list[Entry], old: str, new: str) -> list[Entry]:
    assert old in names(entries), old
    return [replace(e, name=new) if e.name == old else e for e in entries]


def with_data(entries: list[Entry], name: str, data: bytes, **kw: Any) -> list[Entry]:
    assert name in names(entries), name
    return [replace(e, data=data, **kw) if e.name == name else e for e in entries]


def added(entries: list[Entry], *extra: Entry) -> list[Entry]:
    """``extra`` placed before the manifest (where the exporter puts its members)."""
    at = names(entries).index(MANIFEST) if MANIFEST in names(entries) else len(entries)
    return entries[:at] + list(extra) + entries[at:]


def flip(data: bytes, at: int) -> bytes:
    """``data`` with the byte at ``at`` (negative: from the end) inverted."""
    buf = bytearray(data)
    buf[at] ^= 0xFF
    return bytes(buf)


def flipped(entries: list[Entry], name: str, at: int) -> list[Entry]:
    return with_data(entries, name, flip(get(entries, name).data, at))


def first_record_member(entries: list[Entry]) -> str:
    return next(n for n in names(entries) if n.startswith("records/"))


# ---- the manifest, edited and signed again ----------------------------------------------------------


def manifest_of(entries: list[Entry]) -> dict[str, Any]:
    return json.loads(get(entries, MANIFEST).data)


def signing_identity(vault: Vault) -> identity.LoadedIdentity:
    """The vault's default signing identity, key included (what a sender signs its bundles with)."""
    with vault.session() as s:
        return identity.load_identity(s)


def resigned(entries: list[Entry], signer: identity.LoadedIdentity, edit: Callable[[dict[str, Any]], None]
             ) -> list[Entry]:
    """The manifest changed by ``edit`` and signed again by ``signer``: a valid signature over the new text."""
    manifest = manifest_of(entries)
    edit(manifest)
    data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
    signature = crypto.sign_manifest(data, signer.cert_der, signer.key_der, signer.chain_der)
    return with_data(with_data(entries, MANIFEST, data), SIGNATURE, signature)


# ---- the content, decrypted, changed, encrypted again and signed: what a trusted sender can say ----------


@dataclass
class Content:
    """A bundle's decrypted members, as :func:`rebuilt` hands them to a change: the index, each table's rows,
    each evidence file's bytes, and any other member (by path) as bytes."""

    index: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]
    blobs: dict[str, bytes]

    def rows(self, table: str) -> list[dict[str, Any]]:
        return self.tables.setdefault(table, [])

    def add_blob(self, data: bytes) -> str:
        """A new evidence file in the bundle (listed in the index); returns its SHA-256."""
        path = f"blobs/{len(self.blobs) + 1:06d}"
        while path in self.blobs:
            path += "0"
        sha = hashlib.sha256(data).hexdigest()
        self.blobs[path] = data
        self.index["blobs"][path] = {"sha256": sha, "size": len(data)}
        return sha


def rebuilt(src: Path, dst: Path, signer: identity.LoadedIdentity, *,
            change: Callable[[Content], None] | None = None, edit: Callable[[dict[str, Any]], None] | None = None,
            bundle_id: str | None = None, recipients: list[bytes] = ()) -> Path:
    """``src`` (a bundle ``signer`` can read: every sender is among its recipients) with its decrypted content
    passed through ``change`` (a table dropped from ``Content.tables`` leaves the bundle), the index's tables
    set to match, its members encrypted again, the manifest
    passed through ``edit`` and signed by ``signer``: a bundle its sender vouches for, whatever it says.

    ``bundle_id`` gives the bundle another id (the content key is then sealed again for each recipient whose
    certificate is ``signer``'s or in ``recipients``; the others are dropped).
    """
    with open_bundle(src, []) as opened:
        opened.unlock(opened.recipient_entry([signer.fingerprint]), signer.key_der)
        plain = {path: opened.read_member(path) for path in opened.member_paths}
        key, manifest = opened.content_key, json.loads(json.dumps(opened.manifest))
    index = json.loads(plain.pop(INDEX))
    tables = {path[len("records/"):-len(".jsonl")]: [json.loads(line) for line in data.splitlines() if line.strip()]
              for path, data in plain.items() if path.startswith("records/")}
    content = Content(index, tables, {path: data for path, data in plain.items() if path.startswith("blobs/")})
    if change:
        change(content)
    index["tables"] = {table: len(rows) for table, rows in content.tables.items()}
    members = {INDEX: json.dumps(index, ensure_ascii=False, sort_keys=True).encode(), **content.blobs,
               **{f"records/{t}.jsonl": b"".join(records.dumps_rows(rows)) for t, rows in content.tables.items()}}
    if bundle_id is not None:
        manifest["bundle_id"] = bundle_id
        known = {certs.fingerprint(der): der for der in [signer.cert_der, *recipients]}
        manifest["recipients"] = [
            {**r, "sealed_key": base64.b64encode(crypto.wrap_key(key, known[r["fingerprint"]], bundle_id)).decode()}
            for r in manifest["recipients"] if r["fingerprint"] in known]
    cipher, bid = manifest["cipher"], manifest["bundle_id"]
    entries, listed = [], []
    for path, data in members.items():
        sealed = b"".join(crypto.encrypt_chunks(key, cipher, bid, path, [data]))
        entries.append(Entry(path, sealed))
        listed.append({"path": path, "size": len(sealed), "sha256": hashlib.sha256(sealed).hexdigest()})
    manifest["members"] = listed
    if edit:
        edit(manifest)
    data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
    signature = crypto.sign_manifest(data, signer.cert_der, signer.key_der, signer.chain_der)
    return write_entries(dst, [*entries, Entry(MANIFEST, data), Entry(SIGNATURE, signature)])


# ---- places inside the CMS signature ----------------------------------------------------------------


def _signed_data(signature: bytes) -> cms.SignedData:
    return cms.ContentInfo.load(signature)["content"]


def _offset_of(signature: bytes, part: bytes, nth: int = 0) -> int:
    at = -1
    for _ in range(nth + 1):
        at = signature.find(part, at + 1)
        assert at >= 0, "part not found in the signature"
    return at


def message_digest_offset(signature: bytes) -> int:
    """A byte of the signed attributes: the SHA-256 of the manifest the signature vouches for."""
    attrs = _signed_data(signature)["signer_infos"][0]["signed_attrs"]
    digest = next(a["values"][0].native for a in attrs if a["type"].native == "message_digest")
    return _offset_of(signature, digest) + 5


def certificate_signature_offset(signature: bytes) -> int:
    """The last byte of the embedded signer certificate's own signature (its issuer's, for a self-signed one)."""
    cert = _signed_data(signature)["certificates"][0].chosen
    value = cert["signature_value"].dump()
    return _offset_of(signature, value) + len(value) - 1


def certificate_subject_offset(signature: bytes, name: str) -> int:
    """The first byte of ``name`` in the embedded certificate's subject (the first occurrence is its issuer)."""
    return _offset_of(signature, name.encode(), nth=1)


# ---- bombs -------------------------------------------------------------------------------------------


def inflating(entries: list[Entry], name: str, size: int) -> list[Entry]:
    """``name`` replaced by ``size`` spaces, deflated: a few kilobytes in the ZIP (ratio ~1000:1)."""
    return with_data(entries, name, b" " * size, method=zipfile.ZIP_DEFLATED)


def lie_about_size(path: Path, name: str, file_size: int) -> Path:
    """Patch the uncompressed size of ``name`` in its local header and the central directory."""
    return patch_entry(path, _index_of(path, name), file_size=file_size)


# ---- patching headers in place ----------------------------------------------------------------------


@dataclass
class _Header:
    central: int  # offset of the central directory record
    local: int  # offset of the local file header
    name_len: int


def _headers(data: bytes) -> list[_Header]:
    end = data.rfind(_EOCD)
    assert end >= 0, "no end of central directory"
    count, _, offset = struct.unpack_from("<HII", data, end + 10)
    out, pos = [], offset
    for _ in range(count):
        assert data[pos:pos + 4] == _CENTRAL, pos
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, pos + 28)
        (local,) = struct.unpack_from("<I", data, pos + 42)
        assert data[local:local + 4] == _LOCAL, local
        out.append(_Header(pos, local, name_len))
        pos += 46 + name_len + extra_len + comment_len
    return out


def _index_of(path: Path, name: str) -> int:
    found = [n for n, e in enumerate(read_entries(path)) if e.name == name]
    assert len(found) == 1, (name, found)
    return found[0]


def patch_entry(path: Path, index: int, *, name: bytes | None = None, file_size: int | None = None,
                compress_size: int | None = None, crc: int | None = None, flags: int | None = None,
                method: int | None = None) -> Path:
    """Overwrite fields of the ``index``-th member in both its local header and its central record.

    ``name`` must keep the length of the name it replaces (nothing is moved).
    """
    data = bytearray(Path(path).read_bytes())
    h = _headers(bytes(data))[index]
    # (field, offset in the central record, offset in the local header, struct format)
    fields = [(flags, 8, 6, "<H"), (method, 10, 8, "<H"), (crc, 16, 14, "<I"), (compress_size, 20, 18, "<I"),
              (file_size, 24, 22, "<I")]
    for value, central, local, fmt in fields:
        if value is not None:
            struct.pack_into(fmt, data, h.central + central, value)
            struct.pack_into(fmt, data, h.local + local, value)
    if name is not None:
        assert len(name) == h.name_len, "a patched name keeps its length"
        data[h.central + 46:h.central + 46 + h.name_len] = name
        data[h.local + 30:h.local + 30 + h.name_len] = name
        if any(b >= 0x80 for b in name):
            for base, off in ((h.central, 8), (h.local, 6)):  # mark the name as UTF-8
                (bits,) = struct.unpack_from("<H", data, base + off)
                struct.pack_into("<H", data, base + off, bits | 0x800)
    Path(path).write_bytes(bytes(data))
    return path


def point_at_same_data(path: Path, index: int, other: int) -> Path:
    """Make the central record of member ``index`` point at the local header of member ``other`` (overlap)."""
    data = bytearray(Path(path).read_bytes())
    heads = _headers(bytes(data))
    struct.pack_into("<I", data, heads[index].central + 42, heads[other].local)
    Path(path).write_bytes(bytes(data))
    return path


# ---- whole-file damage -------------------------------------------------------------------------------


def central_directory_offset(path: Path) -> int:
    with zipfile.ZipFile(path) as zf:
        return zf.start_dir


def truncated(src: Path, dst: Path, size: int) -> Path:
    """The first ``size`` bytes of ``src`` (negative: all but the last ``-size``)."""
    data = Path(src).read_bytes()
    dst.write_bytes(data[:size])
    return dst


def member_data_offset(path: Path, name: str) -> int:
    """Where the stored bytes of ``name`` start in the file."""
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    with open(path, "rb") as f:
        f.seek(info.header_offset)
        head = f.read(30)
    name_len, extra_len = struct.unpack_from("<HH", head, 26)
    return info.header_offset + 30 + name_len + extra_len


def flip_in_file(src: Path, dst: Path, offset: int) -> Path:
    """A copy of ``src`` with one byte inverted in place (the ZIP's CRC no longer matches)."""
    dst.write_bytes(flip(Path(src).read_bytes(), offset))
    return dst

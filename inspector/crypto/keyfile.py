"""The key file beside a vault: the database key wrapped by the recovery passphrase.

Format (JSON, documented in docs/ARCHITECTURE.md):

* ``kdf``: Argon2id (RFC 9106) parameters and salt; memory-hard, so a stolen key
  file cannot be brute-forced cheaply.
* ``keys``: one or two entries, each the 32-byte database key sealed with
  AES-256-GCM under the Argon2id output. The header (format, version, vault id,
  KDF parameters) is the associated data, so none of it can be altered without
  detection. A second entry exists only while ``vault rekey`` runs (see
  :mod:`inspector.vault`), or after it was killed until the next open settles it,
  so a crash never strands the vault.
* ``check``: a short HMAC of the vault id under the key, to recognise which key
  a keyring entry holds without touching the database.
* ``checksum``: SHA-256 of all the other fields (canonical JSON). No secret and no
  protection against an attacker (AES-GCM is that): it tells a key file changed by
  accident — one bad byte in the salt, a nonce or the vault id — from a wrong
  passphrase, which AES-GCM alone cannot. Key files written before it have none and
  still open; their failures are worded "wrong passphrase, or the key file is damaged".

Nothing in a key file is trusted before it is checked: the file is small, its fields
have the sizes Inspector writes, and the Argon2id parameters lie in :data:`KDF_BOUNDS`
(what a hostile file asks for — gigabytes of memory, hours of passes — is refused as
damage before any derivation).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from inspector.errors import (
    AuthError,
    BadInputError,
    IncompatibleError,
    KeyFileDamaged,
    unreadable,
)
from inspector.paths import atomic_write

FORMAT = "inspector-keyfile"
VERSION = 1
KEY_BYTES = 32
MIN_PASSPHRASE_CHARS = 8
SALT_BYTES, NONCE_BYTES, TAG_BYTES, CHECK_BYTES = 16, 12, 16, 16
MAX_KEYFILE_BYTES = 64 * 1024  # a real one is under 1 KiB
MAX_ENTRIES = 2  # two only while a rekey runs

KDF_BOUNDS = {
    "memory_kib": (8 * 1024, 1024 * 1024),
    "iterations": (1, 16),
    "lanes": (1, 16),
}
"""What a key file may ask of Argon2id. Inspector writes 64 MiB × 3 passes × 4 lanes (and 8 MiB for
throwaway vaults); the bounds leave room above that — 16 times the memory, 5 times the passes, four
times the lanes — for a later default, and stop there: 1 GiB is what an inspector's laptop can spare,
and 16 passes of 64 MiB take about a second. Argon2's own minimum (8 KiB per lane) lies below."""
MAX_KDF_WORK_KIB = 4 * 1024 * 1024
"""memory × passes at most 4 GiB (the default is 192 MiB): no combination within the bounds above may
take more than a few seconds — 1 GiB × 4 passes or 256 MiB × 16 — instead of 1 GiB × 16."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters. The default follows RFC 9106's second recommendation (64 MiB)."""

    memory_kib: int = 64 * 1024
    iterations: int = 3
    lanes: int = 4

    def check(self) -> None:
        """Raise :class:`ValueError` naming the parameter that is not a sane integer within :data:`KDF_BOUNDS`."""
        for name, (low, high) in KDF_BOUNDS.items():
            value = getattr(self, name)
            if type(value) is not int or not low <= value <= high:
                raise ValueError(f"{name} = {value!r} is outside {low}..{high}")
        if self.memory_kib < 8 * self.lanes:
            raise ValueError(f"memory_kib = {self.memory_kib} is below 8 KiB per lane")
        if self.memory_kib * self.iterations > MAX_KDF_WORK_KIB:
            raise ValueError(f"memory_kib × iterations = {self.memory_kib * self.iterations} is above {MAX_KDF_WORK_KIB}")

    def derive(self, passphrase: str, salt: bytes) -> bytes:
        self.check()  # never derive with parameters nobody checked
        normalized = unicodedata.normalize("NFC", passphrase).encode("utf-8")
        return Argon2id(
            salt=salt,
            length=KEY_BYTES,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        ).derive(normalized)


THROWAWAY_KDF = KdfParams(memory_kib=8 * 1024, iterations=2, lanes=1)
"""Real Argon2id, but light: only for vaults deleted right after use (the self-test, the screenshots,
the tests). A user's vault always gets the default parameters."""


def key_check(key: bytes, vault_id: str) -> str:
    return _b64(hmac.new(key, b"inspector key check\x00" + vault_id.encode(), hashlib.sha256).digest()[:16])


def checksum(doc: dict) -> str:
    """SHA-256 of a key file's fields other than ``checksum``, as canonical JSON."""
    rest = {k: v for k, v in doc.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(rest, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def damaged(where: str, zh: str, en: str) -> KeyFileDamaged:
    return KeyFileDamaged(f"密钥文件已损坏（{zh}）：{where}", f"The key file is damaged ({en}): {where}")


def check_new_passphrase(passphrase: str) -> None:
    """Refuse passphrases too short to protect a government vault."""
    if len(passphrase.strip()) < MIN_PASSPHRASE_CHARS:
        raise BadInputError(
            f"恢复口令至少需要 {MIN_PASSPHRASE_CHARS} 个字符。",
            f"The recovery passphrase needs at least {MIN_PASSPHRASE_CHARS} characters.",
        )


def _field(obj: dict, name: str, size: int) -> bytes:
    """A base64 field of ``size`` bytes (the salt, a nonce, a ciphertext, a check)."""
    value = obj[name]
    if not isinstance(value, str) or len(value) > 4 * size:
        raise ValueError(name)
    raw = _unb64(value)
    if len(raw) != size:
        raise ValueError(f"{name}: {len(raw)} bytes, not {size}")
    return raw


@dataclass
class KeyFile:
    vault_id: str
    salt: bytes
    kdf: KdfParams
    entries: list[dict[str, str]] = field(default_factory=list)
    checksummed: bool = True  # False: read from a file written before the checksum existed

    # -- construction -------------------------------------------------------------------

    @classmethod
    def create(cls, vault_id: str, passphrase: str, keys: list[bytes], kdf: KdfParams | None = None) -> "KeyFile":
        kf = cls(vault_id=vault_id, salt=os.urandom(16), kdf=kdf or KdfParams())
        kf.seal(passphrase, keys)
        return kf

    def _aad(self) -> bytes:
        header = {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": self.vault_id,
            "kdf": self._kdf_json(),
        }
        return json.dumps(header, sort_keys=True, separators=(",", ":")).encode()

    def _kdf_json(self) -> dict:
        return {
            "name": "argon2id",
            "salt": _b64(self.salt),
            "memory_kib": self.kdf.memory_kib,
            "iterations": self.kdf.iterations,
            "lanes": self.kdf.lanes,
        }

    def seal(self, passphrase: str, keys: list[bytes]) -> None:
        """(Re)wrap ``keys`` (current first) under ``passphrase`` with a fresh salt."""
        self.salt = os.urandom(16)
        kek = AESGCM(self.kdf.derive(passphrase, self.salt))
        aad = self._aad()
        self.entries = []
        for key in keys:
            if len(key) != KEY_BYTES:
                raise ValueError("database keys are 32 bytes")
            nonce = os.urandom(12)
            self.entries.append(
                {
                    "nonce": _b64(nonce),
                    "ciphertext": _b64(kek.encrypt(nonce, key, aad)),
                    "check": key_check(key, self.vault_id),
                }
            )

    def unwrap(self, passphrase: str) -> list[bytes]:
        """All keys, current first. Raises :class:`AuthError` on a wrong passphrase."""
        kek = AESGCM(self.kdf.derive(passphrase, self.salt))
        aad = self._aad()
        keys = []
        try:
            for entry in self.entries:
                keys.append(kek.decrypt(_unb64(entry["nonce"]), _unb64(entry["ciphertext"]), aad))
        except InvalidTag:
            if self.checksummed:  # the file is as it was written: the passphrase is wrong
                raise AuthError(
                    "恢复口令不正确，保险库未作任何更改。",
                    "Wrong recovery passphrase; the vault was not changed.",
                ) from None
            raise AuthError(  # an older file, without a checksum: AES-GCM cannot tell these apart
                "恢复口令不正确，或密钥文件已损坏；保险库未作任何更改。",
                "Wrong recovery passphrase, or the key file is damaged; the vault was not changed.",
            ) from None
        return keys

    def knows(self, key: bytes) -> bool:
        """Whether ``key`` is one of the wrapped keys (without the passphrase)."""
        check = key_check(key, self.vault_id)
        return any(hmac.compare_digest(check, e["check"]) for e in self.entries)

    def keep_only(self, key: bytes) -> None:
        """Drop every entry but ``key``'s (known to :meth:`knows`), without the passphrase: each entry is
        sealed on its own, so the one kept stays as it was."""
        check = key_check(key, self.vault_id)
        kept = [e for e in self.entries if hmac.compare_digest(check, e["check"])]
        if not kept:
            raise ValueError("the key file does not hold this key")
        self.entries = kept[:1]

    # -- persistence --------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "vault_id": self.vault_id,
            "kdf": self._kdf_json(),
            "cipher": "AES-256-GCM",
            "keys": self.entries,
        }
        doc["checksum"] = checksum(doc)
        return (json.dumps(doc, indent=2) + "\n").encode()

    @classmethod
    def from_bytes(cls, data: bytes, where: str = "") -> "KeyFile":
        """Parse and check a key file (also one embedded in a backup); nothing here derives or decrypts.

        Raises :class:`KeyFileDamaged` for anything Inspector would not have written, before any
        work is done with it, and :class:`IncompatibleError` for a newer format.
        """
        try:
            if len(data) > MAX_KEYFILE_BYTES:
                raise ValueError(f"{len(data)} bytes")
            doc = json.loads(data.decode("utf-8"))
            if not isinstance(doc, dict) or doc.get("format") != FORMAT:
                raise ValueError("not an Inspector key file")
        except (ValueError, RecursionError, UnicodeDecodeError) as exc:
            raise KeyFileDamaged(
                f"密钥文件已损坏或不是 Inspector 密钥文件：{where}",
                f"The key file is damaged or not an Inspector key file: {where}",
                detail=str(exc),
            ) from None
        version = doc.get("version")
        if type(version) is int and version > VERSION:
            raise IncompatibleError(
                f"密钥文件由更新版本的 Inspector 写入：{where}",
                f"The key file was written by a newer Inspector: {where}",
            )
        if "checksum" in doc and doc["checksum"] != checksum(doc):
            raise damaged(where, "校验和不符，文件内容被改动过", "its checksum does not match its contents")
        try:
            if version != VERSION:
                raise ValueError(f"version {version!r}")
            kdf = doc["kdf"]
            if kdf["name"] != "argon2id" or doc.get("cipher") != "AES-256-GCM":
                raise ValueError("unsupported algorithm")
            params = KdfParams(kdf["memory_kib"], kdf["iterations"], kdf["lanes"])
            vault_id = doc["vault_id"]
            if not isinstance(vault_id, str) or not 0 < len(vault_id) <= 100:
                raise ValueError("vault_id")
            salt = _field(kdf, "salt", SALT_BYTES)
            entries = doc["keys"]
            if not isinstance(entries, list) or not 0 < len(entries) <= MAX_ENTRIES:
                raise ValueError("keys")
            for entry in entries:
                _field(entry, "nonce", NONCE_BYTES)
                _field(entry, "ciphertext", KEY_BYTES + TAG_BYTES)
                _field(entry, "check", CHECK_BYTES)
        except (ValueError, KeyError, TypeError) as exc:
            what = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
            raise damaged(where, f"字段缺失或不合规：{what}", f"a field is missing or malformed: {what}") from None
        try:
            params.check()
        except ValueError as exc:
            raise damaged(where, f"密钥派生参数超出范围：{exc}",
                          f"its key-derivation parameters are out of range: {exc}") from None
        return cls(vault_id=vault_id, salt=salt, kdf=params,
                   entries=[{k: e[k] for k in ("nonce", "ciphertext", "check")} for e in entries],
                   checksummed="checksum" in doc)

    @classmethod
    def load(cls, path: Path) -> "KeyFile":
        try:
            with path.open("rb") as f:
                data = f.read(MAX_KEYFILE_BYTES + 1)
        except FileNotFoundError:
            raise BadInputError(
                f"找不到保险库的密钥文件：{path}",
                f"The vault's key file is missing: {path}",
            ) from None
        except OSError as exc:
            raise unreadable(path, exc, "密钥文件", "key file") from None
        try:
            return cls.from_bytes(data, str(path))
        except KeyFileDamaged as exc:  # beside a vault: say what is safe and what to do
            raise KeyFileDamaged(
                f"{exc.zh}。保险库的数据没有改动；请放回这个密钥文件的完好副本，或联系管理员。",
                f"{exc.en}. The vault's data is untouched; put back an intact copy of this key file, "
                "or ask your administrator.",
                detail=exc.detail,
            ) from None

    def save(self, path: Path) -> None:
        atomic_write(path, self.to_bytes())

"""The key file beside a vault: the database key wrapped by the recovery passphrase.

Format (JSON, documented in docs/ARCHITECTURE.md):

* ``kdf``: Argon2id (RFC 9106) parameters and salt; memory-hard, so a stolen key
  file cannot be brute-forced cheaply.
* ``keys``: one or two entries, each the 32-byte database key sealed with
  AES-256-GCM under the Argon2id output. The header (format, version, vault id,
  KDF parameters) is the associated data, so none of it can be altered without
  detection. A second entry exists only between the two renames of
  ``vault rekey`` (see :mod:`inspector.vault`), so a crash never strands the vault.
* ``check``: a short HMAC of the vault id under the key, to recognise which key
  a keyring entry holds without touching the database.
"""

from __future__ import annotations

import base64
import hmac
import hashlib
import json
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from inspector.errors import AuthError, BadInputError, IncompatibleError
from inspector.paths import atomic_write

FORMAT = "inspector-keyfile"
VERSION = 1
KEY_BYTES = 32
MIN_PASSPHRASE_CHARS = 8


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

    def derive(self, passphrase: str, salt: bytes) -> bytes:
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


def check_new_passphrase(passphrase: str) -> None:
    """Refuse passphrases too short to protect a government vault."""
    if len(passphrase.strip()) < MIN_PASSPHRASE_CHARS:
        raise BadInputError(
            f"恢复口令至少需要 {MIN_PASSPHRASE_CHARS} 个字符。",
            f"The recovery passphrase needs at least {MIN_PASSPHRASE_CHARS} characters.",
        )


@dataclass
class KeyFile:
    vault_id: str
    salt: bytes
    kdf: KdfParams
    entries: list[dict[str, str]] = field(default_factory=list)

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
            raise AuthError(
                "恢复口令不正确，保险库未作任何更改。",
                "Wrong recovery passphrase; the vault was not changed.",
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
        return (json.dumps(doc, indent=2) + "\n").encode()

    @classmethod
    def from_bytes(cls, data: bytes, where: str = "") -> "KeyFile":
        try:
            doc = json.loads(data.decode("utf-8"))
            if doc.get("format") != FORMAT:
                raise ValueError("not an Inspector key file")
            if doc.get("version", 0) > VERSION:
                raise IncompatibleError(
                    f"密钥文件由更新版本的 Inspector 写入：{where}",
                    f"The key file was written by a newer Inspector: {where}",
                )
            kdf = doc["kdf"]
            if kdf["name"] != "argon2id" or doc.get("cipher") != "AES-256-GCM":
                raise ValueError("unsupported algorithm")
            kf = cls(
                vault_id=str(doc["vault_id"]),
                salt=_unb64(kdf["salt"]),
                kdf=KdfParams(int(kdf["memory_kib"]), int(kdf["iterations"]), int(kdf["lanes"])),
                entries=[{k: str(e[k]) for k in ("nonce", "ciphertext", "check")} for e in doc["keys"]],
            )
            if not kf.entries:
                raise ValueError("no keys")
            return kf
        except IncompatibleError:
            raise
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise BadInputError(
                f"密钥文件已损坏或不是 Inspector 密钥文件：{where}",
                f"The key file is damaged or not an Inspector key file: {where}",
                detail=str(exc),
            ) from None

    @classmethod
    def load(cls, path: Path) -> "KeyFile":
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise BadInputError(
                f"找不到保险库的密钥文件：{path}",
                f"The vault's key file is missing: {path}",
            ) from None
        return cls.from_bytes(data, str(path))

    def save(self, path: Path) -> None:
        atomic_write(path, self.to_bytes())

"""The hub's signing keys, sealed (issue 20).

On a laptop ``signing_identity.key_der`` sits in the SQLCipher vault, whose whole file is encrypted. On the hub the
same column would be plain in PostgreSQL — readable by every application login, and in every ``pg_dump`` — so the
hub keeps it sealed: AES-256-GCM under a key derived (HKDF-SHA256) from the hub's **evidence key**, which lives only
in the office machines' keyrings and, sealed by the evidence passphrase, in ``vault_meta``
(:mod:`inspector.hub.store`). The associated data names the identity's certificate fingerprint, so a sealed key
moved to another identity's row does not open.

A sealed value is ``ISK1 ‖ nonce(12) ‖ ciphertext+tag``; a PKCS#8 DER key starts with ``0x30``, so a row written
before sealing (plain) is told apart and sealed by :meth:`inspector.hub.store.Hub.seal_plain_keys`.

The one place that uses this is :mod:`inspector.signing.identity` (``_stored_key`` on write, ``private_key`` on
read): every caller gets the plain DER, on a hub as on a vault.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from inspector.errors import AuthError, IntegrityFailure

PREFIX = b"ISK1"
INFO = b"inspector-hub-signing-key/1"


def locked() -> AuthError:
    return AuthError(
        "集中库的签名密钥已锁定：本机没有集中库证据密钥，不能签名或解密交换文件。请在本机输入集中库证据口令"
        "（桌面程序：点击状态栏中的“证据已锁定”；命令行：设置 INSPECTOR_HUB_EVIDENCE_PASSPHRASE 后运行一次"
        "“inspector hub status”）。",
        "The hub's signing keys are locked: this machine does not hold the hub's evidence key, so it cannot sign "
        "or decrypt bundles. Enter the hub's evidence passphrase on this machine (in the application: click "
        "\"Evidence locked\" in the status bar; on the command line: set INSPECTOR_HUB_EVIDENCE_PASSPHRASE and run "
        "`inspector hub status` once).")


def is_sealed(stored: bytes) -> bool:
    return bytes(stored[:len(PREFIX)]) == PREFIX


class SigningKeySeal:
    """Seals and opens the private keys of the hub's signing identities (locked without the evidence key)."""

    def __init__(self, evidence_key: bytes | None) -> None:
        self._aead = None if evidence_key is None else AESGCM(
            HKDF(hashes.SHA256(), 32, salt=None, info=INFO).derive(evidence_key))

    @property
    def unlocked(self) -> bool:
        return self._aead is not None

    @staticmethod
    def _aad(fingerprint: str) -> bytes:
        return INFO + b"\x00" + fingerprint.lower().encode("ascii")

    def seal(self, fingerprint: str, key_der: bytes) -> bytes:
        if self._aead is None:
            raise locked()
        nonce = os.urandom(12)
        return PREFIX + nonce + self._aead.encrypt(nonce, bytes(key_der), self._aad(fingerprint))

    def open(self, fingerprint: str, stored: bytes) -> bytes:
        """The plain DER of a stored key (a row from before sealing is returned as it is)."""
        stored = bytes(stored)
        if not is_sealed(stored):
            return stored
        if self._aead is None:
            raise locked()
        body = stored[len(PREFIX):]
        try:
            return self._aead.decrypt(body[:12], body[12:], self._aad(fingerprint))
        except (InvalidTag, ValueError):
            raise IntegrityFailure(
                f"集中库中签名身份（指纹 {fingerprint[:16]}…）的私钥无法解开：已损坏，或被绕过应用改动。",
                f"The private key of the hub's signing identity (fingerprint {fingerprint[:16]}…) does not open: "
                "it is damaged, or was changed behind the application's back.") from None

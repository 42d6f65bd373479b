"""The cryptography of a sync bundle (written down in ``docs/bundle-format.md``).

* **Signature** — CMS SignedData, detached, over the exact bytes of
  ``manifest.json`` (SHA-256, the sender's identity key), so ``openssl cms
  -verify`` can check it too. Verified offline with pyHanko against the vault's
  trust store before anything else of the bundle is parsed.
* **Key wrapping** — one random 32-byte content key per bundle, sealed for each
  recipient's certificate with HPKE (RFC 9180, base mode, DHKEM(P-256,
  HKDF-SHA256), HKDF-SHA256, AES-256-GCM), ``info`` = ``"inspector-bundle/1 " +
  bundle id``.
* **Members** — each member is encrypted on its own under a key derived from the
  content key (HKDF-SHA256, ``info`` = ``"inspector-bundle/1 member " + cipher +
  " " + path``), in chunks of 1 MiB with the STREAM construction: nonce = 11-byte
  big-endian chunk counter ‖ 1 byte last-chunk flag, AAD = bundle id ‖ NUL ‖
  path. Reordered, dropped, truncated or swapped chunks fail authentication.
  Cipher ``AES-256-GCM`` (default) or ``SM4-GCM`` (GB/T 32907, 128-bit key).
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from typing import Iterable, Iterator

from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import hashes, hpke, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs7
from pyhanko.sign.validation import async_validate_detached_cms

from inspector.crypto import stream
from inspector.crypto.stream import AES_256_GCM, CHUNK, CIPHERS, SM4_GCM, TAG  # noqa: F401 (where callers find them)
from inspector.errors import BadInputError
from inspector.signing import certs
from inspector.signing.verify import KEY_USAGE, trust_text, trusted_signer, validation_context
from inspector.sync.errors import BundleRefused, NewerBundle  # noqa: F401 (where callers find them)

LABEL = b"inspector-bundle/1"
HPKE_SUITE_NAME = "DHKEM(P-256,HKDF-SHA256)/HKDF-SHA256/AES-256-GCM"
_SUITE = hpke.Suite(hpke.KEM.P256, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)


# ---- recipients: HPKE-wrapped content key ---------------------------------------------------------


def recipient_key(cert_der: bytes) -> ec.EllipticCurvePublicKey:
    key = x509.load_der_x509_certificate(cert_der).public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
        cert = x509.load_der_x509_certificate(cert_der)
        raise BadInputError(
            f"无法为该证书加密：只支持 P-256 椭圆曲线密钥（{certs.common_name(cert)}）。",
            f"Cannot encrypt for this certificate: only P-256 elliptic-curve keys are supported "
            f"({certs.common_name(cert)}).")
    return key


def wrap_key(content_key: bytes, cert_der: bytes, bundle_id: str) -> bytes:
    return _SUITE.encrypt(content_key, recipient_key(cert_der), info=LABEL + b" " + bundle_id.encode())


def unwrap_key(sealed: bytes, private_key_der: bytes, bundle_id: str) -> bytes:
    key = serialization.load_der_private_key(private_key_der, password=None)
    try:
        return _SUITE.decrypt(sealed, key, info=LABEL + b" " + bundle_id.encode())
    except Exception:
        raise BundleRefused("key", "无法解开交换文件的内容密钥：文件已被改动，或并非为本机的签名身份加密。",
                            "Cannot unwrap the bundle's content key: the file was altered, or it was not "
                            "encrypted for this vault's identity.") from None


# ---- members: chunked AEAD (STREAM) --------------------------------------------------------------


def _member_key(content_key: bytes, cipher: str, path: str) -> bytes:
    return HKDF(hashes.SHA256(), CIPHERS[cipher], salt=None,
                info=LABEL + b" member " + cipher.encode() + b" " + path.encode()).derive(content_key)


def _aead(content_key: bytes, cipher: str, path: str):
    if cipher not in CIPHERS:
        raise BundleRefused("cipher", f"不支持的内容加密算法：{cipher}", f"Unsupported content cipher: {cipher}")
    return stream.aead(cipher, _member_key(content_key, cipher, path))


def encrypt_chunks(content_key: bytes, cipher: str, bundle_id: str, path: str,
                   chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Encrypt a stream of plaintext pieces into sealed 1 MiB chunks (:func:`inspector.crypto.stream.encrypt`)."""
    return stream.encrypt(_aead(content_key, cipher, path), bundle_id.encode() + b"\x00" + path.encode(), chunks)


def decrypt_chunks(content_key: bytes, cipher: str, bundle_id: str, path: str,
                   sealed: Iterable[bytes]) -> Iterator[bytes]:
    """Inverse of :func:`encrypt_chunks`; fails on any altered, reordered or missing chunk."""

    def fail() -> BundleRefused:
        return BundleRefused("decrypt", f"交换文件成员“{path}”解密失败：内容被改动或不完整。",
                             f"The bundle member {path!r} failed to decrypt: altered or incomplete.")

    return stream.decrypt(_aead(content_key, cipher, path), bundle_id.encode() + b"\x00" + path.encode(), sealed, fail)


# ---- the signature over the manifest -------------------------------------------------------------


def sign_manifest(manifest: bytes, cert_der: bytes, key_der: bytes, chain_der: Iterable[bytes] = ()) -> bytes:
    cert = x509.load_der_x509_certificate(cert_der)
    key = serialization.load_der_private_key(key_der, password=None)
    builder = pkcs7.PKCS7SignatureBuilder().set_data(manifest).add_signer(cert, key, hashes.SHA256())
    for der in chain_der:
        builder = builder.add_certificate(x509.load_der_x509_certificate(der))
    return builder.sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature,
                                                     pkcs7.PKCS7Options.Binary])


@dataclass(frozen=True)
class SignatureInfo:
    signer: str
    subject: str
    fingerprint: str
    cert_der: bytes
    trusted: bool
    trust_zh: str
    trust_en: str


def verify_manifest(manifest: bytes, signature: bytes, trust_roots: list[bytes]) -> SignatureInfo:
    """Check the detached CMS signature; raise :class:`BundleRefused` unless intact, valid and trusted."""
    try:
        info = cms.ContentInfo.load(signature)
        signed = info["content"]
        if info["content_type"].native != "signed_data" or len(signed["signer_infos"]) != 1:
            raise ValueError("not a single-signer SignedData")
        status = asyncio.run(async_validate_detached_cms(
            manifest, signed, signer_validation_context=validation_context(trust_roots),
            key_usage_settings=KEY_USAGE))
        cert = status.signing_cert
        cert_der = cert.dump()
        fpr = hashlib.sha256(cert_der).hexdigest()
        intact = bool(status.intact and status.valid)
        roots = {hashlib.sha256(der).hexdigest() for der in trust_roots}
        zh, en = trust_text(status, fpr, roots) if intact else ("", "")
        name = cert.subject.native.get("common_name", cert.subject.human_friendly)
        subject = cert.subject.human_friendly
    except Exception:  # malformed CMS or certificate, unsupported algorithm: refused, never a crash
        raise BundleRefused("signature", "交换文件的签名无法读取或无效：文件可能已被改动。",
                            "The bundle's signature cannot be read or is invalid: the file may have been altered.") from None
    if not intact:
        raise BundleRefused("signature", "交换文件的签名与内容不符：文件已被改动，已拒绝。",
                            "The bundle's signature does not match its contents: the file was altered; refused.",
                            fingerprint=fpr)
    trusted = trusted_signer(status, cert_der, trust_roots)
    if status.trusted and not trusted:
        zh, en = ("签名者证书与信任列表中的证书不一致（已被改动）",
                  "the signer's certificate differs from the trusted one (altered)")
    return SignatureInfo(signer=name, subject=subject, fingerprint=fpr, cert_der=cert_der,
                         trusted=trusted, trust_zh=zh, trust_en=en)


def require(condition: bool, reason: str, zh: str, en: str) -> None:
    if not condition:
        raise BundleRefused(reason, zh, en)


"""Chunked authenticated encryption (the STREAM construction), shared by sync bundles and the evidence store.

A stream of plaintext is cut into chunks of :data:`CHUNK` bytes; each is sealed with
AES-256-GCM or SM4-GCM (GB/T 32907) under one key, nonce = 11-byte big-endian chunk
counter ‖ 1 byte last-chunk flag, and the caller's associated data. Reordered,
dropped, truncated or swapped chunks fail authentication; so does a stream cut
after a full chunk, since its last chunk carries the flag.

Both directions hold at most one chunk (plus the one waiting to learn whether it is
the last) in memory, whatever the length of the stream.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

CHUNK = 1 << 20
TAG = 16
AES_256_GCM = "AES-256-GCM"
SM4_GCM = "SM4-GCM"
CIPHERS = {AES_256_GCM: 32, SM4_GCM: 16}
"""Each cipher and its key length in bytes."""


class Sm4Gcm:
    """SM4-GCM with the same interface as :class:`AESGCM` (tag appended)."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def encrypt(self, nonce: bytes, data: bytes, aad: bytes) -> bytes:
        enc = Cipher(algorithms.SM4(self._key), modes.GCM(nonce)).encryptor()
        enc.authenticate_additional_data(aad)
        return enc.update(data) + enc.finalize() + enc.tag

    def decrypt(self, nonce: bytes, data: bytes, aad: bytes) -> bytes:
        if len(data) < TAG:
            raise InvalidTag()
        dec = Cipher(algorithms.SM4(self._key), modes.GCM(nonce, bytes(data[-TAG:]))).decryptor()
        dec.authenticate_additional_data(aad)
        return dec.update(data[:-TAG]) + dec.finalize()


def aead(cipher: str, key: bytes):
    """The AEAD for ``cipher`` (a name of :data:`CIPHERS`) under ``key``; ``KeyError`` for an unknown cipher."""
    if len(key) != CIPHERS[cipher]:
        raise ValueError(f"a {cipher} key has {CIPHERS[cipher]} bytes")
    return AESGCM(key) if cipher == AES_256_GCM else Sm4Gcm(key)


def nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


def sealed_size(size: int) -> int:
    """The length of the sealed stream of ``size`` plaintext bytes."""
    return size + TAG * max(1, -(-size // CHUNK))


def encrypt(sealer, aad: bytes, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Encrypt a stream of plaintext pieces into sealed chunks (the last one flagged).

    A full chunk is held back until more data arrives, since only then is it
    known not to be the last; pieces that already are one chunk pass without copying.
    """
    buffer = bytearray()
    held = None
    counter = 0
    for piece in chunks:
        if not buffer and len(piece) == CHUNK:
            ready = [piece]
        else:
            buffer += piece
            ready = []
            while len(buffer) >= CHUNK:
                ready.append(bytes(buffer[:CHUNK]))
                del buffer[:CHUNK]
        for chunk in ready:
            if held is not None:
                yield sealer.encrypt(nonce(counter, False), held, aad)
                counter += 1
            held = chunk
    if buffer:
        if held is not None:
            yield sealer.encrypt(nonce(counter, False), held, aad)
            counter += 1
        held = bytes(buffer)
    yield sealer.encrypt(nonce(counter, True), held if held is not None else b"", aad)


def decrypt(opener, aad: bytes, sealed: Iterable[bytes], fail: Callable[[], Exception]) -> Iterator[bytes]:
    """Inverse of :func:`encrypt`; raises ``fail()`` on any altered, reordered or missing chunk."""
    buffer = bytearray()
    counter = 0
    size = CHUNK + TAG
    for piece in sealed:
        buffer += piece
        start = 0
        while len(buffer) - start > size:  # each full chunk decrypted in place, not copied out first
            with memoryview(buffer) as view, view[start:start + size] as chunk:
                try:
                    plain = opener.decrypt(nonce(counter, False), chunk, aad)
                except InvalidTag:
                    raise fail() from None
            start += size
            counter += 1
            yield plain
        if start:
            del buffer[:start]
    try:
        yield opener.decrypt(nonce(counter, True), bytes(buffer), aad)
    except InvalidTag:
        raise fail() from None


def decrypt_chunk(opener, aad: bytes, index: int, last: bool, sealed: bytes, fail: Callable[[], Exception]) -> bytes:
    """One sealed chunk by its position (random access into a sealed stream)."""
    try:
        return opener.decrypt(nonce(index, last), sealed, aad)
    except InvalidTag:
        raise fail() from None

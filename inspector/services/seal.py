"""The office's seal image: stored inside the vault, checked before it is kept, loaded for signing.

The seal is a PNG with transparency (the paper shows through around and inside the ring), roughly
square, between 200 and 2000 pixels a side and at most 2 MB. It is kept base64-encoded in the vault's
settings (``vault_meta``), so it travels with the vault, never lies on disk on its own, and every change
is in the audit chain like any other setting. Signing draws it as the visible appearance of the
``issuer-1`` signature (:mod:`inspector.signing.pades`).

A picture of a seal inside a PAdES signature is not a GB/T 38540 电子印章 (SM2, issued by a licensed
seal system); the user guide says so.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from inspector.errors import BadInputError, unreadable
from inspector.model import VaultMeta
from inspector.services import settings

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 2 * 1024 * 1024
MIN_SIDE = 200
MAX_SIDE = 2000
ASPECT = (0.8, 1.25)


@dataclass(frozen=True)
class SealInfo:
    """What the settings page and ``inspector seal show`` say about the stored seal."""

    width: int
    height: int
    size: int
    sha256: str


def _refuse(zh: str, en: str) -> BadInputError:
    return BadInputError(f"无法使用这个印章图片：{zh}", f"This seal image cannot be used: {en}", field="seal")


def check(png: bytes) -> SealInfo:
    """The image's size if it may be the seal; else :class:`BadInputError` saying why (zh + en)."""
    if not png.startswith(PNG_SIGNATURE):
        raise _refuse("不是 PNG 图片（请使用带透明背景的 PNG 文件）。",
                      "it is not a PNG image (use a PNG file with a transparent background).")
    if len(png) > MAX_BYTES:
        raise _too_large(len(png))
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(png)) as im:
            if im.format != "PNG":
                raise _refuse("不是 PNG 图片。", "it is not a PNG image.")
            width, height = im.size
            if min(width, height) < MIN_SIDE or max(width, height) > MAX_SIDE:
                raise _refuse(f"尺寸为 {width}×{height} 像素，每边应在 {MIN_SIDE} 到 {MAX_SIDE} 像素之间。",
                              f"it is {width}×{height} pixels; each side must be {MIN_SIDE} to {MAX_SIDE} pixels.")
            if not ASPECT[0] <= width / height <= ASPECT[1]:
                raise _refuse(f"尺寸为 {width}×{height} 像素，印章图片应大致为正方形。",
                              f"it is {width}×{height} pixels; a seal image must be roughly square.")
            has_alpha = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
            if not has_alpha:
                raise _refuse("图片没有透明背景（需要带透明通道的 PNG）。",
                              "the image has no transparent background (a PNG with an alpha channel is needed).")
            alpha = im.convert("RGBA").getchannel("A")
            low, _ = alpha.getextrema()
            if low > 0:
                raise _refuse("图片没有透明的部分（背景应当透明）。",
                              "no part of the image is transparent (the background must be).")
    except BadInputError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise BadInputError("无法使用这个印章图片：PNG 文件已损坏或无法读取。",
                            "This seal image cannot be used: the PNG file is damaged or unreadable.",
                            detail=type(exc).__name__, field="seal") from None
    return SealInfo(width=width, height=height, size=len(png), sha256=hashlib.sha256(png).hexdigest())


def _too_large(size: int) -> BadInputError:
    return _refuse(f"文件过大（{size / 1048576:.1f} MB，最大 2 MB）。", f"the file is too large ({size / 1048576:.1f} MB, at most 2 MB).")


def read_file(path: Path) -> bytes:
    """The bytes of a seal file the user chose; a file over 2 MB is refused without reading it all."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
            size = len(data) if len(data) <= MAX_BYTES else os.fstat(fh.fileno()).st_size
    except OSError as exc:
        raise unreadable(path, exc, "印章图片", "seal image") from exc
    if size > MAX_BYTES:
        raise _too_large(size)
    return data


def store(session: Session, png: bytes) -> SealInfo:
    """Check ``png`` and keep it as the vault's seal (replacing any earlier one). Nothing changes on refusal."""
    info = check(png)
    settings.put(session, settings.SEAL_PNG, base64.b64encode(png).decode("ascii"))
    return info


def remove(session: Session) -> bool:
    """Forget the seal; whether there was one."""
    row = session.get(VaultMeta, settings.SEAL_PNG.key)
    if row is None or not row.value:
        return False
    session.delete(row)
    session.flush()
    return True


def load(session: Session) -> bytes | None:
    """The stored seal PNG, or None."""
    value = settings.get(session, settings.SEAL_PNG)
    if not value:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


def info(session: Session) -> SealInfo | None:
    """Size and hash of the stored seal, or None."""
    png = load(session)
    if png is None:
        return None
    try:
        return check(png)
    except BadInputError:
        return None

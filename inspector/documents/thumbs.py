"""Evidence thumbnails for the record: small JPEGs made in memory, the originals never touched.

A 12-megapixel JPEG is decoded at 1/8 scale with ``Image.draft`` (the decoder
skips the fine DCT coefficients, ~10 ms instead of ~150 ms), so the long side
lands between ``max_side / 2`` and ``max_side``; other formats are decoded
fully and shrunk. Pillow releases the GIL while decoding, so callers may run
this in a small thread pool.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 600
QUALITY = 80
MAX_PIXELS = 80_000_000
"""Refuse decompression bombs well above any camera's resolution."""


@dataclass(frozen=True)
class Thumbnail:
    jpeg: bytes
    width: int
    height: int
    caption: str = ""
    filename: str = ""


def make_thumbnail(data: bytes, *, max_side: int = MAX_SIDE, quality: int = QUALITY) -> tuple[bytes, int, int] | None:
    """``(jpeg, width, height)`` with the long side at most ``max_side``, or None if ``data`` is no image."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            w, h = img.size
            if w <= 0 or h <= 0 or w * h > MAX_PIXELS:
                return None
            if img.format == "JPEG":
                # ask for half the target: draft picks the largest 1/2^k scale still at least that big
                scale = max(w, h) / (max_side / 2)
                img.draft("RGB", (max(1, int(w / scale)), max(1, int(h / scale))))
            img = ImageOps.exif_transpose(img)  # phones store rotation in EXIF, not in the pixels
            if img.mode not in ("RGB", "L"):
                img = _flatten(img)
            if max(img.size) > max_side:
                img.thumbnail((max_side, max_side), Image.Resampling.BILINEAR, reducing_gap=2.0)
            out = io.BytesIO()
            # comment=b"": no metadata of the original (JPEG comment, EXIF, GPS) travels into the document
            img.save(out, format="JPEG", quality=quality, optimize=False, comment=b"")
            return out.getvalue(), img.size[0], img.size[1]
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        return None


def _flatten(img: Image.Image) -> Image.Image:
    """Transparency over white (screenshots, drawn signatures), palettes and CMYK to RGB."""
    if img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return img.convert("RGB")

"""Images made in memory from evidence bytes; safe on the worker thread (QImage, never QPixmap).

:func:`read_thumbnails` and :func:`read_for_viewer` are units of work for
``ctx.read`` (``fn(session)``): they read the evidence bytes through the core and
decode them right there, on the worker. Nothing here writes a file: evidence
stays inside the encrypted vault and in memory.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader

from inspector.services.evidence import read_blob as evidence_bytes

if TYPE_CHECKING:
    from inspector.vault import VaultSession

THUMB_EDGE = 96  # pixels, the longer side of a thumbnail
VIEW_MAX_EDGE = 4096  # the viewer decodes big photos at most this large


def decode(data: bytes, max_edge: int | None = None) -> QImage:
    """The image in ``data`` (EXIF orientation applied), downscaled while decoding to ``max_edge``; null if not an image."""
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    if max_edge is not None:
        size = reader.size()
        if size.isValid() and max(size.width(), size.height()) > max_edge:
            reader.setScaledSize(size.scaled(QSize(max_edge, max_edge), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    buffer.close()
    if image.isNull() or max_edge is None or max(image.width(), image.height()) <= max_edge:
        return image
    return image.scaled(max_edge, max_edge, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)


def thumbnail(data: bytes, edge: int = THUMB_EDGE) -> QImage:
    return decode(data, edge)


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG, in memory."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(array.data())


def read_thumbnails(s: VaultSession, sha256s: list[str]) -> dict[str, QImage]:
    """On the worker: thumbnails of evidence blobs, made in memory (never a file)."""
    return {sha: thumbnail(evidence_bytes(s, sha)) for sha in sha256s}


def read_for_viewer(s: VaultSession, sha256: str) -> QImage:
    """On the worker: one evidence image for the viewer, decoded from the vault's bytes."""
    return decode(evidence_bytes(s, sha256), VIEW_MAX_EDGE)

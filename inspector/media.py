"""What a video evidence file is, read from its container header (MP4 / QuickTime) without decoding it.

Only the boxes needed are read, through random access into the encrypted store
(:func:`inspector.evidence_store.read_at`): the top-level boxes are walked by their
sizes, ``moov`` (often at the end of the file) is read alone, and ``mvhd`` gives the
duration, a video track's ``tkhd`` the picture size. A file that is not such a
container, or is cut short, gives ``None`` — never an error: the viewer then says less.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Callable

MAX_MOOV = 64 << 20
"""The largest ``moov`` box read (an hour of video has a few MB of it)."""


@dataclass(frozen=True)
class VideoInfo:
    duration: float
    """Seconds."""
    width: int = 0
    height: int = 0

    @property
    def duration_text(self) -> str:
        total = int(round(self.duration))
        h, rest = divmod(total, 3600)
        m, s = divmod(rest, 60)
        return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


ReadAt = Callable[[int, int], bytes]


def _boxes(read_at: ReadAt, start: int, end: int):
    """(type, payload offset, payload end) of the boxes between ``start`` and ``end``."""
    pos = start
    while pos + 8 <= end:
        head = read_at(pos, 16)
        if len(head) < 8:
            return
        size, kind = struct.unpack(">I4s", head[:8])
        header = 8
        if size == 1:
            if len(head) < 16:
                return
            size, header = struct.unpack(">Q", head[8:16])[0], 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            return
        yield kind, pos + header, pos + size
        pos += size


def _inner(data: bytes, start: int, end: int):
    return _boxes(lambda off, n: data[off:off + n], start, end)


def video_info(read_at: ReadAt, size: int) -> VideoInfo | None:
    """The duration and picture size of an MP4/QuickTime file of ``size`` bytes, read through ``read_at``."""
    try:
        moov = next(((o, e) for kind, o, e in _boxes(read_at, 0, size) if kind == b"moov"), None)
        if moov is None or moov[1] - moov[0] > MAX_MOOV:
            return None
        data = read_at(moov[0], moov[1] - moov[0])
        return _from_moov(data)
    except (struct.error, ValueError):
        return None


def _from_moov(data: bytes) -> VideoInfo | None:
    duration, width, height = None, 0, 0
    for kind, o, e in _inner(data, 0, len(data)):
        if kind == b"mvhd":
            version = data[o]
            if version == 1:
                timescale, length = struct.unpack(">IQ", data[o + 20:o + 32])
            else:
                timescale, length = struct.unpack(">II", data[o + 12:o + 20])
            duration = length / timescale if timescale else None
        elif kind == b"trak" and not width:
            for inner, io, ie in _inner(data, o, e):
                if inner == b"tkhd" and ie - io >= 8:
                    w, h = struct.unpack(">II", data[ie - 8:ie])
                    width, height = w >> 16, h >> 16
    return VideoInfo(duration, width, height) if duration is not None else None


def is_video(mime: str) -> bool:
    return (mime or "").startswith("video/")


def video_of(session, sha256: str) -> VideoInfo | None:
    """The :class:`VideoInfo` of an evidence file, read through the store (an unreadable header: None)."""
    from inspector import evidence_store

    blob = evidence_store.get_blob(session, sha256)
    return video_info(lambda offset, length: evidence_store.read_at(session, sha256, offset, length), blob.size)

"""The faces of the documents: bundled Noto Serif SC, and FangSong where the system has it.

Every font a document uses is a TrueType font ReportLab embeds as a subset, so
the PDF renders identically everywhere; no standard-14 font (Helvetica, ...)
is ever referenced. Registration parses a 15 MB font, so it happens once per
process, under a lock (documents may be built from a worker thread).
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from inspector.documents import cjk
from inspector.paths import resource

SERIF = "InspectorSerifSC"
SERIF_BOLD = "InspectorSerifSC-Bold"
SANS = "InspectorSansSC"
"""Noto Sans SC stands in for 黑体, the face GB/T 9704 gives first-level headings and 附件 labels."""
FANGSONG = "InspectorFangSong"

_REGULAR_FILE = "NotoSerifSC-Regular.ttf"
_BOLD_FILE = "NotoSerifSC-Bold.ttf"
_SANS_FILE = "NotoSansSC-Regular.ttf"
_FANGSONG_NAMES = ("simfang.ttf", "SIMFANG.TTF", "simfang.TTF")

_lock = threading.Lock()
_serif_done = False
_fangsong: str | None | bool = False  # False: not looked for yet; None: absent; else the face name


@dataclass(frozen=True)
class Faces:
    """The font names a document uses: body text, bold (table heads), titles and 黑体-like headings."""

    body: str
    bold: str
    title: str
    heading: str

    @property
    def fangsong(self) -> bool:
        return self.body == FANGSONG


def _register(name: str, path: Path) -> None:
    pdfmetrics.registerFont(TTFont(name, str(path)))


def _ensure_serif() -> None:
    global _serif_done
    if _serif_done:
        return
    with _lock:
        if _serif_done:
            return
        _register(SERIF, resource("fonts", _REGULAR_FILE))
        _register(SERIF_BOLD, resource("fonts", _BOLD_FILE))
        _register(SANS, resource("fonts", _SANS_FILE))
        # <b> inside a Paragraph maps to the bold face instead of a missing synthetic one
        addMapping(SERIF, 0, 0, SERIF)
        addMapping(SERIF, 1, 0, SERIF_BOLD)
        addMapping(SERIF, 0, 1, SERIF)
        addMapping(SERIF, 1, 1, SERIF_BOLD)
        _serif_done = True


def font_dirs() -> list[Path]:
    """Where the system keeps fonts (Windows, macOS, Linux), the user's own folders first."""
    home = Path.home()
    if os.name == "nt":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [local / "Microsoft" / "Windows" / "Fonts", windir / "Fonts"]
    if sys.platform == "darwin":
        return [home / "Library" / "Fonts", Path("/Library/Fonts"), Path("/System/Library/Fonts")]
    return [home / ".local" / "share" / "fonts", home / ".fonts", Path("/usr/local/share/fonts"),
            Path("/usr/share/fonts")]


def find_fangsong(dirs: list[Path] | None = None) -> Path | None:
    """A FangSong TrueType file (``simfang.ttf`` or ``*FangSong*.ttf``), or None."""
    for folder in dirs if dirs is not None else font_dirs():
        if not folder.is_dir():
            continue
        for name in _FANGSONG_NAMES:
            if (folder / name).is_file():
                return folder / name
        if os.name == "nt":
            continue  # Windows keeps fonts flat; do not walk C:\Windows\Fonts recursively
        try:
            for path in folder.rglob("*.[tT][tT][fF]"):
                low = path.name.lower()
                if low == "simfang.ttf" or "fangsong" in low:
                    return path
        except OSError:
            continue
    return None


def _ensure_fangsong() -> str | None:
    global _fangsong
    if _fangsong is not False:
        return _fangsong  # type: ignore[return-value]
    with _lock:
        if _fangsong is False:
            path = find_fangsong()
            face: str | None = None
            if path is not None:
                try:
                    _register(FANGSONG, path)
                    face = FANGSONG
                except (TTFError, OSError, ValueError):  # broken or CFF-flavoured: use the bundled serif
                    face = None
            _fangsong = face
    return _fangsong  # type: ignore[return-value]


def fangsong_available() -> bool:
    """Whether this machine has a FangSong face the documents can use."""
    return _ensure_fangsong() is not None


def faces(fangsong: bool = False) -> Faces:
    """Register what is needed (once) and name the faces; FangSong falls back silently to Noto Serif SC."""
    _ensure_serif()
    cjk.install()
    body = SERIF
    if fangsong and _ensure_fangsong():
        body = FANGSONG
    return Faces(body=body, bold=SERIF_BOLD, title=SERIF_BOLD, heading=SANS)

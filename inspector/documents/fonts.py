"""The faces of the official documents, all bundled, all embedded as subsets.

GB/T 9704-2012 sets the body of a 公文 in 仿宋 3号, first-level headings in 黑体,
second-level headings in 楷体 and the title in 小标宋. Inspector bundles:

* **Zhuque Fangsong** (朱雀仿宋, SIL OFL 1.1) for the body: all 6 763 hanzi of GB 2312;
* **Noto Sans SC** (思源黑体) for 黑体: headings, table heads, emphasis (``<b>``), and
  every character the FangSong lacks (a rare character in a name), so nothing prints as a box;
* **Noto Serif SC Bold** (思源宋体) standing in for 小标宋 in titles and the 版头.

No 楷体 is bundled (the size budget): a KaiTi the system has (``simkai.ttf``) sets
second-level headings, else the FangSong does. Every font is a TrueType font ReportLab
embeds as a subset, so the PDF renders identically everywhere; no standard-14 font
(Helvetica, ...) is ever referenced. Registration parses large fonts, so it happens
once per process, under a lock (documents may be built from a worker thread).
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

FANGSONG = "InspectorFangSong"
"""Zhuque Fangsong: the body text (仿宋)."""
SERIF_BOLD = "InspectorSerifSC-Bold"
"""Noto Serif SC Bold: the title and the 发文机关标志 (for 小标宋)."""
SANS = "InspectorSansSC"
"""Noto Sans SC stands in for 黑体: first-level headings, table heads, 附件 labels, and the fallback face."""
KAI = "InspectorKai"

_FANGSONG_FILE = "ZhuqueFangsong-Regular.ttf"
_BOLD_FILE = "NotoSerifSC-Bold.ttf"
_SANS_FILE = "NotoSansSC-Regular.ttf"
_KAI_NAMES = ("simkai.ttf", "SIMKAI.TTF", "simkai.TTF")

_lock = threading.Lock()
_bundled_done = False
_kai: str | None | bool = False  # False: not looked for yet; None: absent; else the face name
_covered: frozenset[int] = frozenset()
FULL_WIDTH_QUOTES = "\u201c\u201d\u2018\u2019"
"""“”‘’: a third of an em in the FangSong (Latin quotes); Chinese text sets them a full em wide, as 黑体 does."""


@dataclass(frozen=True)
class Faces:
    """The font names a document uses."""

    body: str
    """仿宋: body text, tables, dates, page numbers."""
    bold: str
    """Emphasis and table heads (黑体)."""
    title: str
    """The title (小标宋 stand-in)."""
    heading: str
    """First-level headings (黑体)."""
    heading2: str
    """Second-level headings (楷体 where the system has it, else 仿宋)."""


def _register(name: str, path: Path) -> TTFont:
    font = TTFont(name, str(path))
    pdfmetrics.registerFont(font)
    return font


def _ensure_bundled() -> None:
    global _bundled_done, _covered
    if _bundled_done:
        return
    with _lock:
        if _bundled_done:
            return
        fangsong = _register(FANGSONG, resource("fonts", _FANGSONG_FILE))
        _register(SERIF_BOLD, resource("fonts", _BOLD_FILE))
        _register(SANS, resource("fonts", _SANS_FILE))
        # <b> inside a body paragraph is set in 黑体 (the FangSong has no bold; none is synthesised)
        for face, bold in ((FANGSONG, SANS), (SANS, SANS), (SERIF_BOLD, SERIF_BOLD)):
            addMapping(face, 0, 0, face)
            addMapping(face, 1, 0, bold)
            addMapping(face, 0, 1, face)
            addMapping(face, 1, 1, bold)
        _covered = frozenset(fangsong.face.charToGlyph) - {ord(q) for q in FULL_WIDTH_QUOTES}
        _bundled_done = True


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


def find_kai(dirs: list[Path] | None = None) -> Path | None:
    """A KaiTi TrueType file (``simkai.ttf`` or ``*kaiti*.ttf``), or None."""
    for folder in dirs if dirs is not None else font_dirs():
        if not folder.is_dir():
            continue
        for name in _KAI_NAMES:
            if (folder / name).is_file():
                return folder / name
        if os.name == "nt":
            continue  # Windows keeps fonts flat; do not walk C:\Windows\Fonts recursively
        try:
            for path in folder.rglob("*.[tT][tT][fF]"):
                low = path.name.lower()
                if low == "simkai.ttf" or "kaiti" in low:
                    return path
        except OSError:
            continue
    return None


def _ensure_kai() -> str | None:
    global _kai
    if _kai is not False:
        return _kai  # type: ignore[return-value]
    with _lock:
        if _kai is False:
            path = find_kai()
            face: str | None = None
            if path is not None:
                try:
                    _register(KAI, path)
                    face = KAI
                except (TTFError, OSError, ValueError):  # broken or CFF-flavoured: the FangSong instead
                    face = None
            _kai = face
    return _kai  # type: ignore[return-value]


def faces() -> Faces:
    """Register what is needed (once) and name the faces."""
    _ensure_bundled()
    cjk.install()
    return Faces(body=FANGSONG, bold=SANS, title=SERIF_BOLD, heading=SANS, heading2=_ensure_kai() or FANGSONG)


def missing(value: str) -> set[str]:
    """The characters of ``value`` the body FangSong has no glyph for (spaces and line breaks aside)."""
    _ensure_bundled()
    return {ch for ch in value if ord(ch) not in _covered and not ch.isspace()}


def face_for(value: str, preferred: str) -> str:
    """``preferred`` unless it is the FangSong and ``value`` has a character it lacks: then 黑体 (Noto Sans SC),
    which covers far more (for text drawn as one string, e.g. the 署名 under the seal)."""
    return SANS if preferred == FANGSONG and missing(value) else preferred


def with_fallback(markup: str) -> str:
    """Paragraph markup whose characters missing from the FangSong are wrapped in the fallback face.

    ``markup`` is already escaped; tags and entities pass through untouched."""
    _ensure_bundled()
    if all(ord(ch) in _covered or ch in "<>&;/ \n" for ch in markup):
        return markup
    out, in_tag, in_entity = [], False, False
    for ch in markup:
        if ch == "<":
            in_tag = True
        elif ch == "&":
            in_entity = True
        if in_tag or in_entity or ord(ch) in _covered or ch.isspace():
            out.append(ch)
        else:
            out.append(f"<font name='{SANS}'>{ch}</font>")
        if ch == ">":
            in_tag = False
        elif ch == ";":
            in_entity = False
    return "".join(out)

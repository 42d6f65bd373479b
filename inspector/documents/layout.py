"""The page of a Chinese official document (GB/T 9704-2012) and the styles set on it.

A4; type area (版心) 156 × 225 mm with the top edge 37 mm and the binding
edge 28 mm from the paper's; body in 3号 (16 pt) on a grid of 22 lines;
title in 2号 (22 pt); page numbers ``— 1 —`` in 4号 (14 pt), 7 mm below the
type area, odd pages right and even pages left, one character in from the
edge (7.5). Builders put flowables on this page; :func:`build` returns the
PDF and the signature slots recorded while drawing.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.colors import Color, black
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

from inspector.documents.flowables import SlotCollector
from inspector.documents.fonts import Faces, with_fallback
from inspector.documents.slots import BuiltPdf
from inspector.timezones import CHINA_TIME

# Binary image streams: ReportLab's default ASCII85-encodes every JPEG in pure Python, which costs
# ~15 ms per photo thumbnail (1.5 s for a record with 100 photos) and makes the file 25 % larger.
rl_config.useA85 = 0

PAGE_W, PAGE_H = A4
TOP = 37 * mm
LEFT = 28 * mm
BODY_W = 156 * mm
BODY_H = 225 * mm
BOTTOM = PAGE_H - TOP - BODY_H          # 35 mm
RIGHT = PAGE_W - LEFT - BODY_W          # 26 mm

TITLE_SIZE = 22                         # 2号
BODY_SIZE = 16                          # 3号
PAGE_NO_SIZE = 14                       # 4号
TABLE_SIZE = 12                         # 小四
SMALL_SIZE = 10.5                       # 五号
LINE = BODY_H / 22                      # the 22-line grid: 28.98 pt

RED = Color(0.85, 0.05, 0.07)
"""The red of the 版头 (发文机关标志 and separator line)."""
GREY = Color(0.35, 0.35, 0.35)
RULE_GREY = Color(0.45, 0.45, 0.45)
HEAD_FILL = Color(0.93, 0.93, 0.93)
WATERMARK = Color(0.88, 0.88, 0.88)

CHINA_TZ = CHINA_TIME  # the one zone of every shown time (inspector.timezones)
"""China Standard Time; China keeps no daylight saving, so no tz database is needed."""


# ---- text helpers ------------------------------------------------------------------------------


def cn_date(d: date | datetime | None) -> str:
    """成文日期 style: ``2026年11月24日`` (Arabic numerals, no leading zeros, GB/T 9704 7.3.5.1)."""
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = d.astimezone(CHINA_TZ).date() if d.tzinfo else d.date()
    return f"{d.year}年{d.month}月{d.day}日"


def cn_datetime(dt: datetime | None) -> str:
    """``2026年10月29日 09:00`` in China Standard Time (stored times are UTC)."""
    if dt is None:
        return ""
    local = dt.astimezone(CHINA_TZ) if dt.tzinfo else dt.replace(tzinfo=UTC).astimezone(CHINA_TZ)
    return f"{cn_date(local.date())} {local:%H:%M}"


def text(value: str) -> str:
    """User text made safe for a Paragraph: markup escaped, line breaks kept, and any character the
    FangSong lacks set in the fallback face (never a blank box)."""
    return with_fallback(escape(value or "").replace("\r\n", "\n").replace("\n", "<br/>"))


def sentence(value: str) -> str:
    """User text ending a sentence: a full stop added unless it already ends with one (or ？/！)."""
    value = (value or "").strip()
    return value if not value or value[-1] in "。！？!?." else value + "。"


def escalation_text(what: str, state: str, detail: str) -> str:
    """An art. 33 record as the documents print it: ``违法行为：已移送公安机关（2026-11-05，晋公移〔2026〕3号）``.

    ``detail`` is ``to whom · date · reference`` (only the first part is always there); the state reads on
    into the authority (待报告保密主管部门, 已移送公安机关)."""
    whom, *rest = [part.strip() for part in (detail or "").split(" · ") if part.strip()] or [""]
    return f"{what}：{state}{whom}" + (f"（{'，'.join(rest)}）" if rest else "")


def size_text(n: int) -> str:
    """A file size for the chain-of-custody list: bytes, KB or MB."""
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1048576:.1f} MB"


# ---- styles ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    body: ParagraphStyle
    plain: ParagraphStyle
    heading: ParagraphStyle
    heading_flush: ParagraphStyle
    heading2: ParagraphStyle
    subheading: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle
    small: ParagraphStyle
    small_head: ParagraphStyle
    small_center: ParagraphStyle
    right: ParagraphStyle
    hash: ParagraphStyle


def make_styles(faces: Faces) -> Styles:
    """Every paragraph wraps CJK text at any character (``wordWrap="CJK"``), in our own fonts only."""

    def style(name: str, font: str, size: float, leading: float, align: int = TA_LEFT, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, alignment=align,
                              wordWrap="CJK", textColor=black, **kw)

    return Styles(
        title=style("title", faces.title, TITLE_SIZE, LINE * 1.15, TA_CENTER),
        subtitle=style("subtitle", faces.body, BODY_SIZE, LINE, TA_CENTER),
        body=style("body", faces.body, BODY_SIZE, LINE, TA_JUSTIFY, firstLineIndent=2 * BODY_SIZE),
        plain=style("plain", faces.body, BODY_SIZE, LINE, TA_JUSTIFY),
        heading=style("heading", faces.heading, BODY_SIZE, LINE, TA_LEFT, firstLineIndent=2 * BODY_SIZE,
                      keepWithNext=1),
        heading_flush=style("heading_flush", faces.heading, BODY_SIZE, LINE, TA_LEFT, keepWithNext=1),
        heading2=style("heading2", faces.heading2, BODY_SIZE, LINE, TA_LEFT, firstLineIndent=2 * BODY_SIZE,
                       keepWithNext=1),
        subheading=style("subheading", faces.bold, 14, 22, TA_LEFT, keepWithNext=1, spaceBefore=6, spaceAfter=3),
        cell=style("cell", faces.body, TABLE_SIZE, TABLE_SIZE * 1.5, TA_JUSTIFY),
        cell_center=style("cell_center", faces.body, TABLE_SIZE, TABLE_SIZE * 1.5, TA_CENTER),
        cell_head=style("cell_head", faces.bold, TABLE_SIZE, TABLE_SIZE * 1.5, TA_CENTER),
        small=style("small", faces.body, SMALL_SIZE, SMALL_SIZE * 1.5, TA_JUSTIFY),
        small_head=style("small_head", faces.bold, SMALL_SIZE, SMALL_SIZE * 1.4, TA_CENTER),
        small_center=style("small_center", faces.body, SMALL_SIZE, SMALL_SIZE * 1.5, TA_CENTER),
        right=style("right", faces.body, BODY_SIZE, LINE, TA_RIGHT),
        hash=style("hash", faces.body, 8, 10.5, TA_LEFT),
    )


def p(value: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain user text (escaped)."""
    return Paragraph(text(value), style)


def table_style(faces: Faces, *, header_rows: int = 1) -> list[tuple]:
    """Thin grey grid, shaded repeated header, cells top-aligned; FONTNAME set so no default font leaks in."""
    return [
        ("FONTNAME", (0, 0), (-1, -1), faces.body),
        ("FONTSIZE", (0, 0), (-1, -1), TABLE_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE_GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_FILL),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]


# ---- the page ----------------------------------------------------------------------------------


def page_number_x(page: int, width: float) -> float:
    """Left edge of the number: odd pages right, even pages left, one 4号 character in (GB/T 9704 7.5)."""
    if page % 2:
        return LEFT + BODY_W - PAGE_NO_SIZE - width
    return LEFT + PAGE_NO_SIZE


class OfficialDocTemplate(BaseDocTemplate):
    """A4 with the GB/T 9704 type area; page numbers and an optional watermark on every page."""

    def __init__(self, buf: io.BytesIO, faces: Faces, *, title: str, subject: str = "",
                 watermark: str | None = None) -> None:
        self.faces = faces
        self.watermark = watermark
        super().__init__(
            buf, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP, bottomMargin=BOTTOM,
            title=title, subject=subject, author="Inspector", creator="Inspector", lang="zh-CN",
            initialFontName=faces.body, initialFontSize=BODY_SIZE, initialLeading=LINE,
        )
        frame = Frame(LEFT, BOTTOM, BODY_W, BODY_H, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def _decorate(self, canv, doc) -> None:
        canv.saveState()
        if self.watermark:  # drawn first, so the text lies over it
            canv.setFillColor(WATERMARK)
            canv.setFont(self.faces.bold, 120)
            canv.translate(PAGE_W / 2, PAGE_H / 2)
            canv.rotate(35)
            canv.drawCentredString(0, -40, self.watermark)
            canv.rotate(-35)
            canv.translate(-PAGE_W / 2, -PAGE_H / 2)
        label = f"— {doc.page} —"
        canv.setFillColor(black)
        canv.setFont(self.faces.body, PAGE_NO_SIZE)
        width = canv.stringWidth(label, self.faces.body, PAGE_NO_SIZE)
        # the number's top edge 7 mm below the type area: baseline one ascent lower
        canv.drawString(page_number_x(doc.page, width), BOTTOM - 7 * mm - PAGE_NO_SIZE * 0.88, label)
        canv.restoreState()


def build(story: list, faces: Faces, collector: SlotCollector, *, title: str, subject: str = "",
          watermark: str | None = None, on_page: Callable[[int], None] | None = None) -> BuiltPdf:
    """Lay the story out on official pages; the slots are those its flowables recorded while drawing."""
    buf = io.BytesIO()
    doc = OfficialDocTemplate(buf, faces, title=title, subject=subject, watermark=watermark)
    if on_page is not None:
        doc.setProgressCallBack(lambda kind, value: on_page(value) if kind == "PAGE" else None)
    doc.build(story)
    return BuiltPdf(data=buf.getvalue(), slots=list(collector.slots), pages=doc.page)

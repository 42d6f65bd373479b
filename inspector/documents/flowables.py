"""Flowables of our own: signature slots that remember where they landed, and the red 版头.

A signature slot is empty space while ReportLab lays the page out; when it is
drawn it records its page and its box in absolute PDF coordinates (the canvas
knows its transformation, also inside table cells), so the builder can hand
the signer exact places for the visible stamps.
"""

from __future__ import annotations

import io

from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from inspector.documents.slots import SigSlot


class SlotCollector:
    """The signature slots of one document, in the order they were drawn."""

    def __init__(self) -> None:
        self.slots: list[SigSlot] = []

    def record(self, canv, name: str, label: str, x: float, y: float, width: float, height: float,
               inspector_id: str | None = None) -> SigSlot:
        """Record the box ``(x, y, width, height)`` given in the canvas's current coordinates."""
        if any(s.name == name for s in self.slots):
            raise ValueError(f"signature slot {name!r} placed twice")
        x1, y1 = canv.absolutePosition(x, y)
        x2, y2 = canv.absolutePosition(x + width, y + height)
        slot = SigSlot(name=name, page=canv.getPageNumber() - 1,
                       box=(round(min(x1, x2), 2), round(min(y1, y2), 2), round(max(x1, x2), 2), round(max(y1, y2), 2)),
                       label=label, inspector_id=inspector_id)
        self.slots.append(slot)
        return slot


class SignatureSlotFlowable(Flowable):
    """Reserves ``width × height`` for a signature stamp; optionally outlines it with a faint dashed frame."""

    def __init__(self, collector: SlotCollector, name: str, label: str, width: float, height: float, *,
                 inspector_id: str | None = None, frame: bool = True) -> None:
        super().__init__()
        self.collector = collector
        self.name = name
        self.label = label
        self.width = width
        self.height = height
        self.inspector_id = inspector_id
        self.frame = frame

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        if self.frame:
            canv = self.canv
            canv.saveState()
            canv.setStrokeColor(Color(0.72, 0.72, 0.72))
            canv.setLineWidth(0.5)
            canv.setDash(2, 2)
            canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
            canv.restoreState()
        self.collector.record(self.canv, self.name, self.label, 0, 0, self.width, self.height, self.inspector_id)


class RedHeader(Flowable):
    """版头: 发文机关标志 in red, 发文字号 two lines below it, then the red separator line (GB/T 9704 7.2).

    The mark's top edge lies ``top_space`` below the type area's (35 mm for 下行文); its size is the
    largest up to ``max_size`` that fits the type area's width.
    """

    def __init__(self, mark: str, number: str, *, mark_font: str, number_font: str, red: Color,
                 width: float, line: float, top_space: float = 35 * mm, max_size: float = 42,
                 number_size: float = 16) -> None:
        super().__init__()
        self.mark, self.number = mark, number
        self.mark_font, self.number_font = mark_font, number_font
        self.red, self.width, self.line = red, width, line
        self.top_space, self.max_size, self.number_size = top_space, max_size, number_size

    def _mark_size(self) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        natural = stringWidth(self.mark, self.mark_font, 1) or 1
        return min(self.max_size, self.width / natural)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        size = self._mark_size()
        # mark, 空二行, the number's line, 4 mm down to the red line
        self.height = self.top_space + size + 2 * self.line + self.number_size + 4 * mm
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        size = self._mark_size()
        top = self.height - self.top_space
        canv.saveState()
        canv.setFillColor(self.red)
        canv.setFont(self.mark_font, size)
        canv.drawCentredString(self.width / 2, top - size * 0.88, self.mark)
        canv.setFillColor(black)
        canv.setFont(self.number_font, self.number_size)
        number_baseline = top - size - 2 * self.line - self.number_size * 0.88
        canv.drawCentredString(self.width / 2, number_baseline, self.number)
        canv.setStrokeColor(self.red)
        canv.setLineWidth(1.2)
        canv.line(0, 0.6, self.width, 0.6)  # 4 mm below the number, the flowable's bottom edge
        canv.restoreState()


class _JpegReader(ImageReader):
    """A JPEG that ReportLab embeds as it is (DCTDecode) without decoding it just to name it.

    ``canvas.drawImage`` names an image by hashing its decoded pixels (~2 ms a thumbnail); the
    JPEG's own bytes identify it just as well.
    """

    def __init__(self, jpeg: bytes) -> None:
        super().__init__(io.BytesIO(jpeg))
        self._jpeg = jpeg

    def getRGBData(self):
        if getattr(self, "jpeg_fh", None) is None:  # not a JPEG after all: the ordinary way
            return super().getRGBData()
        self._dataA = None
        return self._jpeg


class JpegImage(Flowable):
    """A JPEG thumbnail drawn at ``width × height`` points, embedded byte for byte."""

    def __init__(self, jpeg: bytes, width: float, height: float) -> None:
        super().__init__()
        self.jpeg, self.width, self.height = jpeg, width, height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(_JpegReader(self.jpeg), 0, 0, self.width, self.height)

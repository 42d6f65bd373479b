"""Pieces of the notice: the 署名/日期 block under the stamps, and wording helpers."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from inspector import regulation
from inspector.documents import layout as L
from inspector.documents.flowables import SlotCollector

STAMP_W = 170.0
STAMP_GAP = 14.0


def clause_of(article: int, prefix: str) -> str:
    """One numbered clause of an article (``（三）实地检查。…``) without its number."""
    for line in regulation.article(article).text.split("\n"):
        if line.startswith(prefix):
            return line[len(prefix):].strip()
    raise KeyError(f"article {article} has no clause {prefix}")


def numbers_text(numbers: list[int]) -> str:
    """``1、3、5`` — finding numbers as the body text cites them."""
    return "、".join(str(n) for n in numbers)


class IssuerBlock(Flowable):
    """发文机关署名 centred over 成文日期 (右空四字), with room for the stamps just above them.

    GB/T 9704 7.3.5.1 puts the seal's top within one line of the text above and centres it on the
    date; the signer's stamp goes there (``issuer-1``), a second signer's to its left (``issuer-2``).
    """

    def __init__(self, collector: SlotCollector, organisation: str, date_text: str, font: str,
                 slots: tuple[tuple[str, str], ...]) -> None:
        super().__init__()
        self.collector, self.organisation, self.date_text = collector, organisation, date_text
        self.font, self.slots = font, slots
        self.stamp_h = 2 * L.LINE
        self.width = L.BODY_W
        self.height = self.stamp_h + 2 * L.LINE

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv, size = self.canv, L.BODY_SIZE
        date_w = stringWidth(self.date_text, self.font, size)
        org_w = stringWidth(self.organisation, self.font, size)
        date_right = self.width - 4 * size  # 右空四字
        centre = date_right - date_w / 2
        centre = min(centre, self.width - org_w / 2)  # a long name must not leave the type area
        date_y = L.LINE - size * 0.88 - (L.LINE - size) / 2
        org_y = date_y + L.LINE
        canv.saveState()
        canv.setFont(self.font, size)
        canv.drawString(date_right - date_w, date_y, self.date_text)
        canv.drawCentredString(centre, org_y, self.organisation)
        canv.restoreState()
        x = min(centre + STAMP_W / 2, self.width) - STAMP_W
        y = 2 * L.LINE
        for name, label in self.slots:
            self.collector.record(canv, name, label, x, y, STAMP_W, self.stamp_h)
            x -= STAMP_W + STAMP_GAP

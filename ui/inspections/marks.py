"""The checklist's small marks: an item holds notes (检查记录), evidence files or findings.

Drawn, not taken from a font (no emoji font is needed): a page with lines for
notes, a picture frame for evidence, a flag for findings, always in that order
and place, so a column of them reads at a glance. The tooltip and the
accessible text say the same in words (:func:`marks_text`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from ui.widgets import palette

ICON = 13      # one mark, in device-independent pixels
GAP = 1
WIDTH = 3 * ICON + 2 * GAP  # the three places, empty or not


@dataclass(frozen=True)
class Marks:
    notes: bool = False
    evidence: int = 0
    findings: int = 0

    def __bool__(self) -> bool:
        return self.notes or self.evidence > 0 or self.findings > 0


def marks_text(marks: Marks) -> str:
    """``有检查记录；证据 2 个；问题 1 个`` (empty when there is nothing)."""
    parts = []
    if marks.notes:
        parts.append(QCoreApplication.translate("ChecklistMarks", "有检查记录"))
    if marks.evidence:
        parts.append(QCoreApplication.translate("ChecklistMarks", "证据 {n} 个").format(n=marks.evidence))
    if marks.findings:
        parts.append(QCoreApplication.translate("ChecklistMarks", "问题 {n} 个").format(n=marks.findings))
    return QCoreApplication.translate("ChecklistMarks", "；").join(parts)


def _notes(p: QPainter, x: float) -> None:
    p.setPen(QPen(QColor(palette.SLATE), 1.2))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(QRectF(x + 2.5, 1.5, ICON - 5, ICON - 3))
    for y in (4.5, 7.0, 9.5):
        p.drawLine(QPointF(x + 4.5, y), QPointF(x + ICON - 4.5, y))


def _evidence(p: QPainter, x: float) -> None:
    colour = QColor(palette.CURRENT)
    p.setPen(QPen(colour, 1.2))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(QRectF(x + 1.5, 2.5, ICON - 3, ICON - 5))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawPolygon(QPolygonF([QPointF(x + 3, ICON - 3.5), QPointF(x + 6.5, 6), QPointF(x + 9, ICON - 3.5)]))
    p.drawEllipse(QPointF(x + ICON - 4.5, 5.5), 1.3, 1.3)


def _finding(p: QPainter, x: float) -> None:
    colour = QColor(palette.WARNING)
    p.setPen(QPen(colour, 1.4))
    p.drawLine(QPointF(x + 3.5, 1.5), QPointF(x + 3.5, ICON - 1))
    flag = QPainterPath(QPointF(x + 4, 2))
    flag.lineTo(x + ICON - 2, 4.5)
    flag.lineTo(x + 4, 8)
    flag.closeSubpath()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    p.drawPath(flag)


def marks_pixmap(marks: Marks, ratio: float = 2.0) -> QPixmap:
    """The marks side by side (notes, evidence, findings), each in its own place."""
    pixmap = QPixmap(round(WIDTH * ratio), round(ICON * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    for place, (shown, draw) in enumerate(((marks.notes, _notes), (marks.evidence > 0, _evidence),
                                           (marks.findings > 0, _finding))):
        if shown:
            draw(p, place * (ICON + GAP))
    p.end()
    return pixmap

"""The charts of :mod:`inspector.documents.charts` painted on screen: the same specification, the same layout
(:func:`inspector.documents.charts.layout`), copied onto a QPainter instead of a ReportLab drawing.

The layout is in points; the widget paints it scaled by :attr:`ChartView.zoom` and asks for that size, so a
scroll area around it shows a wide heat map whole.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from inspector.documents.charts import Bars, HeatMap, Label, Layout, layout


def _grey(g: float) -> QColor:
    return QColor.fromRgbF(g, g, g)


class ChartView(QWidget):
    """One chart. :attr:`painted` holds the labels of the last paint (what the screen shows, for tests)."""

    def __init__(self, zoom: float = 1.5, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zoom = zoom
        self.spec: HeatMap | Bars | None = None
        self.layout_: Layout | None = None
        self.painted: list[Label] = []
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_spec(self, spec: HeatMap | Bars | None) -> None:
        self.spec = spec
        self.layout_ = layout(spec) if spec is not None else None
        self.updateGeometry()
        self.resize(self.sizeHint())
        self.update()

    def sizeHint(self) -> QSize:
        if self.layout_ is None:
            return QSize(0, 0)
        return QSize(int(self.layout_.width * self.zoom) + 2, int(self.layout_.height * self.zoom) + 2)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event) -> None:
        self.painted = []
        lay = self.layout_
        if lay is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        p.scale(self.zoom, self.zoom)
        for b in lay.boxes:
            p.setPen(QPen(QColor("black"), 0.5) if b.stroke else Qt.PenStyle.NoPen)
            p.setBrush(_grey(b.grey))
            p.drawRect(QRectF(b.x, b.y, b.w, b.h))
        base = QFont(self.font())
        for lab in lay.labels:
            font = QFont(base)
            font.setPixelSize(max(1, round(lab.size)))
            font.setBold(lab.bold)
            p.setFont(font)
            p.setPen(_grey(lab.grey))
            width = p.fontMetrics().horizontalAdvance(lab.text)
            x = lab.x - (width / 2 if lab.anchor == "middle" else width if lab.anchor == "end" else 0)
            p.drawText(QPointF(x, lab.y), lab.text)
            self.painted.append(lab)
        p.end()

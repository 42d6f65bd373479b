"""On-site signature (现场签字): the department's representative signs with mouse, pen or finger.

:class:`SignaturePad` records strokes (pen pressure widens the line) and
renders them as a tightly cropped PNG on a transparent background.
:class:`SignatureDialog` adds the representative's name and title.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.widgets import palette
from ui.widgets.images import png_bytes

MOUSE_WIDTH = 2.6
INK = palette.qcolor(palette.INK)

Stroke = list[tuple[QPointF, float]]  # points with the line width there


class SignaturePad(QWidget):
    """A white pad that records strokes from the mouse, a tablet pen or a touch screen."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strokes: list[Stroke] = []
        self._current: Stroke | None = None
        self._touch: dict[int, Stroke] = {}
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setMinimumSize(QSize(480, 180))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setToolTip(self.tr("用鼠标、手写笔或手指在此签名"))

    # ---- state -------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return not any(self.strokes)

    def clear(self) -> None:
        self.strokes.clear()
        self._current = None
        self._touch.clear()
        self.update()
        self.changed.emit()

    def _begin(self, pos: QPointF, width: float) -> Stroke:
        stroke: Stroke = [(QPointF(pos), width)]
        self.strokes.append(stroke)
        self.update()
        return stroke

    def _extend(self, stroke: Stroke | None, pos: QPointF, width: float) -> None:
        if stroke is None:
            return
        last = stroke[-1][0]
        if (last - pos).manhattanLength() >= 0.5:
            stroke.append((QPointF(pos), width))
            self.update()

    def _end(self) -> None:
        self.changed.emit()

    # ---- mouse, pen, touch --------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._current = self._begin(event.position(), MOUSE_WIDTH)
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._current is not None:
            self._extend(self._current, event.position(), MOUSE_WIDTH)
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._current is not None and event.button() == Qt.MouseButton.LeftButton:
            self._extend(self._current, event.position(), MOUSE_WIDTH)
            self._current = None
            self._end()
            event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        width = 1.2 + 3.4 * max(0.0, min(event.pressure(), 1.0))
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._current = self._begin(event.position(), width)
        elif kind == QEvent.Type.TabletMove and self._current is not None and event.pressure() > 0:
            self._extend(self._current, event.position(), width)
        elif kind == QEvent.Type.TabletRelease and self._current is not None:
            self._current = None
            self._end()
        event.accept()  # no synthesized mouse events: the pen draws once

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            assert isinstance(event, QTouchEvent)
            for point in event.points():
                pid, pos = point.id(), point.position()
                if point.state() == point.State.Pressed:
                    self._touch[pid] = self._begin(pos, MOUSE_WIDTH + 0.6)
                elif point.state() == point.State.Released:
                    self._extend(self._touch.pop(pid, None), pos, MOUSE_WIDTH + 0.6)
                    self._end()
                else:
                    self._extend(self._touch.get(pid), pos, MOUSE_WIDTH + 0.6)
            if kind in (QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
                self._touch.clear()
            event.accept()
            return True
        return super().event(event)

    # ---- drawing ------------------------------------------------------------------------------

    @staticmethod
    def _draw(painter: QPainter, strokes: list[Stroke]) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for stroke in strokes:
            if len(stroke) == 1:
                pos, width = stroke[0]
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(INK)
                painter.drawEllipse(pos, width / 2 + 0.4, width / 2 + 0.4)
                continue
            for (a, wa), (b, wb) in pairwise(stroke):
                pen = QPen(INK, (wa + wb) / 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
                painter.setPen(pen)
                painter.drawLine(a, b)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(palette.qcolor(palette.GUIDE_LINE), 1, Qt.PenStyle.DashLine))
        base = self.height() * 0.75
        painter.drawLine(QPointF(24, base), QPointF(self.width() - 24, base))
        if self.is_empty():
            painter.setPen(palette.qcolor(palette.GUIDE_TEXT))
            painter.drawText(QRectF(0, 0, self.width(), base - 8),
                             Qt.AlignmentFlag.AlignCenter, self.tr("请在此处签名"))
        self._draw(painter, self.strokes)
        painter.end()

    def bounding_rect(self) -> QRectF:
        """The area the ink covers, pen width included."""
        rect = QRectF()
        for stroke in self.strokes:
            for pos, width in stroke:
                half = width / 2 + 1
                rect = rect.united(QRectF(pos.x() - half, pos.y() - half, 2 * half, 2 * half))
        return rect

    def to_image(self, scale: float = 2.0, margin: int = 8) -> QImage:
        """The ink only, tightly cropped (plus ``margin``), on a transparent background; null when empty."""
        if self.is_empty():
            return QImage()
        box = self.bounding_rect().adjusted(-margin, -margin, margin, margin)
        image = QImage(max(1, round(box.width() * scale)), max(1, round(box.height() * scale)),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.scale(scale, scale)
        painter.translate(-box.topLeft())
        self._draw(painter, self.strokes)
        painter.end()
        return image

    def to_png(self, scale: float = 2.0) -> bytes:
        """The signature as PNG bytes (b"" when nothing was drawn)."""
        image = self.to_image(scale)
        return png_bytes(image) if not image.isNull() else b""


class SignatureDialog(QDialog):
    """Name, title and drawn signature of the department's representative."""

    def __init__(self, statement: str, name: str = "", title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("现场签字"))
        self.png = b""
        intro = QLabel(statement)
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(name)
        self.name_edit.setPlaceholderText(self.tr("单位代表姓名"))
        self.title_edit = QLineEdit(title)
        self.title_edit.setPlaceholderText(self.tr("职务，如：信息科科长"))
        form = QFormLayout()
        form.addRow(self.tr("姓名："), self.name_edit)
        form.addRow(self.tr("职务："), self.title_edit)
        self.pad = SignaturePad()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确认签字"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.clear_button = QPushButton(self.tr("清除"))
        self.buttons.addButton(self.clear_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.clear_button.clicked.connect(self.pad.clear)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.pad.changed.connect(self._update)
        self.name_edit.textChanged.connect(self._update)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.pad, 1)
        layout.addWidget(self.buttons)
        self.resize(640, 440)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(not self.pad.is_empty() and bool(self.name_edit.text().strip()))
        self.clear_button.setEnabled(not self.pad.is_empty())

    def accept(self) -> None:
        if self.pad.is_empty() or not self.name_edit.text().strip():
            return
        self.png = self.pad.to_png()
        super().accept()

    @property
    def name(self) -> str:
        return self.name_edit.text().strip()

    @property
    def title_text(self) -> str:
        return self.title_edit.text().strip()

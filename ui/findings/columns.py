"""Two columns in a vertical scroll area that never scrolls sideways: side by side while both fit, else stacked.

The finding editor's body: what was found on the left, status, articles and
history on the right. A long English label or a wider navigation can make the
two columns' minimum wider than the window; rather than a horizontal scroll
bar cutting the right column, the right column then goes under the left one.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QBoxLayout, QLayout, QScrollArea, QWidget

SIDE = QBoxLayout.Direction.LeftToRight
STACKED = QBoxLayout.Direction.TopToBottom
HYSTERESIS = 24  # px more than needed before going back side by side: a vertical scroll bar coming or going
                 # changes the width by its own, and must not flip the layout back and forth


class TwoColumns(QScrollArea):
    def __init__(self, left: QLayout, right: QLayout, stretch: tuple[int, int] = (3, 2),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left, self.right = left, right
        self.body = QWidget()
        self.columns = QBoxLayout(SIDE, self.body)
        self.columns.addLayout(left, stretch[0])
        self.columns.addLayout(right, stretch[1])
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(self.body)
        self.body.installEventFilter(self)

    @property
    def stacked(self) -> bool:
        return self.columns.direction() == STACKED

    def side_by_side_width(self) -> int:
        """The narrowest width that holds both columns side by side."""
        m = self.columns.contentsMargins()
        return (self.left.minimumSize().width() + self.right.minimumSize().width() + self.columns.spacing()
                + m.left() + m.right())

    def arrange(self) -> None:
        """Side by side when the viewport holds both columns; stacked otherwise."""
        room, need = self.viewport().width(), self.side_by_side_width()
        if self.stacked and room >= need + HYSTERESIS:
            self.columns.setDirection(SIDE)
        elif not self.stacked and room < need:
            self.columns.setDirection(STACKED)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.arrange()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.body and event.type() == QEvent.Type.LayoutRequest:
            self.arrange()  # the content changed (a finding shown, the language): maybe it fits no more
        return super().eventFilter(watched, event)

"""The navigation of the main window: one row per page, with its icon and a count badge.

A plain :class:`QListWidget` (the system's own widget, keyboard and accessibility
included) with a delegate that draws the badge: how many things wait on that page
(overdue findings, reports to verify …), red where something is late, blue where
it only waits. The count is also in the row's tooltip and accessible text, so it is
not said by colour alone. Icons are Lucide SVGs rendered to PNG at build time
(``build/nav_icons.py``), in grey and, for the selected row, white.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QIcon, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from inspector import paths
from ui.widgets import palette

# Qt.ItemDataRole.UserRole is 256. Plain numbers: the window is built before its first paint, and touching
# the Qt namespace's enums then costs start-up time (tests/bench/bench_startup.py).
BADGE_ROLE = 257  # int: the count (0: no badge)
BADGE_URGENT_ROLE = 258  # bool: red (late) rather than blue (waiting)
ICON_SIZE = 20
ROW_HEIGHT = 36


def nav_icon(name: str) -> QIcon:
    """The icon ``name`` (resources/icons/nav/NAME.png), white when its row is selected."""
    folder = paths.resource("icons", "nav")
    icon = QIcon()
    for suffix, mode in (("", QIcon.Mode.Normal), ("-on", QIcon.Mode.Selected)):
        for scale in ("", "@2x"):
            icon.addFile(str(folder / f"{name}{suffix}{scale}.png"), QSize(), mode)
    return icon


class BadgeDelegate(QStyledItemDelegate):
    """Paints the row as the style does, then the count in a rounded badge at its right edge."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width() + self._badge_width(option.font, 999) + 12, max(size.height(), ROW_HEIGHT))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        count = int(index.data(BADGE_ROLE) or 0)
        if not count:
            super().paint(painter, option, index)
            return
        text = str(count) if count < 1000 else "999+"
        width = self._badge_width(option.font, count)
        super().paint(painter, option, index)  # the titles are short and the list wide enough (fitting_width)
        font = QFont(option.font)
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.85)
        height = QFontMetrics(font).height() + 2
        badge = QRect(option.rect.right() - width - 6, option.rect.center().y() - height // 2 + 1, width, height)
        urgent = bool(index.data(BADGE_URGENT_ROLE))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.qcolor(palette.WARNING if urgent else palette.CURRENT))
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setPen(palette.qcolor(palette.ON_COLOUR))
        painter.setFont(font)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    @staticmethod
    def _badge_width(font: QFont, count: int) -> int:
        bold = QFont(font)
        bold.setBold(True)
        bold.setPointSizeF(bold.pointSizeF() * 0.85)
        metrics = QFontMetrics(bold)
        return max(metrics.height() + 2, metrics.horizontalAdvance(str(count) if count < 1000 else "999+") + 12)


class NavigationList(QListWidget):
    """The pages, each with an icon; :meth:`set_badge` shows what waits on one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self._prepared = False

    def _prepare(self) -> None:
        """Icons, badges, looks: set with the first page (after the window's first paint)."""
        self._prepared = True
        self.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.setItemDelegate(BadgeDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QListWidget.Shape.NoFrame)
        self.setSpacing(1)
        self.setStyleSheet("QListWidget#navigation { padding: 6px 4px; }")

    def add_page(self, title: str, icon: str, shortcut: str) -> QListWidgetItem:
        if not self._prepared:
            self._prepare()
        item = QListWidgetItem(nav_icon(icon), title)
        item.setData(Qt.ItemDataRole.UserRole, shortcut)
        item.setToolTip(shortcut)
        item.setSizeHint(QSize(0, ROW_HEIGHT))
        self.addItem(item)
        return item

    def set_badge(self, row: int, count: int, urgent: bool, tooltip: str) -> None:
        """Show ``count`` beside row ``row`` (nothing when 0); ``tooltip`` says what it counts."""
        item = self.item(row)
        shortcut = item.data(Qt.ItemDataRole.UserRole)
        item.setData(BADGE_ROLE, count)
        item.setData(BADGE_URGENT_ROLE, urgent)
        item.setToolTip(f"{tooltip}\n{shortcut}" if count else shortcut)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{item.text()} ({tooltip})" if count else item.text())

    def badge(self, row: int) -> int:
        return int(self.item(row).data(BADGE_ROLE) or 0)

    def fitting_width(self) -> int:
        """Wide enough for the longest title, its icon and a three-digit badge."""
        metrics = self.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.item(i).text()) for i in range(self.count())), default=60)
        return widest + ICON_SIZE + BadgeDelegate._badge_width(self.font(), 999) + 44

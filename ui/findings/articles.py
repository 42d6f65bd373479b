"""The articles a finding violates: a list of article numbers, each shown with its text, editable.

The text comes from :func:`inspector.regulation.article` (the regulation shipped
with Inspector), so the inspector sees what each cited article says.
"""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector import regulation
from ui.widgets.table_model import ID_ROLE  # an article's id: its number


def article_line(number: int) -> str:
    """``第三十三条  …`` (the label and text of the article); the number alone if the regulation lacks it."""
    try:
        art = regulation.article(number)
    except KeyError:
        return str(number)
    return f"{art.label}  {art.text}"


class ArticlesModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._numbers: list[int] = []

    def set_numbers(self, numbers: Sequence[int]) -> None:
        self.beginResetModel()
        self._numbers = sorted(set(numbers))
        self.endResetModel()

    def numbers(self) -> list[int]:
        return list(self._numbers)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._numbers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        number = self._numbers[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return article_line(number)
        if role == ID_ROLE:
            return number
        return None


class ArticlesEditor(QWidget):
    """The cited articles, an article chooser to add one, and a button to remove the selected one."""

    changed = Signal(list)  # the new list of article numbers

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editable = True
        self.model = ArticlesModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setSpacing(2)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setMinimumHeight(120)
        self.view.installEventFilter(self)

        self.chooser = QComboBox()
        self.chooser.setToolTip(self.tr("选择要添加的条款"))
        for number in sorted(regulation.articles()):
            art = regulation.article(number)
            self.chooser.addItem(f"{art.label}  {art.text[:18]}…", number)
            self.chooser.setItemData(self.chooser.count() - 1, art.text, Qt.ItemDataRole.ToolTipRole)
        self.chooser.setMinimumContentsLength(12)
        self.chooser.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.add_button = QPushButton(self.tr("添加"))
        self.remove_button = QPushButton(self.tr("移除所选"))
        self.add_button.clicked.connect(self.add_chosen)
        self.remove_button.clicked.connect(self.remove_selected)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)

        # the chooser has a line of its own: beside the buttons an article's words were cut (English, narrow)
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.chooser)
        layout.addLayout(bar)
        self._update_buttons()

    def set_numbers(self, numbers: Sequence[int]) -> None:
        self.model.set_numbers(numbers)

    def numbers(self) -> list[int]:
        return self.model.numbers()

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        for w in (self.chooser, self.add_button, self.remove_button):
            w.setVisible(editable)

    def add_chosen(self) -> None:
        number = self.chooser.currentData()
        if not self._editable or number is None or number in self.numbers():
            return
        self.model.set_numbers([*self.numbers(), number])
        self.view.setCurrentIndex(self.model.index(self.numbers().index(number)))
        self.changed.emit(self.numbers())

    def remove_selected(self) -> None:
        index = self.view.currentIndex()
        if not self._editable or not index.isValid():
            return
        number = index.data(ID_ROLE)
        self.model.set_numbers([n for n in self.numbers() if n != number])
        self.changed.emit(self.numbers())

    def _update_buttons(self, *_args) -> None:
        self.remove_button.setEnabled(self.view.currentIndex().isValid())

    def eventFilter(self, watched: QObject, event) -> bool:
        if watched is self.view and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

"""The checklist of an inspection as a two-level tree: art. 31 sections, their items beneath.

Section rows show the clause and title (wrapped, never cut) and how many of
their items are answered; item rows show the code and title, small marks for
what the item holds already (检查记录, evidence, findings — with a tooltip and an
accessible text saying so) and the verdict recorded so far.
Tested alone (tests/ui/test_runner.py, tests/ui/test_runner_layout.py).
"""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QFont, QPixmap

from inspector.model import Verdict
from inspector.services.inspections import RunnerItem, RunnerSection
from ui.inspections.marks import Marks, marks_pixmap, marks_text
from ui.widgets import palette
from ui.widgets.labels import verdict_labels
from ui.widgets.table_model import ID_ROLE

COL_TITLE, COL_MARKS, COL_VERDICT = range(3)

ITEM_ID_ROLE = ID_ROLE                        # the checklist item's id (item rows)
KIND_ROLE = Qt.ItemDataRole.UserRole + 10     # "section" or "item"
VERDICT_ROLE = Qt.ItemDataRole.UserRole + 11  # the verdict's value ("compliant" …), or None
CODE_ROLE = Qt.ItemDataRole.UserRole + 12     # "3-05" for items, the section number for sections
MARKS_ROLE = Qt.ItemDataRole.UserRole + 13    # the item's Marks (item rows)

SECTION, ITEM = "section", "item"
_TOP = 0  # internal id of a section row; an item row's internal id is its section's row + 1

class ChecklistModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sections: list[RunnerSection] = []
        self._verdicts: dict[str, Optional[Verdict]] = {}
        self._where: dict[str, tuple[int, int]] = {}  # item id → (section row, item row)
        self._marks: dict[str, Marks] = {}
        self._pixmaps: dict[Marks, QPixmap] = {}
        self._labels = verdict_labels()
        self._headers = [self.tr("检查项"), "", self.tr("结论")]

    # ---- content ---------------------------------------------------------------------------

    def set_checklist(self, sections: list[RunnerSection] | tuple[RunnerSection, ...],
                      verdicts: dict[str, Optional[Verdict]]) -> None:
        self.beginResetModel()
        self._sections = [s for s in sections if s.items]
        self._verdicts = dict(verdicts)
        self._where = {item.id: (srow, irow) for srow, s in enumerate(self._sections)
                       for irow, item in enumerate(s.items)}
        self.endResetModel()

    def set_verdict(self, item_id: str, verdict: Optional[Verdict]) -> None:
        if item_id not in self._where or self._verdicts.get(item_id) == verdict:
            return
        self._verdicts[item_id] = verdict
        srow, irow = self._where[item_id]
        self.dataChanged.emit(self.index(irow, 0, self.index(srow, 0)), self.index(irow, COL_VERDICT, self.index(srow, 0)))
        self.dataChanged.emit(self.index(srow, COL_VERDICT), self.index(srow, COL_VERDICT))

    def set_marks(self, marks: dict[str, Marks]) -> None:
        """What each item holds (notes, evidence, findings); items not named hold nothing."""
        changed = {i for i in set(marks) | set(self._marks) if marks.get(i, Marks()) != self._marks.get(i, Marks())}
        self._marks = {k: v for k, v in marks.items() if v}
        for item_id in changed & set(self._where):
            index = self.index_of_item(item_id, COL_MARKS)
            self.dataChanged.emit(index, index)

    def marks(self, item_id: str) -> Marks:
        return self._marks.get(item_id, Marks())

    def verdict(self, item_id: str) -> Optional[Verdict]:
        return self._verdicts.get(item_id)

    def answered(self) -> int:
        return sum(1 for item_id in self._where if self._verdicts.get(item_id) is not None)

    def total(self) -> int:
        return len(self._where)

    def item(self, index: QModelIndex | QPersistentModelIndex) -> RunnerItem | None:
        """The checklist item of an item row (None for a section row or an invalid index)."""
        if not index.isValid() or index.internalId() == _TOP:
            return None
        return self._sections[index.internalId() - 1].items[index.row()]

    def index_of_item(self, item_id: str, column: int = COL_TITLE) -> QModelIndex:
        if item_id not in self._where:
            return QModelIndex()
        srow, irow = self._where[item_id]
        return self.index(irow, column, self.index(srow, 0))

    def item_ids(self) -> list[str]:
        """Every item, in checklist order."""
        return [item.id for s in self._sections for item in s.items]

    def neighbour(self, item_id: str | None, step: int) -> str | None:
        """The item ``step`` places after (or before) ``item_id``, across sections; clamped at the ends."""
        ids = self.item_ids()
        if not ids:
            return None
        if item_id not in self._where:
            return ids[0] if step > 0 else ids[-1]
        pos = ids.index(item_id) + step
        return ids[max(0, min(pos, len(ids) - 1))]

    # ---- QAbstractItemModel ----------------------------------------------------------------

    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= 3 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP) if row < len(self._sections) else QModelIndex()
        if parent.internalId() != _TOP or row >= len(self._sections[parent.row()].items):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._sections)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self._sections[parent.row()].items)
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _TOP:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            return self._section_data(self._sections[index.row()], index.column(), role)
        item = self._sections[index.internalId() - 1].items[index.row()]
        verdict = self._verdicts.get(item.id)
        col = index.column()
        if col == COL_MARKS:
            return self._marks_data(self._marks.get(item.id, Marks()), role)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TITLE:
                return f"{item.code}  {item.title}"
            return self._labels[verdict] if verdict else "—"
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_VERDICT:
            return QBrush(palette.qcolor(palette.VERDICT[verdict] if verdict else palette.NEUTRAL))
        if role == Qt.ItemDataRole.FontRole and col == COL_VERDICT and verdict:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_TITLE:
            return item.text
        if role == KIND_ROLE:
            return ITEM
        if role == ITEM_ID_ROLE:
            return item.id
        if role == VERDICT_ROLE:
            return verdict.value if verdict else None
        if role == CODE_ROLE:
            return item.code
        if role == MARKS_ROLE:
            return self._marks.get(item.id, Marks())
        if role == Qt.ItemDataRole.AccessibleTextRole and col == COL_VERDICT:
            return self._labels[verdict] if verdict else self.tr("无结论")
        return None

    def _marks_data(self, marks: Marks, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and marks:
            if marks not in self._pixmaps:
                self._pixmaps[marks] = marks_pixmap(marks)
            return self._pixmaps[marks]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return marks_text(marks) if marks else None
        if role == MARKS_ROLE:
            return marks
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _section_data(self, section: RunnerSection, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TITLE:
                return f"{section.clause}{section.title}"
            done = sum(1 for i in section.items if self._verdicts.get(i.id) is not None)
            return f"{done}/{len(section.items)}" if col == COL_VERDICT else None
        if role == Qt.ItemDataRole.AccessibleTextRole and col == COL_VERDICT:
            done = sum(1 for i in section.items if self._verdicts.get(i.id) is not None)
            return self.tr("已检查 {done}/{total}").format(done=done, total=len(section.items))
        if role == Qt.ItemDataRole.FontRole and col == COL_TITLE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_VERDICT:
            done = all(self._verdicts.get(i.id) is not None for i in section.items)
            return QBrush(palette.qcolor(palette.OK if done else palette.MUTED))
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_TITLE:
            return f"{section.clause}{section.title}"
        if role == KIND_ROLE:
            return SECTION
        if role == CODE_ROLE:
            return section.number
        return None

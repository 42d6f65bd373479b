"""One way to set up a read-only table view: whole-row selection, no row numbers, one column stretching."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


def configure_table(view: QTableView, stretch: int | tuple[int, ...] | None = None, *,
                    on_activate: Callable[[QModelIndex], None] | None = None,
                    resize_to_contents: bool = True, multi: bool = False, word_wrap: bool = False,
                    alternating: bool = False) -> QTableView:
    """Read-only rows selected whole (one, or several with ``multi``), no row numbers.

    ``stretch``: the column (or columns, sharing the room) that fill the width; the last one when None.
    ``alternating``: rows in alternating shades, for long rows read across.
    ``resize_to_contents``: other columns fit their text — never for a table that can grow
    large (it reads every row): pass False and size the columns yourself.
    ``on_activate``: double-click or Enter on a row.
    """
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setWordWrap(word_wrap)
    view.setAlternatingRowColors(alternating)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents if resize_to_contents
                                else QHeaderView.ResizeMode.Interactive)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        for column in (stretch,) if isinstance(stretch, int) else stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    if on_activate is not None:
        view.activated.connect(on_activate)
    return view

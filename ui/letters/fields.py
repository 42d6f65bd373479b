"""The inputs of a letter, made from its kind's :class:`~inspector.services.letter_spec.FieldSpec`: a line for
``text``, a box of lines for ``multiline``, a date field (an optional one with a tick to leave it empty) for
``date``, a list for ``choice``. Labels come from the core in both languages (:func:`ui.i18n.pick`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from inspector.services.letter_spec import FieldSpec
from ui.i18n import pick
from ui.widgets.dates import DateEdit, date_edit


class OptionalDate(QWidget):
    """A date that may be left empty: a tick beside the date field says whether it is given."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.given = QCheckBox()
        self.given.setToolTip(self.tr("勾选后填写日期；不勾选则不填"))
        self.edit: DateEdit = date_edit()
        self.edit.setEnabled(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.given)
        row.addWidget(self.edit, 1)
        self.given.toggled.connect(self.edit.setEnabled)
        self.given.toggled.connect(lambda *_: self.changed.emit())
        self.edit.dateChanged.connect(lambda *_: self.changed.emit())
        self.setFocusProxy(self.edit)

    def value(self) -> str:
        return self.edit.date().toPython().isoformat() if self.given.isChecked() else ""

    def set_value(self, text: str) -> None:
        day = date.fromisoformat(text) if text else None
        self.given.setChecked(day is not None)
        if day is not None:
            self.edit.setDate(QDate(day))


class FieldEditors(QObject):
    """The editors of one kind's inputs, in a form; :meth:`values` gives them back as the service takes them."""

    changed = Signal()

    def __init__(self, form: QFormLayout, specs: tuple[FieldSpec, ...], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.specs = specs
        self.widgets: dict[str, QWidget] = {}
        for spec in specs:
            widget = self._make(spec)
            label = pick(spec.zh, spec.en) + ("*" if spec.required else "")
            form.addRow(self.tr("{label}：").format(label=label), widget)
            self.widgets[spec.key] = widget

    def _make(self, spec: FieldSpec) -> QWidget:
        if spec.type == "multiline":
            box = QPlainTextEdit()
            box.setTabChangesFocus(True)
            box.setMinimumHeight(110)
            box.textChanged.connect(self.changed)
            return box
        if spec.type == "date":
            if spec.required:
                edit = date_edit()
                edit.dateChanged.connect(lambda *_: self.changed.emit())
                return edit
            optional = OptionalDate()
            optional.changed.connect(self.changed)
            return optional
        if spec.type == "choice":
            combo = QComboBox()
            if not spec.required:
                combo.addItem(self.tr("（不选）"), "")
            for value, zh, en in spec.choices:
                combo.addItem(pick(zh, en), value)
            combo.currentIndexChanged.connect(lambda *_: self.changed.emit())
            return combo
        line = QLineEdit()
        line.textChanged.connect(self.changed)
        return line

    def set_values(self, values: dict[str, Any]) -> None:
        for spec in self.specs:
            widget, value = self.widgets[spec.key], str(values.get(spec.key) or "")
            widget.blockSignals(True)
            try:
                if isinstance(widget, QPlainTextEdit):
                    widget.setPlainText(value)
                elif isinstance(widget, OptionalDate):
                    widget.set_value(value)
                elif isinstance(widget, DateEdit):
                    if value:
                        widget.setDate(QDate(date.fromisoformat(value)))
                elif isinstance(widget, QComboBox):
                    index = widget.findData(value)
                    widget.setCurrentIndex(index if index >= 0 else 0)
                else:
                    widget.setText(value)
            finally:
                widget.blockSignals(False)

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, widget in self.widgets.items():
            if isinstance(widget, QPlainTextEdit):
                out[key] = widget.toPlainText()
            elif isinstance(widget, OptionalDate):
                out[key] = widget.value()
            elif isinstance(widget, DateEdit):
                out[key] = widget.date().toPython().isoformat()
            elif isinstance(widget, QComboBox):
                out[key] = widget.currentData() or ""
            else:
                out[key] = widget.text()
        return out

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.widgets.values():
            if isinstance(widget, (QPlainTextEdit, QLineEdit)):
                widget.setReadOnly(read_only)
            else:
                widget.setEnabled(not read_only)

    def focus(self, key: str) -> bool:
        widget = self.widgets.get(key)
        if widget is None:
            return False
        widget.setFocus()
        return True

"""The wheel never changes a field the user is not editing; a date typed in full is taken as typed."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea, QSpinBox, QToolTip, QVBoxLayout, QWidget

from ui.widgets.dates import date_edit, parse_typed_date


def _wheel(widget: QWidget) -> None:
    """One notch of the wheel, downwards, over ``widget``."""
    glob = QPointF(widget.mapToGlobal(QPoint(5, 5)))
    event = QWheelEvent(QPointF(5, 5), glob, QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def form(qtbot):
    """A long form in a scroll area: a focused line of fields at the top, the guarded ones below."""
    area = QScrollArea()
    inner = QWidget()
    layout = QVBoxLayout(inner)
    first = QSpinBox()  # takes the focus, so the fields under test do not have it
    combo = QComboBox()
    combo.addItems(["一般", "较大", "重大"])
    combo.setCurrentIndex(1)
    spin = QSpinBox()
    spin.setValue(5)
    day = date_edit(date(2026, 12, 5))
    for widget in (first, combo, spin, day):
        layout.addWidget(widget)
    for _ in range(40):
        layout.addWidget(QComboBox())
    area.setWidget(inner)
    area.resize(320, 200)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    first.setFocus()
    return area, first, combo, spin, day


def test_the_wheel_scrolls_the_form_and_leaves_unfocused_fields_alone(form):
    area, _first, combo, spin, day = form
    assert not combo.hasFocus()
    for field in (combo, spin, day, day.lineEdit(), combo):
        _wheel(field)
    assert combo.currentIndex() == 1
    assert spin.value() == 5
    assert day.date() == QDate(2026, 12, 5)
    assert area.verticalScrollBar().value() > 0  # the wheel went to the form instead


def test_the_wheel_still_changes_the_field_being_edited(form, qtbot):
    _area, _first, combo, _spin, _day = form
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    _wheel(combo)
    assert combo.currentIndex() == 2


@pytest.mark.parametrize("typed, expected", [
    ("2026-12-25", date(2026, 12, 25)),
    ("20261225", date(2026, 12, 25)),
    ("2026/1/5", date(2026, 1, 5)),
    ("2026.1.5", date(2026, 1, 5)),
])
def test_a_date_typed_over_the_selected_field_is_taken_as_typed(qtbot, typed, expected):
    edit = date_edit(date(2027, 3, 4))
    qtbot.addWidget(edit)
    edit.show()
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, typed)
    assert edit.lineEdit().text() == typed  # shown as typed, not rewritten section by section
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.date() == QDate(expected)
    assert edit.text() == expected.isoformat()


TOOLTIP_RAISE = pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen Qt, the tooltip


@TOOLTIP_RAISE
@pytest.mark.parametrize("typed", ["2026-13-01", "2026-02-30", "2026-1"])
def test_an_impossible_date_keeps_the_old_value_and_says_why(qtbot, typed):
    edit = date_edit(date(2027, 3, 4))
    qtbot.addWidget(edit)
    edit.show()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, typed)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.date() == QDate(2027, 3, 4)
    assert edit.text() == "2027-03-04"
    assert QToolTip.isVisible() and f"“{typed}”不是有效日期" in QToolTip.text()
    QToolTip.hideText()


@TOOLTIP_RAISE
def test_a_date_before_the_minimum_is_refused(qtbot):
    edit = date_edit(date(2026, 12, 10), minimum=date(2026, 12, 5))
    qtbot.addWidget(edit)
    edit.show()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, "2026-12-01")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.date() == QDate(2026, 12, 10)
    assert "超出允许的范围（2026-12-05 至" in QToolTip.text()
    QToolTip.hideText()


def test_escape_abandons_the_typed_date_and_the_arrows_still_step(qtbot):
    edit = date_edit(date(2027, 3, 4))
    qtbot.addWidget(edit)
    edit.show()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, "2026-12-25")
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert edit.date() == QDate(2027, 3, 4) and edit.text() == "2027-03-04"
    edit.setCurrentSection(edit.Section.YearSection)
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert edit.date() == QDate(2028, 3, 4)
    assert edit.calendarPopup()


def test_parse_typed_date():
    assert parse_typed_date("2026年12月25日") == date(2026, 12, 25)
    assert parse_typed_date(" 2026-12-25 ") == date(2026, 12, 25)
    assert parse_typed_date("25/12/2026") is None
    assert parse_typed_date("2026-02-29") is None

"""The signature pad: strokes from mouse, pen and touch become a tight, transparent PNG."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui.inspections.signature import SignatureDialog, SignaturePad


def ink_of(png: bytes) -> tuple[Image.Image, int]:
    """The decoded image and how many pixels carry visible ink."""
    img = Image.open(io.BytesIO(png))
    img.load()
    rgba = img.convert("RGBA")
    raw = rgba.tobytes()
    inked = sum(1 for i in range(0, len(raw), 4) if raw[i + 3] > 128 and raw[i] + raw[i + 1] + raw[i + 2] < 200)
    return rgba, inked


def draw_with_mouse(qtbot, pad: SignaturePad, points: list[tuple[int, int]]) -> None:
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[0]))
    for x, y in points[1:]:
        qtbot.mouseMove(pad, QPoint(x, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(*points[-1]))


@pytest.fixture
def pad(qtbot):
    p = SignaturePad()
    qtbot.addWidget(p)
    p.resize(600, 220)
    p.show()
    qtbot.waitExposed(p)
    return p


def test_a_mouse_stroke_becomes_a_cropped_transparent_png(qtbot, pad):
    assert pad.is_empty() and pad.to_png() == b""
    with qtbot.waitSignal(pad.changed):
        draw_with_mouse(qtbot, pad, [(100 + 10 * i, 80 + (i % 5) * 8) for i in range(20)])
    assert not pad.is_empty() and len(pad.strokes) == 1 and len(pad.strokes[0]) > 10
    png = pad.to_png()
    assert png.startswith(b"\x89PNG")
    img, inked = ink_of(png)
    assert inked > 200
    # tight crop: the ink spans 190 × 32 px of the pad, drawn at 2× with a small margin
    assert img.width < 2 * (190 + 30) and img.height < 2 * (32 + 30)
    assert img.width < 2 * pad.width() and img.height < 2 * pad.height()
    assert img.getpixel((0, 0))[3] == 0 and img.getpixel((img.width - 1, img.height - 1))[3] == 0  # transparent


def test_a_tap_makes_a_dot_and_clear_empties(qtbot, pad):
    qtbot.mouseClick(pad, Qt.MouseButton.LeftButton, pos=QPoint(50, 50))
    assert not pad.is_empty()
    assert ink_of(pad.to_png())[1] > 4
    with qtbot.waitSignal(pad.changed):
        pad.clear()
    assert pad.is_empty() and pad.to_png() == b""


def test_a_pen_draws_with_pressure(qtbot, pad):
    device = QPointingDevice.primaryPointingDevice()

    def tablet(kind, x, y, pressure):
        pos = QPointF(x, y)
        event = QTabletEvent(kind, device, pos, QPointF(pad.mapToGlobal(pos.toPoint())), pressure, 0, 0, 0, 0, 0,
                             Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton)
        QApplication.sendEvent(pad, event)
        assert event.isAccepted()

    tablet(QTabletEvent.Type.TabletPress, 40, 60, 0.2)
    for i in range(1, 15):
        tablet(QTabletEvent.Type.TabletMove, 40 + 12 * i, 60 + 3 * i, min(1.0, 0.2 + i * 0.06))
    tablet(QTabletEvent.Type.TabletRelease, 220, 105, 0.0)
    widths = [w for _, w in pad.strokes[0]]
    assert len(pad.strokes) == 1 and widths[-1] > widths[0]  # pressing harder draws wider
    assert ink_of(pad.to_png())[1] > 150


def test_touch_draws(qtbot, pad):
    device = QTest.createTouchDevice()
    QTest.touchEvent(pad, device).press(0, QPoint(30, 40)).commit()
    for i in range(1, 10):
        QTest.touchEvent(pad, device).move(0, QPoint(30 + 15 * i, 40 + 5 * i)).commit()
    QTest.touchEvent(pad, device).release(0, QPoint(180, 90)).commit()
    assert len(pad.strokes) == 1 and len(pad.strokes[0]) >= 10
    assert ink_of(pad.to_png())[1] > 100


def test_dialog_needs_a_name_and_a_signature(qtbot):
    dialog = SignatureDialog("请确认", name="", title="科长")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.ok_button.isEnabled()
    draw_with_mouse(qtbot, dialog.pad, [(40, 40), (120, 90), (200, 50)])
    assert not dialog.ok_button.isEnabled()  # no name yet
    dialog.name_edit.setText("张建国")
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    assert dialog.pad.is_empty() and not dialog.ok_button.isEnabled()
    draw_with_mouse(qtbot, dialog.pad, [(40, 40), (120, 90), (200, 50)])
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.name == "张建国" and dialog.title_text == "科长"
    assert ink_of(dialog.png)[1] > 50

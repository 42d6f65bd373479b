"""The main window shell: its pages, navigation, status bar and remembered geometry."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ui import prefs, tasks
from ui.context import AppContext
from ui.main_window import MainWindow, page_classes

KEYS = ["dashboard", "plans", "departments", "inspections", "findings", "rectification", "sync", "settings"]


@pytest.fixture
def window(qtbot, demo_vault):
    w = MainWindow(AppContext(demo_vault))
    qtbot.addWidget(w)
    w.show()
    yield w
    w.clear_pages()
    tasks.wait_for_all()


def test_the_shell_composes_one_page_per_module(window):
    classes = page_classes()
    assert [cls.key for cls in classes] == KEYS == list(window.pages)
    assert len({cls.__module__ for cls in classes}) == len(KEYS)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [p.title() for p in window.pages.values()]
    assert window.nav.item(0).text() == "概览"


def test_ctrl_number_switches_pages_and_navigate_carries_an_argument(qtbot, window, monkeypatch):
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().key == "findings"
    seen = []
    monkeypatch.setattr(window.pages["inspections"], "activate", lambda argument=None: seen.append(argument))
    window.ctx.navigate("inspections", "some-id")
    assert window.current_page().key == "inspections" and seen == ["some-id"]
    assert window.nav.currentRow() == KEYS.index("inspections")


def test_the_window_frame_shows_before_the_vault_is_open(qtbot):
    frame = MainWindow(AppContext())
    qtbot.addWidget(frame)
    with qtbot.waitSignal(frame.first_paint, timeout=5_000):
        frame.show()
    assert frame.pages == {} and frame.current_page() is frame.waiting and frame.nav.count() == 0


def test_status_bar_tells_where_the_key_is(window, demo_vault):
    assert str(demo_vault.path) in window.vault_label.text()
    assert window.keyring_label.text() == "每次需输入恢复口令" or "密钥环" in window.keyring_label.text()


def test_geometry_and_splitter_are_remembered(qtbot, demo_vault):
    first = MainWindow(AppContext(demo_vault))
    qtbot.addWidget(first)
    first.show()
    first.resize(1024, 690)  # the offscreen screen clamps widths beyond its own
    first.splitter.setSizes([200, 900])
    first.close()
    tasks.wait_for_all()
    second = MainWindow(AppContext(demo_vault))
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (1024, 690)
    assert second.splitter.sizes()[0] == 200
    assert prefs.AUTO_LOCK_MINUTES.get() == 10  # preferences are apart from geometry
    second.clear_pages()

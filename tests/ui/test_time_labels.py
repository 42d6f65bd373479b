"""The application shows every time in Beijing time (as the PDFs do), whatever the machine's zone."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

import pytest

from ui.widgets.labels import datetime_text, day_text, zone_text

LATE_UTC = datetime(2026, 12, 4, 18, 5, tzinfo=UTC)  # 13:05 on the 4th in New York, 02:05 on the 5th in Beijing


@pytest.fixture
def new_york(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    assert LATE_UTC.astimezone().day == 4
    yield
    monkeypatch.undo()
    time.tzset()


def test_times_and_days_are_beijing_time_on_a_machine_elsewhere(new_york):
    assert datetime_text(LATE_UTC) == "2026-12-05 02:05"
    assert day_text(LATE_UTC) == "2026-12-05"
    assert datetime_text(None) == "—" and day_text(None, empty="") == ""
    assert zone_text() == "北京时间"


def test_an_escalation_done_on_a_day_is_noon_of_that_day_in_beijing(new_york):
    from ui.findings.escalation import done_at

    at = done_at(date(2026, 12, 1), today=date(2026, 12, 5))
    assert datetime_text(at) == "2026-12-01 12:00"


def test_the_status_bar_names_the_zone_and_tells_the_truth_about_the_demo(qtbot, demo_vault, monkeypatch):
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui import tasks

    monkeypatch.setattr("inspector.paths.default_demo_vault_path", lambda: demo_vault.path)
    demo_vault.keyring_status = None  # no keyring here: the demo start gives the public passphrase itself
    window = MainWindow(AppContext(demo_vault))
    qtbot.addWidget(window)
    try:
        assert window.zone_label.text() == "时间：北京时间" and "UTC+8" in window.zone_label.toolTip()
        assert window.keyring_label.text() == "演示保险库：口令公开，自动解锁"
        assert "每次需输入恢复口令" not in window.keyring_label.text()
    finally:
        window.clear_pages()
        tasks.wait_for_all()

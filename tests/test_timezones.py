"""Every time is shown in Beijing time (UTC+8), whatever the machine's zone: the core, the command line."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from inspector import timezones

MIDNIGHT_UTC = datetime(2026, 1, 1, 0, 30, tzinfo=UTC)  # 19:30 the day before in New York, 08:30 in Beijing


@pytest.fixture
def new_york(monkeypatch):
    """This machine set to New York (a day apart from Beijing for eight hours of every day)."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    assert MIDNIGHT_UTC.astimezone().hour == 19  # the machine's zone is really another one
    yield
    monkeypatch.undo()
    time.tzset()


def test_one_zone_for_every_time(new_york):
    from inspector.cli import inputs
    from inspector.documents import layout
    from inspector.signing import pades

    assert layout.CHINA_TZ is pades.CHINA_TIME is inputs.CHINA_TZ is timezones.CHINA_TIME
    assert timezones.china_minutes(MIDNIGHT_UTC) == "2026-01-01 08:30"
    assert timezones.china_minutes(MIDNIGHT_UTC.replace(tzinfo=None)) == "2026-01-01 08:30"  # stored naive = UTC
    assert timezones.china_day(datetime(2025, 12, 31, 17, tzinfo=UTC)).isoformat() == "2026-01-01"
    assert timezones.china_minutes(None) == "—"
    assert inputs.shown_time(MIDNIGHT_UTC) == "2026-01-01 08:30"


def test_the_command_lines_tables_show_beijing_time_and_say_so(new_york, capsys):
    from inspector.cli.base import emit_table

    emit_table([{"what": "x", "at": MIDNIGHT_UTC}], [("what", "事项"), ("at", "时间")])
    out = capsys.readouterr().out.splitlines()
    assert out == ["事项\t时间（北京时间）", "x\t2026-01-01 08:30"]


def test_inspection_show_says_its_times_are_beijing_time(run, demo_env, new_york):
    code, out, _ = run("inspections", "list", "--json")
    import json

    first = next(i for i in json.loads(out) if i.get("started_at"))
    code, out, _ = run("inspections", "show", first["id"])
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("时间"))
    started = datetime.fromisoformat(first["started_at"])
    assert line.startswith("时间（北京时间）") and timezones.china_minutes(started) in line

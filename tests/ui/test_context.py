"""ctx.read and ctx.write: the session opened on the worker, changes announced as areas, stale results dropped."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from inspector.errors import BadInputError
from inspector.model import Area
from inspector.services import plans
from tests.ui.conftest import delivered
from ui import tasks
from ui.context import AppContext
from ui.widgets.page import Page

TIMEOUT_MS = 10_000


class Probe(Page):
    key = "probe"
    areas = frozenset({Area.DEPARTMENTS})

    def __init__(self, ctx):
        super().__init__(ctx)
        self.activations = 0

    def title(self):
        return "probe"

    def activate(self, argument=None):
        self.activations += 1
        self.stale = False


@pytest.fixture
def ctx(vault):
    return AppContext(vault)


def test_a_write_announces_its_areas_and_who_asked(qtbot, ctx):
    heard, results = [], []
    ctx.written.connect(lambda changes, initiator: heard.append((changes.areas, initiator)))
    widget = QWidget()
    qtbot.addWidget(widget)
    ctx.write(widget, lambda s: plans.create_department(s, name="市教育局").id, results.append)
    delivered(qtbot)
    assert len(results) == 1 and heard == [({Area.DEPARTMENTS}, widget)]
    ctx.read(widget, plans.list_departments, results.append)
    delivered(qtbot)
    assert [r["name"] for r in results[1]] == ["市教育局"] and len(heard) == 1  # a read announces nothing


def test_pages_reload_only_for_the_areas_they_show(qtbot, ctx):
    page = Probe(ctx)
    qtbot.addWidget(page)
    page.show()
    ctx.write(None, lambda s: plans.create_department(s, name="甲"))
    delivered(qtbot)
    assert page.activations == 1
    from inspector.services import settings

    ctx.write(None, lambda s: settings.put(s, settings.ORG_NAME, "乙"))
    delivered(qtbot)
    assert page.activations == 1
    page.hide()
    ctx.write(None, lambda s: plans.create_department(s, name="丙"))
    delivered(qtbot)
    assert page.activations == 1 and page.stale  # hidden: reloads when shown again


def test_a_write_whose_widget_died_still_announces_what_it_changed(qtbot, ctx):
    gate = threading.Event()
    heard, results = [], []
    ctx.written.connect(lambda changes, initiator: heard.append((changes.areas, initiator)))
    widget = QWidget()

    def fn(s):
        gate.wait(TIMEOUT_MS / 1000)
        return plans.create_department(s, name="在窗口关闭后保存").id

    ctx.write(widget, fn, results.append)
    widget.deleteLater()
    qtbot.waitUntil(lambda: not tasks.shiboken6.isValid(widget), timeout=TIMEOUT_MS)
    gate.set()
    delivered(qtbot)
    assert results == []  # nothing is called back on a widget that is gone …
    assert heard == [({Area.DEPARTMENTS}, None)]  # … but the other pages learn that the data changed


def test_a_failed_write_changes_nothing_and_says_why(qtbot, ctx):
    heard, failures = [], []
    ctx.written.connect(lambda *a: heard.append(a))
    ctx.write(None, lambda s: plans.create_department(s, name="  "), on_failure=failures.append)
    delivered(qtbot)
    assert len(failures) == 1 and isinstance(failures[0], BadInputError) and heard == []


def test_a_newer_read_with_the_same_key_drops_the_older_answer(qtbot, ctx):
    gate = threading.Event()
    shown = []
    widget = QWidget()
    qtbot.addWidget(widget)
    ctx.read(widget, lambda s: (gate.wait(TIMEOUT_MS / 1000), "older")[1], shown.append, key="rows")
    ctx.read(widget, lambda s: "newer", shown.append, key="rows")
    ctx.read(widget, lambda s: "other key", shown.append, key="count")
    gate.set()
    delivered(qtbot)
    assert shown == ["newer", "other key"]


def test_nothing_runs_while_locked_and_answers_after_a_lock_are_dropped(qtbot, ctx, vault):
    gate = threading.Event()
    shown = []
    ctx.read(None, lambda s: (gate.wait(TIMEOUT_MS / 1000), "before the lock")[1], shown.append)
    ctx.set_vault(None)
    assert ctx.read(None, plans.list_departments, shown.append) is None
    assert ctx.write(None, lambda s: plans.create_department(s, name="锁定后")) is None
    gate.set()
    delivered(qtbot)
    assert shown == []
    ctx.set_vault(vault)
    ctx.read(None, plans.list_departments, shown.append)
    delivered(qtbot)
    assert shown == [[]]  # the write asked while locked never ran

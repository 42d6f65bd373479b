"""No Qt object is ever released off the UI thread, whatever order the worker, the result and the widget take.

Each test builds a dialog that only a background task keeps alive (through its
callbacks, its parent, or what the work closure captured), forces one order of
events deterministically, and records on which thread the dialog's Python
wrapper died: a widget that dies on the worker runs ``QWidget::~QWidget`` there,
which crashes Qt once in a while. Every scenario is repeated many times.
"""

from __future__ import annotations

import gc
import random
import threading
import weakref

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout

from inspector.errors import BadInputError
from ui import tasks
from ui.tasks import run_in_background

REPEAT = 40
TIMEOUT_S = 10


class Probe(QDialog):
    """A dialog with children and a timer, like the application's dialogs; its death is recorded."""

    def __init__(self, deaths: list[str]) -> None:
        super().__init__()
        QVBoxLayout(self).addWidget(QLabel("探针"))
        self.startTimer(1000)  # a timer that must be stopped on the thread that owns it
        self.shown: list = []
        weakref.finalize(self, lambda: deaths.append(threading.current_thread().name))

    def work(self, gate: threading.Event, delay: float = 0.0):
        title = self.windowTitle()

        def fn(progress, cancel):
            gate.wait(TIMEOUT_S)
            if delay:
                threading.Event().wait(delay)
            assert self is not None  # the closure captured the dialog (it may be deleted by now: no Qt call)
            return title
        return fn

    def failing(self, gate: threading.Event):
        def fn(progress, cancel):
            me = self  # a local of the failing frame: the traceback keeps it
            gate.wait(TIMEOUT_S)
            raise BadInputError("探针失败", f"probe failed {me.objectName()}")
        return fn

    def show_result(self, result) -> None:
        self.shown.append(result)

    def show_failure(self, err) -> None:
        self.shown.append(err)


def settle(qtbot) -> None:
    """Worker idle, every queued result delivered, cycles collected — here, on the UI thread."""
    assert tasks.wait_for_all(TIMEOUT_S * 1000)
    for _ in range(3):
        QApplication.processEvents()
    gc.collect()


def assert_all_died_here(deaths: list[str], n: int) -> None:
    assert len(deaths) == n, f"{n - len(deaths)} of {n} dialogs are still alive"
    assert set(deaths) == {threading.main_thread().name}, deaths


def test_dialog_dropped_while_its_task_runs(qtbot):
    deaths: list[str] = []
    for _ in range(REPEAT):
        gate = threading.Event()
        dialog = Probe(deaths)
        dialog.show()
        run_in_background(dialog, dialog.work(gate), dialog.show_result, dialog.show_failure)
        dialog.close()
        del dialog  # only the task holds it now
        gate.set()
        settle(qtbot)
    assert_all_died_here(deaths, REPEAT)


def test_dialog_dropped_after_the_worker_finished_but_before_the_result_arrived(qtbot):
    deaths: list[str] = []
    for _ in range(REPEAT):
        gate = threading.Event()
        gate.set()
        dialog = Probe(deaths)
        task = run_in_background(dialog, dialog.work(gate), dialog.show_result)
        assert task.wait(TIMEOUT_S * 1000)  # done on the worker; its result still queued for the UI thread
        del task, dialog
        settle(qtbot)
    assert_all_died_here(deaths, REPEAT)


def test_result_delivered_while_the_worker_is_still_busy_releasing(qtbot):
    """The UI thread races the worker's end of the job: it polls hard while the worker finishes."""
    deaths: list[str] = []
    for n in range(REPEAT):
        gate = threading.Event()
        dialog = Probe(deaths)
        task = run_in_background(dialog, dialog.work(gate, delay=random.choice((0, 0, 0.001))),
                                 dialog.show_result)
        del dialog
        gate.set()
        while task.is_running() or tasks.pending():
            QApplication.processEvents()
        del task
        settle(qtbot)
    assert_all_died_here(deaths, REPEAT)


def test_dialog_deleted_by_qt_while_its_task_runs(qtbot):
    deaths: list[str] = []
    for _ in range(REPEAT):
        gate = threading.Event()
        dialog = Probe(deaths)
        dialog.show()
        task = run_in_background(dialog, dialog.work(gate), dialog.show_result)
        dialog.deleteLater()
        qtbot.waitUntil(lambda d=dialog: not tasks.shiboken6.isValid(d), timeout=TIMEOUT_S * 1000)
        shown = dialog.shown
        del dialog
        gate.set()
        del task
        settle(qtbot)
        assert shown == []  # nothing is called back on a widget that is gone
    assert_all_died_here(deaths, REPEAT)


def test_only_the_work_closure_holds_the_dialog(qtbot):
    deaths: list[str] = []
    results: list[str] = []
    for _ in range(REPEAT):
        gate = threading.Event()
        dialog = Probe(deaths)
        dialog.setWindowTitle("闭包")
        run_in_background(None, dialog.work(gate), results.append)
        del dialog
        gate.set()
        settle(qtbot)
    assert results == ["闭包"] * REPEAT
    assert_all_died_here(deaths, REPEAT)


def test_failure_whose_traceback_holds_the_dialog(qtbot):
    deaths: list[str] = []
    for _ in range(REPEAT):
        gate = threading.Event()
        dialog = Probe(deaths)
        run_in_background(dialog, dialog.failing(gate), dialog.show_result, dialog.show_failure)
        del dialog
        gate.set()
        settle(qtbot)
    assert_all_died_here(deaths, REPEAT)


def test_cancelled_midway_then_dropped(qtbot):
    deaths: list[str] = []
    for _ in range(REPEAT):
        started = threading.Event()
        dialog = Probe(deaths)

        def fn(progress, cancel, dialog=dialog):
            started.set()
            while not cancel.cancelled:
                progress(1, 2, dialog.windowTitle())
                threading.Event().wait(0.0005)
            cancel.check()

        task = run_in_background(dialog, fn, dialog.show_result, dialog.show_failure, label="探针…")
        assert started.wait(TIMEOUT_S)
        task.cancel()
        dialog.close()
        del dialog, task, fn
        settle(qtbot)
    assert_all_died_here(deaths, REPEAT)


@pytest.mark.parametrize("order", ["result first", "drop first"])
def test_many_tasks_in_flight_for_dialogs_that_come_and_go(qtbot, order):
    """Several dialogs, several tasks each, the worker held: releases happen in a shuffled order."""
    deaths: list[str] = []
    gates = [threading.Event() for _ in range(REPEAT)]
    dialogs = [Probe(deaths) for _ in range(REPEAT)]
    for n, dialog in enumerate(dialogs):
        for _ in range(3):
            run_in_background(dialog, dialog.work(gates[n]), dialog.show_result)
    del dialog
    order_of = list(range(REPEAT))
    random.shuffle(order_of)
    for n in order_of:
        if order == "result first":
            gates[n].set()
            dialogs[n] = None
        else:
            dialogs[n] = None
            gates[n].set()
        QApplication.processEvents()
    del dialogs
    settle(qtbot)
    assert_all_died_here(deaths, REPEAT)

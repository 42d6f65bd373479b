"""ui.tasks.run_in_background: work on a worker thread, results and errors back on the UI thread."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from inspector.errors import BadInputError, Cancelled
from ui import tasks
from ui.tasks import run_in_background

TIMEOUT_MS = 5000


def test_result_comes_back_on_the_ui_thread(qtbot):
    seen = {}

    def work(progress, cancel):
        seen["worker"] = threading.current_thread()
        return 42

    def done(result):
        seen["callback"] = threading.current_thread()
        seen["result"] = result

    task = run_in_background(None, work, done)
    with qtbot.waitSignal(task.finished, timeout=TIMEOUT_MS):
        pass
    assert seen["result"] == 42
    assert seen["worker"] is not threading.main_thread()
    assert seen["callback"] is threading.main_thread()
    assert not task.is_running()


def test_inspector_error_goes_to_on_failure(qtbot):
    failures, successes = [], []
    err = BadInputError("坏输入", "bad input")

    def work(progress, cancel):
        raise err

    task = run_in_background(None, work, successes.append, failures.append)
    with qtbot.waitSignal(task.failed, timeout=TIMEOUT_MS) as failed:
        pass
    assert failures == [err] and failed.args == [err] and successes == []


def test_default_failure_shows_a_bilingual_box(qtbot, monkeypatch):
    shown = []
    monkeypatch.setattr("ui.errors.show_error", lambda parent, err: shown.append((parent, err)))
    parent = QWidget()
    qtbot.addWidget(parent)
    err = BadInputError("坏输入", "bad input")
    task = run_in_background(parent, lambda p, c: (_ for _ in ()).throw(err), lambda r: None)
    qtbot.waitSignal(task.finished, timeout=TIMEOUT_MS).wait()
    assert shown == [(parent, err)]


def test_progress_is_throttled_and_reaches_the_ui_thread(qtbot):
    received = []

    def work(progress, cancel):
        for i in range(1, 10_001):
            progress(i, 10_000, "step")
        return None

    task = run_in_background(None, work, lambda r: None)
    task.progressed.connect(lambda done, total, msg: received.append((done, total, msg)))
    qtbot.waitSignal(task.finished, timeout=TIMEOUT_MS).wait()
    assert received and received[-1] == (10_000, 10_000, "step")
    assert len(received) < 100  # not ten thousand signals


def test_cancel_drops_the_result(qtbot):
    started, release = threading.Event(), threading.Event()
    successes, failures = [], []

    def work(progress, cancel):
        started.set()
        release.wait(TIMEOUT_MS / 1000)
        cancel.check()
        return "late"

    task = run_in_background(None, work, successes.append, failures.append)
    assert started.wait(TIMEOUT_MS / 1000)
    task.cancel()
    release.set()
    qtbot.waitSignal(task.finished, timeout=TIMEOUT_MS).wait()
    assert successes == [] and len(failures) == 1 and isinstance(failures[0], Cancelled)


def test_no_callback_once_the_parent_is_gone(qtbot):
    release = threading.Event()
    successes = []
    parent = QWidget()
    task = run_in_background(parent, lambda p, c: release.wait(TIMEOUT_MS / 1000), successes.append)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not tasks.shiboken6.isValid(parent))
    release.set()
    qtbot.waitSignal(task.finished, timeout=TIMEOUT_MS).wait()
    assert successes == []


def test_a_bug_is_raised_on_the_ui_thread(qtbot):
    def work(progress, cancel):
        raise ZeroDivisionError("bug")

    with qtbot.captureExceptions() as exceptions:
        task = run_in_background(None, work, lambda r: None)
        qtbot.waitSignal(task.finished, timeout=TIMEOUT_MS).wait()
    assert [type(e[1]) for e in exceptions] == [ZeroDivisionError]
    assert tasks.wait_for_all(TIMEOUT_MS)


def test_long_work_with_a_label_shows_a_cancellable_progress_dialog_late(qtbot):
    """Quick work never flickers; work past 600 ms gets a dialog whose Cancel reaches the worker."""
    import threading

    from PySide6.QtWidgets import QApplication, QProgressDialog

    from ui.tasks import PROGRESS_DIALOG_MS, run_in_background

    def dialogs():
        return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]

    quick = run_in_background(None, lambda progress, cancel: 1, lambda r: None, label="快")
    feedback = quick.findChild(tasks._Feedback)
    qtbot.waitSignal(quick.finished, timeout=5_000).wait() if quick.is_running() else None
    qtbot.waitUntil(lambda: feedback.dialog_decided, timeout=PROGRESS_DIALOG_MS + 5_000)  # its 600 ms passed
    assert dialogs() == []

    stop = threading.Event()

    def slow(progress, cancel):
        for n in range(200):
            progress(n, 200, "")
            if cancel.cancelled or stop.wait(0.02):
                cancel.check()
        return "done"

    failures = []
    task = run_in_background(None, slow, lambda r: None, failures.append, label="正在处理…")
    qtbot.waitUntil(lambda: len(dialogs()) == 1, timeout=5_000)
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    qtbot.mouseClick(dialogs()[0].findChild(QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitSignal(task.finished, timeout=5_000).wait() if task.is_running() else None
    qtbot.waitUntil(lambda: dialogs() == [] and not task.is_running(), timeout=5_000)
    assert task.cancel_token.cancelled and [type(f).__name__ for f in failures] == ["Cancelled"]

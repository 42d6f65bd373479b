"""The coalescing behind save-as-you-type: one queued job, which writes the newest values."""

from __future__ import annotations

from ui.widgets.coalesce import Coalescer


def test_only_the_first_edit_queues_a_job_and_the_job_takes_the_newest_values():
    c = Coalescer()
    assert c.put("notes", "a") is True
    assert c.put("notes", "ab") is False and c.put("title", "t") is False
    assert c.busy() and c.has_values()
    assert c.take() == {"notes": "ab", "title": "t"}
    assert not c.busy() and not c.has_values()
    assert c.put("notes", "abc") is True  # after the job took its batch, the next edit queues anew


def test_discard_forgets_pending_values_and_the_queue():
    c = Coalescer()
    c.put("notes", "x")
    c.discard()
    assert not c.busy() and c.put("notes", "y") is True

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


def test_a_refused_batch_is_restored_without_a_job_and_newer_values_win():
    c = Coalescer()
    c.put("notes", "a")
    batch = c.take()
    c.put("title", "t")          # typed while the refused write ran: a new job was queued for it
    c.restore({**batch, "title": "old"})
    assert c.take() == {"notes": "a", "title": "t"}
    c.restore({"notes": "b"})    # nothing queued: the refusal's handler decides
    assert c.keys() == ["notes"] and c.put("notes", "bc") is True
    c.discard(["notes"])
    assert c.keys() == [] and c.busy()  # the queued job stays queued; it will find nothing

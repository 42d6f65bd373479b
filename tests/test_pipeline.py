"""pipeline.ahead: a stream produced on a thread, in order; its failure raised where the consumer stands; a consumer
that stops early stops and joins the producer."""

from __future__ import annotations

import threading
import time

import pytest

from inspector.pipeline import ahead


def test_the_pieces_come_in_order_and_all():
    assert list(ahead(range(1000), depth=3)) == list(range(1000))
    assert list(ahead([])) == []


def test_a_failure_of_the_producer_reaches_the_consumer_after_what_came_before():
    def pieces():
        yield 1
        yield 2
        raise ValueError("the member does not match the manifest")

    seen = []
    with pytest.raises(ValueError, match="manifest"):
        for p in ahead(pieces()):
            seen.append(p)
    assert seen == [1, 2]


def test_a_consumer_that_stops_early_stops_the_producer_before_returning():
    produced, closed = [], threading.Event()

    def pieces():
        try:
            for n in range(10_000):
                produced.append(n)
                yield n
        finally:
            closed.set()

    stream = ahead(pieces(), depth=2)
    assert next(stream) == 0
    stream.close()  # the consumer gives up (a refusal, a cancel)
    assert closed.is_set()  # joined: the source was closed on its own thread before close() returned
    count = len(produced)
    time.sleep(0.05)
    assert len(produced) == count < 10  # and reads nothing more
    assert not [t for t in threading.enumerate() if t.name == "pipeline-ahead"]

"""Two stages of a stream on two cores: :func:`ahead` produces a stream's pieces on a thread of its own.

Reading a bundle member (the ZIP's CRC-32 and the member's SHA-256 against the signed manifest) and sealing what it
holds into the evidence store (decryption, the content's SHA-256, encryption, the write) are each a few passes over
the same bytes; hashlib, zlib and the AEADs release the GIL, so the two stages overlap.
"""

from __future__ import annotations

import queue
import threading
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")
_END = object()


def ahead(items: Iterable[T], depth: int = 4) -> Iterator[T]:
    """``items`` in order, produced on a thread up to ``depth`` pieces ahead of the consumer. An exception of the
    producer is raised to the consumer where it stands; when the consumer stops early (an exception, ``close()``),
    the producer is stopped and joined before this returns, so nothing it reads is touched from two threads."""
    pieces: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(entry) -> bool:
        while not stop.is_set():
            try:
                pieces.put(entry, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        source = iter(items)
        try:
            for item in source:
                if not put((item, None)):
                    return
            put((_END, None))
        except BaseException as exc:  # noqa: BLE001 — handed to the consumer
            put((_END, exc))
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()

    worker = threading.Thread(target=produce, name="pipeline-ahead", daemon=True)
    worker.start()
    try:
        while True:
            item, exc = pieces.get()
            if item is _END:
                if exc is not None:
                    raise exc
                return
            yield item
    finally:
        stop.set()
        worker.join()

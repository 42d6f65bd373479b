"""What a document builder hands to the signer: the PDF and where its signatures go."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SigSlot:
    """A place for one visible signature stamp."""

    name: str
    """The PDF field name, ASCII: ``issuer-1``, ``inspector-<inspector uuid>``."""
    page: int
    """0-based page index."""
    box: tuple[float, float, float, float]
    """x1, y1, x2, y2 in PDF points, origin bottom-left."""
    label: str
    """Who should sign here, Chinese (``检查人员：李明``)."""
    inspector_id: str | None = None
    """The inspector expected in this slot, if any."""


@dataclass(frozen=True)
class BuiltPdf:
    """An unsigned, flat PDF (no annotations, no fields yet) and its signature slots."""

    data: bytes
    slots: list[SigSlot] = field(default_factory=list)
    pages: int = 0

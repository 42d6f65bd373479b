"""The fields every synchronisable record carries."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from inspector.model.types import UTCDateTime, utcnow


def new_id() -> str:
    return str(uuid.uuid4())


class Record(SQLModel):
    """Base of every synchronisable table.

    ``id`` is a UUID so that records made on different laptops never collide.
    ``revision`` counts the changes of this record; ``vv`` is its version vector
    (device id → number of changes made there), so a later merge can tell a
    change made on one side from a conflict made on both. All four bookkeeping
    fields are maintained by :mod:`inspector.audit` on flush: services never set
    them by hand.
    """

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    origin_device: str = Field(default="", max_length=36)
    updated_device: str = Field(default="", max_length=36)
    revision: int = Field(default=0)
    vv: dict[str, int] = Field(default_factory=dict, sa_type=JSON)

"""What the sync page reads of the office hub's acknowledgements (inspector.sync.overview, issue 20): per bundle sent,
whether and when the office acknowledged holding it; how many of this laptop's bundles the office confirmed."""

from __future__ import annotations

from datetime import datetime

from inspector import ops
from inspector.hub import ingest
from inspector.sync import exporter, importer, overview
from tests.sync_helpers import fingerprint, introduce


def test_a_laptop_without_a_hub_has_nothing_unconfirmed(demo_vault, tmp_path):
    page = ops.read(demo_vault, overview.overview)
    assert page.acks == overview.Acknowledgements() and page.acks.unconfirmed == 0
    assert all(h.acknowledged_at is None for h in page.history)


def test_the_overview_shows_which_bundles_the_office_holds(demo_vault, office_hub, tmp_path):
    introduce(demo_vault, office_hub, "笔记本（李明）", "办公室")
    first = exporter.export_bundle(demo_vault, tmp_path / "first.bundle", [fingerprint(office_hub)], scope="field")
    second = exporter.export_bundle(demo_vault, tmp_path / "second.bundle", [fingerprint(office_hub)],
                                    scope="field", since_last=True)
    before = ops.read(demo_vault, overview.overview)
    assert before.acks.received == 0 and before.acks.sent == 2 and before.acks.acknowledged == 0

    done = ingest.ingest(office_hub, [first.path], ack_dir=tmp_path / "acks")  # the second never reached it
    result = importer.import_bundle(demo_vault, done[0].ack)
    assert result.applied and result.acknowledged == 1

    page = ops.read(demo_vault, overview.overview)
    rows = {h.id: h for h in page.history}
    assert isinstance(rows[done[0].bundle_id].acknowledged_at, datetime)
    [other] = [h for h in page.history if h.direction == "out" and h.id != done[0].bundle_id]
    assert other.acknowledged_at is None and other.awaits_ack and other.filename == "second.bundle"
    [ack] = [h for h in page.history if h.direction == "in"]
    assert ack.scope == "ack" and not ack.awaits_ack and ack.acknowledged_at is None
    assert (page.acks.received, page.acks.sent, page.acks.acknowledged, page.acks.unconfirmed) == (1, 2, 1, 1)
    assert page.acks.last_at == rows[done[0].bundle_id].acknowledged_at

    # the office ingests the second; its next acknowledgement names both, and only the second is new
    done = ingest.ingest(office_hub, [second.path], ack_dir=tmp_path / "acks")
    assert importer.import_bundle(demo_vault, done[0].ack).acknowledged == 1
    page = ops.read(demo_vault, overview.overview)
    assert (page.acks.received, page.acks.acknowledged, page.acks.unconfirmed) == (2, 2, 0)
    assert all(h.acknowledged_at is not None for h in page.history if h.awaits_ack)

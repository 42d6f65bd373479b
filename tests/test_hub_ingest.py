"""Ingest (issue 20): laptop bundles applied on the hub all or nothing, idempotent, in the ledger, acknowledged;
the evidence stored on the hub sealed under keys the database alone does not give."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from inspector import audit, evidence_store
from inspector.errors import AuthError
from inspector.hub import ingest, ledger
from inspector.hub.store import Hub
from inspector.model import EvidenceBlob, Finding, SyncBundle
from inspector.services import settings
from inspector.signing import identity
from inspector.sync import exporter, importer
from tests.sync_helpers import fingerprint, introduce


@pytest.fixture
def laptop_bundle(demo_vault, office_hub, tmp_path):
    introduce(demo_vault, office_hub, "笔记本（李明）", "办公室")
    out = tmp_path / "laptop.bundle"
    exporter.export_bundle(demo_vault, out, [fingerprint(office_hub)], scope="field")
    return out


def count(db, model) -> int:
    with db.session(read_only=True) as s:
        return s.exec(select(func.count()).select_from(model)).one()


def test_a_laptop_bundle_is_ingested_once_with_its_evidence_and_verifies(demo_vault, office_hub, laptop_bundle,
                                                                        tmp_path):
    done = ingest.ingest(office_hub, [laptop_bundle], ack_dir=tmp_path / "acks")
    assert done[0].applied and done[0].error is None
    assert count(office_hub, Finding) == count(demo_vault, Finding) > 0
    assert count(office_hub, EvidenceBlob) == count(demo_vault, EvidenceBlob) > 0
    with demo_vault.session(read_only=True) as s, office_hub.session(read_only=True) as h:
        for sha in s.exec(select(EvidenceBlob.sha256)).all():
            assert b"".join(evidence_store.open_stream(h, sha)) == b"".join(evidence_store.open_stream(s, sha))
    again = ingest.ingest(office_hub, [laptop_bundle])
    assert again[0].already and not again[0].applied
    assert count(office_hub, Finding) == count(demo_vault, Finding)
    with office_hub.engine.connect() as conn:
        assert audit.verify(conn, office_hub.audit_hash, office_hub.vault_id, deep=True).ok


def test_evidence_on_the_hub_is_sealed_and_its_keys_wrapped(demo_vault, office_hub, laptop_bundle, hub_address):
    ingest.ingest(office_hub, [laptop_bundle])
    with demo_vault.session(read_only=True) as s:
        sha = s.exec(select(EvidenceBlob.sha256)).first()
        plain = b"".join(evidence_store.open_stream(s, sha))
    with office_hub.engine.connect() as conn:
        chunks = [bytes(r[0]) for r in conn.exec_driver_sql("SELECT data FROM evidence_chunk")]
        stored_key = conn.exec_driver_sql("SELECT file_key FROM evidence_blob WHERE sha256 = %s",
                                          (sha,)).scalar_one()
    assert chunks and not any(plain[:64] in c for c in chunks)  # no plaintext in the database
    assert len(bytes(stored_key)) == 12 + 32 + 16  # the file key wrapped (nonce, key, tag), never as it is
    # a machine without the hub's evidence key opens the hub, but reads no evidence
    from tests.memory_keyring import MemoryKeyring
    import keyring

    keyring.set_keyring(MemoryKeyring())
    other = Hub.open(hub_address)
    try:
        with other.session(read_only=True) as h, pytest.raises(AuthError, match="证据密钥"):
            b"".join(evidence_store.open_stream(h, sha))
    finally:
        other.close()


def test_a_refused_bundle_changes_nothing_and_the_others_still_go_in(office_hub, laptop_bundle, tmp_path):
    bad = tmp_path / "bad.bundle"
    data = bytearray(laptop_bundle.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bad.write_bytes(bytes(data))
    before = count(office_hub, Finding)
    done = ingest.ingest(office_hub, [bad, laptop_bundle])
    assert done[0].error is not None and not done[0].applied
    assert done[1].applied
    with office_hub.session(read_only=True) as s:
        assert [b.id for b in s.exec(select(SyncBundle).where(SyncBundle.direction == "in"))] == [done[1].bundle_id]
    assert count(office_hub, Finding) > before


def test_the_ledger_shows_each_laptop_and_a_missing_bundle(demo_vault, office_hub, laptop_bundle, tmp_path):
    from inspector import ops
    from inspector.services import plans

    ingest.ingest(office_hub, [laptop_bundle])
    later = []
    for n in range(2):  # two more bundles, each with what changed since the one before
        ops.write(demo_vault, lambda s, n=n: plans.create_department(s, name=f"新增部门{n}"))
        out = tmp_path / f"later{n}.bundle"
        exporter.export_bundle(demo_vault, out, [fingerprint(office_hub)], scope="field", since_last=True)
        later.append(out)
    ingest.ingest(office_hub, [later[1]])  # the first of the two never reached the office
    with office_hub.session(read_only=True) as s:
        report = ledger.status(s)
    (laptop,) = report["laptops"]
    assert laptop["bundles"] == 2 and laptop["vault_id"] == demo_vault.vault_id
    assert laptop["device_id"] == demo_vault.device_id
    assert len(laptop["gaps"]) == 1, "the bundle that never arrived shows"
    ingest.ingest(office_hub, [later[0]])
    with office_hub.session(read_only=True) as s:
        assert ledger.status(s)["laptops"][0]["gaps"] == []


def test_the_acknowledgement_tells_the_laptop_what_the_office_holds(demo_vault, office_hub, laptop_bundle, tmp_path):
    done = ingest.ingest(office_hub, [laptop_bundle], ack_dir=tmp_path / "acks")
    assert done[0].ack
    result = importer.import_bundle(demo_vault, done[0].ack)
    assert result.applied and result.acknowledged == 1 and result.scope == "ack"
    with demo_vault.session(read_only=True) as s:
        sent = s.get(SyncBundle, done[0].bundle_id)
        assert sent.direction == "out" and sent.acknowledged_at is not None
    with demo_vault.engine.connect() as conn:
        assert audit.verify(conn, demo_vault.audit_hash, demo_vault.vault_id, deep=True).ok


def test_a_destruction_made_on_a_laptop_is_carried_out_on_the_hub(demo_vault, office_hub, tmp_path):
    """The laptop destroys a file the hub holds (art. 29): on ingest the hub deletes its chunks and its key too."""
    from inspector.model import Destruction, Evidence, Inspector
    from inspector.services import destruction
    from tests.test_destruction import _completed_file

    introduce(demo_vault, office_hub, "笔记本（李明）", "办公室")
    first = tmp_path / "first.bundle"
    exporter.export_bundle(demo_vault, first, [fingerprint(office_hub)], scope="field")
    assert ingest.ingest(office_hub, [first])[0].applied
    with demo_vault.session() as s:
        ev = _completed_file(s)
        ev_id, sha = ev.id, ev.blob_sha256
        me = settings.get(s, settings.SELF_INSPECTOR)
        other = s.exec(select(Inspector).where(Inspector.id != me)).first()
        approver = identity.create_identity(s, other.id).id
        d_id = destruction.request(s, [ev_id], "含个人身份证号码，超出检查需要", "《个人信息保护法》第四十七条").id
    destruction.approve(demo_vault, d_id, identity_id=approver)
    with office_hub.session(read_only=True) as h:
        name = evidence_store.file_name(bytes(h.get(EvidenceBlob, sha).file_key))
    later = tmp_path / "later.bundle"
    exporter.export_bundle(demo_vault, later, [fingerprint(office_hub)], scope="field", since_last=True)
    assert ingest.ingest(office_hub, [later])[0].applied
    with office_hub.session(read_only=True) as h:
        assert h.get(Destruction, d_id).status == "destroyed"
        assert h.get(Evidence, ev_id) is None and h.get(EvidenceBlob, sha) is None
    with office_hub.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM evidence_chunk WHERE name = %s", (name,)).scalar_one() == 0
        assert audit.verify(conn, office_hub.audit_hash, office_hub.vault_id, deep=True).ok

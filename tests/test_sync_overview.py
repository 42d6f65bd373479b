"""What the sync page reads (inspector.sync.overview): history with parties named, whole conflicting records,
the export set-up, a recipient from a certificate file; with two real vaults."""

from __future__ import annotations

import pytest
from sqlmodel import select

from inspector import ops
from inspector.errors import BadInputError
from inspector.model import Finding
from inspector.signing import certs
from inspector.sync import conflicts, exporter, importer, overview
from tests.sync_helpers import fingerprint, write_pem
from tests.engines import vault_on_both_engines  # noqa: F401  (every test's vault: SQLCipher, then the hub)





def test_history_names_the_parties_as_the_trust_store_does(pair, tmp_path):
    laptop, office = pair
    path = exporter.export_bundle(laptop, tmp_path / "a.inspbundle", [fingerprint(office)], scope="plan").path
    importer.import_bundle(office, path)
    [sent] = ops.read(laptop, overview.history)
    assert (sent.direction, sent.parties, sent.scope, sent.filename) == ("out", ("办公室",), "plan", "a.inspbundle")
    assert sum(n for k, n in sent.counts.items() if k != "blobs") > 0 and sent.processed_at is not None
    [received] = ops.read(office, overview.history)
    assert (received.direction, received.parties) == ("in", ("李明",))
    assert received.counts["new"] > 0 and received.flags == []
    # a recipient no longer trusted is shown by the beginning of its fingerprint
    with laptop.session() as s:
        from inspector.signing import trust

        trust.remove_trusted(s, fingerprint(office))
    [sent] = ops.read(laptop, overview.history)
    assert sent.parties == (certs.pretty_fingerprint(fingerprint(office), short=True),)  # one format everywhere
    assert ops.read(laptop, lambda s: overview.history(s, limit=0)) == []


def test_an_open_conflict_comes_with_the_whole_record(pair, tmp_path):
    laptop, office = pair
    first = exporter.export_bundle(laptop, tmp_path / "first.inspbundle", [fingerprint(office)], scope="field")
    importer.import_bundle(office, first.path)
    with laptop.session() as s:
        finding = s.exec(select(Finding).order_by(Finding.created_at.desc())).first()
        finding.rectification_requirement = "现场商定"
        fid, title = finding.id, finding.title
    with office.session() as s:
        s.get(Finding, fid).rectification_requirement = "办公室意见"
    second = exporter.export_bundle(laptop, tmp_path / "second.inspbundle", [fingerprint(office)], scope="field",
                                    since_last=True)
    importer.import_bundle(office, second.path)

    page = ops.read(office, overview.overview)
    [item] = page.conflicts
    assert len(page.history) == 2 and {h.direction for h in page.history} == {"in"}
    assert (item.table, item.record_id, item.title, item.sender) == ("finding", fid, title, "李明")
    assert item.differing == 1
    first_field = item.fields[0]
    assert (first_field.name, first_field.local, first_field.incoming, first_field.differs) == (
        "rectification_requirement", "办公室意见", "现场商定", True)
    names = [f.name for f in item.fields]
    assert "title" in names and "severity" in names           # the rest of the record, for context
    assert not {"id", "vv", "updated_at", "revision"} & set(names)  # bookkeeping never
    assert not any(n.endswith("_id") for n in names)            # references only when they differ
    assert all(f.local == f.incoming for f in item.fields[1:])

    with office.session() as s:
        conflicts.resolve(s, item.id, conflicts.KEEP_LOCAL)
    assert ops.read(office, overview.open_conflicts) == []


def test_export_setup_leaves_this_vaults_own_identity_out(pair, demo_vault):
    laptop, office = pair
    setup = ops.read(laptop, overview.export_setup)
    assert setup.sender == "李明" and setup.problem is None
    assert fingerprint(laptop) in setup.own
    assert [(r.name, r.fingerprint, r.spec, r.from_file) for r in setup.recipients] == [
        ("办公室", fingerprint(office), fingerprint(office), False)]


def test_export_setup_without_an_identity_says_why(vault):
    setup = ops.read(vault, overview.export_setup)
    assert setup.sender == "" and setup.problem is not None and setup.recipients == []
    assert setup.own == frozenset()


def test_recipient_from_a_certificate_file(demo_vault, office, tmp_path):
    pem = write_pem(office, tmp_path / "office.pem")
    recipient = ops.read(demo_vault, lambda s: overview.recipient_from_file(s, pem))
    assert (recipient.name, recipient.fingerprint, recipient.spec, recipient.from_file) == (
        "王芳", fingerprint(office), str(pem), True)
    both = tmp_path / "two.pem"
    both.write_bytes(pem.read_bytes() + write_pem(demo_vault, tmp_path / "me.pem").read_bytes())
    with pytest.raises(BadInputError):
        ops.read(demo_vault, lambda s: overview.recipient_from_file(s, both))

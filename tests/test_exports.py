"""Exporting the documents end to end: `inspector export record|notice`, `inspector sign`, then
`inspector verify`, pdfsig and pdffonts on the files — on the demo vault, with real signatures."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from sqlmodel import select

from inspector.errors import ExitCode
from inspector.model import (
    Inspection,
    InspectionStatus,
    Inspector,
    IssuedDocument,
    NoticeStatus,
    RectificationNotice,
)
from inspector.services import rectification as rect
from inspector.signing.identity import create_identity
from inspector.timezones import china_today
from tests.conftest import PASSPHRASE
from tests.signing_helpers import font_rows, pdfsig


@pytest.fixture(autouse=True)
def _commands_use_the_demo_vault(demo_env):
    """Every ``run(...)`` here works on this test's copy of the demo vault."""


@pytest.fixture
def ids(demo_vault_path):
    from inspector.vault import Vault

    vault = Vault.open(demo_vault_path, passphrase=PASSPHRASE)
    try:
        with vault.session() as s:
            notice = s.exec(select(RectificationNotice).where(RectificationNotice.status == NoticeStatus.ISSUED)).one()
            done = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.COMPLETED)).one()
            colleague = s.exec(select(Inspector).where(Inspector.name == "王芳")).one()
            second = create_identity(s, colleague.id)  # a second inspector on the same laptop
            s.commit()
            return dict(notice=notice.id, number=notice.number, department=notice.department_id,
                        plan=notice.plan_id, inspection=done.id, second=second.id)
    finally:
        vault.close()


def test_signed_notice_verifies_and_is_recorded(run, ids, tmp_path, demo_vault_path):
    out = tmp_path / "notice.pdf"
    code, text, err = run("export", "notice", "--department", ids["department"], "--plan", ids["plan"],
                          "--out", out, "--sign", "--json")
    assert code == 0, err
    result = json.loads(text)
    assert result["signers"] == ["李明"] and result["recorded"] and result["kind"] == "notice"
    assert hashlib.sha256(out.read_bytes()).hexdigest() == result["sha256"]
    assert "Signature Validation: Signature is Valid." in pdfsig(out)
    assert all(row[-5] == "yes" for row in font_rows(out)), "every font embedded"

    code, text, _ = run("verify", out)
    assert code == 0 and "整改通知书" in text
    from inspector.vault import Vault

    vault = Vault.open(demo_vault_path, passphrase=PASSPHRASE)
    try:
        with vault.session() as s:
            assert s.get(RectificationNotice, ids["notice"]).file_sha256 == result["sha256"]
    finally:
        vault.close()


def test_record_signed_by_two_inspectors(run, ids, tmp_path):
    first, both = tmp_path / "record.pdf", tmp_path / "record-2.pdf"
    code, _, err = run("export", "record", "--inspection", ids["inspection"], "--out", first, "--sign")
    assert code == 0, err
    code, text, err = run("sign", first, "--out", both, "--identity", ids["second"], "--json")
    assert code == 0, err
    assert json.loads(text)["kind"] == "record", "the countersigned file is recognised as the record"

    report = pdfsig(both)
    assert report.count("Signature Validation: Signature is Valid.") == 2
    code, text, _ = run("verify", both, "--json")
    assert code == 0
    sigs = json.loads(text)["signatures"]
    assert [s["signer"] for s in sigs] == ["李明", "王芳"]
    assert [s["coverage"] for s in sigs] == ["later_signatures_only", "entire_file"]
    # each signed into the slot reserved for that inspector
    assert all(s["field"].startswith("inspector-") for s in sigs)


def test_unsigned_export_does_not_verify(run, ids, tmp_path):
    out = tmp_path / "record.pdf"
    code, _, err = run("export", "record", "--inspection", ids["inspection"], "--out", out)
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")
    code, _, _ = run("verify", out)
    assert code == ExitCode.INTEGRITY, "no signature: nothing is verified"


def test_a_draft_notice_cannot_be_signed_and_nothing_is_written(run, ids, tmp_path, demo_vault_path):
    from inspector.vault import Vault

    vault = Vault.open(demo_vault_path, passphrase=PASSPHRASE)
    try:
        with vault.session() as s:
            cand = rect.draft_candidates(s)[0]
            draft = rect.create_draft(s, cand.department_id, [cand.finding_id], plan_id=cand.plan_id,
                                      deadline=china_today() + timedelta(days=20))
            s.commit()
            department, plan = draft.department_id, draft.plan_id
            before = len(s.exec(select(IssuedDocument)).all())
    finally:
        vault.close()
    out = tmp_path / "draft.pdf"
    code, _, err = run("export", "notice", "--department", department, "--plan", plan, "--out", out, "--sign")
    assert code == ExitCode.BAD_INPUT and "签发" in err
    assert not out.exists()

    code, text, err = run("export", "notice", "--department", department, "--plan", plan, "--out", out, "--json")
    assert code == 0, err
    assert not json.loads(text)["recorded"]
    vault = Vault.open(demo_vault_path, passphrase=PASSPHRASE)
    try:
        with vault.session() as s:
            assert len(s.exec(select(IssuedDocument)).all()) == before
    finally:
        vault.close()


def test_unknown_inspection_and_missing_folder(run, ids, tmp_path):
    code, _, err = run("export", "record", "--inspection", "no-such-id", "--out", tmp_path / "x.pdf")
    assert code == ExitCode.BAD_INPUT
    code, _, err = run("export", "record", "--inspection", ids["inspection"], "--out", tmp_path / "nope" / "x.pdf")
    assert code == ExitCode.BAD_INPUT and "文件夹不存在" in err

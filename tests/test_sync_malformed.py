"""Validly signed bundles from a trusted sender whose contents are malformed: each is refused, never a crash.

The sender is trusted and the signature is good, so everything below the
signature is the sender's word: a timestamp without a zone, an integer SQLite
cannot hold, a JSON value nested 100 000 deep, an unknown table, a checkpoint
or history that is not numbers and text, ids that are not UUIDs. Each must end
in a refusal — exit 4 and a message in both languages — and never in an
internal error or a traceback; and no decrypted content (a canary placed in the
records) may reach the terminal or a file through an error path.

:func:`rebuilt` makes such bundles: it opens a genuine bundle as its recipient
(for the content key), lets a test change the decrypted members and the
manifest, encrypts the members again under the same key and signs the new
manifest with the sender's identity.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from inspector.errors import ExitCode, InspectorError
from inspector.model import Evidence, Finding
from inspector.sync import crypto, exporter, importer, records
from inspector.sync.bundle import INDEX, MANIFEST, SIGNATURE
from inspector.sync.crypto import BundleRefused
from tests import bundle_tamper as bt
from tests.bundle_tamper import Entry
from tests.conftest import PASSPHRASE
from tests.sync_helpers import fingerprint, introduce, write_pem

ENV = {"INSPECTOR_PASSPHRASE": PASSPHRASE}
CJK = re.compile(r"[\u4e00-\u9fff]")
CANARY = "CANARY-decrypted-7f3e9b"
DEEP = 100_000
BAD_ID = "../../etc/passwd"

Members = dict[str, bytes]


# ---- making validly signed bundles with altered contents ----------------------------------------------


def rebuilt(bundle: Path, receiver, signer, dst: Path, *, change: Callable[[Members], None] | None = None,
            edit: Callable[[dict[str, Any]], None] | None = None, text: Callable[[bytes], bytes] | None = None
            ) -> Path:
    """``bundle`` with its decrypted members passed through ``change``, its manifest through ``edit`` (and its
    text through ``text``), the members encrypted again under the same content key and the manifest signed by
    ``signer``: a bundle its sender vouches for."""
    with importer.open_for_import(receiver, bundle) as opened:
        plain = {path: opened.read_member(path) for path in opened.member_paths}
        key, manifest = opened.content_key, json.loads(json.dumps(opened.manifest))
    if change:
        change(plain)
    cipher, bundle_id = manifest["cipher"], manifest["bundle_id"]
    entries, members = [], []
    for path, data in plain.items():
        sealed = b"".join(crypto.encrypt_chunks(key, cipher, bundle_id, path, [data]))
        entries.append(Entry(path, sealed))
        members.append({"path": path, "size": len(sealed), "sha256": hashlib.sha256(sealed).hexdigest()})
    manifest["members"] = members
    if edit:
        edit(manifest)
    data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
    if text:
        data = text(data)
    signature = crypto.sign_manifest(data, signer.cert_der, signer.key_der, signer.chain_der)
    return bt.write_entries(dst, [*entries, Entry(MANIFEST, data), Entry(SIGNATURE, signature)])


def rows_of(members: Members, table: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in members[f"records/{table}.jsonl"].splitlines() if line.strip()]


def set_rows(members: Members, table: str, rows: list[dict[str, Any]]) -> None:
    members[f"records/{table}.jsonl"] = b"".join(records.dumps_rows(rows))


def _deep(value: bytes) -> bytes:
    """``value`` with the placeholder ``"@@DEEP@@"`` replaced by lists nested :data:`DEEP` levels deep."""
    assert b'"@@DEEP@@"' in value
    return value.replace(b'"@@DEEP@@"', b"[" * DEEP + b"]" * DEEP)


def first_row(table: str = "finding", edit_row: Callable[[dict[str, Any]], None] | None = None, *,
              deep: str | None = None):
    """A change to the first record of ``table``: the canary goes into a text column of the same record, then
    ``edit_row`` changes it (or its column ``deep`` becomes a value nested :data:`DEEP` deep)."""
    def change(members: Members) -> None:
        rows = rows_of(members, table)
        rows[0]["title" if table == "finding" else "caption"] = CANARY
        if edit_row:
            edit_row(rows[0])
        if deep:
            rows[0][deep] = "@@DEEP@@"
        set_rows(members, table, rows)
        if deep:
            members[f"records/{table}.jsonl"] = _deep(members[f"records/{table}.jsonl"])
    return change


def _unknown_table(members: Members) -> None:
    first_row()(members)
    index = json.loads(members[INDEX])
    index["tables"]["evil_table"] = 0
    members[INDEX] = json.dumps(index).encode()
    members["records/evil_table.jsonl"] = b""


def _deep_index(members: Members) -> None:
    first_row()(members)
    index = json.loads(members[INDEX])
    index["extra"] = "@@DEEP@@"
    members[INDEX] = _deep(json.dumps(index).encode())


def _set(*path: str, value: Any):
    def edit(manifest: dict[str, Any]) -> None:
        target = manifest
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return edit


def _manifest(edit: Callable[[dict[str, Any]], None] | None = None, **kw: Any) -> dict[str, Any]:
    """A change to the signed manifest (the canary is in the records all the same)."""
    return {"change": first_row(), "edit": edit, **kw}


def _row(edit_row: Callable[[dict[str, Any]], None], table: str = "finding") -> dict[str, Any]:
    return {"change": first_row(table, edit_row)}


# The attack run's shapes first (the reused bundle_id is the importer's), then their near relations.
SHAPES = {
    "naive-timestamp": _row(lambda r: r.update(created_at="2026-11-24T08:00:00")),
    "huge-revision": _row(lambda r: r.update(revision=10**30)),
    "deep-json-record": {"change": first_row(deep="articles")},
    "unknown-empty-table": {"change": _unknown_table},
    "checkpoint-seq-text": _manifest(_set("checkpoint", "seq", value="abc")),
    "history-unhashable": _manifest(_set("history", value=[{"seq": [1], "hash": "x"}])),
    "id-not-uuid": _row(lambda r: r.update(id=BAD_ID)),
    "fk-not-uuid": _row(lambda r: r.update(department_id=BAD_ID)),
    "owner-not-uuid": _row(lambda r: r.update(owner_id=BAD_ID), "evidence"),
    "blob-not-sha256": _row(lambda r: r.update(blob_sha256=BAD_ID), "evidence"),
    "date-only-timestamp": _row(lambda r: r.update(updated_at="2026-11-24")),
    "timestamp-year-999": _row(lambda r: r.update(created_at="0999-12-31T23:00:00.000000Z")),
    "timestamp-overflows-utc": _row(lambda r: r.update(created_at="0001-01-01T00:30:00+01:00")),
    "huge-negative-int": _row(lambda r: r.update(articles=[-(10**30)])),
    "huge-vv-counter": _row(lambda r: r.update(vv={"d": 2**63})),
    "huge-size": _row(lambda r: r.update(size=10**20), "evidence"),
    "deep-json-index": {"change": _deep_index},
    "deep-json-manifest": _manifest(_set("scope", value="@@DEEP@@"), text=_deep),
    "checkpoint-seq-huge": _manifest(_set("checkpoint", "seq", value=10**30)),
    "checkpoint-seq-negative": _manifest(_set("checkpoint", "seq", value=-1)),
    "checkpoint-hash-number": _manifest(_set("checkpoint", "hash", value=12)),
    "history-not-a-dict": _manifest(_set("history", value=["x"])),
    "history-hash-missing": _manifest(_set("history", value=[{"seq": 1}])),
    "sender-vault-not-text": _manifest(_set("sender", "vault_id", value=["x"])),
    "scope-not-text": _manifest(_set("scope", value={"a": 1})),
}

def shape_params() -> list:
    return [pytest.param(name, id=name) for name in SHAPES]


# ---- the two vaults ----------------------------------------------------------------------------------


@pytest.fixture
def genuine(pair, tmp_path) -> Path:
    laptop, office = pair
    pem = write_pem(office, tmp_path / "office.pem")
    return exporter.export_bundle(laptop, tmp_path / "bundles" / "field.inspbundle", [str(pem)]).path


def make(shape: str, pair, genuine: Path) -> Path:
    laptop, office = pair
    return rebuilt(genuine, office, bt.signing_identity(laptop), genuine.with_name(f"{shape}.inspbundle"),
                   **SHAPES[shape])


def plaintext_files_with(folder: Path, needle: str) -> list[Path]:
    """Every file under ``folder`` whose bytes hold ``needle`` (the vault and the bundles are encrypted)."""
    return [p for p in folder.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


def test_the_rebuilt_bundle_is_accepted_unchanged(pair, genuine, tmp_path):
    """The baseline: decrypting, encrypting again and signing again is harmless by itself, and so is the canary."""
    laptop, office = pair
    path = rebuilt(genuine, office, bt.signing_identity(laptop), genuine.with_name("same.inspbundle"),
                   change=first_row())
    result = importer.import_bundle(office, path)
    assert result.applied and result.counts["finding"]["new"] == 5
    with office.session() as s:
        assert any(f.title == CANARY for f in s.exec(select(Finding)))
    assert plaintext_files_with(tmp_path, CANARY) == []


@pytest.mark.parametrize("shape", shape_params())
def test_a_malformed_signed_bundle_is_refused_at_the_command_line(pair, genuine, shape, run, caplog, tmp_path):
    """``bundle inspect`` and ``bundle import``: exit 4, the reason in both languages, no traceback, and the
    canary (decrypted content) nowhere: not on the terminal, not in a log record, not in a file."""
    _, office = pair
    path = make(shape, pair, genuine)
    caplog.set_level(logging.DEBUG)
    for command in ("inspect", "import"):
        code, out, err = run("bundle", command, str(path), "--vault", str(office.path), env=ENV)
        assert code == ExitCode.BAD_INPUT, (command, code, err)
        zh, en = err.split("\nError: ", 1)
        assert zh.startswith("错误：") and CJK.search(zh) and en.strip() and not CJK.search(en), err
        assert "Traceback" not in out + err and "已导入" not in out
        assert CANARY not in out + err
    assert not [r for r in caplog.records if CANARY in r.getMessage() or r.exc_info]
    assert plaintext_files_with(tmp_path, CANARY) == []
    with office.session() as s:
        assert not s.exec(select(Finding)).first()


@pytest.mark.parametrize("shape", ["naive-timestamp", "deep-json-record"])
def test_a_malformed_bundle_is_refused_by_the_real_command(pair, genuine, shape):
    """The same through a real process: Python's own reporting (logging, warnings, ignored errors) included."""
    _, office = pair
    path = make(shape, pair, genuine)
    env = {k: v for k, v in os.environ.items() if k != "INSPECTOR_DEBUG"}
    done = subprocess.run([sys.executable, "-m", "inspector", "bundle", "import", str(path), "--vault",
                           str(office.path)], capture_output=True, text=True, env={**env, **ENV}, timeout=120)
    assert done.returncode == ExitCode.BAD_INPUT, done.stderr
    assert "错误：" in done.stderr and "Error: " in done.stderr
    assert "Traceback" not in done.stdout + done.stderr and CANARY not in done.stdout + done.stderr


# ---- records.parse alone -------------------------------------------------------------------------------


@pytest.fixture
def finding_row(demo_vault) -> dict[str, Any]:
    with demo_vault.session() as s:
        return records.to_dict(s.exec(select(Finding)).first())


def test_a_timestamp_with_another_zone_is_taken_as_utc(finding_row):
    row = {**finding_row, "created_at": "2026-11-24T16:00:00+08:00"}
    values, obj = records.parse("finding", row, "x")
    assert values["created_at"] == "2026-11-24T08:00:00.000000Z"
    assert obj.created_at.utcoffset().total_seconds() == 0 and obj.created_at.hour == 8


def test_the_largest_whole_numbers_sqlite_holds_are_accepted(finding_row):
    row = {**finding_row, "revision": 2**63 - 1, "vv": {"d": 2**63 - 1}, "articles": [-(2**63)]}
    values, _ = records.parse("finding", row, "x")
    assert values["revision"] == 2**63 - 1
    with pytest.raises(BundleRefused, match="revision"):
        records.parse("finding", {**row, "revision": 2**63}, "x")


def test_an_invalid_value_is_named_by_its_column_never_quoted(finding_row):
    for column, value in (("severity", CANARY), ("deadline", CANARY), ("vv", {CANARY: CANARY}),
                          ("articles", [CANARY])):
        with pytest.raises(BundleRefused) as info:
            records.parse("finding", {**finding_row, column: value}, "records/finding.jsonl:3")
        exc = info.value
        assert "records/finding.jsonl:3" in exc.zh and CANARY not in exc.zh + exc.en, (column, exc.en)
        assert column in exc.en or column == "vv", exc.en


@pytest.mark.parametrize("line, word", [
    (b"[" * DEEP + b"]" * DEEP, "嵌套过深"),
    (b'{"a":' + b"[" * (records.MAX_DEPTH + 1) + b"]" * (records.MAX_DEPTH + 1) + b"}", "嵌套过深"),
    (b'{"title": "' + CANARY.encode() + b'"', "JSON"),
    (b"\xff\xfe", "JSON"),
])
def test_a_line_that_is_not_shallow_json_is_refused(line, word):
    with pytest.raises(BundleRefused) as info:
        records.loads(line, "records/finding.jsonl:1")
    assert word in info.value.zh and CANARY not in info.value.zh + info.value.en


def test_a_shallow_line_is_read():
    assert records.loads(b'{"a": [[1]], "b": {"c": 2}}', "x") == {"a": [[1]], "b": {"c": 2}}
    assert not records.too_deep([[1]] * 3, limit=2) and records.too_deep([[[1]]], limit=2)


def test_every_synchronised_id_column_is_checked():
    """The columns holding a record's id are UUIDs; those holding an evidence file's, SHA-256 digests."""
    shape = records._shape(Finding)
    assert {"id", "department_id", "plan_id", "inspection_id", "item_id", "notice_id"} <= set(shape.uuids)
    assert {"created_at", "updated_at", "status_changed_at"} <= set(shape.timestamps)
    evidence = records._shape(Evidence)
    assert "owner_id" in evidence.uuids and evidence.hashes == ("blob_sha256",)


def test_unknown_tables_are_refused_by_name():
    records.check_tables(["finding", "department"])
    with pytest.raises(BundleRefused, match="evil"):
        records.check_tables(["finding", "evil"])


# ---- the command line's last resort ------------------------------------------------------------------


def test_an_unexpected_error_while_a_bundle_is_open_prints_one_line(pair, genuine, run, monkeypatch):
    """A bug met while the records are decrypted: its message (here the canary) is never printed; exit 1."""
    _, office = pair

    def broken(*args, **kwargs):
        raise ValueError(f"a row: {CANARY}")

    monkeypatch.setattr(importer, "plan", broken)
    code, out, err = run("bundle", "import", str(genuine), "--vault", str(office.path), env=ENV)
    assert code == ExitCode.INTERNAL
    assert "内部错误（ValueError）" in err and "Internal error (ValueError)" in err and "INSPECTOR_DEBUG=1" in err
    assert len(err.strip().splitlines()) == 2 and "Traceback" not in err and CANARY not in out + err
    monkeypatch.setenv("INSPECTOR_DEBUG", "1")
    with pytest.raises(ValueError, match=CANARY):  # the details, for a bug report, only when asked for
        run("bundle", "import", str(genuine), "--vault", str(office.path), env=ENV)


_NOISY = f"""
import logging, sys, threading, warnings
import click
from inspector.cli import cli, main

class Holder:
    def __del__(self):
        raise ValueError("in __del__: {CANARY}")

@cli.command("noisy")
def noisy():
    try:
        raise ValueError("logged: {CANARY}")
    except ValueError:
        logging.getLogger("sqlalchemy.pool").error("Exception during reset", exc_info=True)
        logging.getLogger("inspector").warning("plain warning line", stack_info=True)
    warnings.warn("warned: {CANARY}", UserWarning)
    Holder()
    thread = threading.Thread(target=lambda: 1 / 0)
    thread.start()
    thread.join()
    raise RuntimeError("raised: {CANARY}")

main(["noisy"])
"""


def test_python_reports_nothing_the_command_was_handling():
    """Log records with a traceback, warnings, errors ignored in a finaliser or a thread: one line each, and the
    last-resort handler one bilingual line and exit 1; with INSPECTOR_DEBUG=1, Python's usual reports."""
    env = {k: v for k, v in os.environ.items() if k != "INSPECTOR_DEBUG"}
    quiet = subprocess.run([sys.executable, "-c", _NOISY], capture_output=True, text=True, env=env, timeout=120)
    assert quiet.returncode == ExitCode.INTERNAL
    assert "Traceback" not in quiet.stderr and CANARY not in quiet.stdout + quiet.stderr, quiet.stderr
    for line in ("ERROR sqlalchemy.pool: Exception during reset", "WARNING inspector: plain warning line",
                 "警告（UserWarning）", "已忽略的内部错误（ValueError）", "后台线程出错（ZeroDivisionError）",
                 "内部错误（RuntimeError）", "Internal error (RuntimeError)"):
        assert line in quiet.stderr, (line, quiet.stderr)
    loud = subprocess.run([sys.executable, "-c", _NOISY], capture_output=True, text=True,
                          env={**env, "INSPECTOR_DEBUG": "1"}, timeout=120)
    assert loud.returncode == 1 and "Traceback" in loud.stderr and f"raised: {CANARY}" in loud.stderr


# ---- the same bundles ingested by the office hub (issue 20) ---------------------------------------------


@pytest.fixture
def hub_pair(demo_vault, office_hub):
    """The laptop and the office hub on PostgreSQL, trusting each other."""
    introduce(demo_vault, office_hub, "笔记本（李明）", "办公室")
    return demo_vault, office_hub


def _audit_head(db) -> int:
    from inspector.model import AuditEvent

    with db.session(read_only=True) as s:
        return len(s.exec(select(AuditEvent.seq)).all())


@pytest.mark.parametrize("shape", shape_params())
def test_a_malformed_signed_bundle_is_refused_by_the_hub(hub_pair, shape, caplog, tmp_path):
    """What PostgreSQL would take or choke on is refused before it: exit 4 in both languages, the canary in no
    message or log record, and the hub unchanged (no finding, no audit event, nothing in the ledger)."""
    from inspector.hub import ingest
    from inspector.model import SyncBundle

    laptop, hub = hub_pair
    genuine = exporter.export_bundle(laptop, tmp_path / "bundles" / "field.inspbundle", [fingerprint(hub)]).path
    path = make(shape, hub_pair, genuine)
    before = _audit_head(hub)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(InspectorError) as refused:
        importer.import_bundle(hub, path)
    err = refused.value
    assert err.exit_code == ExitCode.BAD_INPUT, (shape, err.bilingual())
    assert CJK.search(err.zh) and err.en and not CJK.search(err.en)
    assert CANARY not in err.bilingual()
    [item] = ingest.ingest(hub, [path])  # the hub's own command: reported, the others would still go in
    assert item.error is not None and not item.applied and CANARY not in "".join(item.error)
    assert not [r for r in caplog.records if CANARY in r.getMessage() or r.exc_info]
    assert plaintext_files_with(tmp_path, CANARY) == []
    with hub.session(read_only=True) as s:
        assert not s.exec(select(Finding)).first() and not s.exec(select(SyncBundle)).first()
    assert _audit_head(hub) == before


def test_the_rebuilt_bundle_is_accepted_unchanged_by_the_hub(hub_pair, tmp_path):
    """The baseline of the test above: the hub takes a rebuilt bundle whose only change is the canary."""
    laptop, hub = hub_pair
    genuine = exporter.export_bundle(laptop, tmp_path / "bundles" / "field.inspbundle", [fingerprint(hub)]).path
    path = rebuilt(genuine, hub, bt.signing_identity(laptop), genuine.with_name("same.inspbundle"), change=first_row())
    result = importer.import_bundle(hub, path)
    assert result.applied and result.counts["finding"]["new"] == 5
    with hub.session(read_only=True) as s:
        assert any(f.title == CANARY for f in s.exec(select(Finding)))

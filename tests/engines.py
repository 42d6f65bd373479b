"""The core tests that must hold on both engines (issue 20) import these fixtures::

    from tests.engines import vault_on_both_engines  # noqa: F401   (a test's ``vault``)
    from tests.engines import demo_on_both_engines  # noqa: F401    (its ``demo_vault``)
    from tests.engines import office_on_both_engines  # noqa: F401  (its ``office``, the receiving side of sync)

and every test of the module that asks for ``vault`` (``demo_vault``, ``office``) runs twice: on a new SQLCipher
vault (a copy of the demo vault; a vault made apart), then on a new office hub on PostgreSQL (a hub holding the
demo's data; a hub with its own identity): ``either``, ``demo_either`` and ``office_either`` in tests/conftest.py.
A test of such a module that needs the vault file itself (the command line opens it, its backup, its key file)
keeps to SQLCipher with ``@vault_only`` / ``@demo_vault_only`` / ``@office_vault_only``; a test of a vault-only
module that holds on both asks for ``either`` / ``demo_either`` itself.

On both engines (all of the module but the tests marked vault-only in it):
analytics, audit, campaign_board, campaign_report, changes, charts, dashboard_service, deletions, departments,
departments_import, discrepancy, documents_correction, documents_notice, documents_official, documents_record,
evidence_changes, forms_hostile, forms_rectification, forms_selfreport, getting_started, inspections_service,
letter_kinds,
letter_kinds_documents, letters, letters_documents, lifecycle_rules, plans_service, rectification_reported,
rectification_service, regulation, reinspection, seal, search, settings, signing_identity, signing_trust,
stale_edits, sync_frozen (the office a hub), sync_overview, sync_records, sync_roundtrip (the office a hub),
version_files, versions, workflow; and the hub's own tests (test_hub_*, sync_acks_overview).
Some tests on both, the rest vault-only: evidence_store (deduplication, rollback, SM4, empty files, video
headers; the others are the vault's files: crashes, sweeps, backups, 200 MB in flat memory),
demo_and_model (the demo's data; the others read the vault's files and its migrations),
sync_malformed (every malformed shape refused by the hub's import and ``hub ingest``, and the rebuilt baseline
taken; the others are the vault's command line).

Vault-only, and why:
- backup, rekey_crash, vault, keyfile_hostile, destruction: the vault file, its key file, backups, crypto-shredding.
- every_write_checks: each write is judged by ``vault check`` and a backup's restore (vault files).
- cli, cli_campaign, cli_evidence, cli_letters, cli_lifecycle, cli_signing, cli_versions, departments_cli,
  exports, newcomer_cli, verify_no_traceback, timezones (its command-line part), api: the command line and API
  open a vault file; the hub's command line (identity, trust, audit, ingest) is tested in test_hub_cli.
- sync_hostile: hostile bundles (bad signatures, replays, zip tricks) refused before a database is written — the
  same code on a hub (sync_roundtrip, sync_frozen, sync_malformed's hub tests and test_hub_ingest run the import
  there); not doubled: some 70 tests through the vault's command line.
- signing_pades, signing_cover, signing_verify, verify_without_lxml, cert_display: PDF signatures; a vault only
  mints the identities (a hub's identities: signing_identity).
- documents_every_kind, documents_layout, pipeline: no database, or a vault file a build script makes.
- bench_*, selftest, lock*, dependencies, architecture_doc, core_has_no_qt, startup_imports, ui_rules, launcher:
  about the code and the build, not an engine.
"""

from __future__ import annotations

import pytest


@pytest.fixture(name="vault")
def vault_on_both_engines(either):
    return either


@pytest.fixture(name="demo_vault")
def demo_on_both_engines(demo_either):
    return demo_either


@pytest.fixture(name="office")
def office_on_both_engines(office_either):
    return office_either


vault_only = pytest.mark.parametrize("either", ["sqlcipher"], indirect=True)
"""A test of a module on both engines that needs the vault file itself: SQLCipher only."""

demo_vault_only = pytest.mark.parametrize("demo_either", ["sqlcipher"], indirect=True)
"""A test of a module on both engines whose demo data must be the demo vault file (the command line reads it)."""

office_vault_only = pytest.mark.parametrize("office_either", ["sqlcipher"], indirect=True)
"""A test of a module on both engines whose office must be a vault file (the command line opens it)."""


def verify_as_cli(run, vault, path) -> tuple[dict, str]:
    """What ``inspector verify FILE --json`` and ``inspector verify FILE`` say of ``path`` against ``vault``'s trust
    store and register of issued documents: (the JSON report, the text). On a vault by the command line (the vault
    is closed first: the command opens it itself, from INSPECTOR_VAULT); the command has no hub form, so on a hub by
    the calls it makes (inspector.cli.signing._verify) with the hub's trust store and register."""
    import json

    from inspector.hub.store import Hub

    if not isinstance(vault, Hub):
        vault.close()
        code, out, err = run("verify", path, "--json")
        assert code == 0, err
        report = json.loads(out)
        code, text, err = run("verify", path)
        assert code == 0, err
        return report, text
    from pathlib import Path

    from inspector.cli.base import _json_default
    from inspector.signing.text import report_lines
    from inspector.signing.trust import trust_roots
    from inspector.signing.verify import issued_lookup, verify_pdf

    with vault.session(read_only=True) as s:
        report = verify_pdf(Path(path).read_bytes(), trust_roots(s), issued=issued_lookup(s))
    assert report.ok
    return json.loads(json.dumps(report.to_dict(), default=_json_default)), "\n".join(report_lines(report, with_register=True))

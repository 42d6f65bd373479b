"""The documented Python API (docs/API.md) works as written."""

from __future__ import annotations

import pytest

from inspector import api
from tests.conftest import PASSPHRASE


def test_open_list_and_errors(demo_vault_path, memory_keyring):
    with api.open_vault(demo_vault_path, passphrase=PASSPHRASE) as vault, vault.session() as s:
        plans = api.list_plans(s)
        findings = api.list_findings(s)
        open_ = api.list_findings(s, status=api.FindingStatus.DRAFT)
        inspections = api.list_inspections(s)
    assert plans and plans[0]["targets"] >= 3
    assert len(findings) >= 3 and 0 < len(open_) < len(findings)
    assert {i["status"] for i in inspections} >= {"in_progress"}
    memory_keyring.store.clear()
    with pytest.raises(api.AuthError):
        api.open_vault(demo_vault_path, passphrase="wrong one!")

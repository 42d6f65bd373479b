"""The first-run wizard offers the signing identity (issue 15, item 5): created with the vault unless unticked."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWizard

from inspector.signing.identity import list_identities
from inspector.signing.trust import list_trusted
from tests.conftest import FAST_KDF, PASSPHRASE
from ui.vault.wizard import FirstRunWizard

TIMEOUT_MS = 10_000


def _finish(qtbot, tmp_path, *, signing: bool):
    wizard = FirstRunWizard(tmp_path / "first.vault", kdf=FAST_KDF, use_keyring=False)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.passphrase_page.fields.new_edit.insert(PASSPHRASE)
    wizard.passphrase_page.fields.repeat_edit.insert(PASSPHRASE)
    wizard.next()
    page = wizard.identity_page
    assert wizard.currentPage() is page
    assert page.signing_check.isChecked()  # offered, and ticked: signing works from the first day
    page.name_edit.insert("李明")
    page.organisation_edit.setText("晋城市政务服务中心")
    assert "李明（晋城市政务服务中心）" in page.signing_note.text()  # whose name the certificate carries
    if not signing:
        page.signing_check.setChecked(False)
        assert "设置" in page.signing_note.text()  # where to create it later
    wizard.next()
    assert wizard.currentPage() is wizard.organisation_page
    with qtbot.waitSignal(wizard.vault_created, timeout=TIMEOUT_MS) as created:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    return created.args[0]


@pytest.mark.parametrize("signing", [True, False])
def test_wizard_creates_the_signing_identity_unless_skipped(qtbot, tmp_path, signing):
    vault = _finish(qtbot, tmp_path, signing=signing)
    try:
        with vault.session() as s:
            identities = list_identities(s)
            if signing:
                [made] = identities
                assert made.name == "李明" and "O=晋城市政务服务中心" in made.subject
                assert made.fingerprint in {t.fingerprint for t in list_trusted(s)}  # trusted here, as Settings does
            else:
                assert identities == []
    finally:
        vault.close()

"""Creating a working vault: the encrypted store plus the default checklist."""

from __future__ import annotations

from pathlib import Path

from inspector import regulation
from inspector.crypto.keyfile import KdfParams
from inspector.vault import Vault


def create_vault(path: Path, passphrase: str, *, audit_hash: str = "sm3", kdf: KdfParams | None = None,
                 use_keyring: bool = True) -> Vault:
    """A new vault holding the shipped regulation and its default checklist, each as version 1."""
    vault = Vault.create(path, passphrase, audit_hash=audit_hash, kdf=kdf, use_keyring=use_keyring)
    try:
        with vault.session() as session:
            from inspector.services.regulation_versions import seed_shipped

            seed_shipped(session)  # the regulation, version 1
            regulation.import_template(session)
    except BaseException:
        vault.close()
        raise
    return vault

"""Creating a working vault: the encrypted store plus the default checklist."""

from __future__ import annotations

from pathlib import Path

from inspector import regulation
from inspector.crypto.keyfile import KdfParams
from inspector.vault import Vault


def create_vault(path: Path, passphrase: str, *, audit_hash: str = "sm3", kdf: KdfParams | None = None,
                 use_keyring: bool = True) -> Vault:
    """A new vault holding the default checklist template derived from the regulation."""
    vault = Vault.create(path, passphrase, audit_hash=audit_hash, kdf=kdf, use_keyring=use_keyring)
    try:
        with vault.session() as session:
            regulation.import_template(session)
    except BaseException:
        vault.close()
        raise
    return vault

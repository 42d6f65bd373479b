"""The small, stable Python API for scripts and tests (documented in docs/API.md).

>>> from inspector import api
>>> with api.open_vault("demo.vault", passphrase="…") as vault, vault.session() as s:
...     for f in api.list_findings(s):
...         print(f["title"], f["status"])
"""

from __future__ import annotations

from pathlib import Path

from inspector.errors import (  # noqa: F401  (re-exported)
    AuthError,
    BadInputError,
    IncompatibleError,
    InspectorError,
    IntegrityFailure,
    NotFoundError,
)
from inspector.model import FindingStatus, Severity, Verdict  # noqa: F401
from inspector.paths import default_vault_path
from inspector.services.queries import (  # noqa: F401
    list_departments,
    list_findings,
    list_inspections,
    list_plans,
    verdict_counts,
)
from inspector.services.setup import create_vault as _create_vault
from inspector.vault import Vault


def open_vault(path: str | Path | None = None, passphrase: str | None = None, *, use_keyring: bool = True) -> Vault:
    """Unlock a vault: from the keyring, else ``passphrase``, else ``INSPECTOR_PASSPHRASE``.

    ``path`` defaults to ``INSPECTOR_VAULT`` or the vault in the user data folder.
    Use it as a context manager, or call ``close()``.
    """
    return Vault.open(Path(path).expanduser() if path else default_vault_path(), passphrase=passphrase,
                      use_keyring=use_keyring)


def create_vault(path: str | Path, passphrase: str, *, audit_hash: str = "sm3", **options) -> Vault:
    """A new vault with the default checklist at ``path`` (``~`` expanded), protected by ``passphrase``."""
    return _create_vault(Path(path).expanduser(), passphrase, audit_hash=audit_hash, **options)


__all__ = [
    "open_vault", "create_vault", "Vault", "list_plans", "list_departments", "list_inspections",
    "list_findings", "verdict_counts", "FindingStatus", "Severity", "Verdict", "InspectorError", "AuthError",
    "BadInputError", "NotFoundError", "IntegrityFailure", "IncompatibleError",
]

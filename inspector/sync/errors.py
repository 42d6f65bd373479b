"""Why a bundle is refused: errors that name their reason, kept apart from the cryptography.

:mod:`inspector.sync.records` and everything that only reads what sync keeps (the UI's sync page,
:mod:`inspector.sync.overview`) need these without loading pyHanko and the CMS stack — half a
second of imports on the application's start-up. :mod:`inspector.sync.crypto` re-exports them.
"""

from __future__ import annotations

from inspector.errors import BadInputError, ExitCode


class BundleRefused(BadInputError):
    """A bundle refused before anything was applied; ``reason`` is a short word for tests and logs."""

    def __init__(self, reason: str, zh: str, en: str, *, fingerprint: str | None = None) -> None:
        super().__init__(zh, en)
        self.reason = reason
        self.fingerprint = fingerprint


class NewerBundle(BundleRefused):
    """A bundle of a newer format version: update Inspector (exit code 6, like a newer backup)."""

    exit_code = ExitCode.INCOMPATIBLE

"""Sync bundles: signed, encrypted files that move records between vaults (``docs/bundle-format.md``).

:mod:`~inspector.sync.crypto` (signature, key wrapping, chunked encryption),
:mod:`~inspector.sync.bundle` (the file), :mod:`~inspector.sync.records` (what
travels and how versions compare), :mod:`~inspector.sync.exporter`,
:mod:`~inspector.sync.importer` (verify, preview, merge, apply),
:mod:`~inspector.sync.frozen` (what a bundle may not change here: completed, signed, issued) and
:mod:`~inspector.sync.conflicts` (the user's decisions).
"""

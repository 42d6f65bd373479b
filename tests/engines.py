"""The core tests that must hold on both engines (issue 20) import this fixture::

    from tests.engines import vault_on_both_engines  # noqa: F401

and every test of the module that asks for ``vault`` runs twice: on a new SQLCipher vault, then on a new
office hub on PostgreSQL (``either`` in tests/conftest.py).
"""

from __future__ import annotations

import pytest


@pytest.fixture(name="vault")
def vault_on_both_engines(either):
    return either

"""Shared fixtures: a real SQLCipher vault on disk, an in-memory keyring, a demo vault."""

from __future__ import annotations

import os
from pathlib import Path

import keyring
import pytest

from inspector.crypto.keyfile import THROWAWAY_KDF
from tests.memory_keyring import MemoryKeyring

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "correct horse 电池 staple"
HUB_EVIDENCE_PASSPHRASE = "office evidence 证据 passphrase"
# Real Argon2id, smaller memory so the suite stays quick; production uses KdfParams().
FAST_KDF = THROWAWAY_KDF


@pytest.fixture(autouse=True)
def memory_keyring(monkeypatch) -> MemoryKeyring:
    """Every test gets a fresh in-memory keyring and no passphrase in its environment."""
    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.delenv("INSPECTOR_PASSPHRASE", raising=False)
    monkeypatch.delenv("INSPECTOR_VAULT", raising=False)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def vault_path(tmp_path) -> Path:
    return tmp_path / "test.vault"


@pytest.fixture
def sqlcipher_vault(vault_path):
    from inspector.services.setup import create_vault

    v = create_vault(vault_path, PASSPHRASE, kdf=FAST_KDF)
    yield v
    v.close()


@pytest.fixture
def vault(sqlcipher_vault):
    """A new vault: the shipped regulation and checklist, nothing else (tests/engines.py: on both engines)."""
    return sqlcipher_vault


@pytest.fixture(scope="session")
def _demo_master(tmp_path_factory) -> Path:
    """Built once per run; tests get their own copy."""
    from inspector.services.demo import build_demo

    keyring.set_keyring(MemoryKeyring())
    path = tmp_path_factory.mktemp("demo-master") / "demo.vault"
    build_demo(path, passphrase=PASSPHRASE, kdf=FAST_KDF, use_keyring=False).close()
    return path


@pytest.fixture
def demo_vault_path(_demo_master, tmp_path) -> Path:
    from inspector.vault import copy_vault

    return copy_vault(_demo_master, tmp_path / "demo.vault")


@pytest.fixture
def demo_vault(demo_vault_path):
    from inspector.vault import Vault

    v = Vault.open(demo_vault_path, passphrase=PASSPHRASE)
    yield v
    v.close()


@pytest.fixture
def run(capsys, monkeypatch):
    """``run("verify", path, env={...})`` → (exit code, stdout, stderr) of the ``inspector`` command, in process."""
    from inspector.cli import main

    def _run(*args, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
        with pytest.raises(SystemExit) as exit_info:
            main([str(a) for a in args])
        out, err = capsys.readouterr()
        return exit_info.value.code, out, err

    return _run


@pytest.fixture
def demo_env(demo_vault_path, monkeypatch):
    """The command line finds and unlocks this test's copy of the demo vault."""
    monkeypatch.setenv("INSPECTOR_VAULT", str(demo_vault_path))
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSPHRASE)
    return demo_vault_path


@pytest.fixture
def office(tmp_path):
    """A vault made apart from the demo vault (the laptop), with its own inspector and signing identity."""
    from tests.sync_helpers import make_office

    vault = make_office(tmp_path / "office.vault")
    yield vault
    vault.close()


@pytest.fixture
def pair(demo_vault, office):
    """Laptop (the demo vault) and office that trust each other (labels as each side wrote them down)."""
    from tests.sync_helpers import introduce

    introduce(demo_vault, office, "笔记本（李明）", "办公室")
    return demo_vault, office


# ---- the office hub on PostgreSQL (issue 20) ----------------------------------------------------


@pytest.fixture(scope="session")
def pg_cluster():
    """A throw-away PostgreSQL cluster for the whole run (tests/pgcluster.py), with one initialised hub database
    that each test's hub is copied from (CREATE DATABASE … TEMPLATE: a file copy, not the migrations again)."""
    from inspector.hub import connection
    from inspector.hub.store import Hub
    from tests import pgcluster

    if pgcluster.server_bin() is None:
        pytest.fail("PostgreSQL ≥ 15 is not installed: `bash build/dev.sh test` installs it (apt: postgresql)")
    with pgcluster.running() as cluster:
        keyring.set_keyring(MemoryKeyring())
        cluster.create_database("hub_template")
        Hub.init(connection.parse(cluster.url("hub_template") + f"?sslrootcert={cluster.ca_file}"),
                 evidence_passphrase=HUB_EVIDENCE_PASSPHRASE, kdf=FAST_KDF).close()
        yield cluster


@pytest.fixture
def hub_address(pg_cluster):
    """The address (password included) of a new hub database of this test's own, dropped afterwards."""
    from inspector.hub import connection

    name = pg_cluster.create_database(template="hub_template")
    yield connection.parse(pg_cluster.url(name) + f"?sslrootcert={pg_cluster.ca_file}")
    pg_cluster.drop_database(name)


@pytest.fixture
def hub(hub_address):
    from inspector.hub.store import Hub

    h = Hub.open(hub_address, evidence_passphrase=HUB_EVIDENCE_PASSPHRASE)
    yield h
    h.close()


@pytest.fixture(params=["sqlcipher", "postgresql"])
def either(request, tmp_path):
    """A laptop vault, then an office hub: for the core tests that must hold on both engines."""
    if request.param == "sqlcipher":
        yield request.getfixturevalue("sqlcipher_vault")
    else:
        yield request.getfixturevalue("hub")


@pytest.fixture(scope="session")
def _demo_hub_template(pg_cluster) -> str:
    """A hub holding the demo vault's data (services.demo), built once per run; tests get their own copy."""
    from inspector.hub import connection
    from inspector.hub.store import Hub
    from inspector.progress import no_progress
    from inspector.services.demo import _populate

    keyring.set_keyring(MemoryKeyring())
    name = pg_cluster.create_database("demo_hub_template", template="hub_template")
    address = connection.parse(pg_cluster.url(name) + f"?sslrootcert={pg_cluster.ca_file}")
    with Hub.open(address, evidence_passphrase=HUB_EVIDENCE_PASSPHRASE) as h, h.session() as s:
        _populate(s, no_progress)
    return name


@pytest.fixture
def demo_hub(pg_cluster, _demo_hub_template):
    """An office hub holding what the demo vault holds (the same plan, departments, inspections, findings)."""
    from inspector.hub import connection
    from inspector.hub.store import Hub

    name = pg_cluster.create_database(template=_demo_hub_template)
    h = Hub.open(connection.parse(pg_cluster.url(name) + f"?sslrootcert={pg_cluster.ca_file}"),
                 evidence_passphrase=HUB_EVIDENCE_PASSPHRASE)
    yield h
    h.close()
    pg_cluster.drop_database(name)


@pytest.fixture(params=["sqlcipher", "postgresql"])
def demo_either(request):
    """The demo data on a laptop vault (a copy of the demo vault, opened), then on an office hub
    (tests/engines.py: ``demo_on_both_engines``)."""
    if request.param == "sqlcipher":
        from inspector.vault import Vault

        v = Vault.open(request.getfixturevalue("demo_vault_path"), passphrase=PASSPHRASE)
        yield v
        v.close()
    else:
        yield request.getfixturevalue("demo_hub")


@pytest.fixture
def office_hub(hub):
    """The office as a hub on PostgreSQL, with its own inspector and signing identity (like ``office``)."""
    from inspector.services import settings
    from inspector.signing import identity

    with hub.session() as s:
        settings.set_identity(s, "王芳", "JC-0001", "晋城市数据局")
        identity.create_identity(s, None)
    return hub


@pytest.fixture(params=["sqlcipher", "postgresql"])
def office_either(request, tmp_path):
    """The office: a vault made apart from the laptop's (as ``office``), then an office hub (tests/engines.py:
    ``office_on_both_engines``)."""
    if request.param == "sqlcipher":
        from tests.sync_helpers import make_office

        vault = make_office(tmp_path / "office.vault")
        yield vault
        vault.close()
    else:
        yield request.getfixturevalue("office_hub")

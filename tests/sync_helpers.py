"""Two vaults that exchange bundles: the demo vault as the laptop, a fresh vault as the office."""

from __future__ import annotations

from pathlib import Path

from inspector.services import settings
from inspector.services.setup import create_vault
from inspector.signing import identity, trust
from inspector.vault import Vault
from tests.conftest import FAST_KDF, PASSPHRASE


def make_office(path: Path, name: str = "王芳") -> Vault:
    """A vault made apart from the laptop's, with its own inspector and signing identity."""
    vault = create_vault(path, PASSPHRASE, kdf=FAST_KDF, use_keyring=False)
    with vault.session() as s:
        settings.set_identity(s, name, "JC-0001", "晋城市数据局")
        identity.create_identity(s, None)
    return vault


def fingerprint(vault: Vault) -> str:
    """The fingerprint of the vault's own signing certificate."""
    from inspector.signing import certs

    return certs.fingerprint(own_cert(vault))


def own_cert(vault: Vault) -> bytes:
    with vault.session() as s:
        return identity.load_identity(s).cert_der


def introduce(a: Vault, b: Vault, label_a: str = "", label_b: str = "") -> None:
    """Each vault trusts the other's identity (as after checking fingerprints in person)."""
    cert_a, cert_b = own_cert(a), own_cert(b)
    with a.session() as s:
        trust.add_trusted(s, cert_b, label_b)
    with b.session() as s:
        trust.add_trusted(s, cert_a, label_a)


def write_pem(vault: Vault, path: Path) -> Path:
    with vault.session() as s:
        path.write_bytes(identity.export_cert_pem(s))
    return path


def hub_with_laptop_data(laptop: Vault, hub, tmp_path: Path):
    """The office hub with its own identity, holding the laptop's field work (bundle ingested)."""
    from inspector.hub import ingest
    from inspector.sync import exporter

    with hub.session() as s:
        settings.set_identity(s, "王芳", "JC-0001", "晋城市数据局")
        identity.create_identity(s, None)
    introduce(laptop, hub, "笔记本（李明）", "办公室")
    out = tmp_path / "laptop-to-hub.bundle"
    exporter.export_bundle(laptop, out, [fingerprint(hub)], scope="field")
    assert ingest.ingest(hub, [out])[0].applied
    return hub

"""A key file nobody vouches for: bounded before any work, damage told apart from a wrong passphrase,
another vault's key file named as such — through the command line, without a traceback."""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
from pathlib import Path

import pytest

from inspector.crypto import keyfile as keyfile_module
from inspector.crypto.keyfile import KdfParams
from inspector.errors import AuthError, ExitCode, ForeignKeyFile, KeyFileDamaged
from inspector.vault import Vault, key_path_for, vault_files
from tests.conftest import FAST_KDF, PASSPHRASE

REAL_ARGON2ID = keyfile_module.Argon2id
GIB_KIB = 1024 * 1024


@pytest.fixture(autouse=True)
def argon2_within_reason(monkeypatch):
    """Argon2id that fails the test instead of eating gigabytes or minutes (what a hostile file asks for)."""
    def guarded(*, salt, length, iterations, lanes, memory_cost, **kw):
        assert 1 <= lanes <= 16 and 1 <= iterations <= 16 and memory_cost <= GIB_KIB, "derived from hostile parameters"
        return REAL_ARGON2ID(salt=salt, length=length, iterations=iterations, lanes=lanes, memory_cost=memory_cost, **kw)

    monkeypatch.setattr(keyfile_module, "Argon2id", guarded)


def checksum(doc: dict) -> str:
    """The key file's checksum as its format defines it: SHA-256 of the other fields, canonical JSON."""
    rest = {k: v for k, v in doc.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(rest, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def edit(path: Path, change, *, as_attacker: bool = True) -> None:
    """Change the key file's JSON; an attacker also recomputes the checksum (it is no secret)."""
    doc = json.loads(path.read_text())
    change(doc)
    if as_attacker and isinstance(doc, dict) and "checksum" in doc:
        doc["checksum"] = checksum(doc)
    path.write_text(json.dumps(doc, indent=2))


def flip_char(text: str) -> str:
    """One character in the middle of ``text`` changed to another letter or digit (still base64, still text)."""
    at = len(text) // 2
    while not text[at].isalnum():
        at += 1
    c = text[at]
    return text[:at] + ("B" if c == "A" else "A" if c.isalpha() else "1" if c == "0" else "0") + text[at + 1:]


@pytest.fixture
def closed_vault(vault, vault_path, memory_keyring) -> Path:
    """A vault on disk, closed, with no key in the keyring: opening it needs the key file."""
    vault.close()
    memory_keyring.store.clear()
    return vault_path


def run_plans_list(run, path: Path, passphrase: str = PASSPHRASE):
    return run("plans", "list", "--vault", path, env={"INSPECTOR_PASSPHRASE": passphrase})


def assert_damaged(code: int, err: str) -> None:
    assert code == ExitCode.BAD_INPUT, err
    assert "密钥文件已损坏" in err and "key file is damaged" in err, err
    assert "口令不正确" not in err and "Traceback" not in err, err


# ---- 9: the KDF parameters are bounded before anything is derived -------------------------------------


@pytest.mark.parametrize("field, value", [
    ("memory_kib", 4 * GIB_KIB),          # 4 GiB: took 4.3 GB of memory
    ("memory_kib", GIB_KIB + 1),
    ("memory_kib", 4),                    # below Argon2's 8 KiB per lane
    ("memory_kib", -1),
    ("memory_kib", 2 ** 64),
    ("memory_kib", "65536"),
    ("memory_kib", True),
    ("memory_kib", 65536.5),
    ("iterations", 100_000),              # still running after 20 minutes
    ("iterations", 0),                    # was an internal error
    ("iterations", 17),
    ("lanes", 0),                         # was an internal error
    ("lanes", 17),
    ("lanes", None),
])
def test_out_of_range_kdf_parameters_are_damage_refused_before_deriving(closed_vault, run, field, value):
    edit(key_path_for(closed_vault), lambda d: d["kdf"].__setitem__(field, value))
    before = key_path_for(closed_vault).read_bytes()
    code, _, err = run_plans_list(run, closed_vault)
    assert_damaged(code, err)
    assert field in err  # names what is out of range
    assert key_path_for(closed_vault).read_bytes() == before


def test_the_total_work_is_bounded_too(closed_vault, run):
    def huge(d):
        d["kdf"].update(memory_kib=GIB_KIB, iterations=16)  # each allowed alone; 16 GiB of passes together

    edit(key_path_for(closed_vault), huge)
    code, _, err = run_plans_list(run, closed_vault)
    assert_damaged(code, err)


def test_what_inspector_writes_is_well_inside_the_bounds():
    for kdf in (KdfParams(), FAST_KDF, KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)):
        kdf.check()
    # room above the default: four times the memory or five times the passes still opens
    KdfParams(memory_kib=4 * 64 * 1024, iterations=3, lanes=4).check()
    KdfParams(memory_kib=64 * 1024, iterations=15, lanes=4).check()


@pytest.mark.parametrize("change", [
    lambda d: d.clear() or d.update({"format": "inspector-keyfile"}),
    lambda d: d.__setitem__("keys", []),
    lambda d: d.__setitem__("keys", d["keys"] * 3),
    lambda d: d.__setitem__("keys", "nonce"),
    lambda d: d["keys"][0].__setitem__("nonce", "AAAA"),           # 3-byte nonce: was an internal error
    lambda d: d["keys"][0].__setitem__("ciphertext", "AAAA"),
    lambda d: d["kdf"].__setitem__("salt", ""),                    # empty salt: was an internal error
    lambda d: d["kdf"].__setitem__("salt", "A" * 4000),
    lambda d: d.__setitem__("vault_id", {"a": 1}),
    lambda d: d.__setitem__("version", "1"),
    lambda d: d.__setitem__("padding", " " * (1 << 20)),           # a megabyte of nothing
], ids=["empty", "no keys", "three keys", "keys not a list", "short nonce", "short ciphertext", "empty salt",
        "long salt", "vault id not text", "version not a number", "huge"])
def test_a_malformed_key_file_is_damage_not_an_internal_error(closed_vault, run, change):
    edit(key_path_for(closed_vault), change)
    code, _, err = run_plans_list(run, closed_vault)
    assert code == ExitCode.BAD_INPUT and "密钥文件" in err and "key file" in err and "Traceback" not in err, err


def test_a_key_file_that_is_not_an_object_is_damage(closed_vault, run):
    key_path_for(closed_vault).write_text("[1, 2, 3]")
    code, _, err = run_plans_list(run, closed_vault)
    assert code == ExitCode.BAD_INPUT and "密钥文件" in err and "Traceback" not in err, err


def rewrite_backup_keyfile(backup: Path, change) -> None:
    from inspector.services.maintenance import MAGIC, read_header

    header, offset = read_header(backup)
    change(header["keyfile"])
    if "checksum" in header["keyfile"]:
        header["keyfile"]["checksum"] = checksum(header["keyfile"])
    payload = backup.read_bytes()[offset:]
    head = json.dumps(header, ensure_ascii=False).encode()
    backup.write_bytes(MAGIC + struct.pack(">I", len(head)) + head + payload)


@pytest.mark.parametrize("field, value", [("memory_kib", 4 * GIB_KIB), ("iterations", 100_000), ("lanes", 0)])
def test_a_backup_whose_key_file_is_hostile_is_refused_by_restore(vault, tmp_path, run, field, value):
    from inspector.services.maintenance import backup

    backup_file = tmp_path / "b.backup"
    backup(vault, backup_file)
    rewrite_backup_keyfile(backup_file, lambda kf: kf["kdf"].__setitem__(field, value))
    target = tmp_path / "restored.vault"
    code, _, err = run("vault", "restore", backup_file, "--vault", target, env={"INSPECTOR_PASSPHRASE": PASSPHRASE})
    assert_damaged(code, err)
    assert not any(f.exists() for f in vault_files(target))


# ---- 11: say what is wrong ------------------------------------------------------------------------------


FIELDS = {
    "salt": lambda d: d["kdf"].__setitem__("salt", flip_char(d["kdf"]["salt"])),
    "nonce": lambda d: d["keys"][0].__setitem__("nonce", flip_char(d["keys"][0]["nonce"])),
    "ciphertext": lambda d: d["keys"][0].__setitem__("ciphertext", flip_char(d["keys"][0]["ciphertext"])),
    "vault id": lambda d: d.__setitem__("vault_id", flip_char(d["vault_id"])),
    "iterations": lambda d: d["kdf"].__setitem__("iterations", d["kdf"]["iterations"] + 1),
}


@pytest.mark.parametrize("field", FIELDS)
def test_one_damaged_byte_in_the_key_file_is_damage_not_a_wrong_passphrase(closed_vault, run, field):
    edit(key_path_for(closed_vault), FIELDS[field], as_attacker=False)
    code, _, err = run_plans_list(run, closed_vault)
    assert_damaged(code, err)
    with pytest.raises(KeyFileDamaged):
        Vault.open(closed_vault, passphrase=PASSPHRASE)


def test_an_edit_with_the_checksum_recomputed_is_still_refused(closed_vault, run):
    """The checksum only tells accidents apart; the header stays authenticated by AES-GCM."""
    edit(key_path_for(closed_vault), FIELDS["iterations"])
    code, _, err = run_plans_list(run, closed_vault)
    assert code == ExitCode.AUTH and "Traceback" not in err


def test_a_key_file_written_before_the_checksum_still_opens_and_damage_is_worded_honestly(
        closed_vault, run, memory_keyring):
    kf_path = key_path_for(closed_vault)
    edit(kf_path, lambda d: d.pop("checksum", None))
    code, _, err = run_plans_list(run, closed_vault)
    assert code == 0, err
    memory_keyring.store.clear()  # the passphrase again, not the key the open put in the keyring
    edit(kf_path, FIELDS["salt"], as_attacker=False)
    code, _, err = run_plans_list(run, closed_vault)
    assert code == ExitCode.AUTH and "Traceback" not in err
    # without a checksum a damaged byte cannot be told from a wrong passphrase: say both
    assert "恢复口令不正确，或密钥文件已损坏" in err and "or the key file is damaged" in err, err


def test_a_wrong_passphrase_is_still_called_a_wrong_passphrase(closed_vault, run):
    code, _, err = run_plans_list(run, closed_vault, "not the passphrase at all")
    assert code == ExitCode.AUTH and "恢复口令不正确，保险库未作任何更改" in err and "Wrong recovery passphrase" in err


def test_another_vaults_key_file_is_named_as_such(closed_vault, tmp_path, run):
    from inspector.services.setup import create_vault

    other = tmp_path / "other.vault"
    create_vault(other, PASSPHRASE, kdf=FAST_KDF, use_keyring=False).close()  # same passphrase, as colleagues do
    shutil.copy2(key_path_for(other), key_path_for(closed_vault))
    before = {f.name: f.read_bytes() for f in vault_files(closed_vault) if f.exists()}
    for command in (("plans", "list"), ("vault", "check")):
        code, _, err = run(*command, "--vault", closed_vault, env={"INSPECTOR_PASSPHRASE": PASSPHRASE})
        assert code == ExitCode.BAD_INPUT and "Traceback" not in err, err
        assert "属于另一个保险库" in err and "another vault" in err, err
        assert "备份" not in err and "backup" not in err  # nothing to restore: the data is fine
    with pytest.raises(ForeignKeyFile):
        Vault.open(closed_vault, passphrase=PASSPHRASE)
    assert {f.name: f.read_bytes() for f in vault_files(closed_vault) if f.exists()} == before


def test_a_damaged_first_page_is_still_damage(closed_vault):
    from inspector.errors import IntegrityFailure

    data = bytearray(closed_vault.read_bytes())
    data[200] ^= 0x01
    closed_vault.write_bytes(bytes(data))
    with pytest.raises(IntegrityFailure) as err:
        Vault.open(closed_vault, passphrase=PASSPHRASE)
    assert not isinstance(err.value, ForeignKeyFile) and "损坏" in err.value.zh


def test_a_wrong_passphrase_with_another_vaults_key_file_is_a_wrong_passphrase(closed_vault, tmp_path):
    from inspector.services.setup import create_vault

    other = tmp_path / "other.vault"
    create_vault(other, "another passphrase entirely", kdf=FAST_KDF, use_keyring=False).close()
    shutil.copy2(key_path_for(other), key_path_for(closed_vault))
    with pytest.raises(AuthError):
        Vault.open(closed_vault, passphrase=PASSPHRASE)


# ---- 11: a keyring backend that cannot be loaded is an unusable keyring ------------------------------


@pytest.fixture
def broken_keyring_backend(monkeypatch):
    """PYTHON_KEYRING_BACKEND names a backend that does not exist; keyring has not chosen one yet."""
    import keyring.core

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "no_such_module.NoSuchKeyring")
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)


def test_a_keyring_backend_that_fails_to_load_is_an_unusable_keyring(broken_keyring_backend, tmp_path, run):
    from inspector import keystore

    st = keystore.status()
    assert not st.usable and "no_such_module.NoSuchKeyring" in st.reason_en and "PYTHON_KEYRING_BACKEND" in st.reason_zh
    path = tmp_path / "new.vault"
    code, out, err = run("--vault", path, "init", env={"INSPECTOR_PASSPHRASE": PASSPHRASE})
    assert code == 0 and "已创建保险库" in out and "Traceback" not in err, err
    # the passphrase comes from INSPECTOR_PASSPHRASE: the no-keyring note stays quiet (docs/CLI.md); the
    # reason is kept for whoever asks (keystore.status, the application's status bar tooltip)
    assert "no_such_module.NoSuchKeyring" not in err and "Traceback" not in err
    code, _, err = run("plans", "list", "--vault", path, env={"INSPECTOR_PASSPHRASE": PASSPHRASE})
    assert code == 0, err
    assert keystore.load_key("anything") is None
    keystore.forget_key("anything")
    assert not keystore.store_key("anything", b"k" * 32).usable

"""``inspector hub …`` (issue 20): every command on a real PostgreSQL hub, with the errors a user meets."""

from __future__ import annotations

import json

import pytest

from tests.conftest import HUB_EVIDENCE_PASSPHRASE
from tests.sync_helpers import write_pem


@pytest.fixture
def env(pg_cluster, tmp_path, monkeypatch):
    """A new empty database; the command line finds it through INSPECTOR_HUB (a URL without the password)."""
    name = pg_cluster.create_database()
    monkeypatch.setenv("INSPECTOR_HUB_PROFILES", str(tmp_path / "profiles.json"))
    monkeypatch.setenv("INSPECTOR_HUB_PASSWORD", pg_cluster.password)
    monkeypatch.setenv("INSPECTOR_HUB_EVIDENCE_PASSPHRASE", HUB_EVIDENCE_PASSPHRASE)
    url = f"postgresql://hubadmin@127.0.0.1:{pg_cluster.port}/{name}?sslrootcert={pg_cluster.ca_file}"
    monkeypatch.setenv("INSPECTOR_HUB", url)
    yield url
    pg_cluster.drop_database(name)


def test_every_hub_command_end_to_end(env, run, demo_vault, demo_env, tmp_path):
    def ok(*args, env=None):
        code, out, err = run(*args, env=env)
        assert code == 0, f"{args}: {out}{err}"
        assert "Traceback" not in out + err
        return out

    def verified():
        out = ok("hub", "audit", "verify")
        assert "审计链完整" in out

    out = ok("hub", "init", "--save-profile", "办公室")
    assert "集中库已就绪" in out and "hub ready" in out
    verified()
    ok("hub", "init")  # again: nothing to do, still sound
    verified()
    name = env.split("?")[0].rsplit("/", 1)[-1]
    out = ok("hub", "init", "--own-roles")  # roles of its own already: said, nothing moved
    assert f"{name}_admin" in out and "角色组" in out
    verified()
    assert json.loads(ok("hub", "profile", "list", "--json"))[0]["name"] == "办公室"
    assert "password" not in (tmp_path / "profiles.json").read_text()
    ok("hub", "profile", "save", "备用", "--url", env)
    ok("hub", "--url", "办公室", "identity", "create", "--name", "王芳")  # the profile instead of the URL
    verified()
    hub_cert = tmp_path / "hub.pem"
    ok("hub", "identity", "export-cert", "--out", hub_cert)
    laptop_cert = write_pem(demo_vault, tmp_path / "laptop.pem")
    ok("hub", "trust", "add", laptop_cert, "--label", "李明的笔记本")
    verified()
    ok("trust", "add", hub_cert, "--label", "办公室")  # the laptop trusts the hub
    bundle = tmp_path / "laptop.bundle"
    ok("bundle", "export", "--to", "办公室", "--scope", "field", "--out", bundle)
    out = ok("hub", "ingest", bundle, "--ack-dir", tmp_path / "acks")
    assert "✓" in out and "收讫回执" in out
    verified()
    status = json.loads(ok("hub", "status", "--json"))
    assert status["bundles"] == 1 and status["laptops"][0]["gaps"] == []
    ack = next((tmp_path / "acks").iterdir())
    out = ok("bundle", "import", ack)
    ok("audit", "verify", "--hub", "办公室")
    ok("hub", "trust", "remove", json.loads(ok("hub", "trust", "list", "--json"))[0]["fingerprint"])
    verified()
    ok("hub", "identity", "list")
    code, out, err = run("hub", "user", "add", "ming", "--role", "leader")
    assert code == 4 and "INSPECTOR_HUB_NEW_PASSWORD" in err
    ok("hub", "user", "add", "ming", "--role", "leader", env={"INSPECTOR_HUB_NEW_PASSWORD": "a long enough password 1"})
    verified()
    assert [u["login"] for u in json.loads(ok("hub", "user", "list", "--json"))] == ["ming"]


def test_errors_are_clear_and_change_nothing(env, run, pg_cluster, tmp_path, monkeypatch):
    code, out, err = run("hub", "status")
    assert code == 6 and "hub init" in err and "Traceback" not in err  # not a hub yet
    monkeypatch.setenv("INSPECTOR_HUB_PASSWORD", "wrong")
    code, out, err = run("hub", "init")
    assert code == 3 and "密码不正确" in err and "wrong user name or password" in err and "Traceback" not in err
    monkeypatch.setenv("INSPECTOR_HUB_PASSWORD", pg_cluster.password)
    code, out, err = run("hub", "init", "--url", env.replace("?", "?sslmode=disable&"))
    assert code == 4 and "verify-full" in err
    other_ca = tmp_path / "other.pem"
    other_ca.write_bytes(write_pem_ca())
    code, out, err = run("hub", "init", "--url", env.split("?")[0] + f"?sslrootcert={other_ca}")
    assert code == 7 and "证书未通过校验" in err and "Traceback" not in err
    code, out, err = run("hub", "init", "--url", env.replace(str(pg_cluster.port), "1"))
    assert code == 7 and "无法连接" in err
    code, out, err = run("hub", "status", "--url", "没有这个配置")
    assert code == 4 and "没有名为" in err
    monkeypatch.delenv("INSPECTOR_HUB_EVIDENCE_PASSPHRASE")
    code, out, err = run("hub", "init")
    assert code == 3 and "证据口令" in err


def write_pem_ca() -> bytes:
    """A CA certificate that did not sign the server's."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from tests.pgcluster import _cert

    key = ec.generate_private_key(ec.SECP256R1())
    return _cert("Another CA", key, ca=True).public_bytes(serialization.Encoding.PEM)




# ---- removing a login; changing the evidence passphrase -------------------------------------------------------

NEW_PASSWORD = "a long enough password 1"


@pytest.fixture
def hub_env(hub_address, pg_cluster, monkeypatch):
    """This test's hub (made with the quick key derivation of the tests), named by INSPECTOR_HUB."""
    url = f"postgresql://hubadmin@127.0.0.1:{pg_cluster.port}/{hub_address.database}?sslrootcert={pg_cluster.ca_file}"
    monkeypatch.setenv("INSPECTOR_HUB_PASSWORD", pg_cluster.password)
    monkeypatch.setenv("INSPECTOR_HUB", url)
    monkeypatch.setenv("INSPECTOR_HUB_NEW_PASSWORD", NEW_PASSWORD)
    return url


def test_user_remove(hub_env, hub_address, pg_cluster, run, monkeypatch):
    def ok(*args):
        code, out, err = run(*args)
        assert code == 0, f"{args}: {out}{err}"
        return out

    for login, role in (("rm_admin1", "admin"), ("rm_admin2", "admin"), ("rm_lead", "lead"), ("rm_boss", "leader")):
        ok("hub", "user", "add", login, "--role", role)
    assert "rm_boss" in ok("hub", "user", "remove", "rm_boss")
    assert "rm_boss" not in [u["login"] for u in json.loads(ok("hub", "user", "list", "--json"))]
    code, out, err = run("hub", "user", "remove", "rm_boss")
    assert code == 4 and "没有名为 rm_boss 的用户" in err and "no user named rm_boss" in err
    # as another login: the administrator may not remove itself; a lead removes no one
    monkeypatch.setenv("INSPECTOR_HUB_PASSWORD", NEW_PASSWORD)
    as_admin = hub_env.replace("hubadmin@", "rm_admin1@")
    code, out, err = run("hub", "--url", as_admin, "user", "remove", "rm_admin1")
    assert code == 4 and "不能删除当前登录的账户" in err and "the login you are signed in with" in err
    code, out, err = run("hub", "--url", hub_env.replace("hubadmin@", "rm_lead@"), "user", "remove", "rm_admin2")
    assert code == 3 and "只有办公室管理员" in err and "Traceback" not in err
    monkeypatch.setenv("INSPECTOR_HUB_PASSWORD", pg_cluster.password)
    ok("hub", "user", "remove", "rm_admin2")
    code, out, err = run("hub", "user", "remove", "rm_admin1")
    assert code == 4 and "最后一个管理员" in err and "last administrator" in err
    assert "审计链完整" in ok("hub", "audit", "verify")
    with hub_address_engine(hub_address) as conn:  # the removed logins can no longer log in
        logins = dict(conn.exec_driver_sql("SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname LIKE 'rm_%'"
                                           ).all())
    assert logins == {"rm_admin1": True, "rm_admin2": False, "rm_lead": True, "rm_boss": False}
    monkeypatch.setenv("INSPECTOR_HUB_PASSWORD", NEW_PASSWORD)
    code, _, err = run("hub", "--url", hub_env.replace("hubadmin@", "rm_boss@"), "status")
    assert code == 3 and "Traceback" not in err


def hub_address_engine(address):
    import contextlib

    from inspector.hub.connection import make_engine

    @contextlib.contextmanager
    def connected():
        engine = make_engine(address)
        try:
            with engine.connect() as conn:
                yield conn
        finally:
            engine.dispose()

    return connected()


def test_evidence_passphrase(hub_env, hub_address, run, monkeypatch):
    import keyring

    from inspector import keystore
    from inspector.errors import AuthError
    from inspector.hub.store import EVIDENCE_KEYRING_SERVICE, Hub
    from tests.memory_keyring import MemoryKeyring

    new = "a new evidence 证据 passphrase"
    monkeypatch.setenv("INSPECTOR_HUB_EVIDENCE_PASSPHRASE", "not the passphrase")
    monkeypatch.setenv("INSPECTOR_HUB_NEW_EVIDENCE_PASSPHRASE", new)
    code, out, err = run("hub", "evidence-passphrase")
    assert code == 3 and "集中库证据口令不正确" in err and "Wrong evidence passphrase" in err
    assert "Traceback" not in err
    monkeypatch.setenv("INSPECTOR_HUB_EVIDENCE_PASSPHRASE", HUB_EVIDENCE_PASSPHRASE)
    monkeypatch.setenv("INSPECTOR_HUB_NEW_EVIDENCE_PASSPHRASE", "short")
    code, out, err = run("hub", "evidence-passphrase")
    assert code == 4 and "至少需要 8 个字符" in err
    monkeypatch.delenv("INSPECTOR_HUB_NEW_EVIDENCE_PASSPHRASE")
    code, out, err = run("hub", "evidence-passphrase")
    assert code == 4 and "INSPECTOR_HUB_NEW_EVIDENCE_PASSPHRASE" in err
    monkeypatch.setenv("INSPECTOR_HUB_NEW_EVIDENCE_PASSPHRASE", new)
    code, out, err = run("hub", "evidence-passphrase")
    assert code == 0 and "证据口令已更改" in out, out + err
    code, out, err = run("hub", "audit", "verify")
    assert code == 0 and "审计链完整" in out
    with Hub.open(hub_address) as hub:  # this machine's keyring keeps the evidence key
        assert hub.evidence.unlocked and hub.signing_keys.unlocked
        assert keystore.load_secret(EVIDENCE_KEYRING_SERVICE, hub.vault_id)
    keyring.set_keyring(MemoryKeyring())  # another machine: the new passphrase unlocks it, the old one no more
    with Hub.open(hub_address, evidence_passphrase=new) as hub:
        assert hub.evidence.unlocked
    keyring.set_keyring(MemoryKeyring())
    with pytest.raises(AuthError, match="集中库证据口令不正确"):
        Hub.open(hub_address, evidence_passphrase=HUB_EVIDENCE_PASSPHRASE)


def test_a_machine_without_the_evidence_key_neither_signs_nor_decrypts(hub_env, run, demo_vault, demo_env,
                                                                       tmp_path, monkeypatch):
    """The hub's signing key is sealed: where the evidence key is locked, ingest says so in both languages."""
    import keyring

    from tests.memory_keyring import MemoryKeyring

    def ok(*args):
        code, out, err = run(*args)
        assert code == 0, f"{args}: {out}{err}"
        return out

    monkeypatch.setenv("INSPECTOR_HUB_EVIDENCE_PASSPHRASE", HUB_EVIDENCE_PASSPHRASE)
    ok("hub", "identity", "create", "--name", "王芳")
    ok("hub", "identity", "export-cert", "--out", tmp_path / "hub.pem")
    ok("hub", "trust", "add", write_pem(demo_vault, tmp_path / "laptop.pem"), "--label", "李明的笔记本")
    ok("trust", "add", tmp_path / "hub.pem", "--label", "办公室")
    bundle = tmp_path / "laptop.bundle"
    ok("bundle", "export", "--to", "办公室", "--scope", "field", "--out", bundle)
    keyring.set_keyring(MemoryKeyring())
    monkeypatch.delenv("INSPECTOR_HUB_EVIDENCE_PASSPHRASE")
    code, out, err = run("hub", "ingest", bundle, "--ack-dir", tmp_path / "acks")
    assert code == 4 and "签名密钥已锁定" in err and "signing keys are locked" in err and "Traceback" not in err
    monkeypatch.setenv("INSPECTOR_HUB_EVIDENCE_PASSPHRASE", HUB_EVIDENCE_PASSPHRASE)
    out = ok("hub", "ingest", bundle, "--ack-dir", tmp_path / "acks")  # decrypted, and the ack signed
    assert "✓" in out and "收讫回执" in out
    assert "审计链完整" in ok("hub", "audit", "verify")

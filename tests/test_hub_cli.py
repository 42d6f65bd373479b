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



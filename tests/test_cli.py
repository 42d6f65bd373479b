"""The ``inspector`` command: every command of the foundation, its output and its exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from inspector import __version__
from inspector.errors import ExitCode


def test_version_and_python_dash_m():
    result = subprocess.run([sys.executable, "-m", "inspector", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and __version__ in result.stdout


def test_init_creates_a_vault_that_lists_the_default_checklist(run, tmp_path):
    path = tmp_path / "new.vault"
    code, out, err = run("--vault", str(path), "init", "--audit-hash", "sha256",
                         env={"INSPECTOR_PASSPHRASE": "一个足够长的口令"})
    assert code == 0 and "已创建保险库" in out and path.exists()
    code, out, _ = run("plans", "list", "--vault", str(path), "--json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = run("init", "--vault", str(path))
    assert code == ExitCode.BAD_INPUT


def test_listings_in_json_and_text(run, demo_env):
    code, out, _ = run("findings", "list", "--json")
    findings = json.loads(out)
    assert code == 0 and len(findings) >= 3 and {"id", "title", "severity", "status"} <= set(findings[0])
    code, out, _ = run("findings", "list")
    assert code == 0 and "重大" in out and findings[0]["title"] in out
    for name in ("plans", "departments", "inspections"):
        code, out, _ = run(name, "list", "--json")
        assert code == 0 and len(json.loads(out)) >= 1
    code, out, _ = run("departments", "list", "--json")
    assert len(json.loads(out)) >= 3


def test_checklist_show(run):
    code, out, _ = run("checklist", "show", "--json")
    data = json.loads(out)
    assert code == 0 and len(data["items"]) >= 40 and len(data["sections"]) == 9
    code, out, _ = run("checklist", "show")
    assert code == 0 and "第13条" in out


def test_wrong_passphrase_exit_code_and_message(run, demo_env):
    code, out, err = run("findings", "list", env={"INSPECTOR_PASSPHRASE": "wrong passphrase"})
    assert code == ExitCode.AUTH and "恢复口令不正确" in err and "Wrong recovery passphrase" in err
    assert "Traceback" not in err


def test_no_passphrase_without_a_terminal_is_an_auth_error(run, demo_env, monkeypatch):
    monkeypatch.delenv("INSPECTOR_PASSPHRASE")
    code, _, err = run("plans", "list")
    assert code == ExitCode.AUTH and "INSPECTOR_PASSPHRASE" in err


def test_missing_vault_is_bad_input(run, tmp_path):
    code, _, err = run("plans", "list", "--vault", str(tmp_path / "none.vault"))
    assert code == ExitCode.BAD_INPUT and "找不到保险库" in err


def test_audit_verify_and_vault_check_pass_then_catch_tampering(run, demo_env):
    code, out, _ = run("audit", "verify")
    assert code == 0 and "审计链完整" in out and "SM3" in out
    code, out, _ = run("vault", "check")
    assert code == 0 and "✗" not in out
    import sqlcipher3

    from inspector.vault import Vault

    with Vault.open(demo_env) as v:
        key = v.key
    conn = sqlcipher3.connect(str(demo_env), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("DROP TRIGGER audit_event_no_update")
    conn.execute("UPDATE audit_event SET action = 'nothing.happened' WHERE seq = 7")
    conn.close()
    code, _, err = run("audit", "verify")
    assert code == ExitCode.INTEGRITY and "第 7 条" in err
    code, out, _ = run("vault", "check")
    assert code == ExitCode.INTEGRITY and "✗" in out


def test_backup_and_restore(run, demo_env, tmp_path):
    backup = tmp_path / "demo.backup"
    code, out, _ = run("vault", "backup", "--out", str(backup))
    assert code == 0 and backup.exists() and "SHA-256" in out
    target = tmp_path / "restored.vault"
    code, out, _ = run("vault", "restore", str(backup), "--vault", str(target))
    assert code == 0 and target.exists()
    code, out, _ = run("findings", "list", "--json", "--vault", str(target))
    assert code == 0 and len(json.loads(out)) >= 3
    code, _, err = run("vault", "restore", str(backup), "--vault", str(tmp_path / "x.vault"),
                       env={"INSPECTOR_PASSPHRASE": "not it at all"})
    assert code == ExitCode.AUTH and not (tmp_path / "x.vault").exists()


def test_change_passphrase_and_rekey(run, demo_env, memory_keyring):
    code, out, _ = run("vault", "change-passphrase", env={"INSPECTOR_NEW_PASSPHRASE": "全新的口令 new one"})
    assert code == 0 and "已更换" in out
    memory_keyring.store.clear()
    code, _, _ = run("plans", "list")
    assert code == ExitCode.AUTH  # the environment still has the old one
    os.environ["INSPECTOR_PASSPHRASE"] = "全新的口令 new one"
    code, out, _ = run("vault", "rekey")
    assert code == 0 and "数据库密钥已更换" in out
    code, out, _ = run("audit", "verify")
    assert code == 0


def test_demo_command(run, tmp_path, monkeypatch):
    path = tmp_path / "d.vault"
    code, out, _ = run("demo", "--vault", str(path))
    assert code == 0 and "jincheng-demo-2026" in out and path.exists()
    code, out, _ = run("demo", "--vault", str(path))
    assert code == ExitCode.BAD_INPUT  # never replaced silently
    code, out, _ = run("demo", "--vault", str(path), "--force")
    assert code == 0


def test_no_command_prints_a_traceback_or_what_it_was_handling(run, demo_env, monkeypatch):
    """An unexpected error (a bug) is one line in both languages and exit 1 — not a traceback, which could quote
    the data the command had decrypted; INSPECTOR_DEBUG=1 lets the traceback through for a bug report."""
    from inspector.services import queries

    def broken(session):
        raise RuntimeError("机密内容 secret-row-content")

    monkeypatch.setattr(queries, "list_plans", broken)
    code, out, err = run("plans", "list")
    assert code == 1 and "Traceback" not in err and "secret-row-content" not in err + out
    assert "内部错误（RuntimeError）" in err and "Internal error (RuntimeError)" in err and "INSPECTOR_DEBUG=1" in err
    monkeypatch.setenv("INSPECTOR_DEBUG", "1")
    with pytest.raises(RuntimeError, match="secret-row-content"):
        run("plans", "list")

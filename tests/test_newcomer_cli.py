"""What a newcomer meets on a fresh clone: the README's commands as written, and messages that say what to do."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from inspector import api
from inspector.errors import ExitCode, unreadable
from inspector.vault import copy_vault
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent


CLI_SECTION = "## Using it from the command line"
DEMO_VAULT = "~/.local/share/Inspector/demo.vault"  # the quick start's demo vault, as the README names it


def readme_text() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def cli_section() -> str:
    return readme_text().split(CLI_SECTION, 1)[1].split("\n## ", 1)[0]


def bash_lines(text: str) -> list[tuple[str, str]]:
    """(command, comment) of every line of the ```bash blocks of ``text``."""
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            command, _, comment = line.partition(" #")
            if command.strip():
                lines.append((command.strip(), comment.strip()))
    return lines


def readme_walk_through() -> list[str]:
    """Every line of the README's "Using it from the command line" blocks, comments removed."""
    return [command for command, _ in bash_lines(cli_section())]


def readme_commands() -> list[str]:
    """Its ``inspector …`` lines."""
    return [line for line in readme_walk_through() if line.startswith("inspector ")]


def test_the_test_below_runs_every_command_line_of_the_readme():
    """A line of the README a reader would run at the command line is run by the walk-through test: every
    ``inspector`` line is in its section, no comment hides a command to run next, and the only inline
    command that is not a line of the walk-through (`inspector demo`) is run by the test after it."""
    text = readme_text()
    outside = [c for c, _ in bash_lines(text.replace(cli_section(), "")) if c.startswith("inspector ")]
    assert outside == [], "inspector commands outside the walk-through (not run by its test)"
    from inspector.cli import cli

    command = re.compile(r"\binspector (--vault \S+ )?(%s)\b" % "|".join(map(re.escape, cli.commands)))
    hidden = [comment for _, comment in bash_lines(cli_section()) if command.search(comment)]
    assert hidden == [], "a command in a comment is not run: give it a line of its own"
    inline = set(re.findall(r"(?<!`)`(inspector [a-z][^`]*)`", re.sub(r"\s+", " ", text)))
    assert inline - set(readme_commands()) == {"inspector demo"}, inline
    shell = [line for line in readme_walk_through() if not line.startswith("inspector ")]
    assert shell == [". .venv/bin/activate", f"export INSPECTOR_VAULT={DEMO_VAULT}", 'cd "$(mktemp -d)"'], \
        "a shell line the walk-through test does not know how to run"


def test_the_readme_command_line_walk_through_runs_as_written(run, demo_env, tmp_path, monkeypatch):
    commands = readme_commands()
    assert any("bundle import" in c for c in commands) and any("export record" in c for c in commands)
    assert any(c.startswith("inspector --vault office.vault bundle conflicts") for c in commands)
    ids = {}  # what a reader copies from one command's output into the next
    for line in readme_walk_through():
        if line == ". .venv/bin/activate":
            continue  # the tests run in the virtual environment already
        if line.startswith("export INSPECTOR_VAULT="):
            monkeypatch.setenv("INSPECTOR_VAULT", str(demo_env))  # this test's copy of the demo vault
            continue
        if line == 'cd "$(mktemp -d)"':
            monkeypatch.chdir(tmp_path)
            continue
        command = line
        args = [ids.get(a, a) for a in shlex.split(command)[1:]]
        code, out, err = run(*args)
        assert code == 0, f"{command}\n{out}\n{err}"
        if args[:2] == ["inspections", "list"]:
            ids["ID"] = out.splitlines()[1].split("\t")[0]
        if args[:2] == ["notices", "list"]:
            ids["NOTICE_ID"] = out.splitlines()[1].split("\t")[0]
        if args[:2] == ["notices", "show"]:
            ids["FINDING_ID"] = out.split("问题 / findings:", 1)[1].split()[1]
    assert {"ID", "NOTICE_ID", "FINDING_ID"} <= set(ids)
    code, out, _ = run("--vault", "office.vault", "findings", "list", "--json")
    assert code == 0 and len(json.loads(out)) >= 3  # the office received the field laptop's findings


def test_inspector_demo_builds_where_inspector_vault_points(run, tmp_path, monkeypatch):
    """The README's `inspector demo`, with INSPECTOR_VAULT exported as the walk-through does."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # the user data folder: must stay empty
    monkeypatch.setattr("inspector.cli.vault.default_demo_vault_path", lambda: tmp_path / "home" / "demo.vault")
    monkeypatch.setenv("INSPECTOR_VAULT", str(tmp_path / "here" / "demo.vault"))
    monkeypatch.delenv("INSPECTOR_PASSPHRASE", raising=False)
    code, out, err = run("demo")
    assert code == 0, err
    assert (tmp_path / "here" / "demo.vault").is_file() and not (tmp_path / "home" / "demo.vault").exists()
    assert f"demo vault created: {tmp_path / 'here' / 'demo.vault'}" in out


def test_demo_over_an_existing_demo_vault_says_how_to_use_it(run, demo_vault_path):
    code, _, err = run("demo", "--vault", demo_vault_path)
    assert code == ExitCode.BAD_INPUT
    assert "演示保险库已存在" in err and "jincheng-demo-2026" in err and "--force" in err
    assert err.index("演示保险库已存在") < err.index("The demo vault already exists")


def test_a_missing_vault_names_the_ways_to_point_at_one_and_the_demo(run, demo_vault_path, tmp_path, monkeypatch):
    monkeypatch.setattr("inspector.cli.base.default_demo_vault_path", lambda: demo_vault_path)
    code, _, err = run("--vault", tmp_path / "none.vault", "plans", "list")
    assert code == ExitCode.BAD_INPUT and "找不到保险库" in err and "INSPECTOR_VAULT" in err
    assert f"演示保险库在：{demo_vault_path}" in err and f"The demo vault is at: {demo_vault_path}" in err


def test_without_keyring_or_terminal_the_error_says_why_and_what_to_do(run, demo_vault_path):
    keyring.set_keyring(fail.Keyring())
    code, _, err = run("--vault", demo_vault_path, "plans", "list")
    assert code == ExitCode.AUTH
    assert "INSPECTOR_PASSPHRASE" in err and "没有安全的系统密钥环" in err and "GNOME" in err
    assert "No secure system keyring" in err and "Traceback" not in err


def test_the_keyring_note_tells_what_to_do_and_is_quiet_once_the_passphrase_is_in_the_environment(
        run, demo_vault_path, tmp_path):
    keyring.set_keyring(fail.Keyring())
    code, _, err = run("--vault", tmp_path / "new.vault", "init", env={"INSPECTOR_NEW_PASSPHRASE": "新保险库的口令 1"})
    assert code == 0 and "提示：本机没有安全的系统密钥环" in err and "INSPECTOR_PASSPHRASE" in err and "GNOME" in err
    code, out, err = run("--vault", demo_vault_path, "plans", "list", env={"INSPECTOR_PASSPHRASE": PASSPHRASE})
    assert code == 0 and "密钥环" not in err and "2026" in out
    code, out, err = run("--vault", tmp_path / "quiet.vault", "init")  # INSPECTOR_PASSPHRASE set: init is quiet too
    assert code == 0 and "密钥环" not in err and "keyring" not in err and err.strip() == ""


def test_init_takes_the_new_passphrase_before_another_vaults_passphrase(run, tmp_path):
    path = tmp_path / "office.vault"
    code, _, _ = run("--vault", path, "init",
                     env={"INSPECTOR_PASSPHRASE": "the other vault's one", "INSPECTOR_NEW_PASSPHRASE": "办公室的新恢复口令 2026"})
    assert code == 0
    with api.open_vault(path, passphrase="办公室的新恢复口令 2026", use_keyring=False):
        pass


def test_listings_show_plan_and_inspection_status_in_chinese(run, demo_env):
    code, out, _ = run("plans", "list")
    assert code == 0 and "\t进行中\t" in out and "active" not in out
    code, out, _ = run("inspections", "list")
    assert code == 0 and "已完成" in out and "进行中" in out and "in_progress" not in out
    code, out, _ = run("inspections", "list", "--json")
    assert {row["status"] for row in json.loads(out)} <= {"planned", "in_progress", "completed"}  # JSON keeps values
    code, out, _ = run("--help")
    assert "检查计划 / plans" in out and "实地检查 / inspections" in out


@pytest.mark.parametrize("command", [("bundle", "inspect"), ("bundle", "import"), ("verify",), ("trust", "add"),
                                     ("identity", "import"), ("selfreport", "import")])
def test_a_missing_file_is_named_in_chinese_then_english(run, demo_env, tmp_path, command):
    missing = tmp_path / "nothing.here"
    code, _, err = run(*command, missing)
    assert code == ExitCode.BAD_INPUT, err
    assert f"{missing}（文件不存在）" in err and f"{missing} (no such file)" in err
    assert "Errno" not in err and "No such file or directory" not in err


def test_why_a_file_could_not_be_read_is_said_in_both_languages(tmp_path):
    for exc, zh, en in [(IsADirectoryError(21, "Is a directory"), "这是文件夹，不是文件", "it is a folder, not a file"),
                        (PermissionError(13, "Permission denied"), "没有读取权限", "permission denied"),
                        (OSError(5, "Input/output error"), "系统错误：Input/output error", "Input/output error")]:
        error = unreadable(tmp_path / "a.pem", exc, "证书文件", "certificate file")
        assert error.zh == f"无法读取证书文件：{tmp_path / 'a.pem'}（{zh}）"
        assert error.en == f"Cannot read the certificate file {tmp_path / 'a.pem'} ({en})"
        assert error.exit_code == ExitCode.BAD_INPUT


def test_identity_create_name_sets_up_a_fresh_vaults_inspector(run, tmp_path, monkeypatch):
    path = tmp_path / "office.vault"
    monkeypatch.setenv("INSPECTOR_PASSPHRASE", PASSPHRASE)
    assert run("--vault", path, "init")[0] == 0
    code, _, err = run("--vault", path, "identity", "create")
    assert code == ExitCode.BAD_INPUT and "inspector identity create --name" in err
    code, _, err = run("--vault", path, "identity", "create", "--name", "王芳", "--inspector", "x")
    assert code == ExitCode.USAGE
    code, out, _ = run("--vault", path, "identity", "create", "--name", "王芳", "--badge-no", "晋执 14050009")
    assert code == 0 and "本机检查人员 / this vault's inspector: 王芳" in out and "签名身份 / identity: 王芳" in out
    code, _, err = run("--vault", path, "identity", "create", "--name", "张伟")
    assert code == ExitCode.BAD_INPUT and "本机检查人员已是“王芳”" in err
    code, out, _ = run("--vault", path, "identity", "create", "--name", "王芳")  # the same name: a second key, fine
    assert code == 0
    code, out, _ = run("--vault", path, "identity", "list", "--json")
    assert code == 0 and [row["name"] for row in json.loads(out)] == ["王芳", "王芳"]
    code, out, _ = run("--vault", path, "identity", "export-cert", "--out", tmp_path / "office.pem")
    assert code == 0 and (tmp_path / "office.pem").read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")


def _office(run, tmp_path) -> Path:
    path = tmp_path / "office.vault"
    assert run("--vault", path, "init")[0] == 0
    assert run("--vault", path, "identity", "create", "--name", "王芳")[0] == 0
    assert run("--vault", path, "identity", "export-cert", "--out", tmp_path / "office.pem")[0] == 0
    return path


def test_an_unknown_sender_gets_the_command_that_trusts_them(run, demo_env, tmp_path):
    office = _office(run, tmp_path)
    bundle = tmp_path / "field.inspbundle"
    assert run("bundle", "export", "--to", tmp_path / "office.pem", "--out", bundle)[0] == 0
    code, _, err = run("--vault", office, "bundle", "inspect", bundle)
    assert code == ExitCode.BAD_INPUT and "不在信任列表中" in err
    hint = re.search(r"核对无误后可运行：(inspector bundle import .*)", err)
    assert hint and "Once checked: inspector bundle import" in err
    code, out, _ = run("--vault", office, *shlex.split(hint.group(1))[1:])
    assert code == 0 and "已导入" in out


def test_an_ambiguous_recipient_lists_the_fingerprints_to_choose_from(run, demo_env, tmp_path):
    office = _office(run, tmp_path)
    assert run("trust", "add", tmp_path / "office.pem", "--label", "办公室")[0] == 0
    assert run("--vault", office, "identity", "create")[0] == 0  # a renewed key: a second certificate
    second = tmp_path / "office2.pem"
    code, out, _ = run("--vault", office, "identity", "export-cert", "--out", second)
    assert code == 0 and run("trust", "add", second, "--label", "办公室")[0] == 0
    code, _, err = run("bundle", "export", "--to", "办公室", "--out", tmp_path / "b.inspbundle")
    assert code == ExitCode.BAD_INPUT and "对应多个证书" in err
    assert len(re.findall(r"办公室 [0-9A-F]{4}(?: [0-9A-F]{4}){3}…", err)) == 4  # two in Chinese, two in English


def test_the_api_expands_a_home_relative_path(demo_vault_path, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(demo_vault_path.parent))
    with api.open_vault(f"~/{demo_vault_path.name}", passphrase=PASSPHRASE) as vault, vault.session() as s:
        assert api.list_plans(s)
    with api.create_vault("~/new.vault", PASSPHRASE, use_keyring=False):
        pass
    assert (demo_vault_path.parent / "new.vault").is_file()


def test_the_api_example_in_the_docs_runs(demo_vault_path, tmp_path, monkeypatch, capsys):
    text = (ROOT / "docs" / "API.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, flags=re.S).group(1)
    monkeypatch.setenv("HOME", str(tmp_path))
    demo = tmp_path / ".local" / "share" / "Inspector" / "demo.vault"
    demo.parent.mkdir(parents=True)
    copy_vault(demo_vault_path, demo)
    assert '"~/.local/share/Inspector/demo.vault"' in code
    exec(compile(code.replace("jincheng-demo-2026", PASSPHRASE), "API.md", "exec"), {})  # the tests' demo copy
    assert "2026年度全市政务数据安全监督检查" in capsys.readouterr().out

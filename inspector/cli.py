"""The ``inspector`` command line. Every command calls the same services as the UI.

Exit codes are listed in :class:`inspector.errors.ExitCode` and docs/CLI.md.
Passphrases come from the keyring, ``INSPECTOR_PASSPHRASE`` (and
``INSPECTOR_NEW_PASSPHRASE`` for a new one), or a hidden prompt on a terminal;
they are never accepted as command-line arguments, which other users could see.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

import click

from inspector import __version__, audit, keystore
from inspector.errors import AuthError, BadInputError, ExitCode, InspectorError, NotFoundError
from inspector.model import FindingStatus, InspectionStatus, PlanStatus, Severity
from inspector.paths import default_demo_vault_path, default_vault_path
from inspector.vault import PASSPHRASE_ENV, Vault

NEW_PASSPHRASE_ENV = "INSPECTOR_NEW_PASSPHRASE"
log = logging.getLogger("inspector")


# ---- helpers -------------------------------------------------------------------------------


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


_LABELS = {"severity": Severity, "status": FindingStatus}


def _cell(key: str, value: Any, labels: dict[str, Any] | None = None) -> str:
    if value is None:
        return ""
    enum = (labels or _LABELS).get(key)
    if enum is not None and value in enum._value2member_map_:
        return enum(value).zh
    return str(value)


def emit_table(rows: list[dict[str, Any]], columns: list[tuple[str, str]], labels: dict[str, Any] | None = None) -> None:
    """Tab-separated rows; ``labels`` maps a column to the enum whose Chinese label replaces its value."""
    if not rows:
        click.echo("（无记录） (none)")
        return
    click.echo("\t".join(title for _, title in columns))
    for row in rows:
        click.echo("\t".join(_cell(key, row.get(key), labels) for key, _ in columns))


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def prompt_passphrase() -> str:
    if not _interactive():
        zh = f"需要恢复口令：请在终端中运行，或设置环境变量 {PASSPHRASE_ENV}。"
        en = f"The recovery passphrase is needed: run in a terminal or set {PASSPHRASE_ENV}."
        st = keystore.status()
        if not st.usable:  # why the keyring could not spare the passphrase
            zh, en = f"{zh}\n{st.reason_zh}", f"{en}\n{st.reason_en}"
        raise AuthError(zh, en)
    return click.prompt("恢复口令 / Recovery passphrase", hide_input=True)


def new_passphrase(env: str) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not _interactive():
        raise AuthError(f"需要设置新的恢复口令：请在终端中运行，或设置环境变量 {env}。",
                        f"A new recovery passphrase is needed: run in a terminal or set {env}.")
    return click.prompt("新的恢复口令 / New recovery passphrase", hide_input=True,
                       confirmation_prompt="再次输入 / Repeat")


def current_passphrase() -> str:
    return os.environ.get(PASSPHRASE_ENV) or prompt_passphrase()


def vault_path(ctx: click.Context, override: str | None) -> Path:
    if override:
        return Path(override).expanduser()
    return ctx.obj.get("vault") or default_vault_path()


def open_vault(ctx: click.Context, override: str | None = None) -> Vault:
    path = vault_path(ctx, override)
    if not path.is_file():
        raise missing_vault(path)
    vault = Vault.open(path, prompt=prompt_passphrase)
    ctx.call_on_close(vault.close)
    if not os.environ.get(PASSPHRASE_ENV):  # whoever set it has already chosen how to live without a keyring
        tell_keyring(vault)
    return vault


def missing_vault(path: Path) -> NotFoundError:
    """No vault where the command looked: say where it looked and how to point it elsewhere."""
    zh = (f"找不到保险库：{path}。请先运行“inspector init”创建，"
          "或用 --vault 或环境变量 INSPECTOR_VAULT 指定位置。")
    en = f"No vault at {path}. Create one with `inspector init`, or point --vault or INSPECTOR_VAULT at it."
    demo = default_demo_vault_path()
    if demo.is_file() and demo != path:
        zh += f"\n演示保险库在：{demo}"
        en += f"\nThe demo vault is at: {demo}"
    return NotFoundError(zh, en)


def tell_keyring(vault: Vault) -> None:
    st = vault.keyring_status
    if st is not None and not st.usable:
        click.echo(f"提示：{st.reason_zh}命令行与脚本也可设置环境变量 {PASSPHRASE_ENV}。\n"
                   f"Note: {st.reason_en} On the command line and in scripts, {PASSPHRASE_ENV} can hold it.",
                   err=True)


def progress_printer(label: str) -> Callable[[int, int, str], None]:
    last = {"pct": -1}

    def report(done: int, total: int, message: str = "") -> None:
        pct = int(done * 100 / total) if total else 100
        if pct != last["pct"] and sys.stderr.isatty():
            last["pct"] = pct
            click.echo(f"\r{label} {pct:3d}%", nl=pct >= 100, err=True)

    return report


vault_option = click.option("--vault", "vault_override", metavar="PATH", default=None,
                            help="保险库文件 / vault file (default: $INSPECTOR_VAULT or the user data folder)")
json_option = click.option("--json", "as_json", is_flag=True, help="输出 JSON / print JSON")


# ---- the command tree ------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="inspector")
@click.option("--vault", metavar="PATH", default=None, help="保险库文件 / vault file")
@click.pass_context
def cli(ctx: click.Context, vault: str | None) -> None:
    """Inspector — 政务数据安全监督检查 (offline, encrypted)."""
    ctx.ensure_object(dict)
    ctx.obj["vault"] = Path(vault).expanduser() if vault else None


@cli.command()
@vault_option
@click.option("--audit-hash", type=click.Choice(sorted(audit.HASH_ALGORITHMS)), default=audit.DEFAULT_HASH,
              show_default=True, help="审计链哈希算法 / audit-chain hash")
@click.pass_context
def init(ctx, vault_override, audit_hash):
    """创建新的加密保险库 / create a new encrypted vault."""
    from inspector.services.setup import create_vault

    path = vault_path(ctx, vault_override)
    # the new passphrase's own variable first: INSPECTOR_PASSPHRASE may still hold another vault's
    passphrase = os.environ.get(NEW_PASSPHRASE_ENV) or os.environ.get(PASSPHRASE_ENV) or new_passphrase(NEW_PASSPHRASE_ENV)
    vault = create_vault(path, passphrase, audit_hash=audit_hash)
    ctx.call_on_close(vault.close)
    click.echo(f"已创建保险库 / vault created: {path}")
    tell_keyring(vault)


@cli.command()
@vault_option
@click.option("--force", is_flag=True, help="替换已有的演示保险库 / replace an existing demo vault")
@click.pass_context
def demo(ctx, vault_override, force):
    """创建演示保险库 / create a demo vault (passphrase printed)."""
    from inspector.services.demo import DEMO_PASSPHRASE, build_demo
    from inspector.vault import vault_files

    path = Path(vault_override).expanduser() if vault_override else (ctx.obj.get("vault") or default_demo_vault_path())
    if force:
        for f in vault_files(path):
            f.unlink(missing_ok=True)
    elif path.exists():  # e.g. the quick start already made it: say how to use it, never replace it silently
        raise BadInputError(
            f"演示保险库已存在：{path}（恢复口令 {DEMO_PASSPHRASE}），可直接使用；要重新生成，请加 --force。",
            f"The demo vault already exists: {path} (passphrase {DEMO_PASSPHRASE}); use it as it is, "
            "or add --force to build it anew.")
    vault = build_demo(path, progress=progress_printer("演示数据 / demo"))
    ctx.call_on_close(vault.close)
    click.echo(f"已创建演示保险库 / demo vault created: {path}\n恢复口令 / passphrase: {DEMO_PASSPHRASE}")
    tell_keyring(vault)


# ---- checklist and listings ------------------------------------------------------------------------


@cli.group()
def checklist():
    """检查清单 / the checklist."""


@checklist.command("show")
@json_option
def checklist_show(as_json):
    """显示默认检查清单 / show the default checklist (from the regulation)."""
    from inspector.regulation import load_checklist

    data = load_checklist()
    if as_json:
        emit_json(data)
        return
    click.echo(f"{data['name']} v{data['version']}  ({len(data['items'])} 项 / items)")
    for section in data["sections"]:
        click.echo(f"\n{section['clause']} {section['title']}")
        for item in (i for i in data["items"] if i["section"] == section["number"]):
            arts = "、".join(f"第{a}条" for a in item["articles"])
            click.echo(f"  {item['code']}  {item['title']}  [{arts}]")


def _listing(name: str, loader: str, columns: list[tuple[str, str]], help_text: str,
             labels: dict[str, Any] | None = None):
    group = click.Group(name, help=f"{help_text} / {name}")

    @group.command("list")
    @vault_option
    @json_option
    @click.pass_context
    def _list(ctx, vault_override, as_json):
        from inspector.services import queries

        vault = open_vault(ctx, vault_override)
        with vault.session() as s:
            rows = getattr(queries, loader)(s)
        emit_json(rows) if as_json else emit_table(rows, columns, labels)

    _list.help = f"列出{help_text} / list {name}"
    cli.add_command(group)


_listing("plans", "list_plans", [("id", "ID"), ("year", "年度"), ("title", "计划"), ("status", "状态"),
                                 ("targets", "单位数")], "检查计划", {"status": PlanStatus})
_listing("departments", "list_departments", [("id", "ID"), ("name", "单位"), ("code", "代码")], "被检查单位")
_listing("inspections", "list_inspections", [("id", "ID"), ("department", "单位"), ("status", "状态"),
                                             ("answered", "已检查项")], "实地检查", {"status": InspectionStatus})
_listing("findings", "list_findings", [("id", "ID"), ("department", "单位"), ("title", "问题"),
                                       ("severity", "程度"), ("status", "状态"), ("deadline", "期限")], "问题")


# ---- audit and vault maintenance -------------------------------------------------------------------


@cli.group("audit")
def audit_group():
    """审计日志 / the audit trail."""


@audit_group.command("verify")
@vault_option
@click.pass_context
def audit_verify(ctx, vault_override):
    """重新计算审计链 / recompute the audit chain and report the first broken link."""
    vault = open_vault(ctx, vault_override)
    with vault.engine.connect() as conn:
        report = audit.verify(conn, vault.audit_hash, vault.vault_id)
    if report.ok:
        click.echo(f"审计链完整：{report.events} 条事件（{vault.audit_hash.upper()}）\n"
                   f"Audit chain intact: {report.events} events ({vault.audit_hash.upper()})")
        return
    for zh, en in report.problems:
        click.echo(f"{zh}\n{en}", err=True)
    ctx.exit(ExitCode.INTEGRITY)


@cli.group("vault")
def vault_group():
    """保险库维护 / vault maintenance."""


@vault_group.command("check")
@vault_option
@click.pass_context
def vault_check(ctx, vault_override):
    """完整性检查 / integrity_check, cipher_integrity_check, evidence and audit verification."""
    from inspector.services.maintenance import check_vault

    vault = open_vault(ctx, vault_override)
    report = check_vault(vault, progress_printer("检查 / check"))
    for zh, en in report.lines:
        click.echo(f"{zh}\n    {en}")
    if not report.ok:
        ctx.exit(ExitCode.INTEGRITY)


@vault_group.command("backup")
@vault_option
@click.option("--out", required=True, metavar="FILE", help="备份文件 / backup file")
@click.pass_context
def vault_backup(ctx, vault_override, out):
    """加密备份 / consistent encrypted snapshot, safe while the vault is in use."""
    from inspector.services.maintenance import backup

    vault = open_vault(ctx, vault_override)
    header = backup(vault, Path(out), progress_printer("备份 / backup"))
    click.echo(f"已备份 / backed up: {out}\nSHA-256 {header['sha256']}")


@vault_group.command("restore")
@click.argument("backup_file", metavar="FILE")
@click.option("--vault", "target", required=True, metavar="NEWPATH", help="恢复到的新位置 / where to restore")
@click.pass_context
def vault_restore(ctx, backup_file, target):
    """检查后恢复备份 / check a backup, then restore it to a new vault file."""
    from inspector.services.maintenance import restore

    vault = restore(Path(backup_file), Path(target), current_passphrase(), progress_printer("恢复 / restore"))
    ctx.call_on_close(vault.close)
    click.echo(f"已检查并恢复 / checked and restored: {target}")


@vault_group.command("change-passphrase")
@vault_option
@click.pass_context
def vault_change_passphrase(ctx, vault_override):
    """更换恢复口令（不重写数据库）/ change the recovery passphrase (database untouched)."""
    old = current_passphrase()
    vault = Vault.open(vault_path(ctx, vault_override), passphrase=old)
    ctx.call_on_close(vault.close)
    vault.change_passphrase(old, new_passphrase(NEW_PASSPHRASE_ENV))
    click.echo("恢复口令已更换。旧备份仍需旧口令恢复。\n"
               "Passphrase changed. Older backups still need the old passphrase.")


@vault_group.command("rekey")
@vault_option
@click.pass_context
def vault_rekey(ctx, vault_override):
    """更换数据库密钥 / replace the database key itself (re-encrypts every page)."""
    passphrase = current_passphrase()
    vault = Vault.open(vault_path(ctx, vault_override), passphrase=passphrase)
    ctx.call_on_close(vault.close)
    vault.rekey(passphrase)
    click.echo("数据库密钥已更换。\nThe database key was replaced.")
    tell_keyring(vault)


# ---- entry point -----------------------------------------------------------------------------


# The other command groups register themselves on ``cli`` when imported.
from inspector import cli_documents, cli_signing  # noqa: E402,F401
from inspector import cli_forms  # noqa: E402,F401
from inspector import cli_sync  # noqa: E402,F401


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        code = cli.main(args=argv, prog_name="inspector", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("已取消 / cancelled", err=True)
        sys.exit(ExitCode.BAD_INPUT)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except InspectorError as exc:
        click.echo(f"错误：{exc.zh}\nError: {exc.en}" + (f"\n（{exc.detail}）" if exc.detail else ""), err=True)
        sys.exit(exc.exit_code)
    except Exception:
        if os.environ.get("INSPECTOR_DEBUG"):
            raise
        log.exception("internal error")
        click.echo("内部错误，请将以上信息报告给维护人员。\nInternal error; please report the message above.", err=True)
        sys.exit(ExitCode.INTERNAL)
    sys.exit(code if isinstance(code, int) else ExitCode.OK)

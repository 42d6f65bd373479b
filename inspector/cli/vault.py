"""``inspector init``, ``demo``, ``audit verify`` and ``vault …``: making, checking and keeping vaults."""

from __future__ import annotations

import os
from pathlib import Path

import click

from inspector import audit
from inspector.cli.base import (
    NEW_PASSPHRASE_ENV,
    cli,
    current_passphrase,
    new_passphrase,
    open_vault,
    progress_printer,
    tell_keyring,
    vault_option,
    vault_path,
)
from inspector.errors import BadInputError, ExitCode
from inspector.paths import VAULT_ENV, default_demo_vault_path
from inspector.vault import PASSPHRASE_ENV, Vault


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
    if not os.environ.get(PASSPHRASE_ENV):  # as open_vault: whoever set it has chosen to live without a keyring
        tell_keyring(vault)


@cli.command()
@vault_option
@click.option("--force", is_flag=True, help="替换已有的演示保险库 / replace an existing demo vault")
@click.pass_context
def demo(ctx, vault_override, force):
    """创建演示保险库 / create a demo vault (passphrase printed).

    在 --vault、$INSPECTOR_VAULT，否则用户数据目录中的 demo.vault /
    at --vault, $INSPECTOR_VAULT, else demo.vault in the user data folder."""
    from inspector.services.demo import DEMO_PASSPHRASE, build_demo
    from inspector.vault import remove_vault_files

    path = vault_path(ctx, vault_override) if vault_override or ctx.obj.get("vault") or os.environ.get(VAULT_ENV) \
        else default_demo_vault_path()
    if force:
        remove_vault_files(path)
    elif path.exists():  # e.g. the quick start already made it: say how to use it, never replace it silently
        raise BadInputError(
            f"演示保险库已存在：{path}（恢复口令 {DEMO_PASSPHRASE}），可直接使用；要重新生成，请加 --force。",
            f"The demo vault already exists: {path} (passphrase {DEMO_PASSPHRASE}); use it as it is, "
            "or add --force to build it anew.")
    vault = build_demo(path, progress=progress_printer("演示数据 / demo"))
    ctx.call_on_close(vault.close)
    click.echo(f"已创建演示保险库 / demo vault created: {path}\n恢复口令 / passphrase: {DEMO_PASSPHRASE}")
    if not os.environ.get(PASSPHRASE_ENV):
        tell_keyring(vault)


# ---- audit and vault maintenance -------------------------------------------------------------------


@cli.group("audit")
def audit_group():
    """审计日志 / the audit trail."""


@audit_group.command("verify")
@vault_option
@click.option("--hub", "hub_url", metavar="URL|PROFILE", default=None,
              help="核对办公室集中库的审计链 / verify the office hub's chain instead")
@click.pass_context
def audit_verify(ctx, vault_override, hub_url):
    """重新计算审计链并核对每条记录 / recompute the audit chain, check every row against it."""
    from inspector.cli.base import open_hub

    vault = open_hub(ctx, hub_url) if hub_url else open_vault(ctx, vault_override)
    with vault.engine.connect() as conn:
        report = audit.verify(conn, vault.audit_hash, vault.vault_id, deep=True)
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


@vault_group.command("evidence-cipher")
@click.argument("cipher", required=False, type=click.Choice(["aes", "sm4"]))
@vault_option
@click.pass_context
def vault_evidence_cipher(ctx, cipher, vault_override):
    """证据文件加密算法：查看，或设为 aes（AES-256-GCM）/ sm4（SM4-GCM，国密）；只影响此后新增的文件 /
    show or set how new evidence files are encrypted (files already stored keep theirs)."""
    from inspector.services import settings

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        if cipher is not None:
            settings.put(s, settings.EVIDENCE_CIPHER, {"aes": "AES-256-GCM", "sm4": "SM4-GCM"}[cipher])
        current = settings.get(s, settings.EVIDENCE_CIPHER)
    click.echo(f"证据文件加密算法 / evidence cipher: {current}")


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

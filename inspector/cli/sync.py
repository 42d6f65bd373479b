"""``inspector bundle …``: signed, encrypted sync bundles (registered on the command group of :mod:`inspector.cli.base`)."""

from __future__ import annotations

import click

from inspector.cli.inputs import confirm_with_option
from inspector.cli.base import (
    cli,
    emit_json,
    json_option,
    open_vault,
    progress_printer,
    vault_option,
)
from inspector.model import TABLES
from inspector.signing.certs import pretty_fingerprint
from inspector.sync import conflicts, crypto, exporter, importer, records
from inspector.sync.crypto import BundleRefused

_CIPHERS = {"aes": crypto.AES_256_GCM, "sm4": crypto.SM4_GCM}
_KIND_TEXT = (("new", "新增", "new"), ("updated", "更新", "updated"), ("conflicts", "冲突", "conflicts"),
              ("unchanged", "无变化", "unchanged"))


@cli.group()
def bundle():
    """同步交换文件 / sync bundles: export, inspect, import, conflicts."""


@bundle.command("export")
@click.option("--to", "recipients", multiple=True, required=True, metavar="CERT.pem|NAME",
              help="接收方：证书文件，或信任列表中的名称/指纹（可多次）/ recipient: certificate file, or a name or "
                   "fingerprint in the trust store (repeatable)")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="输出文件 / output file")
@click.option("--since-last", is_flag=True, help="只导出上次发给这些接收方之后的更改 / only what changed since the "
                                                 "last bundle to these recipients")
@click.option("--scope", type=click.Choice(sorted(records.EXPORT_SCOPES)), default="all", show_default=True,
              help="范围：全部、检查计划（发给检查人员）、现场工作（发给办公室）/ scope")
@click.option("--cipher", type=click.Choice(sorted(_CIPHERS)), default="aes", show_default=True,
              help="内容加密：AES-256-GCM 或 SM4-GCM / content cipher")
@click.option("--identity", "identity_id", default=None, metavar="ID", help="签名身份 / signing identity")
@vault_option
@json_option
@click.pass_context
def bundle_export(ctx, recipients, out, since_last, scope, cipher, identity_id, vault_override, as_json):
    """生成交换文件 / write a bundle for one or more recipients."""
    vault = open_vault(ctx, vault_override)
    result = exporter.export_bundle(vault, out, list(recipients), scope=scope, since_last=since_last,
                                    cipher=_CIPHERS[cipher], identity_id=identity_id,
                                    progress=progress_printer("导出 / exporting"))
    if as_json:
        emit_json(result.to_dict())
        return
    click.echo(f"已生成交换文件 / written: {result.path}")
    click.echo(f"接收方 / recipients: {'、'.join(result.recipients)}（及本机 / and this vault）")
    click.echo(f"范围 / scope: {records.SCOPE_TEXT[scope][0]} / {records.SCOPE_TEXT[scope][1]}"
               + ("；仅上次之后的更改 / changes since the last bundle" if result.since_seq else ""))
    click.echo(f"记录 / records: {sum(result.counts.values())}，证据文件 / evidence files: {result.blobs}")
    click.echo(f"SHA-256: {result.sha256}")


def _hint_trust_sender(exc: BundleRefused, path: str) -> BundleRefused:
    """An unknown sender: add the command that trusts them, once their fingerprint has been checked."""
    if exc.reason == "untrusted" and exc.fingerprint:
        command = f'inspector bundle import {path} --trust-sender "{pretty_fingerprint(exc.fingerprint)}"'
        exc.zh += f"\n核对无误后可运行：{command}"
        exc.en += f"\nOnce checked: {command}"
    return exc


def _print_preview(p: importer.Preview) -> None:
    click.echo(f"发送方 / sender: {p.sender}（{'受信任 / trusted' if p.trusted else '不受信任 / NOT trusted'}）")
    click.echo(f"证书指纹 / fingerprint (SHA-256): {pretty_fingerprint(p.sender_fingerprint)}")
    click.echo(f"生成时间 / created: {p.created_at}    范围 / scope: {p.scope}"
               + ("（仅更改 / changes only）" if p.since else ""))
    click.echo(f"接收方 / recipients: {'、'.join(p.recipients)}")
    click.echo(f"证据文件 / evidence files: {p.blobs}（{p.blob_bytes / 1048576:.1f} MB）")
    if p.already_imported:
        click.echo("该交换文件已导入过，未作任何更改。/ This bundle was already imported; nothing changed.")
        return
    click.echo("表 / table\t" + "\t".join(f"{zh}/{en}" for _, zh, en in _KIND_TEXT))
    for table, c in p.counts.items():
        click.echo(f"{TABLES[table].zh}\t" + "\t".join(str(c[k]) for k, _, _ in _KIND_TEXT))
    click.echo("合计 / total\t" + "\t".join(str(p.total(k)) for k, _, _ in _KIND_TEXT))
    for zh, en in p.flags:
        click.echo(f"注意：{zh}\nWarning: {en}", err=True)


@bundle.command("inspect")
@click.argument("path", type=click.Path(dir_okay=False))
@vault_option
@json_option
@click.pass_context
def bundle_inspect(ctx, path, vault_override, as_json):
    """查看交换文件的内容与签名，不导入 / show what a bundle holds and who signed it, without applying."""
    vault = open_vault(ctx, vault_override)
    try:
        result = importer.preview(vault, path)
    except BundleRefused as exc:
        raise _hint_trust_sender(exc, path) from None
    if as_json:
        emit_json(result.to_dict())
        return
    _print_preview(result)


@bundle.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="只检查并显示将发生的更改 / check and show the changes only")
@click.option("--trust-sender", "fingerprint", default=None, metavar="FINGERPRINT",
              help="先信任签名者（须与发送方核对过的指纹一致）/ trust the signer first (the fingerprint you checked)")
@vault_option
@json_option
@click.pass_context
def bundle_import(ctx, path, dry_run, fingerprint, vault_override, as_json):
    """导入交换文件（全部成功或不作任何更改）/ apply a bundle: all of it or nothing."""
    vault = open_vault(ctx, vault_override)
    if fingerprint:
        name = importer.trust_sender(vault, path, fingerprint)
        click.echo(f"已信任 / now trusted: {name}", err=True)
    try:
        result = importer.import_bundle(vault, path, dry_run=dry_run, progress=progress_printer("导入 / importing"))
    except BundleRefused as exc:
        raise _hint_trust_sender(exc, path) from None
    if as_json:
        emit_json(result.to_dict())
        return
    _print_preview(result)
    if result.applied:
        click.echo("已导入。/ Imported." + (f" 有 {result.total('conflicts')} 项冲突待处理（inspector bundle conflicts）。"
                                          f" / {result.total('conflicts')} conflicts to resolve."
                                          if result.total("conflicts") else ""))
        if result.scope == "ack":
            click.echo(f"办公室集中库确认已收到本机 {result.acknowledged} 份交换文件（此前未确认）。\n"
                       f"The office hub acknowledges {result.acknowledged} more bundle(s) from this vault.")
    elif dry_run and not result.already_imported:
        click.echo("试运行：未作任何更改。/ Dry run: nothing changed.")


@bundle.command("conflicts")
@vault_option
@json_option
@click.pass_context
def bundle_conflicts(ctx, vault_override, as_json):
    """待处理的同步冲突 / conflicts waiting for a decision."""
    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        rows = conflicts.list_conflicts(s)
    if as_json:
        emit_json([{**r.__dict__, "fields": [f.__dict__ for f in r.fields]} for r in rows])
        return
    if not rows:
        click.echo("没有待处理的冲突。/ No conflicts.")
    for r in rows:
        click.echo(f"{r.id}\t{r.table_zh}\t{r.title}\t来自 / from {r.sender}")
        if r.note_zh:  # a frozen or signed record: what froze it and what to do
            click.echo(f"    {r.note_zh}\n    {r.note_en}")
        for f in r.fields:
            click.echo(f"    {f.name}: 本机 / here = {f.local!r}    收到 / incoming = {f.incoming!r}")


@bundle.command("resolve")
@click.argument("conflict_id")
@click.option("--keep", type=click.Choice([conflicts.KEEP_LOCAL, conflicts.KEEP_INCOMING]), required=True,
              help="保留本机版本或采用收到的版本 / keep the local or take the incoming version")
@click.option("--void-signature", is_flag=True,
              help="确认采用收到的版本使单位代表的签字失效 / confirm that taking it voids the representative's signature")
@vault_option
@click.pass_context
def bundle_resolve(ctx, conflict_id, keep, void_signature, vault_override):
    """处理一项冲突 / resolve one conflict."""
    vault = open_vault(ctx, vault_override)
    with confirm_with_option(), vault.session() as s:
        row = conflicts.resolve(s, conflict_id, keep, void_signature=void_signature)
    click.echo(f"已处理 / resolved: {row.table_zh} {row.title} → "
               + ("保留本机版本 / kept the local version" if keep == conflicts.KEEP_LOCAL
                  else "采用收到的版本 / took the incoming version"))

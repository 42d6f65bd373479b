"""``inspector export record|notice|letter`` and ``inspector sign``: the signed PDF documents
(registered on the command group of :mod:`inspector.cli.base`)."""

from __future__ import annotations

from pathlib import Path

import click

from inspector.cli.base import (
    cli,
    emit_json,
    json_option,
    open_vault,
    progress_printer,
    vault_option,
)
from inspector.services import exports

sign_option = click.option("--sign", is_flag=True, help="用签名身份进行数字签名 / sign with a signing identity")
identity_option = click.option("--identity", "identity_id", metavar="ID", default=None,
                               help="签名身份（默认：本机检查人员的）/ signing identity (default: this vault's own)")
out_option = click.option("--out", required=True, metavar="F.pdf", type=click.Path(dir_okay=False),
                          help="输出文件 / output file")


def _report(result: exports.ExportResult, as_json: bool) -> None:
    if as_json:
        emit_json(dict(path=str(result.path), sha256=result.sha256, pages=result.pages, signers=result.signers,
                       kind=result.kind, ref_id=result.ref_id, recorded=result.recorded))
        return
    click.echo(f"已导出 / written: {result.path}" + (f"（{result.pages} 页 / pages）" if result.pages else ""))
    if result.signers:
        click.echo(f"签名人 / signed by: {'、'.join(result.signers)}")
    click.echo(f"SHA-256: {result.sha256}")
    if result.recorded:
        click.echo("已登记到本保险库的发文记录 / recorded in this vault's register of issued documents")
    else:
        click.echo("草稿，未登记 / a draft: not recorded as issued")


@cli.group()
def export():
    """导出文书 PDF / export the official documents as PDF."""


@export.command("record")
@click.option("--inspection", "inspection_id", required=True, metavar="ID", help="现场检查 / inspection")
@out_option
@sign_option
@identity_option
@vault_option
@json_option
@click.pass_context
def export_record(ctx, inspection_id, out, sign, identity_id, vault_override, as_json):
    """现场检查记录 / the on-site inspection record."""
    vault = open_vault(ctx, vault_override)
    doc = exports.prepare_record(vault, inspection_id, progress=progress_printer("现场检查记录 / record"))
    _report(exports.finish(vault, doc, Path(out), sign=sign, identity_id=identity_id), as_json)


@export.command("notice")
@click.option("--notice", "notice_id", default=None, metavar="ID",
              help="指定通知书（含更正通知）/ this notice (a 更正通知 too)")
@click.option("--department", "department_id", default=None, metavar="ID", help="被检查单位 / department")
@click.option("--plan", "plan_id", default=None, metavar="ID",
              help="检查计划（省略则任一计划）/ plan (any plan if omitted)")
@out_option
@sign_option
@identity_option
@vault_option
@json_option
@click.pass_context
def export_notice(ctx, notice_id, department_id, plan_id, out, sign, identity_id, vault_override, as_json):
    """整改通知书（已签发的优先，否则为草稿）或 --notice 指定的通知书 / the rectification notice (the issued
    one, else the draft), or the one given by --notice."""
    if (notice_id is None) == (department_id is None):
        raise click.UsageError("请给出 --notice 或 --department（二者选一）/ give --notice or --department (one of them)")
    vault = open_vault(ctx, vault_override)
    if notice_id is not None:
        doc = exports.prepare_notice(vault, notice_id)
    else:
        doc = exports.prepare_notice_for(vault, department_id, plan_id)
    _report(exports.finish(vault, doc, Path(out), sign=sign, identity_id=identity_id), as_json)


@export.command("letter")
@click.option("--letter", "letter_id", required=True, metavar="ID", help="公文（见 letter list）/ letter (see letter list)")
@out_option
@sign_option
@identity_option
@vault_option
@json_option
@click.pass_context
def export_letter(ctx, letter_id, out, sign, identity_id, vault_override, as_json):
    """公文：检查通知、整改复查意见书、督办通知、上报移送函（草稿带水印，不登记）/ a letter (a draft is
    watermarked and not registered)."""
    from inspector.services import letter_exports

    vault = open_vault(ctx, vault_override)
    doc = letter_exports.prepare_letter(vault, letter_id, progress=progress_printer("公文 / letter"))
    _report(exports.finish(vault, doc, Path(out), sign=sign, identity_id=identity_id), as_json)


@cli.command("sign")
@click.argument("pdf_file", metavar="FILE.pdf", type=click.Path(dir_okay=False))
@out_option
@identity_option
@vault_option
@json_option
@click.pass_context
def sign_command(ctx, pdf_file, out, identity_id, vault_override, as_json):
    """会签：在已签名的文书上再加一个签名 / add a signature (a second inspector's) to a signed PDF."""
    vault = open_vault(ctx, vault_override)
    _report(exports.countersign(vault, Path(pdf_file), Path(out), identity_id=identity_id), as_json)

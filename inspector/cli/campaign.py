"""``inspector campaign status|export``: the campaign board of a plan (issue 17 §1) — where every target department
stands in the stages of art. 32 — as a table, as JSON with every field, or as an xlsx workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from inspector.cli.base import cli, emit_json, json_option, open_vault, vault_option
from inspector.cli.inputs import DATE

plan_option = click.option("--plan", "plan_id", required=True, metavar="ID", help="检查计划 / plan")
today_option = click.option("--today", "today", type=DATE, default=None,
                            help="按此日期判断逾期（默认今天）/ judge lateness as of this date (default today)")


@cli.group("campaign")
def campaign_group():
    """检查工作进度看板 / the campaign board: every target's stages of art. 32."""


def _short(row: Any) -> list[str]:
    from inspector.forms.campaign_board import (
        inspection_text,
        letter_text,
        reinspection_text,
        review_text,
        selfreport_text,
    )

    findings = (f"{row.findings_total}（未 {row.findings_open}/报 {row.findings_reported}/"
                f"核 {row.findings_verified}/逾 {row.findings_overdue}）") if row.findings_total else "0"
    selfreport = selfreport_text(row) + (f"，差异 {row.discrepancies}" if row.returned_at is not None else "")
    inspection = inspection_text(row) + (f" {row.inspected_on.isoformat()}" if row.inspected_on else "")
    rect = letter_text(row.rect_notice_status, row.rect_notice_number, row.rect_notice_on)
    if row.rect_deadline:
        rect += f"，期限 {row.rect_deadline.isoformat()}"
    cells = {"notice": letter_text(row.notice_letter_status, row.notice_letter_number, row.notice_letter_on),
             "selfreport": selfreport, "inspection": inspection, "rectification": rect, "findings": findings,
             "review": f"{review_text(row)}；现场复查 {reinspection_text(row)}"}
    late = {stage: text + "（逾期）" if row.states.get(stage) == "late" else text for stage, text in cells.items()}
    return [row.department, row.scheduled_on.isoformat() if row.scheduled_on else "", *late.values()]


@campaign_group.command("status")
@plan_option
@today_option
@vault_option
@json_option
@click.pass_context
def campaign_status(ctx, plan_id, today, vault_override, as_json):
    """一个检查计划各单位的进度 / where each target of a plan stands."""
    from inspector.services import campaign

    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        board = campaign.board(s, plan_id, today)
    if as_json:
        emit_json(board.as_dict())
        return
    t = board.totals
    click.echo(f"{board.title}（截至 {board.today.isoformat()}）")
    click.echo(f"检查对象 / targets {t['targets']}；检查通知已签发 / notices issued {t['notices_issued']}；"
               f"自查表已返回 / self-reports returned {t['forms_returned']}；已检查 / inspected {t['inspected']}；"
               f"整改通知书 / rectification notices {t['rect_notices_issued']}；问题 / findings {t['findings']}"
               f"（逾期 / overdue {t['findings_overdue']}）")
    click.echo("\t".join(["被检查单位", "计划日期", "检查通知", "自查表", "实地检查", "整改通知书",
                          "问题（未整改/已报/已核验/逾期）", "复查"]))
    for row in board.rows:
        click.echo("\t".join(_short(row)))


@campaign_group.command("export")
@plan_option
@click.option("--out", required=True, metavar="F.xlsx", type=click.Path(dir_okay=False), help="输出文件 / output file")
@today_option
@vault_option
@json_option
@click.pass_context
def campaign_export(ctx, plan_id, out, today, vault_override, as_json):
    """把进度看板导出为 xlsx / write the board as an xlsx workbook."""
    from inspector.services import campaign

    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        board = campaign.export_board(s, plan_id, Path(out), today)
    if as_json:
        emit_json(dict(path=str(out), rows=len(board.rows)))
        return
    click.echo(f"已导出进度看板 / board written: {out}（{len(board.rows)} 个单位 / departments）")


@campaign_group.command("report")
@plan_option
@click.option("--out", required=True, metavar="F.pdf", type=click.Path(dir_okay=False), help="输出文件 / output file")
@click.option("--xlsx", "xlsx", default=None, metavar="F.xlsx", type=click.Path(dir_okay=False),
              help="问题清单附件 / the annex of every finding")
@click.option("--sign", is_flag=True, help="签名 / sign the PDF")
@click.option("--identity", "identity_id", metavar="ID", default=None,
              help="签名身份（默认：本机检查人员的）/ signing identity (default: this vault's own)")
@vault_option
@json_option
@click.pass_context
def campaign_report(ctx, plan_id, out, xlsx, sign, identity_id, vault_override, as_json):
    """检查情况通报：起草（或沿用草稿）、签发、导出，另附问题清单 / the campaign report: drafted (or the plan's draft
    reused), issued and exported, with the xlsx annex of every finding; an issued report is exported again."""
    from inspector.forms import campaign_annex
    from inspector.services import exports, letter_exports, letters

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        mine = letters.list_letters(s, plan_id=plan_id, kind="campaign_report")
        drafts = [r for r in mine if r.status == "draft"]
        issued = [r for r in mine if r.status != "draft"]
        if drafts:
            letter_id = drafts[0].id
        elif issued:
            letter_id = issued[0].id
        else:
            letter_id = letters.create(s, "campaign_report", plan_id=plan_id).id
        if not letters.is_issued(letters.get_letter(s, letter_id)):
            letters.issue(s, letter_id)
        number = letters.get_letter(s, letter_id).number
    doc = letter_exports.prepare_letter(vault, letter_id)
    result = exports.finish(vault, doc, Path(out), sign=sign, identity_id=identity_id)
    findings = None
    if xlsx:
        with vault.session(read_only=True) as s:
            findings = campaign_annex.export_annex(s, plan_id, Path(xlsx))
    if as_json:
        emit_json(dict(letter=letter_id, number=number, path=str(result.path), sha256=result.sha256,
                       pages=result.pages, signers=result.signers, annex=str(xlsx) if xlsx else None,
                       findings=findings))
        return
    click.echo(f"检查情况通报 / campaign report {number}: {result.path}"
               + (f"（{result.pages} 页 / pages）" if result.pages else ""))
    if result.signers:
        click.echo(f"签名人 / signed by: {'、'.join(result.signers)}")
    click.echo(f"SHA-256: {result.sha256}")
    if xlsx:
        click.echo(f"问题清单 / annex: {xlsx}（{findings} 个问题 / findings）")

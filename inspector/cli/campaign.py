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
    from inspector.forms.campaign_board import inspection_text, letter_text, review_text, selfreport_text

    findings = (f"{row.findings_total}（未 {row.findings_open}/报 {row.findings_reported}/"
                f"核 {row.findings_verified}/逾 {row.findings_overdue}）") if row.findings_total else "0"
    selfreport = selfreport_text(row) + (f"，差异 {row.discrepancies}" if row.returned_at is not None else "")
    inspection = inspection_text(row) + (f" {row.inspected_on.isoformat()}" if row.inspected_on else "")
    rect = letter_text(row.rect_notice_status, row.rect_notice_number, row.rect_notice_on)
    if row.rect_deadline:
        rect += f"，期限 {row.rect_deadline.isoformat()}"
    cells = {"notice": letter_text(row.notice_letter_status, row.notice_letter_number, row.notice_letter_on),
             "selfreport": selfreport, "inspection": inspection, "rectification": rect, "findings": findings,
             "review": review_text(row)}
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

"""``inspector campaign status|export``: the campaign board of a plan (issue 17 §1) — where every target department
stands in the stages of art. 32 — as a table, as JSON with every field, or as an xlsx workbook.
``inspector campaign analytics``: what the plan's inspections found (issue 17 §2, :mod:`inspector.services.analytics`)
— the failure matrix, compliance, timeliness, severity, art. 33 counts and repeat findings — as text or JSON.
``inspector campaign report``: the 检查情况通报."""

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


def _cut(text: str, width: int) -> str:
    """At most ``width`` characters, an ellipsis marking what was cut (long department names in a table)."""
    return text if len(text) <= width else text[:width - 1] + "…"


def _rate(r: Any) -> dict:
    return dict(key=r.key, label=r.label, compliant=r.compliant, answered=r.answered, rate=r.rate)


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{round(rate * 100)}%"


def analytics_dict(data: Any, m: Any) -> dict:
    """Everything the analytics read, machine-readable (ids as keys, dates as ISO text)."""
    from inspector.model import EscalationKind, EscalationState

    t = data.timeliness
    return dict(
        plan_id=data.plan_id, title=data.plan_title, today=data.today.isoformat(),
        matrix=dict(rows_by=m.by, columns_by=m.columns,
                    columns=[dict(id=i, label=label) for i, label in m.departments],
                    rows=[dict(key=r.key, label=r.label, cells={i: r.cell(i) for i, _ in m.departments},
                               non_compliant=r.total_non_compliant, partial=r.total_partial, failed=r.total)
                          for r in m.rows]),
        compliance=dict(overall=_rate(data.compliance.overall),
                        by_department=[_rate(r) for r in data.compliance.by_department],
                        by_section=[_rate(r) for r in data.compliance.by_section]),
        timeliness=dict(days_to_verification=t.days, median_days=t.median_days, verified=len(t.days),
                        open=t.open_total, overdue=t.overdue, overdue_count=t.overdue_count,
                        overdue_days_total=t.overdue_days_total, overdue_days_max=t.overdue_days_max),
        severity={s.value: n for s, n in data.severity.items()},
        escalation={k.value: {s.value: data.escalation[(k, s)] for s in EscalationState} for k in EscalationKind},
        repeats=[dict(finding_id=r.finding_id, title=r.title, department_id=r.department_id,
                      department=r.department, item_code=r.item_code, earlier_plans=r.earlier_plans)
                 for r in data.repeats],
    )


@campaign_group.command("analytics")
@plan_option
@click.option("--rows", "rows_by", type=click.Choice(["section", "article"]), default="section", show_default=True,
              help="矩阵的行：章节或条款 / matrix rows: checklist sections or articles")
@click.option("--columns", "columns_by", type=click.Choice(["departments", "verdicts"]), default="departments",
              show_default=True, help="矩阵的列：单位或检查结论 / matrix columns: departments or verdicts")
@today_option
@vault_option
@json_option
@click.pass_context
def campaign_analytics(ctx, plan_id, rows_by, columns_by, today, vault_override, as_json):
    """检查分析：问题分布矩阵、符合率、整改时效、问题分级、第三十三条、重复问题 / what a plan's inspections found:
    the failure matrix, compliance, timeliness, severity, art. 33 counts, repeat findings."""
    from inspector.model import EscalationKind, EscalationState, Severity
    from inspector.services import analytics
    from inspector.timezones import china_today

    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        data = analytics.analytics(s, plan_id, today or china_today())
    m = data.matrix(rows_by, columns_by)
    if as_json:
        emit_json(analytics_dict(data, m))
        return
    click.echo(f"{data.plan_title}（截至 {data.today.isoformat()}）")
    rows_zh = "章节" if rows_by == "section" else "条款"
    cols_zh = "单位" if columns_by == "departments" else "检查结论"
    what = ("不符合与部分符合项数 / items 不符合 or 部分符合" if columns_by == "departments"
            else "各检查结论的检查项数 / items per verdict")
    click.echo(f"问题分布（{rows_zh}×{cols_zh}）/ matrix ({rows_by} × {columns_by}): {what}")
    click.echo("\t".join([rows_zh, *(_cut(label, 8) for _, label in m.departments), "不符合+部分符合"]))
    for r in m.rows:
        label = r.label if rows_by == "article" else _cut(r.label, 16)
        click.echo("\t".join([label, *(str(r.cell(i)) for i, _ in m.departments), str(r.total)]))
    c = data.compliance
    click.echo(f"符合率 / compliance: {_percent(c.overall.rate)}（符合 {c.overall.compliant} / 已判定 "
               f"{c.overall.answered}，不含不适用 / compliant of answered, 不适用 left out）")
    for caption, rates, width in (("各单位 / by department", c.by_department, 16),
                                  ("各章节 / by section", c.by_section, 16)):
        click.echo(caption)
        for r in rates:
            click.echo(f"  {_cut(r.label, width)}\t{r.compliant}/{r.answered}\t{_percent(r.rate)}")
    t = data.timeliness
    median = "—" if t.median_days is None else f"{t.median_days:g} 天 / days"
    click.echo(f"整改时效 / timeliness: 已核验 / verified {len(t.days)}，下发到核验中位数 / median days to "
               f"verification {median}；尚待整改 / open {t.open_total}；逾期 / overdue {t.overdue_count}"
               f"（共 / total {t.overdue_days_total} 天 / days，最长 / longest {t.overdue_days_max}）")
    sev = data.severity
    click.echo(f"问题分级 / severity: 一般 / general {sev[Severity.GENERAL]}，较大 / major {sev[Severity.MAJOR]}，"
               f"重大 / critical {sev[Severity.CRITICAL]}")
    K, S = EscalationKind, EscalationState
    e = data.escalation
    click.echo(f"第三十三条 / art. 33: 失泄密隐患 / secrecy 待报告 / pending {e[(K.SECRECY, S.PENDING)]}，"
               f"已报告 / done {e[(K.SECRECY, S.DONE)]}；违法行为 / police 待移送 / pending "
               f"{e[(K.POLICE, S.PENDING)]}，已移送 / done {e[(K.POLICE, S.DONE)]}")
    click.echo(f"重复问题 / repeat findings: {len(data.repeats)}")
    for r in data.repeats:
        earlier = "、".join(r.earlier_plans)
        click.echo(f"  {_cut(r.department, 16)}\t{r.item_code}\t{r.title}\t此前 / earlier: {earlier}")

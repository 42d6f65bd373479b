"""``inspector reinspect schedule|cancel|list|outcome``: re-inspections (复查) of issued rectification notices
(issue 17 §3). What may be scheduled when, and what completing one does to the notice's findings, is the core's
(:mod:`inspector.services.reinspection`); a re-inspection runs and completes like every inspection
(``inspector inspections show|complete``, or the desktop runner)."""

from __future__ import annotations

from typing import Any

import click

from inspector.cli.base import cli, emit_json, emit_table, json_option, open_vault, vault_option
from inspector.cli.inputs import DATE
from inspector.model import FindingStatus, InspectionStatus, Verdict

SCOPE_TEXT = {"failed": ("仅复查不合格项", "the failed items only"), "all": ("复查全部检查项", "all items")}


@cli.group("reinspect")
def reinspect_group():
    """复查：对已签发整改通知书的单位再次现场检查 / re-inspections of issued rectification notices."""


def _row(session, insp) -> dict[str, Any]:
    from inspector.model import Department, RectificationNotice

    notice = session.get(RectificationNotice, insp.reinspects_notice_id)
    department = session.get(Department, insp.department_id)
    return dict(id=insp.id, notice_id=insp.reinspects_notice_id, notice_number=notice.number if notice else "",
                department=department.name if department else "", status=InspectionStatus(insp.status).value,
                scheduled_on=insp.scheduled_on, scope="failed" if insp.scope_items else "all",
                items=len(insp.scope_items), location=insp.location, ended_at=insp.ended_at)


def effects_view(session, inspection_id: str) -> list[dict[str, Any]]:
    from inspector.services import reinspection

    return [dict(finding_id=e.finding_id, title=e.title, item_code=e.item_code, status=e.status.value,
                 verdict=e.verdict.value if e.verdict else None, action=e.action, action_zh=e.zh, action_en=e.en,
                 deadline=e.deadline)
            for e in reinspection.outcome(session, inspection_id)]


@reinspect_group.command("schedule")
@click.argument("notice_id", metavar="NOTICE_ID")
@click.option("--all", "all_items", is_flag=True,
              help="复查全部检查项（默认只复查整改通知书所列问题的检查项）/ re-inspect every item "
                   "(default: only the items of the notice's findings)")
@click.option("--on", "scheduled_on", type=DATE, default=None, help="复查日期 / the day of the re-inspection")
@click.option("--location", default="", metavar="TEXT", help="复查地点 / where")
@click.option("--today", type=DATE, default=None, hidden=True)
@vault_option
@json_option
@click.pass_context
def reinspect_schedule(ctx, notice_id, all_items, scheduled_on, location, today, vault_override, as_json):
    """安排复查（整改期限届满或单位已报整改后）/ schedule a re-inspection (once the deadline passed or the
    department reported)."""
    from inspector.services import reinspection

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        insp = reinspection.schedule(s, notice_id, scope="all" if all_items else "failed",
                                     scheduled_on=scheduled_on, location=location, today=today)
        inspection_id = insp.id
    with vault.session(read_only=True) as s:
        from inspector.services.inspections import get_inspection

        row = _row(s, get_inspection(s, inspection_id))
    if as_json:
        emit_json(row)
        return
    zh, en = SCOPE_TEXT[row["scope"]]
    when = row["scheduled_on"].isoformat() if row["scheduled_on"] else "（未定日期 / no date yet）"
    click.echo(f"已安排复查 / re-inspection scheduled: {row['department']}，{row['notice_number']}，{when}")
    click.echo(f"范围 / scope: {zh} / {en}" + (f"（{row['items']} 项 / items）" if row["items"] else ""))
    click.echo(f"复查编号 / id: {row['id']}（在桌面程序“现场检查”中打开 / open it under Inspections in the app）")


@reinspect_group.command("cancel")
@click.argument("inspection_id", metavar="ID")
@vault_option
@json_option
@click.pass_context
def reinspect_cancel(ctx, inspection_id, vault_override, as_json):
    """取消尚未开始的复查 / cancel a re-inspection nobody has started."""
    from inspector.services import reinspection

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        reinspection.cancel(s, inspection_id)
    if as_json:
        emit_json({"cancelled": inspection_id})
        return
    click.echo(f"已取消复查 / re-inspection cancelled: {inspection_id}")


@reinspect_group.command("list")
@click.option("--notice", "notice_id", default=None, metavar="ID", help="只列此整改通知书的复查 / of one notice")
@vault_option
@json_option
@click.pass_context
def reinspect_list(ctx, notice_id, vault_override, as_json):
    """复查列表 / the re-inspections."""
    from sqlmodel import select

    from inspector.model import Inspection

    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        query = select(Inspection).where(Inspection.reinspects_notice_id.is_not(None))
        if notice_id:
            query = query.where(Inspection.reinspects_notice_id == notice_id)
        rows = [_row(s, i) for i in s.exec(query.order_by(Inspection.created_at)).all()]
    if as_json:
        emit_json(rows)
        return
    emit_table([{**r, "scope": SCOPE_TEXT[r["scope"]][0]} for r in rows],
               [("id", "ID"), ("notice_number", "整改通知书 / notice"), ("department", "单位 / department"),
                ("status", "状态 / status"), ("scheduled_on", "日期 / date"), ("scope", "范围 / scope")],
               {"status": InspectionStatus})


@reinspect_group.command("outcome")
@click.argument("inspection_id", metavar="ID")
@vault_option
@json_option
@click.pass_context
def reinspect_outcome(ctx, inspection_id, vault_override, as_json):
    """复查结论对整改通知书所列问题的处理（完成复查时执行）/ what the verdicts do to the notice's findings
    (applied when the re-inspection is completed)."""
    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        effects = effects_view(s, inspection_id)
    if as_json:
        emit_json(effects)
        return
    emit_table([{**e, "verdict": e["verdict"] or ""} for e in effects],
               [("title", "问题 / finding"), ("item_code", "检查项 / item"), ("status", "状态 / status"),
                ("verdict", "复查结论 / verdict"), ("action_zh", "处理 / action")],
               {"status": FindingStatus, "verdict": Verdict})

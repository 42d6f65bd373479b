"""``inspector notices list|show|draft|issue|correct`` and ``inspector escalations list|record``: rectification
notices (整改通知书) from draft to issue, their corrections (更正通知), and the art. 33 escalation records.

An issued notice is frozen by the core (:mod:`inspector.lifecycle`): what it states changes only through a
更正通知 with its own number (``notices correct``, then ``notices issue``), which names the original.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import click

from inspector.cli.base import (
    cc_option,
    cli,
    contact_option,
    emit_json,
    emit_table,
    json_option,
    open_vault,
    phone_option,
    vault_option,
)
from inspector.cli.inputs import DATE, add_hint, day_at, revision_option, shown_day
from inspector.model import EscalationKind, FindingStatus, Severity
from inspector.timezones import china_today

STATE_LABELS = {"draft": ("草稿", "draft"), "open": ("整改中", "open"), "closed": ("已办结", "closed")}


# ---- notices ----------------------------------------------------------------------------------------


def _notice_extras(session, notice_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Per notice: the notice it corrects, the corrections issued for it, the reason and changes of a correction."""
    from sqlmodel import select

    from inspector.model import NoticeStatus, RectificationNotice

    notices = {n.id: n for n in session.exec(select(RectificationNotice)).all()}
    out = {}
    for nid in notice_ids:
        n = notices[nid]
        original = notices.get(n.corrects_id) if n.corrects_id else None
        by = sorted((c for c in notices.values() if c.corrects_id == nid
                     and NoticeStatus(c.status) is NoticeStatus.ISSUED), key=lambda c: (c.year, c.serial or 0))
        out[nid] = dict(corrects_id=n.corrects_id, corrects_number=original.number if original else "",
                        correction_reason=n.correction_reason, changes=list(n.changes),
                        corrected_by=[c.number for c in by])
    return out


def _notice_dict(row, extras: dict[str, Any]) -> dict[str, Any]:
    return {**dataclasses.asdict(row), "state_zh": STATE_LABELS[row.state][0], **extras}


def notices_view(session, today: date) -> list[dict[str, Any]]:
    from inspector.services import rectification

    rows = rectification.list_notices(session, today)
    extras = _notice_extras(session, [r.notice_id for r in rows])
    return [_notice_dict(r, extras[r.notice_id]) for r in rows]


def notice_view(session, notice_id: str, today: date) -> dict[str, Any]:
    from inspector.services import rectification

    detail = rectification.notice_detail(session, notice_id, today)
    extras = _notice_extras(session, [notice_id])[notice_id]
    return dict(**_notice_dict(detail.notice, extras), plan=detail.plan_title,
                finding_rows=[dict(id=f.finding_id, title=f.title, severity=f.severity.value, status=f.status.value,
                                   deadline=f.deadline, days_left=f.days_left, overdue=f.overdue)
                              for f in detail.findings])


def _change_line(change: dict[str, Any], titles: dict[str, str]) -> str:
    from inspector.lifecycle import FIELD_LABELS

    zh, en = FIELD_LABELS[change["field"]]
    title = titles.get(change["finding_id"], change["finding_id"])
    return f"  {title}：{zh} / {en}: {change['old'] or '（无）'} → {change['new'] or '（无）'}"


def _correction_lines(view: dict[str, Any], titles: dict[str, str]) -> None:
    if view["corrects_id"]:
        click.echo(f"更正 / corrects: {view['corrects_number']}，原因 / reason: {view['correction_reason']}")
        for c in view["changes"]:
            click.echo(_change_line(c, titles))
    if view["corrected_by"]:
        click.echo(f"已被 {'、'.join(view['corrected_by'])} 更正 / corrected by {', '.join(view['corrected_by'])}")


@cli.group("notices")
def notices_group():
    """整改通知书：起草、签发、更正 / rectification notices: draft, issue, correct."""


@notices_group.command("list")
@vault_option
@json_option
@click.pass_context
def notices_list(ctx, vault_override, as_json):
    """列出整改通知书（草稿在前）/ list rectification notices (drafts first)."""
    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        rows = notices_view(s, china_today())
    if as_json:
        emit_json(rows)
        return
    emit_table([{**r, "number": r["number"] or "（草稿）", "state": r["state_zh"],
                 "correction": (f"更正 {r['corrects_number']}" if r["corrects_id"] else "")
                 + (f"已被 {'、'.join(r['corrected_by'])} 更正" if r["corrected_by"] else "")} for r in rows],
               [("notice_id", "ID"), ("number", "文号"), ("department", "单位"), ("state", "状态"),
                ("issued_on", "签发日期"), ("deadline", "整改期限"), ("findings", "问题"), ("open_findings", "未关闭"),
                ("overdue_findings", "逾期"), ("correction", "更正")])


@notices_group.command("show")
@click.argument("notice_id", metavar="ID")
@vault_option
@json_option
@click.pass_context
def notices_show(ctx, notice_id, vault_override, as_json):
    """一份整改通知书：问题、期限、更正 / one notice: its findings, deadlines, corrections."""
    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        view = notice_view(s, notice_id, china_today())
    if as_json:
        emit_json(view)
        return
    click.echo(f"整改通知书 / notice: {view['number'] or '（草稿 / draft）'}  [{view['notice_id']}]")
    click.echo(f"单位 / department: {view['department']}")
    if view["plan"]:
        click.echo(f"检查计划 / plan: {view['plan']}")
    zh, en = STATE_LABELS[view["state"]]
    click.echo(f"状态 / state: {zh} / {en}")
    if view["issued_on"]:
        click.echo(f"签发日期 / issued on: {view['issued_on']}")
    click.echo(f"整改期限 / deadline: {view['deadline'] or '—'}")
    _correction_lines(view, {f["id"]: f["title"] for f in view["finding_rows"]})
    click.echo(f"问题 / findings: {len(view['finding_rows'])}")
    for f in view["finding_rows"]:
        click.echo(f"  {f['id']}  {f['title']}  {Severity(f['severity']).zh}  {FindingStatus(f['status']).zh}  "
                   f"{f['deadline'] or '—'}" + ("  已逾期 / overdue" if f["overdue"] else ""))


@notices_group.command("draft")
@click.option("--department", "department_id", required=True, metavar="ID", help="被检查单位 / department")
@click.option("--finding", "finding_ids", required=True, multiple=True, metavar="ID",
              help="列入的问题（可重复）/ a finding to include (repeatable)")
@click.option("--deadline", type=DATE, required=True, help="整改期限 / rectification deadline")
@click.option("--plan", "plan_id", default=None, metavar="ID",
              help="检查计划（省略则取问题所属的计划）/ plan (default: the findings' own)")
@vault_option
@json_option
@click.pass_context
def notices_draft(ctx, department_id, finding_ids, deadline, plan_id, vault_override, as_json):
    """起草整改通知书（草稿可改，签发后冻结）/ draft a notice (a draft can change; issuing freezes it)."""
    from inspector.services import rectification

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        notice = rectification.create_draft(s, department_id, list(finding_ids), plan_id=plan_id,
                                            deadline=deadline, today=china_today())
        notice_id = notice.id
    with vault.session(read_only=True) as s:
        view = notice_view(s, notice_id, china_today())
    if as_json:
        emit_json(view)
        return
    click.echo(f"已起草整改通知书 / notice drafted: {notice_id}（{view['department']}，{view['findings']} 个问题 / "
               f"findings，期限 / deadline {view['deadline']}）")
    click.echo(f"签发 / issue it: inspector notices issue {notice_id}")


@notices_group.command("issue")
@click.argument("notice_id", metavar="ID")
@vault_option
@json_option
@click.pass_context
def notices_issue(ctx, notice_id, vault_override, as_json):
    """签发：编号、冻结所载内容；更正通知签发时更正生效 / issue: numbered and frozen (a correction takes effect)."""
    from inspector.errors import BadInputError
    from inspector.model import NoticeStatus
    from inspector.services import rectification

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        already = NoticeStatus(rectification.get_notice(s, notice_id).status) is NoticeStatus.ISSUED
        try:
            rectification.issue(s, notice_id, issued_on=china_today())
        except BadInputError as exc:
            if already:
                raise add_hint(exc, f"。所载内容如需更正：inspector notices correct {notice_id} --finding ID "
                                    "--requirement 新要求（或 --deadline 日期）--reason 原因",
                               f"To correct what it states: inspector notices correct {notice_id} --finding ID "
                               "--requirement TEXT (or --deadline DATE) --reason TEXT", en_sep=". ")
            raise
    with vault.session(read_only=True) as s:
        view = notice_view(s, notice_id, china_today())
    if as_json:
        emit_json(view)
        return
    click.echo(f"已签发 / issued: {view['number']}（{view['department']}）")
    if view["corrects_id"]:
        click.echo(f"更正 / corrects: {view['corrects_number']}；更正内容已生效，原通知书在发文登记中标记为已更正 / "
                   "the corrections now apply; the original is marked corrected in the register")
    click.echo("所载内容已冻结；如需更正，请用 inspector notices correct / what it states is frozen; "
               "correct it with inspector notices correct")


@notices_group.command("colophon")
@click.argument("notice_id", metavar="ID")
@cc_option
@click.option("--printer", default=None, metavar="NAME", help="印发机关（空：单位名称）/ issuing office (empty: the organisation)")
@contact_option
@phone_option
@revision_option
@vault_option
@json_option
@click.pass_context
def notices_colophon(ctx, notice_id, cc, printer, contact, phone, revision, vault_override, as_json):
    """草稿通知书的抄送、印发机关和附注（不给选项则显示；--revision：他人已修改则拒绝）/ a draft notice's 抄送,
    issuing office and 附注 (shown when no option is given; --revision: refused if someone else changed it)."""
    from dataclasses import asdict

    from inspector.services import colophons

    vault = open_vault(ctx, vault_override)
    given = {k: v for k, v in (("cc", cc), ("printer", printer), ("contact", contact), ("phone", phone))
             if v is not None}
    if given:
        with vault.session() as s:
            current = colophons.notice_values(s, notice_id)
            values = {k: getattr(current, k) for k in colophons.FIELDS} | given
            shown = colophons.set_notice(s, notice_id, values, revision=revision)
    else:
        with vault.session(read_only=True) as s:
            shown = colophons.notice_values(s, notice_id)
    if as_json:
        emit_json(asdict(shown))
        return
    click.echo(f"抄送 / copies to: {shown.cc or '—'}")
    click.echo(f"印发机关 / issued by: {shown.printer or shown.organisation}")
    click.echo(f"联系人 / contact: {shown.contact or '—'}；电话 / telephone: {shown.phone or '—'}")
    click.echo(f"修订 / revision: {shown.revision}")


@notices_group.command("correct")
@click.argument("notice_id", metavar="ID")
@click.option("--finding", "finding_ids", required=True, multiple=True, metavar="ID",
              help="要更正的问题（可重复，更正内容相同）/ a finding to correct (repeatable, same correction)")
@click.option("--requirement", default=None, metavar="TEXT", help="更正后的整改要求 / corrected requirement")
@click.option("--deadline", type=DATE, default=None, help="更正后的整改期限 / corrected deadline")
@click.option("--reason", required=True, metavar="TEXT", help="更正原因 / why")
@vault_option
@json_option
@click.pass_context
def notices_correct(ctx, notice_id, finding_ids, requirement, deadline, reason, vault_override, as_json):
    """起草更正通知（签发后生效，另有文号）/ draft a correction notice (takes effect when issued, own number)."""
    from inspector.services import rectification

    fields: dict[str, Any] = {}
    if requirement is not None:
        fields["rectification_requirement"] = requirement
    if deadline is not None:
        fields["deadline"] = deadline
    if not fields:
        raise click.UsageError("请给出更正内容：--requirement 和/或 --deadline / give what to correct: "
                               "--requirement and/or --deadline")
    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        correction = rectification.draft_correction(s, notice_id, {fid: dict(fields) for fid in finding_ids},
                                                    reason, today=china_today())
        correction_id = correction.id
    with vault.session(read_only=True) as s:
        view = notice_view(s, correction_id, china_today())
    if as_json:
        emit_json(view)
        return
    click.echo(f"已起草更正通知 / correction drafted: {correction_id}（更正 / corrects {view['corrects_number']}）")
    for c in view["changes"]:
        click.echo(_change_line(c, {f["id"]: f["title"] for f in view["finding_rows"]}))
    click.echo(f"签发后生效 / it takes effect when issued: inspector notices issue {correction_id}")


# ---- art. 33 escalations -------------------------------------------------------------------------------


def _escalation_dict(e) -> dict[str, Any]:
    return {**dataclasses.asdict(e), "kind_zh": e.kind.zh, "state_zh": e.state_zh, "state_en": e.state_en,
            "immediate": e.immediate}


@cli.group("escalations")
def escalations_group():
    """第三十三条上报移送 / art. 33 escalations (leak risk → secrecy authority, unlawful act → police)."""


@escalations_group.command("list")
@click.option("--pending", is_flag=True, help="只列待报告/待移送的 / only those not yet done")
@vault_option
@json_option
@click.pass_context
def escalations_list(ctx, pending, vault_override, as_json):
    """列出上报移送记录（待办在前）/ list escalations (pending first)."""
    from inspector.services import escalations

    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        rows = [_escalation_dict(e) for e in escalations.list_escalations(s, pending_only=pending)]
    if as_json:
        emit_json(rows)
        return
    emit_table([{**r, "kind": r["kind_zh"], "state": r["state_zh"],
                 "done_at": shown_day(r["done_at"])} for r in rows],
               [("id", "ID"), ("department", "单位"), ("finding_title", "问题"), ("kind", "类型"), ("state", "状态"),
                ("authority", "接收单位"), ("done_at", "日期"), ("reference", "文号")])


def _resolve_escalation(session, ident: str, kind: str | None) -> str:
    """An escalation id, or a finding id (with ``--kind`` when the finding has both kinds)."""
    from inspector.errors import BadInputError, NotFoundError
    from inspector.model import Escalation, Finding
    from inspector.services import escalations

    e = session.get(Escalation, ident)
    if e is not None:
        if kind and EscalationKind(e.kind) is not EscalationKind(kind):
            k = EscalationKind(e.kind)
            asked = EscalationKind(kind)
            raise BadInputError(f"该记录是{k.zh}的上报移送，不是{asked.zh}的。",
                                f"This is the {k.en.lower()} escalation, not the {asked.en.lower()} one.")
        return e.id
    if session.get(Finding, ident) is None:
        raise NotFoundError(f"找不到上报移送记录或问题：{ident}", f"No escalation or finding with id {ident}")
    if kind:
        return escalations.find(session, ident, EscalationKind(kind)).id
    rows = escalations.list_escalations(session, finding_id=ident)
    if not rows:
        raise NotFoundError("该问题没有上报移送记录（未标记失泄密隐患或违法行为）。",
                            "The finding has no escalation (neither a leak risk nor an unlawful act is marked).")
    if len(rows) > 1:
        raise BadInputError("该问题既有失泄密隐患也有违法行为，请用 --kind secrecy 或 --kind police 指明。",
                            "The finding has both a leak risk and an unlawful act: say which with --kind secrecy "
                            "or --kind police.")
    return rows[0].id


@escalations_group.command("record")
@click.argument("ident", metavar="ID")
@click.option("--kind", type=click.Choice([k.value for k in EscalationKind]), default=None,
              help="ID 为问题时：secrecy 失泄密隐患 / police 违法行为 / with a finding's id: which escalation")
@click.option("--authority", required=True, metavar="TEXT",
              help="接收单位（如 晋城市国家保密局）/ the body it went to")
@click.option("--reference", default="", metavar="TEXT", help="文号或回执号 / reference number")
@click.option("--note", default="", metavar="TEXT", help="备注 / note")
@click.option("--date", "done_on", type=DATE, default=None, help="报告/移送日期（默认今天）/ date (default today)")
@vault_option
@json_option
@click.pass_context
def escalations_record(ctx, ident, kind, authority, reference, note, done_on, vault_override, as_json):
    """登记已报告/已移送（ID：记录或问题）/ record an escalation as done (ID: the escalation's or the finding's)."""
    from inspector.services import escalations

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        escalation_id = _resolve_escalation(s, ident, kind)
        escalations.record_escalation(s, escalation_id, authority=authority, reference=reference, note=note,
                                      done_at=day_at(done_on) if done_on else None)
    with vault.session(read_only=True) as s:
        finding_id = escalations.get_escalation(s, escalation_id).finding_id
        [row] = [e for e in escalations.list_escalations(s, finding_id=finding_id) if e.id == escalation_id]
    if as_json:
        emit_json(_escalation_dict(row))
        return
    detail = " · ".join(x for x in (row.authority, shown_day(row.done_at), row.reference) if x)
    click.echo(f"已登记 / recorded: {row.finding_title}：{row.kind.zh} {row.state_zh} / {row.state_en}（{detail}）")

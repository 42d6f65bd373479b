"""``inspector checklist show``, the listings (``plans``, ``departments``, ``inspections``, ``findings list``),
and one inspection or finding at a time: ``inspections show|complete|reopen``, ``findings show|edit|status``.

What may change when is the core's (:mod:`inspector.lifecycle`): a completed inspection, an issued notice and the
representative's signature refuse a change with a Chinese and English message (exit 4); these commands add
which option or command to use instead.
"""

from __future__ import annotations

from typing import Any

import click

from inspector.cli.base import (
    cli,
    emit_json,
    emit_table,
    json_option,
    open_vault,
    vault_option,
)
from inspector.cli.inputs import (
    DATE,
    add_hint,
    confirm_with_option,
    parse_articles,
    revision_option,
    shown_day,
    shown_time,
)
from inspector.cli.reinspect import SCOPE_TEXT, effects_view
from inspector.model import (
    FindingStatus,
    InspectionStatus,
    PlanStatus,
    Severity,
    Verdict,
)
from inspector.timezones import china_today

# ---- checklist and listings ------------------------------------------------------------------------


@cli.group()
def checklist():
    """检查清单 / the checklist."""


@checklist.command("show")
@click.option("--version", "ref", default=None, metavar="REF",
              help="版本：编号或 代码:版本号（默认：最新发布的版本）/ id or CODE:VERSION (default: the newest published)")
@vault_option
@json_option
@click.pass_context
def checklist_show(ctx, ref, vault_override, as_json):
    """显示检查表版本（保险库中的；默认最新发布的版本）/ show a checklist version from the vault (default: the newest
    published one; without a vault and --version, the shipped checklist)."""
    from inspector.cli.base import vault_path

    if ref is None and not vault_path(ctx, vault_override).exists():
        from inspector.regulation import load_checklist

        data = load_checklist()  # no vault yet: the checklist every new vault starts with (version 1)
    else:
        from inspector.services import version_files, versions

        vault = open_vault(ctx, vault_override)
        with vault.session(read_only=True) as s:
            if ref is None:
                newest = versions.published_for_plans(s)
                if not newest:
                    from inspector.errors import NotFoundError

                    raise NotFoundError("保险库中没有已发布的检查表版本；请用 --version 指定。",
                                        "The vault has no published checklist version; name one with --version.")
                template = max(newest, key=lambda t: (t.published_at is not None, t.published_at or 0, t.version))
            else:
                template = versions.find_checklist(s, ref)
            exported, template_id = version_files.version_data(s, template.id), template.id
        data = {**exported["checklist"], "id": template_id, "sections": exported["sections"],
                "items": exported["items"]}
    if as_json:
        emit_json(data)
        return
    label = f"  {data['label']}" if data.get("label") else ""
    status = f"  [{data['status']}]" if data.get("status") else ""
    click.echo(f"{data['name']} v{data['version']}{label}{status}  ({len(data['items'])} 项 / items)")
    for section in data["sections"]:
        click.echo(f"\n{section['clause']} {section['title']}")
        for item in (i for i in data["items"] if i["section"] == section["number"]):
            arts = "、".join(f"第{a}条" for a in item["articles"])
            click.echo(f"  {item['code']}  {item['title']}  [{arts}]")


def _listing(name: str, loader: str, columns: list[tuple[str, str]], help_text: str,
             labels: dict[str, Any] | None = None) -> click.Group:
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
    return group


_listing("plans", "list_plans", [("id", "ID"), ("year", "年度"), ("title", "计划"), ("status", "状态"),
                                 ("targets", "单位数")], "检查计划", {"status": PlanStatus})
_listing("departments", "list_departments", [("id", "ID"), ("name", "单位"), ("code", "代码")], "被检查单位")
inspections_group = _listing("inspections", "list_inspections", [
    ("id", "ID"), ("department", "单位"), ("status", "状态"), ("answered", "已检查项")], "实地检查",
    {"status": InspectionStatus})
findings_group = _listing("findings", "list_findings", [
    ("id", "ID"), ("department", "单位"), ("title", "问题"), ("severity", "严重程度"), ("status", "状态"),
    ("deadline", "期限")], "问题")


# ---- one inspection: show, complete, reopen --------------------------------------------------------

NOT_SIGNED = {"refused": "拒绝签字", "absent": "不在场"}
SIGNATURE_STATES = {"holds": ("有效", "holds"), "none": ("无", "none"),
                    "void": ("已失效（签字后内容有变化）", "void: the content changed since")}


def inspection_view(session, inspection_id: str) -> dict[str, Any]:
    """One inspection as ``inspections show`` prints it (and ``--json`` gives it)."""
    from sqlmodel import select

    from inspector.model import Finding, RectificationNotice
    from inspector.services import inspections, queries

    data = inspections.runner_data(session, inspection_id)
    head = data.inspection
    check = inspections.completion_check(session, inspection_id)
    insp = inspections.get_inspection(session, inspection_id)
    rows = session.exec(select(Finding).where(Finding.inspection_id == inspection_id)
                        .order_by(Finding.created_at, Finding.title)).all()
    numbers = {n.id: n.number for n in session.exec(select(RectificationNotice).where(
        RectificationNotice.id.in_([f.notice_id for f in rows if f.notice_id]))).all()}
    return dict(
        id=head.id, department=head.department, plan=head.plan_title, status=head.status.value,
        location=head.location, started_at=head.started_at, ended_at=head.ended_at,
        answered=data.answered, total=len(data.items), verdicts=queries.verdict_counts(session, inspection_id),
        unanswered=len(check.unanswered), unanswered_items=list(check.unanswered),
        unchecked_items=list(insp.unchecked_items), summary=head.summary, ready=check.ready,
        signature=dict(state=check.signature, signer=head.rep_name if head.signed else "",
                       title=head.rep_title if head.signed else "", signed_at=head.rep_signed_at,
                       not_signed=head.rep_not_signed, not_signed_note=head.rep_not_signed_note),
        correction=dict(number=head.correction_no, corrected_at=head.corrected_at, reason=head.correction_reason),
        reinspection=dict(notice_id=data.reinspection.notice_id, notice_number=data.reinspection.notice_number,
                          scheduled_on=data.reinspection.scheduled_on, scope=data.reinspection.scope,
                          outcome=effects_view(session, inspection_id)) if data.reinspection else None,
        findings=[dict(id=f.id, title=f.title, severity=Severity(f.severity).value,
                       status=FindingStatus(f.status).value, notice_number=numbers.get(f.notice_id or "", ""),
                       escalate_secrecy=f.escalate_secrecy, escalate_police=f.escalate_police) for f in rows],
    )


def _print_inspection(view: dict[str, Any]) -> None:
    status = InspectionStatus(view["status"])
    click.echo(f"现场检查 / inspection: {view['id']}")
    click.echo(f"单位 / department: {view['department']}")
    if view["plan"]:
        click.echo(f"检查计划 / plan: {view['plan']}")
    click.echo(f"状态 / status: {status.zh} ({status.en})")
    if view["reinspection"]:
        re = view["reinspection"]
        when = f"，{re['scheduled_on'].isoformat()}" if re["scheduled_on"] else ""
        click.echo(f"复查 / re-inspection of: {re['notice_number']}{when}（{SCOPE_TEXT[re['scope']][0]} / "
                   f"{SCOPE_TEXT[re['scope']][1]}）")
    if view["location"]:
        click.echo(f"地点 / location: {view['location']}")
    click.echo(f"时间（北京时间） / time (Beijing, UTC+8): {shown_time(view['started_at'])} — {shown_time(view['ended_at'])}")
    counts = "、".join(f"{Verdict(k).zh} {n}" for k, n in view["verdicts"].items() if n)
    click.echo(f"进度 / progress: {view['answered']}/{view['total']}" + (f"（{counts}）" if counts else ""))
    if view["unchecked_items"]:
        click.echo(f"记为未检查 / recorded as not checked: {len(view['unchecked_items'])} 项 / items "
                   f"({'、'.join(view['unchecked_items'])})")
    elif view["unanswered"]:
        shown = "、".join(view["unanswered_items"][:10]) + ("…" if view["unanswered"] > 10 else "")
        click.echo(f"未作答 / unanswered: {view['unanswered']} 项 / items ({shown})")
    click.echo(f"检查小结 / summary: {view['summary'] or '（未填写 / none yet）'}")
    sig = view["signature"]
    zh, en = SIGNATURE_STATES[sig["state"]]
    line = f"单位代表签字 / representative's signature: {zh} / {en}"
    if sig["signer"]:
        title = f"（{sig['title']}）" if sig["title"] else " "
        line += f" — {sig['signer']}{title}{shown_time(sig['signed_at'])}"
    click.echo(line)
    if sig["not_signed"]:
        click.echo(f"未签字原因 / not signed: {NOT_SIGNED[sig['not_signed']]} ({sig['not_signed']})"
                   + (f"：{sig['not_signed_note']}" if sig["not_signed_note"] else ""))
    corr = view["correction"]
    if corr["number"]:
        click.echo(f"更正 / corrected: 第 {corr['number']} 次 / #{corr['number']}，{shown_time(corr['corrected_at'])}，"
                   f"原因 / reason: {corr['reason']}")
    click.echo(f"问题 / findings: {len(view['findings'])}")
    for f in view["findings"]:
        flags = "".join(f"［{label}］" for key, label in
                        (("escalate_secrecy", "失泄密隐患"), ("escalate_police", "违法行为")) if f[key])
        click.echo(f"  {f['id']}  {f['title']}{flags}  {Severity(f['severity']).zh}  {FindingStatus(f['status']).zh}"
                   + (f"  {f['notice_number']}" if f["notice_number"] else ""))


@inspections_group.command("show")
@click.argument("inspection_id", metavar="ID")
@vault_option
@json_option
@click.pass_context
def inspections_show(ctx, inspection_id, vault_override, as_json):
    """一次检查：进度、小结、签字状态、问题 / one inspection: progress, summary, signature, findings."""
    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        view = inspection_view(s, inspection_id)
    emit_json(view) if as_json else _print_inspection(view)


def _completion_hint(exc, status, check, summary, record_unchecked, not_signed, inspection_id):
    """Which option answers the core's refusal (the core checks in this order)."""
    if status is InspectionStatus.COMPLETED:
        return add_hint(exc, f"如需更正，请运行 inspector inspections reopen {inspection_id} --reason 原因。",
                        f"To correct it: inspector inspections reopen {inspection_id} --reason TEXT.")
    if check.summary_missing and not (summary or "").strip():
        return add_hint(exc, "请用 --summary 填写。", "Give it with --summary.")
    if check.unanswered and not record_unchecked:
        return add_hint(exc, "确认记为“未检查”请加 --record-unchecked。",
                        "To record them as not checked, add --record-unchecked.")
    if check.signature == "void":
        return add_hint(exc, "请在桌面程序中请单位代表重新签字。",
                        "The representative signs again in the desktop application.")
    if check.signature == "none" and not not_signed:
        return add_hint(exc, "单位代表在桌面程序中签字；未签字时请加 --not-signed refused|absent（可加 --note 说明）。",
                        "The representative signs in the desktop application; without a signature add "
                        "--not-signed refused|absent (and --note).")
    return exc


@inspections_group.command("complete")
@click.argument("inspection_id", metavar="ID")
@click.option("--summary", default=None, metavar="TEXT",
              help="检查小结（检查组的总体意见；已填写的可省略）/ the summary (the team's opinion; kept if omitted)")
@click.option("--record-unchecked", is_flag=True,
              help="将没有结论的检查项记为“未检查” / record the items without a verdict as not checked")
@click.option("--not-signed", type=click.Choice(sorted(NOT_SIGNED)), default=None,
              help="单位代表未签字的原因：refused 拒绝签字 / absent 不在场 / why the representative did not sign")
@click.option("--note", default="", metavar="TEXT", help="未签字的情况说明 / a note on the missing signature")
@click.option("--reopen-deadline", type=DATE, default=None,
              help="复查：重新打开的问题的新整改期限（默认30天后）/ a re-inspection: the new deadline of the findings "
                   "it reopens (default: in 30 days)")
@vault_option
@json_option
@click.pass_context
def inspections_complete(ctx, inspection_id, summary, record_unchecked, not_signed, note, reopen_deadline,
                         vault_override, as_json):
    """完成检查；完成后检查记录不能再修改 / complete an inspection; its record no longer changes."""
    from inspector.errors import BadInputError
    from inspector.lifecycle import SignatureWouldVoid
    from inspector.services import inspections

    if note and not not_signed:
        raise click.UsageError("--note 只与 --not-signed 一起使用 / --note goes with --not-signed")
    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        status = InspectionStatus(inspections.get_inspection(s, inspection_id).status)
        check = inspections.completion_check(s, inspection_id)
        try:
            inspections.complete_inspection(s, inspection_id, summary=summary, record_unchecked=record_unchecked,
                                            rep_not_signed=not_signed or "", note=note,
                                            reopen_deadline=reopen_deadline)
        except SignatureWouldVoid as exc:
            raise add_hint(exc, "检查小结是单位代表签字内容的一部分：请不带 --summary 运行，以签字时的小结完成检查。",
                           "The summary is part of what the representative signed: run it without --summary to "
                           "complete with the summary they signed.")
        except BadInputError as exc:
            raise _completion_hint(exc, status, check, summary, record_unchecked, not_signed, inspection_id)
    with vault.session(read_only=True) as s:
        view = inspection_view(s, inspection_id)
    if as_json:
        emit_json(view)
        return
    click.echo(f"检查已完成，检查记录不再修改 / inspection completed; its record no longer changes: "
               f"{view['department']}")
    if view["unchecked_items"]:
        click.echo(f"记为未检查 / recorded as not checked: {len(view['unchecked_items'])} 项 / items")
    if not_signed:
        click.echo(f"未签字原因 / not signed: {NOT_SIGNED[not_signed]} ({not_signed})")
    for effect in view["reinspection"]["outcome"] if view["reinspection"] else []:
        click.echo(f"  {effect['title']}：{effect['action_zh']} / {effect['action_en']}")


@inspections_group.command("reopen")
@click.argument("inspection_id", metavar="ID")
@click.option("--reason", required=True, metavar="TEXT",
              help="重新打开的原因（记入审计链）/ why (kept in the audit chain)")
@vault_option
@json_option
@click.pass_context
def inspections_reopen(ctx, inspection_id, reason, vault_override, as_json):
    """重新打开已完成的检查（须说明原因）；下次导出的记录为更正版 / reopen a completed inspection, with a reason."""
    from sqlmodel import select

    from inspector.model import IssuedDocument
    from inspector.services import inspections

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        insp = inspections.reopen_inspection(s, inspection_id, reason)
        superseded = len(s.exec(select(IssuedDocument.id).where(
            IssuedDocument.kind == "record", IssuedDocument.ref_id == insp.id,
            IssuedDocument.superseded_at == insp.corrected_at)).all())
    with vault.session(read_only=True) as s:
        view = inspection_view(s, inspection_id)
    if as_json:
        emit_json({**view, "superseded_records": superseded})
        return
    n = view["correction"]["number"]
    click.echo(f"已重新打开 / reopened: {view['department']}（第 {n} 次更正 / correction #{n}）")
    click.echo("下次导出的检查记录为更正版 / the next record exported is a corrected version")
    if superseded:
        click.echo(f"此前导出的 {superseded} 份检查记录已在发文登记中标记为被取代 / "
                   f"{superseded} record(s) exported before are marked superseded in the register")


# ---- one finding: show, edit, status --------------------------------------------------------------

EDIT_OPTIONS = {  # field → the option that sets it
    "title": "--title", "description": "--description", "location": "--location", "articles": "--articles",
    "severity": "--severity", "escalate_secrecy": "--secrecy/--no-secrecy", "escalate_police": "--police/--no-police",
    "handling_opinion": "--opinion", "rectification_requirement": "--requirement", "deadline": "--deadline",
}


def _frozen(session, finding) -> dict[str, Any]:
    """What holds a finding's fields now: its issued notice, its completed inspection, the signature over it."""
    from inspector import lifecycle
    from inspector.model import Inspection

    notice = lifecycle.freezing_notice(session, finding)
    insp = session.get(Inspection, finding.inspection_id) if finding.inspection_id else None
    locked, confirm = set(), set()
    if notice is not None:
        locked |= set(lifecycle.NOTICE_FIELDS)
    if insp is not None and InspectionStatus(insp.status) is InspectionStatus.COMPLETED:
        locked |= set(lifecycle.RECORD_FIELDS)
    elif insp is not None and insp.rep_signature_sha256:
        confirm |= set(lifecycle.RECORD_FIELDS)
    order = list(EDIT_OPTIONS)
    return dict(
        notice=dict(id=notice.id, number=notice.number) if notice is not None else None,
        inspection=dict(id=insp.id, status=InspectionStatus(insp.status).value,
                        signed_by=insp.department_rep_name if insp.rep_signature_sha256 else "",
                        signed_at=insp.rep_signed_at if insp.rep_signature_sha256 else None) if insp else None,
        locked=[f for f in order if f in locked],
        voids_signature=[f for f in order if f in confirm - locked],
    )


def finding_view(session, finding_id: str) -> dict[str, Any]:
    """One finding as ``findings show`` prints it (and ``--json`` gives it)."""

    from inspector.services import escalations, findings

    d = findings.finding_detail(session, finding_id, china_today())
    f = findings.get_finding(session, finding_id)
    return dict(
        id=d.id, title=d.title, department=d.department, inspection_id=f.inspection_id, item_code=d.item_code,
        item_title=d.item_title, description=d.description, location=d.location, articles=list(d.articles),
        severity=d.severity.value, escalate_secrecy=d.escalate_secrecy, escalate_police=d.escalate_police,
        handling_opinion=d.handling_opinion, rectification_requirement=d.rectification_requirement,
        deadline=d.deadline, status=d.status.value, notice_id=f.notice_id, notice_number=d.notice_number,
        verification_note=d.verification_note, overdue=d.overdue, next_steps=[t.value for t in d.transitions],
        escalations=[dict(id=e.id, kind=e.kind.value, kind_zh=e.kind.zh, state=e.state.value, state_zh=e.state_zh,
                          state_en=e.state_en, immediate=e.immediate, authority=e.authority, done_at=e.done_at,
                          done_by=e.done_by, reference=e.reference, note=e.note)
                     for e in escalations.list_escalations(session, finding_id=finding_id)],
        evidence=[dict(id=e.id, filename=e.filename, size=e.size, sha256=e.sha256) for e in d.evidence],
        history=[dict(at=h.at, from_status=h.from_status.value, to_status=h.to_status.value, actor=h.actor,
                      reason=h.reason) for h in d.history],
        frozen=_frozen(session, f), revision=f.revision,
    )


def _labels(fields: list[str]) -> str:
    from inspector.lifecycle import FIELD_LABELS

    return "、".join(FIELD_LABELS[f][0] for f in fields) + " / " + ", ".join(FIELD_LABELS[f][1] for f in fields)


def _print_finding(view: dict[str, Any]) -> None:
    from inspector import regulation

    status = FindingStatus(view["status"])
    click.echo(f"问题 / finding: {view['id']}")
    click.echo(f"标题 / title: {view['title']}")
    click.echo(f"单位 / department: {view['department']}")
    if view["item_code"]:
        click.echo(f"检查项 / item: {view['item_code']} {view['item_title']}")
    click.echo(f"状态 / status: {status.zh} ({status.en})" + ("  已逾期 / overdue" if view["overdue"] else ""))
    click.echo(f"严重程度 / severity: {Severity(view['severity']).zh} ({Severity(view['severity']).en})")
    labels = []
    for n in view["articles"]:
        try:
            labels.append(regulation.article(n).label)
        except KeyError:
            labels.append(str(n))
    click.echo(f"违反条款 / articles: {'、'.join(labels) or '—'}")
    for key, label in (("description", "问题描述 / description"), ("location", "位置 / location"),
                       ("handling_opinion", "处理意见 / opinion"),
                       ("rectification_requirement", "整改要求 / requirement")):
        click.echo(f"{label}: {view[key] or '—'}")
    immediate = view["escalate_police"]
    click.echo(f"整改期限 / deadline: {'立即 / at once' if immediate else (view['deadline'] or '—')}"
               + (f"（通知书期限 / notice deadline {view['deadline']}）" if immediate and view["deadline"] else ""))
    if view["notice_number"]:
        click.echo(f"整改通知书 / notice: {view['notice_number']}")
    for e in view["escalations"]:
        detail = " · ".join(x for x in (e["authority"], shown_day(e["done_at"]),
                                        e["reference"]) if x)
        click.echo(f"第三十三条 / art. 33: {e['kind_zh']} {e['state_zh']} / {e['state_en']}  {detail}  [{e['id']}]")
    if view["evidence"]:
        click.echo(f"证据 / evidence: {'、'.join(e['filename'] for e in view['evidence'])}")
    frozen = view["frozen"]
    if frozen["locked"]:
        why = []
        if frozen["notice"]:
            why.append(f"已签发的整改通知书 {frozen['notice']['number']} / issued notice")
        if frozen["inspection"] and frozen["inspection"]["status"] == InspectionStatus.COMPLETED.value:
            why.append("检查已完成 / inspection completed")
        click.echo(f"不可修改 / frozen: {_labels(frozen['locked'])}（{'；'.join(why)}）")
    if frozen["voids_signature"]:
        insp = frozen["inspection"]
        click.echo(f"修改将使 {insp['signed_by']} 于 {shown_time(insp['signed_at'])} 的签字失效 / changing these voids "
                   f"the representative's signature: {_labels(frozen['voids_signature'])}")


@findings_group.command("show")
@click.argument("finding_id", metavar="ID")
@vault_option
@json_option
@click.pass_context
def findings_show(ctx, finding_id, vault_override, as_json):
    """一个问题：内容、状态、上报移送、哪些内容已冻结 / one finding: content, status, escalations, what is frozen."""
    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        view = finding_view(s, finding_id)
    emit_json(view) if as_json else _print_finding(view)


def _frozen_hint(exc, finding_id: str, frozen: dict[str, Any], changes: dict[str, Any]):
    from inspector.lifecycle import CORRECTABLE_FIELDS, NOTICE_FIELDS

    notice = frozen["notice"]
    if notice is not None and set(changes) & set(NOTICE_FIELDS):
        if set(changes) <= set(CORRECTABLE_FIELDS):
            return add_hint(exc, f"命令行：inspector notices correct {notice['id']} --finding {finding_id} "
                                 "--requirement 新要求（或 --deadline 日期）--reason 原因",
                            f"On the command line: inspector notices correct {notice['id']} --finding {finding_id} "
                            "--requirement TEXT (or --deadline DATE) --reason TEXT")
        return add_hint(exc, "更正通知只能更正整改要求和整改期限。",
                        "A correction notice corrects only the rectification requirement and the deadline.")
    insp = frozen["inspection"]
    if insp is not None and insp["status"] == InspectionStatus.COMPLETED.value:
        return add_hint(exc, f"命令行：inspector inspections reopen {insp['id']} --reason 原因",
                        f"On the command line: inspector inspections reopen {insp['id']} --reason TEXT")
    return exc


@findings_group.command("edit")
@click.argument("finding_id", metavar="ID")
@click.option("--title", default=None, metavar="TEXT", help="问题 / title")
@click.option("--description", default=None, metavar="TEXT", help="问题描述 / description")
@click.option("--location", default=None, metavar="TEXT", help="位置 / location")
@click.option("--articles", default=None, metavar="N,N", help="违反条款，如 9,12 / articles, e.g. 9,12")
@click.option("--severity", type=click.Choice([s.value for s in Severity]), default=None,
              help="严重程度：general 一般 / major 较大 / critical 重大")
@click.option("--secrecy/--no-secrecy", default=None, help="失泄密隐患（第三十三条）/ leak risk (art. 33)")
@click.option("--police/--no-police", default=None, help="违法行为（第三十三条）/ unlawful act (art. 33)")
@click.option("--opinion", default=None, metavar="TEXT", help="处理意见 / handling opinion")
@click.option("--requirement", default=None, metavar="TEXT", help="整改要求 / rectification requirement")
@click.option("--deadline", type=DATE, default=None, help="整改期限 / deadline")
@click.option("--void-signature", is_flag=True,
              help="确认修改使单位代表的签字失效 / confirm that the change voids the representative's signature")
@revision_option
@vault_option
@json_option
@click.pass_context
def findings_edit(ctx, finding_id, title, description, location, articles, severity, secrecy, police, opinion,
                  requirement, deadline, void_signature, revision, vault_override, as_json):
    """修改问题的内容（每个字段一个选项；--revision：他人已修改则拒绝）/ edit a finding (one option per field;
    --revision: refused if someone else changed it)."""
    from inspector.lifecycle import FrozenError
    from inspector.model import Inspection
    from inspector.services import findings

    given = dict(title=title, description=description, location=location,
                 articles=parse_articles(articles) if articles is not None else None, severity=severity,
                 escalate_secrecy=secrecy, escalate_police=police, handling_opinion=opinion,
                 rectification_requirement=requirement, deadline=deadline)
    changes = {k: v for k, v in given.items() if v is not None}
    if not changes:
        raise click.UsageError("请至少给出一项要修改的内容，如 --requirement / give at least one field to change, "
                               "such as --requirement")
    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        f = findings.get_finding(s, finding_id)
        frozen = _frozen(s, f)
        before = {k: getattr(f, k) for k in EDIT_OPTIONS}
        insp = s.get(Inspection, f.inspection_id) if f.inspection_id else None
        signature = (insp.department_rep_name, insp.rep_signed_at, insp.rep_signature_sha256) if insp else None
        try:
            with confirm_with_option():
                f = findings.update_finding(s, finding_id, changes, void_signature=void_signature, revision=revision)
        except FrozenError as exc:
            raise _frozen_hint(exc, finding_id, frozen, changes)
        changed = [k for k in EDIT_OPTIONS if getattr(f, k) != before[k]]
        voided = bool(signature and signature[2] and not insp.rep_signature_sha256)
        raised = "severity" in changed and "severity" not in changes
    with vault.session(read_only=True) as s:
        view = finding_view(s, finding_id)
    if as_json:
        emit_json(dict(finding=view, changed=changed, signature_voided=voided, severity_raised=raised))
        return
    if not changed:
        click.echo(f"没有变化 / nothing changed: {view['title']}")
        return
    click.echo(f"已保存 / saved: {view['title']} ({view['id']})")
    click.echo(f"已修改 / changed: {_labels(changed)}")
    if raised:
        sev = Severity(view["severity"])
        click.echo(f"严重程度已按第三十三条提升为“{sev.zh}” / severity raised to {sev.en} (art. 33)")
    if voided:
        click.echo(f"{signature[0]} 于 {shown_time(signature[1])} 的签字已失效，需要重新签字 / the signature "
                   f"{signature[0]} gave at {shown_time(signature[1])} is void; they need to sign again")
    for e in view["escalations"]:
        if e["state"] == "pending":
            click.echo(f"第三十三条 / art. 33: {e['kind_zh']} {e['state_zh']} / {e['state_en']} [{e['id']}]")


@findings_group.command("status")
@click.argument("finding_id", metavar="ID")
@click.argument("target", metavar="STATUS", type=click.Choice([s.value for s in FindingStatus]))
@click.option("--reason", default="", metavar="TEXT",
              help="说明（核验意见、重新打开的原因）/ reason or verification note")
@click.option("--deadline", type=DATE, default=None, help="新的整改期限（重新打开时）/ new deadline (when reopening)")
@vault_option
@json_option
@click.pass_context
def findings_status(ctx, finding_id, target, reason, deadline, vault_override, as_json):
    """问题状态前进一步（整改中、已报整改、已核验、已关闭、重新打开）/ move a finding one step in the status flow."""
    from inspector import workflow
    from inspector.errors import TransitionError
    from inspector.services import findings

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        current = FindingStatus(findings.get_finding(s, finding_id).status)
        try:
            findings.change_status(s, finding_id, FindingStatus(target), reason=reason, deadline=deadline)
        except TransitionError as exc:
            steps = workflow.by_hand(current)
            if FindingStatus(target) not in steps:
                zh = "、".join(f"{t.value}（{t.zh}）" for t in steps) or "无（签发整改通知书后才能前进）"
                en = ", ".join(t.value for t in steps) or "none (a notice must be issued first)"
                raise add_hint(exc, f"从“{current.zh}”可以：{zh}。", f"From {current.value}: {en}.")
            raise
    with vault.session(read_only=True) as s:
        view = finding_view(s, finding_id)
    if as_json:
        emit_json(view)
        return
    status = FindingStatus(view["status"])
    click.echo(f"问题状态 / status: {status.zh} ({status.en}) — {view['title']}")

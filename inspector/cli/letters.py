"""``inspector letter kinds|new|set|issue|list|show|delete``: the letters of the procedure (检查通知, 整改复查意见书,
督办通知, the art. 33 letters) from draft to issue; ``inspector export letter`` is in :mod:`inspector.cli.documents`.

A letter's inputs are given as ``--set key=value`` (``letter kinds`` lists each kind's keys); in a multi-line
field ``\\n`` starts a new line. Issuing numbers the letter from the register it shares with the notices and
freezes it: an issued letter is never changed or deleted.
"""

from __future__ import annotations

import dataclasses
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
from inspector.cli.inputs import DATE, revision_option
from inspector.timezones import china_today

STATUS = {"draft": ("草稿", "draft"), "issued": ("已签发", "issued")}
TYPES = {"text": ("文字", "text"), "multiline": ("多行文字", "multi-line text"), "date": ("日期 YYYY-MM-DD", "date"),
         "choice": ("选项", "choice")}


def _pairs(values: tuple[str, ...]) -> dict[str, str]:
    """``key=value`` pairs (``--set``); ``\\n`` in a value is a line break."""
    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"“{item}”应写成 键=值（例如 --set visit_from=2026-12-10）/ '{item}' must be "
                                     "key=value (for example --set visit_from=2026-12-10)", param_hint="--set")
        out[key.strip()] = value.replace("\\n", "\n")
    return out


def _colophon(cc: str | None, contact: str | None, phone: str | None) -> dict[str, Any] | None:
    given = {k: v for k, v in (("cc", cc), ("contact", contact), ("phone", phone)) if v is not None}
    return given or None


def _row_dict(row) -> dict[str, Any]:
    return {**dataclasses.asdict(row), "status_zh": STATUS[row.status][0]}


def letter_view(session, letter_id: str) -> dict[str, Any]:
    from inspector.services import letters

    d = letters.letter_detail(session, letter_id)
    return dict(**_row_dict(d.row), revision=letters.get_letter(session, letter_id).revision, fields=d.fields,
                colophon=d.colophon,
                field_specs=[dict(key=f.key, zh=f.zh, en=f.en, type=f.type, required=f.required) for f in d.specs],
                content=d.content, content_sha256=d.content_sha256,
                problems=[dict(field=k, zh=zh, en=en) for k, zh, en in d.problems])


@cli.group("letter")
def letter_group():
    """公文：检查通知、整改复查意见书、督办通知、上报移送函 / letters: inspection notice, review, urging, art. 33."""


@letter_group.command("kinds")
@json_option
def letter_kinds(as_json):
    """公文种类及其可填写的项目 / the kinds of letter and their inputs."""
    from inspector.services import letters

    kinds = [dict(key=k.key, zh=k.zh, en=k.en, needs=list(k.needs),
                  fields=[dict(key=f.key, zh=f.zh, en=f.en, type=f.type, required=f.required,
                               choices=[dict(value=v, zh=zh, en=en) for v, zh, en in f.choices]) for f in k.fields])
             for k in letters.kinds().values()]
    if as_json:
        emit_json(kinds)
        return
    needs = {"plan": "--plan", "department": "--department", "notice": "--notice"}
    for k in kinds:
        click.echo(f"{k['key']}  {k['zh']} / {k['en']}  （需要 / needs: "
                   f"{' '.join(needs[n] for n in k['needs']) or '—'}）")
        for f in k["fields"]:
            zh, en = TYPES.get(f["type"], (f["type"], f["type"]))
            choices = f"：{'|'.join(c['value'] for c in f['choices'])}" if f["choices"] else ""
            click.echo(f"    --set {f['key']}=…  {f['zh']} / {f['en']}（{zh}{choices}）"
                       + ("  必填 / required" if f["required"] else ""))


@letter_group.command("new")
@click.option("--kind", "kind", required=True, metavar="K", help="公文种类（见 letter kinds）/ kind (see letter kinds)")
@click.option("--plan", "plan_id", default=None, metavar="ID", help="检查计划 / plan")
@click.option("--department", "department_id", default=None, metavar="ID", help="被检查单位 / department")
@click.option("--notice", "notice_id", default=None, metavar="ID", help="整改通知书 / rectification notice")
@click.option("--set", "values", multiple=True, metavar="KEY=VALUE", help="填写一项（可重复）/ an input (repeatable)")
@click.option("--cc", default=None, metavar="A、B", help="抄送（默认取设置）/ 抄送 (default: the settings')")
@contact_option
@phone_option
@vault_option
@json_option
@click.pass_context
def letter_new(ctx, kind, plan_id, department_id, notice_id, values, cc, contact, phone, vault_override, as_json):
    """起草公文（草稿可改，签发后冻结）/ draft a letter (a draft can change; issuing freezes it)."""
    from inspector.services import letters

    fields = _pairs(values)
    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        letter_id = letters.create(s, kind, plan_id=plan_id, department_id=department_id, notice_id=notice_id,
                                   fields=fields, colophon=_colophon(cc, contact, phone)).id
    _show_written(vault, letter_id, as_json, f"已起草 / drafted: {letter_id}")


@letter_group.command("set")
@click.argument("letter_id", metavar="ID")
@click.option("--set", "values", multiple=True, metavar="KEY=VALUE", help="填写一项（可重复）/ an input (repeatable)")
@cc_option
@contact_option
@phone_option
@revision_option
@vault_option
@json_option
@click.pass_context
def letter_set(ctx, letter_id, values, cc, contact, phone, revision, vault_override, as_json):
    """修改草稿的填写项或版记（--revision：他人已修改则拒绝）/ change a draft's inputs or 版记 (--revision: refused if
    someone else changed it)."""
    from inspector.services import letters

    fields = _pairs(values)
    colophon = _colophon(cc, contact, phone)
    if not fields and colophon is None:
        raise click.UsageError("请给出要修改的内容：--set、--cc、--contact 或 --phone / give what to change: "
                               "--set, --cc, --contact or --phone")
    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        letters.update(s, letter_id, fields=fields or None, colophon=colophon, revision=revision)
    _show_written(vault, letter_id, as_json, f"已修改 / changed: {letter_id}")


@letter_group.command("issue")
@click.argument("letter_id", metavar="ID")
@click.option("--date", "issued_on", type=DATE, default=None, help="成文日期（默认今天）/ date of issue (default today)")
@vault_option
@json_option
@click.pass_context
def letter_issue(ctx, letter_id, issued_on, vault_override, as_json):
    """签发：编号（与整改通知书同一发文序列）并冻结 / issue: numbered (the notices' series) and frozen."""
    from inspector.services import letters

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        letters.issue(s, letter_id, issued_on=issued_on or china_today())
    with vault.session(read_only=True) as s:
        view = letter_view(s, letter_id)
    if as_json:
        emit_json(view)
        return
    click.echo(f"已签发 / issued: {view['kind_zh']} {view['number']}" + (f"（{view['department']}）"
                                                                          if view["department"] else ""))
    click.echo(f"所载内容已冻结，不能再修改或删除 / frozen: it can no longer change or be deleted\n"
               f"导出 / export: inspector export letter --letter {letter_id} --out 文件.pdf --sign")


@letter_group.command("list")
@click.option("--plan", "plan_id", default=None, metavar="ID", help="只列此计划的 / this plan's only")
@click.option("--department", "department_id", default=None, metavar="ID", help="只列此单位的 / this department's only")
@click.option("--notice", "notice_id", default=None, metavar="ID", help="只列此通知书的 / this notice's only")
@click.option("--kind", "kind", default=None, metavar="K", help="只列此种类 / this kind only")
@vault_option
@json_option
@click.pass_context
def letter_list(ctx, plan_id, department_id, notice_id, kind, vault_override, as_json):
    """列出公文（草稿在前）/ list letters (drafts first)."""
    from inspector.services import letters

    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        if kind:
            letters.kind_of(kind)
        rows = [_row_dict(r) for r in letters.list_letters(s, plan_id=plan_id, department_id=department_id,
                                                           notice_id=notice_id, kind=kind)]
    if as_json:
        emit_json(rows)
        return
    emit_table([{**r, "number": r["number"] or "（草稿）", "status": r["status_zh"],
                 "about": r["department"] or r["plan_title"]} for r in rows],
               [("id", "ID"), ("kind_zh", "种类"), ("number", "文号"), ("status", "状态"), ("about", "单位"),
                ("notice_number", "整改通知书"), ("issued_on", "签发日期")])


@letter_group.command("show")
@click.argument("letter_id", metavar="ID")
@vault_option
@json_option
@click.pass_context
def letter_show(ctx, letter_id, vault_override, as_json):
    """一份公文：填写项、版记、正文 / one letter: its inputs, 版记 and text."""
    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        view = letter_view(s, letter_id)
    if as_json:
        emit_json(view)
        return
    _echo_view(view)


def _echo_view(view: dict[str, Any]) -> None:
    zh, en = STATUS[view["status"]]
    click.echo(f"{view['kind_zh']} / {view['kind_en']}: {view['number'] or '（草稿 / draft）'}  [{view['id']}]")
    click.echo(f"状态 / status: {zh} / {en}" + (f"，签发日期 / issued on {view['issued_on']}" if view["issued_on"] else "")
               + f"；修订 / revision {view['revision']}")
    for key, label in (("department", "单位 / department"), ("plan_title", "检查计划 / plan"),
                       ("notice_number", "整改通知书 / notice")):
        if view[key]:
            click.echo(f"{label}: {view[key]}")
    for spec in view["field_specs"]:
        value = str(view["fields"].get(spec["key"]) or "")
        shown = value.replace("\n", "\n      ") if value else "—"
        click.echo(f"  {spec['key']}  {spec['zh']} / {spec['en']}: {shown}")
    c = view["colophon"]
    if c:
        click.echo(f"版记 / colophon: 抄送 {'、'.join(c.get('cc') or []) or '—'}；联系人 {c.get('contact') or '—'}；"
                   f"电话 {c.get('phone') or '—'}")
    for p in view["problems"]:
        click.echo(f"尚不能签发 / cannot be issued yet: {p['zh']} / {p['en']}")
    content = view["content"]
    if content:
        click.echo("")
        click.echo(content.get("title", ""))
        if content.get("addressee"):
            click.echo(f"{content['addressee']}：")
        for block in content.get("blocks", []):
            if block.get("kind") == "table":
                click.echo("  " + " | ".join(block.get("headers") or []))
                for row in block.get("rows") or []:
                    click.echo("  " + " | ".join(str(c) for c in row))
            else:
                click.echo(("  " if block.get("kind") == "p" else "") + str(block.get("text", "")))
        if content.get("attachments"):
            click.echo("附件：" + "；".join(content["attachments"]))


@letter_group.command("delete")
@click.argument("letter_id", metavar="ID")
@vault_option
@click.pass_context
def letter_delete(ctx, letter_id, vault_override):
    """删除草稿（已签发的公文不能删除）/ delete a draft (an issued letter is never deleted)."""
    from inspector.services import letters

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        letters.delete_draft(s, letter_id)
    click.echo(f"已删除草稿 / draft deleted: {letter_id}")


def _show_written(vault, letter_id: str, as_json: bool, headline: str) -> None:
    with vault.session(read_only=True) as s:
        view = letter_view(s, letter_id)
    if as_json:
        emit_json(view)
        return
    click.echo(headline)
    _echo_view(view)
    if not view["problems"]:
        click.echo(f"签发 / issue it: inspector letter issue {letter_id}")

"""``inspector checklist versions|export|import|diff|draft|publish|retire|delete``: checklist and regulation versions
(issue 18). Every rule (only a draft changes, a published version never; publishing twice, deleting a version in
use...) is :mod:`inspector.services.versions`' (and
:mod:`inspector.services.regulation_versions`'); a refusal is exit 4 with its Chinese and English message. The file
formats are docs/checklist-format.md (:mod:`inspector.services.version_files`). ``checklist show`` is in
:mod:`inspector.cli.records`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from inspector.cli.base import emit_json, emit_table, json_option, open_vault, vault_option
from inspector.cli.records import checklist

STATUS_ZH = {"draft": "草稿", "published": "已发布", "retired": "已废止"}
KIND_ZH = {"added": "新增", "removed": "删除", "changed": "修改", "moved": "移动"}


def _status(value: Any) -> str:
    value = getattr(value, "value", value)
    return f"{STATUS_ZH.get(value, value)} {value}"


def _version_row(row) -> dict[str, Any]:
    return dict(id=row.id, kind=row.kind, code=row.code, version=row.version, label=row.label, name=row.name,
                status=row.status.value, derived_from=row.derived_from, published_at=row.published_at,
                items=row.items, in_use=row.in_use, regulation=row.regulation,
                effective_from=row.effective_from, effective_to=row.effective_to)


def _brief(t) -> dict[str, Any]:
    return dict(id=t.id, code=t.code, version=t.version, label=t.label, name=t.name,
                status=getattr(t.status, "value", t.status))


@checklist.command("versions")
@vault_option
@json_option
@click.pass_context
def checklist_versions(ctx, vault_override, as_json):
    """列出检查表版本和法规版本（状态、标签、使用情况、有效期）/ list checklist and regulation versions."""
    from inspector.services import regulation_versions, versions

    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        lists = [_version_row(r) for r in versions.checklist_versions(s)]
        regs = [_version_row(r) for r in regulation_versions.regulation_versions(s)]
    if as_json:
        emit_json({"checklists": lists, "regulations": regs})
        return
    for rows in (lists, regs):
        for r in rows:
            r["status_text"] = _status(r["status"])
            r["dates"] = f"{r['effective_from'] or '—'} ~ {r['effective_to'] or '长期 open'}"
    click.echo("检查表版本 / checklist versions")
    emit_table(lists, [("id", "ID"), ("code", "代码"), ("version", "版本"), ("label", "标签"),
                       ("status_text", "状态"), ("items", "检查项"), ("in_use", "计划数"), ("regulation", "法规"),
                       ("dates", "法规有效期")])
    click.echo("\n法规版本 / regulation versions")
    emit_table(regs, [("id", "ID"), ("code", "代码"), ("version", "版本"), ("label", "标签"), ("status_text", "状态"),
                      ("items", "条款数"), ("in_use", "引用的检查表"), ("dates", "有效期")])


@checklist.command("export")
@click.option("--version", "ref", required=True, metavar="REF", help="版本：编号或 代码:版本号 / id or CODE:VERSION")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="输出文件 .xlsx 或 .toml / the output file, .xlsx or .toml")
@vault_option
@json_option
@click.pass_context
def checklist_export(ctx, ref, out, vault_override, as_json):
    """将检查表版本导出为 .xlsx 或 .toml 文件 / export a checklist version as an .xlsx or .toml file."""
    from inspector.services import version_files, versions

    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        t = versions.find_checklist(s, ref)
        brief = _brief(t)
        path = version_files.export_version(s, t.id, out)
    if as_json:
        emit_json({**brief, "path": str(path)})
        return
    click.echo(f"已导出 / exported {brief['code']} v{brief['version']} → {path}")


@checklist.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE")
@vault_option
@json_option
@click.pass_context
def checklist_import(ctx, path, vault_override, as_json):
    """从 .xlsx 或 .toml 文件导入为新的草稿版本（已有版本不变）/ import a file as a new draft version."""
    from inspector.services import version_files

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        draft = version_files.import_path(s, path)
        brief = _brief(draft)
    if as_json:
        emit_json(brief)
        return
    click.echo(f"已导入为草稿 / imported as a draft: {brief['code']} v{brief['version']}")
    click.echo(brief["id"])


def _words(words: list[tuple[str, str]]) -> str:
    return "".join(text if op == "=" else f"[-{text}-]" if op == "-" else f"{{+{text}+}}" for op, text in words)


def _shown(change) -> str:
    """A changed field: its words marked, or old → new."""
    return _words(change.words) if change.words else f"{change.old} → {change.new}"


def _diff_json(diff) -> dict[str, Any]:
    def change(c):
        return dict(code=c.code, kind=c.kind, title=c.title,
                    changes=[field(f) for f in c.changes])

    def field(f):
        return dict(field=f.field, old=f.old, new=f.new, words=[list(w) for w in f.words])

    if hasattr(diff, "articles"):
        return dict(old_id=diff.old_id, new_id=diff.new_id, counts=diff.counts(),
                    fields=[field(f) for f in diff.fields], articles=[change(c) for c in diff.articles])
    return dict(old_id=diff.old_id, new_id=diff.new_id, counts=diff.counts(),
                sections=[change(c) for c in diff.sections], items=[change(c) for c in diff.items])


@checklist.command("diff")
@click.argument("old", metavar="A")
@click.argument("new", metavar="B")
@click.option("--regulation", "regulation", is_flag=True,
              help="A 和 B 是法规版本（条款逐词比较）/ A and B are regulation versions (articles word by word)")
@vault_option
@json_option
@click.pass_context
def checklist_diff(ctx, old, new, regulation, vault_override, as_json):
    """两个检查表版本的差异（章节和检查项的新增、删除、修改、移动；文字逐词）；--regulation：两个法规版本的差异
    / the difference between two checklist (or, with --regulation, regulation) versions."""
    from inspector.services import regulation_versions, version_diff, versions

    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        if regulation:
            a, b = regulation_versions.find_regulation(s, old), regulation_versions.find_regulation(s, new)
            diff = version_diff.diff_regulations(s, a.id, b.id)
        else:
            a, b = versions.find_checklist(s, old), versions.find_checklist(s, new)
            diff = version_diff.diff_checklists(s, a.id, b.id)
        names = (f"{a.code} v{a.version}", f"{b.code} v{b.version}")
    if as_json:
        emit_json(_diff_json(diff))
        return
    click.echo(f"{names[0]} → {names[1]}")
    if diff.empty:
        click.echo("两个版本内容相同 / the versions have the same content")
        return
    if regulation:
        if diff.fields:
            click.echo("\n法规信息 / particulars")
            for f in diff.fields:
                click.echo(f"  {f.field}: {_shown(f)}")
        groups = (("条款 / articles", diff.articles),)
    else:
        groups = (("章节 / sections", diff.sections), ("检查项 / items", diff.items))
    for title, changes in groups:
        if not changes:
            continue
        click.echo(f"\n{title}")
        for c in changes:
            click.echo(f"  {KIND_ZH[c.kind]} {c.kind:8} {c.code}  {c.title}")
            for f in c.changes:
                click.echo(f"      {f.field}: {_shown(f)}")
    counts = diff.counts()
    if regulation:
        click.echo(f"\n条款：新增 {counts['added']}，删除 {counts['removed']}，修改 {counts['changed']} / "
                   f"articles: {counts['added']} added, {counts['removed']} removed, {counts['changed']} changed")
        return
    click.echo(f"\n检查项：新增 {counts['added']}，删除 {counts['removed']}，修改 {counts['changed']}，移动 {counts['moved']} / "
               f"items: {counts['added']} added, {counts['removed']} removed, {counts['changed']} changed, "
               f"{counts['moved']} moved")


@checklist.command("draft")
@click.option("--from", "source", required=True, metavar="REF", help="从哪个版本起草 / the version to start from")
@click.option("--label", default="", metavar="TEXT", help="版本标签 / the version's label")
@click.option("--note", default="", metavar="TEXT", help="修订说明 / what changes")
@vault_option
@json_option
@click.pass_context
def checklist_draft(ctx, source, label, note, vault_override, as_json):
    """从已有版本起草新版本（复制其章节和检查项）/ draft a new version from an existing one."""
    from inspector.services import versions

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        t = versions.find_checklist(s, source)
        brief = _brief(versions.draft_checklist(s, t.id, label=label, note=note))
    if as_json:
        emit_json(brief)
        return
    click.echo(f"已起草 / drafted {brief['code']} v{brief['version']}")
    click.echo(brief["id"])


def _change(name: str, call: str, done_zh: str, done_en: str, help_text: str) -> None:
    @checklist.command(name, help=help_text)
    @click.argument("ref", metavar="REF")
    @vault_option
    @json_option
    @click.pass_context
    def _command(ctx, ref, vault_override, as_json):
        from inspector.services import versions

        vault = open_vault(ctx, vault_override)
        with vault.session() as s:
            t = versions.find_checklist(s, ref)
            brief = _brief(t)
            result = getattr(versions, call)(s, t.id)
            if result is not None:
                brief = _brief(result)
        if as_json:
            emit_json({**brief, "done": name})
            return
        click.echo(f"{done_zh} / {done_en}: {brief['code']} v{brief['version']}")


_change("publish", "publish_checklist", "已发布", "published",
        "发布草稿版本（发布后不再修改）/ publish a draft version (it never changes afterwards).")
_change("retire", "retire_checklist", "已废止", "retired",
        "废止已发布版本（不再用于新计划）/ retire a published version (no longer offered for new plans).")
_change("delete", "delete_checklist_draft", "已删除", "deleted",
        "删除未被使用的草稿版本 / delete a draft no plan or inspection uses.")

"""``inspector selfreport …`` and ``inspector rectification form|import``: the departments' xlsx forms
and the discrepancy view (registered on the command group of :mod:`inspector.cli.base`)."""

from __future__ import annotations

from pathlib import Path

import click

from inspector.cli.base import (
    cli,
    emit_json,
    emit_table,
    json_option,
    open_vault,
    vault_option,
)
from inspector.forms import FormErrors, FormFile, ImportResult
from inspector.model import Verdict

out_option = click.option("--out", required=True, metavar="F.xlsx", type=click.Path(dir_okay=False),
                          help="输出文件 / output file")
form_argument = click.argument("form_file", metavar="F.xlsx", type=click.Path(dir_okay=False))


def _written(result: FormFile, what: str, as_json: bool) -> None:
    if as_json:
        emit_json(dict(path=str(result.path), form_id=result.form_id, sha256=result.sha256, rows=result.rows))
        return
    click.echo(f"已生成{what} / form written: {result.path}（{result.rows} 行 / rows）")
    click.echo(f"表单编号 / form id: {result.form_id}")


def _imported(run, as_json: bool) -> ImportResult:
    """Run an import; with ``--json`` the problems of a refused form are printed as JSON too (exit 4 all the same)."""
    try:
        return run()
    except FormErrors as exc:
        if as_json:
            emit_json(dict(ok=False, problems=[p.as_dict() for p in exc.problems]))
        raise


def _import_summary(result: ImportResult, as_json: bool, lines: list[str]) -> None:
    if as_json:
        emit_json(dict(ok=True, kind=result.kind, report_id=result.report_id, supersedes_id=result.supersedes_id,
                       department_id=result.department_id, department=result.department, plan_id=result.plan_id,
                       notice_id=result.notice_id, form_id=result.form_id, filename=result.filename,
                       sha256=result.sha256, rows=result.rows, answered=result.answered, counts=result.counts))
        return
    for line in lines:
        click.echo(line)
    if result.supersedes_id:
        click.echo(f"取代此前导入的报告 / supersedes the earlier report: {result.supersedes_id}（历史保留 / history kept）")


# ---- 自查评估 self-report ---------------------------------------------------------------------------


@cli.group("selfreport")
def selfreport_group():
    """自查表：生成、导入、与检查结果比对 / self-report forms: write, import, compare with the inspection."""


@selfreport_group.command("form")
@click.option("--plan", "plan_id", required=True, metavar="ID", help="检查计划 / plan")
@click.option("--department", "department_id", required=True, metavar="ID", help="被检查单位 / department")
@out_option
@vault_option
@json_option
@click.pass_context
def selfreport_form(ctx, plan_id, department_id, out, vault_override, as_json):
    """生成某单位的自查表（xlsx）/ write a department's self-report form (xlsx)."""
    from inspector.forms import selfreport

    vault = open_vault(ctx, vault_override)
    _written(selfreport.save_form(vault, plan_id, department_id, Path(out)), "自查表", as_json)


@selfreport_group.command("import")
@form_argument
@click.option("--plan", "plan_id", default=None, metavar="ID", help="应属的检查计划 / the plan it must belong to")
@click.option("--department", "department_id", default=None, metavar="ID",
              help="应属的单位 / the department it must belong to")
@vault_option
@json_option
@click.pass_context
def selfreport_import(ctx, form_file, plan_id, department_id, vault_override, as_json):
    """导入填好的自查表（全部检查通过才保存）/ import a filled self-report form (stored only if all is well)."""
    from inspector.forms import selfreport

    vault = open_vault(ctx, vault_override)
    result = _imported(lambda: selfreport.import_file(vault, Path(form_file), plan_id=plan_id,
                                                      department_id=department_id), as_json)
    parts = "、".join(f"{Verdict(k).zh} {n}" for k, n in result.counts.items() if k != "unanswered")
    _import_summary(result, as_json, [
        f"已导入自查报告 / self-report imported: {result.department}",
        f"检查项 / items: {result.rows}，已作答 / answered: {result.answered}"
        + (f"（{parts}）" if parts else "") + f"，未作答 / unanswered: {result.counts.get('unanswered', 0)}",
    ])


@selfreport_group.command("discrepancies")
@click.option("--plan", "plan_id", default=None, metavar="ID", help="检查计划 / plan")
@click.option("--department", "department_id", default=None, metavar="ID", help="被检查单位 / department")
@vault_option
@json_option
@click.pass_context
def selfreport_discrepancies(ctx, plan_id, department_id, vault_override, as_json):
    """自查与检查结果不一致之处，以及自查未作答的项 / where the self-report and the inspection disagree."""
    from inspector.services.discrepancy import discrepancies

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        rows = discrepancies(s, plan_id=plan_id, department_id=department_id)
    if as_json:
        emit_json([d.as_dict() for d in rows])
        return
    emit_table([dict(department=d.department, kind=d.kind_zh, code=d.item_code, title=d.item_title,
                     declared=d.declared.zh if d.declared else "（未作答）", found=d.found.zh if d.found else "（未检查）")
                for d in rows],
               [("department", "单位"), ("kind", "类型"), ("code", "编号"), ("title", "检查项"),
                ("declared", "自查结论"), ("found", "检查结论")])


# ---- 整改提高 rectification --------------------------------------------------------------------------


@cli.group("rectification")
def rectification_group():
    """整改情况报告表：生成、导入 / rectification report forms: write, import."""


@rectification_group.command("form")
@click.option("--notice", "notice_id", required=True, metavar="ID", help="已签发的整改通知书 / an issued notice")
@out_option
@vault_option
@json_option
@click.pass_context
def rectification_form(ctx, notice_id, out, vault_override, as_json):
    """生成整改情况报告表（xlsx）/ write the rectification report form of an issued notice (xlsx)."""
    from inspector.forms import rectification

    vault = open_vault(ctx, vault_override)
    _written(rectification.save_form(vault, notice_id, Path(out)), "整改情况报告表", as_json)


@rectification_group.command("import")
@form_argument
@click.option("--notice", "notice_id", default=None, metavar="ID", help="应属的整改通知书 / the notice it must belong to")
@vault_option
@json_option
@click.pass_context
def rectification_import(ctx, form_file, notice_id, vault_override, as_json):
    """导入填好的整改情况报告表；已报整改的问题待核验 / import a filled form; reported findings await verification."""
    from inspector.forms import rectification

    vault = open_vault(ctx, vault_override)
    result = _imported(lambda: rectification.import_file(vault, Path(form_file), notice_id=notice_id), as_json)
    _import_summary(result, as_json, [
        f"已导入整改情况报告 / rectification report imported: {result.department}",
        f"问题 / findings: {result.rows}，本次报送 / reported: {result.answered}"
        f"（转为“已报整改”待核验 / now awaiting verification: {result.counts['moved_to_reported']}），"
        f"未报送 / not reported: {result.counts['not_reported']}",
    ])

"""``inspector departments add|import|template`` (``departments list`` is among the listings of
:mod:`inspector.cli.records`): the same services and rules as the 被检查单位 page."""

from __future__ import annotations

from pathlib import Path

import click

from inspector.cli import records  # noqa: F401 (creates the ``departments`` group with its ``list``)
from inspector.cli.base import cli, emit_json, json_option, open_vault, progress_printer, vault_option
from inspector.errors import BadInputError

departments_group: click.Group = cli.commands["departments"]  # type: ignore[assignment]


@departments_group.command("add")
@click.argument("name")
@click.option("--code", default="", metavar="CODE", help="统一社会信用代码（18 位）/ unified social credit code")
@click.option("--address", default="", help="地址 / address")
@click.option("--contact", default="", help="联系人 / contact person")
@click.option("--phone", default="", help="联系电话 / phone")
@click.option("--notes", default="", help="备注 / notes")
@vault_option
@json_option
@click.pass_context
def departments_add(ctx, name, code, address, contact, phone, notes, vault_override, as_json):
    """添加单位 / add a department."""
    from inspector.services import departments

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        d = departments.create_department(s, name, code=code, address=address, contact_name=contact,
                                          contact_phone=phone, notes=notes)
        row = dict(id=d.id, name=d.name, code=d.code, address=d.address, contact_name=d.contact_name,
                   contact_phone=d.contact_phone, notes=d.notes)
    if as_json:
        emit_json(row)
    else:
        click.echo(f"已添加单位 / department added: {row['name']}  {row['id']}")


def _report(result, as_json: bool, *, imported: bool) -> None:
    if as_json:
        emit_json(dict(ok=not result.bad, imported=imported, **result.as_dict()))
        return
    if result.ignored_columns:
        names = "、".join(result.ignored_columns)
        click.echo(f"未识别的列（已忽略）/ columns not recognised (ignored): {names}")
    for row in result.bad:
        click.echo(row.line_zh())
        click.echo(f"  {row.line_en()}")
    zh, en = result.summary()
    click.echo(f"{zh}\n{en}")


@departments_group.command("import")
@click.argument("file", metavar="FILE.xlsx|FILE.csv", type=click.Path(dir_okay=False))
@click.option("--dry-run", is_flag=True, help="只检查并列出问题，不导入 / check and list the problems, import nothing")
@click.option("--skip-problems", is_flag=True,
              help="导入没有问题的行，跳过有问题的行 / import the rows without problems, skip the others")
@vault_option
@json_option
@click.pass_context
def departments_import(ctx, file, dry_run, skip_problems, vault_override, as_json):
    """从 xlsx 或 csv 名单导入单位（列：单位名称、统一社会信用代码、地址、联系人、联系电话）/
    import departments from an xlsx or csv list (columns: name, code, address, contact, phone).

    Every row is checked first. A row with a problem (no name, an invalid code, a name or a code
    already in the vault or on an earlier row …) is listed with its row number; then nothing is
    imported (exit 4) unless --skip-problems is given, which imports the other rows.
    """
    from inspector.services import department_import

    vault = open_vault(ctx, vault_override)
    path = Path(file)
    with vault.session() as s:
        result = department_import.preview(s, path)
    if dry_run or (result.bad and not skip_problems) or not result.good:
        _report(result, as_json, imported=False)
        if result.bad and not dry_run:
            raise BadInputError(
                f"名单中有 {len(result.bad)} 行有问题，未导入任何单位。请改正后重新导入，"
                "或加 --skip-problems 只导入没有问题的行。",
                f"{len(result.bad)} row(s) of the list have problems; no department was imported. Correct them and "
                "import again, or add --skip-problems to import the rows without problems.")
        if result.bad:
            ctx.exit(4)
        return
    with vault.session(progress=progress_printer("导入 / importing")) as s:
        done = department_import.import_departments(s, path, sha256=result.sha256)
    _report(done, as_json, imported=True)
    if not as_json:
        click.echo(f"已导入 {len(done.added)} 个单位 / {len(done.added)} department(s) imported.")


@departments_group.command("template")
@click.argument("out", metavar="OUT.xlsx", type=click.Path(dir_okay=False))
def departments_template(out):
    """写出一份空白的单位名单模板（xlsx）/ write an empty list of departments to fill in (xlsx)."""
    from inspector.services import department_import

    path = department_import.write_template(Path(out))
    click.echo(f"已写出模板 / template written: {path}")

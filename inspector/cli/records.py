"""``inspector checklist show`` and the listings: ``plans``, ``departments``, ``inspections``, ``findings list``."""

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
from inspector.model import InspectionStatus, PlanStatus

# ---- checklist and listings ------------------------------------------------------------------------


@cli.group()
def checklist():
    """检查清单 / the checklist."""


@checklist.command("show")
@json_option
def checklist_show(as_json):
    """显示默认检查清单 / show the default checklist (from the regulation)."""
    from inspector.regulation import load_checklist

    data = load_checklist()
    if as_json:
        emit_json(data)
        return
    click.echo(f"{data['name']} v{data['version']}  ({len(data['items'])} 项 / items)")
    for section in data["sections"]:
        click.echo(f"\n{section['clause']} {section['title']}")
        for item in (i for i in data["items"] if i["section"] == section["number"]):
            arts = "、".join(f"第{a}条" for a in item["articles"])
            click.echo(f"  {item['code']}  {item['title']}  [{arts}]")


def _listing(name: str, loader: str, columns: list[tuple[str, str]], help_text: str,
             labels: dict[str, Any] | None = None):
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


_listing("plans", "list_plans", [("id", "ID"), ("year", "年度"), ("title", "计划"), ("status", "状态"),
                                 ("targets", "单位数")], "检查计划", {"status": PlanStatus})
_listing("departments", "list_departments", [("id", "ID"), ("name", "单位"), ("code", "代码")], "被检查单位")
_listing("inspections", "list_inspections", [("id", "ID"), ("department", "单位"), ("status", "状态"),
                                             ("answered", "已检查项")], "实地检查", {"status": InspectionStatus})
_listing("findings", "list_findings", [("id", "ID"), ("department", "单位"), ("title", "问题"),
                                       ("severity", "程度"), ("status", "状态"), ("deadline", "期限")], "问题")

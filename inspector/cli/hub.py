"""``inspector hub …``: the office hub on PostgreSQL (issue 20) — init, status, profiles, and under it the vault's
own ``identity``, ``trust`` and ``audit`` commands, which then work on the hub.

The hub is named by ``--url`` (``postgresql://user@host:port/db?sslrootcert=ca.pem``, or a saved profile's name),
else ``INSPECTOR_HUB``; its password comes from the OS keyring, ``INSPECTOR_HUB_PASSWORD`` or a prompt.
"""

from __future__ import annotations

import click

from inspector import audit
from inspector.cli.base import HUB_KEY, _prompt_hub_password, cli, emit_json, emit_table, json_option, open_hub
from inspector.cli.signing import identity, trust
from inspector.cli.vault import audit_group

url_option = click.option("--url", metavar="URL|PROFILE", default=None,
                          help="集中库地址或连接配置名称（默认：$INSPECTOR_HUB）/ the hub's URL or profile "
                               "(default: $INSPECTOR_HUB)")


@cli.group("hub")
@url_option
@click.pass_context
def hub_group(ctx, url):
    """办公室集中库（PostgreSQL）/ the office hub on PostgreSQL.

    其下的 identity、trust、audit 命令作用于集中库 / identity, trust and audit under it work on the hub:
    inspector hub --url URL trust list"""
    ctx.obj[HUB_KEY] = url or ""


def _url(ctx: click.Context, url: str | None) -> str | None:
    return url or ctx.obj.get(HUB_KEY) or None


@hub_group.command("init")
@url_option
@click.option("--audit-hash", type=click.Choice(sorted(audit.HASH_ALGORITHMS)), default=audit.DEFAULT_HASH,
              show_default=True, help="审计链哈希算法（仅新建时）/ audit-chain hash (a new hub only)")
@click.option("--save-profile", "profile", metavar="NAME", default=None,
              help="将地址保存为连接配置（不含密码）/ save the address as a profile (never the password)")
@click.option("--remember-password", is_flag=True,
              help="将密码存入系统密钥环 / keep the password in the OS keyring")
@click.option("--own-roles", is_flag=True,
              help="早期集中库改用本库专属的角色组（<数据库>_admin 等）/ move a hub made before the roles were per "
                   "database to group roles of its own (<database>_admin …)")
@click.pass_context
def hub_init(ctx, url, audit_hash, profile, remember_password, own_roles):
    """在空数据库中建立集中库，或升级其数据结构 / make an empty database a hub, or upgrade a hub's schema."""
    from inspector import schema
    from inspector.hub import connection
    from inspector.hub.store import Hub

    import os

    from inspector.cli.base import _interactive
    from inspector.hub.store import EVIDENCE_PASSPHRASE_ENV

    address = connection.with_password(connection.resolve(_url(ctx, url)), _prompt_hub_password)
    secret = os.environ.get(EVIDENCE_PASSPHRASE_ENV)
    if not secret and _interactive():  # a new hub's evidence passphrase (an existing hub ignores it)
        secret = click.prompt("集中库证据口令（新建时设置；已有集中库直接回车）/ the hub's evidence passphrase "
                              "(set for a new hub; Enter for an existing one)", hide_input=True, default="",
                              show_default=False, err=True) or None
    hub = Hub.init(address, evidence_passphrase=secret, audit_hash=audit_hash, own_roles=own_roles)
    ctx.call_on_close(hub.close)
    click.echo(f"集中库已就绪 / hub ready: {address.name}\n"
               f"数据结构版本 / schema: {schema.head_revision()}  集中库编号 / hub id: {hub.vault_id}")
    if own_roles:
        from inspector.hub import roles

        with hub.engine.connect() as conn:
            groups = roles.group_roles(conn)
        click.echo(f"角色组 / group roles: {'、'.join(groups.values())}")
    if hub.sealed_now:
        click.echo(f"已加密保存 {hub.sealed_now} 个签名私钥 / {hub.sealed_now} signing key(s) sealed")
    if hub.left_plain:
        click.echo(f"注意：{hub.left_plain} 个签名私钥仍未加密——本机没有集中库证据密钥；设置 {EVIDENCE_PASSPHRASE_ENV} "
                   f"后再运行一次 inspector hub init。\nNote: {hub.left_plain} signing key(s) are still stored "
                   f"unsealed: this machine lacks the hub's evidence key; set {EVIDENCE_PASSPHRASE_ENV} and run "
                   "`inspector hub init` again.", err=True)
    if profile:
        where = connection.save_profile(profile, address)
        click.echo(f"已保存连接配置 / profile saved: {profile} ({where})")
    if remember_password:
        st = connection.remember_password(address)
        if st.usable:
            click.echo("密码已存入系统密钥环 / password kept in the OS keyring")
        else:
            click.echo(f"{st.reason_zh}\n{st.reason_en}", err=True)


@hub_group.command("status")
@url_option
@json_option
@click.pass_context
def hub_status(ctx, url, as_json):
    """集中库概况：各笔记本最近的交换文件、缺失的交换文件、冲突 / the ledger, laptops, last bundles, conflicts."""
    from inspector.hub.ledger import status

    hub = open_hub(ctx, _url(ctx, url))
    with hub.session(read_only=True) as s:
        report = status(s)
    if as_json:
        emit_json(report)
        return
    click.echo(f"集中库 / hub: {report['hub']}  数据结构 / schema: {report['schema']}\n"
               f"已接收交换文件 / bundles ingested: {report['bundles']}   "
               f"待处理冲突 / open conflicts: {report['conflicts']}")
    if report["laptops"]:
        emit_table(report["laptops"], [("sender", "发送方"), ("device_id", "设备"), ("bundles", "交换文件数"),
                                       ("last_bundle", "最近交换文件"), ("last_made", "生成时间"),
                                       ("last_seq", "审计序号"), ("gap", "缺失")])
    else:
        click.echo("尚未接收任何笔记本的交换文件 / no laptop's bundle ingested yet")


@hub_group.command("ingest")
@click.argument("bundles", nargs=-1, required=True, metavar="BUNDLE…", type=click.Path(dir_okay=False))
@url_option
@click.option("--ack-dir", metavar="DIR", default=None,
              help="为每台笔记本写出收讫回执的文件夹 / where to write each laptop's acknowledgement bundle")
@json_option
@click.pass_context
def hub_ingest(ctx, bundles, url, ack_dir, as_json):
    """接收笔记本的交换文件（逐个全部导入或全部不导入）/ apply laptops' bundles, each all or nothing."""
    from pathlib import Path

    from inspector.cli.base import progress_printer
    from inspector.hub.ingest import ingest

    hub = open_hub(ctx, _url(ctx, url))
    done = ingest(hub, list(bundles), ack_dir=Path(ack_dir) if ack_dir else None,
                  progress=progress_printer("接收 / ingest"))
    if as_json:
        emit_json([d.__dict__ for d in done])
    else:
        for d in done:
            if d.error:
                click.echo(f"✗ {d.path}\n  {d.error[0]}\n  {d.error[1]}", err=True)
            elif d.already:
                click.echo(f"= {d.path}：此前已接收，未作更改 / ingested before, nothing changed")
            else:
                new = sum(c.get("new", 0) for c in d.counts.values())
                click.echo(f"✓ {d.path}：来自 {d.sender}，新增 {new} 条记录 / from {d.sender}, {new} new record(s)")
            for zh, en in d.flags:
                click.echo(f"  ! {zh}\n    {en}")
            if d.ack:
                click.echo(f"  收讫回执 / acknowledgement: {d.ack}")
    if any(d.error for d in done):
        from inspector.errors import ExitCode

        ctx.exit(ExitCode.BAD_INPUT)


@hub_group.group("profile")
def hub_profile():
    """连接配置（主机、数据库、用户；从不含密码）/ saved connection profiles (never a password)."""


@hub_profile.command("save")
@click.argument("name")
@url_option
@click.option("--remember-password", is_flag=True, help="将密码存入系统密钥环 / keep the password in the OS keyring")
@click.pass_context
def hub_profile_save(ctx, name, url, remember_password):
    """保存连接配置 / save a profile: inspector hub profile save 办公室 --url postgresql://…"""
    from inspector.hub import connection

    address = connection.resolve(_url(ctx, url))
    where = connection.save_profile(name, address)
    click.echo(f"已保存连接配置 / profile saved: {name} = {address.name} ({where})")
    if remember_password:
        address = connection.with_password(address, _prompt_hub_password)
        st = connection.remember_password(address)
        click.echo("密码已存入系统密钥环 / password kept in the OS keyring" if st.usable
                   else f"{st.reason_zh}\n{st.reason_en}", err=not st.usable)


@hub_profile.command("list")
@json_option
def hub_profile_list(as_json):
    """列出连接配置 / list the saved profiles."""
    from inspector.hub import connection

    rows = [{"name": n, **a.saved(), "address": a.name} for n, a in sorted(connection.profiles().items())]
    if as_json:
        emit_json(rows)
        return
    emit_table(rows, [("name", "名称"), ("address", "地址"), ("ca_file", "CA 证书")])


@hub_group.group("user")
def hub_user():
    """集中库用户与角色（管理员）/ the hub's logins and their roles (administrator)."""


NEW_HUB_PASSWORD_ENV = "INSPECTOR_HUB_NEW_PASSWORD"


@hub_user.command("add")
@click.argument("login")
@click.option("--role", required=True, type=click.Choice(["admin", "lead", "inspector", "leader", "reporting"]),
              help="管理员、检查组长、检查人员、只读领导、报表分析 / administrator, lead inspector, inspector, "
                   "read-only leader, reporting")
@click.option("--inspector", "inspector_id", metavar="ID", default=None,
              help="检查人员账户对应的检查人员记录 / an inspector's login: their inspector record")
@url_option
@click.pass_context
def hub_user_add(ctx, login, role, inspector_id, url):
    """新建或更改登录账户（密码来自 INSPECTOR_HUB_NEW_PASSWORD 或终端提示）/ create or change a login (password
    from INSPECTOR_HUB_NEW_PASSWORD or a prompt)."""
    import os

    from inspector.cli.base import _interactive
    from inspector.errors import BadInputError
    from inspector.hub import roles

    password = os.environ.get(NEW_HUB_PASSWORD_ENV)
    if not password and _interactive():
        password = click.prompt(f"{login} 的密码 / password", hide_input=True, confirmation_prompt=True, err=True)
    if not password:
        raise BadInputError(f"请设置 {NEW_HUB_PASSWORD_ENV} 或在终端中运行以输入新密码。",
                            f"Set {NEW_HUB_PASSWORD_ENV} or run in a terminal to enter the new password.")
    hub = open_hub(ctx, _url(ctx, url))
    if hub.role != "admin":
        raise BadInputError("只有办公室管理员可以管理集中库用户。", "Only the office administrator manages the hub's users.")
    with hub.errors(), hub.engine.begin() as conn:
        user = roles.add_user(conn, login, role, password, inspector_id)
    zh, en = roles.ROLES[user.role][1:]
    click.echo(f"已设置集中库用户 / hub user set: {user.login}（{zh} / {en}）")


@hub_user.command("remove")
@click.argument("login")
@url_option
@click.pass_context
def hub_user_remove(ctx, login, url):
    """删除登录账户（管理员；不能删除自己或最后一个管理员）/ remove a login (administrator; not yourself, not the
    last administrator).

    退出码 / exit codes: 0 已删除 / removed; 3 不是管理员 / not an administrator; 4 没有该用户、是本人或最后一个管理员
    / no such user, yourself, or the last administrator."""
    from inspector.errors import AuthError
    from inspector.hub import roles

    hub = open_hub(ctx, _url(ctx, url))
    if hub.role != "admin":
        raise AuthError("只有办公室管理员可以管理集中库用户。", "Only the office administrator manages the hub's users.")
    with hub.errors(), hub.engine.begin() as conn:
        user = roles.remove_user(conn, login)
    zh, en = roles.ROLES[user.role][1:]
    click.echo(f"已删除集中库用户 / hub user removed: {user.login}（{zh} / {en}）")


@hub_user.command("list")
@url_option
@json_option
@click.pass_context
def hub_user_list(ctx, url, as_json):
    """列出集中库用户 / list the hub's logins."""
    from inspector.hub import roles

    hub = open_hub(ctx, _url(ctx, url))
    with hub.errors(), hub.engine.connect() as conn:
        rows = [{"login": u.login, "role": u.role, "role_text": roles.ROLES[u.role][1], "inspector_id": u.inspector_id}
                for u in roles.users(conn)]
    if as_json:
        emit_json(rows)
        return
    emit_table(rows, [("login", "登录名"), ("role_text", "角色"), ("inspector_id", "检查人员")])


NEW_EVIDENCE_PASSPHRASE_ENV = "INSPECTOR_HUB_NEW_EVIDENCE_PASSPHRASE"


@hub_group.command("evidence-passphrase")
@url_option
@click.pass_context
def hub_evidence_passphrase(ctx, url):
    """更改集中库证据口令（管理员）/ change the hub's evidence passphrase (administrator).

    原口令来自 INSPECTOR_HUB_EVIDENCE_PASSPHRASE 或终端提示，新口令来自 INSPECTOR_HUB_NEW_EVIDENCE_PASSPHRASE 或
    终端提示（输入两次）/ the current one from INSPECTOR_HUB_EVIDENCE_PASSPHRASE or a prompt, the new one from
    INSPECTOR_HUB_NEW_EVIDENCE_PASSPHRASE or a prompt (twice). 退出码 / exit codes: 0 已更改 / changed;
    3 原口令不正确或不是管理员 / wrong current passphrase, or not an administrator; 4 新口令太短或未提供 / the new one
    too short or not given."""
    import os

    from inspector.cli.base import _interactive
    from inspector.errors import BadInputError
    from inspector.hub.store import EVIDENCE_PASSPHRASE_ENV

    old = os.environ.get(EVIDENCE_PASSPHRASE_ENV)
    if not old and _interactive():
        old = click.prompt("当前的集中库证据口令 / the hub's current evidence passphrase", hide_input=True, err=True)
    new = os.environ.get(NEW_EVIDENCE_PASSPHRASE_ENV)
    if not new and _interactive():
        new = click.prompt("新的集中库证据口令 / the new evidence passphrase", hide_input=True, err=True,
                           confirmation_prompt="再次输入 / Repeat")
    if not old or not new:
        raise BadInputError(f"请设置 {EVIDENCE_PASSPHRASE_ENV} 和 {NEW_EVIDENCE_PASSPHRASE_ENV}，或在终端中运行以输入口令。",
                            f"Set {EVIDENCE_PASSPHRASE_ENV} and {NEW_EVIDENCE_PASSPHRASE_ENV}, or run in a terminal "
                            "to enter the passphrases.")
    hub = open_hub(ctx, _url(ctx, url))
    hub.change_evidence_passphrase(old, new)
    click.echo("集中库证据口令已更改；本机密钥环仍保存证据密钥 / the hub's evidence passphrase was changed; this "
               "machine's keyring keeps the evidence key")


# the vault's own groups, under ``hub``: they open the hub (cli.base.open_vault looks at ctx.obj[HUB_KEY])
hub_group.add_command(identity)
hub_group.add_command(trust)
hub_group.add_command(audit_group)

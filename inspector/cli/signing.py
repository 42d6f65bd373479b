"""``inspector identity``, ``inspector trust`` and ``inspector verify``: signing identities, the trust
store, and offline verification of signed PDFs (registered on the command group of :mod:`inspector.cli.base`)."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from inspector.cli.base import (
    DEBUG_ENV,
    _interactive,
    cli,
    emit_json,
    emit_table,
    json_option,
    open_vault,
    vault_option,
)
from inspector.errors import ExitCode, InspectorError, InternalError

# ---- signing identities, trust store, verification ------------------------------------------------

P12_PASSWORD_ENV = "INSPECTOR_P12_PASSWORD"


@cli.group()
def identity():
    """签名身份 / signing identities (keys stay inside the vault)."""


def _identity_row(row, default_id: str | None) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "inspector_id": row.inspector_id, "fingerprint": row.fingerprint,
            "subject": row.subject, "source": row.source, "not_before": row.not_before,
            "not_after": row.not_after, "default": row.id == default_id}


def _print_identity(row) -> None:
    from inspector.signing.certs import pretty_fingerprint

    click.echo(f"签名身份 / identity: {row.name}  ({row.id})\n"
               f"有效期 / valid: {row.not_before:%Y-%m-%d} — {row.not_after:%Y-%m-%d}\n"
               f"证书指纹 / fingerprint (SHA-256): {pretty_fingerprint(row.fingerprint)}")


@identity.command("create")
@vault_option
@click.option("--inspector", "inspector_id", metavar="ID", default=None,
              help="检查人员（默认：本机检查人员）/ inspector (default: this vault's own)")
@click.option("--valid-days", type=click.IntRange(1, 3650), default=1825, show_default=True,
              help="有效天数 / days of validity")
@click.option("--name", default=None, metavar="NAME",
              help="本机检查人员的姓名，尚未设置时先设置（如 inspector init 之后）/ this vault's inspector's name, "
                   "set up first when there is none yet (e.g. after inspector init)")
@click.option("--badge-no", default="", metavar="NO", help="与 --name 同用：执法证号 / with --name: badge number")
@click.pass_context
def identity_create(ctx, vault_override, inspector_id, valid_days, name, badge_no):
    """创建签名身份（ECDSA P-256，自签名证书）/ create a key and self-signed certificate."""
    from inspector.signing.identity import create_identity

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        if name is not None:
            _set_up_self_inspector(s, inspector_id, name, badge_no)
        row = create_identity(s, inspector_id, valid_days=valid_days)
        s.commit()
        _print_identity(row)
    click.echo("同事导出证书后即可信任：inspector identity export-cert --out CERT.pem\n"
               "Colleagues can trust it once you export it: inspector identity export-cert --out CERT.pem")


def _set_up_self_inspector(session, inspector_id: str | None, name: str, badge_no: str) -> None:
    """``--name``: make the vault's own inspector when it has none; never rename one silently."""
    from inspector.errors import BadInputError
    from inspector.services import settings

    if inspector_id is not None:
        raise click.UsageError("--name 与 --inspector 不能同时使用 / --name and --inspector cannot be combined")
    person = settings.self_inspector(session)
    if person is None:
        settings.set_identity(session, name, badge_no, "")
        click.echo(f"本机检查人员 / this vault's inspector: {name.strip()}")
        return
    if person.name != name.strip():
        raise BadInputError(f"本机检查人员已是“{person.name}”；如需更改，请在“设置”中修改，或去掉 --name。",
                            f"This vault's inspector is already {person.name!r}; change it in Settings, "
                            "or leave out --name.")


@identity.command("import")
@click.argument("p12_file", metavar="FILE.p12", type=click.Path(dir_okay=False))
@vault_option
@click.option("--inspector", "inspector_id", metavar="ID", default=None,
              help="检查人员（默认：本机检查人员）/ inspector (default: this vault's own)")
@click.pass_context
def identity_import(ctx, p12_file, vault_override, inspector_id):
    """导入 PKCS#12 签名身份 / import a key and certificate from a .p12/.pfx file.

    密码来自 INSPECTOR_P12_PASSWORD 或终端提示 / the password comes from INSPECTOR_P12_PASSWORD or a prompt.
    """
    from inspector.errors import unreadable
    from inspector.signing.identity import import_pkcs12

    try:
        data = Path(p12_file).read_bytes()
    except OSError as exc:
        raise unreadable(p12_file, exc) from None
    password = os.environ.get(P12_PASSWORD_ENV)
    if password is None and _interactive():
        password = click.prompt("PKCS#12 密码 / password", hide_input=True, default="", show_default=False)
    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        row = import_pkcs12(s, data, password or None, inspector_id)
        s.commit()
        _print_identity(row)


@identity.command("list")
@vault_option
@json_option
@click.pass_context
def identity_list(ctx, vault_override, as_json):
    """列出签名身份 / list signing identities (* = used by default)."""
    from inspector.signing.identity import default_identity_id, list_identities

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        default_id = default_identity_id(s)
        rows = [_identity_row(r, default_id) for r in list_identities(s)]
    if as_json:
        emit_json(rows)
        return
    from inspector.signing.certs import pretty_fingerprint

    for row in rows:
        row["mark"] = "*" if row["default"] else ""
        row["not_after"] = f"{row['not_after']:%Y-%m-%d}"
        row["fingerprint"] = pretty_fingerprint(row["fingerprint"], short=True)  # the whole one: --json
    emit_table(rows, [("mark", ""), ("id", "ID"), ("name", "签名人"), ("source", "来源"),
                      ("not_after", "有效期至"), ("fingerprint", "证书指纹（开头）")])


@identity.command("export-cert")
@vault_option
@click.option("--identity", "identity_id", metavar="ID", default=None,
              help="签名身份（默认：本机检查人员的）/ identity (default: this vault's own)")
@click.option("--out", required=True, metavar="FILE.pem", help="证书文件 / certificate file")
@click.pass_context
def identity_export_cert(ctx, vault_override, identity_id, out):
    """导出证书（不含私钥）/ export the certificate as PEM (never the key)."""
    from inspector.paths import atomic_write
    from inspector.signing.certs import (
        der,
        fingerprint,
        parse_certificates,
        pretty_fingerprint,
    )
    from inspector.signing.identity import export_cert_pem

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        pem = export_cert_pem(s, identity_id)
    atomic_write(Path(out), pem)
    fpr = fingerprint(der(parse_certificates(pem)[0]))
    click.echo(f"已导出证书 / certificate written: {out}\n证书指纹 / fingerprint (SHA-256): {pretty_fingerprint(fpr)}")


@cli.group()
def trust():
    """信任列表 / the certificates whose signatures this vault trusts."""


@trust.command("add")
@click.argument("cert_file", metavar="CERT.pem", type=click.Path(dir_okay=False))
@vault_option
@click.option("--label", default="", help="备注名称 / a label")
@click.pass_context
def trust_add(ctx, cert_file, vault_override, label):
    """信任证书（PEM 或 DER，可含多个）/ trust the certificate(s) of a file."""
    from inspector.signing.certs import person_text, pretty_fingerprint
    from inspector.signing.trust import add_trusted_file

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        rows = add_trusted_file(s, cert_file, label)
        s.commit()
        for row in rows:
            kind = "CA" if row.is_ca else "签名者 / signer"
            click.echo(f"已信任 / trusted: {person_text(row.subject)}  [{kind}]\n"
                       f"  证书指纹 / fingerprint (SHA-256): {pretty_fingerprint(row.fingerprint)}")


@trust.command("list")
@vault_option
@json_option
@click.pass_context
def trust_list(ctx, vault_override, as_json):
    """列出受信任的证书 / list trusted certificates."""
    from inspector.signing.certs import person_text, pretty_fingerprint
    from inspector.signing.trust import list_trusted

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        rows = [{"id": r.id, "fingerprint": r.fingerprint, "subject": r.subject, "label": r.label,
                 "is_ca": r.is_ca, "added_at": r.added_at} for r in list_trusted(s)]
    if as_json:
        emit_json(rows)
        return
    for row in rows:
        row["kind"] = "CA" if row["is_ca"] else "签名者"
        row["holder"] = person_text(row["subject"])
        row["fingerprint"] = pretty_fingerprint(row["fingerprint"], short=True)  # the whole one: --json
    emit_table(rows, [("fingerprint", "证书指纹（开头）"), ("label", "名称"), ("kind", "类型"), ("holder", "持有人")])


@trust.command("remove")
@click.argument("fingerprint", metavar="FPR")
@vault_option
@click.pass_context
def trust_remove(ctx, fingerprint, vault_override):
    """不再信任（指纹或其开头，含空格时加引号）/ stop trusting a certificate (fingerprint or its beginning;
    quote it when it has spaces: "50EF B565")."""
    from inspector.signing.certs import person_text, pretty_fingerprint
    from inspector.signing.trust import remove_trusted

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        row = remove_trusted(s, fingerprint)
        s.commit()
    click.echo(f"已移出信任列表 / removed from the trust store: {person_text(row.subject)}\n"
               f"  证书指纹 / fingerprint (SHA-256): {pretty_fingerprint(row.fingerprint)}")


@contextmanager
def _without_traceback():
    """An unexpected error inside verification becomes a message in both languages and exit 1, not a
    traceback; no signature counts as verified. ``INSPECTOR_DEBUG=1`` lets the traceback through."""
    try:
        yield
    except (InspectorError, click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
        raise
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            raise
        raise InternalError(
            "验证时发生内部错误，验证未完成：不能认定该文件的签名有效。请将此信息报告给维护人员"
            f"（设置环境变量 {DEBUG_ENV}=1 可得到详细信息）。",
            "Internal error while verifying; the verification did not complete, so no signature of this file "
            f"is confirmed. Please report this message to the maintainers ({DEBUG_ENV}=1 shows the details).",
            detail=f"{type(exc).__name__}: {exc}") from None


@cli.command()
@click.argument("pdf_file", metavar="FILE.pdf", type=click.Path(dir_okay=False))
@click.option("--trust", "trust_files", multiple=True, metavar="CERT.pem",
              help="只信任这些证书，不打开保险库 / trust exactly these certificates; the vault is not opened")
@vault_option
@json_option
@click.pass_context
def verify(ctx, pdf_file, trust_files, vault_override, as_json):
    """验证 PDF 的数字签名（离线）/ verify the signatures of a PDF, offline.

    退出码 0 仅当每个签名都完整、覆盖签署后的文件且受信任；否则 5；文件无法读取 4；验证本身出错 1。
    已被更正通知更正的通知书、已被更正版取代的检查记录会注明（签名本身仍然有效，退出码不变）。
    Exit 0 only if every signature is intact, covers the file as signed and is trusted; else 5; unreadable 4;
    1 if the verification itself fails. A notice corrected by a 更正通知, or a record superseded by a corrected
    version, is said to be (its signatures stay valid: the exit code does not change).
    """
    with _without_traceback():
        from inspector.signing.text import report_lines

        report, issued = _verify(ctx, pdf_file, trust_files, vault_override)
        if as_json:
            emit_json(report.to_dict())
        else:
            click.echo(f"文件 / File: {pdf_file}")
            click.echo("\n".join(report_lines(report, with_register=issued is not None)))
    if not report.ok:
        ctx.exit(ExitCode.INTEGRITY)


def _verify(ctx, pdf_file, trust_files, vault_override):
    """The report on ``pdf_file`` and the register lookup it used (None with ``--trust``)."""
    from inspector.errors import unreadable
    from inspector.signing.trust import load_certificates, trust_roots
    from inspector.signing.verify import issued_lookup, verify_pdf

    try:
        data = Path(pdf_file).read_bytes()
    except OSError as exc:
        raise unreadable(pdf_file, exc) from None
    issued = None
    if trust_files:
        roots = [cert for path in trust_files for cert in load_certificates(path)]
    else:
        vault = open_vault(ctx, vault_override)
        with vault.session() as s:
            roots = trust_roots(s)
            issued = issued_lookup(s)
    return verify_pdf(data, roots, issued=issued), issued

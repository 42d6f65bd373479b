"""``inspector seal``: the office's seal image kept in the vault (set, remove, show).

The seal is drawn as the visible appearance of the office's signature (``issuer-1``) on issued documents.
A PNG with a transparent background, roughly square, 200–2000 pixels a side, at most 2 MB; anything else
is refused with the reason (exit 4) and the vault is not changed.
"""

from __future__ import annotations

from pathlib import Path

import click

from inspector.cli.base import cli, emit_json, json_option, open_vault, vault_option


@cli.group("seal")
def seal_group():
    """发文机关印章 / the office's seal image (a PNG with transparency, kept in the vault)."""


@seal_group.command("set")
@vault_option
@click.argument("png", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def seal_set(ctx, vault_override, png):
    """载入印章图片（替换原有印章）/ load the seal image (replacing any earlier one)."""
    from inspector.services import seal

    data = seal.read_file(png)
    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        info = seal.store(s, data)
        s.commit()
    click.echo(f"印章已载入 / seal loaded: {info.width}×{info.height} px, {info.size} B, SHA-256 {info.sha256[:16]}…")
    click.echo("注意：带印章图片的数字签名不是 GB/T 38540 电子印章。\n"
               "Note: a digital signature with a seal picture is not a GB/T 38540 electronic seal.")


@seal_group.command("remove")
@vault_option
@click.pass_context
def seal_remove(ctx, vault_override):
    """移除印章 / remove the seal image."""
    from inspector.services import seal

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        removed = seal.remove(s)
        s.commit()
    click.echo("印章已移除 / seal removed" if removed else "没有载入印章 / no seal was loaded")


@seal_group.command("show")
@vault_option
@json_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="把印章图片写入此文件 / write the seal image to this file")
@click.pass_context
def seal_show(ctx, vault_override, as_json, out):
    """显示已载入的印章 / show the stored seal image's size and hash."""
    from inspector.paths import atomic_write
    from inspector.services import seal

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        png = seal.load(s)
    info = seal.check(png) if png else None
    if out is not None and png:
        atomic_write(out, png)
    if as_json:
        emit_json(None if info is None else {"width": info.width, "height": info.height, "size": info.size,
                                             "sha256": info.sha256})
        return
    if info is None:
        click.echo("没有载入印章 / no seal loaded")
        return
    click.echo(f"印章 / seal: {info.width}×{info.height} px, {info.size} B\nSHA-256: {info.sha256}")
    if out is not None:
        click.echo(f"已写入 / written: {out}")

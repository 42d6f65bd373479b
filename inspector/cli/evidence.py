"""``inspector evidence add|list|export|delete``, ``inspector delete`` and ``inspector destruction
request|approve|reject|list|export``: evidence files, deleting what was made in error, and destroying evidence with
a second person's approval (art. 29).

The rules are the core's: what a file may be attached to and when (:mod:`inspector.services.inspections`,
:mod:`inspector.services.findings`, :mod:`inspector.lifecycle`), what may be deleted and why
(:mod:`inspector.services.deletion`), the destruction procedure (:mod:`inspector.services.destruction`). A refusal is
exit 4 with its Chinese and English message; a damaged evidence file is exit 5. Files are streamed, never held
whole in memory: an exported file is written next to its target and renamed only once all of it was read and
checked, so a damaged file leaves nothing behind, and an existing file is never overwritten.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

import click

from inspector.cli.base import (
    cli,
    emit_json,
    emit_table,
    json_option,
    open_vault,
    progress_printer,
    vault_option,
)
from inspector.cli.inputs import confirm_with_option
from inspector.errors import BadInputError
from inspector.paths import fsync_dir, private_umask

OWNER_TEXT = {"inspection": "现场检查 inspection", "inspection_result": "检查项 item", "finding": "问题 finding",
              "self_report_answer": "自查表 self-report", "rectification_item": "整改报告 rectification report"}
DELETE_KINDS = ("finding", "plan", "notice", "department", "evidence")


def _exists(out: Path) -> BadInputError:
    return BadInputError(f"目标文件已存在，不会覆盖：{out}", f"The target file exists and will not be overwritten: {out}")


def _info_row(info) -> dict[str, Any]:
    return dict(id=info.id, filename=info.filename, size=info.size, sha256=info.sha256, mime=info.mime,
                item_id=info.item_id, caption=info.caption, captured_at=info.captured_at)


def _evidence_row(session, ev) -> dict[str, Any]:
    from inspector.model import ChecklistItem, Finding, InspectionResult

    item_id = ""
    if ev.owner_type == "inspection_result":
        result = session.get(InspectionResult, ev.owner_id)
        item_id = result.item_id if result is not None else ""
    elif ev.owner_type == "finding":
        finding = session.get(Finding, ev.owner_id)
        item_id = (finding.item_id or "") if finding is not None else ""
    item = session.get(ChecklistItem, item_id) if item_id else None
    return dict(id=ev.id, filename=ev.filename, size=ev.size, sha256=ev.blob_sha256, mime=ev.mime,
                caption=ev.caption or "", captured_at=ev.captured_at, owner_type=ev.owner_type,
                owner_id=ev.owner_id, item_id=item_id, item_code=item.code if item is not None else "")


# ---- inspector evidence ---------------------------------------------------------------------------------------


@cli.group("evidence")
def evidence_group():
    """证据文件：添加、列出、导出、删除 / evidence files: add, list, export, delete."""


@evidence_group.command("add")
@click.argument("files", nargs=-1, required=True, metavar="FILE…", type=click.Path(path_type=Path))
@click.option("--inspection", "inspection_id", default=None, metavar="ID",
              help="现场检查（与 --item 一起）/ the inspection (with --item)")
@click.option("--item", "item_id", default=None, metavar="ID", help="检查项 / the checklist item")
@click.option("--finding", "finding_id", default=None, metavar="ID",
              help="问题（代替 --inspection 和 --item）/ the finding (instead of --inspection and --item)")
@click.option("--void-signature", is_flag=True,
              help="确认添加使单位代表的签字失效 / confirm that adding voids the representative's signature")
@vault_option
@json_option
@click.pass_context
def evidence_add(ctx, files, inspection_id, item_id, finding_id, void_signature, vault_override, as_json):
    """为检查项或问题添加证据文件（每个文件单独检查；有问题的文件不添加，其余照常添加）/ attach files to a
    checklist item of an inspection or to a finding (each file on its own: a bad one is refused, the others are
    kept)."""
    from inspector.services import findings, inspections

    if finding_id is not None and (inspection_id is not None or item_id is not None):
        raise click.UsageError("请给出 --finding，或 --inspection 与 --item（二者选一）/ give --finding, or "
                               "--inspection with --item (one of them)")
    if finding_id is None and (inspection_id is None or item_id is None):
        raise click.UsageError("请给出 --inspection 与 --item，或 --finding / give --inspection with --item, or "
                               "--finding")
    vault = open_vault(ctx, vault_override)
    with vault.session(progress=progress_printer("证据 / evidence"), cancel=None) as s:
        with confirm_with_option():
            if finding_id is not None:
                batch = findings.add_finding_files(s, finding_id, list(files), void_signature=void_signature)
            else:
                batch = inspections.add_result_files(s, inspection_id, item_id, list(files),
                                                     void_signature=void_signature)
    added = [_info_row(i) for i in batch.added]
    refused = [dict(zh=e.zh, en=e.en) for e in batch.errors]
    if as_json:
        emit_json(dict(added=added, refused=refused))
    else:
        for row in added:
            click.echo(f"已添加 / added: {row['id']}\t{row['filename']}\t{row['size']} B\tSHA-256 {row['sha256']}")
        for err in refused:
            click.echo(f"未添加 / refused: {err['zh']} / {err['en']}", err=True)
    if refused:
        raise BadInputError(f"{len(refused)} 个文件未添加（见上），{len(added)} 个已添加。",
                            f"{len(refused)} file(s) refused (see above), {len(added)} added.")


@evidence_group.command("list")
@click.option("--inspection", "inspection_id", default=None, metavar="ID",
              help="此现场检查的全部证据（检查项和问题的）/ all evidence of this inspection (its items' and findings')")
@click.option("--finding", "finding_id", default=None, metavar="ID", help="此问题的证据 / this finding's evidence")
@vault_option
@json_option
@click.pass_context
def evidence_list(ctx, inspection_id, finding_id, vault_override, as_json):
    """证据文件列表（默认：全部）/ the evidence files (default: all of them)."""
    from sqlmodel import select

    from inspector.model import Evidence, Finding, InspectionResult
    from inspector.services.findings import get_finding
    from inspector.services.inspections import get_inspection

    if inspection_id is not None and finding_id is not None:
        raise click.UsageError("--inspection 与 --finding 只能给出一个 / give --inspection or --finding, not both")
    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        query = select(Evidence)
        if inspection_id is not None:
            get_inspection(s, inspection_id)
            results = select(InspectionResult.id).where(InspectionResult.inspection_id == inspection_id)
            found = select(Finding.id).where(Finding.inspection_id == inspection_id)
            query = query.where(
                ((Evidence.owner_type == "inspection_result") & Evidence.owner_id.in_(results))
                | ((Evidence.owner_type == "finding") & Evidence.owner_id.in_(found))
                | ((Evidence.owner_type == "inspection") & (Evidence.owner_id == inspection_id)))
        elif finding_id is not None:
            get_finding(s, finding_id)
            query = query.where(Evidence.owner_type == "finding", Evidence.owner_id == finding_id)
        rows = [_evidence_row(s, e) for e in s.exec(query.order_by(Evidence.captured_at, Evidence.id)).all()]
    if as_json:
        emit_json(rows)
        return
    emit_table([{**r, "owner": OWNER_TEXT.get(r["owner_type"], r["owner_type"])} for r in rows],
               [("id", "ID"), ("filename", "文件名 / file"), ("size", "大小（字节）/ bytes"), ("owner", "属于 / of"),
                ("item_code", "检查项 / item"), ("captured_at", "添加时间 / added"), ("sha256", "SHA-256")])


def _place(tmp: Path, out: Path) -> None:
    """Give the finished temporary file its name, never replacing a file that appeared meanwhile."""
    try:
        os.link(tmp, out)
    except FileExistsError:
        raise _exists(out) from None
    except OSError:  # no hard links on this file system (FAT, some shares): check once more, then rename
        if out.exists():
            raise _exists(out) from None
        os.replace(tmp, out)
    else:
        tmp.unlink()
    fsync_dir(out.parent)


@evidence_group.command("export")
@click.argument("evidence_id", metavar="ID")
@click.option("--out", required=True, metavar="FILE", type=click.Path(dir_okay=False, path_type=Path),
              help="输出文件（不会覆盖已有文件）/ output file (an existing one is never overwritten)")
@vault_option
@json_option
@click.pass_context
def evidence_export(ctx, evidence_id, out, vault_override, as_json):
    """把证据文件导出为普通文件（逐块解密并校验）/ write an evidence file out (decrypted and checked piece by
    piece)."""
    from inspector import evidence_store
    from inspector.services.evidence import get_evidence

    if out.exists():
        raise _exists(out)
    if not out.parent.is_dir():
        raise BadInputError(f"文件夹不存在：{out.parent}", f"The folder does not exist: {out.parent}")
    vault = open_vault(ctx, vault_override)
    progress = progress_printer("导出 / exporting")
    with vault.session(read_only=True) as s:
        ev = get_evidence(s, evidence_id)
        row = _evidence_row(s, ev)
        with private_umask():
            fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
        tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as f:
                done = 0
                for chunk in evidence_store.open_stream(s, ev.blob_sha256):
                    f.write(chunk)
                    done += len(chunk)
                    progress(done, ev.size, "")
                f.flush()
                os.fsync(f.fileno())
            _place(tmp, out)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
    if as_json:
        emit_json({**row, "path": str(out)})
        return
    click.echo(f"已导出 / written: {out}（{row['size']} B）\nSHA-256: {row['sha256']}")


reason_option = click.option("--reason", default="", metavar="TEXT", help="删除原因（必填）/ why (required)")
void_option = click.option("--void-signature", is_flag=True,
                           help="确认删除证据使单位代表的签字失效 / confirm that deleting the file voids the "
                                "representative's signature")


@evidence_group.command("delete")
@click.argument("evidence_id", metavar="ID")
@reason_option
@void_option
@vault_option
@json_option
@click.pass_context
def evidence_delete(ctx, evidence_id, reason, void_signature, vault_override, as_json):
    """删除误添加的证据文件（须说明原因；记入审计并随同步传递）/ delete an evidence file added in error (with a
    reason; audited, and the deletion travels in bundles)."""
    _delete(ctx, "evidence", evidence_id, reason, void_signature, vault_override, as_json)


# ---- inspector delete ------------------------------------------------------------------------------------------


def _delete(ctx, kind: str, record_id: str, reason: str, void_signature: bool, vault_override, as_json: bool) -> None:
    from inspector.services import deletion

    vault = open_vault(ctx, vault_override)
    with vault.session() as s, confirm_with_option():
        done = deletion.delete(s, kind, record_id, reason, void_signature=void_signature)
    if as_json:
        emit_json(dict(kind=done.kind, id=done.id, title=done.title, records=done.records))
        return
    zh, en = deletion.KIND_TEXT[kind]
    click.echo(f"已删除{zh} / {en} deleted: {done.title}（{done.id}）")
    if done.records > 1:
        click.echo(f"连同所属记录共 {done.records} 条 / {done.records} records with what belonged to it")


@cli.command("delete")
@click.argument("kind", type=click.Choice(DELETE_KINDS), metavar="KIND")
@click.argument("record_id", metavar="ID")
@reason_option
@void_option
@vault_option
@json_option
@click.pass_context
def delete_command(ctx, kind, record_id, reason, void_signature, vault_override, as_json):
    """删除误建的记录（KIND：finding 问题、plan 草稿计划、notice 草稿通知书、department 单位、evidence
    证据）；已完成、已签发、已签字或仍被引用的记录不能删除 / delete a record made in error (KIND: finding, plan,
    notice, department, evidence); what is completed, issued, signed or still referred to cannot be deleted."""
    _delete(ctx, kind, record_id, reason, void_signature, vault_override, as_json)


# ---- inspector destruction -------------------------------------------------------------------------------------


def _destruction_row(d) -> dict[str, Any]:
    from inspector.services.destruction import STATUS_TEXT

    zh, en = STATUS_TEXT.get(d.status, (d.status, d.status))
    return dict(id=d.id, status=d.status, status_zh=zh, status_en=en, reason=d.reason, legal_basis=d.legal_basis,
                requested_by=d.requested_by, requested_at=d.requested_at, decided_by=d.decided_by,
                decided_fingerprint=d.decided_fingerprint, decided_at=d.decided_at, decision_note=d.decision_note,
                destroyed_at=d.destroyed_at, contents=len(d.items),
                files=sum(len(i.get("files", [])) for i in d.items),
                size=sum(int(i.get("size", 0)) for i in d.items), items=d.items)


def _tell_destruction(row: dict[str, Any], as_json: bool, done_zh: str, done_en: str) -> None:
    if as_json:
        emit_json(row)
        return
    click.echo(f"{done_zh} / {done_en}: {row['id']}")
    click.echo(f"状态 / status: {row['status_zh']} / {row['status_en']}；文件 {row['files']} 个，内容 "
               f"{row['contents']} 份，{row['size']} B / {row['files']} file(s), {row['contents']} content(s)")
    if row["decided_by"]:
        click.echo(f"审批人 / decided by: {row['decided_by']}")


@cli.group("destruction")
def destruction_group():
    """证据销毁（第二十九条：申请、另一人审批、密码销毁、销毁记录）/ destroying evidence (art. 29: request, a
    second person's approval, crypto-shredding, the record)."""


@destruction_group.command("request")
@click.argument("evidence_ids", nargs=-1, required=True, metavar="EVIDENCE_ID…")
@click.option("--reason", default="", metavar="TEXT", help="销毁原因（必填）/ why (required)")
@click.option("--basis", "legal_basis", default="", metavar="TEXT", help="法律依据（必填）/ the legal basis (required)")
@vault_option
@json_option
@click.pass_context
def destruction_request(ctx, evidence_ids, reason, legal_basis, vault_override, as_json):
    """申请销毁证据（同一内容的全部证据记录一并销毁；此时不销毁任何内容）/ request the destruction of evidence
    (every record of the same content with it; nothing is destroyed yet)."""
    from inspector.services import destruction

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        row = _destruction_row(destruction.request(s, list(evidence_ids), reason, legal_basis))
    _tell_destruction(row, as_json, "已申请销毁", "destruction requested")
    if not as_json:
        click.echo("须由另一人用其签名身份审批：inspector destruction approve ID --identity ID / "
                   "another person approves it with their own signing identity")


@destruction_group.command("approve")
@click.argument("destruction_id", metavar="ID")
@click.option("--identity", "identity_id", default=None, metavar="ID",
              help="审批人的签名身份（须非申请人）/ the approver's signing identity (not the requester's)")
@click.option("--note", default="", metavar="TEXT", help="审批意见 / a note")
@vault_option
@json_option
@click.pass_context
def destruction_approve(ctx, destruction_id, identity_id, note, vault_override, as_json):
    """审批并立即执行销毁（签署申请；删除密钥和文件）/ approve (signing the request) and destroy at once (the keys
    and files are deleted)."""
    from inspector.services import destruction

    vault = open_vault(ctx, vault_override)
    row = _destruction_row(destruction.approve(vault, destruction_id, identity_id=identity_id, note=note))
    _tell_destruction(row, as_json, "已审批并销毁", "approved and destroyed")


@destruction_group.command("reject")
@click.argument("destruction_id", metavar="ID")
@click.option("--note", default="", metavar="TEXT", help="驳回理由（必填）/ why (required)")
@click.option("--identity", "identity_id", default=None, metavar="ID",
              help="审批人的签名身份（须非申请人）/ the decider's signing identity (not the requester's)")
@vault_option
@json_option
@click.pass_context
def destruction_reject(ctx, destruction_id, note, identity_id, vault_override, as_json):
    """驳回销毁申请（不销毁任何内容）/ reject a destruction request (nothing is destroyed)."""
    from inspector.services import destruction

    vault = open_vault(ctx, vault_override)
    with vault.session() as s:
        row = _destruction_row(destruction.reject(s, destruction_id, identity_id=identity_id, note=note))
    _tell_destruction(row, as_json, "已驳回", "rejected")


@destruction_group.command("list")
@vault_option
@json_option
@click.pass_context
def destruction_list(ctx, vault_override, as_json):
    """销毁申请和销毁记录（最新的在前）/ destruction requests and records (newest first)."""
    from inspector.services import destruction

    vault = open_vault(ctx, vault_override)
    with vault.session(read_only=True) as s:
        rows = [_destruction_row(d) for d in destruction.list_destructions(s)]
    if as_json:
        emit_json(rows)
        return
    emit_table([{**r, "status": f"{r['status_zh']} {r['status']}"} for r in rows],
               [("id", "ID"), ("status", "状态 / status"), ("files", "文件 / files"), ("size", "字节 / bytes"),
                ("requested_by", "申请人 / requested by"), ("requested_at", "申请时间 / requested"),
                ("decided_by", "审批人 / decided by"), ("decided_at", "审批时间 / decided"),
                ("reason", "原因 / reason")])


@destruction_group.command("export")
@click.argument("destruction_id", metavar="ID")
@click.option("--out", required=True, metavar="F.pdf", type=click.Path(dir_okay=False, path_type=Path),
              help="输出文件 / output file")
@click.option("--sign", is_flag=True, help="用签名身份进行数字签名 / sign with a signing identity")
@click.option("--identity", "identity_id", metavar="ID", default=None,
              help="签名身份（默认：本机检查人员的）/ signing identity (default: this vault's own)")
@vault_option
@json_option
@click.pass_context
def destruction_export(ctx, destruction_id, out, sign, identity_id, vault_override, as_json):
    """证据销毁记录 PDF（未执行的申请为草稿，不能签名）/ the 证据销毁记录 as a PDF (a request not carried out is a
    draft and cannot be signed)."""
    from inspector.cli.documents import _report
    from inspector.services import destruction, exports

    vault = open_vault(ctx, vault_override)
    doc = destruction.prepare_document(vault, destruction_id)
    _report(exports.finish(vault, doc, out, sign=sign, identity_id=identity_id), as_json)

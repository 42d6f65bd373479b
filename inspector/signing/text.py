"""Plain-text (Chinese first, then English) descriptions of verification reports, for the CLI and the UI."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from inspector.signing.certs import person_text, pretty_fingerprint
from inspector.signing.pades import CHINA_TIME
from inspector.signing.verify import (
    COVERAGE_TEXT,
    IssuedInfo,
    PdfVerifyReport,
    SignatureCheck,
)

KIND_TEXT = {
    "notice": ("整改通知书", "rectification notice"),
    "record": ("现场检查记录", "on-site inspection record"),
    "countersigned": ("会签文件", "countersigned document"),
}
"""What each kind of registered document is called; a letter's kind (``inspection_notice``…) is named by the
letter service's registry (:func:`kind_text`)."""


def kind_text(kind: str) -> tuple[str, str]:
    """(zh, en) name of a registered document's kind."""
    if kind in KIND_TEXT:
        return KIND_TEXT[kind]
    try:
        from inspector.services import letters

        known = letters.kinds().get(kind)
    except Exception:  # noqa: BLE001 - a name is a nicety; the report must not fail for it
        known = None
    return (known.zh, known.en.lower()) if known else (kind, kind)


def _yes(flag: bool) -> str:
    return "是 / yes" if flag else "否 / no"


def _when(value: datetime | None) -> str:
    """Beijing time (UTC+8), like the signing times beside it; stored times are UTC."""
    if value is None:
        return "?"
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M") + " (UTC+8)"


def issued_text(info: IssuedInfo) -> tuple[str, str]:
    zh, en = kind_text(info.kind)
    name = f"“{info.filename}”" if info.filename else ""
    if info.number:
        return (f"{zh} {info.number}{name}，{_when(info.created_at)} 由本保险库签发",
                f"the {en} {info.number} {info.filename} issued by this vault on {_when(info.created_at)}")
    return (f"{zh}{name}，{_when(info.created_at)} 由本保险库签发（编号 {info.ref_id}）",
            f"the {en} {info.filename} issued by this vault on {_when(info.created_at)} (ref {info.ref_id})")


def superseded_text(info: IssuedInfo) -> tuple[str, str] | None:
    """What replaced an issued document since, or None while it stands: ``已被 晋数安检〔2026〕2号 更正`` for a
    notice, ``已被更正版取代（第 1 次更正，…）`` for a record of an inspection reopened since."""
    if not info.superseded_by:
        return None
    at = _when(info.superseded_at) if info.superseded_at else ""
    if info.kind == "notice":
        return (f"已被 {info.superseded_by} 更正" + (f"（{at}）" if at else ""),
                f"corrected by {info.superseded_by}" + (f" ({at})" if at else ""))
    label = info.superseded_by
    if info.kind == "record":
        inner = label[len("更正版（"):-1] if label.startswith("更正版（") and label.endswith("）") else label
        number = re.search(r"第\s*(\d+)\s*次", label)
        en = f"correction {number.group(1)}" if number else label
        return (f"已被更正版取代（{inner}" + (f"，{at}" if at else "") + "）",
                f"superseded by a corrected version ({en}" + (f", {at}" if at else "") + ")")
    return f"已被取代（{label}）", f"superseded ({label})"


def _superseded_line(info: IssuedInfo | None, indent: str = "") -> list[str]:
    text = superseded_text(info) if info is not None else None
    if text is None:
        return []
    zh, en = text
    kind_zh, kind_en = kind_text(info.kind)
    return [f"{indent}注意：该{kind_zh}{zh}，已不是现行文本。",
            f"{indent}Note: this {kind_en} has been {en}; it is no longer the text in force."]


def signature_lines(n: int, total: int, sig: SignatureCheck) -> list[str]:
    when = sig.signed_at.strftime("%Y-%m-%d %H:%M:%S") + "（北京时间，签名者自报 / UTC+8, as reported by the signer）" \
        if sig.signed_at else "未知 / unknown"
    cov_zh, cov_en = COVERAGE_TEXT[sig.coverage]
    lines = [
        f"签名 {n}/{total} · 签名域 / field {sig.field}",
        f"  签名人 / Signer: {person_text(sig.subject) if sig.subject else sig.signer}",
        f"  时间 / Time: {when}",
        f"  内容完整 / Intact: {_yes(sig.intact and sig.valid)}",
        f"  覆盖范围 / Coverage: {cov_zh} / {cov_en}",
        f"  受信任 / Trusted: {_yes(sig.trusted)} — {sig.trust_zh} / {sig.trust_en}",
    ]
    if not sig.trusted and sig.intact and sig.valid:
        lines += [
            f"    证书指纹 / Certificate fingerprint (SHA-256): {pretty_fingerprint(sig.fingerprint)}",
            "    如确认可信：向签名者索取证书（inspector identity export-cert），当面或电话核对指纹后运行"
            " inspector trust add CERT.pem",
            "    If you trust the signer: get their certificate (inspector identity export-cert), compare the"
            " fingerprint in person or by phone, then run inspector trust add CERT.pem",
        ]
    if sig.issued is not None and sig.coverage != "entire_file":
        zh, en = issued_text(sig.issued)
        lines.append(f"  该签名时的文件即{zh} / As of this signature, the file was {en}")
        lines += _superseded_line(sig.issued, "  ")
    for zh, en in sig.problems:
        if (zh, en) != (sig.trust_zh, sig.trust_en):
            lines.append(f"  问题 / Problem: {zh} / {en}")
    lines.append(f"  结果 / Result: {'通过 / OK' if sig.ok else '未通过 / FAILED'}")
    return lines


def report_lines(report: PdfVerifyReport, *, with_register: bool) -> list[str]:
    """The whole report; ``with_register`` when the vault's register of issued documents was consulted."""
    lines = [f"SHA-256: {report.sha256}  ({report.size} 字节 / bytes)"]
    if report.issued is not None:
        zh, en = issued_text(report.issued)
        lines.append(f"这正是{zh}。\nThis is exactly {en}.")
        lines += _superseded_line(report.issued)
    elif with_register:
        lines.append("本保险库没有签发过与之完全相同的文件。\nNot a file this vault issued (no exact match).")
    if not report.signatures:
        lines.append("该文件没有数字签名。\nThis file has no digital signature.")
    for n, sig in enumerate(report.signatures, 1):
        lines.append("")
        lines.extend(signature_lines(n, len(report.signatures), sig))
    lines.append("")
    if report.ok:
        lines.append(f"验证通过：{len(report.signatures)} 个签名均完整、覆盖签署后的文件且受信任。\n"
                     f"Verified: all {len(report.signatures)} signature(s) intact, covering the file as signed, trusted.")
    else:
        lines.append("验证未通过。\nVerification FAILED.")
    return lines

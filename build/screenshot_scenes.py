"""The data the screenshots show beyond the demo vault, each made once on it (see build/screenshots.py).

* :func:`sync_scene`: an office vault and the demo vault exchange real bundles (one conflict left open);
  further bundles to preview, from the office, from a colleague not trusted yet, and a truncated copy.
* :func:`records_scene`: the demo's issued notice corrected by an issued 更正通知 (exported as a PDF), and
  :func:`report_scene`: its department's rectification report for its first finding, imported.
* :func:`team_scene`: 张伟 of the inspection team gets a signing identity (检查组签名 shows every case).
* :func:`department_list`: a csv list of departments with one bad row (导入… previews it).
* :func:`new_vault`: a vault as the first-run wizard leaves it (the overview's 开始使用).

Imported by build/screenshots.py (which re-exports these names for the tests); it runs as a script from build/.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import select

from inspector.model import Department, Finding, NoticeStatus, RectificationNotice
from inspector.services.demo import DEMO_PASSPHRASE
from inspector.vault import Vault


@dataclass(frozen=True)
class SyncFiles:
    """Bundles for the sync screens, none of them applied to the demo vault."""

    pending: Path      # from the office, trusted: the import preview
    stranger: Path     # from a colleague not trusted yet: the fingerprint check
    damaged: Path      # a truncated copy of ``pending``: a refused bundle


def sync_scene(demo: Vault, folder: Path) -> SyncFiles | None:
    """The demo vault (the laptop) and a new office vault exchange bundles, leaving the demo vault with a history
    and one open conflict; returns further bundles to preview, not applied (None if the demo vault has exchanged
    bundles before)."""
    from inspector.crypto.keyfile import THROWAWAY_KDF
    from inspector.services import plans, settings
    from inspector.services.setup import create_vault
    from inspector.signing import identity, trust
    from inspector.sync import conflicts, exporter, importer

    with demo.session() as s:
        if conflicts.history(s, limit=1):
            return None
        laptop_cert = identity.load_identity(s).cert_der
    office = create_vault(folder / "office.vault", DEMO_PASSPHRASE, use_keyring=False, kdf=THROWAWAY_KDF)
    try:
        with office.session() as s:
            settings.set_identity(s, "王芳", "晋执 14050009", "晋城市数据局")
            office_id = identity.create_identity(s, None)
            office_cert, office_fpr = office_id.cert_der, office_id.fingerprint
            trust.add_trusted(s, laptop_cert, "李明（检查组）")
        with demo.session() as s:
            trust.add_trusted(s, office_cert, "市数据局办公室（王芳）")
            laptop_fpr = identity.load_identity(s).fingerprint
        sent = exporter.export_bundle(demo, folder / "laptop-1.inspbundle", [office_fpr], scope="field")
        importer.import_bundle(office, sent.path)
        with demo.session() as s:  # the same requirement edited on site and at the office
            finding = s.exec(select(Finding).order_by(Finding.created_at.desc())).first()
            finding.rectification_requirement = "立即收回运维公司的数据库最高管理权限，由本单位专人管理并留存操作日志。"
            finding_id = finding.id
        with office.session() as s:
            s.get(Finding, finding_id).rectification_requirement = \
                "30日内收回运维公司的数据库最高管理权限，建立权限审批和操作审计制度。"
        back = exporter.export_bundle(office, folder / "office-1.inspbundle", [laptop_fpr], scope="field")
        importer.import_bundle(demo, back.path)
        with office.session() as s:  # more from the office, to preview: a new department, another's new contact
            plans.create_department(s, "晋城市住房和城乡建设局", contact_name="赵磊", contact_phone="0356-2025101")
            first = s.exec(select(Department).order_by(Department.name)).first()
            plans.update_department(s, first.id, contact_name="孙丽", contact_phone="0356-2025188")
        pending = exporter.export_bundle(office, folder / "office-2.inspbundle", [laptop_fpr], scope="plan",
                                         since_last=True).path
    finally:
        office.close()
    colleague = create_vault(folder / "colleague.vault", DEMO_PASSPHRASE, use_keyring=False, kdf=THROWAWAY_KDF)
    try:  # a colleague of another team sends the plan; the laptop has never seen their certificate
        with colleague.session() as s:
            settings.set_identity(s, "赵强", "晋执 14050017", "晋城市大数据应用局")
            identity.create_identity(s, None)
            trust.add_trusted(s, laptop_cert, "李明")
        stranger = exporter.export_bundle(colleague, folder / "colleague-1.inspbundle", [laptop_fpr],
                                          scope="plan").path
    finally:
        colleague.close()
    damaged = folder / "office-2-copy.inspbundle"
    data = pending.read_bytes()
    damaged.write_bytes(data[:len(data) * 2 // 3])
    return SyncFiles(pending=pending, stranger=stranger, damaged=damaged)


@dataclass(frozen=True)
class RecordsScene:
    """The demo's issued notice and the issued 更正通知 that corrects it, exported as a PDF."""

    original: str           # the corrected notice's id
    correction_pdf: Path    # the 更正通知, as exported
    reported: str | None = None  # a finding of the original notice whose department reported its rectification


CORRECTED_REQUIREMENT = ("60日内制定数据备份与恢复策略，明确备份范围、频率和异地保存要求，"
                         "并完成一次恢复演练，提交演练记录。")


def records_scene(demo: Vault, folder: Path) -> RecordsScene | None:
    """Correct the demo's issued notice with an issued 更正通知 (once) and export it; None if the demo has no
    issued notice."""
    from datetime import date

    from inspector.services import rectification
    from inspector.services.exports import finish, prepare_notice

    with demo.session() as s:
        issued = s.exec(select(RectificationNotice).where(RectificationNotice.status == NoticeStatus.ISSUED,
                                                          RectificationNotice.corrects_id.is_(None))
                        .order_by(RectificationNotice.serial)).first()
        if issued is None:
            return None
        original = issued.id
        correction = s.exec(select(RectificationNotice).where(RectificationNotice.corrects_id == original)).first()
        if correction is None:
            first = s.exec(select(Finding).where(Finding.notice_id == original).order_by(Finding.created_at)).first()
            correction = rectification.draft_correction(
                s, original, {first.id: {"rectification_requirement": CORRECTED_REQUIREMENT,
                                         "deadline": date(2027, 1, 31)}},
                "原通知书整改要求未写明完成时限和恢复演练要求，予以更正。", today=date(2026, 11, 20))
            rectification.issue(s, correction.id, issued_on=date(2026, 11, 20))
        correction_id = correction.id
    pdf = folder / "correction-notice.pdf"
    finish(demo, prepare_notice(demo, correction_id), pdf)
    return RecordsScene(original=original, correction_pdf=pdf, reported=report_scene(demo, original))


REPORTED_MEASURES = ("已制定《卫生健康信息平台数据备份与恢复策略》，明确备份范围和频率：业务数据每日增量备份、每周全量备份，"
                     "备份数据异地保存于市政务云灾备中心，保存期不少于180天。11月25日完成一次恢复演练，"
                     "业务库恢复用时2小时，形成演练记录。")


def report_scene(demo: Vault, notice_id: str) -> str | None:
    """The department of ``notice_id`` reports the rectification of its first finding, through the form Inspector
    writes (filled in as a department would, then imported; once); the finding's id, or None if it has no
    findings."""
    import io
    from datetime import date

    import openpyxl

    from inspector.forms import rectification as report_form
    from inspector.model import RectificationItem

    with demo.session() as s:
        findings = report_form.notice_findings(s, notice_id)
        if not findings:
            return None
        first = findings[0]
        if s.exec(select(RectificationItem.id).where(RectificationItem.finding_id == first.id)).first() is None:
            book = openpyxl.load_workbook(io.BytesIO(report_form.build_form(s, notice_id).data))
            sheet = book["整改情况"]
            row = next(cells[0].row for cells in sheet.iter_rows(min_row=4, max_col=1) if str(cells[0].value) == "1")
            sheet[f"G{row}"] = REPORTED_MEASURES
            sheet[f"H{row}"] = min(date(2026, 11, 28), date.today()).isoformat()
            sheet[f"I{row}"] = "数据备份与恢复策略.pdf\n恢复演练记录.pdf"
            data = io.BytesIO()
            book.save(data)
            report_form.import_form(s, data.getvalue(), "卫健委整改情况报告.xlsx", notice_id=notice_id)
        return first.id


def team_scene(demo: Vault) -> None:
    """张伟, of the demo's inspection team, gets a signing identity in the demo vault (once): 检查组签名 then shows a
    member who has signed, one who can sign here and one without an identity here."""
    from inspector.model import Inspector
    from inspector.signing.identity import create_identity
    from inspector.signing.team import member_identity

    with demo.session() as s:
        member = s.exec(select(Inspector).where(Inspector.name == "张伟")).first()
        if member is not None and member_identity(s, member.id) is None:
            create_identity(s, member.id)


def department_list(folder: Path) -> Path:
    """A csv list of departments as an office keeps it, one row with a 统一社会信用代码 that is too short."""
    from inspector import uscc

    def code(body: str) -> str:
        return body + uscc.check_character(body)

    rows = [("单位名称", "统一社会信用代码", "地址", "联系人", "联系电话"),
            ("晋城市教育局", code("11140500MB0123456"), "山西省晋城市城区凤台东街", "陈晓", "0356-2022001"),
            ("晋城市财政局", "12345", "山西省晋城市城区泽州路", "周敏", "0356-2022002"),
            ("晋城市交通运输局", code("11140500MB0234567"), "山西省晋城市城区文昌东街", "郭强", "0356-2022003"),
            ("晋城市生态环境局", "", "山西省晋城市城区凤鸣小区", "韩雪", "0356-2022004"),
            ("晋城市市场监督管理局", code("11140500MB0345678"), "山西省晋城市城区中原西街", "冯军", "0356-2022005")]
    path = folder / "被检查单位名单.csv"
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8-sig")
    return path


def new_vault(folder: Path) -> Vault:
    """A vault as the first-run wizard leaves it: the inspector, the organisation and the signing identity, nothing
    else (what ui.vault.wizard writes)."""
    from inspector.crypto.keyfile import THROWAWAY_KDF
    from inspector.services import settings
    from inspector.services.setup import create_vault
    from inspector.signing.identity import create_identity

    vault = create_vault(folder / "new.vault", DEMO_PASSPHRASE, use_keyring=False, kdf=THROWAWAY_KDF)
    with vault.session() as s:
        settings.set_identity(s, "李明", "晋执 14050001", "晋城市大数据应用局")
        settings.put(s, settings.ORG_NAME, settings.ORG_NAME.default)
        settings.put(s, settings.DOC_NUMBER_PATTERN, settings.DOC_NUMBER_PATTERN.default)
        create_identity(s, None)
    return vault


VIDEO_NAME = "机房巡查.mp4"


def small_mp4(seconds: int = 83, width: int = 1920, height: int = 1080) -> bytes:
    """A small but well-formed MP4 (ftyp, mdat, moov with mvhd and a video trak's tkhd): what the viewer reads."""
    import struct

    def box(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I4s", 8 + len(payload), kind) + payload

    mvhd = box(b"mvhd", bytes(12) + struct.pack(">II", 1000, seconds * 1000) + bytes(80))
    tkhd = box(b"tkhd", bytes(76) + struct.pack(">II", width << 16, height << 16))
    return box(b"ftyp", b"isom" + bytes(4) + b"isomavc1") + box(b"mdat", bytes(4096)) + box(b"moov", mvhd + box(b"trak", tkhd))


def _png() -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (120, 80), (230, 230, 230)).save(buf, format="PNG")
    return buf.getvalue()


def destruction_scene(demo: Vault) -> None:
    """Once: a finding of the running inspection gets a video and a scanned ID card; the ID card's destruction is
    requested and approved by 张伟 (:func:`team_scene`'s identity), the video's requested and awaiting approval."""
    from inspector.model import Destruction, Inspection, InspectionStatus, Inspector
    from inspector.services import destruction, findings
    from inspector.signing.team import member_identity

    team_scene(demo)
    with demo.session() as s:
        if s.exec(select(Destruction)).first() is not None:
            return
        running = s.exec(select(Inspection.id).where(Inspection.status == InspectionStatus.IN_PROGRESS)).first()
        finding = s.exec(select(Finding).where(Finding.inspection_id == running).order_by(Finding.created_at)).first()
        zhang = s.exec(select(Inspector).where(Inspector.name == "张伟")).first()
        approver = member_identity(s, zhang.id) if zhang is not None else None
        if finding is None or approver is None:
            return
        card, video = findings.add_finding_files(s, finding.id, [("身份证复印件.png", _png()),
                                                                 (VIDEO_NAME, small_mp4())]).added
        done = destruction.request(s, [card.id], "含个人身份证号码，超出检查需要", "《个人信息保护法》第四十七条").id
        destruction.request(s, [video.id], "录像含无关人员面部影像，超过保存期限", "《晋城市政务数据安全实施细则》第二十九条")
        approver_id = approver.id
    destruction.approve(demo, done, identity_id=approver_id, note="同意销毁")

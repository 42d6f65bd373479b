"""The on-site inspection record (现场检查记录), built from the demo vault and judged by poppler's tools."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import itertools
import subprocess
from datetime import UTC, date, datetime

import pytest
from PIL import Image
from sqlmodel import select

from inspector.documents.layout import cn_datetime
from inspector.documents.record import build_record
from inspector.documents.thumbs import make_thumbnail
from inspector.errors import Cancelled, IntegrityFailure
from inspector.model import (
    EscalationKind,
    EvidenceBlob,
    Finding,
    Inspection,
    InspectionStatus,
    Verdict,
)
from inspector.progress import CancelToken
from inspector.services import documents, escalations, findings
from inspector.services.evidence import read_blob
from inspector.services.inspections import (
    add_result_evidence,
    complete_inspection,
    reopen_inspection,
    runner_data,
    set_verdict,
)
from tests.engines import demo_on_both_engines  # noqa: F401
from tests.test_documents_layout import (
    assert_flat,
    assert_fonts_embedded,
    flowing_text,
    page_count,
    page_texts_pdfium,
    pdf_text,
    render_count,
    squashed,
)


@pytest.fixture(scope="module")
def big_jpeg() -> bytes:
    """A 12-megapixel photo (noise, so it does not compress away)."""
    noise = Image.effect_noise((4000, 3000), 60)
    img = Image.merge("RGB", (noise, noise.rotate(180), noise))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85, exif=exif, comment=b"taken at the department")
    return buf.getvalue()


def _signature_png() -> bytes:
    img = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    from PIL import ImageDraw

    ImageDraw.Draw(img).line([(40, 150), (120, 40), (200, 160), (300, 60), (420, 150)], fill=(10, 10, 60, 255),
                             width=8)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def _rotated_jpeg() -> bytes:
    """Landscape pixels with EXIF orientation 6: a portrait photo as a phone stores it."""
    img = Image.new("RGB", (400, 200), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0112] = 6
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif)
    return buf.getvalue()


def _inspection(s, status: InspectionStatus) -> Inspection:
    return s.exec(select(Inspection).where(Inspection.status == status)).one()


def _image_list(data: bytes, tmp_path) -> list[dict[str, str]]:
    pdf = tmp_path / "images.pdf"
    pdf.write_bytes(data)
    out = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    keys = ["page", "num", "type", "width", "height", "color", "comp", "bpc", "enc"]
    return [dict(zip(keys, line.split())) for line in out.splitlines()[2:]]


def test_completed_inspection_record(demo_vault, tmp_path):
    with demo_vault.session() as s:
        insp = _inspection(s, InspectionStatus.COMPLETED)  # the demo's: signed by 李红梅 over what it records
        data = documents.record_data(s, insp.id)
        members = {m.id: m.name for m in data.team}
    assert data.department == "晋城市卫生健康委员会" and data.rep_signature_png.startswith(b"\x89PNG")
    assert [m.role for m in data.team] == ["组长", "组员", "组员"] and data.team[0].name == "李明"
    assert len(data.sections) == 9 and sum(sum(s.counts.values()) for s in data.sections) == len(data.items) == 55
    assert [f.title for f in data.findings] == ["未制定数据备份与恢复策略", "年度数据安全培训未开展"]
    built = build_record(data)

    assert built.pages == page_count(built.data, tmp_path) >= 4
    assert render_count(built.data, tmp_path) == built.pages
    assert_fonts_embedded(built.data, tmp_path)
    assert_flat(built.data)
    text = squashed(pdf_text(built.data, tmp_path))
    flowing = flowing_text(built.data, tmp_path)
    for needle in ("政务数据安全现场检查记录", "晋城市卫生健康委员会", "—1—", "卫健委信息科", "2026年10月29日09:00至12:30",
                   "检查情况汇总", "3-13", "未制定数据备份与恢复策略", "李红梅（信息科科长）", "签字时间", "证据文件清单",
                   "李明", "王芳", "张伟", "执法证号晋执14050001", "检查小结检查发现两项问题，已现场反馈。"):
        assert needle in text, needle
    # never corrected, all signed, every item answered: none of what a corrected or unsigned record says
    assert "严重程度" in text and "问题等级" not in text  # the application's word for it
    for absent in ("更正", "已失效", "未签字", "记为“未检查”", "（无）"):
        assert absent not in text, absent
    # the rectification requirement and deadline are the notice's: the representative did not sign them
    assert "整改要求" not in text and "整改期限" not in text and "按照细则要求完成整改" not in text
    for row in data.evidence:  # chain of custody: each file's full SHA-256, printed in two halves
        assert row.sha256[:32] in text and row.sha256[32:] in text, row.filename
    assert {r.owner for r in data.evidence} == {"问题 1", "问题 2", "单位代表签名"}
    # the articles violated, with their text (the table's label column may interleave in reading order)
    flowing = flowing.replace("违反条款", "")
    for f in data.findings:
        for _, article_text in f.articles:
            assert squashed(article_text) in flowing

    # one slot per inspector, where the signing code expects it
    assert [s.name for s in built.slots] == [f"inspector-{m.id}" for m in data.team]
    assert {s.inspector_id: s.label for s in built.slots} == {i: f"检查人员：{n}" for i, n in members.items()}
    assert len({s.page for s in built.slots}) == 1
    boxes = sorted(s.box for s in built.slots)
    for (ax1, ay1, ax2, ay2), (bx1, by1, bx2, by2) in itertools.pairwise(boxes):
        assert ay2 <= by1 or by2 <= ay1 or ax2 <= bx1  # no two overlap
    for x1, y1, x2, y2 in boxes:
        assert 79 <= x1 < x2 <= 522 and 99 <= y1 < y2 <= 742

    images = _image_list(built.data, tmp_path)
    assert sum(1 for i in images if i["enc"] == "jpeg") == 2              # the two findings' screenshots
    assert sum(1 for i in images if i["type"] == "smask") == 1            # the drawn signature's transparency


def test_thumbnails_are_small_and_the_originals_untouched(demo_vault, big_jpeg, tmp_path):
    rotated = _rotated_jpeg()
    with demo_vault.session() as s:
        insp = _inspection(s, InspectionStatus.IN_PROGRESS)
        items = runner_data(s, insp.id).items
        add_result_evidence(s, insp.id, items[0].id, "IMG_0001.jpg", big_jpeg)
        add_result_evidence(s, insp.id, items[1].id, "IMG_0002.jpg", rotated)
        add_result_evidence(s, insp.id, items[1].id, "制度清单.pdf", b"%PDF-1.4 not an image", mime="application/pdf")
        s.commit()
        calls = []
        data = documents.record_data(s, insp.id, progress=lambda d, t, m="": calls.append((d, t)))
        for original in (big_jpeg, rotated):
            digest = hashlib.sha256(original).hexdigest()
            assert read_blob(s, digest) == original  # stored bytes unchanged after the thumbnails were made
    assert calls[-1][0] == calls[-1][1] == len(data.evidence) == 6  # 3 item files + 3 finding screenshots
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    big, portrait = data.photos  # the PDF gets no thumbnail but is listed with its hash
    assert (big.width, big.height) == (500, 375) and big.jpeg.startswith(b"\xff\xd8")
    assert len(big.jpeg) < len(big_jpeg) // 20
    assert (portrait.width, portrait.height) == (200, 400)  # EXIF orientation applied
    for thumb in (big, portrait):  # nothing of the original's metadata (EXIF, GPS, comment) travels along
        opened = Image.open(io.BytesIO(thumb.jpeg))
        assert not opened.getexif() and "comment" not in opened.info and "exif" not in opened.info
    assert big.caption == f"检查项 {items[0].code} · IMG_0001.jpg"
    assert "制度清单.pdf" in {r.filename for r in data.evidence}
    assert all(len(f.thumbnails) == 1 for f in data.findings)

    built = build_record(data)
    assert_fonts_embedded(built.data, tmp_path)
    assert render_count(built.data, tmp_path) == built.pages
    images = _image_list(built.data, tmp_path)
    assert len(images) == 5 and all(max(int(i["width"]), int(i["height"])) <= 600 for i in images)
    assert "现场证据照片" in squashed(pdf_text(built.data, tmp_path))


def flip_a_sealed_bit(vault, file_key: bytes) -> None:
    """Damage one bit of the sealed content of an evidence file: in the vault's file, or the hub's last chunk row."""
    from inspector.evidence_store import file_name
    from inspector.hub.store import Hub

    if isinstance(vault, Hub):
        with vault.engine.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE evidence_chunk SET data = overlay(data placing set_byte(substring(data from "
                "octet_length(data) - 19 for 1), 0, get_byte(data, octet_length(data) - 20) # 1) "
                "from octet_length(data) - 19 for 1) "
                "WHERE name = %s AND n = (SELECT max(n) FROM evidence_chunk WHERE name = %s)",
                (file_name(file_key), file_name(file_key)))
        return
    path = vault.evidence.path_of(file_key)
    damaged = bytearray(path.read_bytes())
    damaged[-20] ^= 1  # one bit of the sealed content
    path.write_bytes(bytes(damaged))


def test_a_damaged_evidence_file_stops_the_record(demo_vault):
    with demo_vault.session() as s:
        insp = _inspection(s, InspectionStatus.COMPLETED)
        sha = documents.record_data(s, insp.id).evidence[0].sha256
        file_key = s.get(EvidenceBlob, sha).file_key
    flip_a_sealed_bit(demo_vault, file_key)
    with demo_vault.session() as s:
        with pytest.raises(IntegrityFailure) as err:
            documents.record_data(s, insp.id)
        assert "证据文件已损坏" in err.value.zh and "damaged" in err.value.en
        s.rollback()


def test_cancel_stops_gathering_and_building(demo_vault):
    token = CancelToken()
    token.cancel()
    with demo_vault.session() as s:
        insp = _inspection(s, InspectionStatus.COMPLETED)
        with pytest.raises(Cancelled):
            documents.record_data(s, insp.id, cancel=token)
        data = documents.record_data(s, insp.id)
    with pytest.raises(Cancelled):
        build_record(data, cancel=token)


def test_make_thumbnail_refuses_non_images_and_flattens_transparency():
    assert make_thumbnail(b"%PDF-1.4 hello") is None
    assert make_thumbnail(b"") is None
    jpeg, w, h = make_thumbnail(_signature_png())
    img = Image.open(io.BytesIO(jpeg))
    assert img.format == "JPEG" and img.mode == "RGB" and (w, h) == (600, 200)
    assert img.getpixel((5, 5))[0] > 240  # transparent became white, not black


# ---- issue 14: what the record says about its own standing ----------------------------------------


def _smasks(data: bytes, tmp_path) -> int:
    """Images with transparency: in these records, only the representative's drawn signature."""
    return sum(1 for i in _image_list(data, tmp_path) if i["type"] == "smask")


def test_record_of_a_reopened_inspection_says_it_is_a_corrected_version(demo_vault, tmp_path):
    reason = "补录检查项 3-13 的情况记录"
    with demo_vault.session() as s:
        insp = _inspection(s, InspectionStatus.COMPLETED)
        before = documents.record_data(s, insp.id)
        reopen_inspection(s, insp.id, reason)
        s.commit()
        data = documents.record_data(s, insp.id)
    assert before.correction_no == 0 and data.correction_no == 1 and data.correction_reason == reason
    built = build_record(data)
    assert_fonts_embedded(built.data, tmp_path)
    assert render_count(built.data, tmp_path) == built.pages
    first = squashed(pdf_text(built.data, tmp_path, page=1))
    # on the first page, under the title: that it is a corrected version, which one, when (China time), why
    assert first.startswith("政务数据安全现场检查记录（更正版）")
    for needle in ("更正版（第1次更正）", "本记录取代此前出具的本次检查现场检查记录", f"更正原因：{squashed(reason)}。",
                   f"更正时间：{squashed(cn_datetime(data.corrected_at))}"):
        assert needle in first, needle
    assert first.index("更正原因") < first.index("被检查单位")
    pdf = tmp_path / "corrected.pdf"
    pdf.write_bytes(built.data)
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "政务数据安全现场检查记录（更正版）" in info
    # reopening changed nothing signed: the signature still holds and is drawn
    assert not data.signature_void and _smasks(built.data, tmp_path) == 1
    assert "更正" not in squashed(pdf_text(build_record(before).data, tmp_path))


def test_a_signature_voided_by_a_change_is_not_drawn(demo_vault, tmp_path):
    with demo_vault.session() as s:
        insp = _inspection(s, InspectionStatus.COMPLETED)
        signed = documents.record_data(s, insp.id)
        reopen_inspection(s, insp.id, "更正第 1-01 项结论")
        item = runner_data(s, insp.id).items[0]
        set_verdict(s, insp.id, item.id, Verdict.NON_COMPLIANT, void_signature=True)  # the user confirmed
        s.commit()
        data = documents.record_data(s, insp.id)
    assert data.signature_void and data.rep_signature_png is None and data.rep_signed_at is None
    assert "单位代表签名" not in {r.owner for r in data.evidence}
    built = build_record(data)
    text = squashed(pdf_text(built.data, tmp_path))
    drawn = squashed("".join(page_texts_pdfium(built.data)))  # in drawing order: a table cell reads whole
    assert "单位代表签字后检查内容有变更，原签字已失效（需重新签字）" in drawn and "签字时间" not in text
    assert "李红梅（信息科科长）" in text  # who signed is still said; only the signature is gone
    assert _smasks(built.data, tmp_path) == 0
    assert _smasks(build_record(signed).data, tmp_path) == 1  # the same record drew it while it held

    # the builder never draws a signature it is told is void, whatever image it is handed
    forged = dataclasses.replace(signed, signature_void=True)
    assert forged.rep_signature_png is not None
    built = build_record(forged)
    assert _smasks(built.data, tmp_path) == 0
    assert "原签字已失效" in squashed("".join(page_texts_pdfium(built.data)))


def test_refused_signature_unchecked_items_and_escalations(demo_vault, tmp_path):
    with demo_vault.session() as s:
        insp = _inspection(s, InspectionStatus.IN_PROGRESS)
        unsummarised = documents.record_data(s, insp.id)
        mine = s.exec(select(Finding).where(Finding.inspection_id == insp.id).order_by(Finding.created_at)).all()
        findings.update_finding(s, mine[0].id, {"escalate_police": True})
        referral = escalations.find(s, mine[0].id, EscalationKind.POLICE)
        escalations.record_escalation(s, referral.id, authority="晋城市公安局网安支队", reference="晋公网移〔2026〕3号",
                                      done_at=datetime(2026, 11, 20, 2, 0, tzinfo=UTC))
        complete_inspection(s, insp.id, summary="检查发现三项问题，其中一项涉嫌违法，已移送公安机关。",
                            record_unchecked=True, rep_not_signed="refused", note="以须请示领导为由拒绝签字")
        s.commit()
        data = documents.record_data(s, insp.id)
    assert squashed(pdf_text(build_record(unsummarised).data, tmp_path)).count("检查小结（无）") == 1
    assert data.rep_not_signed == "拒绝签字" and data.unchecked and not data.signature_void
    built = build_record(data)
    assert_fonts_embedded(built.data, tmp_path)
    text = squashed(pdf_text(built.data, tmp_path))
    assert "单位代表未签字：拒绝签字" in text and "说明：以须请示领导为由拒绝签字" in text
    assert "检查小结检查发现三项问题，其中一项涉嫌违法，已移送公安机关。" in text and "（无）" not in text
    assert f"以下{len(data.unchecked)}个检查项未作结论，经检查组确认记为“未检查”：" in text
    assert "、".join(data.unchecked) + "。" in text
    # art. 33, each escalation with its state: the referral done (to whom, when, reference), the report pending
    assert "违法行为：已移送晋城市公安局网安支队（2026-11-20，晋公网移〔2026〕3号）" in text
    assert "失泄密隐患：待报告保密主管部门" in text
    assert "整改要求" not in text and "整改期限" not in text


def test_a_completed_record_says_the_same_whatever_happens_after_completion(demo_vault, tmp_path):
    """Escalations done after completion, the findings notified: every export of the completed record is the
    same text; the record states things as at its completion. Reopened, it states them as they are."""
    from datetime import timedelta

    from inspector.services import rectification

    with demo_vault.session() as s:
        insp = _inspection(s, InspectionStatus.IN_PROGRESS)
        complete_inspection(s, insp.id, summary="检查发现三项问题。", record_unchecked=True, rep_not_signed="absent")
        s.commit()
        first = pdf_text(build_record(documents.record_data(s, insp.id)).data, tmp_path)
        leak = s.exec(select(Finding).where(Finding.inspection_id == insp.id, Finding.escalate_secrecy)).one()
        report = escalations.find(s, leak.id, EscalationKind.SECRECY)
        escalations.record_escalation(s, report.id, authority="晋城市保密局", reference="晋保〔2026〕9号",
                                      done_at=insp.ended_at + timedelta(hours=20))
        mine = s.exec(select(Finding).where(Finding.inspection_id == insp.id)).all()
        notice = rectification.create_draft(s, insp.department_id, [f.id for f in mine], deadline=date(2099, 1, 31),
                                            today=date(2026, 11, 24))
        rectification.issue(s, notice.id)
        s.commit()
        again = pdf_text(build_record(documents.record_data(s, insp.id)).data, tmp_path)
        reopen_inspection(s, insp.id, "补充现场照片")
        s.commit()
        reopened = squashed(pdf_text(build_record(documents.record_data(s, insp.id)).data, tmp_path))
    assert again == first
    assert "失泄密隐患：待报告保密主管部门" in squashed(first) and "单位代表未签字：不在场" in squashed(first)
    assert "失泄密隐患：已报告晋城市保密局（" in reopened and "晋保〔2026〕9号" in reopened


def test_the_record_is_set_in_the_fangsong_and_lists_articles_ascending(demo_vault, tmp_path):
    with demo_vault.session() as s:
        data = documents.record_data(s, _inspection(s, InspectionStatus.COMPLETED).id)
    first = data.findings[0]
    backwards = [(n, f"TEXT-OF-ARTICLE-{n}") for n in (21, 12, 15)]
    data = dataclasses.replace(data, findings=[dataclasses.replace(first, articles=backwards), *data.findings[1:]])
    built = build_record(data)
    names = [row["name"] for row in assert_fonts_embedded(built.data, tmp_path)]
    assert any("ZhuqueFangsong" in n for n in names), names  # the body: 仿宋
    assert any("NotoSansSC" in n for n in names), names       # 黑体 headings and table heads
    text = squashed(pdf_text(built.data, tmp_path))
    positions = [text.index(f"TEXT-OF-ARTICLE-{n}") for n in (12, 15, 21)]
    assert positions == sorted(positions)

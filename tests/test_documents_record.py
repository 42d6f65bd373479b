"""The on-site inspection record (现场检查记录), built from the demo vault and judged by poppler's tools."""

from __future__ import annotations

import hashlib
import io
import itertools
import subprocess

import pytest
from PIL import Image
from sqlalchemy import update
from sqlmodel import select

from inspector.documents.record import build_record
from inspector.documents.thumbs import make_thumbnail
from inspector.errors import Cancelled, IntegrityFailure
from inspector.model import EvidenceBlob, Inspection, InspectionStatus
from inspector.progress import CancelToken
from inspector.services import documents
from inspector.services.evidence import read_blob
from inspector.services.inspections import (
    add_result_evidence,
    runner_data,
    save_signature,
)
from tests.test_documents_layout import (
    assert_flat,
    assert_fonts_embedded,
    flowing_text,
    page_count,
    pdf_text,
    render_count,
    squashed,
)


def _signature_png() -> bytes:
    img = Image.new("RGBA", (600, 200), (0, 0, 0, 0))
    from PIL import ImageDraw

    ImageDraw.Draw(img).line([(40, 150), (120, 40), (200, 160), (300, 60), (420, 150)], fill=(10, 10, 60, 255),
                             width=8)
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


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
        insp = _inspection(s, InspectionStatus.COMPLETED)
        save_signature(s, insp.id, _signature_png(), "李红梅", "信息科科长")
        s.commit()
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
                   "李明", "王芳", "张伟", "执法证号晋执14050001", "检查发现两项问题，已现场反馈。"):
        assert needle in text, needle
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


def test_a_damaged_evidence_file_stops_the_record(demo_vault):
    with demo_vault.session() as s:
        insp = _inspection(s, InspectionStatus.COMPLETED)
        sha = documents.record_data(s, insp.id).evidence[0].sha256
        s.exec(update(EvidenceBlob).where(EvidenceBlob.sha256 == sha).values(data=b"something else"))
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

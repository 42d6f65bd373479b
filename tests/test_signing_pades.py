"""PAdES signing: empty fields, visible Chinese stamps, one or two signers — judged by poppler and pyHanko."""

from __future__ import annotations

import io
import subprocess

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields

from inspector.documents.slots import SigSlot
from inspector.errors import BadInputError
from inspector.signing.pades import add_signature_fields, empty_signature_fields, sign_pdf
from inspector.signing.verify import ENTIRE_FILE, LATER_SIGNATURES_ONLY, verify_pdf
from tests.signing_helpers import font_rows, make_pdf, pdfsig, red_pixels, two_signers, two_slots


@pytest.fixture
def signers(vault):
    return two_signers(vault)


def _prepared(me) -> tuple[bytes, list[SigSlot]]:
    built = make_pdf(two_slots(me.inspector_id))
    return add_signature_fields(built.data, built.slots), built.slots


def test_fields_are_added_in_one_incremental_update(signers):
    me, _ = signers
    built = make_pdf(two_slots(me.inspector_id))
    with_fields = add_signature_fields(built.data, built.slots)
    assert with_fields.startswith(built.data)  # incremental: the original bytes untouched
    assert with_fields.count(b"%%EOF") == built.data.count(b"%%EOF") + 1
    reader = PdfFileReader(io.BytesIO(with_fields))
    found = {name: ref.get_object() for name, _, ref in fields.enumerate_sig_fields(reader)}
    assert set(found) == {s.name for s in built.slots}
    for slot in built.slots:
        assert [float(v) for v in found[slot.name]["/Rect"]] == list(slot.box)
    assert empty_signature_fields(with_fields) == [s.name for s in built.slots]
    assert add_signature_fields(built.data, []) == built.data


def test_bad_slots_are_refused(signers):
    me, _ = signers
    built = make_pdf(two_slots(me.inspector_id))
    for slot, words in [(SigSlot("x", 3, (1, 1, 50, 50), ""), "页不存在"),
                        (SigSlot("bad name.with.dots", 0, (1, 1, 50, 50), ""), "名称无效"),
                        (SigSlot("flat", 0, (10, 10, 10, 50), ""), "大小无效")]:
        with pytest.raises(BadInputError, match=words):
            add_signature_fields(built.data, [slot])
    with pytest.raises(BadInputError, match="重复"):
        add_signature_fields(built.data, [built.slots[0], built.slots[0]])


def test_signed_pdf_is_valid_for_pdfsig_embeds_every_font_and_shows_a_red_stamp(signers, tmp_path):
    me, _ = signers
    pdf, slots = _prepared(me)
    signed = sign_pdf(pdf, me, reason="确认现场检查记录", location="晋城市")
    assert signed.startswith(pdf)
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)

    report = pdfsig(path)
    assert report.count("Signature Validation: Signature is Valid.") == 1, report
    assert "Signer Certificate Common Name: 李明" in report and "ETSI.CAdES.detached" in report
    assert "Signing Hash Algorithm: SHA-256" in report and "Total document signed" in report
    assert f"Signature Field Name: inspector-{me.inspector_id}" in report  # the inspector's own field

    rows = font_rows(path)
    assert len(rows) >= 2 and any("Identity-H" in row for row in rows)  # the stamp's CID font is there
    for row in rows:
        assert row[-5:-3] == ["yes", "yes"], row  # emb, sub
        assert "Helvetica" not in row[0]

    subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", str(path), str(tmp_path / "page")], check=True)
    mine, free = slots[0], slots[1]
    assert red_pixels(tmp_path / "page.png", mine.box) > 200  # the stamp: red text and border
    assert red_pixels(tmp_path / "page.png", free.box) == 0  # the other field is still empty

    result = verify_pdf(signed, [me.cert_der])
    assert result.ok and [s.coverage for s in result.signatures] == [ENTIRE_FILE]
    assert empty_signature_fields(signed) == ["issuer-1"]


def test_two_signers_both_valid_the_first_covers_only_later_signatures(signers, tmp_path):
    me, colleague = signers
    pdf, _ = _prepared(me)
    once = sign_pdf(pdf, me)
    twice = sign_pdf(once, colleague)  # 王芳 has no slot of her own: she takes the unassigned issuer-1
    assert twice.startswith(once)
    path = tmp_path / "twice.pdf"
    path.write_bytes(twice)
    report = pdfsig(path)
    assert report.count("Signature Validation: Signature is Valid.") == 2, report
    assert "Common Name: 李明" in report and "Common Name: 王芳" in report

    result = verify_pdf(twice, [me.cert_der, colleague.cert_der])
    assert result.ok
    first, second = result.signatures
    assert (first.signer, first.coverage, first.field) == ("李明", LATER_SIGNATURES_ONLY, f"inspector-{me.inspector_id}")
    assert (second.signer, second.coverage, second.field) == ("王芳", ENTIRE_FILE, "issuer-1")
    assert first.revision_sha256 != second.revision_sha256 == result.sha256
    assert all(row[-5:-3] == ["yes", "yes"] for row in font_rows(path))

    with pytest.raises(BadInputError, match="没有空的签名位置"):
        sign_pdf(twice, me)


def test_field_choice(signers):
    me, colleague = signers
    pdf, _ = _prepared(me)
    assert empty_signature_fields(sign_pdf(pdf, colleague)) == [f"inspector-{me.inspector_id}"]
    assert empty_signature_fields(sign_pdf(pdf, me, field="issuer-1")) == [f"inspector-{me.inspector_id}"]
    with pytest.raises(BadInputError, match="nope"):
        sign_pdf(pdf, me, field="nope")
    only_theirs = add_signature_fields(make_pdf([]).data, [SigSlot(f"inspector-{me.inspector_id}", 0, (50, 50, 250, 110), "")])
    assert empty_signature_fields(sign_pdf(only_theirs, colleague)) == []  # the last free field, whoever it was for
    with pytest.raises(BadInputError, match="没有空的签名位置"):
        sign_pdf(make_pdf([]).data, me)  # no fields at all


def test_unreadable_input_is_bad_input(signers):
    from reportlab.pdfgen import canvas

    me, _ = signers
    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="secret")
    c.drawString(72, 720, "encrypted")
    c.showPage()
    c.save()
    for data in (b"", b"hello world", b"%PDF-1.7\n garbage garbage", buf.getvalue()):
        with pytest.raises(BadInputError):
            sign_pdf(data, me)
        with pytest.raises(BadInputError):
            add_signature_fields(data, two_slots(me.inspector_id))

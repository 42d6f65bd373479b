"""`verify_pdf` catches what must be caught: flipped bytes, annotations or pages added after signing,
unknown signers, unsigned or unreadable files — and recognises the documents this vault issued."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.writer import PageObject
from pyhanko.sign import fields
from pyhanko.sign.fields import SigFieldSpec

from inspector.errors import BadInputError
from inspector.signing.pades import CHINA_TIME, add_signature_fields, sign_pdf
from inspector.signing.verify import (
    ENTIRE_FILE,
    LATER_SIGNATURES_ONLY,
    MODIFIED,
    IssuedInfo,
    verify_pdf,
)
from tests.signing_helpers import make_ca, make_pdf, pdfsig, two_signers, two_slots, der


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    """One PDF signed by 李明, then by 王芳; the roots that trust both."""
    from inspector.services.setup import create_vault
    from tests.conftest import FAST_KDF, PASSPHRASE

    vault = create_vault(tmp_path_factory.mktemp("verify") / "v.vault", PASSPHRASE, kdf=FAST_KDF, use_keyring=False)
    try:
        me, colleague = two_signers(vault)
    finally:
        vault.close()
    built = make_pdf(two_slots(me.inspector_id))
    once = sign_pdf(add_signature_fields(built.data, built.slots), me)
    twice = sign_pdf(once, colleague)
    return {"once": once, "twice": twice, "roots": [me.cert_der, colleague.cert_der], "me": me,
            "colleague": colleague}


def _incremental(data: bytes, change) -> bytes:
    w = IncrementalPdfFileWriter(io.BytesIO(data))
    change(w)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def test_signed_twice_is_ok(signed):
    report = verify_pdf(signed["twice"], signed["roots"])
    assert report.ok and [s.coverage for s in report.signatures] == [LATER_SIGNATURES_ONLY, ENTIRE_FILE]
    first = report.signatures[0]
    assert first.intact and first.valid and first.trusted and first.problems == []
    assert first.fingerprint == signed["me"].fingerprint and "CN=李明" in first.subject
    assert first.signed_at.utcoffset().total_seconds() == 8 * 3600
    assert abs((datetime.now(timezone.utc) - first.signed_at).total_seconds()) < 3600
    data = report.to_dict()
    assert data["ok"] is True and data["signatures"][1]["ok"] is True and data["sha256"] == report.sha256


@pytest.mark.parametrize("needle", [b"ReportLab Generated PDF document", b"(ReportLab PDF Library"])
def test_a_flipped_byte_inside_the_signed_range(signed, tmp_path, needle):
    data = bytearray(signed["once"])
    at = data.index(needle) + len(needle) - 3
    data[at] ^= 0x20
    report = verify_pdf(bytes(data), signed["roots"])
    sig, = report.signatures
    assert not report.ok and not sig.intact and not sig.ok
    assert sig.problems == [("签名范围内的内容已被改动", "bytes inside the signed range were changed")]
    path = tmp_path / "flipped.pdf"
    path.write_bytes(bytes(data))
    assert "Signature is Valid." not in pdfsig(path)  # poppler agrees


def test_an_annotation_added_after_signing(signed):
    def annotate(w: IncrementalPdfFileWriter) -> None:
        page_ref = w.find_page_for_modification(0)[0]
        note = generic.DictionaryObject({
            pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/Text"),
            pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (100, 600, 120, 620)]),
            pdf_name("/Contents"): generic.TextStringObject("整改期限延长至2027年"),
        })
        w.register_annotation(page_ref, w.add_object(note))

    report = verify_pdf(_incremental(signed["twice"], annotate), signed["roots"])
    assert not report.ok
    assert [(s.intact, s.coverage) for s in report.signatures] == [(True, MODIFIED), (True, MODIFIED)]


def test_an_annotation_slipped_into_a_later_signatures_revision(signed):
    """Every later revision is a signature's, yet pyHanko's difference analysis sees the annotation."""
    from pyhanko.sign import signers

    from inspector.signing.pades import _cms_signer

    w = IncrementalPdfFileWriter(io.BytesIO(signed["once"]))
    page_ref = w.find_page_for_modification(0)[0]
    note = generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/Square"),
        pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (100, 600, 300, 700)]),
    })
    w.register_annotation(page_ref, w.add_object(note))
    meta = signers.PdfSignatureMetadata(field_name="issuer-1", md_algorithm="sha256")
    out = signers.PdfSigner(meta, signer=_cms_signer(signed["colleague"])).sign_pdf(w, existing_fields_only=True)
    first, second = verify_pdf(out.getvalue(), signed["roots"]).signatures
    assert first.intact and first.coverage == MODIFIED and not first.ok
    assert second.ok and second.coverage == ENTIRE_FILE


def test_a_page_added_after_signing(signed):
    def add_page(w: IncrementalPdfFileWriter) -> None:
        content = w.add_object(generic.StreamObject(stream_data=b"BT ET"))
        w.insert_page(PageObject(contents=content, media_box=(0, 0, 595, 842)))

    tampered = _incremental(signed["twice"], add_page)
    report = verify_pdf(tampered, signed["roots"])
    assert not report.ok and all(s.intact and s.coverage == MODIFIED for s in report.signatures)


def test_an_empty_field_added_after_the_last_signature_is_a_change_too(signed):
    def add_field(w: IncrementalPdfFileWriter) -> None:
        fields.append_signature_field(w, SigFieldSpec("later-1", on_page=0, box=(50, 300, 250, 360)))

    report = verify_pdf(_incremental(signed["twice"], add_field), signed["roots"])
    assert not report.ok and report.signatures[-1].coverage == MODIFIED


def test_an_unknown_signer(signed):
    _, stranger_ca = make_ca("别处的 CA")
    report = verify_pdf(signed["twice"], [signed["me"].cert_der, der(stranger_ca)])
    known, unknown = report.signatures
    assert known.ok and not unknown.trusted and not unknown.ok and not report.ok
    assert unknown.intact and unknown.coverage == ENTIRE_FILE
    assert unknown.trust_zh == "签名者不在信任列表中" and unknown.fingerprint == signed["colleague"].fingerprint
    assert not any(s.trusted for s in verify_pdf(signed["twice"], []).signatures)


def test_issued_documents_are_recognised_by_hash(signed):
    once_report = verify_pdf(signed["once"], [])
    issued_on = datetime(2026, 11, 24, 8, 0, tzinfo=timezone.utc)
    register = {once_report.sha256: IssuedInfo("record", "insp-1", "现场检查记录.pdf", issued_on)}
    report = verify_pdf(signed["twice"], signed["roots"], issued=register.get)
    assert report.issued is None  # the countersigned file itself was never issued…
    assert report.signatures[0].issued == register[once_report.sha256]  # …but its first revision was
    assert report.signatures[1].issued is None

    class Row:  # an IssuedDocument row has the same attributes
        kind, ref_id, filename, created_at = "notice", "n-1", "通知书.pdf", issued_on

    report = verify_pdf(signed["once"], signed["roots"], issued={once_report.sha256: Row()}.get)
    assert report.issued == IssuedInfo("notice", "n-1", "通知书.pdf", issued_on)


def test_a_replaced_document_still_verifies_and_says_what_replaced_it(signed):
    from inspector.signing.text import report_lines

    once = verify_pdf(signed["once"], [])
    issued_on = datetime(2026, 11, 24, 8, 0, tzinfo=timezone.utc)
    corrected_on = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)

    class Row:  # an IssuedDocument row marked corrected by a 更正通知
        kind, ref_id, filename, created_at = "notice", "n-1", "通知书.pdf", issued_on
        superseded_by, superseded_at = "晋数安检〔2026〕2号", corrected_on

    report = verify_pdf(signed["once"], signed["roots"], issued={once.sha256: Row()}.get)
    assert report.ok and report.superseded is report.issued
    assert report.issued.superseded_by == "晋数安检〔2026〕2号" and report.issued.superseded_at == corrected_on
    data = report.to_dict()
    assert data["ok"] and data["superseded_by"] == "晋数安检〔2026〕2号" and data["superseded_kind"] == "notice"
    text = "\n".join(report_lines(report, with_register=True))
    assert "注意：该整改通知书已被 晋数安检〔2026〕2号 更正（2026-11-25 10:00 (UTC+8)），已不是现行文本。" in text
    assert "Note: this rectification notice has been corrected by 晋数安检〔2026〕2号" in text
    assert text.rstrip().endswith("Verified: all 1 signature(s) intact, covering the file as signed, trusted.")

    # a countersigned copy: the file is not in the register, but what its first signature signed is
    record = IssuedInfo("record", "insp-1", "现场检查记录.pdf", issued_on, superseded_by="更正版（第 2 次更正）")
    report = verify_pdf(signed["twice"], signed["roots"], issued={once.sha256: record}.get)
    assert report.issued is None and report.superseded is record and report.to_dict()["superseded_by"] == record.superseded_by
    text = "\n".join(report_lines(report, with_register=True))
    assert "  注意：该现场检查记录已被更正版取代（第 2 次更正），已不是现行文本。" in text
    assert "superseded by a corrected version (correction 2)" in text

    # one that stands says nothing of the kind
    standing = verify_pdf(signed["once"], signed["roots"], issued={once.sha256: IssuedInfo("notice", "n", "n.pdf")}.get)
    assert standing.superseded is None and standing.to_dict()["superseded_by"] == ""
    assert "现行" not in "\n".join(report_lines(standing, with_register=True))


def test_the_first_revision_alone_is_a_complete_signed_document(signed):
    end = len(signed["once"])
    assert signed["twice"][:end] == signed["once"]
    report = verify_pdf(signed["twice"][:end], signed["roots"])
    assert report.ok and [s.coverage for s in report.signatures] == [ENTIRE_FILE]


def test_unsigned_and_unreadable_files(signed):
    unsigned = verify_pdf(make_pdf([]).data, signed["roots"])
    assert unsigned.signatures == [] and not unsigned.ok
    for data in (b"", b"not a pdf", signed["twice"][:200]):
        with pytest.raises(BadInputError):
            verify_pdf(data, signed["roots"])


def test_signing_time_is_china_time(signed):
    sig = verify_pdf(signed["once"], signed["roots"]).signatures[0]
    assert sig.signed_at.tzinfo.utcoffset(None) == CHINA_TIME.utcoffset(None)

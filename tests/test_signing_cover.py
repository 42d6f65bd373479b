"""A later signature may show itself only in a box the document reserved, or in a bounded box over empty
space: a trusted co-signer must not be able to blank the page, or a line of it, with a signature's appearance.

pyHanko's difference analysis lets a later revision add a signature field with a widget of any size and
any appearance ("only signatures were added"); `verify_pdf` looks at what those widgets cover
(`added_appearance_problems`). Every attack here is rendered by poppler to show it really changes the page.
"""

from __future__ import annotations

import io

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.content import RawContent
from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
from pyhanko.stamp import StaticStampStyle

from inspector.errors import ExitCode
from inspector.signing.pades import (
    _cms_signer,
    _writer,
    add_signature_fields,
    sign_pdf,
    stamp_style,
)
from inspector.signing.verify import (
    APPEARANCE_CHANGED,
    ENTIRE_FILE,
    LATER_SIGNATURES_ONLY,
    MAX_ADDED_APPEARANCE_AREA,
    verify_pdf,
)
from tests.signing_helpers import ink, make_pdf, two_signers, two_slots

PAGE = (0.0, 0.0, 595.2756, 841.8898)  # A4, as ReportLab writes it
FINDING_LINE = (70.0, 726.0, 360.0, 744.0)  # "检查发现：…" at y = 730 (12 pt)
MARGIN_BOX = (340.0, 20.0, 540.0, 80.0)  # below the signature boxes and their labels: empty
WHITE, BLACK = b"1 g", b"0 g"


def inside(box, by: float = 4.0):
    """``box`` shrunk by ``by`` points on every side: where a cover of ``box`` leaves no pixel of what was there."""
    x1, y1, x2, y2 = box
    return x1 + by, y1 + by, x2 - by, y2 - by


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    """李明 signs his box of a record; 王芳, whom the verifier trusts too, is the co-signer."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    from inspector.services.setup import create_vault
    from tests.conftest import FAST_KDF, PASSPHRASE

    folder = tmp_path_factory.mktemp("cover")
    vault = create_vault(folder / "v.vault", PASSPHRASE, kdf=FAST_KDF, use_keyring=False)
    try:
        me, colleague = two_signers(vault)
    finally:
        vault.close()
    built = make_pdf(two_slots(me.inspector_id))
    fielded = add_signature_fields(built.data, built.slots)
    pems = []
    for who, identity in (("me", me), ("colleague", colleague)):
        path = folder / f"{who}.pem"
        path.write_bytes(x509.load_der_x509_certificate(identity.cert_der).public_bytes(Encoding.PEM))
        pems.append(path)
    return {"folder": folder, "fielded": fielded, "once": sign_pdf(fielded, me), "me": me,
            "colleague": colleague, "roots": [me.cert_der, colleague.cert_der], "pems": pems,
            "my_box": built.slots[0].box}


def _fill(colour: bytes, width: float, height: float, bleed: float = 0.0) -> StaticStampStyle:
    """An opaque appearance: one rectangle of ``colour`` over the whole box (and ``bleed`` beyond it)."""
    paint = b"%s %g %g %g %g re f" % (colour, -bleed, -bleed, width + 2 * bleed, height + 2 * bleed)
    unplaced = SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MIN,
                                   margins=Margins.uniform(0))  # drawn as is, from the box's corner
    return StaticStampStyle(background=RawContent(paint), background_layout=unplaced, border_width=0)


def _field(w, name: str) -> generic.DictionaryObject:
    return next(ref.get_object() for ref in w.root["/AcroForm"]["/Fields"] if ref.get_object()["/T"] == name)


def cosign(pdf: bytes, identity, box, *, fill: bytes | None = None, bleed: float = 0.0, flags: int | None = None,
           name: str = "later-1", new: bool = True) -> bytes:
    """``identity`` signs ``pdf`` in a new signature field ``name`` at ``box`` on page 1 (or in the existing
    field ``name``, ``new=False``): with the app's stamp, or an opaque ``fill``; ``flags`` sets the widget's /F."""
    w = _writer(pdf)
    if new:
        fields.append_signature_field(w, SigFieldSpec(name, on_page=0, box=box))
    if flags is not None:
        field = _field(w, name)
        field[generic.pdf_name("/F")] = generic.NumberObject(flags)
        if not new:
            w.update_container(field)
    x1, y1, x2, y2 = box
    style = stamp_style(identity.name) if fill is None else _fill(fill, x2 - x1, y2 - y1, bleed)
    meta = signers.PdfSignatureMetadata(field_name=name, md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES)
    out = signers.PdfSigner(meta, signer=_cms_signer(identity), stamp_style=style).sign_pdf(
        w, existing_fields_only=True, appearance_text_params={"fpr": identity.fingerprint[:16].upper()})
    return out.getvalue()


def _file(docs, name: str, data: bytes):
    path = docs["folder"] / f"{name}.pdf"
    path.write_bytes(data)
    return path


def _first(docs, data: bytes):
    """The report on ``data``, and its first signature (李明's)."""
    report = verify_pdf(data, docs["roots"])
    return report, report.signatures[0]


def _refused(report, first, reason_en: str) -> None:
    assert not report.ok and not first.ok and first.intact and first.valid and first.trusted
    assert first.coverage == APPEARANCE_CHANGED
    assert ("签名后的修订改变了页面显示的内容（后加签名的外观遮盖或改变了页面）",
            "a later revision changes what the page shows (a later signature's appearance covers or alters the page)"
            ) in first.problems
    assert any(reason_en in en for _, en in first.problems), first.problems
    assert report.signatures[-1].ok and report.signatures[-1].coverage == ENTIRE_FILE  # the co-signer's own


def test_a_cosigner_blanking_the_page_with_a_new_field_is_caught(docs, run):
    """The attack: a second, trusted signer adds a page-sized signature field painted white."""
    attack = cosign(docs["once"], docs["colleague"], PAGE, fill=WHITE, name="cover")
    once_pdf, attack_pdf = _file(docs, "once", docs["once"]), _file(docs, "blank", attack)
    assert ink(once_pdf) > 100 and ink(attack_pdf) == 0  # poppler shows a blank page
    report, first = _first(docs, attack)
    _refused(report, first, "the appearance of the later signature field 'cover' covers what the page showed")
    assert any("第 1 页后加签名的外观“cover”遮盖了签名时页面上已有的内容" == zh for zh, _ in first.problems)

    code, out, _ = run("verify", attack_pdf, *[arg for pem in docs["pems"] for arg in ("--trust", pem)])
    assert code == ExitCode.INTEGRITY == 5
    assert "签名后的修订改变了页面显示的内容" in out and "a later revision changes what the page shows" in out
    assert "验证未通过" in out and "Verification FAILED" in out


def test_a_small_box_over_one_line_of_text_is_caught(docs):
    attack = cosign(docs["once"], docs["colleague"], FINDING_LINE, fill=WHITE)
    assert ink(_file(docs, "once", docs["once"]), inside(FINDING_LINE)) > 20
    assert ink(_file(docs, "line", attack), inside(FINDING_LINE)) == 0  # the finding is gone
    assert (FINDING_LINE[2] - FINDING_LINE[0]) * (FINDING_LINE[3] - FINDING_LINE[1]) < MAX_ADDED_APPEARANCE_AREA
    _refused(*_first(docs, attack), "covers what the page showed when this signature was made")


def test_a_new_box_over_the_first_signers_stamp_is_caught(docs):
    x1, y1, x2, y2 = docs["my_box"]
    inner = (x1 + 10, y1 + 10, x2 - 10, y2 - 10)
    attack = cosign(docs["once"], docs["colleague"], inner, fill=WHITE)
    probe = inside(inner, 2)
    assert ink(_file(docs, "stamp", attack), probe, dpi=72) == 0 < ink(_file(docs, "once", docs["once"]), probe, 72)
    _refused(*_first(docs, attack), "covers what the page showed")


def test_a_large_box_over_empty_space_is_caught(docs):
    """Nothing is covered, but a signature box is not a page: a black 480 × 480 pt block is refused."""
    blank_middle = (60.0, 220.0, 540.0, 700.0)
    attack = cosign(docs["once"], docs["colleague"], blank_middle, fill=BLACK)
    _refused(*_first(docs, attack), "is too large (")


def test_a_box_reaching_beyond_the_page_is_caught(docs):
    attack = cosign(docs["once"], docs["colleague"], (500.0, 20.0, 700.0, 80.0), fill=BLACK)
    _refused(*_first(docs, attack), "reaches beyond the page")


def test_a_widget_not_displayed_but_printed_counts(docs):
    """NoView hides an annotation on screen only; with Print it is still printed over the page."""
    attack = cosign(docs["once"], docs["colleague"], PAGE, fill=WHITE, flags=0b100100)  # NoView | Print
    _refused(*_first(docs, attack), "covers what the page showed")


def test_a_margin_box_that_keeps_its_size_when_the_view_zooms_out_counts(docs):
    """NoZoom keeps an appearance at its size on screen: zoomed out, a margin box spreads over the page."""
    attack = cosign(docs["once"], docs["colleague"], MARGIN_BOX, fill=WHITE, flags=0b1100)  # NoZoom | Print
    _refused(*_first(docs, attack), "does not zoom or turn with the page (NoZoom/NoRotate)")


def test_countersigning_the_reserved_box_is_fine(docs, run):
    twice = sign_pdf(docs["once"], docs["colleague"])  # the issuer's box the document laid out
    report = verify_pdf(twice, docs["roots"])
    assert report.ok and [s.coverage for s in report.signatures] == [LATER_SIGNATURES_ONLY, ENTIRE_FILE]
    code, out, _ = run("verify", _file(docs, "twice", twice),
                       *[arg for pem in docs["pems"] for arg in ("--trust", pem)])
    assert code == 0 and "验证通过" in out


def test_a_new_stamp_in_the_empty_margin_is_fine(docs):
    later = cosign(docs["once"], docs["colleague"], MARGIN_BOX)  # the app's own stamp, in a new field
    path = _file(docs, "margin", later)
    assert ink(path, MARGIN_BOX, dpi=72) > 50 and ink(path, FINDING_LINE) > 20  # stamp shown, text intact
    report, first = _first(docs, later)
    assert report.ok and first.coverage == LATER_SIGNATURES_ONLY and first.problems == []


def test_an_appearance_painting_beyond_its_box_is_clipped_to_it(docs):
    """Viewers draw an appearance inside its widget's box: a margin box's fill bleeding over the whole
    page changes nothing else, which is why the box alone is what the check needs to look at."""
    later = cosign(docs["once"], docs["colleague"], MARGIN_BOX, fill=WHITE, bleed=2000)
    assert ink(_file(docs, "bleed", later), FINDING_LINE) > 20
    assert verify_pdf(later, docs["roots"]).ok


def test_hidden_and_invisible_later_signatures_are_fine(docs):
    hidden = cosign(docs["once"], docs["colleague"], PAGE, fill=WHITE, flags=0b110)  # Hidden | Print
    assert ink(_file(docs, "hidden", hidden)) > 100
    assert verify_pdf(hidden, docs["roots"]).ok
    invisible = cosign(docs["once"], docs["colleague"], (0, 0, 0, 0), name="invisible")
    assert verify_pdf(invisible, docs["roots"]).ok


def test_a_reserved_field_that_was_hidden_is_checked_like_a_new_one(docs):
    """A spare page-sized field, Hidden when 李明 signed, shown and painted white by the co-signer."""
    w = _writer(docs["fielded"])
    fields.append_signature_field(w, SigFieldSpec("spare", on_page=0, box=PAGE))
    _field(w, "spare")[generic.pdf_name("/F")] = generic.NumberObject(0b110)  # Hidden | Print
    out = io.BytesIO()
    w.write(out)
    once = sign_pdf(out.getvalue(), docs["me"], field=f"inspector-{docs['me'].inspector_id}")
    assert verify_pdf(once, docs["roots"]).ok
    attack = cosign(once, docs["colleague"], PAGE, fill=WHITE, name="spare", new=False, flags=0b100)
    assert ink(_file(docs, "unhidden", attack)) == 0
    _refused(*_first(docs, attack), "the later signature field 'spare' covers what the page showed")


def test_a_third_signer_covering_the_second_ones_stamp(docs):
    """Each signature is judged against the page as it signed it: the second stamp is content to the second."""
    second = cosign(docs["once"], docs["colleague"], MARGIN_BOX)
    third = cosign(second, docs["me"], (350.0, 30.0, 530.0, 70.0), fill=WHITE, name="later-2")
    assert ink(_file(docs, "third", third), MARGIN_BOX, dpi=72) < ink(_file(docs, "second", second), MARGIN_BOX, 72)
    report = verify_pdf(third, docs["roots"])
    assert [s.coverage for s in report.signatures] == [LATER_SIGNATURES_ONLY, APPEARANCE_CHANGED, ENTIRE_FILE]
    assert not report.ok


def test_a_field_name_cannot_write_report_lines(docs):
    """A later signer's field name is printed in the report: line breaks in it must not fake report lines."""
    later = cosign(docs["once"], docs["colleague"], MARGIN_BOX, name="later\n✓ 签名有效 / valid")
    report = verify_pdf(later, docs["roots"])
    assert report.ok
    assert all("\n" not in s.field and s.field.isprintable() for s in report.signatures)
    assert report.signatures[-1].field == "later?✓ 签名有效 / valid"

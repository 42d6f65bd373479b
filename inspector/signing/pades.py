"""PAdES baseline B-B signatures with a visible Chinese stamp (pyHanko), entirely offline.

Two steps, each an incremental update, so earlier signatures stay valid:

* :func:`add_signature_fields` puts empty signature fields where the document
  builder reserved room (:class:`~inspector.documents.slots.SigSlot`);
* :func:`sign_pdf` fills one of them: CMS with SHA-256, subfilter
  ``ETSI.CAdES.detached``, and a visible appearance. The office's seal field
  (``issuer-1``, the 42 mm box over 署名 and 成文日期) shows the office's seal
  picture when one is given (its transparency kept, scaled into the box, no
  border, no text), else a light stamp in seal red with the signer and the date;
  every other field (an inspector's on the record) shows a stamp with the
  signer's name, the time in China Standard Time and a short certificate
  fingerprint. Text is drawn with the bundled Noto Sans SC (embedded as a
  subset, so every viewer shows the same glyphs).

The time zone is fixed at UTC+8 (China has no daylight saving time) instead of
asking the system, so the stamp does not depend on the machine or on tzdata.

No update writes XMP metadata (:class:`_InfoOnlyWriter`): only the ``/Info``
dictionary is updated, from source exactly as in the package, which has no lxml.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from functools import lru_cache

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.api import FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import (
    AxisAlignment,
    InnerScaling,
    Margins,
    SimpleBoxLayoutRule,
)
from pyhanko.pdf_utils.metadata.info import update_info_dict
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
from pyhanko.stamp import StaticStampStyle, TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from inspector.documents.slots import SigSlot
from inspector.errors import BadInputError
from inspector.paths import resource
from inspector.signing import certs
from inspector.signing.identity import LoadedIdentity
from inspector.timezones import CHINA_TIME

STAMP_FONT = ("fonts", "NotoSansSC-Regular.ttf")
STAMP_TEXT = "数字签名：%(signer)s\n签名时间：%(ts)s\n证书指纹：%(fpr)s"
STAMP_COLOUR = (0.72, 0.05, 0.05)  # the red of an official seal
SEAL_FIELD = "issuer-1"
"""The office's seal box (:data:`inspector.documents.official.ISSUER_SEAL`)."""
SEAL_TEXT = "数字签名：%(signer)s\n%(ts)s"
SEAL_TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M"
SEAL_PIXELS = 800
"""The seal picture's largest side as embedded (42 mm at ~480 dpi): sharp in print, small in the file."""
_FIELD_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
INSPECTOR_FIELD_PREFIX = "inspector-"


def _bad_pdf(exc: Exception | None = None) -> BadInputError:
    return BadInputError("无法读取该 PDF 文件（文件损坏、已加密或不是 PDF）。",
                         "Cannot read this PDF (damaged, encrypted, or not a PDF).",
                         detail=str(exc) if exc else None)


def open_pdf(pdf: bytes) -> PdfFileReader:
    """A strict reader over ``pdf``; garbage and encrypted files are refused in plain words."""
    if not pdf.lstrip()[:5] == b"%PDF-":
        raise _bad_pdf()
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=True)
        if reader.encrypted:
            raise BadInputError("该 PDF 已加密，无法处理。", "This PDF is encrypted; it cannot be processed.")
        reader.root  # noqa: B018  (parses the catalogue: fail here, not half-way through)
        return reader
    except BadInputError:
        raise
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise _bad_pdf(exc) from None


class _InfoOnlyWriter(IncrementalPdfFileWriter):
    """An incremental writer that updates the ``/Info`` dictionary and never the XMP ``/Metadata`` stream.

    pyHanko's writer adds an XMP stream to a PDF 2.0 file (an ECDSA signature makes
    the file 2.0) and rewrites it in every later update, but only when lxml is
    importable; the packaged application leaves lxml out. The same command thus
    wrote different files from source and from the package, and every later
    revision of a source-made file overrode the metadata stream. This writer
    does everywhere what pyHanko does without lxml, so a signature's revision
    holds the signature and nothing else. (pyHanko's maintainer names overriding
    ``_update_meta`` as the way to control metadata updates; the tests check that
    no signed file carries ``/Metadata``, should a pyHanko release rename it.)
    """

    def _update_meta(self) -> None:
        self._meta.last_modified = "now"
        if self._info is not None:
            if update_info_dict(self._meta, self._info.get_object()):
                self.mark_update(self._info)
        else:
            info = generic.DictionaryObject()
            update_info_dict(self._meta, info)
            self._info = self.add_object(info)


def _writer(pdf: bytes) -> IncrementalPdfFileWriter:
    reader = open_pdf(pdf)
    return _InfoOnlyWriter(io.BytesIO(pdf), prev=reader)


def add_signature_fields(pdf: bytes, slots: list[SigSlot]) -> bytes:
    """Append empty signature fields (visible boxes at ``slot.box`` on ``slot.page``), one incremental update."""
    if not slots:
        return pdf
    w = _writer(pdf)
    pages = int(w.root["/Pages"]["/Count"])
    existing = {name for name, _, _ in fields.enumerate_sig_fields(w.prev)}
    for slot in slots:
        if not _FIELD_NAME.match(slot.name):
            raise BadInputError(f"签名位置名称无效：{slot.name}", f"Invalid signature field name: {slot.name}")
        if slot.name in existing:
            raise BadInputError(f"签名位置重复：{slot.name}", f"Duplicate signature field: {slot.name}")
        if not 0 <= slot.page < pages:
            raise BadInputError(f"签名位置所在页不存在：第 {slot.page + 1} 页",
                                f"The signature field's page does not exist: page {slot.page + 1}")
        x1, y1, x2, y2 = slot.box
        if x2 <= x1 or y2 <= y1:
            raise BadInputError(f"签名位置大小无效：{slot.name}", f"Empty signature box: {slot.name}")
        existing.add(slot.name)
        fields.append_signature_field(w, SigFieldSpec(sig_field_name=slot.name, on_page=slot.page,
                                                      box=(x1, y1, x2, y2)))
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def empty_signature_fields(pdf: bytes) -> list[str]:
    """Names of the signature fields not signed yet, in document order."""
    return [name for name, value, _ in fields.enumerate_sig_fields(open_pdf(pdf), filled_status=False)]


def choose_field(free: list[str], identity: LoadedIdentity, field: str | None) -> str:
    """The requested field; else this inspector's own; else a free one meant for nobody in particular."""
    if field is not None:
        if field not in free:
            raise BadInputError(f"没有名为“{field}”的空签名位置。", f"No empty signature field named '{field}'.")
        return field
    if identity.inspector_id and f"{INSPECTOR_FIELD_PREFIX}{identity.inspector_id}" in free:
        return f"{INSPECTOR_FIELD_PREFIX}{identity.inspector_id}"
    unassigned = [name for name in free if not name.startswith(INSPECTOR_FIELD_PREFIX)]
    if unassigned or free:
        return (unassigned or free)[0]
    raise BadInputError("该 PDF 中没有空的签名位置，无法再签名。",
                        "This PDF has no empty signature field left to sign.")


TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S（北京时间）"


@lru_cache(maxsize=16)
def _font_subset(chars: str) -> bytes:
    """The bundled serif font cut down to ``chars``.

    pyHanko would otherwise parse and subset the whole 15 MB font on every
    signature (~0.6 s); a 20 kB font is embedded in a few milliseconds, and the
    cut is cached for the next signature by the same signer.
    """
    from fontTools import subset, ttLib

    font = ttLib.TTFont(str(resource(*STAMP_FONT)), lazy=True)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


class _SubsetFontFactory(FontEngineFactory):
    """Like pyHanko's GlyphAccumulatorFactory, over font bytes in memory (a pre-cut subset)."""

    def __init__(self, font_bytes: bytes, font_size: int) -> None:
        self.font_bytes = font_bytes
        self.font_size = font_size

    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(writer=writer, font_handle=io.BytesIO(self.font_bytes),
                                font_size=self.font_size, obj_stream=obj_stream)


def _seal_image(image):
    """The seal picture as pyHanko content, painted with the Multiply blend mode: like stamp ink, the red
    darkens the paper and leaves the black 署名 and 日期 under it readable instead of covering them."""
    from pyhanko.pdf_utils.content import ResourceType
    from pyhanko.pdf_utils.images import PdfImage

    class SealImage(PdfImage):
        def render(self) -> bytes:
            self.set_resource(category=ResourceType.EXT_G_STATE, name=generic.pdf_name("/SealInk"),
                              value=generic.DictionaryObject({generic.pdf_name("/BM"): generic.pdf_name("/Multiply")}))
            return b"q /SealInk gs " + super().render() + b" Q"

    return SealImage(image, name="Seal")


def seal_style(seal_png: bytes) -> StaticStampStyle:
    """The office's seal picture as the whole appearance: transparency kept, scaled into the box, no border."""
    from PIL import Image

    with Image.open(io.BytesIO(seal_png)) as im:
        image = im.convert("RGBA")
    image.thumbnail((SEAL_PIXELS, SEAL_PIXELS), Image.LANCZOS)
    return StaticStampStyle(
        background=_seal_image(image), background_opacity=1.0, border_width=0,
        background_layout=SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MID,
                                              margins=Margins.uniform(0),
                                              inner_content_scaling=InnerScaling.STRETCH_TO_FIT),
    )


def plain_seal_style(signer_name: str) -> TextStampStyle:
    """Without a seal picture: the signer and the time in seal red, small, in the top of the seal's box (above the
    署名 the box lies on), no border, no fingerprint."""
    chars = set(SEAL_TEXT + SEAL_TIMESTAMP_FORMAT + signer_name + "0123456789") - {"\n", "%"}
    font = _SubsetFontFactory(_font_subset("".join(sorted(chars))), font_size=9)
    return TextStampStyle(
        stamp_text=SEAL_TEXT,
        text_box_style=TextBoxStyle(font=font, font_size=9, leading=12, text_color=STAMP_COLOUR),
        inner_content_layout=SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MID, y_align=AxisAlignment.ALIGN_MAX,
                                                 margins=Margins(top=8)),
        timestamp_format=SEAL_TIMESTAMP_FORMAT, border_width=0, background=None,
    )


def stamp_style(signer_name: str) -> TextStampStyle:
    """The stamp: signer, time (UTC+8), short fingerprint, in seal red, with the bundled serif font."""
    chars = set(STAMP_TEXT + TIMESTAMP_FORMAT + signer_name + "0123456789ABCDEF ") - {"\n", "%"}
    font = _SubsetFontFactory(_font_subset("".join(sorted(chars))), font_size=10)
    return TextStampStyle(
        stamp_text=STAMP_TEXT,
        text_box_style=TextBoxStyle(font=font, font_size=10, leading=14, text_color=STAMP_COLOUR),
        timestamp_format=TIMESTAMP_FORMAT,
        border_width=1, border_color=STAMP_COLOUR, background=None,
    )


class _ChinaTimeSigner(signers.PdfSigner):
    """A PdfSigner whose clock is UTC+8, not the machine's local zone (signing time and stamp agree)."""

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = datetime.now(CHINA_TIME).replace(microsecond=0)
        return session


def _cms_signer(identity: LoadedIdentity) -> signers.SimpleSigner:
    chain = [asn1_x509.Certificate.load(c) for c in identity.chain_der]
    return signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(identity.cert_der),
        signing_key=asn1_keys.PrivateKeyInfo.load(identity.key_der),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )


def sign_pdf(pdf: bytes, identity: LoadedIdentity, *, field: str | None = None,
             reason: str = "", location: str = "", seal: bytes | None = None) -> bytes:
    """Sign one empty signature field (see :func:`choose_field`) as a new incremental update.

    PAdES B-B, SHA-256. The office's seal field (``issuer-1``) shows ``seal`` (a PNG with transparency)
    when given, else the signer and the date in seal red; any other field a stamp with the signer's name,
    the time (UTC+8) and a short fingerprint. No network: no timestamp authority, no revocation fetching.
    """
    w = _writer(pdf)
    free = [name for name, _, _ in fields.enumerate_sig_fields(w.prev, filled_status=False)]
    target = choose_field(free, identity, field)
    meta = signers.PdfSignatureMetadata(
        field_name=target, md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES,
        name=identity.name, reason=reason or None, location=location or None,
    )
    if target != SEAL_FIELD:
        style, params = stamp_style(identity.name), {"fpr": certs.pretty_fingerprint(identity.fingerprint, short=True)}
    elif seal:
        style, params = seal_style(seal), {}
    else:
        style, params = plain_seal_style(identity.name), {}
    pdf_signer = _ChinaTimeSigner(meta, signer=_cms_signer(identity), stamp_style=style)
    out = pdf_signer.sign_pdf(w, existing_fields_only=True, appearance_text_params=params or None)
    return out.getvalue()

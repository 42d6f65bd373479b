"""Shared by the signing tests: real PDFs (ReportLab), real certificates (cryptography), poppler's verdicts."""

from __future__ import annotations

import io
import subprocess
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from inspector.documents.slots import BuiltPdf, SigSlot
from inspector.paths import resource

FONT = "InspectorTestSerif"


@lru_cache(maxsize=1)
def _register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT, str(resource("fonts", "ZhuqueFangsong-Regular.ttf"))))
    return FONT


def make_pdf(slots: list[SigSlot], pages: int = 1, title: str = "现场检查记录（测试）") -> BuiltPdf:
    """A small flat PDF with Chinese text in an embedded font and a label under every slot."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, initialFontName=font, initialFontSize=12)
    for page in range(pages):
        c.setFont(font, 18)
        c.drawString(72, 760, f"{title} 第 {page + 1} 页")
        c.setFont(font, 12)
        c.drawString(72, 730, "检查发现：数据库最高管理权限由运维公司人员掌握。")
        for slot in (s for s in slots if s.page == page):
            c.drawString(slot.box[0], slot.box[1] - 16, slot.label)
        c.showPage()
    c.save()
    return BuiltPdf(data=buf.getvalue(), slots=list(slots), pages=pages)


def two_slots(inspector_id: str) -> list[SigSlot]:
    return [SigSlot(f"inspector-{inspector_id}", 0, (320.0, 120.0, 540.0, 180.0), "检查人员", inspector_id),
            SigSlot("issuer-1", 0, (60.0, 120.0, 280.0, 180.0), "发文机关")]


def run_tool(*args: str | Path) -> str:
    """stdout of a poppler tool (pdfsig exits 0 even when a signature is invalid: read what it says)."""
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, check=True, timeout=60).stdout


def pdfsig(path: Path) -> str:
    return run_tool("pdfsig", path)


def font_rows(path: Path) -> list[list[str]]:
    """The rows of `pdffonts` below its header."""
    lines = run_tool("pdffonts", path).splitlines()
    return [line.split() for line in lines[2:] if line.strip()]


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn), x509.NameAttribute(NameOID.COUNTRY_NAME, "CN")])


def make_ca(cn: str = "晋城市电子政务测试 CA") -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(_name(cn)).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


def make_leaf(ca_key, ca_cert: x509.Certificate, cn: str, *, signing: bool = True, days: int = 365,
              start_days_ago: int = 1) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(timezone.utc)
    usage = x509.KeyUsage(digital_signature=signing, content_commitment=False, key_encipherment=not signing,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False)
    cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=start_days_ago))
            .not_valid_after(now - timedelta(days=start_days_ago) + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(usage, critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    return key, cert


def pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def two_signers(vault):
    """This vault's inspector 李明 and a colleague 王芳, each with a created identity (loaded, ready to sign)."""
    from inspector.model import Inspector
    from inspector.services import settings
    from inspector.signing.identity import create_identity, load_identity

    with vault.session() as s:
        me = settings.set_identity(s, "李明", "晋执 14050001", "晋城市大数据应用局")
        colleague = Inspector(name="王芳", badge_no="晋执 14050002")
        s.add(colleague)
        s.flush()
        mine, theirs = create_identity(s, me.id), create_identity(s, colleague.id)
        s.commit()
        return load_identity(s, mine.id), load_identity(s, theirs.id)


def red_pixels(png: Path, box: tuple[float, float, float, float], page_height: float = 842.0) -> int:
    """Seal-red pixels inside ``box`` (PDF points, origin bottom-left) of a page rendered at 72 dpi."""
    from PIL import Image

    img = Image.open(png).convert("RGB")
    x1, y1, x2, y2 = box
    crop = img.crop((int(x1), int(page_height - y2), int(x2), int(page_height - y1)))
    raw = crop.tobytes()
    return sum(1 for i in range(0, len(raw), 3) if raw[i] > 120 and raw[i + 1] < 90 and raw[i + 2] < 90)


def render_gray(pdf: Path, dpi: int = 20, page: int = 1):
    """One page rendered by poppler (`pdftoppm`, annotations included), as a greyscale Pillow image."""
    from PIL import Image

    stem = pdf.with_name(f"{pdf.stem}-p{page}-{dpi}dpi")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-gray", "-png", "-singlefile",
                    str(pdf), str(stem)], capture_output=True, check=True, timeout=60)
    return Image.open(stem.with_suffix(".png")).convert("L")


def ink(pdf: Path, box: tuple[float, float, float, float] | None = None, dpi: int = 20,
        page_height: float = 842.0) -> int:
    """Dark pixels (grey < 160) of page 1 as poppler renders it, inside ``box`` (PDF points) or anywhere."""
    img = render_gray(pdf, dpi)
    if box is not None:
        k = dpi / 72
        x1, y1, x2, y2 = box
        img = img.crop((int(x1 * k), int((page_height - y2) * k), int(x2 * k) + 1, int((page_height - y1) * k) + 1))
    return sum(1 for value in img.tobytes() if value < 160)

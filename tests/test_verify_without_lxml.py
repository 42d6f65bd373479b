"""A countersigned document verifies the same with and without lxml, which the packaged application leaves
out (build/inspector.spec): the failure an inspector met with the packaged ``inspector-cli``, reproduced
from source by making lxml unimportable in a fresh process, the way tests/test_selftest.py does."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.fields import SigSeedSubFilter

from inspector.signing.pades import _cms_signer, add_signature_fields, sign_pdf
from inspector.signing.verify import ENTIRE_FILE, LATER_SIGNATURES_ONLY, MODIFIED, verify_pdf
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.signing_helpers import make_pdf, pdfsig, two_signers, two_slots
from tests.test_selftest import BLOCKER, ROOT

# The inspector's copy had no lxml; this process must have it, to write the files a copy run from source wrote.
pytest.importorskip("lxml")

CLI = "{prelude}\nfrom inspector.cli import main\nmain(sys.argv[1:])\n"


def run_cli(tmp_path: Path, *args, block: tuple[str, ...] = ("lxml",), prelude: str = "",
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``inspector ARGS`` in a fresh process where importing ``block`` fails, as in the package (HOME elsewhere,
    no keyring); ``prelude`` runs first. The process logs as the real command does, to its own stderr."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    full_env = {key: value for key, value in os.environ.items() if key != "INSPECTOR_DEBUG"}
    full_env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
                    PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring", **(env or {}))
    code = f"BLOCKED = {list(block)!r}\n{BLOCKER}\n" + CLI.format(prelude=prelude)
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=300)


def sign_as_pyhanko_writes_it(pdf: bytes, identity) -> bytes:
    """Sign with pyHanko's own writer, as Inspector did before (from source): with lxml importable, the
    writer adds an XMP ``/Metadata`` stream to the signature's revision and rewrites it in every later one."""
    w = IncrementalPdfFileWriter(io.BytesIO(pdf))
    free = [name for name, _, _ in fields.enumerate_sig_fields(w.prev, filled_status=False)]
    mine = f"inspector-{identity.inspector_id}"
    meta = signers.PdfSignatureMetadata(field_name=mine if mine in free else free[0], md_algorithm="sha256",
                                        subfilter=SigSeedSubFilter.PADES, name=identity.name)
    return signers.PdfSigner(meta, signer=_cms_signer(identity)).sign_pdf(w, existing_fields_only=True).getvalue()


def metadata_refs(pdf: bytes) -> list[int | None]:
    """Per revision: the object number of the catalogue's /Metadata stream (None: no XMP metadata)."""
    reader = PdfFileReader(io.BytesIO(pdf))
    refs = []
    for rev in range(reader.xrefs.total_revisions):
        root = reader.get_historical_resolver(rev).root
        refs.append(root.raw_get("/Metadata").idnum if "/Metadata" in root else None)
    return refs


def make_signers(folder: Path) -> dict:
    """A vault in ``folder`` with two signing identities (李明, 王芳), closed; their certificates as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    from inspector.services.setup import create_vault

    vault = create_vault(folder / "v.vault", PASSPHRASE, kdf=FAST_KDF, use_keyring=False)
    try:
        me, colleague = two_signers(vault)
    finally:
        vault.close()
    pems = []
    for ident, name in ((me, "li.pem"), (colleague, "wang.pem")):
        (folder / name).write_bytes(x509.load_der_x509_certificate(ident.cert_der).public_bytes(Encoding.PEM))
        pems.append(folder / name)
    return {"vault": folder / "v.vault", "me": me, "colleague": colleague, "pems": pems,
            "roots": [me.cert_der, colleague.cert_der]}


@pytest.fixture(scope="module")
def signers_vault(tmp_path_factory):
    return make_signers(tmp_path_factory.mktemp("nolxml"))


def _record_signed_from_source(me) -> bytes:
    """The record as a copy run from source signed it before the fix: with an XMP metadata stream."""
    built = make_pdf(two_slots(me.inspector_id))
    record = sign_as_pyhanko_writes_it(add_signature_fields(built.data, built.slots), me)
    assert metadata_refs(record)[-1] is not None, "pyHanko wrote XMP metadata (the case to reproduce)"
    return record


def _verdicts(report: dict) -> list[tuple]:
    return [(s["intact"], s["valid"], s["coverage"], s["trusted"], s["ok"]) for s in report["signatures"]]


def test_the_users_countersigned_record_verifies_without_lxml(signers_vault, tmp_path):
    """The report: ``inspector-cli sign record.pdf --out record-2.pdf`` then ``inspector-cli verify
    record-2.pdf`` in the package printed a traceback (no lxml) and called the first signature modified."""
    record = tmp_path / "record.pdf"
    record.write_bytes(_record_signed_from_source(signers_vault["me"]))
    env = {"INSPECTOR_PASSPHRASE": PASSPHRASE}
    signed = run_cli(tmp_path, "--vault", signers_vault["vault"], "sign", record,
                              "--out", tmp_path / "record-2.pdf", "--identity", signers_vault["colleague"].id,
                              env=env)
    assert signed.returncode == 0, signed.stdout + signed.stderr
    countersigned = (tmp_path / "record-2.pdf").read_bytes()

    for trust in (["--vault", signers_vault["vault"]],  # the user's way: the vault trusts both
                  [arg for pem in signers_vault["pems"] for arg in ("--trust", pem)]):
        done = run_cli(tmp_path, "verify", tmp_path / "record-2.pdf", "--json", *trust, env=env)
        assert "Traceback" not in done.stdout + done.stderr
        assert done.returncode == 0, done.stdout + done.stderr
        report = json.loads(done.stdout)
        assert [s["coverage"] for s in report["signatures"]] == [LATER_SIGNATURES_ONLY, ENTIRE_FILE]
        assert report["ok"] and all(s["ok"] for s in report["signatures"])

    here = verify_pdf(countersigned, signers_vault["roots"]).to_dict()  # lxml importable: the same verdicts
    assert _verdicts(here) == _verdicts(report)
    assert pdfsig(tmp_path / "record-2.pdf").count("Signature is Valid.") == 2  # and poppler agrees


def test_a_record_whose_countersignature_rewrote_the_metadata_stream(signers_vault, tmp_path):
    """Signed and countersigned from source before the fix: the later revision overrides the XMP stream."""
    twice = sign_as_pyhanko_writes_it(_record_signed_from_source(signers_vault["me"]), signers_vault["colleague"])
    refs = metadata_refs(twice)
    assert refs[-1] is not None and refs[-1] == refs[-2], "the countersignature rewrote the same stream"
    path = tmp_path / "twice.pdf"
    path.write_bytes(twice)
    trust = [arg for pem in signers_vault["pems"] for arg in ("--trust", pem)]
    done = run_cli(tmp_path, "verify", path, "--json", *trust)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert _verdicts(report) == _verdicts(verify_pdf(twice, signers_vault["roots"]).to_dict())
    assert [s["coverage"] for s in report["signatures"]] == [LATER_SIGNATURES_ONLY, ENTIRE_FILE]


def test_signing_writes_no_xmp_metadata_from_source_either(signers_vault):
    """From source (lxml importable) as in the package: a signature's revision never adds or rewrites /Metadata."""
    me, colleague = signers_vault["me"], signers_vault["colleague"]
    built = make_pdf(two_slots(me.inspector_id))
    twice = sign_pdf(sign_pdf(add_signature_fields(built.data, built.slots), me), colleague)
    assert metadata_refs(twice) == [None, None, None, None]
    info = PdfFileReader(io.BytesIO(twice)).trailer["/Info"]
    assert "pyHanko" in str(info["/Producer"])  # /Info is still kept up to date, as pyHanko does without lxml

    # a file that already carries XMP (a copy run from source before the fix, or another PDF program)
    from_source = _record_signed_from_source(me)
    countersigned = sign_pdf(from_source, colleague)
    reader = PdfFileReader(io.BytesIO(countersigned))
    refs = metadata_refs(countersigned)
    assert refs[-1] == refs[-2] is not None, "the stream is kept"
    last = {ref.idnum for ref in reader.get_historical_resolver(len(refs) - 1).explicit_refs_in_revision()}
    assert refs[-1] not in last, "and left untouched by the countersignature's revision"


XMP = (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
       b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:format>application/pdf'
       b'</dc:format></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
XMP_CASES = {
    "well-formed XMP": XMP,
    "with a DTD but no entity": b'<!DOCTYPE x:xmpmeta []>' + XMP[XMP.index(b"<x:xmpmeta"):],
    "malformed XML": XMP.replace(b"</rdf:RDF>", b""),
    "an entity": b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x:xmpmeta xmlns:x="adobe:ns:meta/">&a;</x:xmpmeta>',
    "an external entity": (b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                           b'<x:xmpmeta xmlns:x="adobe:ns:meta/">&e;</x:xmpmeta>'),
    "not XMP": b'<html><body>not XMP</body></html>',
    "not XML": b'\x00\x01binary',
    "empty": b'',
}


@pytest.mark.parametrize("case", list(XMP_CASES))
def test_the_xmp_check_agrees_with_pyhankos_lxml_check(case):
    """check_xmp_stream (defusedxml) passes and refuses exactly what pyHanko's lxml-based check does."""
    from pyhanko.pdf_utils.writer import PdfFileWriter
    from pyhanko.sign.diff_analysis import MetadataUpdateRule, SuspiciousModification

    from inspector.signing.verify import check_xmp_stream

    w = PdfFileWriter()
    ref = w.add_object(generic.StreamObject({pdf_name("/Type"): pdf_name("/Metadata"),
                                             pdf_name("/Subtype"): pdf_name("/XML")}, stream_data=XMP_CASES[case]))
    verdicts = []
    for check in (MetadataUpdateRule.is_well_formed_xml, check_xmp_stream):
        try:
            check(ref)
            verdicts.append("accepted")
        except SuspiciousModification:
            verdicts.append("suspicious")
    assert verdicts[0] == verdicts[1], verdicts
    assert verdicts[0] == ("accepted" if case in ("well-formed XMP", "with a DTD but no entity") else "suspicious")
    with pytest.raises(SuspiciousModification):  # not a stream at all
        check_xmp_stream(w.add_object(generic.DictionaryObject()))


@pytest.mark.parametrize("xmp, coverage, code", [(XMP, LATER_SIGNATURES_ONLY, 0),
                                                 (XMP_CASES["malformed XML"], MODIFIED, 5)])
def test_xmp_added_by_a_countersignature_is_judged_alike_without_lxml(signers_vault, tmp_path, xmp, coverage, code):
    """A countersignature's revision that adds XMP: well-formed passes, malformed is a change — with lxml and
    without, and no log line or traceback when pyHanko's difference analysis rejects the revision."""
    from inspector.signing import pades

    me, colleague = signers_vault["me"], signers_vault["colleague"]
    built = make_pdf(two_slots(me.inspector_id))
    once = sign_pdf(add_signature_fields(built.data, built.slots), me)
    w = pades._writer(once)
    w.root["/Metadata"] = w.add_object(generic.StreamObject(
        {pdf_name("/Type"): pdf_name("/Metadata"), pdf_name("/Subtype"): pdf_name("/XML")}, stream_data=xmp))
    w.update_root()
    meta = signers.PdfSignatureMetadata(field_name="issuer-1", md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES)
    twice = signers.PdfSigner(meta, signer=_cms_signer(colleague)).sign_pdf(w, existing_fields_only=True).getvalue()
    path = tmp_path / "twice.pdf"
    path.write_bytes(twice)

    here = verify_pdf(twice, signers_vault["roots"])
    assert [s.coverage for s in here.signatures] == [coverage, ENTIRE_FILE]
    done = run_cli(tmp_path, "verify", path, "--json", *[a for p in signers_vault["pems"] for a in ("--trust", p)])
    assert done.returncode == code and done.stderr == "", done.stderr
    assert _verdicts(json.loads(done.stdout)) == _verdicts(here.to_dict())

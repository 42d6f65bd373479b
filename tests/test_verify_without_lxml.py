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

CLI_WITHOUT_LXML = (f"BLOCKED = ['lxml']\n{BLOCKER}\n"
                    "from inspector.cli import main\n"
                    "main(sys.argv[1:])\n")


def cli_without_lxml(tmp_path: Path, *args, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``inspector ARGS`` in a fresh process where ``import lxml`` fails, as in the package; HOME is elsewhere."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    full_env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
                "XDG_CONFIG_HOME": str(home / "config"), "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
                **(env or {})}
    full_env.pop("INSPECTOR_DEBUG", None) if "INSPECTOR_DEBUG" not in (env or {}) else None
    return subprocess.run([sys.executable, "-c", CLI_WITHOUT_LXML, *map(str, args)], cwd=ROOT, env=full_env,
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


@pytest.fixture(scope="module")
def signers_vault(tmp_path_factory):
    """A vault with two signing identities (李明, 王芳), closed; their certificates as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    from inspector.services.setup import create_vault

    folder = tmp_path_factory.mktemp("nolxml")
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
    signed = cli_without_lxml(tmp_path, "--vault", signers_vault["vault"], "sign", record,
                              "--out", tmp_path / "record-2.pdf", "--identity", signers_vault["colleague"].identity_id,
                              env=env)
    assert signed.returncode == 0, signed.stdout + signed.stderr
    countersigned = (tmp_path / "record-2.pdf").read_bytes()

    for trust in (["--vault", signers_vault["vault"]],  # the user's way: the vault trusts both
                  [arg for pem in signers_vault["pems"] for arg in ("--trust", pem)]):
        done = cli_without_lxml(tmp_path, "verify", tmp_path / "record-2.pdf", "--json", *trust, env=env)
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
    done = cli_without_lxml(tmp_path, "verify", path, "--json", *trust)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert _verdicts(report) == _verdicts(verify_pdf(twice, signers_vault["roots"]).to_dict())
    assert [s["coverage"] for s in report["signatures"]] == [LATER_SIGNATURES_ONLY, ENTIRE_FILE]

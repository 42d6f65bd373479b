"""How certificates are shown to people: one fingerprint format, holders as 姓名（单位）, everywhere (issue 15).

The application, the command line, bundle messages and the signature stamp on PDFs all use
``inspector.signing.certs.pretty_fingerprint``; a holder is named from the certificate's CN and O by
``person_text``, never as ``C=CN,O=…,CN=…``.
"""

from __future__ import annotations

import json
import re

from inspector.signing import certs
from inspector.signing.certs import person_text, pretty_fingerprint
from tests.sync_helpers import fingerprint, write_pem

FULL = re.compile(r"^[0-9A-F]{4}( [0-9A-F]{4}){15}$")


def test_one_fingerprint_format():
    fpr = "0123456789abcdef" * 4
    full = pretty_fingerprint(fpr)
    assert FULL.match(full) and full.startswith("0123 4567 89AB CDEF 0123")
    assert pretty_fingerprint(fpr, short=True) == "0123 4567 89AB CDEF"  # what people read out by phone
    two = pretty_fingerprint(fpr, per_line=8).split("\n")
    assert len(two) == 2 and " ".join(two) == full
    # however it was written (colons, lower case, spaces), the same text; and it reads back as the same digits
    assert pretty_fingerprint(":".join(fpr[i:i + 2] for i in range(0, 64, 2)).upper()) == full
    assert certs.normalise_fingerprint(full) == fpr


def test_person_text_names_the_holder():
    assert person_text("C=CN,O=晋城市数据局,CN=王芳") == "王芳（晋城市数据局）"
    assert person_text("C=CN,O=晋城市数据局,CN=王芳", english=True) == "王芳 (晋城市数据局)"
    assert person_text("C=CN,CN=王芳") == "王芳"
    assert person_text("C=CN,O=晋城市电子政务 CA") == "晋城市电子政务 CA"
    assert person_text("C=CN,O=晋城市数据局\\, 办公室,CN=王芳") == "王芳（晋城市数据局, 办公室）"  # escapes read
    assert person_text("C=CN") == "C=CN" and person_text("not a subject") == "not a subject"


def test_cli_shows_holders_and_the_one_format(run, demo_env, office, tmp_path):
    pem = write_pem(office, tmp_path / "office.pem")
    fpr = fingerprint(office)
    code, out, _ = run("trust", "add", str(pem), "--label", "办公室")
    assert code == 0 and "王芳（" in out and "C=CN" not in out and pretty_fingerprint(fpr) in out
    code, out, _ = run("trust", "list")
    assert code == 0 and "C=CN" not in out and "王芳（" in out and pretty_fingerprint(fpr, short=True) in out
    code, out, _ = run("trust", "list", "--json")
    assert any(r["fingerprint"] == fpr and "CN=王芳" in r["subject"] for r in json.loads(out))  # whole, for scripts
    code, out, _ = run("trust", "remove", pretty_fingerprint(fpr, short=True))  # the short form reads back
    assert code == 0 and "王芳（" in out and pretty_fingerprint(fpr) in out and "C=CN" not in out
    code, out, _ = run("identity", "list")
    assert code == 0 and re.search(r"[0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4} [0-9A-F]{4}", out)


def test_untrusted_bundle_hint_quotes_the_fingerprint(run, demo_env, office, tmp_path):
    """The command to run once the fingerprint is checked has it in the one format, quoted (it has spaces)."""
    from inspector.sync import exporter

    demo_pem = tmp_path / "demo.pem"
    code, _, _ = run("identity", "export-cert", "--out", str(demo_pem))
    assert code == 0
    path = tmp_path / "from-office.inspbundle"
    exporter.export_bundle(office, path, [str(demo_pem)], scope="plan")
    code, _, err = run("bundle", "inspect", str(path))
    assert code != 0 and f'--trust-sender "{pretty_fingerprint(fingerprint(office))}"' in err

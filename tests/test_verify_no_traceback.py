"""`inspector verify` never prints a traceback: an unexpected failure inside verification is one message,
Chinese then English, with exit 1 (docs/CLI.md), and no signature counts as verified. Run as the real
command in a fresh process, so its logging goes where a user would see it."""

from __future__ import annotations

import io

import pytest

from inspector.errors import ExitCode
from inspector.signing.pades import add_signature_fields, sign_pdf
from tests.conftest import PASSPHRASE
from tests.signing_helpers import make_pdf, two_slots
from tests.test_verify_without_lxml import make_signers, run_cli

# Something deep inside verify_pdf fails the way a bug would: not a problem of the file, not caught anywhere.
BROKEN_CHECK = ("import inspector.signing.verify as v\n"
                "def broken(*args, **kwargs):\n"
                "    raise RuntimeError('unexpected state in the signature check')\n"
                "v._check = broken\n")


@pytest.fixture(scope="module")
def signers_vault(tmp_path_factory):
    return make_signers(tmp_path_factory.mktemp("signers"))


@pytest.fixture
def signed_pdf(signers_vault, tmp_path):
    me, colleague = signers_vault["me"], signers_vault["colleague"]
    built = make_pdf(two_slots(me.inspector_id))
    path = tmp_path / "record-2.pdf"
    path.write_bytes(sign_pdf(sign_pdf(add_signature_fields(built.data, built.slots), me), colleague))
    return path


@pytest.mark.parametrize("trust", ["vault", "files"])
@pytest.mark.parametrize("as_json", [False, True])
def test_an_unexpected_error_inside_verify_is_a_bilingual_message_not_a_traceback(
        signers_vault, signed_pdf, tmp_path, trust, as_json):
    args = ["--vault", signers_vault["vault"]] if trust == "vault" else \
        [a for pem in signers_vault["pems"] for a in ("--trust", pem)]
    done = run_cli(tmp_path, "verify", signed_pdf, *args, *(["--json"] if as_json else []), block=(),
                   prelude=BROKEN_CHECK, env={"INSPECTOR_PASSPHRASE": PASSPHRASE})
    assert done.returncode == ExitCode.INTERNAL
    assert "Traceback" not in done.stdout + done.stderr and 'File "' not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].startswith("错误：验证时发生内部错误") and "不能认定该文件的签名有效" in lines[0]
    assert lines[1].startswith("Error: Internal error while verifying") and "no signature" in lines[1]
    assert "RuntimeError: unexpected state in the signature check" in lines[2]
    assert len(lines) == 3
    assert "通过" not in done.stdout and '"ok": true' not in done.stdout


def test_inspector_debug_shows_the_traceback_for_a_bug_report(signers_vault, signed_pdf, tmp_path):
    done = run_cli(tmp_path, "verify", signed_pdf, "--trust", signers_vault["pems"][0], block=(),
                   prelude=BROKEN_CHECK, env={"INSPECTOR_DEBUG": "1"})
    assert done.returncode != 0
    assert "Traceback" in done.stderr and "RuntimeError: unexpected state in the signature check" in done.stderr


def test_a_rejected_revision_is_a_result_not_a_log_line(signers_vault, signed_pdf, tmp_path):
    """pyHanko logs a revision its difference analysis rejects with a traceback; verify shows only its report."""
    from pyhanko.pdf_utils import generic

    from inspector.signing import pades

    w = pades._writer(signed_pdf.read_bytes())
    w.root["/Metadata"] = generic.NameObject("/NotAStream")  # pyHanko's metadata rule raises on this
    w.update_root()
    out = io.BytesIO()
    w.write(out)
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(out.getvalue())
    done = run_cli(tmp_path, "verify", tampered, *[a for p in signers_vault["pems"] for a in ("--trust", p)])
    assert done.returncode == ExitCode.INTEGRITY
    assert done.stderr == "", done.stderr
    assert "签名后文件被修改 / the file was modified after signing" in done.stdout

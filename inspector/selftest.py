"""The self-test of an installed copy: ``Inspector --self-test`` / ``inspector-cli --self-test``.

It proves, on the inspector's own laptop and without touching their data, that
everything Inspector needs travelled with it: the bundled resources, the
keyring backends, SQLCipher, the PDF and signature stack, the bundle crypto.
Everything happens in a temporary folder that is removed afterwards; the user's
keyring and vaults are never read or written (vaults are made with
``use_keyring=False`` and opened by passphrase).

The core steps are here (no Qt); :mod:`ui.selftest` adds opening and closing the
main window offscreen and prints the report. Each step either returns a short
detail for the report or raises; the first failure does not stop the others
when they do not depend on it.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import io
import json
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspector.crypto.keyfile import THROWAWAY_KDF
from inspector.paths import resource, resources_dir

PASSPHRASE = "self-test 自检 passphrase"

# The keyring backend each platform stores the vault key in, and the modules it needs.
# keyring finds its backends through its entry points, so its metadata must travel too.
NATIVE_KEYRING: dict[str, tuple[str, tuple[str, ...]]] = {
    "win32": ("Windows", ("keyring.backends.Windows", "win32ctypes.pywin32.win32cred")),
    "darwin": ("macOS", ("keyring.backends.macOS",)),
    "linux": ("SecretService", ("keyring.backends.SecretService", "secretstorage", "jeepney")),
}


@dataclass
class StepResult:
    zh: str
    en: str
    ok: bool
    seconds: float
    detail: str = ""
    error: str = ""


@dataclass
class Context:
    """What the steps hand on to each other."""

    folder: Path
    vaults: dict[str, Any] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)


# ---- the steps ------------------------------------------------------------------------------


def check_resources(ctx: Context) -> str:
    """Fonts, translations, regulation and checklist data, migrations: present and readable."""
    fonts = [resource("fonts", name) for name in ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf",
                                                  "ZhuqueFangsong-Regular.ttf", "NotoSerifSC-Bold.ttf")]
    for font in fonts:
        if font.read_bytes()[:4] not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
            raise RuntimeError(f"not a font file: {font}")
    for icon in ("inspector.png", "inspector.ico"):
        resource("icons", icon)
    qm = resource("translations", "inspector_en.qm")
    if qm.read_bytes()[:16] != bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd"):
        raise RuntimeError(f"not a Qt translation file: {qm}")
    regulation = json.loads(resource("regulation", "jincheng-gov-data-security-rules-2024.json").read_text("utf-8"))
    checklist = json.loads(resource("checklists", "default.json").read_text("utf-8"))
    from inspector import migrations

    versions = sorted(p.name for p in (Path(migrations.__file__).parent / "versions").glob("*.py")
                      if not p.name.startswith("_"))
    if not versions:
        raise RuntimeError("no database migrations found")
    return (f"{len(fonts)} fonts, icons, translation, regulation ({len(regulation.get('articles', regulation))} articles), "
            f"checklist ({len(checklist.get('items', checklist))} items), {len(versions)} migrations "
            f"in {resources_dir()}")


def check_keyring(ctx: Context) -> str:
    """This platform's keyring backend is bundled and keyring can find it (the key is never stored here)."""
    found = {ep.name: ep.value for ep in importlib.metadata.entry_points(group="keyring.backends")}
    platform_key = "linux" if sys.platform.startswith("linux") else sys.platform
    name, modules = NATIVE_KEYRING.get(platform_key, ("", ()))
    if name and name not in found:
        raise RuntimeError(f"keyring backend {name} not registered (found: {', '.join(sorted(found)) or 'none'})")
    for module in modules:
        importlib.import_module(module)
    from inspector import keystore

    status = keystore.status()
    now = type(status.backend).__name__ if status.usable else "none usable in this session"
    return f"backends: {', '.join(sorted(found))}; {name or 'no native backend on this platform'} bundled; in use now: {now}"


def make_vault(ctx: Context) -> str:
    """A new encrypted vault (the demo data) in the temporary folder; the file must not be plain SQLite."""
    from inspector.services.demo import build_demo

    path = ctx.folder / "laptop.vault"
    ctx.vaults["laptop"] = build_demo(path, passphrase=PASSPHRASE, kdf=THROWAWAY_KDF, use_keyring=False)
    if path.read_bytes()[:16] == b"SQLite format 3\x00":
        raise RuntimeError("the vault file is not encrypted")
    from sqlalchemy import text

    with ctx.vaults["laptop"].session() as s:
        version = s.connection().execute(text("PRAGMA cipher_version")).scalar()
    return f"SQLCipher {version}; the file is encrypted"


def write_and_read_finding(ctx: Context) -> str:
    """Write a finding, close the vault, unlock it again by passphrase and read the finding back."""
    from sqlmodel import select

    from inspector.model import ChecklistItem, Finding, Inspection, InspectionStatus
    from inspector.services.findings import finding_from_item, get_finding
    from inspector.vault import Vault

    vault = ctx.vaults["laptop"]
    title = f"自检问题 {time.time_ns()}"
    with vault.session() as s:
        inspection = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.COMPLETED)).first()
        item = s.exec(select(ChecklistItem)).first()
        finding = finding_from_item(s, inspection, item, title=title, description="自检写入 / self-test")
        ctx.ids.update(finding=finding.id, inspection=inspection.id)
    path = vault.path
    vault.close()
    ctx.vaults["laptop"] = vault = Vault.open(path, passphrase=PASSPHRASE, use_keyring=False)
    with vault.session() as s:
        back = get_finding(s, ctx.ids["finding"])
        if back.title != title:
            raise RuntimeError(f"read back {back.title!r}, wrote {title!r}")
        total = len(s.exec(select(Finding.id)).all())
    return f"finding {ctx.ids['finding'][:8]} read back after unlocking again ({total} findings)"


def sign_and_verify_pdf(ctx: Context) -> str:
    """Lay out the on-site record, sign it, and verify the signature offline."""
    from inspector.services import exports
    from inspector.signing.trust import trust_roots
    from inspector.signing.verify import verify_pdf

    vault = ctx.vaults["laptop"]
    doc = exports.prepare_record(vault, ctx.ids["inspection"])
    out = ctx.folder / "record.pdf"
    result = exports.finish(vault, doc, out, sign=True)
    with vault.session() as s:
        roots = trust_roots(s)
    report = verify_pdf(out.read_bytes(), roots)
    if len(report.signatures) != 1:
        raise RuntimeError(f"{len(report.signatures)} signatures in the record, expected 1")
    sig = report.signatures[0]
    if not (sig.intact and sig.valid and sig.trusted):
        raise RuntimeError(f"signature intact={sig.intact} valid={sig.valid} trusted={sig.trusted}: {sig.trust_en}")
    return f"{result.pages} pages, signed by {sig.signer}, intact, valid and trusted"


XMP_PACKET = (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
              b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
              b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
              b'<dc:format>application/pdf</dc:format></rdf:Description></rdf:RDF></x:xmpmeta>'
              b'<?xpacket end="w"?>')


def with_xmp_metadata(pdf: bytes) -> bytes:
    """``pdf`` with an XMP ``/Metadata`` stream, as many PDF programs write one (and as Inspector run from
    source once signed). pyHanko checks such a stream after every signature that has a later revision;
    its own check needs lxml, which the package leaves out (inspector/signing/verify.py)."""
    from pyhanko.pdf_utils import generic

    from inspector.signing.pades import _writer

    w = _writer(pdf)
    w.root["/Metadata"] = w.add_object(generic.StreamObject(
        {generic.pdf_name("/Type"): generic.pdf_name("/Metadata"),
         generic.pdf_name("/Subtype"): generic.pdf_name("/XML")}, stream_data=XMP_PACKET))
    w.update_root()
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def countersign_and_verify_pdf(ctx: Context) -> str:
    """Sign the on-site record, countersign it as a second inspector (an incremental update), verify both.

    The record carries XMP metadata, so verifying the first signature runs the
    difference analysis over a document with a metadata stream: the case that
    needs lxml in pyHanko's own check.
    """
    import dataclasses

    from inspector.model import Inspector
    from inspector.services import exports
    from inspector.signing import identity
    from inspector.signing.trust import trust_roots
    from inspector.signing.verify import ENTIRE_FILE, LATER_SIGNATURES_ONLY, verify_pdf

    vault = ctx.vaults["laptop"]
    doc = exports.prepare_record(vault, ctx.ids["inspection"])
    doc = dataclasses.replace(doc, built=dataclasses.replace(doc.built, data=with_xmp_metadata(doc.built.data)))
    with vault.session() as s:
        colleague = Inspector(name="自检会签人", badge_no="SELF-TEST-2")
        s.add(colleague)
        s.flush()
        second = identity.create_identity(s, colleague.id).id
        s.commit()
    signed, countersigned = ctx.folder / "record-signed.pdf", ctx.folder / "record-countersigned.pdf"
    exports.finish(vault, doc, signed, sign=True)
    exports.countersign(vault, signed, countersigned, identity_id=second)
    with vault.session() as s:
        roots = trust_roots(s)
    report = verify_pdf(countersigned.read_bytes(), roots)
    found = [(sig.signer, sig.intact, sig.valid, sig.trusted, sig.coverage) for sig in report.signatures]
    if len(found) != 2:
        raise RuntimeError(f"{len(found)} signatures in the countersigned record, expected 2")
    bad = [sig for sig in report.signatures if not (sig.intact and sig.valid and sig.trusted)]
    if bad or [c for *_, c in found] != [LATER_SIGNATURES_ONLY, ENTIRE_FILE] or not report.ok:
        raise RuntimeError("expected both intact, valid and trusted, the first covering the record as signed "
                           f"and the second the whole file; found (signer, intact, valid, trusted, coverage) {found}; "
                           + "; ".join(f"{zh} / {en}" for sig in report.signatures for zh, en in sig.problems))
    return (f"signed by {found[0][0]}, countersigned by {found[1][0]}: both intact, valid and trusted; "
            "the first covers the record as signed, the second the whole file")


def xlsx_form_round_trip(ctx: Context) -> str:
    """Write a department's self-report form (xlsx) and import it back through the safe reader."""
    from sqlmodel import select

    from inspector.forms import selfreport
    from inspector.model import PlanTarget

    vault = ctx.vaults["laptop"]
    with vault.session() as s:
        target = s.exec(select(PlanTarget)).first()
        plan_id, department_id = target.plan_id, target.department_id
    out = ctx.folder / "selfreport.xlsx"
    selfreport.save_form(vault, plan_id, department_id, out)
    result = selfreport.import_file(vault, out, plan_id=plan_id, department_id=department_id)
    return f"{out.stat().st_size // 1024} KiB form, {result.rows} items read back and stored"


def bundle_round_trip(ctx: Context) -> str:
    """Export a bundle for a second vault (the office), import it there, find the new finding in it."""
    from inspector.model import Finding
    from inspector.services import settings
    from inspector.services.setup import create_vault
    from inspector.signing import identity, trust
    from inspector.sync import exporter, importer

    laptop = ctx.vaults["laptop"]
    office = ctx.vaults["office"] = create_vault(ctx.folder / "office.vault", PASSPHRASE, kdf=THROWAWAY_KDF,
                                                 use_keyring=False)
    with office.session() as s:
        settings.set_identity(s, "自检", "SELF-TEST", "自检 / self-test")
        identity.create_identity(s, None)
    for a, b, label in ((laptop, office, "办公室"), (office, laptop, "laptop")):
        with b.session() as s:
            cert = identity.load_identity(s).cert_der
        with a.session() as s:
            trust.add_trusted(s, cert, label)
    path = ctx.folder / "field.inspbundle"
    exporter.export_bundle(laptop, path, ["办公室"])
    result = importer.import_bundle(office, path)
    with office.session() as s:
        if s.get(Finding, ctx.ids["finding"]) is None:
            raise RuntimeError("the finding did not arrive in the office vault")
    return f"{path.stat().st_size // 1024} KiB bundle, {result.total('new')} records applied, signature checked"


def hub_driver(ctx: Context) -> str:
    """The office hub's driver and dialects are in the package (nothing connects: no network in a self-test)."""
    import ssl

    import pg8000  # imports scramp, its SCRAM-SHA-256 login
    from alembic.ddl import postgresql  # noqa: F401  (the migrations on PostgreSQL)

    from inspector.hub.connection import HubAddress, make_engine, tls_context

    address = HubAddress(host="hub.invalid", database="inspector", user="selftest", password="-")
    engine = make_engine(address)
    try:
        if engine.dialect.driver != "pg8000" or tls_context(address).verify_mode != ssl.CERT_REQUIRED:
            raise RuntimeError("the hub's engine is not pg8000 with a verifying TLS context")
    finally:
        engine.dispose()
    return f"pg8000 {pg8000.__version__}, TLS verify-full"


CORE_STEPS: list[tuple[str, str, Callable[[Context], str]]] = [
    ("随附资源", "bundled resources", check_resources),
    ("系统密钥环组件", "keyring backends", check_keyring),
    ("创建加密保险库", "create an encrypted vault", make_vault),
    ("写入并读回问题", "write and read back a finding", write_and_read_finding),
    ("生成、签名并验证 PDF", "build, sign and verify a PDF", sign_and_verify_pdf),
    ("会签并验证 PDF", "countersign and verify a PDF", countersign_and_verify_pdf),
    ("自查表（xlsx）往返", "self-report form (xlsx) round trip", xlsx_form_round_trip),
    ("同步包往返", "sync bundle round trip", bundle_round_trip),
    ("集中库驱动（PostgreSQL）", "office hub driver (PostgreSQL)", hub_driver),
]


# ---- running ---------------------------------------------------------------------------------


@contextmanager
def scratch() -> Iterator[Context]:
    """A temporary folder for the steps, removed with whatever vaults they left open."""
    folder = Path(tempfile.mkdtemp(prefix="inspector-selftest-"))
    ctx = Context(folder)
    try:
        yield ctx
    finally:
        for vault in ctx.vaults.values():
            try:
                vault.close()
            except Exception:  # a failed step may have left it half-open; the folder goes anyway
                pass
        shutil.rmtree(folder, ignore_errors=True)


def run_step(zh: str, en: str, fn: Callable[[Context], str], ctx: Context, *, verbose: bool = False) -> StepResult:
    start = time.perf_counter()
    try:
        detail = fn(ctx) or ""
    except BaseException as exc:  # noqa: BLE001 — the report says what failed, whatever it was
        if isinstance(exc, KeyboardInterrupt):
            raise
        error = f"{type(exc).__name__}: {exc}"
        if verbose:
            error += "\n" + traceback.format_exc()
        return StepResult(zh, en, False, time.perf_counter() - start, error=error)
    return StepResult(zh, en, True, time.perf_counter() - start, detail=detail)


def run_steps(steps, ctx: Context, report: Callable[[StepResult], None], *, verbose: bool = False) -> list[StepResult]:
    """Run ``steps`` in order; a step whose predecessor failed and that needs its vault fails on its own."""
    results = []
    for zh, en, fn in steps:
        result = run_step(zh, en, fn, ctx, verbose=verbose)
        report(result)
        results.append(result)
    return results


def format_result(r: StepResult) -> str:
    mark = "通过 PASS" if r.ok else "失败 FAIL"
    line = f"[{mark}] {r.zh} / {r.en} ({r.seconds:.1f} s)"
    more = r.detail if r.ok else r.error
    return f"{line}\n         {more}" if more else line


def header() -> str:
    from inspector import __version__

    return (f"Inspector {__version__} 自检 / self-test — {platform.system()} {platform.release()} "
            f"{platform.machine()}, Python {platform.python_version()}"
            + (", packaged" if getattr(sys, "frozen", False) else ", from source"))


def summary(results: list[StepResult]) -> str:
    failed = [r for r in results if not r.ok]
    if not failed:
        return f"自检通过（{len(results)} 项）/ Self-test passed ({len(results)} checks)."
    names = "、".join(r.zh for r in failed)
    return (f"自检失败：{names}。请把以上内容发给技术支持。/ Self-test FAILED: "
            f"{', '.join(r.en for r in failed)}. Please send the text above to support.")

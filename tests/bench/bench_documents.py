"""Benchmark of the signed documents: a notice with 50 findings and a record with 100 photos of 12 MP.

Run::

    python -m tests.bench.bench_documents [--photos N] [--findings N] [--megapixels M] [--repeat R]

The vault is the demo vault (SQLCipher, real schema) plus, on its running
inspection, N photos attached to checklist items — JPEGs of 4000 × 3000 pixels
made of a gradient, noise and a unique label, encoded at quality 88, so each
is a few megabytes like a phone photo — and, for one department, a notice with
N findings, issued. Figures are medians of R runs after one warm-up run (which
loads the fonts once per process, as the application does at its first export;
the warm-up is reported too):

* **pair, built and signed**: :func:`inspector.services.exports.prepare_notice`
  + :func:`~inspector.services.exports.finish` (``sign=True``) for the notice,
  then the same for the record — reading the vault, checking every photo's
  SHA-256, making thumbnails, laying out, adding signature fields, signing, and
  writing the files. Target ≤ 3 s;
* **baseline, ReportLab alone building the same pages**:
  :func:`~inspector.documents.notice.build_notice` and
  :func:`~inspector.documents.record.build_record` on data gathered beforehand
  (thumbnails already made); the ratio is pair / baseline;
* the parts: gathering the record's data (vault reads, hash checks,
  thumbnails), signing one document.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from PIL import Image, ImageDraw
from sqlmodel import select

from inspector.crypto.keyfile import KdfParams
from inspector.documents.notice import build_notice
from inspector.documents.record import build_record
from inspector.model import ChecklistItem, Department, Finding, Inspection, InspectionStatus, Severity
from inspector.services import documents, exports
from inspector.services.demo import build_demo
from inspector.services.inspections import add_result_evidence
from inspector.services.rectification import draft_notice, issue_notice
from inspector.signing.identity import load_identity
from inspector.signing.pades import add_signature_fields, sign_pdf
from tests.bench.table import Report, Row

PASSPHRASE = "correct horse 电池 staple"
FAST_KDF = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
PAIR_TARGET_S = 3.0
REPORT = Report(
    title="Signed documents",
    conditions="A notice with {findings:.0f} findings and an on-site record with {photos:.0f} photos "
               "({photo_mb:.0f} MB of JPEG, record of {record_pages:.0f} pages), median after a warm-up",
    rows=[
        Row("Notice + record: read from the vault, laid out, both signed", "pair_s", "s",
            baseline="baseline_reportlab_s", baseline_label="ReportLab alone, same pages", ratio="ratio",
            target=f"≤ {PAIR_TARGET_S:g} s", check=("pair_s", PAIR_TARGET_S)),
        Row("… the first pair in a process (loads the fonts)", "first_pair_s", "s"),
        Row("… the record's data: vault reads, SHA-256 checks, thumbnails", "gather_record_s", "s"),
        Row("… signing the record (PAdES)", "sign_record_s", "s"),
    ],
    quick=["--photos", "3", "--findings", "4", "--megapixels", "0.3", "--repeat", "1"],
    explain={
        "pair_s": "Most of the pair beyond ReportLab is the record's data ({gather_record_s:.2f} s: every photo "
                  "read out of SQLCipher, its SHA-256 checked, a thumbnail made); profile "
                  "services.documents.record_data.",
    },
)


def photo(base: Image.Image, n: int) -> bytes:
    """One distinct photo: the shared base with its own label and mark."""
    img = base.copy()
    draw = ImageDraw.Draw(img)
    w, h = img.size
    x, y = (n * 397) % (w - 900), (n * 211) % (h - 300)
    draw.rectangle((x, y, x + 880, y + 280), fill=(250, 250, 245), outline=(200, 40, 40), width=12)
    draw.text((x + 40, y + 40), f"PHOTO {n:03d}", fill=(20, 20, 20))
    draw.line((0, (n * 37) % h, w, h - (n * 53) % h), fill=(30, 60, 120), width=20)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=88)
    return buf.getvalue()


def base_image(megapixels: float) -> Image.Image:
    w = int((megapixels * 1e6 * 4 / 3) ** 0.5)
    h = int(w * 3 / 4)
    gradient = Image.linear_gradient("L").resize((w, h)).convert("RGB")
    noise = Image.effect_noise((w, h), 24).convert("RGB")
    img = Image.blend(gradient, noise, 0.35)
    draw = ImageDraw.Draw(img)
    for i in range(40):  # desks, racks, screens
        x, y = (i * 911) % w, (i * 577) % h
        draw.rectangle((x, y, x + w // 9, y + h // 12), fill=((i * 50) % 255, (i * 90) % 255, (i * 130) % 255))
    return img


def build_vault(folder: Path, photos: int, findings: int, megapixels: float):
    vault = build_demo(folder / "bench.vault", passphrase=PASSPHRASE, kdf=FAST_KDF, use_keyring=False)
    base = base_image(megapixels)
    total_bytes = 0
    with vault.session() as s:
        insp = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).one()
        items = s.exec(select(ChecklistItem).where(ChecklistItem.template_id == insp.template_id)
                       .order_by(ChecklistItem.section_no, ChecklistItem.position)).all()
        for n in range(photos):
            data = photo(base, n)
            total_bytes += len(data)
            add_result_evidence(s, insp.id, items[n % len(items)].id, f"IMG_{n:04d}.jpg", data)
            if n % 10 == 9:
                s.commit()
        dept = s.get(Department, insp.department_id)
        made = [Finding(department_id=dept.id, plan_id=insp.plan_id, item_id=items[n % len(items)].id,
                        title=f"问题 {n + 1}：{items[n % len(items)].title}未落实",
                        description=items[n % len(items)].text, articles=list(items[n % len(items)].articles),
                        severity=Severity.GENERAL,
                        rectification_requirement="按照细则要求完成整改，并提交整改报告及佐证材料。",
                        deadline=date.today() + timedelta(days=30))
                for n in range(findings)]
        s.add_all(made)
        s.flush()
        notice = draft_notice(s, dept.id, made, plan_id=insp.plan_id, deadline=date.today() + timedelta(days=30))
        issue_notice(s, notice)
        s.commit()
        return vault, insp.id, notice.id, total_bytes


def timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def main(argv: list[str] | None = None) -> dict[str, float]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--photos", type=int, default=100)
    ap.add_argument("--findings", type=int, default=50)
    ap.add_argument("--megapixels", type=float, default=12.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        setup_s, (vault, inspection_id, notice_id, photo_bytes) = timed(
            lambda: build_vault(folder, args.photos, args.findings, args.megapixels))
        try:
            def pair(run: int) -> None:
                notice = exports.prepare_notice(vault, notice_id)
                exports.finish(vault, notice, folder / f"notice-{run}.pdf", sign=True)
                record = exports.prepare_record(vault, inspection_id)
                exports.finish(vault, record, folder / f"record-{run}.pdf", sign=True)

            first_s, _ = timed(lambda: pair(0))
            pairs = [timed(lambda: pair(run))[0] for run in range(1, args.repeat + 1)]

            with vault.session() as s:
                notice_data = documents.notice_data(s, notice_id)
                identity = load_identity(s)
            gathers, baselines, signs = [], [], []
            for _ in range(args.repeat):
                def gather():
                    with vault.session() as s:
                        return documents.record_data(s, inspection_id)

                t, record_data = timed(gather)
                gathers.append(t)
                t_notice, _ = timed(lambda: build_notice(notice_data))
                t_record, built = timed(lambda: build_record(record_data))
                baselines.append(t_notice + t_record)
                fields = add_signature_fields(built.data, built.slots)
                signs.append(timed(lambda: sign_pdf(fields, identity))[0])
            pages = built.pages
        finally:
            vault.close()

    pair_s, base_s = statistics.median(pairs), statistics.median(baselines)
    figures = dict(
        photos=float(args.photos), findings=float(args.findings), photo_mb=photo_bytes / 1e6,
        record_pages=float(pages), setup_s=setup_s, first_pair_s=first_s, pair_s=pair_s,
        baseline_reportlab_s=base_s, ratio=pair_s / base_s, gather_record_s=statistics.median(gathers),
        sign_record_s=statistics.median(signs),
    )
    print(f"documents benchmark: notice with {args.findings} findings + record with {args.photos} photos "
          f"of {args.megapixels:g} MP ({figures['photo_mb']:.0f} MB of JPEG; record {pages} pages); "
          f"median of {args.repeat}")
    print(f"  notice + record, built and signed : {pair_s:7.2f} s   (target ≤ {PAIR_TARGET_S:g} s)"
          f"  {'met' if pair_s <= PAIR_TARGET_S else 'MISSED'}")
    print(f"  ReportLab alone, same pages       : {base_s:7.2f} s   → ratio {figures['ratio']:.2f}×")
    print(f"  first pair in the process (fonts) : {first_s:7.2f} s")
    print(f"  record data: vault, hashes, thumbs: {figures['gather_record_s']:7.2f} s")
    print(f"  signing the record                : {figures['sign_record_s']:7.2f} s")
    print(f"  (setting up the vault took {setup_s:.1f} s)")
    sys.stdout.flush()
    return figures


if __name__ == "__main__":
    main()

"""Every kind of official document Inspector issues, built from a fresh demo vault, signed, and rendered.

    python build/document_samples.py OUTDIR              # OUTDIR/<kind>.pdf and OUTDIR/<kind>.png
    python build/document_samples.py --guide docs/images # docs/images/documents/<kind>.png for the user guides

Each document is made as an office would make it: the on-site record of the demo's completed inspection,
its issued notice, and one letter of each kind drafted and issued through the letter service (a finding is
flagged for the police referral; the 督办通知 is dated after the notice's deadline, as it would be written),
then exported and signed with the demo's identity (the notice and letters under the demo seal). The PNG
shows the first two pages side by side (poppler's ``pdftoppm``), as the user guides show them; the documents
are Chinese in both guides.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

KINDS = ("record", "notice", "inspection_notice", "review", "urge", "secrecy_report", "police_referral",
         "campaign_report", "destruction")
"""The document kinds, in the order the procedure of arts. 32-33 produces them."""
URGED_ON = date(2027, 1, 8)
"""The day the sample 督办通知 is written: after the demo notice's deadline."""


def page_strip(pdf: Path, png: Path, pages: int = 2, width: int = 1280) -> Path:
    """The first ``pages`` pages of ``pdf`` side by side on a grey backdrop (the preview's), ``width`` pixels
    wide, as a PNG (poppler's pdftoppm renders each page)."""
    import subprocess

    from PIL import Image

    gap = 16
    page_width = (width - gap * (pages + 1)) // pages
    stem = png.with_name(png.stem + "-page")
    subprocess.run(["pdftoppm", "-png", "-f", "1", "-l", str(pages), "-scale-to-x", str(page_width),
                    "-scale-to-y", "-1", str(pdf), str(stem)], check=True, capture_output=True)
    rendered = sorted(png.parent.glob(stem.name + "-*.png"))
    images = [Image.open(p).convert("RGB") for p in rendered]
    sheet = Image.new("RGB", (width, max(i.height for i in images) + 2 * gap), (158, 158, 158))
    for n, image in enumerate(images):
        sheet.paste(image, (gap + n * (page_width + gap), gap))
    sheet.save(png, optimize=True)
    for p, image in zip(rendered, images):
        image.close()
        p.unlink()
    return png


def upcoming() -> dict[str, str]:
    """Visit dates two weeks from today, the self-assessment due a week before."""
    from datetime import timedelta

    from inspector.timezones import china_today

    visit = china_today() + timedelta(days=14)
    return {"visit_from": visit.isoformat(), "visit_to": visit.isoformat(),
            "selfreport_due": (visit - timedelta(days=7)).isoformat()}


def make(out: Path) -> dict[str, Path]:
    """Build, sign and write every kind into ``out``; {kind: pdf}."""
    from sqlmodel import select

    from inspector.model import Finding, Inspection, InspectionStatus, NoticeStatus, RectificationNotice
    from inspector.services import demo, exports, findings, letter_exports, letters
    from inspector.services import letter_kinds_common as common

    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="inspector-samples-"))
    vault = demo.build_demo(work / "demo.vault")
    try:
        with vault.session() as s:
            done = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.COMPLETED)).first()
            running = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).first()
            notice = s.exec(select(RectificationNotice).where(RectificationNotice.status == NoticeStatus.ISSUED)).one()
            plan_id, notice_id = notice.plan_id, notice.id
            visited = {i.department_id for i in s.exec(select(Inspection)).all()}
            from inspector.model import PlanTarget

            target = next(t for t in s.exec(select(PlanTarget).where(PlanTarget.plan_id == plan_id)).all()
                          if t.department_id not in visited)
            first = s.exec(select(Finding).where(Finding.inspection_id == running.id)
                           .order_by(Finding.created_at)).first()
            findings.update_finding(s, first.id, {"escalate_police": True})
            escalated = {"department_id": running.department_id, "plan_id": running.plan_id}
        documents = {"record": exports.prepare_record(vault, done.id), "notice": exports.prepare_notice(vault, notice_id)}
        drafts = {
            # the demo's visits are past: the sample announces one two weeks ahead
            "inspection_notice": dict(plan_id=plan_id, department_id=target.department_id, fields=upcoming()),
            "review": dict(notice_id=notice_id),
            "urge": dict(notice_id=notice_id, fields={"new_deadline": "2027-01-22"}),
            "secrecy_report": escalated,
            "police_referral": escalated,
            "campaign_report": dict(plan_id=plan_id),  # the 检查情况通报 of the plan (art. 35)
        }
        real_today = common.today
        for kind, links in drafts.items():
            urge = kind == "urge"
            common.today = (lambda: URGED_ON) if urge else real_today
            try:
                with vault.session() as s:
                    letter_id = letters.create(s, kind, **links).id
                with vault.session() as s:
                    letters.issue(s, letter_id, issued_on=URGED_ON if urge else None)
            finally:
                common.today = real_today
            documents[kind] = letter_exports.prepare_letter(vault, letter_id)
        documents["destruction"] = destruction_record(vault, done.id)
        written = {}
        for kind in KINDS:
            doc = documents[kind]
            written[kind] = exports.finish(vault, doc, out / f"{kind}.pdf", sign=True).path
        return written
    finally:
        vault.close()
        shutil.rmtree(work, ignore_errors=True)


def destruction_record(vault, inspection_id: str):
    """A 销毁记录: a file of the completed inspection's first finding with evidence, destroyed on 张伟's approval."""
    from sqlmodel import select

    from inspector.model import Evidence, Finding, Inspector
    from inspector.services import destruction
    from inspector.signing.identity import create_identity

    with vault.session() as s:
        ev = s.exec(select(Evidence).join(Finding, Finding.id == Evidence.owner_id)
                    .where(Evidence.owner_type == "finding", Finding.inspection_id == inspection_id)).first()
        request_id = destruction.request(s, [ev.id], "含个人身份证号码，超出检查需要",
                                         "《中华人民共和国个人信息保护法》第四十七条").id
        approver = create_identity(s, s.exec(select(Inspector).where(Inspector.name == "张伟")).one().id).id
    destruction.approve(vault, request_id, identity_id=approver, note="同意销毁")
    return destruction.prepare_document(vault, request_id)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, help="folder for <kind>.pdf and <kind>.png")
    parser.add_argument("--guide", type=Path, metavar="DIR", help="write DIR/documents/<kind>.png for the guides")
    args = parser.parse_args(argv)
    if (args.out is None) == (args.guide is None):
        parser.error("give OUTDIR or --guide DIR")
    folder = args.out or Path(tempfile.mkdtemp(prefix="inspector-samples-out-"))
    pdfs = make(folder)
    pngs = {kind: page_strip(pdf, pdf.with_suffix(".png")) for kind, pdf in pdfs.items()}
    if args.guide is not None:
        dest = args.guide / "documents"
        dest.mkdir(parents=True, exist_ok=True)
        for old in dest.glob("*.png"):
            old.unlink()
        for kind, png in pngs.items():
            shutil.copyfile(png, dest / png.name)
        shutil.rmtree(folder, ignore_errors=True)
        pngs = {kind: dest / png.name for kind, png in pngs.items()}
    for kind, png in pngs.items():
        print(f"{kind:18} {png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Load test of the office hub (issue 20): 200 laptops' bundles ingested on PostgreSQL and, side by side, into a
SQLCipher office vault — when should an office move to the hub?

Run::

    python -m tests.bench.bench_hub [--laptops 200] [--departments 10] [--findings 500] [--repeat 3]

Set-up (not measured): a throw-away PostgreSQL cluster (tests/pgcluster.py, fsync on) with a hub; the campaign
made on the hub: L × D departments, one plan over all of them, one team of L inspectors. Each laptop is a vault
of its own (SQLCipher, a signing identity, trusting the hub and trusted by it) holding what a plan bundle would
have given it — the plan, the team, its D departments and targets, the rows copied from the hub as an import
copies them — and its field work: an inspection per department, F findings spread over them, and two evidence
photos (64 KiB each, random bytes). Each laptop exports a field bundle to the hub. The office vault (SQLCipher)
gets the campaign from the hub by a bundle.

Measured:

* **ingest**: every bundle applied on the hub (:func:`inspector.hub.ingest.ingest`: verified, decrypted, applied
  all or nothing, each in its own transaction), then the same bundles into the office vault; wall time,
  bundles per minute, findings per second, and the peak resident set above the one before (Linux:
  ``/proc/self/clear_refs`` then ``VmHWM``);
* **first paint** of the findings list (:func:`tests.bench.bench_findings.ui_figures`) and of the campaign board
  (:func:`tests.bench.bench_campaign.ui_figures`) on each, at that size (target ≤ 300 ms on the hub);
* **the campaign board with every stage filled**: a second plan as :mod:`tests.bench.bench_campaign` makes it, over
  as many departments (each with its 检查通知, a returned self-report of 55 answers, an inspection of 55 verdicts,
  most with a 整改通知书 and 复查 letters, and B findings in all; default 20 000), written on a second hub and into a
  SQLCipher vault: its first paint on each (target ≤ 300 ms on the hub);
* **ten concurrent sessions**, each editing its own findings (E saves each, with the revision it read): saves per
  second, and every save checked afterwards — a lost update is a failure of the bench. On the vault the ten
  threads share one SQLite writer.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.bench.table import Report, Row

PASSPHRASE = "correct horse 电池 staple"
EVIDENCE_PASSPHRASE = "office evidence 证据 passphrase"
PHOTO = 64 << 10

REPORT = Report(
    title="The office hub: 200 laptops on PostgreSQL, side by side with a SQLCipher office vault",
    conditions=("{laptops:.0f} laptops' field bundles ({departments:.0f} departments, {findings:.0f} findings, "
                "{evidence:.0f} evidence files); PostgreSQL {pg_version:.0f} on this machine (fsync on, TLS); "
                "first paints median of {repeat:.0f}; the full board: {full_departments:.0f} departments × 55 items, "
                "{full_findings:.0f} findings; {sessions:.0f} concurrent sessions × {edits:.0f} saves"),
    rows=[
        Row("Ingest on the hub: bundles per minute", "hub_bundles_per_min", "/min"),
        Row("Ingest on the hub: findings per second", "hub_findings_per_s", "/s"),
        Row("Ingest on the hub: all bundles", "hub_ingest_s", "s", baseline="vault_ingest_s",
            baseline_label="the same bundles into a SQLCipher office vault"),
        Row("Ingest on the hub: peak memory above the resident set before", "hub_ingest_peak_mb", "MB"),
        Row("Ingest into the office vault: findings per second", "vault_findings_per_s", "/s"),
        Row("Ingest into the office vault: peak memory above the resident set before", "vault_ingest_peak_mb", "MB"),
        Row("Findings list on the hub: first paint", "hub_first_paint_ms", "ms", baseline="vault_first_paint_ms",
            baseline_label="the same list on the office vault", target="≤ 300 ms",
            check=("hub_first_paint_ms", 300.0)),
        Row("Campaign board on the hub: first paint", "hub_board_first_paint_ms", "ms",
            baseline="vault_board_first_paint_ms", baseline_label="the same board on the office vault",
            target="≤ 300 ms", check=("hub_board_first_paint_ms", 300.0)),
        Row("Campaign board on the hub, every stage filled: first paint", "hub_full_board_first_paint_ms", "ms",
            baseline="vault_full_board_first_paint_ms", baseline_label="the same board on a SQLCipher vault",
            target="≤ 300 ms", check=("hub_full_board_first_paint_ms", 300.0)),
        Row("… the same board complete: the self-reports' discrepancies filled in after the paint (information)",
            "hub_full_board_complete_ms", "ms", baseline="vault_full_board_complete_ms",
            baseline_label="the same on a SQLCipher vault"),
        Row("Ten sessions editing on the hub: saves per second", "hub_saves_per_s", "/s",
            baseline="vault_saves_per_s", baseline_label="the same on the office vault (one writer)"),
        Row("Ten sessions editing on the office vault: saves refused (another writer holds the vault)",
            "vault_refused_saves", ""),
        Row("Ten sessions editing: lost updates (hub + vault)", "lost_updates", "", target="0",
            check=("lost_updates", 0.0)),
    ],
    quick=["--laptops", "3", "--departments", "2", "--findings", "20", "--repeat", "1", "--edits", "3",
           "--board-findings", "50"],
    explain={
        "hub_first_paint_ms": "The findings list reads every id in list order and the first page (profile "
                              "FindingsPage.reload → search.ordered_ids on PostgreSQL).",
        "hub_board_first_paint_ms": "The board reads each target's stages in a fixed number of queries "
                                    "(profile inspector.services.campaign on PostgreSQL).",
        "hub_full_board_first_paint_ms": "The board is painted from every stage but the self-reports' counts (read "
                                         "after it); profile campaign.board(counts=False) on PostgreSQL and "
                                         "BoardDialog._show.",
        "hub_full_board_complete_ms": "The self-reports' answers and their discrepancies with the verdicts are "
                                      "counted on the server (profile campaign.selfreport_counts on PostgreSQL).",
    },
    notes=("Ingest runs one bundle per transaction; the hub's figures include TLS and the driver (pg8000, pure "
           "Python), the vault's SQLCipher's page encryption. An office with one person at a time and a few "
           "thousand findings is served by its vault; several people at once, or hundreds of laptops, by the hub."),
)


def _say(text: str) -> None:
    print(f"  … {text}", flush=True)


# ---- the campaign and the laptops ---------------------------------------------------------------------------


def make_campaign(hub, laptops: int, departments: int) -> dict[str, Any]:
    """On the hub: L × D departments, one plan over them, one team of L inspectors (the office plans)."""
    from sqlmodel import select

    from inspector.model import ChecklistTemplate, Department, Inspector, Plan, PlanTarget, Team, TeamMember
    from inspector.services import settings
    from inspector.signing import identity

    with hub.session() as s:
        settings.set_identity(s, "王芳", "JC-0001", "晋城市数据局")
        identity.create_identity(s, None)
    with hub.session() as s:
        template = s.exec(select(ChecklistTemplate)).first()
        team = Team(name="全省专项检查组")
        people = [Inspector(name=f"检查员{n:03d}", badge_no=f"JC-{n:04d}") for n in range(laptops)]
        depts = [Department(name=f"第{n // departments:03d}片区单位{n % departments:02d}")
                 for n in range(laptops * departments)]
        s.add_all([team, *people, *depts])
        s.flush()
        plan = Plan(title="2026年度全省政务数据安全监督检查", year=2026, template_id=template.id, team_id=team.id)
        s.add(plan)
        s.flush()
        s.add_all([TeamMember(team_id=team.id, inspector_id=p.id) for p in people])
        s.add_all([PlanTarget(plan_id=plan.id, department_id=d.id) for d in depts])
    return {"plan_id": plan.id, "template_id": template.id, "team_id": team.id,
            "inspectors": [p.id for p in people], "departments": [d.id for d in depts]}


def _rows(session, model, where) -> list[dict[str, Any]]:
    from sqlalchemy import select

    return [dict(r) for r in session.connection().execute(select(model.__table__).where(where)).mappings()]


def build_laptop(folder: Path, n: int, hub, office_cert: bytes, campaign: dict[str, Any], departments: int,
                 findings: int):
    """Laptop ``n``: a vault holding its part of the plan (rows as the hub has them) and its field work."""
    from sqlmodel import select

    from inspector import audit
    from inspector.crypto.keyfile import THROWAWAY_KDF
    from inspector.model import (
        ChecklistItem,
        Department,
        Finding,
        Inspection,
        InspectionStatus,
        Inspector,
        Plan,
        PlanTarget,
        Severity,
        Team,
        TeamMember,
    )
    from inspector.services import settings
    from inspector.services.evidence import add_evidence
    from inspector.services.setup import create_vault
    from inspector.signing import identity, trust
    from inspector.sync import exporter

    mine = campaign["departments"][n * departments:(n + 1) * departments]
    with hub.session(read_only=True) as s:
        copied = [(Team, _rows(s, Team, Team.id == campaign["team_id"])),
                  (Inspector, _rows(s, Inspector, Inspector.id.in_(campaign["inspectors"]))),
                  (TeamMember, _rows(s, TeamMember, TeamMember.team_id == campaign["team_id"])),
                  (Department, _rows(s, Department, Department.id.in_(mine))),
                  (Plan, _rows(s, Plan, Plan.id == campaign["plan_id"])),
                  (PlanTarget, _rows(s, PlanTarget, PlanTarget.department_id.in_(mine)))]
        hub_cert = identity.load_identity(s).cert_der
    vault = create_vault(folder / f"laptop{n:03d}.vault", PASSPHRASE, kdf=THROWAWAY_KDF, use_keyring=False)
    rng = random.Random(n)
    try:
        with vault.session() as s:
            s.info["audit"] = vault.audit_context.__class__(**{**vault.audit_context.__dict__,
                                                               "preserve_bookkeeping": True})
            for model, rows in copied:  # as a plan bundle's import writes them
                audit.insert_rows(s, model.__table__, rows)
        with vault.session() as s:
            settings.set_identity(s, f"检查员{n:03d}", f"JC-{n:04d}", "晋城市数据局")
            identity.create_identity(s, None)
            trust.add_trusted(s, hub_cert, "集中库")
            trust.add_trusted(s, office_cert, "办公室电脑")  # the same bundle goes to the hub and the office vault
            items = s.exec(select(ChecklistItem).where(ChecklistItem.template_id == campaign["template_id"])).all()
            inspections = [Inspection(plan_id=campaign["plan_id"], department_id=d, template_id=campaign["template_id"],
                                      status=InspectionStatus.IN_PROGRESS, location="现场") for d in mine]
            s.add_all(inspections)
            s.flush()
            made = []
            for k in range(findings):
                insp, item = inspections[k % len(inspections)], items[k % len(items)]
                made.append(Finding(department_id=insp.department_id, plan_id=insp.plan_id, inspection_id=insp.id,
                                    item_id=item.id, title=f"问题 {k + 1}：{item.title}未落实", description=item.text,
                                    location=f"数据中心 {k % 40 + 1} 号机柜", articles=list(item.articles),
                                    severity=rng.choice(list(Severity)), handling_opinion="责令限期整改。",
                                    rectification_requirement="按照细则要求完成整改，并提交整改报告及佐证材料。",
                                    deadline=date(2026, 12, 31) + timedelta(days=k % 90)))
            s.add_all(made)
            s.flush()
            for k in range(2):
                add_evidence(s, "finding", made[k].id, f"IMG_{k:04d}.jpg", os.urandom(PHOTO), mime="image/jpeg")
            laptop_cert = identity.load_identity(s).cert_der
        with hub.session() as s:
            trust.add_trusted(s, laptop_cert, f"笔记本{n:03d}")
        out = folder / f"laptop{n:03d}.bundle"
        exporter.export_bundle(vault, out, ["集中库", "办公室电脑"], scope="field")
        return out, laptop_cert
    finally:
        vault.close()


def make_office(folder: Path):
    """The SQLCipher office vault with its signing identity."""
    from inspector.crypto.keyfile import THROWAWAY_KDF
    from inspector.services import settings
    from inspector.services.setup import create_vault
    from inspector.signing import identity

    office = create_vault(folder / "office.vault", PASSPHRASE, kdf=THROWAWAY_KDF, use_keyring=False)
    with office.session() as s:
        settings.set_identity(s, "王芳", "JC-0001", "晋城市数据局")
        identity.create_identity(s, None)
        return office, identity.load_identity(s).cert_der


def fill_office(folder: Path, office, hub, laptop_certs: list[bytes]) -> None:
    """The campaign from the hub by a bundle, every laptop trusted."""
    from inspector.signing import identity, trust
    from inspector.sync import exporter, importer

    with office.session() as s:
        for n, cert in enumerate(laptop_certs):
            trust.add_trusted(s, cert, f"笔记本{n:03d}")
        office_cert = identity.load_identity(s).cert_der
    with hub.session() as s:
        trust.add_trusted(s, office_cert, "办公室电脑")
        hub_cert = identity.load_identity(s).cert_der
    with office.session() as s:
        trust.add_trusted(s, hub_cert, "集中库")
    campaign = folder / "campaign.bundle"
    exporter.export_bundle(hub, campaign, ["办公室电脑"], scope="plan")
    assert importer.import_bundle(office, campaign).applied


# ---- measuring ------------------------------------------------------------------------------------------------


def ingest_figures(db, bundles: list[Path], prefix: str) -> dict[str, float]:
    from inspector.hub.ingest import ingest
    from tests.bench.bench_sync import peak_mb, reset_peak, rss_mb

    before = rss_mb()
    was_reset = reset_peak()
    t0 = time.perf_counter()
    done = ingest(db, bundles)
    seconds = time.perf_counter() - t0
    peak = peak_mb(was_reset) - before
    refused = [d for d in done if d.error or not d.applied]
    if refused:
        raise RuntimeError(f"{len(refused)} bundle(s) not applied on {prefix}: {refused[0].error}")
    findings = sum(d.counts.get("finding", {}).get("new", 0) for d in done)
    return {f"{prefix}_ingest_s": seconds, f"{prefix}_bundles_per_min": len(bundles) / seconds * 60,
            f"{prefix}_findings_per_s": findings / seconds, f"{prefix}_ingest_peak_mb": peak,
            f"{prefix}_findings_ingested": float(findings)}


def edit_figures(db, prefix: str, sessions: int, edits: int) -> dict[str, float]:
    """``sessions`` threads at once, each saving ``edits`` times to findings of its own (with the revision it read).
    A save refused (the vault busy with another writer) is counted, not retried; every save that reported success
    must be there afterwards — one that is not is a lost update."""
    from sqlmodel import select

    from inspector import ops
    from inspector.errors import InspectorError
    from inspector.model import Finding
    from inspector.services import findings

    ids = ops.read(db, lambda s: s.exec(select(Finding.id).order_by(Finding.id).limit(sessions * edits)).all())
    mine = [ids[k::sessions] for k in range(sessions)]
    saved_ok: dict[str, str] = {}
    refused: list[InspectorError] = []
    barrier = threading.Barrier(sessions)

    def work(k: int) -> None:
        barrier.wait()
        for fid in mine[k]:
            value = f"{prefix} 第{k}位修改"
            try:
                rev = ops.read(db, lambda s, fid=fid: s.get(Finding, fid).revision)
                ops.write(db, lambda s, fid=fid, rev=rev, value=value: findings.update_finding(
                    s, fid, {"location": value}, revision=rev))
            except InspectorError as exc:
                refused.append(exc)
                continue
            saved_ok[fid] = value

    threads = [threading.Thread(target=work, args=(k,)) for k in range(sessions)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - t0
    now = ops.read(db, lambda s: {f.id: f.location for f in s.exec(select(Finding).where(Finding.id.in_(ids)))})
    lost = sum(1 for fid, value in saved_ok.items() if now.get(fid) != value)
    if refused:
        print(f"  {len(refused)} save(s) refused on {prefix}: {refused[0].en}", flush=True)
    return {f"{prefix}_saves_per_s": len(saved_ok) / seconds, f"{prefix}_lost_updates": float(lost),
            f"{prefix}_refused_saves": float(len(refused)), f"{prefix}_saves_tried": float(len(ids))}


def paint_figures(db, plan_id: str, prefix: str, repeat: int) -> dict[str, float]:
    from tests.bench import bench_campaign, bench_findings

    f = bench_findings.ui_figures(db, repeat)
    b = bench_campaign.ui_figures(db, plan_id, repeat)
    return {f"{prefix}_first_paint_ms": f["first_paint_ms"], f"{prefix}_board_first_paint_ms": b["board_first_paint_ms"],
            f"{prefix}_board_rows": b["board_rows_painted"]}


def full_board_figures(cluster, folder: Path, departments: int, findings: int, repeat: int) -> dict[str, float]:
    """The board of a plan with every stage filled (:func:`tests.bench.bench_campaign.fill`), first painted on a
    second hub and on a SQLCipher vault holding the same campaign."""
    from inspector.crypto.keyfile import THROWAWAY_KDF
    from inspector.hub import connection
    from inspector.hub.store import Hub
    from tests.bench import bench_campaign

    cluster.create_database("board")
    address = connection.parse(cluster.url("board") + f"?sslrootcert={cluster.ca_file}")
    hub = Hub.init(address, evidence_passphrase=EVIDENCE_PASSPHRASE, kdf=THROWAWAY_KDF)
    vault = None
    try:
        plan_id, _ = bench_campaign.fill(hub, departments, findings)
        with hub.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")  # as autovacuum would have, after a bulk write
        hub_paint = bench_campaign.ui_figures(hub, plan_id, repeat)
        vault, vault_plan, _ = bench_campaign.build_vault(folder / "board.vault", departments, findings)
        vault_paint = bench_campaign.ui_figures(vault, vault_plan, repeat)
    finally:
        hub.close()
        if vault is not None:
            vault.close()
    return {"hub_full_board_first_paint_ms": hub_paint["board_first_paint_ms"],
            "vault_full_board_first_paint_ms": vault_paint["board_first_paint_ms"],
            "hub_full_board_complete_ms": hub_paint["board_complete_ms"],
            "vault_full_board_complete_ms": vault_paint["board_complete_ms"]}


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench_hub", description=__doc__.split("\n")[0])
    parser.add_argument("--laptops", type=int, default=200)
    parser.add_argument("--departments", type=int, default=10, help="departments per laptop (default 10)")
    parser.add_argument("--findings", type=int, default=500, help="findings per laptop (default 500)")
    parser.add_argument("--repeat", type=int, default=3, help="first paints measured (median; default 3)")
    parser.add_argument("--board-findings", type=int, default=20_000,
                        help="findings of the full board's plan (default 20 000)")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--edits", type=int, default=20, help="saves per session (default 20)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    import keyring

    from inspector.hub import connection
    from inspector.hub.store import Hub
    from tests import pgcluster
    from tests.memory_keyring import MemoryKeyring

    keyring.set_keyring(MemoryKeyring())
    from inspector.crypto.keyfile import THROWAWAY_KDF

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="inspector-bench-hub-") as tmp, pgcluster.running(durable=True) as cluster:
        folder = Path(tmp)
        cluster.create_database("hub")
        address = connection.parse(cluster.url("hub") + f"?sslrootcert={cluster.ca_file}")
        hub = Hub.init(address, evidence_passphrase=EVIDENCE_PASSPHRASE, kdf=THROWAWAY_KDF)
        office = None
        try:
            with hub.engine.connect() as conn:
                figures["pg_version"] = float(conn.exec_driver_sql("SHOW server_version_num").scalar()) // 10000
            t0 = time.perf_counter()
            _say(f"the campaign on the hub: {args.laptops * args.departments} departments")
            campaign = make_campaign(hub, args.laptops, args.departments)
            office, office_cert = make_office(folder)
            bundles, certs = [], []
            for n in range(args.laptops):
                if n % 20 == 0:
                    _say(f"laptops {n + 1}–{min(n + 20, args.laptops)} of {args.laptops}")
                bundle, cert = build_laptop(folder, n, hub, office_cert, campaign, args.departments, args.findings)
                bundles.append(bundle)
                certs.append(cert)
            fill_office(folder, office, hub, certs)
            figures["setup_s"] = time.perf_counter() - t0
            _say(f"ingest: {len(bundles)} bundles on the hub")
            figures.update(ingest_figures(hub, bundles, "hub"))
            _say("ingest: the same into the office vault")
            figures.update(ingest_figures(office, bundles, "vault"))
            _say("first paints")
            figures.update(paint_figures(hub, campaign["plan_id"], "hub", args.repeat))
            figures.update(paint_figures(office, campaign["plan_id"], "vault", args.repeat))
            _say("the full board: a second hub and a vault")
            figures.update(full_board_figures(cluster, folder, args.laptops * args.departments, args.board_findings,
                                              args.repeat))
            _say(f"{args.sessions} concurrent sessions")
            figures.update(edit_figures(hub, "hub", args.sessions, args.edits))
            figures.update(edit_figures(office, "vault", args.sessions, args.edits))
        finally:
            hub.close()
            if office is not None:
                office.close()
    figures["lost_updates"] = figures["hub_lost_updates"] + figures["vault_lost_updates"]
    figures["problems"] = figures["lost_updates"] + figures["hub_refused_saves"]  # the hub refuses none
    figures.update(full_departments=float(args.laptops * args.departments), full_findings=float(args.board_findings))
    figures.update(laptops=float(args.laptops), departments=float(args.laptops * args.departments),
                   findings=float(args.laptops * args.findings), evidence=float(2 * args.laptops),
                   repeat=float(args.repeat), sessions=float(args.sessions), edits=float(args.edits))
    for key in sorted(figures):
        print(f"  {key}: {figures[key]:.2f}")
    return figures


if __name__ == "__main__":
    result = main()
    sys.exit(1 if result.get("problems") else 0)

"""Benchmark of the foundation: unlocking a vault, and the app's workload on SQLCipher against plain SQLite.

Run::

    python -m tests.bench.bench_vault [--findings N] [--repeat R] [--workload-repeat W]

Figures are ratios or differences against a baseline measured in the same
process, so they compare across machines; nothing here asserts a speed.

* **Open / unlock** — ``Vault.open(path)`` taking the key from the keyring (an
  in-memory keyring, :class:`tests.memory_keyring.MemoryKeyring`) against a
  *plain open* of the same SQLCipher file: ``sqlcipher3.connect`` + ``PRAGMA
  key`` with the raw key + one ``SELECT count(*) FROM sqlite_master``. Medians of
  R runs, interleaved. Target: at most 5 ms over the plain open. The passphrase
  unlock (Argon2id with the production :class:`KdfParams`) is shown for
  information.
* **Workload** — the app's own code path (sessions from :class:`Vault`, audit
  hooks installed) on SQLCipher against the same :class:`Vault` class over plain
  SQLite (``make_engine(path, None)``): prerequisites (department, plan,
  inspection), N findings inserted in batches of 500 (one session and commit
  each), all read back with :func:`inspector.services.queries.list_findings`,
  then 10 % updated (status and description) in batches of 500. Every run uses
  a fresh vault; runs alternate between the two engines. Target: SQLCipher
  total at most 1.25× plain.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

import keyring
import sqlalchemy
import sqlcipher3
from sqlalchemy import func
from sqlmodel import select

from inspector import audit, keystore
from inspector.crypto.keyfile import KdfParams, KeyFile
from inspector.db import make_engine, raw_key_pragma
from inspector.model import (
    AuditEvent,
    ChecklistItem,
    Department,
    Finding,
    FindingStatus,
    Inspection,
    InspectionStatus,
    Plan,
    PlanStatus,
    PlanTarget,
    utcnow,
)
from inspector.regulation import default_template, import_template
from inspector.services.queries import list_findings
from inspector.services.setup import create_vault
from inspector.services.regulation_versions import seed_shipped
from inspector.vault import PASSPHRASE_ENV, Vault, initialize_store
from tests.bench.machine import machine
from tests.bench.table import Report, Row
from tests.memory_keyring import MemoryKeyring

PASSPHRASE = "correct horse 电池 staple"
# Only for vaults whose passphrase unlock is not measured (the workload vaults).
FAST_KDF = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)
BATCH = 500
UPDATE_FRACTION = 10  # every 10th finding is updated
PHASES = ("prepare", "insert", "read", "update")
ENGINES = ("sqlcipher", "plain")
OPEN_TARGET_MS = 5.0
RATIO_TARGET = 1.25

REPORT = Report(
    title="Vault: unlock, and the app's workload on SQLCipher against plain SQLite",
    conditions="Workload of {findings:.0f} findings (insert in batches of 500, read all, update 10 %), "
               "medians; unlock median of {repeat:.0f}",
    rows=[
        Row("Unlock, key from the keyring", "open_keyring_ms", "ms", baseline="open_plain_ms",
            baseline_label="connect + PRAGMA key + one SELECT", target=f"≤ baseline + {OPEN_TARGET_MS:g} ms",
            check=("open_keyring_overhead_ms", OPEN_TARGET_MS)),
        Row("Unlock, recovery passphrase (Argon2id 64 MiB, 3 passes)", "open_passphrase_ms", "ms"),
        Row("Workload, total", "sqlcipher_total_s", "s", baseline="plain_total_s",
            baseline_label="same code on plain SQLite", ratio="ratio_total", target=f"≤ {RATIO_TARGET:g}× baseline",
            check=("ratio_total", RATIO_TARGET)),
        *(Row(f"… {label}", f"sqlcipher_{phase}_s", "s", baseline=f"plain_{phase}_s",
              baseline_label="plain SQLite", ratio=f"ratio_{phase}")
          for phase, label in (("insert", "insert (audited ORM sessions)"), ("read", "read all (list_findings)"),
                               ("update", "update 10 %"))),
    ],
    quick=["--findings", "200", "--repeat", "3", "--workload-repeat", "1"],
    explain={
        "open_keyring_overhead_ms": "Vault.open runs Alembic's revision check and reads vault_meta on top of the "
                                    "plain open; the bytecode line of `python -m tests.bench.bench_vault` tells "
                                    "whether Alembic's scripts were compiled at every open (no .pyc cache).",
        "ratio_total": "Every page SQLCipher writes is encrypted and HMAC-signed and every page read is checked "
                       "(insert {ratio_insert:.2f}×, read {ratio_read:.2f}×, update {ratio_update:.2f}× here). "
                       "Profile the phase with the highest ratio (pyinstrument around run_workload).",
    },
)

DESCRIPTION = (
    "现场检查发现，该单位政务数据共享交换平台的数据库账号存在多人共用情况，"
    "未按最小必要原则分配权限，运维人员可直接导出含个人信息的业务数据，且导出操作未留存审计日志。"
)
HANDLING = "责令限期整改，明确账号责任人，回收多余权限，开启数据库审计。"
REQUIREMENT = "一、逐一清理共用账号；二、按岗位重新授权；三、留存不少于六个月的操作日志并定期审查。"


# ---- machine and helpers -------------------------------------------------------------------


def machine_info() -> dict[str, str]:
    """The report's machine lines, and what this bench's figures also depend on."""
    return {
        **machine(),
        "plain": "the same SQLite build (sqlcipher3) without a key",
        "SQLAlchemy": sqlalchemy.__version__,
        # Alembic loads the migration scripts from source at every open: without a
        # bytecode cache it compiles them each time, which shows in the unlock figure.
        "bytecode": "not written (PYTHONDONTWRITEBYTECODE / -B)" if sys.dont_write_bytecode else "cached",
    }


@contextlib.contextmanager
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring and no passphrase in the environment, restored afterwards."""
    previous = keyring.get_keyring()
    saved_env = os.environ.pop(PASSPHRASE_ENV, None)
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
        if saved_env is not None:
            os.environ[PASSPHRASE_ENV] = saved_env


def timed(fn: Callable[[], object]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


# ---- open / unlock -------------------------------------------------------------------------


def plain_open(path: Path, key: bytes) -> float:
    """Seconds for the baseline: raw connect, raw key, one read of the schema."""
    gc.collect()
    t0 = time.perf_counter()
    conn = sqlcipher3.connect(str(path))
    conn.execute(raw_key_pragma(key))
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    elapsed = time.perf_counter() - t0
    conn.close()
    return elapsed


def vault_open(path: Path, **kwargs) -> float:
    """Seconds for ``Vault.open(path, **kwargs)``; closing is not timed."""
    gc.collect()
    t0 = time.perf_counter()
    vault = Vault.open(path, **kwargs)
    elapsed = time.perf_counter() - t0
    vault.close()
    return elapsed


def bench_open(directory: Path, repeat: int) -> dict[str, float]:
    path = directory / "open.vault"
    kdf = KdfParams()  # production Argon2id parameters
    vault = create_vault(path, PASSPHRASE, kdf=kdf)  # stores the key in the (memory) keyring
    key = vault.key
    if not (vault.keyring_status and vault.keyring_status.usable) or keystore.load_key(vault.vault_id) != key:
        raise RuntimeError("the in-memory keyring did not take the key; the keyring unlock would not be measured")
    vault.close()

    # Warm-up (imports, Alembic script directory, first connection of the process).
    plain_open(path, key)
    vault_open(path)

    plain, unlocked = [], []
    for _ in range(repeat):  # interleaved, so drift hits both alike
        plain.append(plain_open(path, key))
        unlocked.append(vault_open(path))  # no passphrase anywhere: fails unless the keyring works
    passphrase = [vault_open(path, passphrase=PASSPHRASE, use_keyring=False) for _ in range(max(1, min(repeat, 5)))]

    plain_ms = statistics.median(plain) * 1000
    keyring_ms = statistics.median(unlocked) * 1000
    return {
        "open_plain_ms": plain_ms,
        "open_keyring_ms": keyring_ms,
        "open_keyring_overhead_ms": keyring_ms - plain_ms,
        "open_passphrase_ms": statistics.median(passphrase) * 1000,
        "open_passphrase_runs": float(len(passphrase)),
    }


# ---- the workload ---------------------------------------------------------------------------


def plain_sqlite_vault(path: Path) -> Vault:
    """The same :class:`Vault` class over plain SQLite, built the way ``Vault.create`` builds one.

    ``Vault.__init__`` only needs an engine holding the schema and the vault_meta
    rows, and a key file with the same vault id; the key and the key file are never
    used to open plain SQLite (nothing is written to ``PATH.key``).
    """
    vault_id, device_id = str(uuid.uuid4()), str(uuid.uuid4())
    key = os.urandom(32)
    keyfile = KeyFile(vault_id=vault_id, salt=os.urandom(16), kdf=FAST_KDF)
    engine = make_engine(path, None)
    initialize_store(engine, path, vault_id, device_id, audit.DEFAULT_HASH, None)
    vault = Vault(path, engine, key, keyfile, None)
    try:
        with vault.session() as session:  # what create_vault adds: the regulation and the default checklist
            seed_shipped(session)
            import_template(session)
    except BaseException:
        vault.close()
        raise
    return vault


def new_vault(engine: str, path: Path) -> Vault:
    if engine == "sqlcipher":
        return create_vault(path, PASSPHRASE, kdf=FAST_KDF, use_keyring=False)
    return plain_sqlite_vault(path)


def run_workload(vault: Vault, n: int, batch: int = BATCH) -> dict[str, float]:
    """Seconds per phase of the workload on ``vault``."""
    out: dict[str, float] = {}
    refs: dict[str, object] = {}

    def prepare() -> None:
        with vault.session() as s:
            template = default_template(s)
            items = s.exec(
                select(ChecklistItem).where(ChecklistItem.template_id == template.id).order_by(ChecklistItem.position)
            ).all()
            dept = Department(name="晋城市大数据应用局", code="11140500MB0000000X", address="山西省晋城市城区",
                              contact_name="陈静", contact_phone="0356-2020000")
            plan = Plan(title="基准测试检查方案", year=2026, template_id=template.id, status=PlanStatus.ACTIVE)
            inspection = Inspection(plan_id=plan.id, department_id=dept.id, template_id=template.id,
                                    status=InspectionStatus.IN_PROGRESS, location="机房", started_at=utcnow())
            s.add_all([dept, plan])
            s.flush()  # no ORM relationships: parents first, as the services do
            s.add_all([PlanTarget(plan_id=plan.id, department_id=dept.id), inspection])
            refs.update(dept=dept.id, plan=plan.id, inspection=inspection.id,
                        items=[(i.id, list(i.articles), i.default_severity, i.title) for i in items])

    ids: list[str] = []

    def insert() -> None:
        items = refs["items"]
        for start in range(0, n, batch):
            with vault.session() as s:
                for i in range(start, min(n, start + batch)):
                    item_id, articles, severity, title = items[i % len(items)]
                    finding = Finding(
                        department_id=refs["dept"], plan_id=refs["plan"], inspection_id=refs["inspection"],
                        item_id=item_id, title=f"{title}（第{i + 1}处）", description=DESCRIPTION,
                        location=f"数据中心 {i % 40 + 1} 号机柜", articles=articles, severity=severity,
                        handling_opinion=HANDLING, rectification_requirement=REQUIREMENT,
                        deadline=date(2026, 12, 31),
                    )
                    s.add(finding)
                    ids.append(finding.id)

    def read() -> None:
        with vault.session() as s:
            rows = list_findings(s, today=date(2026, 6, 1))
        if len(rows) != n:
            raise RuntimeError(f"read back {len(rows)} findings, expected {n}")

    def update() -> None:
        chosen = ids[::UPDATE_FRACTION]
        for start in range(0, len(chosen), batch):
            chunk = chosen[start:start + batch]
            with vault.session() as s:
                for finding in s.exec(select(Finding).where(Finding.id.in_(chunk))).all():
                    finding.status = FindingStatus.NOTIFIED
                    finding.status_changed_at = utcnow()
                    finding.description = finding.description + "（已下发整改通知）"

    for name, fn in zip(PHASES, (prepare, insert, read, update)):
        out[name] = timed(fn)
    out["total"] = sum(out[p] for p in PHASES)
    return out


def audit_events(vault: Vault) -> int:
    with vault.session() as s:
        return s.exec(select(func.count()).select_from(AuditEvent)).one()


def bench_workload(directory: Path, n: int, runs: int) -> dict[str, float]:
    # Warm-up on both engines (imports, mapper configuration); not reported.
    for engine in ENGINES:
        vault = new_vault(engine, directory / f"warmup-{engine}.vault")
        try:
            run_workload(vault, min(n, BATCH))
        finally:
            vault.close()

    results: dict[str, list[dict[str, float]]] = {e: [] for e in ENGINES}
    events: dict[str, int] = {}
    for r in range(runs):
        for engine in (ENGINES if r % 2 == 0 else ENGINES[::-1]):
            vault = new_vault(engine, directory / f"run{r}-{engine}.vault")
            try:
                results[engine].append(run_workload(vault, n))
                events[engine] = audit_events(vault)
            finally:
                vault.close()
    if events["sqlcipher"] != events["plain"]:  # both must have gone through the same audited code path
        raise RuntimeError(f"audit events differ between engines: {events}")

    figures: dict[str, float] = {}
    for engine in ENGINES:
        for phase in (*PHASES, "total"):
            figures[f"{engine}_{phase}_s"] = statistics.median(run[phase] for run in results[engine])
    for phase in (*PHASES, "total"):
        figures[f"ratio_{phase}"] = figures[f"sqlcipher_{phase}_s"] / figures[f"plain_{phase}_s"]
    figures["audit_events"] = float(events["sqlcipher"])
    return figures


# ---- report ---------------------------------------------------------------------------------


def print_report(machine: dict[str, str], n: int, repeat: int, runs: int, f: dict[str, float]) -> None:
    kdf = KdfParams()
    print(f"Inspector vault benchmark — {n} findings, batches of {BATCH}")
    for k, v in machine.items():
        print(f"  {k:<10} {v}")
    print()
    print(f"{'Open / unlock (median of ' + str(repeat) + ')':<50} {'ms':>9}")
    print(f"  {'plain open (connect + PRAGMA key + SELECT)':<48} {f['open_plain_ms']:9.2f}")
    print(f"  {'Vault.open, key from keyring':<48} {f['open_keyring_ms']:9.2f}"
          f"   {f['open_keyring_overhead_ms']:+.2f} ms over plain (target ≤ +{OPEN_TARGET_MS:g} ms)"
          f"  {'OK' if f['open_keyring_overhead_ms'] <= OPEN_TARGET_MS else 'OVER'}")
    label = f"Vault.open, passphrase (Argon2id {kdf.memory_kib // 1024} MiB, t={kdf.iterations}, p={kdf.lanes})"
    print(f"  {label:<48} {f['open_passphrase_ms']:9.2f}"
          f"   (information; median of {int(f['open_passphrase_runs'])})")
    print()
    title = f"Workload (median of {runs} run{'s' if runs > 1 else ''})"
    print(f"{title:<36} {'SQLCipher s':>11} {'plain s':>10}   {'ratio':>6}")
    labels = {
        "prepare": "prepare (dept, plan, inspection)",
        "insert": f"insert {n} findings",
        "read": "read all (list_findings)",
        "update": f"update {len(range(0, n, UPDATE_FRACTION))} (10 %)",
        "total": "total",
    }
    for phase in (*PHASES, "total"):
        print(f"  {labels[phase]:<34} {f[f'sqlcipher_{phase}_s']:11.3f} {f[f'plain_{phase}_s']:10.3f}"
              f"   {f[f'ratio_{phase}']:5.2f}×")
    verdict = "OK" if f["ratio_total"] <= RATIO_TARGET else "OVER"
    print(f"  SQLCipher / plain total: {f['ratio_total']:.2f}× (target ≤ {RATIO_TARGET:g}×)  {verdict}")
    print(f"  audit events per vault: {int(f['audit_events'])}")


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench_vault", description=__doc__.split("\n")[0])
    parser.add_argument("--findings", type=int, default=10000, help="findings in the workload (default 10000)")
    parser.add_argument("--repeat", type=int, default=20, help="repeats of each open measurement (default 20)")
    parser.add_argument("--workload-repeat", type=int, default=3,
                        help="workload runs per engine, alternating; medians reported (default 3)")
    args = parser.parse_args(argv)
    if args.findings < 1 or args.repeat < 1 or args.workload_repeat < 1:
        parser.error("--findings, --repeat and --workload-repeat must be positive")

    machine = machine_info()
    with memory_keyring(), tempfile.TemporaryDirectory(prefix="inspector-bench-") as tmp:
        directory = Path(tmp)
        figures = bench_open(directory, args.repeat)
        figures.update(bench_workload(directory, args.findings, args.workload_repeat))
    figures["findings"] = float(args.findings)
    figures["repeat"] = float(args.repeat)
    print_report(machine, args.findings, args.repeat, args.workload_repeat, figures)
    return figures


if __name__ == "__main__":
    main()
    sys.exit(0)

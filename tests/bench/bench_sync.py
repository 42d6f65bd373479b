"""Benchmark of sync bundles: export and import of N findings with M MiB of evidence, against raw AES-256-GCM + SHA-256.

Run::

    python -m tests.bench.bench_sync [--findings N] [--evidence-mb M] [--file-mb F] [--repeat R] [--profile DIR]

Set-up (not measured): the laptop is the demo vault (SQLCipher, its signing
identity) plus N findings added through one audited ORM session, and M MiB of
evidence — files of about F MiB (default 3, each within ± 25 % and at most the
100 MiB an evidence file may have) of random bytes (incompressible, like
JPEG), attached to findings with :func:`inspector.services.evidence.add_evidence`.
The office is a vault made apart (:func:`tests.sync_helpers.make_office`); the
two trust each other (:func:`tests.sync_helpers.introduce`).

Each measured operation runs in a **fresh subprocess** of this module (``child
export`` / ``child import``), so its memory is its own:

* **export**: :func:`inspector.sync.exporter.export_bundle` (scope ``all``,
  AES-256-GCM), laptop → file. Wall time;
* **import**: :func:`inspector.sync.importer.import_bundle`, file → office,
  full apply (verified, decrypted, checked, merged in one transaction). Wall
  time; the counts it applied are checked against the laptop (and the office's
  tables afterwards);
* **peak memory** of each: on Linux the peak resident set is reset just before
  the operation (``/proc/self/clear_refs``) and read after it (``VmHWM``); the
  figure is that peak minus the resident set just before. Elsewhere it is
  ``ru_maxrss`` minus the resident set before (the process's lifetime peak, an
  upper bound). Target ≤ 300 MB for each;
* **baseline**, in the same subprocess right after the operation (so on the same
  machine in the same state): AES-256-GCM (``cryptography``'s ``AESGCM``, 1 MiB
  chunks) plus SHA-256 over as many bytes as the bundle holds in plaintext
  (evidence + records JSON + index, read from the manifest), from a 64 MiB
  random buffer (beyond the CPU caches; both costs are independent of the
  bytes' values). Median of 3. Target: export and import each ≤ 2× this.

For context, measured in the bench's own process: reading every evidence
blob out of the laptop's SQLCipher file (raw SQL, one at a time as the
exporter does), writing them all into a scratch SQLCipher file (raw driver, the
vault's pragmas, one transaction, commit included), and writing the bundle's
number of bytes to a plain file (1 MiB writes, fsync). The **floor** of export
is baseline + SQLCipher read + file write, of import baseline + SQLCipher write:
what any design that keeps evidence inside SQLCipher pays; the ratio to it is
shown for information. Vaults and bundles live in a temporary directory,
deleted afterwards.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from tests.bench.sync_vaults import (
    FILE_MIB,
    MIB,
    build_laptop,
    build_office,
    copy_vault,
    open_vault,
    remove_vault,
    table_counts,
)
from tests.bench.table import Report, Row

CHILD_MARKER = "BENCH_SYNC_CHILD="
RATIO_TARGET = 2.0
MEMORY_TARGET_MB = 300.0
REPORT = Report(
    title="Sync bundles",
    conditions="{laptop_findings:.0f} findings, {laptop_evidence:.0f} evidence rows, {blobs:.0f} files "
               "({evidence_bytes_mb:.0f} MB of evidence); bundle of {file_bytes_mb:.0f} MB; each operation in a fresh "
               "subprocess, median of {repeat:.0f}",
    rows=[
        Row("Export, laptop → bundle file", "export_s", "s", baseline="export_baseline_s",
            baseline_label="AES-256-GCM + SHA-256 over the same bytes", ratio="export_ratio",
            target=f"≤ {RATIO_TARGET:g}× baseline", check=("export_ratio", RATIO_TARGET)),
        Row("Import, bundle → office vault, applied", "import_s", "s", baseline="import_baseline_s",
            baseline_label="AES-256-GCM + SHA-256 over the same bytes", ratio="import_ratio",
            target=f"≤ {RATIO_TARGET:g}× baseline", check=("import_ratio", RATIO_TARGET)),
        Row("Export against its floor", "export_s", "s", baseline="export_floor_s",
            baseline_label="baseline + SQLCipher read + file write", ratio="export_floor_ratio"),
        Row("Import against its floor", "import_s", "s", baseline="import_floor_s",
            baseline_label="baseline + SQLCipher write", ratio="import_floor_ratio"),
        Row("Export, peak memory above the resident set before", "export_peak_increase_mb", "MB",
            target=f"≤ {MEMORY_TARGET_MB:g} MB", check=("export_peak_increase_mb", MEMORY_TARGET_MB)),
        Row("Import, peak memory above the resident set before", "import_peak_increase_mb", "MB",
            target=f"≤ {MEMORY_TARGET_MB:g} MB", check=("import_peak_increase_mb", MEMORY_TARGET_MB)),
        Row("SQLCipher alone: read every evidence file (raw SQL)", "sqlcipher_read_s", "s"),
        Row("SQLCipher alone: write every evidence file (one transaction)", "sqlcipher_write_s", "s"),
    ],
    quick=["--findings", "50", "--evidence-mb", "8"],
    notes="Profiled with pyinstrument (one export and one import in a process, same data). Import, besides the "
          "SQLCipher writes and the commit: validating the records through the SQLModel table models (SQLAlchemy "
          "instruments every object) and the ORM's unit of work for 10 000 new rows cost 3.2 s; rows are now "
          "checked by plain pydantic models made from the same fields and inserted by one Core statement per "
          "1000 rows with the same audit events the flush hooks write (1.9 s, same conditions), and an import's "
          "evidence events go into the chain at once. Export: rows are read with Core instead of ORM objects "
          "(0.8 → 0.55 s for the records of 10 000 findings).",
    explain={
        "export_ratio": "The baseline is the cryptography alone ({export_baseline_s:.2f} s). Reading the evidence "
                        "out of SQLCipher (every 4 KiB page decrypted and its HMAC checked) costs "
                        "{sqlcipher_read_s:.2f} s on its own and writing the file with fsync {file_write_s:.2f} s, "
                        "so no export can beat its floor of {export_floor_s:.2f} s = "
                        "{export_floor_over_baseline:.1f}× the baseline; the export runs at "
                        "{export_floor_ratio:.2f}× that floor. Beyond it (profile): the manifest's SHA-256 of "
                        "every sealed member, the ZIP writing, and reading and writing the records as JSON. "
                        "Meeting ≤ 2× would need the evidence outside the encrypted database, which the product "
                        "forbids, or another page cipher, which would change the vault format (excluded).",
        "import_ratio": "Writing the evidence into SQLCipher costs {sqlcipher_write_s:.2f} s on its own (pages "
                        "encrypted into the WAL, fsync at commit, then copied into the database file by the "
                        "checkpoint), so no import can beat its floor of {import_floor_s:.2f} s = "
                        "{import_floor_over_baseline:.1f}× the baseline; the import runs at "
                        "{import_floor_ratio:.2f}× that floor ({import_over_floor_s:.1f} s more). A profile on the "
                        "development machine puts the rest in: decrypting, and the two SHA-256 passes the format "
                        "requires (each sealed member against the signed manifest, each file against its content "
                        "address) plus the ZIP's CRC-32 — about 2 s for 1 GB where the baseline makes one pass; the "
                        "records, validated, merged and inserted with their audit events — about 1.9 s for 10 000 "
                        "findings (3.2 s before the changes in the notes), most of it the INSERTs with the search "
                        "index's triggers; and the blob writes themselves, which vary by seconds between runs on a "
                        "shared disk (the same raw write took 5.9 to 10.2 s on the development machine). Not "
                        "tried: decrypting and hashing the next file on a second thread while SQLite writes the last "
                        "one. Meeting ≤ 2× would need the evidence outside the encrypted database (forbidden) or a "
                        "different vault format (excluded).",
    },
)
POOL = 64 * MIB
BASELINE_RUNS = 3
RECIPIENT = "办公室"
REPO = Path(__file__).resolve().parents[2]
TIMEOUT_S = 3600


class BenchError(RuntimeError):
    pass


# ---- memory ------------------------------------------------------------------------------------------


def _status_kib(field: str) -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def rss_mb() -> float:
    kib = _status_kib("VmRSS")
    return kib / 1024 if kib is not None else lifetime_peak_mb()


def lifetime_peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MIB if sys.platform == "darwin" else peak / 1024


def reset_peak() -> bool:
    """Reset this process's peak resident set (Linux ≥ 4.0); False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return _status_kib("VmHWM") is not None


def peak_mb(was_reset: bool) -> float:
    kib = _status_kib("VmHWM") if was_reset else None
    return kib / 1024 if kib is not None else lifetime_peak_mb()


# ---- sizes and the baseline --------------------------------------------------------------------------


def plain_size(sealed: int, chunk: int = MIB, tag: int = 16) -> int:
    """Plaintext bytes of a member from its stored size (1 MiB chunks, each with a 16-byte tag)."""
    chunks = max(1, -(-sealed // (chunk + tag)))
    return sealed - chunks * tag


def bundle_sizes(path: Path) -> dict[str, int]:
    """What the bundle carries in plaintext, from its (plain, signed) manifest."""
    with zipfile.ZipFile(path) as z:
        manifest = json.loads(z.read("manifest.json"))
    out = {"records_bytes": 0, "evidence_bytes": 0, "index_bytes": 0, "members": len(manifest["members"])}
    for m in manifest["members"]:
        kind = ("records_bytes" if m["path"].startswith("records/") else
                "evidence_bytes" if m["path"].startswith("blobs/") else "index_bytes")
        out[kind] += plain_size(m["size"])
    out["plain_bytes"] = out["records_bytes"] + out["evidence_bytes"] + out["index_bytes"]
    out["file_bytes"] = path.stat().st_size
    return out


def crypto_baseline(total: int, runs: int = BASELINE_RUNS) -> float:
    """Median seconds for AES-256-GCM (1 MiB chunks) + SHA-256 over ``total`` bytes."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    pool = memoryview(os.urandom(POOL))
    aead = AESGCM(os.urandom(32))
    aad = b"bench-sync\x00blobs/000001"
    times = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        digest, done, counter = hashlib.sha256(), 0, 0
        while done < total or counter == 0:
            n = min(MIB, total - done)
            start = (counter * MIB) % POOL
            digest.update(aead.encrypt(counter.to_bytes(12, "big"), pool[start:start + n], aad))
            done += n
            counter += 1
        digest.hexdigest()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# ---- the child: one operation in a fresh process -----------------------------------------------------


def child(argv: list[str]) -> dict[str, Any]:
    """``child export VAULT OUT [PROF]`` or ``child import VAULT BUNDLE [PROF]``: time one operation, its memory,
    then the crypto baseline over the bundle's bytes. Prints one line ``BENCH_SYNC_CHILD={json}``."""
    import cProfile

    from inspector.sync import exporter, importer

    op, vault_path, bundle, *rest = argv
    profile_to = Path(rest[0]) if rest else None
    vault = open_vault(Path(vault_path))
    try:
        if op == "export":
            def run() -> dict[str, Any]:
                r = exporter.export_bundle(vault, bundle, [RECIPIENT])
                return {"counts": r.counts, "blobs": r.blobs, "blob_bytes": r.blob_bytes}
        elif op == "import":
            def run() -> dict[str, Any]:
                r = importer.import_bundle(vault, bundle)
                return {"counts": r.counts, "blobs": r.blobs, "blob_bytes": r.blob_bytes, "applied": r.applied,
                        "already_imported": r.already_imported, "conflicts": r.total("conflicts"),
                        "flags": [en for _, en in r.flags]}
        else:
            raise SystemExit(f"unknown child operation {op!r}")
        profiler = cProfile.Profile() if profile_to else None
        gc.collect()
        before = rss_mb()
        was_reset = reset_peak()
        t0 = time.perf_counter()
        if profiler:
            profiler.enable()
        result = run()
        if profiler:
            profiler.disable()
        seconds = time.perf_counter() - t0
        peak = peak_mb(was_reset)
        if profiler:
            profiler.dump_stats(profile_to)
    finally:
        vault.close()
    sizes = bundle_sizes(Path(bundle))
    out = {"op": op, "seconds": seconds, "rss_before_mb": before, "peak_mb": peak, "peak_increase_mb": peak - before,
           "peak_reset": was_reset, "baseline_s": crypto_baseline(sizes["plain_bytes"]), **sizes, **result}
    print(CHILD_MARKER + json.dumps(out, ensure_ascii=False), flush=True)
    return out


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # never the user's keyring
    for name in ("INSPECTOR_PASSPHRASE", "INSPECTOR_VAULT"):
        env.pop(name, None)
    return env


def run_child(*args: str) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "tests.bench.bench_sync", "child", *args]
    try:
        proc = subprocess.run(cmd, cwd=REPO, env=child_env(), capture_output=True, text=True, timeout=TIMEOUT_S,
                              check=False)
    except subprocess.TimeoutExpired:
        raise BenchError(f"child {args[0]} did not finish within {TIMEOUT_S} s") from None
    lines = [line for line in proc.stdout.splitlines() if line.startswith(CHILD_MARKER)]
    if proc.returncode != 0 or len(lines) != 1:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-8:]
        raise BenchError(f"child {args[0]}: exit code {proc.returncode}, {len(lines)} result line(s); last output:\n  "
                         + "\n  ".join(tail))
    return json.loads(lines[0][len(CHILD_MARKER):])


# ---- set-up --------------------------------------------------------------------------------------------


def _say(text: str) -> None:
    print(f"[bench_sync] {text}", file=sys.stderr, flush=True)


# ---- context: raw SQLCipher reads and writes of the blobs ------------------------------------------------


def sqlcipher_context(laptop_path: Path, scratch: Path) -> dict[str, float]:
    """Seconds to read every blob from the laptop (raw SQL, one at a time), and to write them all into a
    scratch SQLCipher file (raw driver, the vault's pragmas, one transaction, commit included)."""
    import sqlcipher3

    from inspector.db import CONNECTION_PRAGMAS, quiet_sqlcipher, raw_key_pragma

    vault = open_vault(laptop_path)
    target = sqlcipher3.connect(str(scratch), isolation_level=None)
    try:
        quiet_sqlcipher(target)
        target.execute(raw_key_pragma(os.urandom(32)))
        for pragma in CONNECTION_PRAGMAS:
            target.execute(pragma)
        target.execute("CREATE TABLE blob (sha256 TEXT PRIMARY KEY, size INTEGER, data BLOB)")
        with vault.engine.connect() as conn:
            shas = [r[0] for r in conn.exec_driver_sql("SELECT sha256 FROM evidence_blob ORDER BY sha256")]
            read_s = write_s = 0.0
            total = 0
            target.execute("BEGIN")
            for sha in shas:
                t0 = time.perf_counter()
                data = conn.exec_driver_sql("SELECT data FROM evidence_blob WHERE sha256 = ?", (sha,)).scalar_one()
                t1 = time.perf_counter()
                target.execute("INSERT INTO blob VALUES (?, ?, ?)", (sha, len(data), data))
                write_s += time.perf_counter() - t1
                read_s += t1 - t0
                total += len(data)
                del data
            t0 = time.perf_counter()
            target.execute("COMMIT")
            write_s += time.perf_counter() - t0
    finally:
        target.close()
        vault.close()
        for f in (scratch, scratch.with_name(scratch.name + "-wal"), scratch.with_name(scratch.name + "-shm")):
            f.unlink(missing_ok=True)
    return {"sqlcipher_read_s": read_s, "sqlcipher_write_s": write_s, "sqlcipher_blob_bytes": float(total)}


def file_write_seconds(path: Path, size: int) -> float:
    """Seconds to write ``size`` random bytes to a new file in 1 MiB writes, fsync included."""
    pool = memoryview(os.urandom(POOL))
    try:
        gc.collect()
        t0 = time.perf_counter()
        with open(path, "wb") as f:
            done = 0
            while done < size:
                n = min(MIB, size - done)
                start = done % POOL
                f.write(pool[start:start + n])
                done += n
            f.flush()
            os.fsync(f.fileno())
        return time.perf_counter() - t0
    finally:
        path.unlink(missing_ok=True)


# ---- the run -----------------------------------------------------------------------------------------------


def check_import(result: dict[str, Any], laptop: dict[str, int], office_before: dict[str, int],
                 office_after: dict[str, int]) -> list[str]:
    """Problems with what the import applied (empty when every laptop record and blob arrived)."""
    problems = []
    if not result.get("applied"):
        problems.append("the import was not applied")
    if result.get("conflicts"):
        problems.append(f"{result['conflicts']} conflicts")
    for table in ("finding", "evidence"):
        c = result["counts"].get(table, {})
        arrived = c.get("new", 0) + c.get("unchanged", 0) + c.get("updated", 0)
        if arrived != laptop[table]:
            problems.append(f"{table}: {arrived} in the bundle's merge, the laptop has {laptop[table]}")
        if c.get("new", 0) != laptop[table] - office_before[table]:
            problems.append(f"{table}: {c.get('new', 0)} new, expected {laptop[table] - office_before[table]}")
    for table in ("finding", "evidence", "evidence_blob"):
        if office_after[table] < laptop[table]:
            problems.append(f"office {table}: {office_after[table]} rows after the import, the laptop has {laptop[table]}")
    if result["blobs"] != laptop["evidence_blob"]:
        problems.append(f"{result['blobs']} evidence files in the bundle, the laptop has {laptop['evidence_blob']}")
    return problems


def measure(folder: Path, laptop_path: Path, office_path: Path, repeat: int, profile: Path | None
            ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    tables = ["finding", "evidence", "evidence_blob"]
    laptop = table_counts(laptop_path, tables)
    office_before = table_counts(office_path, tables)
    exports, imports, problems = [], [], []
    for r in range(repeat):
        bundle = folder / f"run{r}.inspbundle"
        target = copy_vault(office_path, folder / f"run{r}" / "office.vault")
        try:
            _say(f"run {r + 1}/{repeat}: export")
            exports.append(run_child("export", str(laptop_path), str(bundle),
                                     *([str(profile / f"export-{r}.prof")] if profile else [])))
            _say(f"run {r + 1}/{repeat}: import")
            imports.append(run_child("import", str(target), str(bundle),
                                     *([str(profile / f"import-{r}.prof")] if profile else [])))
            problems += check_import(imports[-1], laptop, office_before, table_counts(target, tables))
        finally:
            bundle.unlink(missing_ok=True)
            remove_vault(target)
    return exports, imports, problems


def figures_of(exports: list[dict[str, Any]], imports: list[dict[str, Any]]) -> dict[str, float]:
    def med(runs: list[dict[str, Any]], key: str) -> float:
        return float(statistics.median(run[key] for run in runs))

    f: dict[str, float] = {}
    for name, runs in (("export", exports), ("import", imports)):
        f[f"{name}_s"] = med(runs, "seconds")
        f[f"{name}_baseline_s"] = med(runs, "baseline_s")
        f[f"{name}_ratio"] = float(statistics.median(r["seconds"] / r["baseline_s"] for r in runs))
        f[f"{name}_peak_increase_mb"] = max(float(r["peak_increase_mb"]) for r in runs)
        f[f"{name}_peak_mb"] = max(float(r["peak_mb"]) for r in runs)
        f[f"{name}_rss_before_mb"] = med(runs, "rss_before_mb")
    last = imports[-1]
    for key in ("plain_bytes", "records_bytes", "evidence_bytes", "index_bytes", "file_bytes", "members", "blobs"):
        f[key] = float(last[key])
    f["imported_findings"] = float(last["counts"].get("finding", {}).get("new", 0))
    f["imported_evidence"] = float(last["counts"].get("evidence", {}).get("new", 0))
    f["peak_reset"] = float(all(r["peak_reset"] for r in exports + imports))
    return f


def add_floors(f: dict[str, float]) -> None:
    f["export_floor_s"] = f["export_baseline_s"] + f["sqlcipher_read_s"] + f["file_write_s"]
    f["import_floor_s"] = f["import_baseline_s"] + f["sqlcipher_write_s"]
    f["export_floor_ratio"] = f["export_s"] / f["export_floor_s"]
    f["import_floor_ratio"] = f["import_s"] / f["import_floor_s"]
    f["export_floor_over_baseline"] = f["export_floor_s"] / f["export_baseline_s"]
    f["import_floor_over_baseline"] = f["import_floor_s"] / f["import_baseline_s"]
    f["export_over_floor_s"] = f["export_s"] - f["export_floor_s"]
    f["import_over_floor_s"] = f["import_s"] - f["import_floor_s"]
    f["evidence_bytes_mb"] = f["evidence_bytes"] / 1e6
    f["file_bytes_mb"] = f["file_bytes"] / 1e6


def print_report(args: argparse.Namespace, f: dict[str, float], problems: list[str],
                 runs: dict[str, list[float]] | None = None) -> None:
    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    def mb(n: float) -> float:
        return n / 1e6

    how_many = f"median of {args.repeat} runs" if args.repeat > 1 else "one run"
    print(f"Inspector sync bundle benchmark — {int(f['laptop_findings'])} findings, "
          f"{int(f['laptop_evidence'])} evidence rows, {int(f['blobs'])} files, {mb(f['evidence_bytes']):.0f} MB "
          f"of evidence; {how_many}{' (PROFILED: times inflated)' if args.profile else ''}")
    print(f"  python {platform.python_version()}, {platform.platform()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f} at the end")
    print(f"  bundle: {mb(f['file_bytes']):.0f} MB file, {int(f['members'])} members; plaintext "
          f"{mb(f['plain_bytes']):.1f} MB = evidence {mb(f['evidence_bytes']):.1f} + records JSON "
          f"{mb(f['records_bytes']):.1f} + index {mb(f['index_bytes']):.2f}")
    print()
    print(f"  {'':<34} {'seconds':>8} {'baseline s':>11} {'ratio':>7}   {'target':<6}          "
          f"{'floor s':>8} {'/ floor':>8}")
    for name, label in (("export", "export (laptop → file)"), ("import", "import (file → office, applied)")):
        ratio = f[f"{name}_ratio"]
        print(f"  {label:<34} {f[f'{name}_s']:8.2f} {f[f'{name}_baseline_s']:11.3f} {ratio:6.2f}×   "
              f"≤ {RATIO_TARGET:g}×  {verdict(ratio <= RATIO_TARGET):<6}   "
              f"{f[f'{name}_floor_s']:8.2f} {f[f'{name}_floor_ratio']:7.2f}×")
    print(f"  baseline: AES-256-GCM in 1 MiB chunks + SHA-256 over the {mb(f['plain_bytes']):.1f} MB, in the same "
          "subprocess as the operation")
    print("  floor (information): export = baseline + SQLCipher read + file write; import = baseline + SQLCipher write")
    if runs and args.repeat > 1:
        print("  every run, s: " + "; ".join(f"{name} " + " ".join(f"{x:.2f}" for x in runs[name]) for name in runs))
    print()
    how = "peak reset just before" if f["peak_reset"] else "lifetime ru_maxrss: an upper bound"
    print(f"  {'peak memory, a fresh subprocess each (' + how + ')':<52} {'MB':>6}   target")
    for name in ("export", "import"):
        inc = f[f"{name}_peak_increase_mb"]
        print(f"  {name + ': peak RSS − RSS before':<52} {inc:6.0f}   ≤ {MEMORY_TARGET_MB:g}  {verdict(inc <= MEMORY_TARGET_MB)}"
              f"   (process peak {f[f'{name}_peak_mb']:.0f} MB, RSS before {f[f'{name}_rss_before_mb']:.0f} MB)")
    print()
    print("  context, measured in this process")
    for key, label, size in (("sqlcipher_read_s", "SQLCipher: read every blob (raw SQL, one by one)", "sqlcipher_blob_bytes"),
                             ("sqlcipher_write_s", "SQLCipher: write every blob (one transaction)", "sqlcipher_blob_bytes"),
                             ("file_write_s", "plain file: write the bundle's size (fsync)", "file_bytes")):
        rate = f"{mb(f[size]) / f[key]:6.0f} MB/s" if f[key] > 0 else ""
        print(f"    {label:<50} {f[key]:7.2f} s  {rate}")
    state = "as on the laptop" if not problems else "PROBLEMS: " + "; ".join(problems)
    print(f"  imported: {int(f['imported_findings'])} findings, {int(f['imported_evidence'])} evidence rows, "
          f"{int(f['blobs'])} files — {state}")
    print(f"  (setting up the vaults took {f['setup_s']:.1f} s)")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> dict[str, float]:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "child":
        child(argv[1:])
        return {}
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench_sync", description=__doc__.split("\n")[0])
    parser.add_argument("--findings", type=int, default=10_000, help="findings added to the laptop (default 10000)")
    parser.add_argument("--evidence-mb", type=float, default=1024, help="MiB of evidence added (default 1024)")
    parser.add_argument("--file-mb", type=float, default=FILE_MIB,
                        help=f"MiB per evidence file, ± 25 %%, at most 100 (default {FILE_MIB:g})")
    parser.add_argument("--repeat", type=int, default=1, help="export + import runs (default 1)")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="profile each operation with cProfile into DIR/{export,import}-R.prof (inflates times)")
    args = parser.parse_args(argv)
    if args.findings < 0 or args.evidence_mb <= 0 or not 0 < args.file_mb <= 100 or args.repeat < 1:
        parser.error("--findings must be ≥ 0, --evidence-mb > 0, --file-mb in (0, 100] and --repeat ≥ 1")
    if args.profile:
        args.profile = args.profile.resolve()
        args.profile.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="inspector-bench-sync-") as tmp:
        folder = Path(tmp)
        laptop_path, office_path = folder / "laptop" / "laptop.vault", folder / "office" / "office.vault"
        laptop_path.parent.mkdir()
        office_path.parent.mkdir()
        t0 = time.perf_counter()
        _say(f"building the laptop: {args.findings} findings, {args.evidence_mb:g} MiB of evidence")
        figures: dict[str, float] = build_laptop(laptop_path, args.findings, args.evidence_mb, args.file_mb)
        build_office(office_path, laptop_path)
        figures["setup_s"] = time.perf_counter() - t0
        _say("context: raw SQLCipher reads and writes of the blobs")
        figures.update(sqlcipher_context(laptop_path, folder / "scratch.db"))
        exports, imports, problems = measure(folder, laptop_path, office_path, args.repeat, args.profile)
        figures.update(figures_of(exports, imports))
        figures["file_write_s"] = file_write_seconds(folder / "scratch.bin", int(figures["file_bytes"]))
    add_floors(figures)
    figures.update(findings=float(args.findings), evidence_mb=float(args.evidence_mb), file_mb=float(args.file_mb),
                   repeat=float(args.repeat), problems=float(len(problems)))
    print_report(args, figures, problems, {name: [r["seconds"] for r in results]
                                           for name, results in (("export", exports), ("import", imports))})
    if args.profile:
        print(f"  profiles: {args.profile}/export-*.prof, import-*.prof (python -m pstats FILE)")
    return figures


if __name__ == "__main__":
    try:
        result = main()
    except BenchError as exc:
        sys.exit(f"bench_sync: {exc}")
    sys.exit(1 if result.get("problems") else 0)

"""Benchmark of sync bundles: export and import of N findings with M MiB of evidence, against raw AES-256-GCM + SHA-256.

Run::

    python -m tests.bench.bench_sync [--findings N] [--evidence-mb M] [--file-mb F] [--repeat R] [--profile DIR]

Set-up (not measured): the laptop is the demo vault (SQLCipher, its signing
identity) plus N findings added through one audited ORM session, and M MiB of
evidence — files of about F MiB (default 3, each within ± 25 %; any size up to
the 8 GiB an evidence file may have) of random bytes (incompressible, like
JPEG), streamed to findings with :func:`inspector.services.evidence.add_evidence`:
each becomes a file of the laptop's evidence store (``laptop.vault.evidence/``),
sealed in 1 MiB AES-256-GCM chunks under its own key (:mod:`inspector.evidence_store`).
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
  upper bound). Target ≤ 150 MB for each, whatever the size of the files;
* **baseline**, in the same subprocess right after the operation (so on the same
  machine in the same state): AES-256-GCM (``cryptography``'s ``AESGCM``, 1 MiB
  chunks) plus SHA-256 over as many bytes as the bundle holds in plaintext
  (evidence + records JSON + index, read from the manifest), from a 64 MiB
  random buffer (beyond the CPU caches; both costs are independent of the
  bytes' values). Median of 3. Target: export and import each ≤ 2× this;
* **parts** of each, timed inside the measured run (:func:`timed_phases`): the
  evidence files, the records, and the rest (opening and verifying, index,
  manifest, signature, commit, fsync).

Evidence is not inside SQLCipher: an export decrypts each file out of the
evidence store and encrypts it again under the bundle's key; an import decrypts
each member and seals it into a new store file under a new key of its own. So
each moves the evidence through *two* AES-256-GCM passes (the baseline counts
one) and two SHA-256 passes on import (each sealed member against the signed
manifest, each file against its content address). For context, measured in the
bench's own process: **store read** — every evidence file read out of the
laptop's store and decrypted chunk by chunk, as the exporter reads it
(:meth:`inspector.evidence_store.EvidenceStore.open_stream`, content hash not
checked, one file at a time); **store write** — as many bytes, file by file,
sealed into a scratch store as the importer seals them
(:meth:`~inspector.evidence_store.EvidenceStore.seal`: SHA-256 + AES-256-GCM,
each file written, fsynced and renamed into place); **file write** — the
bundle's number of bytes written to a plain file (1 MiB writes, fsync). The
**floor** of export is baseline + store read + file write, of import baseline +
store write: what any export or import pays that keeps each evidence file
sealed under its own key and a bundle sealed under another; the ratio to it is
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
MEMORY_TARGET_MB = 150.0
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
            baseline_label="baseline + evidence store read + file write", ratio="export_floor_ratio"),
        Row("Import against its floor", "import_s", "s", baseline="import_floor_s",
            baseline_label="baseline + evidence store write", ratio="import_floor_ratio"),
        Row("Export, peak memory above the resident set before", "export_peak_increase_mb", "MB",
            target=f"≤ {MEMORY_TARGET_MB:g} MB", check=("export_peak_increase_mb", MEMORY_TARGET_MB)),
        Row("Import, peak memory above the resident set before", "import_peak_increase_mb", "MB",
            target=f"≤ {MEMORY_TARGET_MB:g} MB", check=("import_peak_increase_mb", MEMORY_TARGET_MB)),
        Row("Export: of which the evidence files (out of the store, into the bundle)", "export_evidence_s", "s"),
        Row("Export: of which the records (read, JSON, encrypted)", "export_records_s", "s"),
        Row("Import: of which the evidence files (out of the bundle, sealed into the store)", "import_evidence_s", "s"),
        Row("Import: of which the records (checked, merged, inserted with their audit events)", "import_records_s",
            "s"),
        Row("Evidence store alone: read and decrypt every file (as the export)", "store_read_s", "s"),
        Row("Evidence store alone: seal as many bytes into new files, fsync each (as the import)", "store_write_s",
            "s"),
        Row("Plain file alone: write the bundle's size, fsync", "file_write_s", "s"),
    ],
    quick=["--findings", "50", "--evidence-mb", "8"],
    notes="Evidence lives in the evidence store beside the database (issue 19), no longer inside SQLCipher. Of the "
          "export's {export_s:.2f} s, the evidence files took {export_evidence_s:.2f} s, the records "
          "{export_records_s:.2f} s and the rest (index, manifest, signature, the file's fsync) {export_rest_s:.2f} s; "
          "of the import's {import_s:.2f} s, the evidence files {import_evidence_s:.2f} s, the records "
          "{import_records_s:.2f} s and the rest (opening and verifying the bundle, the commit) {import_rest_s:.2f} s "
          "(the bench times these parts inside the measured run). Earlier changes to the records (profiled then with "
          "pyinstrument): rows are checked by plain pydantic models made from the table models' fields and inserted "
          "by one Core statement per 1000 rows with the same audit events the flush hooks write (the ORM's unit of "
          "work cost 3.2 s for 10 000 findings, 1.9 s after), and an export reads rows with Core instead of ORM "
          "objects (0.8 → 0.55 s).",
    explain={
        "export_ratio": "The baseline is one pass of AES-256-GCM and one of SHA-256 over the bundle's bytes "
                        "({export_baseline_s:.2f} s), most of it SHA-256 (AES-256-GCM with AES-NI is several times "
                        "faster). An export reads every evidence file out of the store, decrypting it under its own "
                        "key ({store_read_s:.2f} s on its own), encrypts it again under the bundle's key, and "
                        "writes the {file_bytes_mb:.0f} MB file with fsync ({file_write_s:.2f} s on its own), so no "
                        "export in this design beats its floor of {export_floor_s:.2f} s = "
                        "{export_floor_over_baseline:.1f}× the baseline: the durable write alone is "
                        "{export_write_over_baseline:.1f}× the baseline. The export ran at {export_floor_ratio:.2f}× that floor "
                        "({export_over_floor_s:.1f} s more): the records ({export_records_s:.2f} s) and, in the "
                        "evidence, what a cProfile run on the development machine puts beyond the floor — the ZIP "
                        "writer's CRC-32 of every member (0.3 to 0.4 s per GB) and the write's fsync (a copy of "
                        "every chunk in inspector/crypto/stream.decrypt is gone: 0.2 s per GB). No export meets "
                        "≤ 2× while the floor exceeds it ({export_floor_over_baseline:.1f}× here).",
        "import_ratio": "Sealing the evidence into the store costs {store_write_s:.2f} s on its own for "
                        "{store_files:.0f} files (each file's SHA-256 content address, AES-256-GCM under a new key of "
                        "its own, written, fsynced and renamed into place, its folder synced), so no import in this "
                        "design beats its floor of {import_floor_s:.2f} s = {import_floor_over_baseline:.1f}× the "
                        "baseline (the bundle's decryption and each member's SHA-256 against the signed manifest): "
                        "the format makes two SHA-256 passes where the baseline makes one, and SHA-256 is most of "
                        "the baseline. The import ran at {import_floor_ratio:.2f}× that floor "
                        "({import_over_floor_s:.1f} s more): the records of the {imported_findings:.0f} findings "
                        "took {import_records_s:.2f} s (parsed, checked, merged, inserted with their audit events; "
                        "the largest part the INSERTs, with the search index's triggers, and the events) and the "
                        "evidence "
                        "{import_evidence_s:.2f} s, where a cProfile run on the development machine puts beyond the "
                        "floor the ZIP reader's CRC-32 of every member (0.4 to 0.6 s per GB, redundant with the "
                        "member's SHA-256 against the signed manifest); a copy of every chunk in "
                        "inspector/crypto/stream.decrypt, 0.8 s per GB, is gone (each chunk is decrypted in place). "
                        "The bundle's bytes are read and hashed on a second thread while the previous pieces are "
                        "decrypted and sealed (inspector/pipeline.py), which hides most of one SHA-256 pass. The "
                        "disk makes "
                        "the store write vary between runs on a shared machine (3.0 to 10.0 s for the same 1 GB on "
                        "the development machine). No import meets ≤ 2× while the floor exceeds it "
                        "({import_floor_over_baseline:.1f}× here).",
    },
)
POOL = 64 * MIB
MAX_FILE_MIB = 8 * 1024  # the largest evidence file (inspector.services.evidence.MAX_EVIDENCE_BYTES)
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


def timed_phases(op: str) -> dict[str, float]:
    """Seconds of the operation spent on the evidence files and on the records, filled in as it runs: export —
    :meth:`~inspector.sync.bundle.BundleWriter.add` of the ``blobs/`` members (read out of the store, decrypted,
    encrypted, written) and of the ``records/`` members (rows read, written as JSON, encrypted); import —
    :func:`inspector.sync.importer._walk` (records read, checked, merged, inserted with their audit events) and
    :func:`~inspector.sync.importer._store_blobs` (members decrypted and checked, sealed into the store). A wrapper
    around each, in this child only; it costs nothing measurable (a few hundred calls)."""
    from inspector.sync import bundle, importer

    spent = {"evidence_s": 0.0, "records_s": 0.0}

    def timing(fn, phase_of):
        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                phase = phase_of(args)
                if phase:
                    spent[phase] += time.perf_counter() - t0
        return timed

    if op == "export":
        bundle.BundleWriter.add = timing(bundle.BundleWriter.add, lambda args: "evidence_s" if args[1].startswith(
            "blobs/") else "records_s" if args[1].startswith("records/") else None)
    else:
        importer._walk = timing(importer._walk, lambda args: "records_s")
        importer._store_blobs = timing(importer._store_blobs, lambda args: "evidence_s")
    return spent


def child(argv: list[str]) -> dict[str, Any]:
    """``child export VAULT OUT [PROF]`` or ``child import VAULT BUNDLE [PROF]``: time one operation, its memory,
    then the crypto baseline over the bundle's bytes. Prints one line ``BENCH_SYNC_CHILD={json}``."""

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
        phases = timed_phases(op)
        result, measured = measured_run(run, profile_to or None)
    finally:
        vault.close()
    sizes = bundle_sizes(Path(bundle))
    out = {"op": op, **measured, "baseline_s": crypto_baseline(sizes["plain_bytes"]), **sizes, **result,
           **phases, "rest_s": measured["seconds"] - phases["evidence_s"] - phases["records_s"]}
    print(CHILD_MARKER + json.dumps(out, ensure_ascii=False), flush=True)
    return out


def measured_run(run, profile_to: str | None) -> tuple[Any, dict[str, Any]]:
    """``run()`` timed, with the peak resident set above the one before (reset just before where possible), and
    profiled into ``profile_to`` when given; (its result, the figures)."""
    import cProfile

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
    return result, {"seconds": seconds, "rss_before_mb": before, "peak_mb": peak, "peak_increase_mb": peak - before,
                    "peak_reset": was_reset}


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # never the user's keyring
    for name in ("INSPECTOR_PASSPHRASE", "INSPECTOR_VAULT"):
        env.pop(name, None)
    return env


def run_child(*args: str, module: str = "tests.bench.bench_sync", marker: str = CHILD_MARKER) -> dict[str, Any]:
    """``python -m MODULE child ARGS…`` in a fresh process; its one result line (after ``marker``) as a dict."""
    cmd = [sys.executable, "-m", module, "child", *args]
    try:
        proc = subprocess.run(cmd, cwd=REPO, env=child_env(), capture_output=True, text=True, timeout=TIMEOUT_S,
                              check=False)
    except subprocess.TimeoutExpired:
        raise BenchError(f"child {args[0]} did not finish within {TIMEOUT_S} s") from None
    lines = [line for line in proc.stdout.splitlines() if line.startswith(marker)]
    if proc.returncode != 0 or len(lines) != 1:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-8:]
        raise BenchError(f"child {args[0]}: exit code {proc.returncode}, {len(lines)} result line(s); last output:\n  "
                         + "\n  ".join(tail))
    return json.loads(lines[0][len(marker):])


# ---- set-up --------------------------------------------------------------------------------------------


def _say(text: str) -> None:
    print(f"[bench_sync] {text}", file=sys.stderr, flush=True)


# ---- context: the evidence store's own reads and writes ---------------------------------------------------


def store_context(laptop_path: Path, scratch: Path) -> dict[str, float]:
    """Seconds to read every evidence file out of the laptop's store as the exporter does (decrypted chunk by
    chunk, one file at a time, content hash not checked), and to seal as many bytes, file by file, into a scratch
    store as the importer does (SHA-256 + AES-256-GCM, each file fsynced and renamed into place)."""
    import shutil

    from sqlalchemy import text

    from inspector.crypto import stream
    from inspector.evidence_store import EvidenceStore

    vault = open_vault(laptop_path)
    try:
        with vault.engine.connect() as conn:
            rows = conn.execute(text("SELECT sha256, size, cipher, file_key FROM evidence_blob "
                                     "WHERE file_key IS NOT NULL ORDER BY sha256")).all()
        gc.collect()
        t0 = time.perf_counter()
        total = 0
        for sha, size, cipher, key in rows:
            for plain in vault.evidence.open_stream(bytes(key), cipher, sha, size, check_hash=False):
                total += len(plain)
        read_s = time.perf_counter() - t0
    finally:
        vault.close()
    blocks = [os.urandom(MIB) for _ in range(POOL // MIB)]  # the importer hands the store 1 MiB pieces

    def pieces(size: int, first: int):
        done = 0
        while done < size:
            n = min(MIB, size - done)
            block = blocks[(first + done // MIB) % len(blocks)]
            yield block if n == MIB else block[:n]
            done += n

    store = EvidenceStore(scratch)
    try:
        gc.collect()
        t0 = time.perf_counter()
        for n, (_, size, _, _) in enumerate(rows):
            store.seal(pieces(size, n), stream.AES_256_GCM)
        write_s = time.perf_counter() - t0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {"store_read_s": read_s, "store_write_s": write_s, "store_bytes": float(total),
            "store_files": float(len(rows))}


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
        for phase in ("evidence_s", "records_s", "rest_s"):
            f[f"{name}_{phase}"] = med(runs, phase)
    last = imports[-1]
    for key in ("plain_bytes", "records_bytes", "evidence_bytes", "index_bytes", "file_bytes", "members", "blobs"):
        f[key] = float(last[key])
    f["imported_findings"] = float(last["counts"].get("finding", {}).get("new", 0))
    f["imported_evidence"] = float(last["counts"].get("evidence", {}).get("new", 0))
    f["peak_reset"] = float(all(r["peak_reset"] for r in exports + imports))
    return f


def add_floors(f: dict[str, float]) -> None:
    f["export_floor_s"] = f["export_baseline_s"] + f["store_read_s"] + f["file_write_s"]
    f["import_floor_s"] = f["import_baseline_s"] + f["store_write_s"]
    f["export_floor_ratio"] = f["export_s"] / f["export_floor_s"]
    f["import_floor_ratio"] = f["import_s"] / f["import_floor_s"]
    f["export_floor_over_baseline"] = f["export_floor_s"] / f["export_baseline_s"]
    f["import_floor_over_baseline"] = f["import_floor_s"] / f["import_baseline_s"]
    f["export_write_over_baseline"] = f["file_write_s"] / f["export_baseline_s"]
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
    for name in ("export", "import"):
        print(f"  {name}: evidence files {f[f'{name}_evidence_s']:.2f} s, records {f[f'{name}_records_s']:.2f} s, "
              f"the rest {f[f'{name}_rest_s']:.2f} s")
    print(f"  baseline: AES-256-GCM in 1 MiB chunks + SHA-256 over the {mb(f['plain_bytes']):.1f} MB, in the same "
          "subprocess as the operation")
    print("  floor (information): export = baseline + evidence store read + file write; "
          "import = baseline + evidence store write")
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
    for key, label, size in (("store_read_s", "evidence store: read and decrypt every file", "store_bytes"),
                             ("store_write_s", "evidence store: seal as many bytes (fsync each)", "store_bytes"),
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
                        help=f"MiB per evidence file, ± 25 %% (default {FILE_MIB:g})")
    parser.add_argument("--repeat", type=int, default=1, help="export + import runs (default 1)")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="profile each operation with cProfile into DIR/{export,import}-R.prof (inflates times)")
    args = parser.parse_args(argv)
    if args.findings < 0 or args.evidence_mb <= 0 or not 0 < args.file_mb <= MAX_FILE_MIB or args.repeat < 1:
        parser.error(f"--findings must be ≥ 0, --evidence-mb > 0, --file-mb in (0, {MAX_FILE_MIB:g}] and --repeat ≥ 1")
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
        _say("context: the evidence store's reads and writes of the files")
        figures.update(store_context(laptop_path, folder / "scratch.evidence"))
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

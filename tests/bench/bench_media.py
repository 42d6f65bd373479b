"""Benchmark of one large video in the evidence store: add, view, export, import and back up a 2 GiB MP4.

Run::

    python -m tests.bench.bench_media [--video-mb M] [--profile DIR]

Set-up (not measured): the laptop is the demo vault (SQLCipher, its signing
identity), the office a vault made apart that trusts it and is trusted by it
(:func:`tests.bench.sync_vaults.build_office`). The video is an MP4-like file of
M MiB (default 2048) written to disk in 1 MiB blocks, never held in memory:
``ftyp``, an ``mdat`` of random bytes (incompressible, like encoded video), then
``moov`` with ``mvhd`` (one hour) and a video ``trak``'s ``tkhd`` (1920 × 1080)
— the layout a phone writes, the header at the end, behind the media. We have
no decoder in the package budget, so "viewing" it means what the viewer can do:
read its duration and picture size from the header by random access, and
decrypt the first chunk.

Each operation runs in a **fresh subprocess** of this module (``child OP …``),
in this order, so its memory is its own:

* **add**: :func:`inspector.services.evidence.add_files` with the file's path
  (streamed from disk into the laptop's evidence store, sealed in 1 MiB
  AES-256-GCM chunks under its own key, SHA-256 as its address), in one unit of
  work, commit included. The source file is deleted afterwards;
* **view**: :func:`inspector.media.video_of` (the ``moov`` found by walking the
  top-level boxes, then read alone: only the chunks holding them are decrypted)
  plus :func:`inspector.evidence_store.read_at` of the first 1 MiB chunk; the
  duration and size read are checked against those written;
* **backup**: :func:`inspector.services.maintenance.backup` of the laptop (the
  database snapshot, checked, then the store's files copied as they are on
  disk, fsync); the backup file is deleted afterwards;
* **export**: :func:`inspector.sync.exporter.export_bundle` (scope ``all``,
  AES-256-GCM), laptop → bundle file; the video is decrypted out of the store
  and encrypted into the bundle a chunk at a time;
* **import**: :func:`inspector.sync.importer.import_bundle`, bundle → office,
  applied; the video is decrypted from the bundle, checked and sealed into the
  office's store under a new key. The office must then hold it whole.

Wall time of each, and its **peak memory**: on Linux the peak resident set is
reset just before the operation (``/proc/self/clear_refs``) and read after it
(``VmHWM``); the figure is that peak minus the resident set just before
(elsewhere ``ru_maxrss``, an upper bound). Target ≤ 150 MB for each. The
**baseline**, measured in the same subprocess right after each operation but
the view: AES-256-GCM in 1 MiB chunks + SHA-256 over the video's bytes
(median of 3, :func:`tests.bench.bench_sync.crypto_baseline`); the ratio is for
information. For context, measured in the bench's own process: writing the
video's number of bytes to a plain file (1 MiB writes, fsync). Everything lives
in a temporary directory (about 3 × M MiB at the most), deleted afterwards.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import struct
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.bench import bench_sync
from tests.bench.bench_sync import (
    BenchError,
    crypto_baseline,
    file_write_seconds,
)
from tests.bench.sync_vaults import MIB, PASSPHRASE, build_office, open_vault
from tests.bench.table import Report, Row

CHILD_MARKER = "BENCH_MEDIA_CHILD="
MEMORY_TARGET_MB = 150.0
DURATION_S = 3600
WIDTH, HEIGHT = 1920, 1080
RECIPIENT = "办公室"
REPO = Path(__file__).resolve().parents[2]
TIMEOUT_S = 3600
OPS = ("add", "view", "backup", "export", "import")
LABELS = {
    "add": "Add (add_files from the path, commit included)",
    "view": "View (video_of from the header + first chunk decrypted)",
    "backup": "Backup (maintenance.backup of the laptop)",
    "export": "Export, laptop → bundle file (scope all)",
    "import": "Import, bundle → office vault, applied",
}
BASELINE_LABEL = "AES-256-GCM + SHA-256 over the video"


def _rows() -> list[Row]:
    rows = []
    for op in OPS:
        if op == "view":
            rows.append(Row(LABELS[op], "view_ms", "ms"))
        else:
            rows.append(Row(LABELS[op], f"{op}_s", "s", baseline=f"{op}_baseline_s", baseline_label=BASELINE_LABEL,
                            ratio=f"{op}_ratio"))
    for op in OPS:
        rows.append(Row(f"{op.capitalize()}, peak memory above the resident set before", f"{op}_peak_increase_mb",
                        "MB", target=f"≤ {MEMORY_TARGET_MB:g} MB", check=(f"{op}_peak_increase_mb", MEMORY_TARGET_MB)))
    rows.append(Row("Plain file alone: write the video's size, fsync", "file_write_s", "s"))
    return rows


_MEMORY_WHY = ("Every path streams one 1 MiB chunk at a time (inspector/evidence_store.py, inspector/crypto/stream.py), "
               "so the peak should not grow with the file; this run's peak was {%s_peak_increase_mb:.0f} MB above "
               "{%s_rss_before_mb:.0f} MB. Profile the operation's memory (tracemalloc in the child) to find what "
               "holds more than a chunk.")
REPORT = Report(
    title="A large video in the evidence store",
    conditions="One MP4 of {video_mib:.0f} MiB (header at the end, behind the media); each operation in a fresh "
               "subprocess",
    rows=_rows(),
    quick=["--video-mb", "64"],
    notes="We have no video decoder in the package budget: \"view\" is what the viewer does — the duration and "
          "picture size read from the MP4 header by random access (inspector.media.video_of: only the chunks holding "
          "the top-level box headers and moov are decrypted) plus the first 1 MiB chunk decrypted. Every other "
          "operation streams the whole file one chunk at a time; for comparison, writing the same "
          "{video_bytes_mb:.0f} MB to a plain file with fsync took {file_write_s:.2f} s in this run, and the "
          "operations that write the video (add, backup, export, import) each write it once.",
    explain={f"{op}_peak_increase_mb": _MEMORY_WHY % (op, op) for op in OPS},
)


class MediaProblem(BenchError):
    pass


# ---- the video -----------------------------------------------------------------------------------------


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def moov(seconds: int, width: int, height: int) -> bytes:
    """``moov``: ``mvhd`` (timescale 1000) and a video ``trak`` whose ``tkhd`` gives the picture size."""
    mvhd = box(b"mvhd", bytes(4) + bytes(8) + struct.pack(">II", 1000, seconds * 1000) + bytes(80))
    tkhd = box(b"tkhd", bytes(4) + bytes(72) + struct.pack(">II", width << 16, height << 16))
    return box(b"moov", mvhd + box(b"trak", tkhd))


def write_video(path: Path, total: int, seconds: int = DURATION_S, width: int = WIDTH, height: int = HEIGHT) -> str:
    """An MP4-like file of exactly ``total`` bytes, written in 1 MiB blocks and synced; returns its SHA-256."""
    head = box(b"ftyp", b"isom" + bytes(4) + b"isomavc1")
    tail = moov(seconds, width, height)
    media = total - len(head) - len(tail) - 16
    if media < 0:
        raise ValueError("too small for a video")
    mdat = struct.pack(">I4sQ", 1, b"mdat", 16 + media)  # a 64-bit box size: any length
    digest = hashlib.sha256()
    with open(path, "wb") as f:
        for part in (head, mdat):
            f.write(part)
            digest.update(part)
        done = 0
        while done < media:
            block = os.urandom(min(MIB, media - done))
            f.write(block)
            digest.update(block)
            done += len(block)
        f.write(tail)
        digest.update(tail)
        f.flush()
        os.fsync(f.fileno())
    return digest.hexdigest()


# ---- the child: one operation in a fresh process -------------------------------------------------------


def _operation(op: str, vault, args: list[str]):
    """A function doing ``op`` on ``vault`` and returning what it did (checked by the parent). The modules it needs
    are imported here, before the clock starts (as the application has them loaded)."""
    from inspector import evidence_store, media
    from inspector.crypto import stream
    from inspector.services import maintenance
    from inspector.services.evidence import add_files
    from inspector.sync import exporter, importer

    if op == "add":
        owner, source = args

        def run() -> dict[str, Any]:
            with vault.session() as s:
                batch = add_files(s, "inspection", owner, "", [source])
            if batch.errors:
                raise MediaProblem(f"add_files refused the video: {batch.errors[0]}")
            info = batch.added[0]
            return {"sha256": info.sha256, "size": info.size, "evidence_id": info.id}
    elif op == "view":
        (sha,) = args

        def run() -> dict[str, Any]:
            with vault.session() as s:
                video = media.video_of(s, sha)
                first = evidence_store.read_at(s, sha, 0, stream.CHUNK)
            return {"duration": video.duration if video else None, "width": video.width if video else None,
                    "height": video.height if video else None, "first_chunk": len(first),
                    "first_head": first[4:8].decode("latin-1")}
    elif op == "backup":
        (out,) = args

        def run() -> dict[str, Any]:
            header = maintenance.backup(vault, Path(out))
            return {"backup_bytes": Path(out).stat().st_size, "backup_files": len(header.get("evidence", []))}
    elif op == "export":
        (bundle,) = args

        def run() -> dict[str, Any]:
            r = exporter.export_bundle(vault, bundle, [RECIPIENT])
            return {"blobs": r.blobs, "blob_bytes": r.blob_bytes, "bundle_bytes": r.size}
    elif op == "import":
        bundle, sha = args

        def run() -> dict[str, Any]:
            r = importer.import_bundle(vault, bundle)
            with vault.session() as s:
                whole = evidence_store.looks_whole(s, sha)
            return {"applied": r.applied, "conflicts": r.total("conflicts"), "blobs": r.blobs,
                    "blob_bytes": r.blob_bytes, "video_whole": whole}
    else:
        raise SystemExit(f"unknown child operation {op!r}")
    return run


def child(argv: list[str]) -> dict[str, Any]:
    """``child OP VAULT SIZE [PROFILE|-] ARGS…``: time one operation and its memory, then (but for the view) the
    crypto baseline over SIZE bytes. Prints one line ``BENCH_MEDIA_CHILD={json}``."""
    op, vault_path, size, profile_to, *args = argv
    vault = open_vault(Path(vault_path))
    try:
        result, measured = bench_sync.measured_run(_operation(op, vault, args), None if profile_to == "-" else profile_to)
    finally:
        vault.close()
    out = {"op": op, **measured, **result}
    if op != "view":
        out["baseline_s"] = crypto_baseline(int(size))
    print(CHILD_MARKER + json.dumps(out, ensure_ascii=False), flush=True)
    return out


def run_child(op: str, vault: Path, size: int, profile: Path | None, *args: str) -> dict[str, Any]:
    prof = str(profile / f"{op}.prof") if profile else "-"
    return bench_sync.run_child(op, str(vault), str(size), prof, *args, module="tests.bench.bench_media",
                                marker=CHILD_MARKER)


# ---- set-up ----------------------------------------------------------------------------------------------


def _say(text: str) -> None:
    print(f"[bench_media] {text}", file=sys.stderr, flush=True)


def build_laptop(path: Path) -> str:
    """The demo vault; returns the id of its running inspection (the video's owner)."""
    from sqlmodel import select

    from inspector.crypto.keyfile import KdfParams
    from inspector.model import Inspection, InspectionStatus
    from inspector.services.demo import build_demo

    vault = build_demo(path, passphrase=PASSPHRASE, kdf=KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1),
                       use_keyring=False)
    try:
        with vault.session() as s:
            return s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).first().id
    finally:
        vault.close()


# ---- the run ---------------------------------------------------------------------------------------------


def check_runs(runs: dict[str, dict[str, Any]], size: int, sha: str) -> list[str]:
    """Problems with what the operations did (empty when the video went everywhere whole)."""
    problems = []
    add, view, backup, export, imp = (runs.get(op, {}) for op in OPS)
    if add.get("sha256") != sha or add.get("size") != size:
        problems.append(f"add stored {add.get('size')} bytes with SHA-256 {str(add.get('sha256'))[:12]}…, "
                        f"the file has {size} with {sha[:12]}…")
    if (view.get("duration"), view.get("width"), view.get("height")) != (float(DURATION_S), WIDTH, HEIGHT):
        problems.append(f"view read {view.get('duration')} s, {view.get('width')} × {view.get('height')}; "
                        f"written {DURATION_S} s, {WIDTH} × {HEIGHT}")
    if view.get("first_chunk") != min(MIB, size) or view.get("first_head") != "ftyp":
        problems.append("view: the first chunk is not the file's beginning")
    if backup and backup.get("backup_bytes", 0) < size:
        problems.append(f"backup: {backup.get('backup_bytes')} bytes, less than the video")
    if export and export.get("blob_bytes", 0) < size:
        problems.append(f"export: {export.get('blob_bytes')} bytes of evidence, less than the video")
    if imp and not (imp.get("applied") and imp.get("video_whole") and not imp.get("conflicts")):
        problems.append(f"import: applied {imp.get('applied')}, video whole in the office {imp.get('video_whole')}, "
                        f"conflicts {imp.get('conflicts')}")
    return problems


def measure(folder: Path, size: int, profile: Path | None) -> tuple[dict[str, dict[str, Any]], str, float]:
    """Every operation in order; returns their results, the video's SHA-256 and the seconds the set-up took."""
    t0 = time.perf_counter()
    laptop, office = folder / "laptop" / "laptop.vault", folder / "office" / "office.vault"
    laptop.parent.mkdir()
    office.parent.mkdir()
    _say("building the laptop (demo vault) and the office")
    owner = build_laptop(laptop)
    build_office(office, laptop)
    video = folder / "机房巡查.mp4"
    _say(f"writing a video of {size / MIB:.0f} MiB")
    sha = write_video(video, size)
    setup_s = time.perf_counter() - t0
    runs: dict[str, dict[str, Any]] = {}
    _say("add")
    try:
        runs["add"] = run_child("add", laptop, size, profile, owner, str(video))
    finally:
        video.unlink(missing_ok=True)
    _say("view")
    runs["view"] = run_child("view", laptop, size, profile, runs["add"]["sha256"])
    out = folder / "laptop.backup"
    _say("backup")
    try:
        runs["backup"] = run_child("backup", laptop, size, profile, str(out))
    finally:
        out.unlink(missing_ok=True)
    bundle = folder / "video.inspbundle"
    try:
        _say("export")
        runs["export"] = run_child("export", laptop, size, profile, str(bundle))
        _say("import")
        runs["import"] = run_child("import", office, size, profile, str(bundle), sha)
    finally:
        bundle.unlink(missing_ok=True)
    return runs, sha, setup_s


def figures_of(runs: dict[str, dict[str, Any]]) -> dict[str, float]:
    f: dict[str, float] = {}
    for op, r in runs.items():
        if op == "view":
            f["view_ms"] = r["seconds"] * 1000
        else:
            f[f"{op}_s"] = float(r["seconds"])
            f[f"{op}_baseline_s"] = float(r["baseline_s"])
            f[f"{op}_ratio"] = r["seconds"] / r["baseline_s"]
        f[f"{op}_peak_increase_mb"] = float(r["peak_increase_mb"])
        f[f"{op}_peak_mb"] = float(r["peak_mb"])
        f[f"{op}_rss_before_mb"] = float(r["rss_before_mb"])
    f["peak_reset"] = float(all(r["peak_reset"] for r in runs.values()))
    f["bundle_bytes"] = float(runs["export"]["bundle_bytes"])
    f["backup_bytes"] = float(runs["backup"]["backup_bytes"])
    return f


def print_report(args: argparse.Namespace, f: dict[str, float], problems: list[str]) -> None:
    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    print(f"Inspector large-video benchmark — one MP4 of {f['video_mib']:.0f} MiB, each operation in a fresh "
          f"subprocess{' (PROFILED: times inflated)' if args.profile else ''}")
    print(f"  python {platform.python_version()}, {platform.platform()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f} at the end")
    print(f"  bundle {f['bundle_bytes'] / 1e6:.0f} MB, backup {f['backup_bytes'] / 1e6:.0f} MB")
    print()
    how = "peak reset just before" if f["peak_reset"] else "lifetime ru_maxrss: an upper bound"
    print(f"  {'':<58} {'time':>10} {'baseline s':>11} {'ratio':>7}   {'peak − before MB':>16}  target")
    for op in OPS:
        inc = f[f"{op}_peak_increase_mb"]
        if op == "view":
            time_text, base, ratio = f"{f['view_ms']:7.1f} ms", "", ""
        else:
            time_text, base, ratio = (f"{f[f'{op}_s']:8.2f} s", f"{f[f'{op}_baseline_s']:11.3f}",
                                      f"{f[f'{op}_ratio']:6.2f}×")
        print(f"  {LABELS[op]:<58} {time_text:>10} {base:>11} {ratio:>7}   {inc:16.0f}  ≤ {MEMORY_TARGET_MB:g} "
              f"{verdict(inc <= MEMORY_TARGET_MB)}")
    print(f"  baseline: AES-256-GCM in 1 MiB chunks + SHA-256 over the {f['video_bytes'] / 1e6:.0f} MB, in the same "
          "subprocess right after the operation; memory: " + how)
    print(f"  context: plain file, write {f['video_bytes'] / 1e6:.0f} MB with fsync: {f['file_write_s']:.2f} s")
    state = "the video went everywhere whole" if not problems else "PROBLEMS: " + "; ".join(problems)
    print(f"  checked: {state}")
    print(f"  (setting up the vaults and writing the video took {f['setup_s']:.1f} s)")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> dict[str, float]:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "child":
        child(argv[1:])
        return {}
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bench_media", description=__doc__.split("\n")[0])
    parser.add_argument("--video-mb", type=float, default=2048, help="MiB of video (default 2048)")
    parser.add_argument("--profile", type=Path, metavar="DIR",
                        help="profile each operation with cProfile into DIR/OP.prof (inflates times)")
    args = parser.parse_args(argv)
    if not 1 <= args.video_mb <= 8 * 1024:
        parser.error("--video-mb must be in [1, 8192] (an evidence file has at most 8 GiB)")
    if args.profile:
        args.profile = args.profile.resolve()
        args.profile.mkdir(parents=True, exist_ok=True)
    size = int(args.video_mb * MIB)
    with tempfile.TemporaryDirectory(prefix="inspector-bench-media-") as tmp:
        folder = Path(tmp)
        runs, sha, setup_s = measure(folder, size, args.profile)
        figures = figures_of(runs)
        figures["file_write_s"] = file_write_seconds(folder / "scratch.bin", size)
    problems = check_runs(runs, size, sha)
    figures.update(setup_s=setup_s, video_mib=size / MIB, video_bytes=float(size), video_bytes_mb=size / 1e6,
                   problems=float(len(problems)))
    print_report(args, figures, problems)
    if args.profile:
        print(f"  profiles: {args.profile}/OP.prof (python -m pstats FILE)")
    return figures


if __name__ == "__main__":
    try:
        result = main()
    except BenchError as exc:
        sys.exit(f"bench_media: {exc}")
    sys.exit(1 if result.get("problems") else 0)

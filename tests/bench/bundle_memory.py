"""Peak memory of previewing and importing a bundle with large record members (not part of the test suite).

    python -m tests.bench.bundle_memory --mb 120 --tables 2      # two records members of ~120 MB each

Builds two fresh vaults (a sender and a receiver that trust each other) in a scratch folder, writes a bundle
whose ``records/department.jsonl`` (and, with ``--tables 2``, ``records/inspector.jsonl``) holds about ``--mb``
MB of rows, each signed and encrypted like an export's, then runs ``preview`` and ``import`` each in a fresh
child process and prints its time, the resident set before, and the peak above it (Linux: VmHWM, reset first);
then exports everything the receiver holds back to the sender, measured the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tests.bench.bench_sync import child_env, peak_mb, reset_peak, rss_mb

REPO = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse 电池 staple"
MARKER = "BUNDLE_MEMORY="
STAMP = "2026-11-24T08:00:00.000000Z"


def _vault(path: Path, name: str):
    from inspector.crypto.keyfile import THROWAWAY_KDF
    from inspector.services import settings
    from inspector.services.setup import create_vault
    from inspector.signing import identity

    vault = create_vault(path, PASSPHRASE, kdf=THROWAWAY_KDF, use_keyring=False)
    with vault.session() as s:
        settings.set_identity(s, name, "JC-0001", "晋城市数据局")
        identity.create_identity(s, None)
    return vault


def _rows(table: str, device: str, target: int, filler: str):
    """Rows of ``table`` (department or inspector) adding up to about ``target`` bytes of JSON lines."""
    from inspector.sync import records

    n, written = 0, 0
    while written < target:
        n += 1
        row = {"id": str(uuid.uuid4()), "created_at": STAMP, "updated_at": STAMP, "origin_device": device,
               "updated_device": device, "revision": 1, "vv": {device: 1}}
        if table == "department":
            row.update(name=f"单位 {n}", code=f"CODE{n:09d}", address=f"晋城市城区 {n} 号", contact_name="张三",
                       contact_phone="0356-0000000", notes=filler)
        else:
            row.update(name=f"检查人员 {n}", badge_no=f"JC-{n:09d}", organisation=filler, phone="0356-0000000")
        line = next(iter(records.dumps_rows([row])))
        written += len(line)
        yield line


def build(folder: Path, mb: float, tables: int, filler: str, blob_mb: float = 0) -> tuple[Path, Path, dict]:
    from inspector.sync.bundle import INDEX, BundleWriter, Party
    from inspector.sync.exporter import _party
    from tests.sync_helpers import introduce

    sender, receiver = _vault(folder / "laptop.vault", "李明"), _vault(folder / "office.vault", "王芳")
    try:
        introduce(sender, receiver)
        from inspector.signing import identity

        with sender.session() as s:
            me = identity.load_identity(s)
        with receiver.session() as s:
            them = _party(identity.load_identity(s).cert_der)
        writer = BundleWriter(folder / "big.inspbundle")
        counts = {}
        for table in ["department", "inspector"][:tables]:
            n = 0

            def counted(lines):
                nonlocal n
                for line in lines:
                    n += 1
                    yield line
            writer.add(f"records/{table}.jsonl", counted(_rows(table, sender.device_id, int(mb * 1e6), filler)))
            counts[table] = n
        blobs = {}
        if blob_mb:
            import hashlib

            data = os.urandom(int(blob_mb * 1e6))
            sha = hashlib.sha256(data).hexdigest()
            writer.add("blobs/000001", [data])
            blobs["blobs/000001"] = {"sha256": sha, "size": len(data)}
            row = {"id": str(uuid.uuid4()), "created_at": STAMP, "updated_at": STAMP, "origin_device": sender.device_id,
                   "updated_device": sender.device_id, "revision": 1, "vv": {sender.device_id: 1}, "blob_sha256": sha,
                   "owner_type": "finding", "owner_id": str(uuid.uuid4()), "filename": "大文件.bin",
                   "mime": "application/octet-stream", "size": len(data), "caption": "", "captured_at": None}
            from inspector.sync import records

            writer.add("records/evidence.jsonl", records.dumps_rows([row]))
            counts["evidence"] = 1
            del data
        writer.add(INDEX, [json.dumps({"tables": counts, "blobs": blobs}).encode()])
        header = {"sender": {"vault_id": sender.vault_id, "device_id": sender.device_id}, "scope": "all",
                  "since": False, "checkpoint": {"seq": 1, "hash": "0" * 64, "alg": "sm3"}, "history": []}
        writer.finish(sender=Party(me.name, me.fingerprint, me.cert_der), sender_key_der=me.key_der,
                      chain_der=me.chain_der, recipients=[them, Party(me.name, me.fingerprint, me.cert_der)],
                      header=header)
        return receiver.path, folder / "big.inspbundle", counts
    finally:
        sender.close()
        receiver.close()


def child(op: str, vault_path: str, bundle: str) -> None:
    import gc

    from inspector.sync import exporter, importer
    from inspector.vault import Vault

    vault = Vault.open(Path(vault_path), passphrase=PASSPHRASE, use_keyring=False)
    try:
        gc.collect()
        before = rss_mb()
        was_reset = reset_peak()
        t0 = time.perf_counter()
        if op == "export":  # everything the receiver now holds, back to the sender
            result = exporter.export_bundle(vault, Path(bundle).with_name("back.inspbundle"), ["李明"])
            what = {"records": sum(result.counts.values())}
        else:
            result = (importer.preview if op == "preview" else importer.import_bundle)(vault, bundle)
            what = {"applied": result.applied, "new": result.total("new")}
        seconds = time.perf_counter() - t0
        peak = peak_mb(was_reset)
    finally:
        vault.close()
    print(MARKER + json.dumps({"op": op, "seconds": round(seconds, 1), "rss_before_mb": round(before),
                               "peak_increase_mb": round(peak - before), **what}), flush=True)


def run_child(*args: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "tests.bench.bundle_memory", "child", *args], cwd=REPO,
                          env=child_env(), capture_output=True, text=True, check=False)
    lines = [line for line in proc.stdout.splitlines() if line.startswith(MARKER)]
    if proc.returncode or not lines:
        raise SystemExit(f"child {args[0]} failed:\n{proc.stderr[-3000:]}")
    return json.loads(lines[0][len(MARKER):])


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "child":
        child(*argv[1:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=120.0, help="MB of rows per records member (default 120)")
    parser.add_argument("--tables", type=int, choices=(1, 2), default=1, help="records members (default 1)")
    parser.add_argument("--blob-mb", type=float, default=0, help="one evidence file of this many MB (default none)")
    parser.add_argument("--small", action="store_true", help="short rows (~300 bytes: more of them) instead of ~1 KB")
    parser.add_argument("--keep", help="build in this folder and keep it (default: a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bundle-memory-") as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
        t0 = time.perf_counter()
        vault, bundle, counts = build(folder, args.mb, args.tables, "" if args.small else "数据安全检查备注。" * 20,
                                      args.blob_mb)
        print(f"bundle: {bundle.stat().st_size / 1e6:.0f} MB, rows {counts}, built in "
              f"{time.perf_counter() - t0:.0f} s", flush=True)
        for op in ("preview", "import", "export"):
            print(json.dumps(run_child(op, str(vault), str(bundle)), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()

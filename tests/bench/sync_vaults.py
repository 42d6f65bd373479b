"""The two vaults of the sync benchmark: a laptop (the demo vault, N findings, M MiB of evidence) and an office.

Split from :mod:`tests.bench.bench_sync`, which measures; this module only builds, copies and counts.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

PASSPHRASE = "correct horse 电池 staple"
FILE_MIB = 3.0
MIB = 1 << 20


def open_vault(path: Path):
    from inspector.vault import Vault

    return Vault.open(path, passphrase=PASSPHRASE, use_keyring=False)


def file_sizes(total_mib: float, file_mib: float, rng: random.Random) -> list[int]:
    """About ``file_mib`` MiB each (± 25 %, at most the 8 GiB an evidence file may have), adding up to exactly
    ``total_mib`` MiB."""
    from inspector.services.evidence import MAX_EVIDENCE_BYTES as MAX_FILE

    total = int(total_mib * MIB)
    count = max(1, round(total_mib / file_mib), -(-total // MAX_FILE))
    while True:
        weights = [rng.uniform(0.75, 1.25) for _ in range(count)]
        sizes = [max(1, int(total * w / sum(weights))) for w in weights]
        sizes[-1] += total - sum(sizes)
        if max(sizes) <= MAX_FILE and min(sizes) > 0:
            return sizes
        count += 1


def random_chunks(size: int) -> Iterator[bytes]:
    """``size`` random bytes (incompressible, like JPEG or video), 1 MiB at a time: a file of any size is streamed
    into the evidence store, never held whole."""
    done = 0
    while done < size:
        n = min(MIB, size - done)
        yield os.urandom(n)
        done += n


def build_laptop(path: Path, findings: int, evidence_mib: float, file_mib: float = FILE_MIB) -> dict[str, float]:
    """The demo vault plus ``findings`` findings (one audited session) and the evidence files (streamed into the
    laptop's evidence store with :func:`inspector.services.evidence.add_evidence`)."""
    from sqlalchemy import func
    from sqlmodel import select

    from inspector.crypto.keyfile import KdfParams
    from inspector.model import (
        ChecklistItem,
        Evidence,
        EvidenceBlob,
        Finding,
        Inspection,
        InspectionStatus,
        Severity,
    )
    from inspector.services.demo import build_demo
    from inspector.services.evidence import add_evidence

    rng = random.Random(2026)
    vault = build_demo(path, passphrase=PASSPHRASE, kdf=KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1),
                       use_keyring=False)
    try:
        with vault.session() as s:
            insp = s.exec(select(Inspection).where(Inspection.status == InspectionStatus.IN_PROGRESS)).first()
            items = s.exec(select(ChecklistItem).where(ChecklistItem.template_id == insp.template_id)
                           .order_by(ChecklistItem.section_no, ChecklistItem.position)).all()
            made = []
            for n in range(findings):
                item = items[n % len(items)]
                made.append(Finding(
                    department_id=insp.department_id, plan_id=insp.plan_id, inspection_id=insp.id, item_id=item.id,
                    title=f"问题 {n + 1}：{item.title}未落实", description=item.text,
                    location=f"数据中心 {n % 40 + 1} 号机柜", articles=list(item.articles),
                    severity=rng.choice(list(Severity)), handling_opinion="责令限期整改。",
                    rectification_requirement="按照细则要求完成整改，并提交整改报告及佐证材料。",
                    deadline=date(2026, 12, 31) + timedelta(days=n % 90)))
            s.add_all(made)
            s.flush()
            finding_ids = [f.id for f in made]
        sizes = file_sizes(evidence_mib, file_mib, rng)
        for start in range(0, len(sizes), 10):  # a commit every 10 files keeps the set-up's memory small
            with vault.session() as s:
                for n in range(start, min(start + 10, len(sizes))):
                    owner = finding_ids[n * len(finding_ids) // len(sizes)] if finding_ids else insp.id
                    add_evidence(s, "finding" if finding_ids else "inspection", owner, f"IMG_{n:04d}.jpg",
                                 random_chunks(sizes[n]), size=sizes[n], mime="image/jpeg")
        with vault.session() as s:
            def count(model) -> float:
                return float(s.exec(select(func.count()).select_from(model)).one())

            stats = {"laptop_findings": count(Finding), "laptop_evidence": count(Evidence),
                     "laptop_blobs": count(EvidenceBlob), "added_files": float(len(sizes)),
                     "added_evidence_bytes": float(sum(sizes))}
    finally:
        vault.close()
    return stats


def build_office(path: Path, laptop_path: Path) -> None:
    from tests.sync_helpers import introduce, make_office

    laptop = open_vault(laptop_path)
    office = make_office(path)
    try:
        introduce(laptop, office, "李明", "办公室 王芳")
    finally:
        office.close()
        laptop.close()


def copy_vault(src: Path, dst: Path) -> Path:
    from inspector.vault import copy_vault as copy

    return copy(src, dst)


def remove_vault(path: Path) -> None:
    """The vault's files and its evidence store (a copy of the office holds every imported file)."""
    from inspector.vault import remove_vault_files

    remove_vault_files(path)


def table_counts(path: Path, tables: list[str]) -> dict[str, int]:
    from sqlalchemy import text

    vault = open_vault(path)
    try:
        with vault.engine.connect() as conn:
            return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}
    finally:
        vault.close()

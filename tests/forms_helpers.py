"""Helpers for the form tests: fill a form as a department would (openpyxl), re-save it with LibreOffice,
rewrite parts of the ZIP, and look at the vault's state before and after a refused import."""

from __future__ import annotations

import atexit
import io
import os
import shutil
import subprocess
import tempfile
import uuid
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func
from sqlmodel import select

from inspector.model import (
    AuditHead,
    FindingTransition,
    RectificationItem,
    RectificationReport,
    SelfReport,
    SelfReportAnswer,
)

SOFFICE = shutil.which("soffice")
# Skipped only on a developer's machine without LibreOffice; on CI (which installs libreoffice-calc-nogui) a missing
# soffice fails the round-trip tests instead of hiding them.
needs_soffice = pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"),
                                   reason="LibreOffice (soffice) is not installed on this machine; "
                                          "CI installs libreoffice-calc-nogui")


def fill(data: bytes, sheet: str, cells: dict[str, Any], *, key_values: dict[str, Any] | None = None) -> bytes:
    """The form with ``cells`` ({"G4": "符合", ...}) set, saved again by openpyxl like a department's spreadsheet."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb[sheet]
    for address, value in cells.items():
        ws[address] = value
    for key, value in (key_values or {}).items():  # the hidden identifiers, for tampering tests
        hidden = wb["_inspector"]
        for row in hidden.iter_rows(min_col=1, max_col=2):
            if row[0].value == key:
                row[1].value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row_of(data: bytes, sheet: str, key: str) -> int:
    """The row whose first cell is ``key`` (an item code, a finding's number)."""
    ws = openpyxl.load_workbook(io.BytesIO(data))[sheet]
    for row in ws.iter_rows(min_row=4, max_col=1):
        if row[0].value == key:
            return row[0].row
    raise KeyError(key)


def sheet_values(data: bytes, sheet: str, column: str) -> list[Any]:
    ws = openpyxl.load_workbook(io.BytesIO(data))[sheet]
    return [c.value for c in ws[column][3:]]


_PROFILE: list[Path] = []


def _profile() -> Path:
    """One private LibreOffice profile per test session (never the developer's own), removed at exit."""
    if not _PROFILE:
        _PROFILE.append(Path(tempfile.mkdtemp(prefix="inspector-lo-profile-")))
        atexit.register(shutil.rmtree, _PROFILE[0], True)
    return _PROFILE[0]


def libreoffice_resave(data: bytes, workdir: Path, name: str = "form.xlsx") -> bytes:
    """Open and save ``data`` with LibreOffice Calc (headless), as a department using it would."""
    assert SOFFICE is not None, "LibreOffice (soffice) is not installed"
    src = workdir / f"in-{uuid.uuid4().hex[:8]}"
    out = workdir / f"out-{uuid.uuid4().hex[:8]}"
    src.mkdir()
    out.mkdir()
    (src / name).write_bytes(data)
    result = subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={_profile().as_uri()}",
                             "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(src / name)],
                            capture_output=True, text=True, timeout=180)
    converted = out / name
    assert converted.exists(), f"LibreOffice did not convert the form: {result.stdout} {result.stderr}"
    return converted.read_bytes()


def rezip(data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
          compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The xlsx with some members replaced or added (the way a hostile file would be made)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", compression) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, (replace or {}).get(info.filename, zin.read(info.filename)))
        for name, blob in (add or {}).items():
            zout.writestr(name, blob)
    return out.getvalue()


def vault_state(vault) -> tuple:
    """What a refused import must leave exactly as it was: the audit head and the rows an import writes."""
    with vault.session() as s:
        head = s.get(AuditHead, 1)
        counts = tuple(s.exec(select(func.count()).select_from(t)).one()
                       for t in (SelfReport, SelfReportAnswer, RectificationReport, RectificationItem, FindingTransition))
        return (head.seq, head.hash) + counts

"""What the benchmark figures were measured on (the report's header, bench_vault's own print-out)."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        ram = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GiB"
    except (ValueError, OSError, AttributeError):
        pass
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        qt = f"Qt {qVersion()}, PySide6 {PySide6.__version__}"
    except ImportError:
        qt = "not installed"
    try:
        import sqlcipher3

        conn = sqlcipher3.connect(":memory:")
        try:
            cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
            sqlite = conn.execute("SELECT sqlite_version()").fetchone()[0]
        finally:
            conn.close()
        sqlcipher = f"SQLCipher {cipher} (SQLite {sqlite}), sqlcipher3 {getattr(sqlcipher3, 'version', '?')}"
    except ImportError:
        sqlcipher = "not installed"
    return {
        "CPU": f"{cpu}, {os.cpu_count()} logical cores",
        "RAM": ram,
        "OS": platform.platform(),
        "Python": f"{platform.python_implementation()} {platform.python_version()}"
                  + (" (no bytecode cache: PYTHONDONTWRITEBYTECODE)" if os.environ.get("PYTHONDONTWRITEBYTECODE") else ""),
        "Qt": qt,
        "SQLCipher": sqlcipher,
    }

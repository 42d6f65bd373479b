"""Where things live: the default vault, bundled resources, owner-only files."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Iterator

APP_NAME = "Inspector"
VAULT_ENV = "INSPECTOR_VAULT"
RESOURCES_ENV = "INSPECTOR_RESOURCES"
VAULT_FILENAME = "inspector.vault"
DEMO_VAULT_FILENAME = "demo.vault"


def data_dir() -> Path:
    """The user data folder (e.g. ~/.local/share/Inspector, %LOCALAPPDATA%\\Inspector)."""
    import platformdirs  # only when no path was given: it costs start-up time

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_vault_path() -> Path:
    """``INSPECTOR_VAULT`` if set, else the vault in the user data folder."""
    env = os.environ.get(VAULT_ENV)
    if env:
        return Path(env).expanduser()
    return data_dir() / VAULT_FILENAME


def default_demo_vault_path() -> Path:
    return data_dir() / DEMO_VAULT_FILENAME


def resources_dir() -> Path:
    """The ``resources/`` folder: from the environment, a PyInstaller bundle, or the source tree."""
    env = os.environ.get(RESOURCES_ENV)
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"bundled resource missing: {path}")
    return path


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Create files readable by their owner only (no effect on Windows ACLs)."""
    old = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(old)


def make_private(path: Path) -> None:
    """Restrict an existing file to its owner."""
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a crash leaves either the old or the new file, whole."""
    tmp = path.with_name(path.name + ".tmp")
    with private_umask():
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where folders cannot be opened."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

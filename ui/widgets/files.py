"""Every file dialog of the application, each remembering the folder it was last used in.

A dialog is named by its ``purpose`` (``"departments-import"``, ``"pdf-export"`` …):
the next dialog of the same purpose starts where the last one ended, the first one
in the user's home folder. The folders are preferences of this machine
(:mod:`ui.prefs`), never of the vault. The dialogs are Qt's own, so they speak the
interface language (:func:`ui.i18n.install` loads Qt's translations).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from ui.prefs import Pref


def _pref(purpose: str) -> Pref[str]:
    return Pref(f"folders/{purpose}", str, "")


def last_folder(purpose: str) -> Path:
    """Where a dialog of ``purpose`` starts: the folder used last, if it still exists, else home."""
    stored = _pref(purpose).get()
    folder = Path(stored) if stored else Path.home()
    return folder if folder.is_dir() else Path.home()


def remember(purpose: str, path: Path) -> None:
    """``path`` (a file or a folder) was chosen for ``purpose``: start there next time."""
    folder = path if path.is_dir() else path.parent
    _pref(purpose).set(str(folder))


def open_file(parent: QWidget | None, purpose: str, title: str, kinds: str) -> Path | None:
    """An existing file the user picks (``kinds``: Qt's filter, e.g. ``"表格 (*.xlsx *.csv)"``), or None."""
    name, _ = QFileDialog.getOpenFileName(parent, title, str(last_folder(purpose)), kinds)
    if not name:
        return None
    path = Path(name)
    remember(purpose, path)
    return path


def open_files(parent: QWidget | None, purpose: str, title: str, kinds: str) -> list[Path]:
    """Existing files the user picks, several at once (none: an empty list)."""
    names, _ = QFileDialog.getOpenFileNames(parent, title, str(last_folder(purpose)), kinds)
    paths = [Path(name) for name in names]
    if paths:
        remember(purpose, paths[0])
    return paths


def save_file(parent: QWidget | None, purpose: str, title: str, suggested_name: str, kinds: str,
              *, confirm_overwrite: bool = True) -> Path | None:
    """Where to write a new file (starting with ``suggested_name`` in the last folder), or None."""
    options = QFileDialog.Option(0) if confirm_overwrite else QFileDialog.Option.DontConfirmOverwrite
    name, _ = QFileDialog.getSaveFileName(parent, title, str(last_folder(purpose) / suggested_name), kinds,
                                          options=options)
    if not name:
        return None
    path = Path(name)
    remember(purpose, path)
    return path


def open_folder(parent: QWidget | None, purpose: str, title: str) -> Path | None:
    """An existing folder the user picks, or None."""
    name = QFileDialog.getExistingDirectory(parent, title, str(last_folder(purpose)))
    if not name:
        return None
    path = Path(name)
    remember(purpose, path)
    return path

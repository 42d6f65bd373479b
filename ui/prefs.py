"""Preferences of this machine, each declared once with its type and default (after Picard's options).

Stored with QSettings (per user, per machine). What belongs to the vault —
organisation name, document-number pattern, the inspector's identity — lives in
the vault instead (:mod:`inspector.services.settings`), so it travels with it.
Window geometry and splitter states are kept apart from preferences, under
``geometry/…`` (:func:`save_geometry`, :func:`restore_geometry`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter, QWidget

T = TypeVar("T")


@dataclass(frozen=True)
class Pref(Generic[T]):
    key: str
    type: type
    default: T

    def get(self) -> T:
        value = QSettings().value(f"prefs/{self.key}", self.default)
        try:
            return self.type(value) if not isinstance(value, self.type) else value
        except (TypeError, ValueError):
            return self.default

    def set(self, value: T) -> None:
        QSettings().setValue(f"prefs/{self.key}", self.type(value))


def keep_in(folder) -> None:
    """Store preferences and window geometry as INI files under ``folder``, never in the user's own
    settings: for the self-test, the screenshots and the tests."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


AUTO_LOCK_MINUTES: Pref[int] = Pref("auto_lock_minutes", int, 10)
"""Idle minutes before the vault locks itself; 0 disables (not offered in the UI below 1)."""

LANGUAGE: Pref[str] = Pref("language", str, "zh_CN")
"""``zh_CN`` (default) or ``en``."""

LAST_VAULT: Pref[str] = Pref("last_vault", str, "")
"""The vault opened last, offered at the next start."""

DOCUMENTS_FOLDER: Pref[str] = Pref("documents_folder", str, "")
"""Where the last exported PDF went; the next export dialog starts there."""

LANGUAGES = {"zh_CN": "中文", "en": "English"}


def save_geometry(widget: QWidget, name: str, splitters: dict[str, QSplitter] | None = None) -> None:
    settings = QSettings()
    settings.setValue(f"geometry/{name}", widget.saveGeometry())
    for key, splitter in (splitters or {}).items():
        settings.setValue(f"geometry/{name}/{key}", splitter.saveState())


def restore_geometry(widget: QWidget, name: str, splitters: dict[str, QSplitter] | None = None) -> bool:
    settings = QSettings()
    value: Any = settings.value(f"geometry/{name}")
    restored = isinstance(value, QByteArray) and widget.restoreGeometry(value)
    for key, splitter in (splitters or {}).items():
        state = settings.value(f"geometry/{name}/{key}")
        if isinstance(state, QByteArray):
            splitter.restoreState(state)
    return bool(restored)

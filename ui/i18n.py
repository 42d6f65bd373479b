"""Languages: Chinese is the source language; English comes from ``resources/translations``.

Every user-visible string in ``ui/`` is written in Chinese inside ``tr()``.
``build/translations.py`` extracts them into ``inspector_en.ts`` (Qt Linguist)
and compiles ``inspector_en.qm``, which :func:`install` loads for English. For
Chinese, Qt's own ``qtbase_zh_CN.qm`` translates the standard buttons of
message boxes and dialogs.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from inspector.paths import resources_dir

log = logging.getLogger(__name__)

LANGUAGES = ("zh_CN", "en")
_installed: list[QTranslator] = []
_current = "zh_CN"


def current() -> str:
    """The language in effect: ``zh_CN`` or ``en``."""
    return _current


def pick(zh: str, en: str) -> str:
    """Of a text the core keeps in both languages (labels, errors), the one of the interface."""
    return en if _current == "en" else zh


def qm_path(code: str):
    return resources_dir() / "translations" / f"inspector_{code}.qm"


def install(app: QApplication, code: str) -> str:
    """Switch the application's translators to ``code``; returns the language in effect."""
    if code not in LANGUAGES:
        code = "zh_CN"
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{code}", qt_dir):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    if code != "zh_CN":
        ours = QTranslator(app)
        if ours.load(str(qm_path(code))):
            app.installTranslator(ours)
            _installed.append(ours)
        else:
            log.error("translation %s missing; staying in Chinese", qm_path(code))
            code = "zh_CN"
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China) if code == "zh_CN"
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    global _current
    _current = code
    return code

"""Languages: Chinese is the source language; English comes from ``resources/translations``.

Every user-visible string in ``ui/`` is written in Chinese inside ``tr()``.
``build/translations.py`` extracts them into ``inspector_en.ts`` (Qt Linguist)
and compiles ``inspector_en.qm``, which :func:`install` loads for English. For
Chinese, Qt's own ``qtbase_zh_CN.qm`` (from PySide6's translations folder; the
package carries that one file) translates Qt's own texts: message box buttons,
file dialogs, context menus, the calendar. The few labels Qt changed since that
file was translated (``QT_MNEMONIC_GAPS``, ``QT_MOVED``) are added from a small catalogue
built here out of that file's own older translations.
"""

from __future__ import annotations

import logging
import struct

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from inspector.paths import resources_dir

log = logging.getLogger(__name__)

LANGUAGES = ("zh_CN", "en")
_installed: list[QTranslator] = []
_current = "zh_CN"

QT_MNEMONIC_GAPS = (
    # Qt's file dialog labels gained their mnemonics after qtbase_zh_CN.qm was last translated (it has only
    # "Look in:", "Files of type:"), so they showed in English in a Chinese dialog.
    ("QFileDialog", "&Look in:"),
    ("QFileDialog", "Files of &type:"),
)
"""(Qt's context, Qt's source text with a mnemonic) whose translation qtbase_zh_CN.qm has only without it."""

QT_MOVED = {
    # The file dialog's kinds column ("Folder", "File") moved from QFileDialog to QAbstractFileIconProvider in
    # Qt 6; qtbase_zh_CN.qm still has them under the old context only.
    ("QAbstractFileIconProvider", "QFileDialog"): ("Folder", "File Folder", "Drive", "File", "Unknown", "Alias",
                                                   "Shortcut", "%1 File"),
}
"""(new context, old context) → Qt texts whose translation qtbase_zh_CN.qm keeps under the old context."""


def current() -> str:
    """The language in effect: ``zh_CN`` or ``en``."""
    return _current


def pick(zh: str, en: str) -> str:
    """Of a text the core keeps in both languages (labels, errors), the one of the interface."""
    return en if _current == "en" else zh


def qm_path(code: str):
    return resources_dir() / "translations" / f"inspector_{code}.qm"


def _elf_hash(data: bytes) -> int:
    h = 0
    for byte in data:
        h = ((h << 4) + byte) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h or 1


def qm_catalogue(messages: dict[tuple[str, str], str]) -> bytes:
    """A Qt ``.qm`` file of ``{(context, source): translation}`` (the format QTranslator reads:
    a magic number, a block of (hash, offset) sorted by hash, a block of tagged messages)."""
    magic = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")
    block = bytearray()
    hashes = []
    for (context, source), text in messages.items():
        hashes.append((_elf_hash(source.encode("utf-8")), len(block)))
        translation = text.encode("utf-16-be")
        block += struct.pack(">BI", 3, len(translation)) + translation          # Tag_Translation
        block += struct.pack(">BI", 6, len(source.encode())) + source.encode()  # Tag_SourceText
        block += struct.pack(">BI", 7, len(context.encode())) + context.encode()  # Tag_Context
        block += b"\x01"                                                          # Tag_End
    offsets = b"".join(struct.pack(">II", h, o) for h, o in sorted(hashes))
    return magic + struct.pack(">BI", 0x42, len(offsets)) + offsets + struct.pack(">BI", 0x69, len(block)) + bytes(block)


def with_mnemonic(text: str, key: str) -> str:
    """A Chinese label with its Alt key as Qt's translations write it: ``查找范围(&L)：``."""
    colon = text[-1] if text.endswith((chr(0xFF1A), ":")) else ""  # ：, the full-width colon
    return f"{text[:len(text) - len(colon)]}(&{key.upper()}){colon}"


def _install_qt_chinese(app: QApplication) -> None:
    """Qt's own Chinese (``qtbase_zh_CN.qm``), then the gaps on top of it."""
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_own = QTranslator(app)
    if qt_own.load("qtbase_zh_CN", qt_dir):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    else:
        log.error("Qt's Chinese translation qtbase_zh_CN.qm missing in %s", qt_dir)
    messages = {}
    for context, source in QT_MNEMONIC_GAPS:
        plain = qt_own.translate(context, source.replace("&", ""))
        if plain:
            messages[(context, source)] = with_mnemonic(plain, source[source.index("&") + 1])
    for (new, old), texts in QT_MOVED.items():
        for text in texts:
            chinese = qt_own.translate(old, text)
            if chinese:
                messages[(new, text)] = chinese
    gaps = QTranslator(app)
    gaps.catalogue = qm_catalogue(messages)  # QTranslator reads the bytes in place: they must live as long
    if gaps.load(gaps.catalogue):
        app.installTranslator(gaps)
        _installed.append(gaps)


def install(app: QApplication, code: str) -> str:
    """Switch the application's translators to ``code``; returns the language in effect."""
    if code not in LANGUAGES:
        code = "zh_CN"
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if code == "zh_CN":
        _install_qt_chinese(app)
    else:
        ours = QTranslator(app)
        if ours.load(str(qm_path(code))):
            app.installTranslator(ours)
            _installed.append(ours)
        else:
            log.error("translation %s missing; staying in Chinese", qm_path(code))
            code = "zh_CN"
            _install_qt_chinese(app)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China) if code == "zh_CN"
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    global _current
    _current = code
    return code

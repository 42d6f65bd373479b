"""The bundled Chinese font, loaded at start-up so Chinese renders on machines without a CJK font."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from inspector.paths import resource

log = logging.getLogger(__name__)

FONT_FILES = ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf")  # OFL-1.1, see resources/fonts/
FAMILY = "Noto Sans SC"
_loaded: list[str] = []


def load_fonts(app: QApplication) -> str:
    """Register the bundled fonts (once) and make Noto Sans SC the application font; returns the family."""
    if not _loaded:
        for name in FONT_FILES:
            font_id = QFontDatabase.addApplicationFont(str(resource("fonts", name)))
            if font_id < 0:
                log.error("could not load bundled font %s", name)
                continue
            _loaded.extend(QFontDatabase.applicationFontFamilies(font_id))
    family = FAMILY if FAMILY in _loaded else (_loaded[0] if _loaded else app.font().family())
    font = QFont(family)
    font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
    app.setFont(font)
    return family

"""Render the navigation icons: the Lucide SVGs in resources/icons/nav/ → PNGs beside them.

    python build/nav_icons.py

The packaged application carries no SVG renderer (QtSvg is excluded, build/inspector.spec),
so each icon is drawn once here, at 1× and 2× (``name.png``, ``name@2x.png``), in the two
colours the navigation needs: ``name.png`` (the secondary text colour) and ``name-on.png``
(white, on the selection's highlight). Run again after adding or changing an SVG; the test
tests/ui/test_navigation.py checks that every PNG is there and up to date with its SVG.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "icons" / "nav"
SIZE = 20
COLOURS = {"": "#4a5568", "-on": "#ffffff"}


def targets(svg: Path) -> dict[Path, tuple[str, int]]:
    """Every PNG made from ``svg``: path → (colour, pixels)."""
    out = {}
    for suffix, colour in COLOURS.items():
        for scale in (1, 2):
            name = f"{svg.stem}{suffix}{'@2x' if scale == 2 else ''}.png"
            out[svg.with_name(name)] = (colour, SIZE * scale)
    return out


def render(svg: Path, colour: str, pixels: int):
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    data = svg.read_text(encoding="utf-8").replace("currentColor", colour)
    renderer = QSvgRenderer(QByteArray(data.encode("utf-8")))
    image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0], "-platform", "offscreen"])  # noqa: F841
    for svg in sorted(FOLDER.glob("*.svg")):
        for png, (colour, pixels) in targets(svg).items():
            render(svg, colour, pixels).save(str(png))
            print(png.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())

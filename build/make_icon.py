"""Draw the application icon into resources/icons/ (run again only to change it).

    python build/make_icon.py

A blue rounded square with a white shield and the character 检 in the bundled
Noto Sans SC Bold: ``inspector.png`` (256 px, the window icon) and
``inspector.ico`` (16–256 px, the Windows executable's icon).
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
BLUE, WHITE = (28, 78, 140), (255, 255, 255)


def draw(size: int = 1024) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = size / 1024
    d.rounded_rectangle([32 * s, 32 * s, 992 * s, 992 * s], radius=200 * s, fill=BLUE)
    shield = [(512, 150), (820, 260), (800, 600), (512, 880), (224, 600), (204, 260)]
    d.polygon([(x * s, y * s) for x, y in shield], fill=WHITE)
    font = ImageFont.truetype(str(ROOT / "resources" / "fonts" / "NotoSansSC-Bold.ttf"), int(400 * s))
    d.text((512 * s, 500 * s), "检", font=font, fill=BLUE, anchor="mm")
    return img


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.LANCZOS).save(ICONS / "inspector.png", optimize=True)
    big.save(ICONS / "inspector.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
    print(f"wrote {ICONS / 'inspector.png'} and {ICONS / 'inspector.ico'}")


if __name__ == "__main__":
    main()

"""Draw the installed app's icons (assets/icons/*.png) with Pillow: the letter প (the first of
প্রত্যাশা, PROTTASHA) in white on the header's blue, set in the shipped Noto Sans Bengali.

Run once after changing the design (``.venv/bin/python scripts/make_icons.py``); the PNGs are
committed, so neither ``make run`` nor the browser ever needs this script or the internet.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "icons"
FONT = ROOT / "assets" / "fonts" / "NotoSansBengali-Bold.ttf"
BLUE, WHITE = "#0b4f6c", "#ffffff"  # --app-primary in assets/app.css
# (file, size, share of the square the letter may fill): a maskable icon keeps its letter inside
# the central safe circle (80 %), which launchers may crop to any shape.
ICONS = (("icon-192.png", 192, 0.62), ("icon-512.png", 512, 0.62), ("icon-maskable-512.png", 512, 0.45),
         ("apple-touch-icon.png", 180, 0.62))


def draw(size: int, share: float) -> Image.Image:
    """One square icon of ``size`` pixels."""
    image = Image.new("RGB", (size, size), BLUE)
    canvas = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), int(size * share))
    canvas.text((size / 2, size / 2), "প", font=font, fill=WHITE, anchor="mm")
    return image


def main() -> None:
    """Write every icon."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name, size, share in ICONS:
        draw(size, share).save(OUT / name, optimize=True)


if __name__ == "__main__":
    main()

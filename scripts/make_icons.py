"""Draw the toolbar and navigator icons into resources/icons/ui/ (run once; the PNGs ship).

python scripts/make_icons.py

Each icon is a rounded square in its group's colour with one white character: legible at 16
and 24 pixels, drawn with the bundled CJK font, no network and no SVG plugin needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QFont, QImage, QPainter  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons" / "ui"
SIZE = 48

FILE, EDIT, VIEW, NAV = "#2f6db5", "#3a8a4f", "#8a5a2b", "#5b6472"
ICONS = {
    # name: (character, colour)
    "new": ("新", FILE),
    "open": ("开", FILE),
    "save": ("存", FILE),
    "export": ("导", FILE),
    "print": ("印", FILE),
    "preview": ("览", FILE),
    "undo": ("撤", EDIT),
    "redo": ("重", EDIT),
    "insert-row": ("增", EDIT),
    "delete-row": ("删", "#b04a3a"),
    "find": ("查", EDIT),
    "unit-wan": ("万", VIEW),
    "unit-yuan": ("元", VIEW),
    "nav-department": ("部", NAV),
    "nav-input": ("录", "#3a8a4f"),
    "nav-project": ("项", "#3a8a4f"),
    "nav-performance": ("绩", "#b5762f"),
    "nav-table": ("表", "#2f6db5"),
    "nav-form": ("目", "#b5762f"),
}


def draw(char: str, colour: str, family: str) -> QImage:
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(QRectF(2, 2, SIZE - 4, SIZE - 4), 9, 9)
    font = QFont(family)
    font.setPixelSize(int(SIZE * 0.66))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, SIZE, SIZE - 2), Qt.AlignmentFlag.AlignCenter, char)
    painter.end()
    return image


def main() -> None:
    from desktop.ui.app import application, register_font

    app = application()
    family = register_font(app) or app.font().family()
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (char, colour) in ICONS.items():
        path = OUT / f"{name}.png"
        if not draw(char, colour, family).save(str(path)):
            raise SystemExit(f"无法写入 {path}")
        print(path)


if __name__ == "__main__":
    main()

"""Render resources/icons/budget-desk.svg to the PNG sizes and the Windows .ico with Qt.

python installer/render_icons.py
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 256)


def render(size: int, renderer: QSvgRenderer) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> list[Path]:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "budget-desk.svg"))
    if not renderer.isValid():
        raise SystemExit("图标 SVG 无法读取")
    written = []
    for size in SIZES:
        path = ICONS / f"budget-desk-{size}.png"
        if not render(size, renderer).save(str(path)):
            raise SystemExit(f"无法写入 {path}")
        written.append(path)
    ico = ICONS / "budget-desk.ico"
    ico.write_bytes(ico_bytes([p for p in written if int(p.stem.rsplit("-", 1)[1]) in ICO_SIZES]))
    written.append(ico)
    return written


def ico_bytes(pngs: list[Path]) -> bytes:
    """A multi-size .ico whose entries are PNG images (Qt's own ICO writer stores only one)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    directory, images = b"", b""
    offset = len(header) + 16 * len(pngs)
    for path in pngs:
        data = path.read_bytes()
        size = int(path.stem.rsplit("-", 1)[1]) % 256  # 0 means 256
        directory += struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + directory + images


if __name__ == "__main__":
    for p in main():
        print(p, p.stat().st_size)

"""Finding files in resources/, also inside a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer


def resource_path(*parts: str) -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)


def load_style(dark: bool = False) -> str:
    path = resource_path("style-dark.qss" if dark else "style.qss")
    return path.read_text(encoding="utf-8") if path.exists() else ""


def icon_path() -> Path:
    return resource_path("icons", "leakdesk.svg")



def icon(name: str) -> QIcon:
    """An SVG icon from resources/icons, drawn at every size a screen may ask for (sharp on high-DPI);
    in dark mode its stroke is light."""
    svg = resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication) and app.palette().color(QPalette.ColorRole.Window).lightness() < 128:
        svg = svg.replace("#374151", "#e5e7eb")
    renderer = QSvgRenderer(QByteArray(svg.encode()))
    result = QIcon()
    for size in (16, 20, 24, 32, 40, 48, 64, 96):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        result.addPixmap(pixmap)
    return result

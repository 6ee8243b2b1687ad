"""Finding files in resources/, also inside a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QStyleOption


def resource_path(*parts: str) -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)


def load_style(dark: bool = False) -> str:
    path = resource_path("style-dark.qss" if dark else "style.qss")
    return path.read_text(encoding="utf-8") if path.exists() else ""


def icon_path() -> Path:
    return resource_path("icons", "leakdesk.svg")



class _SvgEngine(QIconEngine):
    """Draws the SVG at the size asked, when asked (and keeps what it drew): building the toolbar drew
    every icon at eight sizes before the window's first paint. A disabled or active icon is the style's
    version of the normal one, as for an icon made of pixmaps."""

    def __init__(self, svg: bytes) -> None:
        super().__init__()
        self._svg = svg
        self._renderer = QSvgRenderer(QByteArray(svg))
        self._drawn: dict[tuple[int, int, QIcon.Mode], QPixmap] = {}

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.drawPixmap(rect, self.pixmap(rect.size(), mode, state))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        key = (size.width(), size.height(), mode)
        drawn = self._drawn.get(key)
        if drawn is None:
            if mode is QIcon.Mode.Normal:
                drawn = QPixmap(size)
                drawn.fill(Qt.GlobalColor.transparent)
                painter = QPainter(drawn)
                self._renderer.render(painter)
                painter.end()
            else:
                drawn = QApplication.style().generatedIconPixmap(mode, self.pixmap(size, QIcon.Mode.Normal, state),
                                                                 QStyleOption())
            self._drawn[key] = drawn
        return drawn

    def clone(self) -> QIconEngine:
        return _SvgEngine(self._svg)


def icon(name: str) -> QIcon:
    """An SVG icon from resources/icons, drawn at whatever size a screen asks for (sharp on high-DPI);
    in dark mode its stroke is light."""
    svg = resource_path("icons", f"{name}.svg").read_text(encoding="utf-8")
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication) and app.palette().color(QPalette.ColorRole.Window).lightness() < 128:
        svg = svg.replace("#374151", "#e5e7eb")
    return QIcon(_SvgEngine(svg.encode()))

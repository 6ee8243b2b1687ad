"""Finding files in resources/, also inside a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)


def load_style(dark: bool = False) -> str:
    path = resource_path("style-dark.qss" if dark else "style.qss")
    return path.read_text(encoding="utf-8") if path.exists() else ""


def icon_path() -> Path:
    return resource_path("icons", "leakdesk.svg")

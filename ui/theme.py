"""Light and dark appearance: the app.theme setting, or the system's colour scheme.

Qt reports the system's scheme (``QStyleHints.colorScheme``) and when it
changes; the style sheet, the palette and the cards' colours follow. Fusion
is used for dark so every standard widget takes the dark palette.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from ui.resources import load_style


def wants_dark(choice: str) -> bool:
    if choice in ("light", "dark"):
        return choice == "dark"
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    p = QPalette()
    role = QPalette.ColorRole
    for r, colour in ((role.Window, "#1f2937"), (role.WindowText, "#f3f4f6"), (role.Base, "#111827"),
                      (role.AlternateBase, "#1f2937"), (role.Text, "#f3f4f6"), (role.Button, "#374151"),
                      (role.ButtonText, "#f3f4f6"), (role.Highlight, "#2563eb"), (role.HighlightedText, "#ffffff"),
                      (role.ToolTipBase, "#374151"), (role.ToolTipText, "#f3f4f6"), (role.PlaceholderText, "#9ca3af"),
                      (role.Link, "#60a5fa")):
        p.setColor(r, QColor(colour))
    p.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor("#6b7280"))
    p.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor("#6b7280"))
    return p


def apply_theme(app: QApplication, choice: str) -> bool:
    """Style the application; returns whether it is dark now."""
    dark = wants_dark(choice)
    if dark:
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(dark_palette())
    else:
        app.setPalette(app.style().standardPalette())
    app.setStyleSheet(load_style(dark))
    return dark

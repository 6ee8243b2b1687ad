"""The layout checks find what they look for: a window built wrong on purpose fails each of them, the same
window built right passes (so a passing window test means something)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.layout_checks import cut_text, layout_problems, overlaps, sideways_scrolling

LONG = "A sentence far too long for the room it is given, without anywhere to wrap it"


def squeezed(qtbot: QtBot, wrap: bool) -> tuple[QWidget, QWidget]:
    """A window whose inner panel is placed by hand smaller than its layout needs."""
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(400, 300)
    panel = QWidget(window)
    panel.setGeometry(0, 0, 200, 120)
    row = QHBoxLayout()
    for text in ("First", "Second"):
        button = QPushButton(text, panel)
        button.setMinimumWidth(150)  # two of them cannot fit in 200: they are laid over each other
        row.addWidget(button)
    label = QLabel(LONG, panel)
    label.setObjectName("long")
    label.setWordWrap(wrap)
    column = QVBoxLayout(panel)
    column.addLayout(row)
    column.addWidget(label)
    window.show()
    qtbot.waitExposed(window)
    return window, panel


def test_each_check_finds_its_problem(qtbot: QtBot) -> None:
    window, _ = squeezed(qtbot, wrap=False)
    found = overlaps(window)
    assert len(found) == 1 and "'First'" in found[0] and "'Second'" in found[0]
    assert any("QLabel#long" in p for p in cut_text(window))
    editor = QPlainTextEdit(LONG * 3, window)
    editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    editor.setGeometry(0, 150, 200, 100)
    editor.show()
    qtbot.waitUntil(lambda: sideways_scrolling(window) != [])
    editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    qtbot.waitUntil(lambda: sideways_scrolling(window) == [])


def test_a_window_with_room_passes(qtbot: QtBot) -> None:
    window, panel = squeezed(qtbot, wrap=True)
    panel.setGeometry(0, 0, 400, 300)
    qtbot.waitUntil(lambda: layout_problems(window) == [])

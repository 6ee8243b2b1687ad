"""Checks that a window's widgets hold their layout, for any window: no two visible widgets placed by the
same parent (its layout and the layouts inside it, or a splitter) overlap, no text is cut (a label's text
fits its width or wraps, a button is as wide as its text), no list scrolls sideways.

Each check returns what it found as sentences (empty when all is well), so a test asserts ``== []``
and a failure names the widgets and their geometries.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QLayout,
    QSizePolicy,
    QSplitter,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.views.empty_text import EmptyTableWidget, EmptyTreeWidget
from ui.views.lead_table import LeadTableView


def describe(widget: QWidget) -> str:
    """A widget as a failure names it: its class, object name and the start of its text."""
    name = f"#{widget.objectName()}" if widget.objectName() else ""
    text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
    return f"{type(widget).__name__}{name}" + (f" '{text[:40]}'" if text else "")


def _rect(r: QRect) -> str:
    return f"({r.x()},{r.y()} {r.width()}×{r.height()})"


def placed_children(widget: QWidget) -> list[QWidget]:
    """The child widgets ``widget`` places: those of its layout and of every layout inside it, or a
    splitter's panes and handles. Widgets a parent positions by hand (a scroll area's bars, a tab widget's
    bar) are not compared: they are placed on purpose."""
    if isinstance(widget, QSplitter):
        return [w for i in range(widget.count()) for w in (widget.widget(i), widget.handle(i))]
    out: list[QWidget] = []

    def walk(layout: QLayout) -> None:
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item is None:
                continue
            if (child := item.widget()) is not None:
                out.append(child)
            elif (inner := item.layout()) is not None:
                walk(inner)

    if (layout := widget.layout()) is not None:
        walk(layout)
    return out


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and not widget.geometry().isEmpty()


def overlaps(root: QWidget) -> list[str]:
    """Every pair of visible siblings placed by the same parent whose geometries intersect, in ``root``
    and everything inside it."""
    found = []
    for parent in [root, *root.findChildren(QWidget)]:
        if not _shown(parent):
            continue
        siblings = [w for w in placed_children(parent) if _shown(w)]
        for a, b in itertools.combinations(siblings, 2):
            if a.geometry().intersects(b.geometry()):
                found.append(f"in {describe(parent)}: {describe(a)} {_rect(a.geometry())} overlaps "
                             f"{describe(b)} {_rect(b.geometry())}")
    return found


def cut_text(root: QWidget) -> list[str]:
    """Visible labels and buttons whose text does not fit: a label that does not wrap narrower or lower than
    its text, a wrapping label lower than its wrapped text or narrower than its longest word, a button
    narrower than its text."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not _shown(widget):
            continue
        if isinstance(widget, QLabel) and widget.text():
            size = widget.size()
            if widget.wordWrap():
                need_height, need_width = widget.heightForWidth(size.width()), widget.minimumSizeHint().width()
            else:
                need_height, need_width = widget.sizeHint().height(), widget.sizeHint().width()
            if need_width > size.width() or need_height > size.height():
                found.append(f"{describe(widget)} is {size.width()}×{size.height()}, its text needs "
                             f"{need_width}×{need_height}")
        elif isinstance(widget, QAbstractButton) and widget.text() \
                and widget.sizePolicy().horizontalPolicy() != QSizePolicy.Policy.Ignored:
            need = widget.minimumSizeHint().width()
            if need > widget.width():
                found.append(f"{describe(widget)} is {widget.width()} wide, its text needs {need}")
    return found


def sideways_scrolling(root: QWidget) -> list[str]:
    """Visible lists, tables and text views that show a horizontal scroll bar."""
    return [f"{describe(area)} scrolls sideways" for area in root.findChildren(QAbstractScrollArea)
            if _shown(area) and area.horizontalScrollBar().isVisible()]


def layout_problems(root: QWidget) -> list[str]:
    """All of the above."""
    return overlaps(root) + cut_text(root) + sideways_scrolling(root)


def says(qtbot: QtBot, view: EmptyTableWidget | EmptyTreeWidget | LeadTableView) -> bool:
    """Whether the empty ``view`` paints its sentence (``empty_text``): its viewport with the sentence has
    many more pixels off the background than without it."""
    qtbot.waitExposed(view)
    base = view.viewport().palette().color(view.viewport().backgroundRole()).rgb()

    def painted() -> int:
        image = view.viewport().grab().toImage()
        return sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
                   if image.pixel(x, y) != base)

    said = painted()
    text, view.empty_text = view.empty_text, ""
    try:
        return said > 20 and painted() < said // 4
    finally:
        view.empty_text = text

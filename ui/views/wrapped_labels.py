"""Wrapped labels that keep all their lines when a window is made small.

Qt takes a window's minimum size from each label's one-line hint, not from the lines a wrapped label needs
at the width it is given, so a window dragged narrow and low cut the last lines of its sentences (the lead
window's header, a dialog's introduction). ``keep_lines`` makes each label ask for its height at its width
whenever its width changes: the window's minimum grows with it, and a list or text box gives up the room.
It is for labels whose text is set once: a text set later keeps the height asked at the last resize.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel


class _LinesKept(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QLabel) and watched.wordWrap():
            need = max(watched.heightForWidth(watched.width()), 0)
            if need != watched.minimumHeight():
                watched.setMinimumHeight(need)
        return False


def keep_lines(owner: QObject, labels: Iterable[QLabel]) -> None:
    """Keep ``labels`` (wrapped) at least as tall as their text at their width, for as long as ``owner``
    lives."""
    keeper = _LinesKept(owner)
    for label in labels:
        label.installEventFilter(keeper)

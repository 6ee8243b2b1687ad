"""A tab page whose content is built the first time it is shown or asked for.

The main window's review and pipeline tabs are dozens of widgets each; built
with the window, they lengthened the stall before its first paint by a third
for tabs many people open once a week. The page stands in the tab bar at
once; its content is made when the tab is chosen (or when code asks for it).
The review's chart has a place of the same kind (ui/views/report_view.py).

Chosen, the page shows empty for a moment: its content is made, hidden, on
the next turn of the event loop and put in its place and painted on the
turn after (made, shown and painted in the turn that showed the tab, the
review held the window 30-50 ms).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.stages import Stages

W = TypeVar("W", bound=QWidget)


class LazyTab(QWidget, Generic[W]):
    def __init__(self, make: Callable[[QWidget], W], parent: QWidget | None = None) -> None:
        """``make(page)`` builds the content, parented to the page."""
        super().__init__(parent)
        self._make = make
        self._content: W | None = None
        self._unplaced: W | None = None  # made, not yet in its place
        self._stages = Stages("tab-content", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        """Whether the content is made (in its place or about to be)."""
        return self._content is not None or self._unplaced is not None

    @property
    def placed(self) -> bool:
        return self._content is not None

    @property
    def content(self) -> W:
        """The content, made and put in its place now if it is not yet (code asking for it cannot wait)."""
        if self._content is None:
            self._stages.run([])  # what was left for later turns is done here
            content = self._unplaced or self._make(self)
            self._unplaced = None
            layout = self.layout()
            assert layout is not None
            layout.addWidget(content)
            content.show()  # made after the page was shown, it is not shown with it
            self._content = content
        return self._content

    def _make_hidden(self) -> None:
        if not self.built:
            self._unplaced = self._make(self)  # a new child of a shown page stays hidden until shown

    def _place(self) -> None:
        self.content  # noqa: B018  (made and put in its place)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.placed and not self._stages.running:
            self._stages.run([self._make_hidden, self._place], now=False)

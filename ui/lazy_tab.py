"""A tab page whose content is built the first time it is shown or asked for.

The main window's review and pipeline tabs are dozens of widgets each; built
with the window, they lengthened the stall before its first paint by a third
for tabs many people open once a week. The page stands in the tab bar at
once; its content is made when the tab is chosen (or when code asks for it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

W = TypeVar("W", bound=QWidget)


class LazyTab(QWidget, Generic[W]):
    def __init__(self, make: Callable[[QWidget], W], parent: QWidget | None = None) -> None:
        """``make(page)`` builds the content, parented to the page."""
        super().__init__(parent)
        self._make = make
        self._content: W | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._content is not None

    @property
    def content(self) -> W:
        if self._content is None:
            self._content = self._make(self)
            layout = self.layout()
            assert layout is not None
            layout.addWidget(self._content)
            self._content.show()  # made after the page was shown (in its showEvent), it is not shown with it
        return self._content

    def showEvent(self, event: QShowEvent) -> None:
        self.content  # noqa: B018  (built now, in place before the page paints)
        super().showEvent(event)

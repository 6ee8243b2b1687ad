"""The tray icon: breached and unowned counts at a glance; LeakDesk keeps
watching there when the window is closed (setting app.close_to_tray)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from ui.resources import resource_path


def tray_text(counts: dict[str, int]) -> str:
    parts = [f"{counts.get('breached', 0)} breached", f"{counts.get('unowned', 0)} unowned"]
    return "LeakDesk — " + ", ".join(parts)


class Tray(QObject):
    show_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.icon = QSystemTrayIcon(QIcon(str(resource_path("icons", "leakdesk.svg"))), self)
        self.menu = QMenu()
        self.menu.addAction("Show LeakDesk").triggered.connect(self.show_requested)
        self.menu.addAction("Quit").triggered.connect(self.quit_requested)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(lambda _reason: self.show_requested.emit())

    @classmethod
    def if_available(cls, parent: QObject, *, show: Callable[[], None], quit: Callable[[], None],
                     clicked: Callable[[], None]) -> Tray | None:
        """A shown tray icon wired to the window, or None where the desktop has no tray."""
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        tray = cls(parent)
        tray.show_requested.connect(show)
        tray.quit_requested.connect(quit)
        tray.icon.messageClicked.connect(clicked)
        tray.show()
        return tray

    def update(self, counts: dict[str, int]) -> None:
        self.icon.setToolTip(tray_text(counts))

    def show(self) -> None:
        self.icon.show()

"""Sending alerts: desktop notification (plyer), else the tray icon's message,
else an in-app banner. plyer's one home in LeakDesk.

Which way an alert went is returned, and stored with the alert's event.
"""

from __future__ import annotations

import logging
import warnings
from html import escape

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSystemTrayIcon, QWidget

from leakdesk.sla.alerts import Alert

log = logging.getLogger(__name__)


def markup_safe(text: str) -> str:
    """Text as the notification service's body markup reads it (dunst, GNOME and KDE render
    <b>, <a href> ...): a subject such as '<a href="http://…">Invoice</a>' must stay text."""
    return escape(text, quote=False)


def desktop_notify(title: str, message: str) -> None:
    from plyer import notification

    with warnings.catch_warnings():
        # plyer warns when dbus-python is missing, then uses notify-send: fine here.
        warnings.simplefilter("ignore")
        notification.notify(title=title, message=markup_safe(message), app_name="LeakDesk", timeout=10)


def try_desktop(alert: Alert) -> bool:
    """Whether the desktop's notification service took ``alert`` (any thread: a D-Bus call that can
    wait, so the app makes it on its thread pool)."""
    try:
        desktop_notify(alert.title, alert.body)
        return True
    except Exception as exc:  # no notification service: the caller falls back, the log says why
        log.warning("desktop notification failed (%s); falling back", exc)
        return False


class AlertBanner(QFrame):
    """The last resort: a strip at the top of the window; Open shows the lead."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertBanner")
        self.setStyleSheet("#alertBanner { background: #fff4e5; border-bottom: 1px solid #f0c36d; }")
        self.text = QLabel(self)
        self.open_button = QPushButton("Open", self)
        self.dismiss = QPushButton("Dismiss", self)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 10, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.open_button)
        row.addWidget(self.dismiss)
        self.lead_id: int | None = None
        self.open_button.clicked.connect(self._open)
        self.dismiss.clicked.connect(self.hide)
        self.hide()

    def show_alert(self, alert: Alert) -> None:
        self.lead_id = alert.lead_ids[0]
        self.text.setText(f"<b>{escape(alert.title)}</b> — {escape(alert.body)}")
        self.show()

    def _open(self) -> None:
        if self.lead_id is not None:
            self.open_requested.emit(self.lead_id)
        self.hide()


class Notifier(QObject):
    def __init__(self, banner: AlertBanner, tray: QSystemTrayIcon | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.banner = banner
        self.tray = tray
        self.use_desktop = True
        self.last_lead: int | None = None

    def send(self, alert: Alert) -> str:
        """Send ``alert`` the best way there is; which way it went."""
        if self.use_desktop and try_desktop(alert):
            self.last_lead = alert.lead_ids[0]
            return "desktop"
        return self.show(alert)

    def show(self, alert: Alert) -> str:
        """The window's own ways, on the GUI thread: the tray icon's message, else the banner."""
        self.last_lead = alert.lead_ids[0]
        if self.tray is not None and self.tray.isVisible() and QSystemTrayIcon.supportsMessages():
            self.tray.showMessage(alert.title, markup_safe(alert.body), QSystemTrayIcon.MessageIcon.Information,
                                  10_000)
            return "tray"
        self.banner.show_alert(alert)
        return "banner"

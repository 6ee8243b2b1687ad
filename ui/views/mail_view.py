"""Shows one mail message: its text, or its HTML made safe, loading nothing.

QTextBrowser fetches images and stylesheets through loadResource; here
that refuses everything and remembers what was asked, so a test can prove
no request happened. Links open only on click, after the address is shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QWidget

from leakdesk.mail.readable import readable


class SafeMailView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mailView")
        self.setPlaceholderText("The message chosen in the list shows here, made safe: nothing in it is loaded "
                                "from the internet.")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.requested: list[str] = []  # every resource the document asked for (none are given)
        self.anchorClicked.connect(self._open_link)
        self.confirm = self._ask  # replaced in tests

    def loadResource(self, kind: int, url: QUrl | str) -> Any:
        self.requested.append(url.toString() if isinstance(url, QUrl) else str(url))
        return None

    def show_message(self, raw: bytes, formatted: bool = False) -> None:
        self.show_readable(readable(raw, formatted))

    def show_readable(self, shown: tuple[str, bool]) -> None:
        """What ``readable`` made of a message (off the UI thread, for a big one)."""
        self.requested.clear()
        text, is_html = shown
        if is_html:
            self.setHtml(text)
        else:
            self.setPlainText(text)

    def _ask(self, address: str) -> bool:
        answer = QMessageBox.question(self, "Open link", f"Open this address in your browser?\n\n{address}")
        return answer == QMessageBox.StandardButton.Yes

    def _open_link(self, url: QUrl) -> None:
        address = url.toString()
        if url.scheme() in ("http", "https", "mailto") and self.confirm(address):
            QDesktopServices.openUrl(url)


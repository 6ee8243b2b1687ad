"""One LeakDesk per data folder: a second launch hands over to the first and exits.

The first instance listens on a local socket named after the data folder
(QLocalServer: a Unix socket, a named pipe on Windows). A second launch
connects, says "show", and the first raises its window. A socket left by a
crashed instance answers nobody and is removed before listening.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)
WAIT_MS = 1000


def server_name(data_dir: Path) -> str:
    key = hashlib.sha256(f"{getpass.getuser()}:{data_dir.resolve()}".encode()).hexdigest()[:16]
    return f"leakdesk-{key}"


class SingleInstance(QObject):
    activated = Signal()  # another launch asked this one to show itself

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self.server: QLocalServer | None = None
        self._sockets: list[QLocalSocket] = []  # owned by the server; kept to close them cleanly

    def hand_over(self) -> bool:
        """True when another instance is running and was asked to show itself."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(WAIT_MS):
            return False
        socket.write(b"show\n")
        socket.flush()
        socket.waitForBytesWritten(WAIT_MS)
        socket.disconnectFromServer()
        log.info("another LeakDesk is running; handed over to it")
        return True

    def listen(self) -> bool:
        QLocalServer.removeServer(self.name)  # a stale socket from a crash
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)
        if not self.server.listen(self.name):
            log.warning("single-instance socket unavailable: %s", self.server.errorString())
            return False
        return True

    def _on_connection(self) -> None:
        assert self.server is not None
        while (socket := self.server.nextPendingConnection()) is not None:
            self._sockets.append(socket)
            socket.readyRead.connect(self._read_all)
        self._read_all()

    def _read_all(self) -> None:
        for socket in self._sockets:
            if socket.bytesAvailable() and bytes(socket.readAll().data()).strip().startswith(b"show"):
                self.activated.emit()
        self._sockets = [s for s in self._sockets if s.state() == QLocalSocket.LocalSocketState.ConnectedState]

    def close(self) -> None:
        for socket in self._sockets:
            socket.readyRead.disconnect(self._read_all)
            socket.abort()
        self._sockets.clear()
        if self.server is not None:
            self.server.close()
            self.server = None

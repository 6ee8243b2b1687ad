"""A TCP proxy on 127.0.0.1 that cuts connections at chosen points (fault tests)."""

from __future__ import annotations

import contextlib
import random
import select
import socket
import threading


class Proxy:
    """Forwards 127.0.0.1:``port`` to ``target_port``, a thread per connection. Subclasses say, per new
    connection, whether it is let in and after how many of the server's bytes it is cut (``admit``), and
    whether open connections are cut now (``cut_now``); ``cuts_done`` counts the connections cut."""

    POLL_S = 0.1  # how often the listener and each pipe look at the stop flag (and ``cut_now``)

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.cuts_done = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def admit(self) -> tuple[bool, int | None]:
        """(let the new connection in, the server's bytes after which it is cut; None: never)."""
        return True, None

    def cut_now(self) -> bool:
        return False

    def _accept(self) -> None:
        self.listener.settimeout(self.POLL_S)
        while not self._stop.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            admitted, limit = self.admit()
            if not admitted:
                client.close()
                continue
            threading.Thread(target=self._pipe, args=(client, limit), daemon=True).start()

    def _pipe(self, client: socket.socket, limit: int | None) -> None:
        try:
            server = socket.create_connection(("127.0.0.1", self.target_port))
        except OSError:
            client.close()
            return
        passed = 0
        try:
            while not self._stop.is_set():
                if self.cut_now():
                    self.cuts_done += 1
                    return
                ready, _, _ = select.select([client, server], [], [], self.POLL_S)
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    if sock is server:
                        if limit is not None and passed + len(data) >= limit:
                            client.sendall(data[: max(0, limit - passed)])
                            self.cuts_done += 1
                            return
                        passed += len(data)
                        client.sendall(data)
                    else:
                        server.sendall(data)
        except OSError:
            return
        finally:
            for sock in (client, server):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()

    def close(self) -> None:
        self._stop.set()
        self.listener.close()
        self._thread.join(2)


class CuttingProxy(Proxy):
    """Each new connection is cut after a random number of server-to-client bytes while ``cuts_left`` > 0,
    then connections flow."""

    def __init__(self, target_port: int, rng: random.Random, cuts: int, max_bytes: int) -> None:
        self.rng = rng
        self.cuts_left = cuts
        self.max_bytes = max_bytes
        super().__init__(target_port)  # starts accepting: what ``admit`` reads is set first

    def admit(self) -> tuple[bool, int | None]:
        if self.cuts_left <= 0:
            return True, None
        self.cuts_left -= 1
        return True, self.rng.randint(200, self.max_bytes)


class StallingProxy:
    """Forwards both ways until ``stall`` is set; then the server's bytes stop arriving (a silent
    server: the connection stays open and a read waits for its timeout). ``holding`` is set once
    an answer is held back, that is once the client waits on a read."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.stall = threading.Event()
        self.holding = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._stop = threading.Event()
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        self.listener.settimeout(0.1)
        while not self._stop.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                continue
            server = socket.create_connection(("127.0.0.1", self.target_port))
            self._sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, from_server: bool) -> None:
        try:
            while not self._stop.is_set():
                data = source.recv(65536)
                if not data:
                    return
                while from_server and self.stall.is_set() and not self._stop.is_set():
                    self.holding.set()
                    self._stop.wait(0.05)
                target.sendall(data)
        except OSError:
            return

    def stop(self) -> None:
        self._stop.set()
        self.listener.close()
        for s in self._sockets:
            with contextlib.suppress(OSError):
                s.close()

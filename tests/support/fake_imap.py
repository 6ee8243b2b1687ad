"""A small IMAP server that misbehaves on purpose (fault tests of issue 15).

It speaks just enough IMAP4rev1 for LeakDesk's sync (CAPABILITY, LOGIN,
LIST, SELECT/EXAMINE, UID SEARCH, UID FETCH, NOOP, LOGOUT) over one folder
of given messages, and can: answer EXAMINE with a UIDVALIDITY that is not a
number, stream untagged FETCH lines without end, trickle a huge literal a
byte at a time, or hand out a message with an enormous header.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Misbehaviour:
    uidvalidity: bytes = b"7"
    endless_fetch: bool = False  # untagged FETCH lines forever (memory must stay bounded)
    trickle: int = 0  # a literal of this many bytes sent a byte at a time (a deadline must end it)
    uid_text: bytes | None = None  # a UID that is not a number in FETCH
    internaldate: bytes = b'"17-Nov-2026 10:00:00 +0000"'
    no_size_search: bool = False  # SEARCH ... LARGER refused, as a minimal server might


@dataclass
class FakeImap:
    messages: list[bytes]
    misbehave: Misbehaviour = field(default_factory=Misbehaviour)
    port: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        self.listener.close()

    def _accept(self) -> None:
        self.listener.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                continue
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        f = conn.makefile("rb")
        try:
            conn.sendall(b"* OK [CAPABILITY IMAP4rev1] fake ready\r\n")
            while not self._stop.is_set():
                line = f.readline()
                if not line:
                    return
                tag, _, rest = line.rstrip(b"\r\n").partition(b" ")
                command, _, args = rest.partition(b" ")
                if not self._answer(conn, tag, command.upper(), args):
                    return
        except OSError:
            return
        finally:
            conn.close()

    def _answer(self, conn: socket.socket, tag: bytes, command: bytes, args: bytes) -> bool:
        m = self.misbehave
        if command == b"CAPABILITY":
            conn.sendall(b"* CAPABILITY IMAP4rev1\r\n" + tag + b" OK done\r\n")
        elif command == b"LOGIN":
            conn.sendall(tag + b" OK logged in\r\n")
        elif command == b"LIST":
            conn.sendall(b'* LIST (\\HasNoChildren) "/" INBOX\r\n' + tag + b" OK done\r\n")
        elif command in (b"SELECT", b"EXAMINE"):
            conn.sendall(b"* %d EXISTS\r\n* OK [UIDVALIDITY %s] ok\r\n* OK [UIDNEXT %d] ok\r\n"
                         % (len(self.messages), m.uidvalidity, len(self.messages) + 1)
                         + tag + b" OK [READ-ONLY] done\r\n")
        elif command == b"NOOP":
            conn.sendall(tag + b" OK done\r\n")
        elif command == b"LOGOUT":
            conn.sendall(b"* BYE bye\r\n" + tag + b" OK done\r\n")
            return False
        elif command == b"UID" and args.upper().startswith(b"SEARCH") and m.no_size_search \
                and b"LARGER" in args.upper():
            conn.sendall(tag + b" BAD search criteria not supported\r\n")
        elif command == b"UID" and args.upper().startswith(b"SEARCH"):
            uids = b" ".join(str(i + 1).encode() for i in range(len(self.messages)))
            conn.sendall(b"* SEARCH " + uids + b"\r\n" + tag + b" OK done\r\n")
        elif command == b"UID" and args.upper().startswith(b"FETCH"):
            self._fetch(conn, tag, args)
        else:
            conn.sendall(tag + b" BAD unknown\r\n")
        return True

    def _fetch(self, conn: socket.socket, tag: bytes, args: bytes) -> None:
        m = self.misbehave
        wanted = _uids(args.split(b" ")[1], len(self.messages))
        only_size = b"BODY" not in args.upper()
        if m.endless_fetch:
            n = 0
            while not self._stop.is_set():
                n += 1
                conn.sendall(b"* %d FETCH (UID %d RFC822.SIZE 100 FLAGS ())\r\n" % (n, n) * 200)
        if m.trickle and not only_size:
            conn.sendall(b"* 1 FETCH (UID 1 RFC822.SIZE %d BODY[] {%d}\r\n" % (m.trickle, m.trickle))
            while not self._stop.is_set():
                conn.sendall(b"x")
                time.sleep(0.5)
            return
        for uid in wanted:
            raw = self.messages[uid - 1]
            shown_uid = m.uid_text if m.uid_text is not None else str(uid).encode()
            if only_size:
                conn.sendall(b"* %d FETCH (UID %s RFC822.SIZE %d)\r\n" % (uid, shown_uid, len(raw)))
                continue
            header_only = b"HEADER" in args.upper()
            body = raw.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n" if header_only else raw
            item = b"BODY[HEADER]" if header_only else b"BODY[]"
            conn.sendall(b"* %d FETCH (UID %s RFC822.SIZE %d INTERNALDATE %s FLAGS () %s {%d}\r\n"
                         % (uid, shown_uid, len(raw), m.internaldate, item, len(body)) + body + b")\r\n")
        conn.sendall(tag + b" OK done\r\n")


def _uids(spec: bytes, count: int) -> list[int]:
    out: list[int] = []
    for part in spec.split(b","):
        if b":" in part:
            lo, hi = part.split(b":")
            end = count if hi == b"*" else int(hi)
            out.extend(range(int(lo), min(end, count) + 1))
        elif re.fullmatch(rb"\d+", part):
            out.append(int(part))
    return [u for u in out if 1 <= u <= count]

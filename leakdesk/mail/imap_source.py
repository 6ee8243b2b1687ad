"""The IMAP server, through imapclient (its one home in LeakDesk).

Reads with BODY.PEEK[] so nothing is marked \\Seen, no flag changes, no
moves. It writes only new messages of LeakDesk's own: drafts, the team
journal's entries and the weekly report (and deletes only the journal's
old entries). Every failure leaves as a known error with one sentence of
what to fix: AuthFailed and CertificateInvalid are final,
ServerUnreachable and ConnectionLost are worth a retry.
"""

from __future__ import annotations

import imaplib
import ipaddress
import logging
import re
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

import imapclient
from imapclient.exceptions import IMAPClientError, LoginError

from leakdesk.errors import AuthFailed, CertificateInvalid, ConnectionLost, MailError, ServerUnreachable
from leakdesk.store.accounts import Account

log = logging.getLogger(__name__)
FETCH_ITEMS = [b"BODY.PEEK[]", b"INTERNALDATE", b"FLAGS", b"RFC822.SIZE"]
STUB_ITEMS = [b"BODY.PEEK[HEADER]", b"INTERNALDATE", b"FLAGS", b"RFC822.SIZE"]
# Limits against a hostile or broken server (issue 15). Mail over MAX_MESSAGE_BYTES is kept as a stub of
# its headers and size; one command may bring at most MAX_RESPONSE_BYTES; a command or a batch that
# takes longer than its deadline is cut off.
MAX_MESSAGE_BYTES = 60 * 1024 * 1024
MAX_RESPONSE_BYTES = 160 * 1024 * 1024
BATCH_BYTES = 64 * 1024 * 1024  # a FETCH of bodies asks for at most this much (one big message alone)
COMMAND_DEADLINE_S = 60.0
FETCH_DEADLINE_S = 300.0
DEFAULT_PORTS = {"ssl": 993, "starttls": 143, "none": 143}
# The server's notice that the selected folder holds more (or recent) messages: given once per connection.
NOTICES = ("EXISTS", "RECENT")
NOTICE_LINE = re.compile(rb"\* \d+ (EXISTS|RECENT)\b", re.IGNORECASE)


def clip(value: object, limit: int = 40) -> str:
    """A server's value quoted in a sentence: short, one line."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True, slots=True)
class FolderInfo:
    name: str
    uidvalidity: int
    uidnext: int | None
    exists: int


def written_since(read: FolderInfo, now: FolderInfo) -> bool:
    """Messages were added to a folder between two looks at it: a new UIDNEXT (UIDs only grow; removals
    do not count), a new UIDVALIDITY, or another message count where the server gives no UIDNEXT."""
    if now.uidvalidity != read.uidvalidity:
        return True
    if now.uidnext is not None and read.uidnext is not None:
        return now.uidnext != read.uidnext
    return now.exists != read.exists


@dataclass(frozen=True, slots=True)
class Fetched:
    uid: int
    raw: bytes
    internal_date: datetime | None
    size: int
    flags: tuple[bytes, ...]
    stub: bool = False  # too big to keep: headers and size only


class ResponseTooLarge(MailError):
    """The server sent more than one answer may hold."""


def stub_of(header: bytes, size: int) -> bytes:
    """What is kept of a message over MAX_MESSAGE_BYTES: its headers and a line saying so."""
    head = header[:64 * 1024].rstrip(b"\r\n")
    note = (f"LeakDesk kept only the headers of this message: it is {size / 1024 / 1024:.0f} MB, over the "
            f"{MAX_MESSAGE_BYTES // 1024 // 1024} MB it stores. Open it in your mail client.").encode()
    return head + b"\r\n\r\n" + note + b"\r\n"


# What a folder is called where the server does not say what it is for (no SPECIAL-USE, RFC 6154).
FOLDER_NAMES = {
    "\\Sent": ("sent", "sent items", "sent messages", "sent mail", "inbox.sent", "inbox/sent", "[gmail]/sent mail",
                "gesendet", "gesendete elemente", "envoyés", "éléments envoyés", "enviados", "elementos enviados",
                "inviata", "posta inviata", "verzonden items", "itens enviados"),
    "\\Drafts": ("drafts", "inbox.drafts", "[gmail]/drafts", "entwürfe", "brouillons", "borradores", "bozze",
                  "concepten", "rascunhos"),
}


def special_folder(listed: list[tuple[str, tuple[str, ...]]], use: str) -> str | None:
    """The folder marked with the SPECIAL-USE flag ``use`` (\\Sent, \\Drafts), else the first whose name is
    one mail clients give that folder: one answer for the wizard, sync and drafts alike."""
    for name, flags in listed:
        if use in flags:
            return name
    known = FOLDER_NAMES.get(use, ())
    return next((name for name, _ in listed if name.lower() in known), None)


def refuse_clear_text(account: Account) -> None:
    """Security 'none' sends the password in clear: only to this computer (a local test server)."""
    if account.security == "none" and not is_loopback(account.host):
        raise MailError(f"Security 'none' sends the password in clear; it is allowed only for this computer "
                        f"(127.0.0.1), not {account.host}. Use ssl or starttls.")


class Credential(Protocol):
    """A sign-in that is not a password (OAuth2: leakdesk.signin.tokens)."""

    def login(self, client: Any, user: str) -> float:
        """Log the client in as ``user``; returns the monotonic time to reconnect by (its token expires)."""
        ...


Secret = str | Credential  # a password (or app password), or an OAuth2 sign-in


class ImapSource:
    """One connection to one account's server."""

    def __init__(self, account: Account, password: Secret, timeout: float = 30.0) -> None:
        self.account = account
        self._password = password
        self.renew_by: float | None = None  # monotonic: reconnect with a renewed token before then
        self.timeout = timeout
        self.client: imapclient.IMAPClient | None = None
        self._received = 0  # bytes the current command brought in
        self.selected: str | None = None
        self._info: FolderInfo | None = None

    # -- connecting -------------------------------------------------------------------
    def _context(self) -> ssl.SSLContext:
        cafile = self.account.cafile
        try:
            return ssl.create_default_context(cafile=cafile) if cafile else ssl.create_default_context()
        except (OSError, ssl.SSLError) as exc:
            raise CertificateInvalid(f"LeakDesk cannot read the CA file {cafile} ({exc}); check the path.") from None

    def connect(self) -> ImapSource:
        """Log in; every failure becomes a known error with one sentence."""
        a = self.account
        where = f"{a.host}:{a.port}"
        refuse_clear_text(a)
        try:
            client = self._open()
        except LoginError:
            raise AuthFailed(f"The server {a.host} refused the user name or password for {a.username}; "
                             "check them (some providers need an app password).") from None
        except ssl.SSLCertVerificationError as exc:
            raise CertificateInvalid(
                f"The certificate of {a.host} is not trusted ({exc.verify_message}); if the server uses its own "
                "certificate, give its CA file with --cafile.") from None
        except ssl.SSLError as exc:
            raise ServerUnreachable(
                f"{where} did not answer with TLS ({exc.reason or exc}); check the port and security "
                "(ssl is usually port 993, starttls 143).") from None
        except socket.gaierror:
            raise ServerUnreachable(f"The server name {a.host} cannot be found; check it and the network.") from None
        except (ConnectionRefusedError, TimeoutError):
            raise ServerUnreachable(f"Nothing answers at {where}; check the server name, port and network.") from None
        except (OSError, IMAPClientError, imaplib.IMAP4.error) as exc:
            raise ServerUnreachable(f"Talking to {where} failed ({exc}); check the port and security setting.") \
                from None
        self.client = client
        self.selected, self._info = None, None
        self._meter(client)
        log.info("connected to %s as %s", where, a.username)
        return self

    def _meter(self, client: imapclient.IMAPClient) -> None:
        """Count what each command brings in, and refuse a literal or an answer over its cap."""
        imap = client._imap
        read, readline = imap.read, imap.readline
        source = self

        def counted_read(size: int) -> bytes:
            if size > MAX_MESSAGE_BYTES + 1024 * 1024:
                raise ResponseTooLarge(f"The server {source.account.host} offered a single message of {size:,} "
                                       "bytes, more than LeakDesk takes; it was cut off.")
            source._spend(size)
            return bytes(read(size))

        def counted_readline() -> bytes:
            line = bytes(readline())
            source._spend(len(line))
            return line

        imap.read, imap.readline = counted_read, counted_readline

    def _spend(self, count: int) -> None:
        self._received += count
        if self._received > MAX_RESPONSE_BYTES:
            raise ResponseTooLarge(f"The server {self.account.host} kept sending more than one answer may hold "
                                   f"({MAX_RESPONSE_BYTES // 1024 // 1024} MB); it was cut off.")

    def _open(self) -> imapclient.IMAPClient:
        a = self.account
        client: imapclient.IMAPClient | None = None
        try:
            if a.security == "ssl":
                context = self._context()
                self._probe_tls(context)
                client = imapclient.IMAPClient(a.host, port=a.port, ssl=True, ssl_context=context,
                                               timeout=self.timeout)
            else:
                client = imapclient.IMAPClient(a.host, port=a.port, ssl=False, timeout=self.timeout)
                if a.security == "starttls":
                    client.starttls(self._context())
            client.normalise_times = False
            if isinstance(self._password, str):
                client.login(a.username, self._password)
            else:
                self.renew_by = self._password.login(client, a.username)
            return client
        except BaseException:
            if client is not None:
                with suppress(Exception):
                    client.shutdown()
            raise

    def _probe_tls(self, context: ssl.SSLContext) -> None:
        """Handshake once on a socket of our own: imapclient leaks its socket when
        the handshake fails inside its constructor."""
        with socket.create_connection((self.account.host, self.account.port), timeout=self.timeout) as raw, \
                context.wrap_socket(raw, server_hostname=self.account.host):
            pass

    def abort(self) -> None:
        """From any thread: cut the connection now, so a blocked read returns at once (stopping)."""
        client = self.client
        if client is None:
            return
        with suppress(Exception):
            client.socket().shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        client, self.client = self.client, None
        if client is None:
            return
        try:
            client.logout()
        except Exception:  # the connection may already be gone; nothing to save
            with suppress(Exception):
                client.shutdown()

    def __enter__(self) -> ImapSource:
        return self.connect() if self.client is None else self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _session(self, deadline: float = COMMAND_DEADLINE_S) -> Iterator[imapclient.IMAPClient]:
        """The live client for one command (or one batch), cut off after ``deadline`` seconds; any
        transport failure becomes ConnectionLost, a reply that cannot be read one sentence."""
        if self.client is None:
            raise ConnectionLost("Not connected to the mail server.")
        self._received = 0
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            self.abort()

        timer = threading.Timer(deadline, expire)
        timer.daemon = True
        timer.start()
        host = self.account.host
        try:
            yield self.client
        except ResponseTooLarge:
            self._drop()
            raise
        except (TimeoutError, OSError, imaplib.IMAP4.abort, ssl.SSLError, EOFError) as exc:
            self._drop()
            if expired.is_set():
                raise ConnectionLost(f"The server {host} took more than {deadline:.0f} s to answer; LeakDesk "
                                     "cut it off and will try again.") from exc
            raise ConnectionLost(f"The connection to {host} was lost ({exc}).") from exc
        except IMAPClientError as exc:
            if "socket" in str(exc).lower() or "EOF" in str(exc) or expired.is_set():
                self._drop()
                raise ConnectionLost(f"The connection to {host} was lost ({exc}).") from exc
            if "got more than" in str(exc):  # imaplib's cap on one line
                self._drop()
                raise ResponseTooLarge(f"The server {host} sent a line longer than LeakDesk reads; it was cut "
                                       "off.") from exc
            raise MailError(f"The server {host} refused a request ({exc}).") from exc
        except (ValueError, KeyError, TypeError, IndexError, imapclient.exceptions.ProtocolError) as exc:
            self._drop()
            raise MailError(f"The server {host} sent a reply LeakDesk cannot read ({clip(exc)}); it will "
                            "try again later.") from exc
        finally:
            timer.cancel()

    def _drop(self) -> None:
        """Forget a broken connection, closing its socket (no descriptor leak per reconnect)."""
        client, self.client = self.client, None
        if client is not None:
            with suppress(Exception):
                client.shutdown()

    # -- reading ----------------------------------------------------------------------
    def capabilities(self) -> set[bytes]:
        with self._session() as c:
            return set(c.capabilities())

    def has_idle(self) -> bool:
        return b"IDLE" in self.capabilities()

    def folders(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every folder with its flags (SPECIAL-USE ones like \\Sent among them)."""
        with self._session() as c:
            return [(str(name), tuple(f.decode() if isinstance(f, bytes) else str(f) for f in flags))
                    for flags, _, name in c.list_folders()]

    def find_sent_folder(self) -> str | None:
        """The folder the server marks SPECIAL-USE \\Sent, else one with a common sent-folder name."""
        return special_folder(self.folders(), "\\Sent")

    def find_drafts_folder(self) -> str | None:
        """The folder the server marks SPECIAL-USE \\Drafts, else one called Drafts."""
        return special_folder(self.folders(), "\\Drafts")

    # -- writing: drafts only (LeakDesk sends nothing) ---------------------------------
    def append_draft(self, folder: str, raw: bytes, at: datetime) -> None:
        """APPEND a message with the \\Draft flag (it appears in the person's mail client)."""
        with self._session() as c:
            c.append(folder, raw, flags=[b"\\Draft"], msg_time=at)

    # -- writing: the weekly report (leakdesk.report.weekly_mail) --------------------------------
    def append_new(self, folder: str, raw: bytes, at: datetime) -> None:
        """APPEND with no flag: a mail client shows it as new, unread mail, like any that arrived."""
        with self._session() as c:
            c.append(folder, raw, flags=(), msg_time=at)

    # -- writing: the team journal's own folder (leakdesk.seats) -------------------------------
    def create_folder(self, name: str, subscribe: bool = False) -> None:
        """Make the folder unless it exists; ``subscribe``: a new one is listed in mail clients too
        (most show only subscribed folders)."""
        with self._session() as c:
            if not c.folder_exists(name):
                c.create_folder(name)
                if subscribe:
                    c.subscribe_folder(name)

    def append_seen(self, folder: str, raw: bytes, at: datetime) -> None:
        """APPEND with \\Seen set: a mail client shows it as read and notifies nobody."""
        with self._session() as c:
            c.append(folder, raw, flags=[b"\\Seen"], msg_time=at)

    def delete_uids(self, folder: str, uids: list[int]) -> None:
        """Remove messages of LeakDesk's own folder (the journal's compaction); nothing else is ever deleted."""
        with self._session() as c:
            c.select_folder(folder)
            c.delete_messages(uids)
            c.expunge()
            c.close_folder()
        self.selected, self._info = None, None

    def folder_exists(self, name: str) -> bool:
        with self._session() as c:
            return bool(c.folder_exists(name))

    def select(self, folder: str, fresh: bool = False) -> FolderInfo:
        """Open a folder read-only. Already open, a NOOP refreshes it instead: a
        SELECT of a 10,000-message folder costs the server several milliseconds,
        and while it stays selected its UIDVALIDITY cannot change under us."""
        if not fresh and self.selected == folder and self._info is not None:
            self.noop()
            return self._info
        with self._session() as c:
            try:
                info = c.select_folder(folder, readonly=True)
                self._told_before(c)  # the count this answer gave is the folder as read, not news
            except ValueError as exc:  # imapclient reads UIDVALIDITY and UIDNEXT as numbers itself
                self._drop()
                what = clip(str(exc).rpartition(":")[2].strip(), 20)
                raise MailError(f"The server {self.account.host} gave a status for {folder} with {what} where a "
                                "number must be (UIDVALIDITY, UIDNEXT or EXISTS); LeakDesk cannot read the folder "
                                "until it does.") from None
        self.selected = folder
        self._info = FolderInfo(folder, self._number(info, b"UIDVALIDITY", folder),
                                self._number(info, b"UIDNEXT", folder) if b"UIDNEXT" in info else None,
                                self._number(info, b"EXISTS", folder, 0))
        return self._info

    def _number(self, info: dict[bytes, object], key: bytes, folder: str, default: int | None = None) -> int:
        value = info.get(key, default)
        try:
            number: int = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            self._drop()
            raise MailError(f"The server {self.account.host} gave {key.decode()} '{clip(value)}' for {folder}, "
                            "which is not a number; LeakDesk cannot read the folder until it does.") from None
        if number < 0:
            self._drop()
            raise MailError(f"The server {self.account.host} gave a negative {key.decode()} for {folder}.")
        return number

    def uids_above(self, uid: int) -> list[int]:
        with self._session() as c:
            found = c.search(["UID", f"{uid + 1}:*"])
        # "n:*" always matches the last message, even when its UID is below n.
        return sorted(u for u in found if u > uid)

    def uids_before(self, day: date) -> list[int]:
        with self._session() as c:
            return sorted(c.search(["BEFORE", day]))

    def uids_with_header(self, name: str, value: str) -> list[int]:
        with self._session() as c:
            return sorted(c.search(["HEADER", name, value]))

    def uids_since(self, day: date) -> list[int]:
        with self._session() as c:
            return sorted(c.search(["SINCE", day]))

    def fetch(self, uids: list[int]) -> list[Fetched]:
        """The messages of ``uids``, in groups of at most BATCH_BYTES; mail over MAX_MESSAGE_BYTES comes
        as a stub of its headers (the batch has one deadline).

        Only the messages the server finds LARGER than their share of a group are sized first: the
        rest fit one FETCH together. (Sizing every message cost a fifth of the raw FETCH of a history
        import.) A server that cannot search by size has every message sized."""
        if not uids:
            return []
        share = BATCH_BYTES // len(uids)
        large = self._larger_than(uids, share)
        asked = uids if large is None else [u for u in uids if u in large]
        sizes: dict[int, int] = {}
        if asked:
            with self._session() as c:
                listed = c.fetch(asked, [b"RFC822.SIZE"])
                sizes = {int(uid): int(data.get(b"RFC822.SIZE", 0)) for uid, data in listed.items()}
        big = [u for u in asked if sizes.get(u, 0) > MAX_MESSAGE_BYTES]
        groups: list[list[int]] = [] if large is None else [[u for u in uids if u not in large]]
        group_bytes = BATCH_BYTES  # the small ones' group is full: the sized ones start their own
        for uid in (u for u in asked if u in sizes and u not in big):
            if not groups or group_bytes + sizes[uid] > BATCH_BYTES:
                groups.append([])
                group_bytes = 0
            groups[-1].append(uid)
            group_bytes += sizes[uid]
        out: list[Fetched] = []
        for group in (g for g in groups if g):
            with self._session(deadline=FETCH_DEADLINE_S) as c:
                out.extend(self._fetched(c.fetch(group, FETCH_ITEMS), b"BODY[]", stub=False))
        if big:
            with self._session() as c:
                out.extend(self._fetched(c.fetch(big, STUB_ITEMS), b"BODY[HEADER]", stub=True))
        out.sort(key=lambda f: f.uid)
        return out

    def _larger_than(self, uids: list[int], size: int) -> set[int] | None:
        """Those of ``uids`` over ``size`` bytes, by one SEARCH; None when the server refuses it."""
        try:
            with self._session() as c:
                found = c.search(["UID", f"{min(uids)}:{max(uids)}", "LARGER", size])
        except MailError:
            if self.client is None:  # the connection is gone, not the search
                raise
            return None
        wanted = set(uids)
        return {int(uid) for uid in found if uid in wanted}

    def _fetched(self, response: dict[int, dict[bytes, object]], part: bytes, stub: bool) -> list[Fetched]:
        out = []
        for uid, data in response.items():
            raw = data.get(part)
            if not isinstance(raw, bytes | bytearray):  # expunged meanwhile
                continue
            when = data.get(b"INTERNALDATE")
            if not isinstance(when, datetime):
                when = None  # a date LeakDesk cannot read: the Date header stands in
            elif when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            size = data.get(b"RFC822.SIZE", len(raw))
            try:
                number, size = int(uid), int(size)  # type: ignore[call-overload]
            except (TypeError, ValueError):
                raise MailError(f"The server {self.account.host} gave a UID or size LeakDesk cannot read "
                                f"('{clip(uid)}').") from None
            flags = data.get(b"FLAGS", ())
            kept = stub_of(bytes(raw), size) if stub else bytes(raw)
            out.append(Fetched(number, kept, when, size, tuple(f for f in flags if isinstance(f, bytes))
                               if isinstance(flags, tuple | list) else (), stub))
        return out

    def noop(self) -> None:
        with self._session() as c:
            c.noop()

    # -- waiting ----------------------------------------------------------------------
    def idle_start(self) -> None:
        with self._session() as c:
            c.idle()

    def idle_check(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s in IDLE; True when the server said the folder has new mail.

        The server says so once per connection and IDLE never repeats it, while imapclient's idle_check
        only waits on the socket. So first this tells what the connection has been told already and
        nobody read: the notice in the answer to an earlier command (a NOOP, SEARCH, FETCH or DONE) since
        the folder was selected, and lines that came in the same packet as IDLE's "+ idling", already in
        imaplib's buffer or decrypted by TLS, where no wait on the socket sees them (mjs/imapclient#321)."""
        with self._session() as c:
            if self._told_before(c):
                return True
            received = self._already_received(c)
            if received:
                return any(NOTICE_LINE.match(line) for line in received)
            responses = c.idle_check(timeout=timeout)
        return any(len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses)

    @staticmethod
    def _told_before(c: imapclient.IMAPClient) -> bool:
        """Whether an earlier answer held a notice, which is then taken: imaplib keeps every untagged
        response of a command's answer (a SELECT starts afresh) and imapclient reads only the ones it asked
        for."""
        untagged = c._imap.untagged_responses
        return any([untagged.pop(name, None) for name in NOTICES])  # a list: every notice taken

    @staticmethod
    def _already_received(c: imapclient.IMAPClient) -> list[bytes]:
        """The whole lines of the server's that this process already holds, read without waiting for more.
        (imaplib reads through the socket's buffered file up to Python 3.13; 3.14's keeps its own buffer.)"""
        imap, sock = c._imap, c.socket()
        lines: list[bytes] = []
        while True:
            if not (isinstance(sock, ssl.SSLSocket) and sock.pending()):
                timeout = sock.gettimeout()
                sock.setblocking(False)  # a peek at an empty buffer reads the socket once, without waiting
                try:
                    if not imap.file.peek(1):
                        return lines
                except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
                    return lines
                finally:
                    sock.settimeout(timeout)
            lines.append(bytes(imap._get_line()))  # waits only for the rest of a line already begun

    def idle_done(self) -> None:
        with self._session() as c:
            c.idle_done()

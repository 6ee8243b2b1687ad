"""What capture needs from a raw message: identity, thread keys, sender.

Fast and tolerant: headers only, with the compat32 policy (RECIPES.md: the
modern policy costs several times more per message and capture speed is a
goal). The fingerprint covers the content a sender wrote, not the headers a
delivery adds, so a re-delivery matches and a reused Message-ID does not.
The enquiry parser (contact behind web forms, channel, kind) builds on
``ParsedMessage``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime

from leakdesk.errors import LeakDeskError

_HEADER_PARSER = BytesHeaderParser(policy=compat32)
_MSGID = re.compile(r"<[^<>\s]+>")
_FINGERPRINT_HEADERS = ("from", "to", "cc", "subject", "date", "message-id", "in-reply-to")


class UnparseableMessage(LeakDeskError):
    """A message LeakDesk cannot read; it is stored raw and quarantined."""


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    from_name: str
    from_addr: str | None
    subject: str
    fingerprint: str
    recipients_header: tuple[str, ...] = ()
    date_header: str | None = None

    @property
    def to_addrs(self) -> tuple[str, ...]:
        """To and Cc addresses (parsed on demand: most messages never need them)."""
        try:
            pairs = getaddresses([decode(h) for h in self.recipients_header])
        except (TypeError, ValueError, IndexError):
            return ()
        return tuple(a.strip().lower() for _, a in pairs if "@" in a)

    @property
    def date(self) -> datetime | None:
        """The Date header (a fallback: INTERNALDATE is when the server got it)."""
        if not self.date_header:
            return None
        try:
            value = parsedate_to_datetime(self.date_header)
        except (TypeError, ValueError, IndexError):
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value

    @property
    def thread_keys(self) -> tuple[str, ...]:
        """Message-IDs this message answers, nearest first."""
        keys = ([self.in_reply_to] if self.in_reply_to else []) + list(reversed(self.references))
        return tuple(dict.fromkeys(keys))


def decode(value: str | None) -> str:
    """An RFC 2047 header as text; undecodable bytes become replacement characters."""
    if not value:
        return ""
    try:
        return str(make_header(decode_header(value))).strip()
    except (LookupError, UnicodeError, ValueError, TypeError):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace").strip()


def _ids(value: str | None) -> list[str]:
    return _MSGID.findall(value or "")


def fingerprint(raw: bytes) -> str:
    """sha256 of the sender-written headers and the body, line endings folded."""
    head, sep, body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
    digest = hashlib.sha256()
    wanted: dict[bytes, bytes] = {}
    current: bytes | None = None
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t") and current is not None:
            wanted[current] += b" " + line.strip()
            continue
        name, colon, value = line.partition(b":")
        key = name.strip().lower()
        current = key if colon and key.decode("latin-1") in _FINGERPRINT_HEADERS and key not in wanted else None
        if current is not None:
            wanted[current] = value.strip()
    for key in sorted(wanted):
        digest.update(key + b":" + wanted[key] + b"\n")
    digest.update(b"\n" + body.rstrip(b"\n") if sep else b"")
    return digest.hexdigest()


def parse_message(raw: bytes) -> ParsedMessage:
    """The capture facts of ``raw``; raises UnparseableMessage with the reason."""
    if not raw or not raw.strip():
        raise UnparseableMessage("the message is empty")
    end = raw.find(b"\r\n\r\n")
    if end < 0:
        end = raw.find(b"\n\n")
    head = raw if end < 0 else raw[: end + 2]
    try:
        headers = _HEADER_PARSER.parsebytes(head)  # the header block only: bodies can be megabytes
    except Exception as exc:  # the stdlib parser is tolerant; anything else is a broken message
        raise UnparseableMessage(f"its headers cannot be read ({type(exc).__name__})") from exc
    if not headers.keys():
        raise UnparseableMessage("it has no headers")
    try:
        senders = getaddresses([decode(str(h)) for h in headers.get_all("From", [])])
    except (TypeError, ValueError, IndexError) as exc:
        raise UnparseableMessage(f"its sender address cannot be read ({type(exc).__name__})") from exc
    from_name, from_addr = next(((n, a) for n, a in senders if "@" in a), ("", ""))
    if not from_addr:
        raise UnparseableMessage("it has no sender address")
    message_ids = _ids(str(headers["Message-ID"])) if headers["Message-ID"] else []
    in_reply_to = _ids(str(headers["In-Reply-To"])) if headers["In-Reply-To"] else []
    return ParsedMessage(
        message_id=message_ids[0] if message_ids else None,
        in_reply_to=in_reply_to[0] if in_reply_to else None,
        references=tuple(_ids(str(headers["References"]))) if headers["References"] else (),
        from_name=decode(from_name),
        from_addr=from_addr.strip().lower(),
        subject=decode(str(headers["Subject"])) if headers["Subject"] else "",
        fingerprint=fingerprint(raw),
        recipients_header=tuple(str(h) for h in headers.get_all("To", []) + headers.get_all("Cc", [])),
        date_header=str(headers["Date"]) if headers["Date"] else None,
    )

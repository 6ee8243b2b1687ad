"""What capture needs from a raw message: identity, thread keys, sender.

Fast and tolerant: one pass over the header block collects the few headers
capture needs and feeds the fingerprint too; email.utils and email.header do
the addresses and RFC 2047. (The stdlib feedparser cost 65 us a message,
a fifth of a 10,000-message import; capture speed is a goal of issue 3.)
The fingerprint covers the content a sender wrote, not the headers a
delivery adds, so a re-delivery matches and a reused Message-ID does not.
The enquiry parser (contact behind web forms, channel, kind) builds on
``ParsedMessage``.
"""

from __future__ import annotations

import hashlib
import re

from leakdesk.domain.messages import ParsedMessage as ParsedMessage
from leakdesk.domain.messages import addresses
from leakdesk.domain.messages import decode as decode
from leakdesk.errors import LeakDeskError

_MSGID = re.compile(r"<[^<>\s]+>")
_FINGERPRINT_HEADERS = ("from", "to", "cc", "subject", "date", "message-id", "in-reply-to")


class UnparseableMessage(LeakDeskError):
    """A message LeakDesk cannot read; it is stored raw and quarantined."""


def _ids(value: str | None) -> list[str]:
    return _MSGID.findall(value or "")


# What classification reads (auto-replies, bounces, bulk mail, web forms).
CLASSIFY_HEADERS = ("reply-to", "auto-submitted", "x-autoreply", "x-autorespond", "x-auto-response-suppress",
                    "precedence", "list-id", "list-unsubscribe", "return-path", "content-type",
                    "x-ms-exchange-generated-message-source", "x-failed-recipients", "x-leakdesk",
                    "content-language", "accept-language")
_WANTED = frozenset({b"from", b"to", b"cc", b"subject", b"date", b"message-id", b"in-reply-to", b"references",
                     *(h.encode() for h in CLASSIFY_HEADERS)})
_FINGERPRINTED = tuple(sorted(h.encode() for h in _FINGERPRINT_HEADERS))
_CLASSIFIED = tuple((h, h.encode()) for h in CLASSIFY_HEADERS)


MAX_HEADER = 64 * 1024  # bytes of one header kept (a hostile 50 MB subject is cut, not parsed)
MAX_SUBJECT = 998  # characters: RFC 5322's line limit, and what a window title can show


STEP = 1 << 20  # bytes one C call reads of a big message; between steps other threads (the window) run


def find_stepped(buf: bytes, sub: bytes, start: int = 0, end: int | None = None) -> int:
    """``buf.find(sub, start, end)`` a megabyte at a time: a find over a 40 MB message held the GIL,
    and so the window, for 15 ms."""
    end = len(buf) if end is None else min(end, len(buf))
    if end - start <= STEP:
        return buf.find(sub, start, end)
    while start < end:
        at = buf.find(sub, start, min(end, start + STEP + len(sub) - 1))
        if at >= 0:
            return at
        start += STEP
    return -1


def count_stepped(buf: bytes, byte: bytes, start: int, end: int) -> int:
    """``buf.count(byte, start, end)`` of one byte, a megabyte at a time."""
    return sum(buf.count(byte, at, min(end, at + STEP)) for at in range(start, end, STEP))


def blank_line(raw: bytes, start: int = 0, end: int | None = None) -> tuple[int, int]:
    """(where the headers end, where the body starts) in ``raw[start:end]``; (-1, -1) without a blank line.
    CRLF and bare-LF mail alike, whichever blank line comes first."""
    newline = raw.find(b"\n", start, end if end is not None else start + 4096)
    if newline > start and raw[newline - 1:newline] == b"\r":  # CRLF mail: its blank line first
        crlf = find_stepped(raw, b"\r\n\r\n", start, end)
        lf = find_stepped(raw, b"\n\n", start, crlf if crlf >= 0 else end)
    else:  # bare-LF mail: the CRLF search only looks before the LF blank line
        lf = find_stepped(raw, b"\n\n", start, end)
        crlf = find_stepped(raw, b"\r\n\r\n", start, lf + 4 if lf >= 0 else end)
    if lf >= 0 and (crlf < 0 or lf < crlf):
        return lf, lf + 2
    if crlf >= 0:
        return crlf, crlf + 4
    return -1, -1


# A wanted header at the start of a line of the lowercased head (after a "\n" put before it), with its
# folded continuation lines: one search finds them all instead of a Python loop over every line of the
# DKIM, ARC and Received headers. (A line's name may start with and end in the whitespace that
# bytes.strip drops, as _split_lines reads it; tests/core/test_parse.py holds the two readings equal.)
_NAMES = b"|".join(re.escape(name) for name in sorted(_WANTED, key=len, reverse=True))
_WANTED_AT = re.compile(rb"\n(?:[\r\v\f][\r\v\f \t]*)?(" + _NAMES + rb")[ \t\r\v\f]*:([^\n]*(?:\n[ \t][^\n]*)*)")
_BIG_HEAD = 256 * 1024  # bytes: a head this big (only hostile mail's) is read a line at a time


def _split(raw: bytes) -> tuple[dict[bytes, list[bytes]], int, bool]:
    """The wanted headers (unfolded, in order), where the body starts, and whether any header line was seen."""
    end, body_start = blank_line(raw)
    head = raw if end < 0 else raw[:end]
    if end < 0:
        body_start = len(raw)
    if len(head) > _BIG_HEAD:
        found, any_header = _split_lines(head)
        return found, body_start, any_header
    found = {}
    for match in _WANTED_AT.finditer(b"\n" + head.lower()):
        first, *folded = head[match.start(2) - 1:match.end(2) - 1].split(b"\n")
        value = first.strip()[:MAX_HEADER]
        for line in folded:
            if len(value) < MAX_HEADER:
                value += b" " + line.strip()
        found.setdefault(match.group(1), []).append(value)
    return found, body_start, bool(found) or _split_lines(head)[1]


def _split_lines(head: bytes) -> tuple[dict[bytes, list[bytes]], bool]:
    """The wanted headers of ``head`` read a line at a time, and whether any header line was seen."""
    found: dict[bytes, list[bytes]] = {}
    current: list[bytes] | None = None
    any_header = False
    for line in head.split(b"\n"):
        line = line.rstrip(b"\r")
        if line[:1] in (b" ", b"\t"):
            if current is not None and len(current[-1]) < MAX_HEADER:
                current[-1] += b" " + line.strip()
            continue
        name, colon, value = line.partition(b":")
        if not colon or not name or b" " in name.strip():
            current = None
            continue
        any_header = True
        key = name.strip().lower()
        if key in _WANTED:
            current = found.setdefault(key, [])
            current.append(value.strip()[:MAX_HEADER])
        else:
            current = None
    return found, any_header


def _text(value: bytes) -> str:
    # Raw 8-bit headers happen; UTF-8 is the common case, anything else is replaced.
    return value.decode("utf-8", "replace")


def _fingerprint(found: dict[bytes, list[bytes]], raw: bytes, body_start: int) -> str:
    """sha256 of the fingerprinted headers and the body with CRLF folded to LF and the trailing
    newlines dropped, read a megabyte at a time (one replace over a 40 MB body held the GIL)."""
    digest = hashlib.sha256(b"".join([key + b":" + found[key][0] + b"\n" for key in _FINGERPRINTED if key in found]))
    digest.update(b"\n")
    pending = b""  # newlines that only count when more text follows
    carry = b""  # a CR whose LF may start the next step
    for at in range(body_start, len(raw), STEP):
        step = carry + raw[at:at + STEP]
        carry = b"\r" if step.endswith(b"\r") and at + STEP < len(raw) else b""
        text = (step[:-1] if carry else step).replace(b"\r\n", b"\n")
        kept = text.rstrip(b"\n")
        if kept:
            digest.update(pending + kept)
            pending = text[len(kept):]
        else:
            pending += text
    return digest.hexdigest()


def fingerprint(raw: bytes) -> str:
    """sha256 of the sender-written headers and the body, line endings folded."""
    found, body_start, _ = _split(raw)
    return _fingerprint(found, raw, body_start)


def parse_message(raw: bytes) -> ParsedMessage:
    """The capture facts of ``raw``; raises UnparseableMessage with the reason."""
    if not raw or not raw.strip():
        raise UnparseableMessage("the message is empty")
    found, body_start, any_header = _split(raw)
    if not any_header:
        raise UnparseableMessage("it has no headers")

    def first(key: bytes) -> str | None:
        values = found.get(key)
        return _text(values[0]) if values else None

    from_values = [decode(_text(v)) for v in found.get(b"from", [])]
    try:
        senders = addresses(from_values)
    except (TypeError, ValueError, IndexError) as exc:
        raise UnparseableMessage(f"its sender address cannot be read ({type(exc).__name__})") from exc
    from_name, from_addr = next(((n, a) for n, a in senders if "@" in a), ("", ""))
    if not from_addr:
        raise UnparseableMessage("it has no sender address")
    message_ids = _ids(first(b"message-id"))
    in_reply_to = _ids(first(b"in-reply-to"))
    subject = first(b"subject")
    return ParsedMessage(
        message_id=message_ids[0] if message_ids else None,
        in_reply_to=in_reply_to[0] if in_reply_to else None,
        references=tuple(_ids(first(b"references"))),
        from_name=decode(from_name),
        from_addr=from_addr.strip().lower(),
        subject=decode(subject)[:MAX_SUBJECT] if subject else "",
        fingerprint=_fingerprint(found, raw, body_start),
        recipients_header=tuple(_text(v) for v in found.get(b"to", []) + found.get(b"cc", [])),
        date_header=first(b"date"),
        headers=tuple((h, _text(found[key][0])) for h, key in _CLASSIFIED if key in found),
    )

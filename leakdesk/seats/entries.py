"""A journal entry and the message that carries it on the IMAP server.

The message says in plain words what it is for and carries the sealed entry in base64; its Message-ID
is the entry's random id (the entry's identity on every seat, whatever UID the server gives it), and
nothing else about the team's work is readable without the team key.
"""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from typing import Any

from leakdesk.seats.crypto import seal, unseal

FOLDER = "LeakDesk"
KIND_HEADER = "X-LeakDesk-Journal"
BEGIN, END = "-----BEGIN LEAKDESK ENTRY-----", "-----END LEAKDESK ENTRY-----"
EXPLAIN = ("This message keeps LeakDesk's team work in step between your computers. It is encrypted; "
           "please leave it in this folder.")


@dataclass(frozen=True)
class Entry:
    id: str
    seat: str          # the seat that made it
    seat_name: str
    kind: str          # lead, undo, hello, snapshot
    lead: str | None = None        # the lead's cross-seat key
    base: str | None = None        # the lead's version the action was made on (contended actions)
    contended: bool = False
    events: tuple[dict[str, Any], ...] = ()  # kind, details (people by name), actor (a name)
    by: str | None = None          # who did it, by name
    what: str = ""                 # in words, for a refusal's sentence ("claimed Ann Lee")
    data: dict[str, Any] = field(default_factory=dict)  # undo: undoes; snapshot: entries, versions

    def to_json(self) -> str:
        return json.dumps({"v": 1, "id": self.id, "seat": self.seat, "seat_name": self.seat_name, "kind": self.kind,
                           "lead": self.lead, "base": self.base, "contended": self.contended,
                           "events": list(self.events), "by": self.by, "what": self.what, "data": self.data},
                          separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Entry:
        d = json.loads(text)
        return cls(d["id"], d["seat"], d.get("seat_name", ""), d["kind"], d.get("lead"), d.get("base"),
                   bool(d.get("contended")), tuple(d.get("events", ())), d.get("by"), d.get("what", ""),
                   d.get("data") or {})


def new_id() -> str:
    return uuid.uuid4().hex


def to_message(kind: str, entry_id: str, sealed: bytes, at: datetime) -> bytes:
    body = base64.encodebytes(sealed).decode("ascii").replace("\n", "\r\n")
    return (f"From: LeakDesk <journal@leakdesk.invalid>\r\nTo: LeakDesk <journal@leakdesk.invalid>\r\n"
            f"Subject: LeakDesk team journal\r\nDate: {format_datetime(at)}\r\n"
            f"Message-ID: <{entry_id}@leakdesk.invalid>\r\n{KIND_HEADER}: {kind}\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
            f"{EXPLAIN}\r\n\r\n{BEGIN}\r\n{body}{END}\r\n").encode("ascii")


def sealed_entry(key: bytes, entry: Entry, at: datetime) -> bytes:
    return to_message(entry.kind if entry.kind in ("snapshot", "pairing") else "entry", entry.id,
                      seal(key, entry.to_json().encode()), at)


def payload(raw: bytes) -> tuple[str, str, bytes] | None:
    """(kind, entry id, sealed bytes) of a journal message; None for anything else in the folder."""
    head, _, body = raw.partition(b"\r\n\r\n")
    kind = entry_id = None
    for line in head.decode("ascii", "replace").split("\r\n"):
        name, _, value = line.partition(":")
        if name.lower() == KIND_HEADER.lower():
            kind = value.strip()
        elif name.lower() == "message-id":
            entry_id = value.strip().strip("<>").partition("@")[0]
    text = body.decode("ascii", "replace")
    if not kind or not entry_id or BEGIN not in text or END not in text:
        return None
    inner = text.split(BEGIN, 1)[1].split(END, 1)[0]
    try:
        return kind, entry_id, base64.b64decode("".join(inner.split()))
    except ValueError:
        return None


def opened(key: bytes, sealed: bytes) -> Entry:
    return Entry.from_json(unseal(key, sealed).decode())

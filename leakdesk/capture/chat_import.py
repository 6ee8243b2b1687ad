"""A WhatsApp chat, exported from the business's phone, into a lead (issue 20).

The customer's messages become the lead's conversation (the first one its ``received_at``), the
business's answers logged WhatsApp contacts (the first one its first response). The customer is the
person the export is named after, else whoever wrote first. Each line is known by a fingerprint of its
time, author and text, so importing a longer export of the same chat later adds only what is new. The
phone's times are taken as the business's time zone (the export has none).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from leakdesk.clock import Clock
from leakdesk.domain import Channel, ContactKind, Event, EventKind
from leakdesk.errors import LeakDeskError
from leakdesk.mail.fields import normalise_phone
from leakdesk.settings import BUSINESS_PHONE_REGION, BUSINESS_TIMEZONE
from leakdesk.store import Store
from leakdesk.store.rows import iso
from leakdesk.whatsapp import ChatLine, chat_name, read_export

VIA = "whatsapp"


@dataclass(frozen=True)
class ChatImport:
    lead_id: int
    contact: str
    added: int      # lines new to the lead
    already: int    # lines it had from an earlier import
    new_lead: bool


def line_ids(lines: list[ChatLine]) -> list[str]:
    """Each line's identity in any export of the chat: its time, author and text, and which repeat of
    them it is (two photos sent in the same minute are two lines)."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for line in lines:
        key = (line.at.isoformat(), str(line.author), line.text)
        out.append(hashlib.sha256("\n".join((*key, str(seen[key]))).encode()).hexdigest()[:24])
        seen[key] += 1
    return out


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b) and " ".join(str(a).split()).casefold() == " ".join(str(b).split()).casefold()


def _lead_of(store: Store, chat: str) -> int | None:
    row = store.db.execute("SELECT lead_id FROM events WHERE kind = 'received'"
                           " AND json_extract(details, '$.whatsapp_chat') = ? ORDER BY id DESC LIMIT 1",
                           [chat]).fetchone()
    return int(row[0]) if row else None


def _known_lines(store: Store, lead_id: int) -> set[str]:
    return {str(r[0]) for r in store.db.execute(
        "SELECT json_extract(details, '$.line') FROM events WHERE lead_id = ?"
        " AND json_extract(details, '$.line') IS NOT NULL", [lead_id])}


def import_chat(store: Store, clock: Clock, data: bytes, file_name: str = "", name: str | None = None,
                phone: str = "") -> ChatImport:
    lines = [line for line in read_export(data, file_name) if not line.system and line.author]
    if not lines:
        raise LeakDeskError("This chat has no messages to import.")
    settings = store.settings.load()
    tz: ZoneInfo = settings[BUSINESS_TIMEZONE]
    named = name or chat_name(file_name)
    customer = next((line.author for line in lines if _same(line.author, named)), None) or lines[0].author
    assert customer is not None
    region = settings[BUSINESS_PHONE_REGION]
    number = normalise_phone(phone or customer, region) if (phone or any(c.isdigit() for c in customer)) else None
    chat = f"{VIA}:{number or ' '.join(customer.split()).casefold()}"
    team = {p.name.casefold(): p.id for p in store.people.all(active_only=False)}

    def at(line: ChatLine) -> datetime:
        return line.at.replace(tzinfo=tz)

    ids = dict(zip(map(id, lines), line_ids(lines), strict=True))
    theirs = [line for line in lines if _same(line.author, customer)]
    if not theirs:
        raise LeakDeskError(f"{customer} wrote nothing in this chat; there is no enquiry to import.")
    with store.transaction():
        lead_id = _lead_of(store, chat)
        new_lead = lead_id is None
        if lead_id is None:
            first = theirs[0]
            lead_id = store.leads.open_lead(Event(0, EventKind.RECEIVED, clock.now(), None, {
                "received_at": iso(at(first)), "contact_name": customer if not number or customer != phone else "",
                "contact_email": None, "contact_phone": number, "channel": Channel.WHATSAPP.value,
                "subject": " ".join(first.text.split())[:120] or "WhatsApp enquiry", "whatsapp_chat": chat,
                "line": ids[id(first)], "text": first.text})).id
        known = _known_lines(store, lead_id)
        added = 1 if new_lead else 0  # the first message began the lead
        for line in lines:
            lid = ids[id(line)]
            if lid in known:
                continue
            if _same(line.author, customer):
                event = Event(lead_id, EventKind.INBOUND, at(line), None, {"via": VIA, "text": line.text, "line": lid})
            else:
                event = Event(lead_id, EventKind.CONTACT_LOGGED, at(line), team.get(str(line.author).casefold()),
                              {"how": ContactKind.WHATSAPP.value, "summary": line.text, "line": lid,
                               "author": line.author})
            store.leads.record(event)
            known.add(lid)
            added += 1
    return ChatImport(lead_id, customer, added, len(lines) - added, new_lead)

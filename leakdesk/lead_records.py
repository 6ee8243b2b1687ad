"""Leads as plain records: ``leads --json`` and ``export --csv``.

Times are ISO 8601 with the business's UTC offset in JSON, and a readable
local "YYYY-MM-DD HH:MM" in CSV.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from leakdesk.settings import BUSINESS_TIMEZONE
from leakdesk.sla.deadlines import ownership_deadline, response_deadline
from leakdesk.sla.leaks import leak_kinds
from leakdesk.sla.policy import policy_from_settings
from leakdesk.store import Store

FIELDS = (
    "id", "contact_name", "contact_email", "contact_phone", "channel", "subject",
    "received_at", "captured_at", "owner", "owned_at", "stage", "outcome", "lost_reason",
    "revisit_on", "first_response_at", "next_step", "next_step_due", "leaks", "message_ids",
)
_TIMES = ("received_at", "captured_at", "owned_at", "first_response_at", "next_step_due")


def lead_records(store: Store, as_of: datetime) -> Iterator[dict[str, Any]]:
    settings = store.settings.load()
    policy = policy_from_settings(settings, store.connected_at())
    tz: ZoneInfo = settings[BUSINESS_TIMEZONE]
    names = {p.id: p.name for p in store.people.all(active_only=False)}
    message_ids = store.messages.message_ids_by_lead()
    keys = store.journal.keys()
    for lead in store.leads.all():
        record: dict[str, Any] = {
            "id": lead.id,
            "key": keys.get(lead.id),  # the same lead's identity on every seat of the team
            "contact_name": lead.contact_name,
            "contact_email": lead.contact_email,
            "contact_phone": lead.contact_phone,
            "channel": lead.channel.value,
            "subject": lead.subject,
            "owner": names.get(lead.owner_id) if lead.owner_id is not None else None,
            "owner_id": lead.owner_id,
            "stage": lead.stage.value,
            "outcome": lead.outcome.value if lead.outcome else None,
            "lost_reason": lead.lost_reason.value if lead.lost_reason else None,
            "revisit_on": lead.revisit_on.isoformat() if lead.revisit_on else None,
            "next_step": lead.next_step,
            "leaks": [k.value for k in leak_kinds(lead, policy, as_of)],
            "message_ids": message_ids.get(lead.id, []),
            # The SLA deadlines in business time (shared/LEAKAGE.md), as the board counts them down.
            "ownership_due": ownership_deadline(lead, policy).astimezone(tz).isoformat(timespec="seconds"),
            "response_due": response_deadline(lead, policy).astimezone(tz).isoformat(timespec="seconds"),
        }
        for name in _TIMES:
            value = getattr(lead, name)
            record[name] = value.astimezone(tz).isoformat(timespec="seconds") if value else None
        yield record


def write_csv(store: Store, as_of: datetime, out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=FIELDS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in lead_records(store, as_of):
        for name in _TIMES:
            if record[name]:
                record[name] = record[name][:16].replace("T", " ")
        record["leaks"] = " ".join(record["leaks"])
        record["message_ids"] = " ".join(record["message_ids"])
        writer.writerow(record)
        count += 1
    return count


"""Converting between rows and domain objects (times as ISO text in UTC)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from leakdesk.domain import (
    Channel,
    Event,
    EventKind,
    Lead,
    LostReason,
    Message,
    MessageRole,
    Outcome,
    Person,
    Stage,
)

Evidence = tuple[tuple[float, str], ...]  # (weight, what was seen) a message was read with


_EVIDENCE = json.JSONEncoder(ensure_ascii=False)  # made once: json.dumps with an option makes one a call


def evidence_text(evidence: Iterable[tuple[float, str]]) -> str | None:
    """Evidence as stored in a message row (None for none)."""
    pairs = [[w, t] for w, t in evidence]
    return _EVIDENCE.encode(pairs) if pairs else None


def evidence_of(text: str | None) -> Evidence:
    return tuple((float(w), str(t)) for w, t in json.loads(text)) if text else ()


def weighed(weight: float, text: str) -> str:
    """One piece of evidence in words: "+ form layout with an outside address (+6)"."""
    return f"{'+' if weight > 0 else '−'} {text} ({weight:+g})"


def iso(at: datetime | None) -> str | None:
    """UTC, microseconds always present, so text order is time order."""
    if at is None:
        return None
    if at.tzinfo is UTC:  # most are: no converted copy
        return _utc_text(at)
    if at.tzinfo is None:
        raise ValueError("naive datetime reached the store")
    return _utc_text(at.astimezone(UTC))


@lru_cache(maxsize=256)
def _utc_text(at: datetime) -> str:
    """A UTC time as text, remembered: a history import writes the same few times (received, stored,
    last activity) seven times a message. Only UTC times come here: an equal time in another zone
    is the same key."""
    return at.isoformat(timespec="microseconds")


def parse_iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


LEAD_COLUMNS = (
    "id", "contact_name", "contact_email", "contact_phone", "channel", "subject",
    "received_at", "captured_at", "owner_id", "owned_at", "first_response_at", "stage",
    "outcome", "lost_reason", "revisit_on", "closed_at", "next_step", "next_step_due",
    "last_activity_at", "handoff_without_context", "handoff_note", "outbound_touches",
    "cadence", "cadence_step", "next_step_template", "draft_ready_at",
)
LEAD_SELECT = ", ".join(LEAD_COLUMNS)


def lead_to_row(lead: Lead) -> dict[str, Any]:
    return {
        "id": lead.id,
        "contact_name": lead.contact_name,
        "contact_email": lead.contact_email,
        "contact_phone": lead.contact_phone,
        "channel": lead.channel.value,
        "subject": lead.subject,
        "received_at": iso(lead.received_at),
        "captured_at": iso(lead.captured_at),
        "owner_id": lead.owner_id,
        "owned_at": iso(lead.owned_at),
        "first_response_at": iso(lead.first_response_at),
        "stage": lead.stage.value,
        "outcome": lead.outcome.value if lead.outcome else None,
        "lost_reason": lead.lost_reason.value if lead.lost_reason else None,
        "revisit_on": lead.revisit_on.isoformat() if lead.revisit_on else None,
        "closed_at": iso(lead.closed_at),
        "next_step": lead.next_step,
        "next_step_due": iso(lead.next_step_due),
        "last_activity_at": iso(lead.last_activity_at),
        "handoff_without_context": int(lead.handoff_without_context),
        "handoff_note": lead.handoff_note,
        "outbound_touches": lead.outbound_touches,
        "cadence": lead.cadence,
        "cadence_step": lead.cadence_step,
        "next_step_template": lead.next_step_template,
        "draft_ready_at": iso(lead.draft_ready_at),
    }


_fromiso = datetime.fromisoformat


def lead_from_tuple(r: tuple[Any, ...]) -> Lead:
    """A lead from a row selected with LEAD_SELECT (the hot path of the board)."""
    return Lead(
        id=r[0],
        contact_name=r[1],
        contact_email=r[2],
        contact_phone=r[3],
        channel=Channel(r[4]),
        subject=r[5],
        received_at=_fromiso(r[6]),
        captured_at=_fromiso(r[7]),
        owner_id=r[8],
        owned_at=_fromiso(r[9]) if r[9] else None,
        first_response_at=_fromiso(r[10]) if r[10] else None,
        stage=Stage(r[11]),
        outcome=Outcome(r[12]) if r[12] else None,
        lost_reason=LostReason(r[13]) if r[13] else None,
        revisit_on=date.fromisoformat(r[14]) if r[14] else None,
        closed_at=_fromiso(r[15]) if r[15] else None,
        next_step=r[16],
        next_step_due=_fromiso(r[17]) if r[17] else None,
        last_activity_at=_fromiso(r[18]) if r[18] else None,
        handoff_without_context=bool(r[19]),
        handoff_note=r[20],
        outbound_touches=r[21],
        cadence=r[22],
        cadence_step=r[23],
        next_step_template=r[24],
        draft_ready_at=_fromiso(r[25]) if r[25] else None,
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in event details")


_DETAILS = json.JSONEncoder(default=_json_default, sort_keys=True)  # made once, like _EVIDENCE


def event_to_row(event: Event) -> dict[str, Any]:
    return {
        "lead_id": event.lead_id,
        "kind": event.kind.value,
        "at": iso(event.at),
        "actor_id": event.actor_id,
        "details": _DETAILS.encode(dict(event.details)),
    }


def event_from_row(r: dict[str, Any]) -> Event:
    return Event(
        id=r["id"],
        lead_id=r["lead_id"],
        kind=EventKind(r["kind"]),
        at=_fromiso(r["at"]),
        actor_id=r["actor_id"],
        details=json.loads(r["details"]),
    )


_PLAIN = (str, int, float, bool, type(None))


def normalise_details(event: Event) -> Event:
    """The event as it reads back from the store (details through JSON).

    Details that are already plain JSON values (the common case) pass as
    they are; only dates, lists and the like take the JSON round trip.
    """
    from dataclasses import replace

    if all(isinstance(v, _PLAIN) for v in event.details.values()):
        return event
    details = json.loads(_DETAILS.encode(dict(event.details)))
    return replace(event, details=details)


def person_from_row(r: dict[str, Any]) -> Person:
    return Person(
        id=r["id"],
        name=r["name"],
        initials=r["initials"],
        colour=r["colour"],
        emails=tuple(json.loads(r["emails"])),
        active=bool(r["active"]),
    )


def message_from_row(r: dict[str, Any]) -> Message:
    return Message(
        id=r["id"],
        account_id=r["account_id"],
        folder=r["folder"],
        uid=r["uid"],
        uidvalidity=r["uidvalidity"],
        message_id=r["message_id"],
        lead_id=r["lead_id"],
        role=MessageRole(r["role"]),
        reason=r["reason"],
    )

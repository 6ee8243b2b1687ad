"""A lead's conversation, the way a shared inbox shows a thread: its messages
and the team's work on it in time order, each with who did it and what was
said. Calls, notes and handoff notes keep their words (whoever picks the lead
up next must see what was promised); what LeakDesk did by itself (alerts,
cadences, drafts) is a quieter kind of row the window can fold away.

Pure: the lead window (ui/dialogs/lead_dialog.py) draws these rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from leakdesk.domain import ContactKind, Event, EventKind, LostReason, Message, MessageRole, Outcome
from leakdesk.domain.cadences import TITLES
from leakdesk.lifecycle import undone_ids


class RowKind(StrEnum):
    MESSAGE = "message"  # mail from or to the prospect: its text loads when chosen
    WORK = "work"  # a person working the lead: a call, a note, a handoff, an outcome
    SYSTEM = "system"  # LeakDesk by itself, or bookkeeping: quieter, can be folded


@dataclass(frozen=True, slots=True)
class Row:
    at: datetime
    kind: RowKind
    title: str  # "Phone call", "Prospect wrote", "Handed off to Tom Reid"
    author: str  # who wrote or did it ("" when nobody: LeakDesk itself)
    text: str = ""  # what was said or written, in full (a call's summary, a note)
    message_row: int | None = None  # the stored message, for message rows

    @property
    def snippet(self) -> str:
        """The text on one line, short enough for a row."""
        line = " ".join(self.text.split())
        return line if len(line) <= 90 else line[:89] + "…"


_MESSAGE_TITLES = {"enquiry": "Enquiry", "inbound_reply": "Prospect wrote", "outbound_reply": "Reply sent"}
_CONTACT = {ContactKind.CALL: "Phone call", ContactKind.WHATSAPP: "WhatsApp", ContactKind.VISIT: "Visit",
            ContactKind.OTHER: "Contact"}
_SYSTEM = frozenset({EventKind.ALERTED, EventKind.DRAFT_PREPARED, EventKind.CADENCE_STARTED,
                     EventKind.CADENCE_STOPPED, EventKind.OVERRIDDEN, EventKind.CONTACT_EDITED})
_TITLES = {
    EventKind.CLAIMED: "Claimed", EventKind.NEXT_STEP_DONE: "Next step done", EventKind.REOPENED: "Reopened",
    EventKind.NOTE: "Note", EventKind.OVERRIDDEN: "Reading corrected", EventKind.CONTACT_EDITED: "Contact edited",
    EventKind.ALERTED: "Alert sent", EventKind.DRAFT_PREPARED: "Draft prepared",
    EventKind.CADENCE_STARTED: "Cadence started", EventKind.CADENCE_STOPPED: "Cadence stopped",
    EventKind.UNDONE: "Undid the last action",
}


def rows(messages: Sequence[tuple[Message, datetime | None, str | None]], events: Sequence[Event],
         people: Mapping[int, str], received_at: datetime, contact: str = "",
         team: Mapping[str, str] | None = None) -> list[Row]:
    """The conversation, oldest first: ``messages`` as the store lists them (with time and sender),
    ``events`` the lead's log, ``people`` the team's names by id, ``team`` their names by address,
    ``contact`` the prospect's name (the author of their mail when its sender is not known)."""
    out = [Row(at or received_at, RowKind.MESSAGE,
               _MESSAGE_TITLES.get(m.role.value, m.role.value.replace("_", " ").capitalize()),
               _author(m, sender, contact, team or {}), message_row=m.id) for m, at, sender in messages]
    undone = undone_ids(events)
    for event in events:
        if event.kind is EventKind.RECEIVED and not messages:
            # A lead with no stored mail (typed in, or the demo's): its enquiry is still the first row.
            d = event.details
            out.append(Row(received_at, RowKind.MESSAGE, "WhatsApp" if d.get("whatsapp_chat") else "Enquiry",
                           contact, str(d.get("text") or d.get("subject") or d.get("why") or "")))
            continue
        if event.kind is EventKind.INBOUND and event.details.get("text"):  # a chat's message (no mail of it)
            out.append(Row(event.at, RowKind.MESSAGE, "WhatsApp", contact, str(event.details["text"])))
            continue
        if event.kind in (EventKind.RECEIVED, EventKind.INBOUND, EventKind.REPLIED):
            continue  # their messages are the rows
        row = _event_row(event, people)
        if event.id is not None and event.id in undone:  # kept in the log, marked and quieter
            row = Row(row.at, RowKind.SYSTEM, f"{row.title} (undone)", row.author, row.text)
        out.append(row)
    out.sort(key=lambda row: row.at)
    return out


def _author(message: Message, sender: str | None, contact: str, team: Mapping[str, str]) -> str:
    """A team member by name; the sender's address otherwise (a form's robot says where mail came
    from); without one, the prospect for their mail and "the team" for the business's."""
    if sender:
        return team.get(sender.lower(), sender)
    return "the team" if message.role is MessageRole.OUTBOUND_REPLY else contact


def _event_row(event: Event, people: Mapping[int, str]) -> Row:
    d = event.details
    who = people.get(event.actor_id, "") if event.actor_id is not None else str(d.get("author") or "")
    kind = RowKind.SYSTEM if event.kind in _SYSTEM or "cadence" in d else RowKind.WORK
    title, text = _TITLES.get(event.kind, event.kind.value.replace("_", " ").capitalize()), ""
    if event.kind is EventKind.CONTACT_LOGGED:
        how = str(d.get("how") or ContactKind.OTHER)
        title = _CONTACT.get(ContactKind(how), "Contact") if how in ContactKind._value2member_map_ else "Contact"
        text = str(d.get("summary") or "")
    elif event.kind is EventKind.NOTE:
        text = str(d.get("text") or "")
    elif event.kind in (EventKind.ASSIGNED, EventKind.HANDED_OFF):
        owner = people.get(int(d["owner_id"]), "someone") if d.get("owner_id") is not None else "someone"
        title = f"{'Handed off' if event.kind is EventKind.HANDED_OFF else 'Assigned'} to {owner}"
        text = str(d.get("note") or "")
        if event.kind is EventKind.HANDED_OFF and not text:
            text = "No handoff note."
    elif event.kind is EventKind.NEXT_STEP_SET:
        title, text = "Next step", str(d.get("action") or "")
    elif event.kind is EventKind.NEXT_STEP_DONE:
        text = str(d.get("action") or "")
    elif event.kind is EventKind.STAGE_CHANGED:
        title = f"Stage: {str(d.get('stage', '')).replace('_', ' ')}"
    elif event.kind is EventKind.OUTCOME_SET:
        title = f"Closed: {Outcome(d['outcome']).label if d.get('outcome') else '?'}"
        reason = str(d.get("reason") or "")
        text = "; ".join(x for x in (LostReason(reason).label if reason in LostReason._value2member_map_ else "",
                                     str(d.get("reason_text") or d.get("text") or ""),
                                     f"come back on {d['revisit_on']}" if d.get("revisit_on") else "") if x)
    elif event.kind is EventKind.CADENCE_STARTED:
        text = TITLES.get(str(d.get("cadence")), str(d.get("cadence") or ""))
    elif event.kind is EventKind.CADENCE_STOPPED:
        text = str(d.get("reason") or "")
    elif event.kind is EventKind.DRAFT_PREPARED:
        text = str(d.get("template") or "")
    return Row(event.at, kind, title, who, text)

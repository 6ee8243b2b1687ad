"""The domain: leads, people, messages, events and the words of LEAKAGE.md.

Plain frozen dataclasses and string enums; no I/O. Times are aware UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any


class Channel(StrEnum):
    WEB_FORM = "web_form"
    EMAIL = "email"
    REFERRAL = "referral"
    PHONE = "phone"
    WHATSAPP = "whatsapp"
    CHAT = "chat"
    WALK_IN = "walk_in"
    SOCIAL = "social"  # an Instagram or Facebook message
    OTHER = "other"

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    Channel.WEB_FORM: "Web form",
    Channel.EMAIL: "Email",
    Channel.REFERRAL: "Referral",
    Channel.PHONE: "Phone",
    Channel.WHATSAPP: "WhatsApp",
    Channel.CHAT: "Chat",
    Channel.WALK_IN: "Walk-in",
    Channel.SOCIAL: "Instagram / Facebook",
    Channel.OTHER: "Other",
}


class Stage(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    QUALIFIED = "qualified"
    PROPOSAL = "proposal"


class Outcome(StrEnum):
    BOOKED = "booked"
    WON = "won"
    LOST = "lost"
    NOT_READY = "not_ready"
    NOT_A_LEAD = "not_a_lead"

    @property
    def label(self) -> str:
        return {"booked": "Booked", "won": "Won", "lost": "Lost", "not_ready": "Not ready yet",
                "not_a_lead": "Not a lead"}[self.value]


class LostReason(StrEnum):
    PRICE = "price"
    COMPETITOR = "competitor"
    NO_REPLY = "no_reply"
    WENT_COLD = "went_cold"
    NOT_A_FIT = "not_a_fit"
    TIMING = "timing"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"price": "Price", "competitor": "Chose a competitor", "no_reply": "No reply",
                "went_cold": "Went cold", "not_a_fit": "Not a fit", "timing": "Timing",
                "other": "Other"}[self.value]


class ContactKind(StrEnum):
    CALL = "call"
    WHATSAPP = "whatsapp"
    VISIT = "visit"
    OTHER = "other"


class LeakKind(StrEnum):
    """Leak kinds in primary-leak order (LEAKAGE.md)."""

    UNANSWERED = "unanswered"
    LATE_RESPONSE = "late_response"
    UNOWNED = "unowned"
    STALLED = "stalled"
    WENT_COLD = "went_cold"
    LATE_CAPTURE = "late_capture"
    HANDOFF_WITHOUT_CONTEXT = "handoff_without_context"

    @property
    def leak_point(self) -> str:
        return _LEAK_POINTS[self]

    @property
    def label(self) -> str:
        return _LEAK_LABELS[self]


_LEAK_POINTS = {
    LeakKind.UNANSWERED: "SLA",
    LeakKind.LATE_RESPONSE: "SLA",
    LeakKind.UNOWNED: "ownership",
    LeakKind.STALLED: "follow-up",
    LeakKind.WENT_COLD: "follow-up",
    LeakKind.LATE_CAPTURE: "capture",
    LeakKind.HANDOFF_WITHOUT_CONTEXT: "handoff",
}
_LEAK_LABELS = {
    LeakKind.UNANSWERED: "Unanswered",
    LeakKind.LATE_RESPONSE: "Answered late",
    LeakKind.UNOWNED: "No owner in time",
    LeakKind.STALLED: "Stalled",
    LeakKind.WENT_COLD: "Went cold",
    LeakKind.LATE_CAPTURE: "Captured late",
    LeakKind.HANDOFF_WITHOUT_CONTEXT: "Handed off without a note",
}


class EventKind(StrEnum):
    RECEIVED = "received"
    CLAIMED = "claimed"
    ASSIGNED = "assigned"
    HANDED_OFF = "handed_off"
    INBOUND = "inbound"
    REPLIED = "replied"
    CONTACT_LOGGED = "contact_logged"
    NEXT_STEP_SET = "next_step_set"
    NEXT_STEP_DONE = "next_step_done"
    STAGE_CHANGED = "stage_changed"
    OUTCOME_SET = "outcome_set"
    REOPENED = "reopened"
    NOTE = "note"
    OVERRIDDEN = "overridden"  # a person corrected a classification
    ALERTED = "alerted"  # a desktop alert went out (so it never repeats)
    CONTACT_EDITED = "contact_edited"
    DRAFT_PREPARED = "draft_prepared"  # a reply draft waits in the Drafts folder for a person to send
    CADENCE_STARTED = "cadence_started"  # LeakDesk plans the lead's touches (leakdesk.followup.planner)
    CADENCE_STOPPED = "cadence_stopped"  # the prospect replied, the cadence ran out, or a person stopped it
    UNDONE = "undone"  # a person took back their last action: {"undoes": [the action's event ids]}


class MessageRole(StrEnum):
    ENQUIRY = "enquiry"
    INBOUND_REPLY = "inbound_reply"
    OUTBOUND_REPLY = "outbound_reply"
    NOT_A_LEAD = "not_a_lead"
    QUARANTINED = "quarantined"
    UNDECIDED = "undecided"  # waits in Check these for a person
    DUPLICATE = "duplicate"  # a second delivery of a stored message


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str
    initials: str
    colour: str
    emails: tuple[str, ...] = ()
    active: bool = True


@dataclass(frozen=True, slots=True)
class Lead:
    id: int
    contact_name: str
    contact_email: str | None
    contact_phone: str | None
    channel: Channel
    subject: str
    received_at: datetime
    captured_at: datetime
    owner_id: int | None = None
    owned_at: datetime | None = None
    first_response_at: datetime | None = None
    stage: Stage = Stage.NEW
    outcome: Outcome | None = None
    lost_reason: LostReason | None = None
    revisit_on: date | None = None
    closed_at: datetime | None = None
    next_step: str | None = None
    next_step_due: datetime | None = None
    last_activity_at: datetime | None = None
    handoff_without_context: bool = False
    handoff_note: str | None = None
    outbound_touches: int = 0
    cadence: str | None = None           # the follow-up cadence planning this lead's next steps
    cadence_step: int | None = None      # index of its step that is (or last was) the next step
    next_step_template: str | None = None  # the reply template of a cadence step ("Prepare draft")
    draft_ready_at: datetime | None = None  # a draft for the next step waits in the Drafts folder

    @property
    def is_open(self) -> bool:
        return self.outcome is None


@dataclass(frozen=True, slots=True)
class Event:
    lead_id: int
    kind: EventKind
    at: datetime
    actor_id: int | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Message:
    folder: str
    uid: int | None
    uidvalidity: int | None
    message_id: str | None
    role: MessageRole
    lead_id: int | None = None
    reason: str | None = None
    account_id: int | None = None
    id: int | None = None

"""What a person can do to a lead; each action writes one event.

The store applies the event to the lead in the same transaction.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from leakdesk.clock import Clock, business_today
from leakdesk.domain import Channel, ContactKind, Event, EventKind, Lead, LostReason, Outcome, Stage
from leakdesk.errors import ActionError
from leakdesk.followup.service import FollowUp
from leakdesk.lifecycle import undone_ids
from leakdesk.mail.fields import normalise_phone
from leakdesk.overrides import remember_lead
from leakdesk.seats.publish import publish, publish_undo
from leakdesk.seats.seat import is_seat
from leakdesk.settings import BUSINESS_PHONE_REGION, BUSINESS_TIMEZONE
from leakdesk.store import Store
from leakdesk.store.rows import iso

# The ways an enquiry reaches a business without email, as a person types one in; and the contact a
# first answer on that channel was.
BY_HAND = (Channel.PHONE, Channel.WALK_IN, Channel.WHATSAPP, Channel.SOCIAL, Channel.REFERRAL, Channel.OTHER)
ANSWERED_AS = {Channel.PHONE: ContactKind.CALL, Channel.WALK_IN: ContactKind.VISIT,
               Channel.WHATSAPP: ContactKind.WHATSAPP}


@dataclass(frozen=True)
class NewLead:
    """An enquiry that never was an email: the phone, a walk-in, WhatsApp, a social message, a referral."""

    channel: Channel
    name: str = ""
    phone: str = ""
    email: str = ""
    asked: str = ""
    received_at: datetime | None = None  # when it came in ("called at 9:10"); None: now
    taken_by: int | None = None          # who took it becomes its owner; None: nobody yet
    answered: bool = False               # answered when it came in (a call picked up is a first response)


@dataclass(frozen=True, slots=True)
class Undo:
    """What taking back one action needs: its lead, its events, and words for it ("Claimed Ann Lee")."""

    lead_id: int
    event_ids: tuple[int, ...]
    what: str


# Events that may follow an action without making it stale to undo: LeakDesk's own bookkeeping.
_AFTERWARDS = frozenset({EventKind.ALERTED, EventKind.DRAFT_PREPARED})


F = TypeVar("F", bound=Callable[..., Lead])


def travels(what: str) -> Callable[[F], F]:
    """An action of a person that the other seats apply too: what it wrote goes to this seat's journal
    outbox in the same transaction (leakdesk.seats); ``what`` names it in a refusal's sentence."""
    def wrap(method: F) -> F:
        @functools.wraps(method)
        def run(self: LeadActions, lead_id: int, *args: Any, **kwargs: Any) -> Lead:
            if not is_seat(self.store):
                return method(self, lead_id, *args, **kwargs)
            with self.store.writing():
                before = self.store.leads.last_event_id(lead_id)
                lead = method(self, lead_id, *args, **kwargs)
                events = self.store.leads.events_after(lead_id, before)
                publish(self.store, lead_id, events, f"{what} {lead.contact_name or 'a lead'}".strip())
            return lead
        return run  # type: ignore[return-value]
    return wrap


class LeadActions:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def undoable(self, lead_id: int, what: str, action: Callable[[], Lead]) -> tuple[Lead, Undo | None]:
        """Run ``action`` on the lead; with it, how to take it back (None when it wrote nothing)."""
        before = self.store.leads.last_event_id(lead_id)
        lead = action()
        ids = tuple(e.id for e in self.store.leads.events_after(lead_id, before) if e.id is not None)
        return lead, (Undo(lead_id, ids, what) if ids else None)

    def undo(self, undo: Undo, by: int | None) -> Lead:
        """Take an action back, unless the lead has been worked since (then it says so)."""
        lead_id = undo.lead_id
        later = [e for e in self.store.leads.events_after(lead_id, max(undo.event_ids)) if e.kind not in _AFTERWARDS]
        if set(undo.event_ids) & undone_ids(later):
            raise ActionError(f"“{undo.what}” was undone already.")
        if later:
            actor = later[-1].actor_id
            who = next((p.name for p in self.store.people.all(active_only=False) if p.id == actor), None)
            raise ActionError(f"“{undo.what}” cannot be undone: the lead changed since"
                              f"{' (' + who + ')' if who else ''}.")
        try:
            with self.store.transaction():
                lead = self.store.leads.undo(lead_id, undo.event_ids, self.clock.now(), by)
                publish_undo(self.store, lead_id, undo.event_ids)
                return lead
        except ValueError:
            raise ActionError(f"“{undo.what}” was undone already.") from None

    def _open_lead(self, lead_id: int) -> Lead:
        lead = self.store.leads.get(lead_id)
        if not lead.is_open:
            raise ActionError(f"Lead {lead_id} is closed ({lead.outcome}); reopen it first.")
        return lead

    @travels("claimed")
    def claim(self, lead_id: int, person_id: int) -> Lead:
        """``person_id`` takes an unowned lead."""
        lead = self._open_lead(lead_id)
        if lead.owner_id == person_id:
            return lead
        if lead.owner_id is not None:
            owner = self.store.people.get(lead.owner_id)
            raise ActionError(f"{owner.name} already owns this lead; assign it to hand it over.")
        self.store.people.get(person_id)
        return self.store.leads.record(
            Event(lead_id, EventKind.CLAIMED, self.clock.now(), person_id, {"owner_id": person_id})
        )

    @travels("assigned")
    def assign(self, lead_id: int, to_person_id: int, by_person_id: int | None, note: str | None = None) -> Lead:
        """Give the lead to ``to_person_id``; from another owner it is a handoff.

        A handoff without a note is allowed but the lead then carries
        ``handoff_without_context`` (LEAKAGE.md).
        """
        lead = self._open_lead(lead_id)
        self.store.people.get(to_person_id)
        if lead.owner_id == to_person_id:
            return lead
        kind = EventKind.ASSIGNED if lead.owner_id is None else EventKind.HANDED_OFF
        details: dict[str, object] = {"owner_id": to_person_id, "previous_owner_id": lead.owner_id}
        if note and note.strip():
            details["note"] = note.strip()
        return self.store.leads.record(Event(lead_id, kind, self.clock.now(), by_person_id, details))

    # -- working the lead ---------------------------------------------------------------
    def _record(self, lead_id: int, kind: EventKind, by: int | None, **details: object) -> Lead:
        lead = self.store.leads.record(Event(lead_id, kind, self.clock.now(), by, details))
        if lead.cadence is not None and kind in (EventKind.CONTACT_LOGGED, EventKind.NEXT_STEP_DONE):
            # A call or a step marked done by hand moves the cadence on to its next step.
            FollowUp(self.store, self.clock).advance([lead_id])
            lead = self.store.leads.get(lead_id)
        return lead

    @travels("logged a contact with")
    def log_contact(self, lead_id: int, by: int | None, how: ContactKind, summary: str = "") -> Lead:
        """A call, WhatsApp, visit...: counts as a response (LEAKAGE.md)."""
        self._open_lead(lead_id)
        return self._record(lead_id, EventKind.CONTACT_LOGGED, by, how=how.value, summary=summary.strip())

    @travels("set the next step of")
    def set_next_step(self, lead_id: int, by: int | None, action: str, due: datetime) -> Lead:
        self._open_lead(lead_id)
        if not action.strip():
            raise ActionError("Say what the next step is, e.g. 'Call back about Saturday'.")
        return self._record(lead_id, EventKind.NEXT_STEP_SET, by, action=action.strip(), due=iso(due))

    @travels("did the next step of")
    def complete_next_step(self, lead_id: int, by: int | None) -> Lead:
        lead = self._open_lead(lead_id)
        if lead.next_step is None:
            raise ActionError("This lead has no next step to mark done.")
        return self._record(lead_id, EventKind.NEXT_STEP_DONE, by, action=lead.next_step)

    @travels("moved")
    def set_stage(self, lead_id: int, by: int | None, stage: Stage) -> Lead:
        self._open_lead(lead_id)
        return self._record(lead_id, EventKind.STAGE_CHANGED, by, stage=stage.value)

    @travels("closed")
    def close(self, lead_id: int, by: int | None, outcome: Outcome, reason: LostReason | None = None,
              reason_text: str = "", revisit_on: date | None = None) -> Lead:
        """Booked, won, lost (with a reason), not ready (with a revisit date) or not a lead."""
        self._open_lead(lead_id)
        details: dict[str, object] = {"outcome": outcome.value}
        if outcome is Outcome.LOST:
            if reason is None:
                raise ActionError("Say why the lead was lost (price, a competitor, no reply, ...).")
            if reason is LostReason.OTHER and not reason_text.strip():
                raise ActionError("Say in a few words why the lead was lost.")
            details["reason"] = reason.value
            if reason_text.strip():
                details["reason_text"] = reason_text.strip()
        if outcome is Outcome.NOT_READY:
            if revisit_on is None:
                raise ActionError("Pick the date to come back to this lead.")
            tz = self.store.settings.load()[BUSINESS_TIMEZONE]
            if revisit_on <= business_today(self.clock.now(), tz):
                raise ActionError("The revisit date must be after today.")
            details["revisit_on"] = revisit_on.isoformat()
        return self._record(lead_id, EventKind.OUTCOME_SET, by, **details)

    @travels("reopened")
    def reopen(self, lead_id: int, by: int | None) -> Lead:
        lead = self.store.leads.get(lead_id)
        if lead.is_open:
            return lead
        return self._record(lead_id, EventKind.REOPENED, by, previous=lead.outcome.value if lead.outcome else None)

    def bring_back_revisits(self) -> list[Lead]:
        """Not-ready leads whose revisit date has come reopen (LeakDesk acts, no person) with the check-in cadence."""
        tz = self.store.settings.load()[BUSINESS_TIMEZONE]
        today = business_today(self.clock.now(), tz)
        back = [self._record(lead.id, EventKind.REOPENED, None, revisit=True, previous=Outcome.NOT_READY.value)
                for lead in self.store.leads.revisits_due(today)]
        if back:
            FollowUp(self.store, self.clock).start_check_ins(back)
        return [self.store.leads.get(lead.id) for lead in back]

    def _contact(self, name: str, email: str, phone: str) -> dict[str, str | None]:
        """A contact as typed, checked: the email's form, the phone normalised for the business's region."""
        email = email.strip().lower()
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            raise ActionError(f"'{email}' is not an email address.")
        region = self.store.settings.load()[BUSINESS_PHONE_REGION]
        normal = normalise_phone(phone, region) if phone.strip() else None
        if phone.strip() and normal is None:
            raise ActionError(f"'{phone}' is not a phone number LeakDesk can read; include the area code.")
        if not (name.strip() or email or normal):
            raise ActionError("A contact needs a name, an email address or a phone number.")
        return {"contact_name": name.strip() or email or normal or "", "contact_email": email or None,
                "contact_phone": normal}

    def add_lead(self, new: NewLead) -> Lead:
        """A lead typed in by hand: the same clocks, alerts, board and figures as a mail lead. It came in
        at ``received_at`` and was captured now; who took it owns it from then; an answer then is its first
        response. A later email from its address or phone joins it (capture looks for it)."""
        now = self.clock.now()
        received = new.received_at or now
        if received > now:
            raise ActionError("An enquiry cannot have come in later than now; check the time it came in.")
        if new.channel not in BY_HAND:
            raise ActionError(f"A lead typed in comes by {', '.join(c.label.lower() for c in BY_HAND)}.")
        contact = self._contact(new.name, new.email, new.phone)
        asked = " ".join(new.asked.split())
        if new.taken_by is not None:
            self.store.people.get(new.taken_by)
        with self.store.transaction():
            lead = self.store.leads.open_lead(Event(0, EventKind.RECEIVED, now, new.taken_by, {
                "received_at": iso(received), **contact, "channel": new.channel.value,
                "subject": asked[:120] or f"{new.channel.label} enquiry", "by_hand": True}))
            if new.taken_by is not None:
                lead = self.store.leads.record(Event(lead.id, EventKind.CLAIMED, received, new.taken_by,
                                                     {"owner_id": new.taken_by}))
            if new.answered:
                lead = self.store.leads.record(Event(
                    lead.id, EventKind.CONTACT_LOGGED, received, new.taken_by,
                    {"how": ANSWERED_AS.get(new.channel, ContactKind.OTHER).value,
                     "summary": "Answered when it came in"}))
            if len(asked) > 120 or "\n" in new.asked.strip():
                lead = self.store.leads.record(Event(lead.id, EventKind.NOTE, received, new.taken_by,
                                                     {"text": new.asked.strip()}))
            if is_seat(self.store):
                publish(self.store, lead.id, self.store.leads.events_after(lead.id, 0),
                        f"added {lead.contact_name}", data={"new_lead": True}, keep_times=True)
        return lead

    @travels("corrected the contact of")
    def edit_contact(self, lead_id: int, by: int | None, name: str, email: str, phone: str) -> Lead:
        """Correct who the prospect is; the phone is normalised for the business's region."""
        lead = self.store.leads.get(lead_id)
        changes = self._contact(name, email, phone)
        before = {"contact_name": lead.contact_name, "contact_email": lead.contact_email,
                  "contact_phone": lead.contact_phone}
        if changes == before:
            return lead
        with self.store.transaction():
            edited = self._record(lead_id, EventKind.CONTACT_EDITED, by, **changes)
            remember_lead(self.store, self.clock, lead_id, by)  # a corrected contact confirms it is a lead
        return edited

    @travels("added a note to")
    def add_note(self, lead_id: int, by: int | None, text: str) -> Lead:
        self.store.leads.get(lead_id)
        if not text.strip():
            raise ActionError("A note needs some text.")
        return self._record(lead_id, EventKind.NOTE, by, text=text.strip())

"""People correcting the reading: "not a lead", "this is a lead", the rule
that makes it stick, and Check these decided, each written down.

Marking a lead not a lead records an ``overridden`` event and closes it as
``not_a_lead`` (so it leaves every figure); its messages are set aside.
Making a set-aside or undecided message a lead opens a lead from it
(reading it again, with the new rule, so a web form yields its prospect)
with an ``overridden`` event after ``received``; its received_at stays the
message's INTERNALDATE, so the time it waited shows in its clocks.
Dismissing an undecided message sets it aside. Every decision is also an
example for the reading model (leakdesk.mail.learned), so the next similar
mail is read the corrected way.
"""

from __future__ import annotations

from leakdesk.clock import Clock
from leakdesk.domain import Channel, Event, EventKind, Lead, MessageRole, Outcome
from leakdesk.errors import ActionError
from leakdesk.mail.business import reading_context
from leakdesk.mail.classify import classify, learning_tokens
from leakdesk.mail.content import extract
from leakdesk.mail.learned import LEAD, NOT_A_LEAD
from leakdesk.mail.parse import UnparseableMessage, parse_message
from leakdesk.store import Store
from leakdesk.store.rows import iso

NOT_A_LEAD_RULES = ("ignore_sender", "ignore_domain")
LEAD_RULES = ("lead_sender", "form_sender")
MARKED_NOT_A_LEAD = "marked not a lead by a person"


def _remember(store: Store, clock: Clock, message_row: int | None, label: str, by: int | None) -> None:
    """Keep a person's decision on a message as an example for the reading model."""
    if message_row is None:
        return
    raw = store.messages.raw(message_row)
    if not raw:
        return
    try:
        parsed = parse_message(raw)
    except UnparseableMessage:
        return
    store.reading.remember(message_row, label, learning_tokens(parsed, extract(raw)), clock.now(), by)


def remember_lead(store: Store, clock: Clock, lead_id: int, by: int | None) -> None:
    _remember(store, clock, store.messages.enquiry_of(lead_id), LEAD, by)


def mark_not_a_lead(store: Store, clock: Clock, lead_id: int, by: int | None, rule: str | None = None) -> Lead:
    lead = store.leads.get(lead_id)
    if lead.outcome is Outcome.NOT_A_LEAD:
        return lead
    if rule is not None and rule not in NOT_A_LEAD_RULES:
        raise ActionError(f"'{rule}' is not a rule for mail that is not a lead.")
    address = lead.contact_email or ""
    if rule and "@" not in address:
        raise ActionError("This lead has no email address to make a rule from.")
    now = clock.now()
    with store.transaction():
        details: dict[str, object] = {"to": "not_a_lead"}
        if rule:
            pattern = address if rule == "ignore_sender" else address.rpartition("@")[2]
            store.rules.add(rule, pattern, now)
            details["rule"] = f"{rule}:{pattern}"
        store.leads.record(Event(lead_id, EventKind.OVERRIDDEN, now, by, details))
        closed = store.leads.record(Event(lead_id, EventKind.OUTCOME_SET, now, by,
                                          {"outcome": Outcome.NOT_A_LEAD.value, "override": True}))
        enquiry = store.messages.enquiry_of(lead_id)
        for message, _, _ in store.messages.for_lead(lead_id):
            if message.id is not None and message.role in (MessageRole.ENQUIRY, MessageRole.INBOUND_REPLY):
                store.messages.set_role(message.id, MessageRole.NOT_A_LEAD.value, "marked not a lead", lead_id)
        _remember(store, clock, enquiry, NOT_A_LEAD, by)
    return closed


def dismiss(store: Store, clock: Clock, message_row: int, by: int | None) -> None:
    """A message waiting in Check these is not a lead: set it aside, and remember why."""
    message = store.messages.get_set_aside(message_row)
    if message is None:
        raise ActionError("That message is already part of a lead.")
    if message.role is not MessageRole.UNDECIDED:
        return
    with store.transaction():
        store.messages.set_role(message_row, MessageRole.NOT_A_LEAD.value, MARKED_NOT_A_LEAD, None)
        _remember(store, clock, message_row, NOT_A_LEAD, by)


def make_lead(store: Store, clock: Clock, message_row: int, by: int | None, rule: str | None = None) -> Lead:
    """Turn a set-aside, undecided or quarantined message into a lead."""
    message = store.messages.get_set_aside(message_row)
    if message is None:
        raise ActionError("That message is already part of a lead.")
    raw = store.messages.raw(message_row) or b""
    now = clock.now()
    try:
        parsed = parse_message(raw)
    except UnparseableMessage:
        parsed = None
    if rule is not None and rule not in LEAD_RULES:
        raise ActionError(f"'{rule}' is not a rule for mail that is a lead.")
    with store.transaction():
        details: dict[str, object] = {"to": "lead", "message_id": message.message_id}
        contact_name, contact_email, contact_phone, channel = "", None, None, Channel.EMAIL
        subject = ""
        if parsed is not None:
            if rule:
                store.rules.add(rule, parsed.from_addr or "", now)
                details["rule"] = f"{rule}:{parsed.from_addr}"
            verdict = classify(parsed, extract(raw), reading_context(store))
            if verdict.contact_email or verdict.contact_phone:
                contact_name = verdict.contact_name or ""
                contact_email, contact_phone = verdict.contact_email, verdict.contact_phone
                channel = verdict.channel
            else:
                contact_name, contact_email = parsed.from_name or parsed.from_addr or "", parsed.from_addr
            subject = parsed.subject
        received = store.messages.received_at(message_row) or now
        lead = store.leads.open_lead(Event(0, EventKind.RECEIVED, now, None, {
            "received_at": iso(received), "contact_name": contact_name or contact_email or "",
            "contact_email": contact_email, "contact_phone": contact_phone, "channel": channel.value,
            "subject": subject, "message_id": message.message_id, "why": "marked a lead by a person"}))
        lead = store.leads.record(Event(lead.id, EventKind.OVERRIDDEN, now, by, details))
        store.messages.set_role(message_row, MessageRole.ENQUIRY.value, "marked a lead by a person", lead.id)
        _remember(store, clock, message_row, LEAD, by)
    return lead

"""How events change a lead: the one reducer behind every lead's state.

``apply(lead, event)`` is pure. The store writes each event and the lead it
produces in one transaction, and ``rebuild(events)`` folds a lead's log from
nothing, so the row in ``leads`` can always be checked against its events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from leakdesk.domain import Channel, Event, EventKind, Lead, LostReason, Outcome, Stage


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def new_lead(event: Event) -> Lead:
    """The lead a RECEIVED event opens."""
    if event.kind is not EventKind.RECEIVED:
        raise ValueError(f"a lead starts with a received event, not {event.kind}")
    d = event.details
    received_at = _dt(d["received_at"]) or event.at
    return Lead(
        id=event.lead_id,
        contact_name=d.get("contact_name") or "",
        contact_email=d.get("contact_email"),
        contact_phone=d.get("contact_phone"),
        channel=Channel(d.get("channel", Channel.EMAIL)),
        subject=d.get("subject") or "",
        received_at=received_at,
        captured_at=event.at,
        last_activity_at=received_at,
    )


def _first_response(lead: Lead, event: Event) -> Lead:
    first = lead.first_response_at
    if first is None or event.at < first:
        first = event.at
    changes: dict[str, object] = {
        "first_response_at": first,
        "outbound_touches": lead.outbound_touches + 1,
    }
    if lead.stage is Stage.NEW:
        changes["stage"] = Stage.CONTACTED
    # Whoever answers an unowned lead owns it (LEAKAGE.md, owned_at).
    if lead.owner_id is None and event.actor_id is not None:
        changes["owner_id"] = event.actor_id
        changes["owned_at"] = event.at
    return replace(lead, **changes)  # type: ignore[arg-type]


# Activity is working the lead with the prospect (LEAKAGE.md, "Activity"): it resets the stale clock.
# Claiming, assigning, handing off, notes, corrections, alerts, drafts and planning do not: moving a
# lead between people does not work it. A lead back from "not ready" on its date starts afresh.
ACTIVITY = frozenset({EventKind.INBOUND, EventKind.REPLIED, EventKind.CONTACT_LOGGED, EventKind.NEXT_STEP_DONE,
                      EventKind.STAGE_CHANGED, EventKind.OUTCOME_SET, EventKind.REOPENED})
CHANGE_NOTHING = frozenset({EventKind.ALERTED})  # remembered in the log, never a change to the lead


def _without_cadence(lead: Lead) -> Lead:
    """The lead with its cadence stopped; a step the cadence planned goes with it."""
    if lead.cadence is None and lead.next_step_template is None:
        return lead
    planned = lead.cadence is not None and lead.cadence_step is not None and lead.next_step is not None
    if planned:
        lead = replace(lead, next_step=None, next_step_due=None)
    return replace(lead, cadence=None, cadence_step=None, next_step_template=None, draft_ready_at=None)


def apply(lead: Lead | None, event: Event) -> Lead:
    """The lead after ``event``."""
    if lead is None:
        return new_lead(event)
    d = event.details
    kind = event.kind
    if kind in CHANGE_NOTHING or kind is EventKind.UNDONE:
        return lead  # an undo changes the lead through ``rebuild``, which leaves out what it undoes
    if kind is EventKind.RECEIVED:
        raise ValueError(f"lead {lead.id} already received")
    if kind in (EventKind.CLAIMED, EventKind.ASSIGNED, EventKind.HANDED_OFF):
        owner = int(d["owner_id"])
        note = (d.get("note") or "").strip() or None
        without_context = lead.handoff_without_context or (
            kind is EventKind.HANDED_OFF and note is None
        )
        lead = replace(
            lead,
            owner_id=owner,
            owned_at=lead.owned_at or event.at,
            handoff_without_context=without_context,
            handoff_note=note if kind is EventKind.HANDED_OFF else lead.handoff_note,
        )
    elif kind in (EventKind.REPLIED, EventKind.CONTACT_LOGGED):
        lead = _first_response(lead, event)
        if kind is EventKind.REPLIED:
            lead = replace(lead, draft_ready_at=None)  # the draft went out (or a reply did instead)
    elif kind is EventKind.NEXT_STEP_SET:
        if "cadence" in d:  # a cadence step (leakdesk.followup.planner)
            lead = replace(lead, next_step=d["action"], next_step_due=_dt(d["due"]), cadence=d["cadence"],
                           cadence_step=int(d["step"]), next_step_template=d.get("template"), draft_ready_at=None)
        else:  # a person planned the next step themselves: they take over from the cadence
            lead = replace(lead, next_step=d["action"], next_step_due=_dt(d["due"]), cadence=None,
                           cadence_step=None, next_step_template=None, draft_ready_at=None)
    elif kind is EventKind.NEXT_STEP_DONE:
        lead = replace(lead, next_step=None, next_step_due=None, next_step_template=None, draft_ready_at=None)
    elif kind is EventKind.CADENCE_STARTED:
        lead = replace(lead, cadence=d["cadence"], cadence_step=None)
    elif kind is EventKind.CADENCE_STOPPED:
        lead = _without_cadence(lead)
    elif kind is EventKind.DRAFT_PREPARED:
        lead = replace(lead, draft_ready_at=event.at)
    elif kind is EventKind.STAGE_CHANGED:
        lead = replace(lead, stage=Stage(d["stage"]))
    elif kind is EventKind.OUTCOME_SET:
        outcome = Outcome(d["outcome"])
        reason = d.get("reason")
        revisit = d.get("revisit_on")
        lead = replace(
            lead,
            outcome=outcome,
            lost_reason=LostReason(reason) if reason else None,
            revisit_on=date.fromisoformat(revisit) if revisit else None,
            closed_at=event.at,
        )
        lead = _without_cadence(lead)  # closing stops the follow-up
    elif kind is EventKind.CONTACT_EDITED:
        lead = replace(lead, contact_name=d.get("contact_name", lead.contact_name),
                       contact_email=d.get("contact_email", lead.contact_email),
                       contact_phone=d.get("contact_phone", lead.contact_phone))
    elif kind is EventKind.REOPENED:
        # Back from "not ready" on its date: the revisit date stays as the card's badge.
        keep = lead.revisit_on if d.get("revisit") else None
        lead = replace(lead, outcome=None, lost_reason=None, revisit_on=keep, closed_at=None)
    if not is_activity(event):
        return lead
    last = lead.last_activity_at
    if last is None or event.at > last:
        lead = replace(lead, last_activity_at=event.at)
    return lead


def is_activity(event: Event) -> bool:
    """Whether ``event`` works the lead. A step done by planning is not: the cadence marking its own
    step done after a touch (the touch was the activity), or a cadence chosen in a step's place."""
    planned = event.kind is EventKind.NEXT_STEP_DONE and ("cadence" in event.details or
                                                          "replaced_by" in event.details)
    return event.kind in ACTIVITY and not planned


def undone_ids(events: Iterable[Event]) -> set[int]:
    """The ids of the events an undo in ``events`` took back."""
    return {int(i) for e in events if e.kind is EventKind.UNDONE for i in e.details.get("undoes", [])}


def rebuild(events: Iterable[Event]) -> Lead | None:
    """A lead's state folded from its whole log, oldest event first, without what was undone."""
    events = list(events)
    undone = undone_ids(events)
    lead: Lead | None = None
    for event in events:
        if event.id is None or event.id not in undone:
            lead = apply(lead, event)
    return lead

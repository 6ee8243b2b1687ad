"""Planning a lead's touches: pure functions from a lead and its log to events.

A cadence starts at an anchor (the enquiry, or the revisit day of a
not-ready lead). Step *k* is due *day_k* business days after the anchor;
day 0 means within the response target. A step planned late keeps its gap
to the step before, so touches never bunch up. The planned step is the
lead's next step, with its template.

A step is done when a reply goes out after it was planned (the sent copy
of its draft, matched by Message-ID, or any reply in the conversation) or a
contact is logged; then the next step is planned. A message from the
prospect after the start stops the cadence: a person answers now. Closing
the lead stops it too (the lifecycle does that), and so does a person
planning the next step themselves. Nothing here reads the clock or the
store: the service hands in the log and ``now``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from leakdesk.domain import Event, EventKind, Lead
from leakdesk.domain.cadences import Cadence
from leakdesk.sla.calendar import BusinessCalendar
from leakdesk.store.rows import iso

TOUCHES = (EventKind.REPLIED, EventKind.CONTACT_LOGGED)
REPLIED = "the prospect replied"
FINISHED = "every step is done"


@dataclass(frozen=True)
class PlanContext:
    calendar: BusinessCalendar
    response_minutes: int
    cadences: Mapping[str, Cadence]
    titles: Mapping[str, str]   # template name -> title, for the next step's words
    now: datetime


def step_due(cadence: Cadence, k: int, anchor: datetime, ctx: PlanContext,
             previous_done: datetime | None = None) -> datetime:
    """When step ``k`` is due; ``previous_done`` is when the step before was done, if it was late."""
    step = cadence.steps[k]
    if step.day == 0:
        due = ctx.calendar.add_minutes(anchor, ctx.response_minutes)
    else:
        due = ctx.calendar.add_days(anchor, step.day)
    if previous_done is not None and k > 0:
        # Done late, the next touch keeps its gap in business days.
        gap = step.day - cadence.steps[k - 1].day
        spaced = ctx.calendar.add_days(previous_done, gap)
        tz = ctx.calendar.tz
        if spaced.astimezone(tz).date() > due.astimezone(tz).date():
            due = spaced
    return due


def _plan(lead: Lead, cadence: Cadence, k: int, anchor: datetime, ctx: PlanContext,
          previous_done: datetime | None) -> Event:
    step = cadence.steps[k]
    details: dict[str, object] = {
        "action": step.action(ctx.titles, bool(lead.contact_email)),
        "due": iso(step_due(cadence, k, anchor, ctx, previous_done)),
        "cadence": cadence.name, "step": k, "day": step.day,
    }
    if step.template is not None and lead.contact_email:
        details["template"] = step.template
    return Event(lead.id, EventKind.NEXT_STEP_SET, ctx.now, None, details)


def start(lead: Lead, name: str, anchor: datetime, ctx: PlanContext, *, first_step: int = 0,
          actor_id: int | None = None) -> list[Event]:
    """Events that start cadence ``name`` on the lead at ``anchor`` (none when it has no steps left)."""
    cadence = ctx.cadences.get(name)
    if cadence is None or first_step >= len(cadence.steps) or not lead.is_open:
        return []
    started = Event(lead.id, EventKind.CADENCE_STARTED, ctx.now, actor_id,
                    {"cadence": name, "anchor": iso(anchor), "first_step": first_step})
    return [started, _plan(lead, cadence, first_step, anchor, ctx, None)]


def stop(lead: Lead, reason: str, at: datetime, actor_id: int | None = None) -> list[Event]:
    if lead.cadence is None:
        return []
    return [Event(lead.id, EventKind.CADENCE_STOPPED, at, actor_id, {"cadence": lead.cadence, "reason": reason})]


def _last(events: Sequence[Event], kinds: tuple[EventKind, ...], after: int = -1,
          cadence_only: bool = False) -> int:
    for i in range(len(events) - 1, after, -1):
        if events[i].kind in kinds and (not cadence_only or "cadence" in events[i].details):
            return i
    return -1


def advance(lead: Lead, events: Sequence[Event], ctx: PlanContext) -> list[Event]:
    """What the lead's log says the cadence does next: mark a step done, plan the next, or stop."""
    if lead.cadence is None or not lead.is_open:
        return []
    started = _last(events, (EventKind.CADENCE_STARTED,))
    cadence = ctx.cadences.get(lead.cadence)
    if started < 0 or cadence is None:
        return stop(lead, "its cadence no longer exists", ctx.now)
    anchor = datetime.fromisoformat(events[started].details["anchor"])
    planned = _last(events, (EventKind.NEXT_STEP_SET,), started, cadence_only=True)  # the current step's plan
    replied = any(e.kind is EventKind.INBOUND for e in events[started + 1:])
    out: list[Event] = []
    k = lead.cadence_step
    previous_done: datetime | None = None
    if k is not None and lead.next_step is not None:
        touch = next((e for e in events[planned + 1:] if e.kind in TOUCHES), None) if planned >= 0 else None
        if touch is None:
            return stop(lead, REPLIED, ctx.now) if replied else []
        drafts = {e.details.get("message_id") for e in events[planned + 1:] if e.kind is EventKind.DRAFT_PREPARED}
        sent_id = touch.details.get("message_id")
        via = "draft" if sent_id and sent_id in drafts else "reply" if touch.kind is EventKind.REPLIED else "contact"
        out.append(Event(lead.id, EventKind.NEXT_STEP_DONE, ctx.now, touch.actor_id,
                         {"action": lead.next_step, "cadence": lead.cadence, "step": k, "via": via,
                          "message_id": sent_id}))
        previous_done = touch.at
    elif k is not None:  # a person marked the step done
        done = _last(events, (EventKind.NEXT_STEP_DONE,), started)
        previous_done = events[done].at if done >= 0 else ctx.now
    was_due = events[planned].details.get("due") if planned >= 0 else None
    if previous_done is not None and was_due and previous_done <= datetime.fromisoformat(was_due):
        previous_done = None  # on time: the plan stands
    if replied:
        return [*out, *stop(lead, REPLIED, ctx.now)]
    following = 0 if k is None else k + 1
    if following >= len(cadence.steps):
        return [*out, *stop(lead, FINISHED, ctx.now)]
    return [*out, _plan(lead, cadence, following, anchor, ctx, previous_done)]

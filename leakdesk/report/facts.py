"""What the weekly report needs of one lead, derived once so SQL can aggregate it.

Two kinds of facts, both pure functions of the lead's stored timestamps and
the policy, never of ``as_of``:

- its business-time moments (deadlines, stall moments, speed to lead),
  which SQL compares with ``as_of`` for leads that are still moving;
- its *settled* figures: once every deadline has passed and every known
  fact is in (``settled_at``), the leak kinds and figures no longer change
  with ``as_of``. They are ``leak_kinds`` evaluated at that moment, so the
  settled path cannot drift from the definition.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

from leakdesk.domain import Lead, Outcome
from leakdesk.domain.facts import LeadFacts as LeadFacts
from leakdesk.settings import Settings
from leakdesk.sla.deadlines import ownership_deadline, response_deadline
from leakdesk.sla.leaks import leak_kinds
from leakdesk.sla.policy import SlaPolicy

# The settings the facts depend on; a change to one (or the first account
# being connected) derives them all again.
DEPENDS_ON = (
    "business.timezone", "business.hours", "business.holidays_country", "business.holidays_extra",
    "sla.ownership_minutes", "sla.response_minutes", "sla.stale_business_days",
)
TICK = timedelta(microseconds=1)  # the moment just after a strict deadline


def facts_key(settings: Settings, connected_at: datetime | None) -> str:
    text = "\n".join(f"{name}={settings.text(name)}" for name in DEPENDS_ON)
    text += f"\nconnected_at={connected_at.isoformat() if connected_at else ''}"
    return hashlib.sha1(text.encode()).hexdigest()


def week_of(at: datetime, policy: SlaPolicy) -> date:
    local = at.astimezone(policy.calendar.tz).date()
    return local - timedelta(days=local.weekday())


def lead_facts(lead: Lead, policy: SlaPolicy) -> LeadFacts:
    cal = policy.calendar
    stale = policy.stale_business_days
    owner_due, response_due = ownership_deadline(lead, policy), response_deadline(lead, policy)
    stall_received = cal.add_days(lead.received_at, stale)
    stall_quiet = cal.add_days(lead.last_activity_at, stale) if lead.last_activity_at else stall_received
    stall_step = cal.add_days(lead.next_step_due, 1) if lead.next_step_due is not None else None
    # Every moment at which an as_of-dependent rule of leak_kinds can flip.
    moments = [lead.received_at, owner_due, response_due + TICK]
    moments += [t for t in (lead.first_response_at, lead.owned_at, lead.closed_at) if t is not None]
    if lead.closed_at is None:
        moments.append(stall_step + TICK if stall_step is not None else stall_quiet)
        moments += [lead.last_activity_at] if lead.last_activity_at is not None else []
    settled_at = max(moments)
    speed = None
    if lead.first_response_at is not None and lead.outcome is not Outcome.NOT_A_LEAD:
        speed = cal.minutes_between(lead.received_at, lead.first_response_at)
    return LeadFacts(
        lead=lead,
        week=week_of(lead.received_at, policy),
        live=policy.connected_at is None or lead.received_at >= policy.connected_at,
        owner_due=owner_due,
        response_due=response_due,
        speed_min=speed,
        stall_step_at=stall_step,
        stall_quiet_at=stall_quiet,
        stall_received_at=stall_received,
        late_capture=lead.captured_at - lead.received_at > timedelta(minutes=policy.ownership_minutes),
        settled_at=settled_at,
        kinds=leak_kinds(lead, policy, settled_at),
    )

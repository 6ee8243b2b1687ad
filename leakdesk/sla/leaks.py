"""Leak kinds of a lead at a moment ``as_of``, exactly as LEAKAGE.md says.

Facts stamped after ``as_of`` (a reply, an owner, an outcome) have not
happened yet at ``as_of`` and are ignored, so a past moment evaluates as it
was, as far as the timestamps tell.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from leakdesk.domain import Lead, LeakKind, LostReason, Outcome
from leakdesk.sla.deadlines import ownership_deadline, response_deadline
from leakdesk.sla.policy import SlaPolicy

COLD_REASONS = frozenset({LostReason.NO_REPLY, LostReason.WENT_COLD})
MIN_TOUCHES_BEFORE_COLD = 3


def _known(at: datetime | None, as_of: datetime) -> datetime | None:
    return at if at is not None and at <= as_of else None


def stalled_since(lead: Lead, policy: SlaPolicy, as_of: datetime) -> datetime | None:
    """When the open lead became stalled, or None if it is not stalled at as_of."""
    cal = policy.calendar
    if lead.next_step_due is not None:
        since = cal.add_days(lead.next_step_due, 1)
        return since if as_of > since else None
    last = _known(lead.last_activity_at, as_of) or lead.received_at
    since = cal.add_days(last, policy.stale_business_days)
    return since if as_of >= since else None


def leak_kinds(lead: Lead, policy: SlaPolicy, as_of: datetime) -> tuple[LeakKind, ...]:
    """The kinds the lead carries at ``as_of``, in primary-leak order."""
    if lead.outcome is Outcome.NOT_A_LEAD or lead.received_at > as_of:
        return ()
    live = policy.connected_at is None or lead.received_at >= policy.connected_at
    responded = _known(lead.first_response_at, as_of)
    owned = _known(lead.owned_at, as_of)
    closed = _known(lead.closed_at, as_of)
    kinds: set[LeakKind] = set()

    response_due = response_deadline(lead, policy)
    if responded is None:
        if response_due < as_of:
            kinds.add(LeakKind.UNANSWERED)
    elif responded > response_due:
        kinds.add(LeakKind.LATE_RESPONSE)

    if live:
        owner_due = ownership_deadline(lead, policy)
        if owner_due <= as_of and (owned is None or owned > owner_due):
            kinds.add(LeakKind.UNOWNED)
        target = timedelta(minutes=policy.ownership_minutes)
        if lead.captured_at - lead.received_at > target:
            kinds.add(LeakKind.LATE_CAPTURE)

    if closed is None:
        since = stalled_since(lead, policy, as_of)
        if since is not None and (policy.connected_at is None or since >= policy.connected_at):
            kinds.add(LeakKind.STALLED)
    elif (
        lead.outcome is Outcome.LOST
        and lead.lost_reason in COLD_REASONS
        and lead.outbound_touches < MIN_TOUCHES_BEFORE_COLD
    ):
        kinds.add(LeakKind.WENT_COLD)

    if lead.handoff_without_context:
        kinds.add(LeakKind.HANDOFF_WITHOUT_CONTEXT)
    return tuple(k for k in LeakKind if k in kinds)


def primary_leak(kinds: tuple[LeakKind, ...]) -> LeakKind | None:
    return kinds[0] if kinds else None

"""Which alerts are due now: decided here, sent by the UI's notifier.

Edge-triggered: an alert has a key (kind, lead, the deadline it is about)
and goes out once; sent keys are stored as ``alerted`` events, so none
repeats after a restart. Only for "who am I" plus unowned leads, and only
during opening hours unless told otherwise (the demo). Many alerts at
once (after a laptop sleep) are grouped into one per kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from leakdesk.domain import Lead
from leakdesk.sla.deadlines import ownership_deadline, response_deadline
from leakdesk.sla.policy import SlaPolicy

GROUP_FROM = 3  # this many of one kind at once become one grouped alert
NEW_WINDOW = timedelta(minutes=15)  # "new enquiry" only for leads captured this recently


class AlertKind(StrEnum):
    NEW_LEAD = "new_lead"
    UNOWNED = "unowned"
    RESPONSE_DUE_SOON = "response_due_soon"
    RESPONSE_BREACHED = "response_breached"
    NEXT_STEP_DUE = "next_step_due"
    ASSIGNED_TO_ME = "assigned_to_me"


TITLES = {
    AlertKind.NEW_LEAD: "New enquiry",
    AlertKind.UNOWNED: "Nobody has claimed a lead",
    AlertKind.RESPONSE_DUE_SOON: "Reply due soon",
    AlertKind.RESPONSE_BREACHED: "Reply overdue",
    AlertKind.NEXT_STEP_DUE: "Next step due",
    AlertKind.ASSIGNED_TO_ME: "A lead is now yours",
}
GROUP_TITLES = {
    AlertKind.NEW_LEAD: "{n} new enquiries",
    AlertKind.UNOWNED: "{n} leads nobody has claimed",
    AlertKind.RESPONSE_DUE_SOON: "{n} replies due soon",
    AlertKind.RESPONSE_BREACHED: "{n} leads breached",
    AlertKind.NEXT_STEP_DUE: "{n} next steps due",
    AlertKind.ASSIGNED_TO_ME: "{n} leads are now yours",
}


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    lead_ids: tuple[int, ...]
    keys: tuple[str, ...]
    title: str
    body: str


@dataclass(frozen=True)
class AlertSettings:
    enabled: frozenset[AlertKind] = frozenset(AlertKind)
    outside_hours: bool = False  # the demo: not held back by opening hours
    quiet: tuple[int, int] | None = None  # quiet hours (local hour from, to), e.g. (20, 8)


WHO_LIMIT, BODY_LIMIT = 60, 160


def plain(text: str, limit: int) -> str:
    """Mail-borne text for an alert: one line, no control characters, at most ``limit`` characters.
    (Markup is the adapters' business: each escapes for its own service.)"""
    line = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def _who(lead: Lead) -> str:
    return plain(lead.contact_name or lead.contact_email or lead.contact_phone or "someone", WHO_LIMIT)


def due_alerts(leads: Iterable[Lead], policy: SlaPolicy, now: datetime, me: int | None,
               sent: set[str], assigned_to_me: Mapping[int, datetime], settings: AlertSettings,
               slept: bool = False) -> list[Alert]:
    """Alerts to send now (not yet in ``sent``), grouped when many of a kind are due."""
    cal = policy.calendar
    local_hour = now.astimezone(cal.tz).hour
    if not settings.outside_hours and not cal.is_open(now):
        return []
    if settings.quiet is not None:
        start, end = settings.quiet
        if (start <= local_hour or local_hour < end) if start > end else (start <= local_hour < end):
            return []
    singles: list[tuple[AlertKind, Lead, str, str]] = []
    soon = timedelta(minutes=policy.due_soon_minutes)
    for lead in leads:
        if not lead.is_open:
            continue
        mine, unowned = lead.owner_id is not None and lead.owner_id == me, lead.owner_id is None
        if unowned and now - lead.captured_at <= NEW_WINDOW:
            singles.append((AlertKind.NEW_LEAD, lead, f"new:{lead.id}", f"{_who(lead)}: {lead.subject}"))
            owner_due = ownership_deadline(lead, policy)
            if now >= owner_due:
                singles.append((AlertKind.UNOWNED, lead, f"unowned:{lead.id}",
                                f"{_who(lead)} has waited {policy.ownership_minutes} business minutes for an owner"))
        if (mine or unowned) and lead.first_response_at is None:
            due = response_deadline(lead, policy)
            if now >= due:
                singles.append((AlertKind.RESPONSE_BREACHED, lead, f"breached:{lead.id}:{due.isoformat()}",
                                f"{_who(lead)} is still waiting for a reply"))
            elif cal.minutes_between(now, due) <= soon.total_seconds() / 60:
                singles.append((AlertKind.RESPONSE_DUE_SOON, lead, f"soon:{lead.id}:{due.isoformat()}",
                                f"Reply to {_who(lead)} within {cal.minutes_between(now, due):.0f} minutes"))
        if mine and lead.next_step_due is not None and now >= lead.next_step_due:
            singles.append((AlertKind.NEXT_STEP_DUE, lead, f"step:{lead.id}:{lead.next_step_due.isoformat()}",
                            f"{lead.next_step} — {_who(lead)}"))
        if mine and lead.id in assigned_to_me:
            singles.append((AlertKind.ASSIGNED_TO_ME, lead,
                            f"mine:{lead.id}:{assigned_to_me[lead.id].isoformat()}", f"{_who(lead)}: {lead.subject}"))
    fresh = [s for s in singles if s[2] not in sent and s[0] in settings.enabled]
    alerts: list[Alert] = []
    for kind in AlertKind:
        of_kind = [s for s in fresh if s[0] is kind]
        if not of_kind:
            continue
        if len(of_kind) >= GROUP_FROM:
            tail = " while the laptop was asleep" if slept else ""
            names = ", ".join(_who(s[1]) for s in of_kind[:3]) + ("…" if len(of_kind) > 3 else "")
            alerts.append(Alert(kind, tuple(s[1].id for s in of_kind), tuple(s[2] for s in of_kind),
                                GROUP_TITLES[kind].format(n=len(of_kind)) + tail, names))
        else:
            alerts.extend(Alert(kind, (s[1].id,), (s[2],), TITLES[kind], plain(s[3], BODY_LIMIT)) for s in of_kind)
    return alerts

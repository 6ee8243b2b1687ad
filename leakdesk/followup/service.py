"""Follow-up on the stored leads: starting, advancing and stopping cadences.

The planner decides from a lead's log; this module reads the log, builds
the planning context from the settings, and records what the planner says.
Sync calls it inside each ingest batch's transaction, so a lead and its
plan land together (a crash leaves neither half). People's actions call it
after they record their event.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, time, timedelta

from leakdesk.clock import Clock, business_today
from leakdesk.domain import Event, EventKind, Lead
from leakdesk.domain.cadences import NAMES, NONE, TITLES, Cadence
from leakdesk.errors import ActionError
from leakdesk.followup import planner
from leakdesk.followup.planner import PlanContext
from leakdesk.settings import BUSINESS_TIMEZONE, FOLLOWUP_CHANNEL_CADENCES, SLA_RESPONSE_MINUTES, Settings
from leakdesk.sla.policy import calendar_from_settings
from leakdesk.store import Store

log = logging.getLogger(__name__)
_ROUNDS = 4  # advance() moves one step per round; more than a few means a bug, not a busy lead


def plan_context(settings: Settings, titles: dict[str, str], now: datetime) -> PlanContext:
    cadences = {name: Cadence(name, settings.get(f"followup.cadence.{name}")) for name in NAMES}
    return PlanContext(calendar_from_settings(settings), settings[SLA_RESPONSE_MINUTES], cadences, titles, now)


class FollowUp:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock

    def context(self) -> PlanContext:
        titles = {t.name: t.title for t in self.store.templates.all()}
        return plan_context(self.store.settings.load(), titles, self.clock.now())

    def _record(self, events: Iterable[Event]) -> Lead | None:
        lead = None
        for event in events:
            lead = self.store.leads.record(event)
        return lead

    def _live(self, lead_ids: Iterable[int]) -> list[int]:
        """Those leads received since the inbox was connected (live mail, not imported history)."""
        ids = list(lead_ids)
        connected = self.store.connected_at()
        return self.store.leads.received_since(ids, connected) if ids and connected is not None else ids

    # -- starting ---------------------------------------------------------------------
    def start_for_new_leads(self, lead_ids: Iterable[int]) -> int:
        """Give each new live lead its channel's cadence; returns how many started."""
        ids = self._live(lead_ids)  # a history import ends here, cheaply
        if not ids:
            return 0
        by_channel = self.store.settings.load()[FOLLOWUP_CHANNEL_CADENCES]
        ctx: PlanContext | None = None
        started = 0
        for lead in self.store.leads.many(ids):
            name = by_channel.get(lead.channel, NONE)
            if name == NONE or not lead.is_open or lead.cadence is not None or lead.next_step:
                continue
            ctx = ctx or self.context()
            # A lead answered before LeakDesk planned it (same sync) starts after the touches it had.
            events = planner.start(lead, name, lead.received_at, ctx, first_step=lead.outbound_touches)
            started += bool(self._record(events))
        return started

    def start_check_ins(self, leads: Iterable[Lead]) -> None:
        """Not-ready leads back on their revisit date get the check-in cadence from that day."""
        ctx = None
        for lead in leads:
            if lead.cadence is not None or not lead.is_open:
                continue
            ctx = ctx or self.context()
            anchor = lead_day_start(lead, ctx) if lead.revisit_on else ctx.now
            self._record(planner.start(lead, "check_in", max(anchor, ctx.now), ctx))

    def choose(self, lead_id: int, name: str, by: int | None) -> Lead:
        """A person picks the lead's cadence (``none`` stops it), starting from now."""
        lead = self.store.leads.get(lead_id)
        if not lead.is_open:
            raise ActionError(f"Lead {lead_id} is closed ({lead.outcome}); reopen it first.")
        if name not in (*NAMES, NONE):
            raise ActionError(f"There is no cadence called '{name}'; choose {', '.join((*NAMES, NONE))}.")
        if name == (lead.cadence or NONE):
            return lead
        ctx = self.context()
        with self.store.transaction():
            self._record(planner.stop(lead, f"{TITLES[name].lower()} chosen instead" if name != NONE
                                      else "stopped by a person", ctx.now, by))
            lead = self.store.leads.get(lead_id)
            if lead.next_step and name != NONE:  # the person's own next step gives way to the cadence
                self._record([Event(lead_id, EventKind.NEXT_STEP_DONE, ctx.now, by,
                                    {"action": lead.next_step, "replaced_by": name})])
                lead = self.store.leads.get(lead_id)
            self._record(planner.start(lead, name, ctx.now, ctx, actor_id=by))
        return self.store.leads.get(lead_id)

    # -- advancing --------------------------------------------------------------------
    def advance(self, lead_ids: Iterable[int]) -> int:
        """Mark steps done, plan the next, stop where the prospect replied; returns events recorded."""
        recorded = 0
        ctx: PlanContext | None = None
        for lead in self.store.leads.many(sorted(set(lead_ids))):
            for _ in range(_ROUNDS):
                if lead.cadence is None:
                    break
                ctx = ctx or self.context()
                events = planner.advance(lead, self.store.leads.events(lead.id), ctx)
                if not events:
                    break
                lead = self._record(events) or lead
                recorded += len(events)
        return recorded

    def needing_acknowledgement(self, lead_ids: list[int]) -> list[Lead]:
        """New live open leads with an address and no draft yet (instant acknowledgement)."""
        return [lead for lead in self.store.leads.many(self._live(lead_ids))
                if lead.is_open and lead.contact_email and lead.draft_ready_at is None
                and lead.first_response_at is None]

    def due_for_drafts(self, until: datetime) -> list[Lead]:
        """Open leads whose next step is a draft due by ``until`` and not prepared yet."""
        return self.store.leads.draft_steps_due(until)

    def due_today(self) -> list[int]:
        """The leads whose draft is due by the end of today, business time ("Today's drafts")."""
        return [lead.id for lead in self.due_for_drafts(self.end_of_today())]

    def end_of_today(self) -> datetime:
        return end_of_business_day(self.store, self.clock.now())


def end_of_business_day(store: Store, now: datetime) -> datetime:
    """Midnight at the end of ``now``'s day in the business's time zone."""
    tz = store.settings.load()[BUSINESS_TIMEZONE]
    return datetime.combine(business_today(now, tz) + timedelta(days=1), time(0), tz)


def count_drafts_due_today(store: Store, now: datetime) -> int:
    """How many follow-up drafts are due by the end of ``now``'s business day (the toolbar's count)."""
    return store.leads.draft_steps_due_count(end_of_business_day(store, now))


def lead_day_start(lead: Lead, ctx: PlanContext) -> datetime:
    """The opening of the lead's revisit day, in the business's time zone."""
    assert lead.revisit_on is not None
    return ctx.calendar.next_open(datetime.combine(lead.revisit_on, time(0), ctx.calendar.tz))

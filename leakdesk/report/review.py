"""The owner's weekly review: weekly figures, rescue list and channel table.

Each entry point first brings the derived facts up to date (only leads
that are new or changed since the last report, or all of them after a
change to hours, holidays, time zone or SLA targets), then asks the store's
SQL for counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from math import ceil
from pathlib import Path
from zoneinfo import ZoneInfo

from leakdesk.domain import Channel, Lead, LeakKind
from leakdesk.report.facts import facts_key, lead_facts, week_of
from leakdesk.report.weekly import FigureSettings, WeekFigures
from leakdesk.settings import Settings
from leakdesk.sla.policy import SlaPolicy, policy_from_settings
from leakdesk.store import Store

RESCUE_DAYS = 30
RESCUE_LIMIT = 200


@dataclass(frozen=True)
class RescueItem:
    lead: Lead
    kind: LeakKind  # its primary leak


@dataclass(frozen=True)
class ChannelFigures:
    channel: Channel
    leads: int
    within_sla: int
    booked: int
    leaked: int

    @property
    def responded_within_sla(self) -> float:
        return self.within_sla / self.leads

    @property
    def booking_rate(self) -> float:
        return self.booked / self.leads


@dataclass(frozen=True)
class Review:
    as_of: datetime
    weeks: list[WeekFigures]        # oldest first; the last one holds as_of
    rescue: list[RescueItem]
    channels: list[ChannelFigures]  # over the same weeks
    money: FigureSettings
    tz: ZoneInfo  # the business's: what its dates are read in


def derive_facts(store: Store, settings: Settings, policy: SlaPolicy) -> Iterator[int]:
    """Bring lead_facts up to date; yields the number derived so far (a progress generator)."""
    key = facts_key(settings, policy.connected_at)
    if store.reports.derived_key("facts") != key:
        store.reports.reset_facts(key)
    yield from store.reports.derive_stale(lambda lead: lead_facts(lead, policy))


def derive_at(path: Path) -> int:
    """Bring the facts of the database at ``path`` up to date and say how many were derived: what the
    app's worker process runs before a review, so 100,000 leads are not derived on a thread of the
    window's process. A read-only folder derives nothing here (the review works on a copy)."""
    store = Store.open(path)
    try:
        if store.read_only:
            return 0
        settings = store.settings.load()
        progress = derive_facts(store, settings, policy_from_settings(settings, store.connected_at()))
        return max(progress, default=0)  # the generator counts up: its last value is the total
    finally:
        store.close()


def _prepare(store: Store) -> tuple[Settings, SlaPolicy]:
    settings = store.settings.load()
    policy = policy_from_settings(settings, store.connected_at())
    for _ in derive_facts(store, settings, policy):
        pass
    return settings, policy


def week_starts(as_of: datetime, weeks: int, policy: SlaPolicy) -> list[date]:
    """The Mondays of the ``weeks`` ISO weeks ending with the one holding ``as_of``."""
    last = week_of(as_of, policy)
    return [last - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def _weekly(store: Store, settings: Settings, policy: SlaPolicy, as_of: datetime, weeks: int) -> list[WeekFigures]:
    starts = week_starts(as_of, weeks, policy)
    money = FigureSettings.from_settings(settings)
    rows = {r["week"]: r for r in store.reports.weekly_counts(starts[0], starts[-1], as_of, policy.connected_at)}
    out = []
    for start in starts:
        provisional = start == starts[-1]
        row = rows.get(start.isoformat())
        if row is None:
            out.append(WeekFigures(start, provisional, money))
        else:
            speeds = _speeds(store, start, as_of, row["responded"])
            out.append(WeekFigures.from_counts(start, provisional, money, row, speeds))
    return out


def _speeds(store: Store, week: date, as_of: datetime, n: int) -> tuple[float | None, float | None]:
    """Median and p90 (nearest rank: the ceil(0.9 n)-th) of the week's n speeds to lead."""
    if n == 0:
        return None, None
    middle = store.reports.nth_speeds(week, as_of, (n - 1) // 2, 2 - n % 2)  # one value, or the two middle ones
    p90 = store.reports.nth_speeds(week, as_of, ceil(0.9 * n) - 1, 1)
    return (sum(middle) / len(middle) if middle else None), (p90[0] if p90 else None)


def weekly_figures(store: Store, as_of: datetime, weeks: int) -> list[WeekFigures]:
    """``leakdesk report``: one WeekFigures per week, oldest first."""
    if weeks < 1:
        raise ValueError("weeks must be 1 or more")
    with store.scratch() as work:  # figures cache derived facts; a read-only folder works on a copy
        settings, policy = _prepare(work)
        return _weekly(work, settings, policy, as_of, weeks)


def review(store: Store, as_of: datetime, weeks: int = 12, rescue_days: int = RESCUE_DAYS) -> Review:
    with store.scratch() as work:  # figures cache derived facts; a read-only folder works on a copy
        return _review(work, as_of, weeks, rescue_days)


def _review(store: Store, as_of: datetime, weeks: int, rescue_days: int) -> Review:
    settings, policy = _prepare(store)
    figures = _weekly(store, settings, policy, as_of, weeks)
    found = store.reports.rescue(as_of - timedelta(days=rescue_days), as_of, policy.connected_at, RESCUE_LIMIT)
    leads = {lead.id: lead for lead in store.leads.many([lead_id for lead_id, _ in found])}
    rescue = [RescueItem(leads[i], kind) for i, kind in found if i in leads]
    channels = [
        ChannelFigures(Channel(r["channel"]), r["leads"], r["within_sla"], r["booked"], r["leaked"])
        for r in store.reports.channel_counts(figures[0].start, figures[-1].start, as_of, policy.connected_at)
    ]
    return Review(as_of, figures, rescue, channels, FigureSettings.from_settings(settings), policy.calendar.tz)


def segment_leads(store: Store, as_of: datetime, week: date, kind: LeakKind | None) -> list[Lead]:
    """The week's leads whose primary leak is ``kind`` (None: the on-track base of the bar)."""
    _, policy = _prepare(store)
    return store.leads.many(store.reports.segment(week, kind, as_of, policy.connected_at))

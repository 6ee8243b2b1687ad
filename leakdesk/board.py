"""The board's rules: which column a lead is in and its order there.

The order is time-invariant (by deadline, not by time left), so the board
sorts once on load and a ticking clock never reorders it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import IntEnum

from leakdesk.clock import business_today
from leakdesk.domain import Lead, Outcome
from leakdesk.sla.deadlines import ClockState, LeadClock, clock_state, clock_that_matters
from leakdesk.sla.leaks import stalled_since
from leakdesk.sla.policy import SlaPolicy

BOOKED_DAYS_ON_BOARD = 14
# Not-ready leads show when their revisit date is near, or recently passed.
REVISIT_LOOKAHEAD_DAYS = 30
REVISIT_LOOKBACK_DAYS = 60


class BoardColumn(IntEnum):
    UNOWNED = 0
    WAITING = 1
    IN_CONVERSATION = 2
    BOOKED = 3
    NOT_READY = 4

    @property
    def title(self) -> str:
        return _TITLES[self]


_TITLES = {
    BoardColumn.UNOWNED: "Unowned",
    BoardColumn.WAITING: "Waiting for first response",
    BoardColumn.IN_CONVERSATION: "In conversation",
    BoardColumn.BOOKED: "Booked",
    BoardColumn.NOT_READY: "Not ready — revisit",
}


@dataclass(frozen=True, slots=True)
class BoardWindow:
    """Which closed leads the board still shows, as of a moment."""

    booked_since: datetime
    revisit_from: date
    revisit_to: date

    @classmethod
    def as_of(cls, now: datetime, tz: tzinfo = UTC) -> BoardWindow:
        today = business_today(now, tz)
        return cls(
            now - timedelta(days=BOOKED_DAYS_ON_BOARD),
            today - timedelta(days=REVISIT_LOOKBACK_DAYS),
            today + timedelta(days=REVISIT_LOOKAHEAD_DAYS),
        )


# The columns whose cards carry a running clock (open leads).
LIVE_COLUMNS = (BoardColumn.UNOWNED, BoardColumn.WAITING, BoardColumn.IN_CONVERSATION)


def column_of(lead: Lead) -> BoardColumn | None:
    """The column of a lead on the board, or None when it is not on the board."""
    if lead.outcome is Outcome.NOT_READY:
        return BoardColumn.NOT_READY
    if lead.outcome is Outcome.BOOKED:
        return BoardColumn.BOOKED
    if lead.outcome is not None:
        return None
    if lead.owner_id is None:
        return BoardColumn.UNOWNED
    if lead.first_response_at is None:
        return BoardColumn.WAITING
    return BoardColumn.IN_CONVERSATION


@dataclass(frozen=True, slots=True)
class BoardEntry:
    lead: Lead
    column: BoardColumn
    clock: LeadClock
    sort_key: tuple[int, float, int]
    stalled: bool = False


def board_entry(lead: Lead, policy: SlaPolicy, now: datetime | None = None) -> BoardEntry | None:
    """The lead's card; with ``now``, stalled leads (LEAKAGE.md) are marked and rise to the top."""
    column = column_of(lead)
    if column is None:
        return None
    stalled = now is not None and lead.is_open and stalled_since(lead, policy, now) is not None
    clock = clock_that_matters(lead, policy)
    if column is BoardColumn.NOT_READY:
        # Soonest revisit first.
        when = lead.revisit_on.toordinal() if lead.revisit_on else math.inf
    elif column is BoardColumn.BOOKED:
        # Most recently booked first.
        when = -(lead.closed_at or lead.received_at).timestamp()
    elif clock.deadline is not None:
        # Breached and soonest first: earliest deadline first.
        when = clock.deadline.timestamp()
    else:
        when = math.inf
    return BoardEntry(lead, column, clock, (0 if stalled else 1, when, lead.id), stalled)


def board_entries(leads: list[Lead], policy: SlaPolicy, now: datetime | None = None) -> list[BoardEntry]:
    entries = [e for e in (board_entry(lead, policy, now) for lead in leads) if e is not None]
    entries.sort(key=lambda e: e.sort_key)
    return entries


# The top bar's counts, in its order: what each one is belongs to the board, not to a widget.
COUNTED = ("unowned", "due_soon", "breached", "stalled")


def counted(kind: str, entry: BoardEntry, state_now: ClockState) -> bool:
    """Whether ``entry`` is one of the top bar's ``kind`` (a live card's clock state for due soon / breached)."""
    if kind == "unowned":
        return entry.column is BoardColumn.UNOWNED
    if kind == "due_soon":
        return entry.column in LIVE_COLUMNS and state_now is ClockState.DUE_SOON
    if kind == "breached":
        return entry.column in LIVE_COLUMNS and state_now is ClockState.BREACHED
    return entry.stalled


def board_counts(entries: Iterable[BoardEntry], policy: SlaPolicy, now: datetime) -> dict[str, int]:
    """How many live cards are of each counted kind at ``now`` (a pure function: the app counts on its
    thread pool, thousands of clocks a time)."""
    counts = dict.fromkeys(COUNTED, 0)
    for entry in entries:
        if entry.column not in LIVE_COLUMNS:
            continue
        state = clock_state(entry.clock, now, policy)
        for kind in COUNTED:
            if counted(kind, entry, state):
                counts[kind] += 1
    return counts


def matches_search(lead: Lead, text: str) -> bool:
    """Whether the board's search ``text`` (case-folded) is in the lead's name, address, phone or subject."""
    haystack = " ".join(x for x in (lead.contact_name, lead.contact_email, lead.contact_phone, lead.subject) if x)
    return text.casefold() in haystack.casefold()


def team_load(entries: Iterable[BoardEntry], policy: SlaPolicy, now: datetime,
              tz: tzinfo) -> dict[int | None, tuple[int, int, int]]:
    """Per owner (None: unowned), their live cards: (open leads, breached, due today in ``tz``)."""
    today = now.astimezone(tz).date()
    out: dict[int | None, list[int]] = {}
    for entry in entries:
        if entry.column not in LIVE_COLUMNS:
            continue
        row = out.setdefault(entry.lead.owner_id, [0, 0, 0])
        row[0] += 1
        if clock_state(entry.clock, now, policy) is ClockState.BREACHED:
            row[1] += 1
        due = entry.clock.deadline
        if due is not None and due.astimezone(tz).date() == today:
            row[2] += 1
    return {owner: (v[0], v[1], v[2]) for owner, v in out.items()}

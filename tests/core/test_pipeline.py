"""Pipeline figures (docs/figures.md, "Pipeline"), one table per figure, on event logs built by hand.

The business is open Mon–Fri 09:00–17:00 (8 business hours a day) in Los Angeles; the tests read the
pipeline on an evening there (Thursday 3 December 2026, 19:00 PST), with the chosen weeks starting
Monday 23 November. One case runs in Sydney across the start of its summer time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from leakdesk.clock import FakeClock
from leakdesk.domain import Event, EventKind, Lead, Outcome, Stage
from leakdesk.lifecycle import rebuild
from leakdesk.report.pipeline import Pipeline, Spell, pipeline, pipeline_of, spells
from leakdesk.sla.calendar import BusinessCalendar, parse_hours
from leakdesk.store import Store

LA = ZoneInfo("America/Los_Angeles")
CAL = BusinessCalendar(parse_hours("mon-fri 09:00-17:00"), LA)
AS_OF = datetime(2026, 12, 3, 19, 0, tzinfo=LA)  # Thursday evening, closed
SINCE = datetime(2026, 11, 23, 0, 0, tzinfo=LA)  # Monday of the first chosen week
DAY = 8 * 60  # business minutes in a day

_ids = count(1)


def at(day: int, hour: int = 10, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LA)


def ev(kind: EventKind, when: datetime, lead: int, **details: Any) -> Event:
    return Event(lead, kind, when, 1, details, id=next(_ids))


def received(lead: int, when: datetime, captured: datetime | None = None) -> Event:
    return Event(lead, EventKind.RECEIVED, captured or when + timedelta(seconds=30), None,
                 {"received_at": when.isoformat(), "contact_name": f"Lead {lead}"}, id=next(_ids))


def stage(lead: int, when: datetime, to: Stage) -> Event:
    return ev(EventKind.STAGE_CHANGED, when, lead, stage=to.value)


def outcome(lead: int, when: datetime, value: str, **more: Any) -> Event:
    return ev(EventKind.OUTCOME_SET, when, lead, outcome=value, **more)


def replied(lead: int, when: datetime) -> Event:
    return ev(EventKind.REPLIED, when, lead, via="email")


def claimed(lead: int, when: datetime) -> Event:
    return ev(EventKind.CLAIMED, when, lead, owner_id=1)


def step(lead: int, when: datetime, due: datetime) -> Event:
    return ev(EventKind.NEXT_STEP_SET, when, lead, action="Call back", due=due.isoformat())


def leads(*logs: Sequence[Event]) -> list[tuple[Lead, Sequence[Event]]]:
    """Each log with its lead as it stands at the end of the log (the store gives the stored lead)."""
    out = []
    for log in logs:
        lead = rebuild(log)
        assert lead is not None
        out.append((lead, log))
    return out


def figures(*logs: Sequence[Event], stuck_days: int = 3, connected_at: datetime | None = None) -> Pipeline:
    return pipeline(leads(*logs), AS_OF, SINCE, CAL, stuck_days, connected_at)


def by_stage(p: Pipeline, name: str) -> dict[Stage, Any]:
    return {s.stage: getattr(s, name) for s in p.stages}


# -- the stage history ---------------------------------------------------------------------------
def test_spells_follow_the_fold_of_the_log() -> None:
    log = [received(1, at(23, 9, 30)), replied(1, at(23, 11)), stage(1, at(24, 10), Stage.QUALIFIED),
           outcome(1, at(25, 10), "not_ready", revisit_on="2026-12-01"),
           ev(EventKind.REOPENED, at(1, 9, month=12), 1, revisit=True)]
    got = spells(log, AS_OF)
    assert got == [
        Spell(1, Stage.NEW, at(23, 9, 30), at(23, 11), Stage.CONTACTED),   # from received_at, not capture
        Spell(1, Stage.CONTACTED, at(23, 11), at(24, 10), Stage.QUALIFIED),  # the first answer contacts
        Spell(1, Stage.QUALIFIED, at(24, 10), at(25, 10), Outcome.NOT_READY),
        Spell(1, Stage.QUALIFIED, at(1, 9, month=12)),                      # back where it was, still there
    ]


def test_an_undone_stage_change_never_happened_and_later_events_are_not_seen_yet() -> None:
    change = stage(1, at(24), Stage.PROPOSAL)
    log = [received(1, at(23)), change, ev(EventKind.UNDONE, at(24, 10, 1), 1, undoes=[change.id]),
           stage(1, at(4, 10, month=12), Stage.QUALIFIED)]  # after as_of
    assert spells(log, AS_OF) == [Spell(1, Stage.NEW, at(23))]


# -- open: leads in each stage at as_of ----------------------------------------------------------
@pytest.mark.parametrize(("logs", "expected"), [
    ([], (0, 0, 0, 0)),
    ([[received(1, at(30))]], (1, 0, 0, 0)),
    ([[received(1, at(30)), replied(1, at(30, 11))]], (0, 1, 0, 0)),
    ([[received(1, at(30)), stage(1, at(30, 11), Stage.PROPOSAL)]], (0, 0, 0, 1)),
    ([[received(1, at(30)), outcome(1, at(30, 11), "booked")]], (0, 0, 0, 0)),        # closed: out
    ([[received(1, at(30)), outcome(1, at(30, 11), "not_a_lead")]], (0, 0, 0, 0)),    # not a lead: nowhere
    ([[received(1, at(30)), replied(1, at(30, 11))], [received(2, at(1, month=12))],
      [received(3, at(2, month=12)), stage(3, at(2, 12, month=12), Stage.QUALIFIED)]], (1, 1, 1, 0)),
])
def test_open_leads_per_stage(logs: list[list[Event]], expected: tuple[int, ...]) -> None:
    p = figures(*logs)
    assert tuple(by_stage(p, "open").values()) == expected
    assert p.open == sum(expected)


# -- median and p90 business time in the stage ------------------------------------------------------
@pytest.mark.parametrize(("entered", "median", "p90"), [
    ([], None, None),
    ([at(3, 16, month=12)], 60, 60),                             # one business hour before the close
    ([at(3, 16, month=12), at(2, 17, month=12)], (60 + DAY) / 2, DAY),  # Wednesday 17:00: one full day
    # Friday 27 Nov 09:00 → Thursday 3 Dec 19:00: Fri, Mon, Tue, Wed, Thu = 5 days; nearest-rank p90 of 3 = max
    ([at(3, 16, month=12), at(2, 17, month=12), at(27, 9)], DAY, 5 * DAY),
])
def test_time_in_stage_is_business_time_to_as_of(entered: list[datetime], median: float | None,
                                                  p90: float | None) -> None:
    logs = [[received(n, when)] for n, when in enumerate(entered, 1)]
    p = figures(*logs)
    new = p.stages[0]
    assert (new.median_minutes, new.p90_minutes) == (median, p90)


def test_p90_is_the_nearest_rank() -> None:
    # Ten leads entered Contacted 1..10 business hours before the close on Thursday 3 December.
    logs = [[received(n, at(23)), replied(n, at(3, 17 - n, month=12) if n <= 8 else at(2, 17 - (n - 8), month=12))]
            for n in range(1, 11)]
    contacted = figures(*logs).stages[1]
    assert contacted.p90_minutes == 9 * 60            # the 9th of 10
    assert contacted.median_minutes == (5 * 60 + 6 * 60) / 2


# -- moves in the chosen weeks -----------------------------------------------------------------
@pytest.mark.parametrize(("log", "stage_", "field"), [
    ([received(1, at(24)), stage(1, at(25), Stage.QUALIFIED)], Stage.NEW, "advanced"),  # skipping counts
    ([received(1, at(24)), replied(1, at(24, 11)), stage(1, at(25), Stage.NEW)], Stage.CONTACTED, "moved_back"),
    ([received(1, at(24)), replied(1, at(24, 11)), outcome(1, at(25), "booked")], Stage.CONTACTED, "booked"),
    ([received(1, at(24)), replied(1, at(24, 11)), outcome(1, at(25), "won")], Stage.CONTACTED, "booked"),
    ([received(1, at(24)), outcome(1, at(25), "lost", reason="no_reply")], Stage.NEW, "lost"),
    ([received(1, at(24)), stage(1, at(24, 12), Stage.PROPOSAL),
      outcome(1, at(25), "not_ready", revisit_on="2027-01-10")], Stage.PROPOSAL, "not_ready"),
])
def test_each_way_of_leaving_a_stage(log: list[Event], stage_: Stage, field: str) -> None:
    s = next(s for s in figures(log).stages if s.stage is stage_)
    moves = {f: getattr(s, f) for f in ("advanced", "booked", "lost", "not_ready", "moved_back")}
    assert moves == {f: int(f == field) for f in moves}
    assert s.left == 1 and s.moved_on == int(field != "moved_back")


def test_only_moves_inside_the_chosen_weeks_count() -> None:
    before = [received(1, at(10)), stage(1, at(12), Stage.QUALIFIED), stage(1, at(24), Stage.PROPOSAL)]
    p = figures(before)
    assert by_stage(p, "advanced") == {Stage.NEW: 0, Stage.CONTACTED: 0, Stage.QUALIFIED: 1, Stage.PROPOSAL: 0}
    assert by_stage(p, "entered") == {Stage.NEW: 0, Stage.CONTACTED: 0, Stage.QUALIFIED: 0, Stage.PROPOSAL: 1}


def test_conversion_is_forward_moves_over_all_that_left() -> None:
    logs = [
        [received(1, at(24)), stage(1, at(25), Stage.QUALIFIED), stage(1, at(26), Stage.PROPOSAL)],
        [received(2, at(24)), stage(2, at(25), Stage.QUALIFIED), outcome(2, at(26), "booked")],
        [received(3, at(24)), stage(3, at(25), Stage.QUALIFIED), outcome(3, at(26), "lost", reason="price")],
        [received(4, at(24)), stage(4, at(25), Stage.QUALIFIED), stage(4, at(26), Stage.CONTACTED)],
    ]
    qualified = figures(*logs).stages[2]
    assert (qualified.entered, qualified.left, qualified.moved_on) == (4, 4, 3)
    assert qualified.conversion == 2 / 4
    assert figures().stages[2].conversion is None  # nothing left: no ratio


# -- stuck, no next step, no owner --------------------------------------------------------------
@pytest.mark.parametrize(("entered", "stuck"), [
    (at(30, 10), True),                  # Mon 10:00 + 3 business days = Thu 10:00, before as_of
    (at(1, 10, month=12), False),        # Tue 10:00 + 3 = Fri 10:00: not yet
    (at(27, 17), True),                  # Fri 17:00 (closed) counts from Mon 09:00: Thu 09:00
    (at(3, 18, month=12), False),
])
def test_stuck_after_the_settings_business_days(entered: datetime, stuck: bool) -> None:
    p = figures([received(1, entered)], stuck_days=3)
    assert p.stages[0].stuck == int(stuck)
    assert [s.lead.id for s in p.stuck] == ([1] if stuck else [])


def test_stuck_follows_the_imported_history_rule() -> None:
    log = [received(1, at(2))]  # New since 2 November, imported when the inbox was connected on the 30th
    assert figures(log, connected_at=at(30)).stages[0].stuck == 0
    assert figures(log, connected_at=at(1)).stages[0].stuck == 1


def test_stuck_list_longest_first_and_the_stalling_stage() -> None:
    logs = [[received(1, at(16))], [received(2, at(9)), stage(2, at(10), Stage.PROPOSAL)],
            [received(3, at(12)), stage(3, at(13), Stage.PROPOSAL)], [received(4, at(3, month=12))]]
    p = figures(*logs)
    assert [s.lead.id for s in p.stuck] == [2, 3, 1]
    assert [s.stage for s in p.stuck] == [Stage.PROPOSAL, Stage.PROPOSAL, Stage.NEW]
    assert p.stalling_stage is not None and p.stalling_stage.stage is Stage.PROPOSAL
    assert figures([received(1, at(3, month=12))]).stalling_stage is None


def test_no_next_step_and_no_owner_count_open_leads() -> None:
    logs = [
        [received(1, at(30))],                                                     # neither
        [received(2, at(30)), claimed(2, at(30, 11))],                             # owner, no step
        [received(3, at(30)), claimed(3, at(30, 11)), step(3, at(30, 12), at(4, month=12))],  # both
        [received(4, at(30)), outcome(4, at(30, 11), "lost", reason="price")],     # closed: not counted
    ]
    p = figures(*logs)
    assert (p.stages[0].no_next_step, p.stages[0].no_owner) == (2, 1)
    assert (p.no_next_step, p.no_owner) == (2, 1)


def test_sydney_across_the_start_of_summer_time() -> None:
    sydney = ZoneInfo("Australia/Sydney")
    cal = BusinessCalendar(parse_hours("mon-fri 08:00-18:00"), sydney)
    # Friday 2 Oct 2026 17:00 AEST → Monday 5 Oct 09:00 AEDT (clocks went forward on Sunday 4 Oct):
    # one hour on Friday and one on Monday, whatever the offset did in between.
    entered = datetime(2026, 10, 2, 17, 0, tzinfo=sydney)
    as_of = datetime(2026, 10, 5, 9, 0, tzinfo=sydney)
    log = [Event(1, EventKind.RECEIVED, entered, None, {"received_at": entered.isoformat()}, id=1)]
    p = pipeline(leads(log), as_of, datetime(2026, 9, 28, tzinfo=sydney), cal, 1)
    assert p.stages[0].median_minutes == 120
    assert p.stages[0].stuck == 0  # one business day ends on Monday 17:00


# -- the fold of places is the lifecycle's -------------------------------------------------------
def _place(lead: Lead) -> Stage | Outcome:
    return lead.stage if lead.outcome is None else lead.outcome


def test_the_place_fold_agrees_with_the_lifecycle_on_random_logs() -> None:
    """Random logs of every kind that moves a lead, with claims, notes and undos between: after each
    event, the last spell's place is where ``lifecycle.rebuild`` says the lead is."""
    import random

    rng = random.Random(20)
    for n in range(300):
        log = [received(n, at(2))]
        for step_ in range(rng.randint(1, 12)):
            when = at(3) + timedelta(hours=step_)
            roll = rng.random()
            if roll < 0.2:
                log.append(replied(n, when))
            elif roll < 0.4:
                log.append(stage(n, when, rng.choice(list(Stage))))
            elif roll < 0.55:
                log.append(outcome(n, when, rng.choice(["booked", "won", "lost", "not_ready"])))
            elif roll < 0.65:
                log.append(ev(EventKind.REOPENED, when, n))
            elif roll < 0.75:
                log.append(ev(EventKind.CONTACT_LOGGED, when, n, via="call"))
            elif roll < 0.85 and len(log) > 1:  # a person's action taken back
                target = rng.choice([e for e in log[1:] if e.kind is not EventKind.UNDONE] or [log[-1]])
                log.append(ev(EventKind.UNDONE, when, n, undoes=[target.id]))
            else:
                log.append(claimed(n, when))
            lead = rebuild(log)
            assert lead is not None
            got = spells(log, AS_OF)
            last = got[-1] if got else None
            expected = _place(lead)
            if isinstance(expected, Stage):
                assert last is not None and last.left is None and last.stage is expected, (n, log)
            else:  # closed: out of every stage (left for its first outcome; a second one moves nothing)
                assert last is not None and last.left is not None and isinstance(last.to, Outcome), (n, log)


# -- from the store ---------------------------------------------------------------------------
def test_pipeline_of_the_demo_matches_its_leads(tmp_path: Path) -> None:
    from leakdesk.demo import create_demo

    clock = FakeClock(datetime(2026, 11, 17, 11, 20, tzinfo=ZoneInfo("UTC")))
    store: Store = create_demo(tmp_path / "demo.sqlite", clock)
    try:
        p = pipeline_of(store, clock.now(), 12)
        open_leads = [lead for lead in store.leads.all() if lead.is_open]
        for s in p.stages:
            in_stage = [lead for lead in open_leads if lead.stage is s.stage]
            assert s.open == len(in_stage)
            assert s.no_owner == sum(lead.owner_id is None for lead in in_stage)
            assert s.no_next_step == sum(lead.next_step is None for lead in in_stage)
        assert all(s.entered for s in p.stages)  # the demo moves leads through every stage
        for lead in store.leads.all():  # the fold of places ends where the stored lead is
            lead_spells = spells(store.leads.events(lead.id), clock.now())
            if lead.is_open:
                assert lead_spells[-1].left is None and lead_spells[-1].stage is lead.stage
            else:
                assert lead_spells[-1].left is not None and lead_spells[-1].to is lead.outcome
    finally:
        store.close()


def test_words_for_business_time_and_the_owners_sentence() -> None:
    from leakdesk.report.pipeline import day_minutes, days_text, sentence

    assert day_minutes(CAL) == DAY
    assert day_minutes(BusinessCalendar(parse_hours("mon-fri 09:00-17:00; sat 10:00-12:00"), LA)) == (5 * DAY + 120) / 6
    assert [days_text(m, DAY) for m in (None, 45, 200, DAY, 2.25 * DAY)] == ["", "45 min", "3 h 20 min", "1.0 days",
                                                                              "2.2 days"]
    stuck = figures([received(1, at(9)), stage(1, at(10), Stage.PROPOSAL)], [received(2, at(16))],
                    [received(3, at(12)), stage(3, at(13), Stage.PROPOSAL)], [received(4, at(3, month=12))])
    assert sentence(stuck).startswith("Leads stall most at Proposal: 2 of its 2 open leads have sat there over "
                                      "3 business days (3 stuck in all). Call about the proposal")
    assert sentence(figures([received(1, at(3, month=12))])) == (
        "No lead is stuck: every one of the 1 open leads moved within 3 business days.")


def test_json_names_the_figures_of_the_contract() -> None:
    from leakdesk.report.pipeline import to_json

    got = to_json(figures([received(1, at(16))], [received(2, at(24)), outcome(2, at(25), "booked")]))
    new = got["stages"][0]
    assert new["stage"] == "new" and new["open"] == 1 and new["booked"] == 1 and new["conversion"] == 1.0
    # Monday 16 November from 10:00 (7 hours), then 13 full days
    assert new["time_in_stage_median_min"] == new["time_in_stage_p90_min"] == 420 + 13 * DAY
    assert got["stalling_stage"] == "new" and got["stuck"][0]["lead_id"] == 1

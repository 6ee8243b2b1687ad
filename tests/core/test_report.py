"""The weekly leakage figures of LEAKAGE.md, one table row per figure.

Hand-built leads go into a real SQLite file and come back through the SQL
of the report; a reference written in plain Python from the definition
(``leak_kinds`` and the calendar) checks the SQL on the whole demo database.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from math import ceil
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from leakdesk.domain import Channel, Lead, LeakKind, LostReason, Outcome
from leakdesk.report.review import review, segment_leads, week_starts, weekly_figures
from leakdesk.report.weekly import FigureSettings, WeekFigures
from leakdesk.sla.leaks import leak_kinds, primary_leak
from leakdesk.sla.policy import SlaPolicy, policy_from_settings
from leakdesk.store import Store
from leakdesk.store.rows import iso, lead_to_row
from tests.core.test_leaks import CASES

LONDON = ZoneInfo("Europe/London")
K = LeakKind
# Tuesday 17 November 2026, 10:00 London (GMT = UTC in November); week 2026-W47 starts Monday 16th.
T0 = datetime(2026, 11, 17, 10, 0, tzinfo=UTC)
W47 = date(2026, 11, 16)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def lead(lead_id: int, **changes: object) -> Lead:
    """A lead owned in 5 minutes and answered in 30: healthy unless changed."""
    base = Lead(
        id=lead_id, contact_name=f"Lead {lead_id}", contact_email=f"p{lead_id}@example.com", contact_phone=None,
        channel=Channel.EMAIL, subject="Hello", received_at=T0, captured_at=at(0.1),
        owner_id=1, owned_at=at(5), first_response_at=at(30), last_activity_at=at(30),
        next_step="Call", next_step_due=at(120),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def shop(store: Store) -> Store:
    store.settings.set_many({"business.timezone": "Europe/London", "business.hours": "mon-fri 09:00-17:00"})
    store.people.add("Alex Brown", "AB", "#3b82f6", ["alex@example.com"])
    return store


def put(store: Store, *leads: Lead) -> None:
    with store.transaction():
        for one in leads:
            store.db["leads"].insert(lead_to_row(one))


def week(store: Store, as_of: datetime, weeks: int = 1) -> WeekFigures:
    return weekly_figures(store, as_of, weeks)[-1]


# -- the SQL states each leak kind exactly like leakdesk.sla.leaks ---------------------------------

@pytest.mark.parametrize(("name", "the_lead", "as_of", "expected"), CASES, ids=[c[0] for c in CASES])
def test_sql_carries_the_same_kinds_as_the_definition(
        shop: Store, name: str, the_lead: Lead, as_of: datetime, expected: tuple[LeakKind, ...]) -> None:
    put(shop, the_lead)
    figures = weekly_figures(shop, as_of, 8)
    counted = [w for w in figures if w.leads]
    if the_lead.outcome is Outcome.NOT_A_LEAD:
        assert counted == []
        return
    [w] = counted
    assert {k for k, n in w.carried.items() if n} == set(expected)
    assert {k for k, n in w.by_kind.items() if n} == ({expected[0]} if expected else set())


@pytest.mark.parametrize(("name", "the_lead", "as_of", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_settled_lead_reads_its_stored_flags_and_agrees(
        shop: Store, name: str, the_lead: Lead, as_of: datetime, expected: tuple[LeakKind, ...]) -> None:
    far = as_of + timedelta(days=400)
    put(shop, the_lead)
    [w] = [w for w in weekly_figures(shop, far, 70) if w.leads] or [None]
    settled_at = shop.db.execute("SELECT settled_at FROM lead_facts").fetchone()[0]
    assert datetime.fromisoformat(settled_at) <= far                     # the stored-flags path
    kinds = set(leak_kinds(the_lead, policy_from_settings(shop.settings.load()), far))
    assert (w is None and the_lead.outcome is Outcome.NOT_A_LEAD) or (
        w is not None and {k for k, n in w.carried.items() if n} == kinds)


def test_imported_history_rules_hold_in_sql(shop: Store) -> None:
    connected = at(60 * 24 * 10)
    shop.db["accounts"].insert({"name": "Shop", "host": "127.0.0.1", "port": 143, "username": "shop",
                                "connected_at": iso(connected), "created_at": iso(connected)})
    policy = policy_from_settings(shop.settings.load(), connected)
    old_unowned = lead(1, owner_id=None, owned_at=None, captured_at=connected)       # met: it got a response
    old_silent = lead(2, owner_id=None, owned_at=None, first_response_at=None, captured_at=connected)
    old_stalled = lead(3)                                   # stalled Wed 12:00: before LeakDesk was there
    put(shop, old_unowned, old_silent, old_stalled)
    as_of = connected + timedelta(days=1)
    w = weekly_figures(shop, as_of, 2)[0]
    for one in (old_unowned, old_silent, old_stalled):
        assert primary_leak(leak_kinds(one, policy, as_of)) == (K.UNANSWERED if one.id == 2 else None)
    assert (w.leads, w.leaked, w.by_kind[K.UNANSWERED]) == (3, 1, 1)
    assert w.stages is not None
    assert w.stages["ownership"] == pytest.approx(2 / 3)  # the silent one missed it, by the imported rule
    assert w.stages["capture"] == 1.0 and w.stages["follow_up"] == 1.0


# -- weeks ------------------------------------------------------------------------------------

def test_weeks_are_iso_weeks_in_the_business_time_zone(shop: Store) -> None:
    shop.settings.set("business.timezone", "Europe/Berlin")
    sunday_night_utc = datetime(2026, 11, 15, 23, 30, tzinfo=UTC)  # Monday 00:30 in Berlin
    put(shop, lead(1, received_at=sunday_night_utc, captured_at=sunday_night_utc))
    w46, w47 = weekly_figures(shop, T0, 2)
    assert (w46.week, w46.start, w46.leads) == ("2026-W46", date(2026, 11, 9), 0)
    assert (w47.week, w47.start, w47.end, w47.leads) == ("2026-W47", W47, date(2026, 11, 22), 1)


def test_oldest_first_and_only_the_current_week_is_provisional(shop: Store) -> None:
    figures = weekly_figures(shop, T0, 4)
    assert [w.start for w in figures] == [W47 - timedelta(weeks=n) for n in (3, 2, 1, 0)]
    assert [w.provisional for w in figures] == [False, False, False, True]
    assert figures[-1].to_json()["provisional"] is True


def test_an_empty_week_has_counts_of_zero_and_no_ratios(shop: Store) -> None:
    out = week(shop, T0).to_json()
    assert (out["leads"], out["leaked"], out["unanswered"], out["booked"]) == (0, 0, 0, 0)
    assert out["leakage_rate"] is None and out["responded_within_sla"] is None and out["booking_rate"] is None
    assert out["speed_to_lead_median_min"] is None and out["stages"] is None and out["score"] is None
    assert out["by_kind"] == dict.fromkeys((k.value for k in LeakKind), 0)


def test_not_a_lead_counts_nowhere(shop: Store) -> None:
    put(shop, lead(1), lead(2, outcome=Outcome.NOT_A_LEAD, closed_at=at(10), first_response_at=None))
    w = week(shop, at(60 * 24))
    assert (w.leads, w.unanswered) == (1, 0)


def test_a_lead_received_after_as_of_is_not_in_the_report_yet(shop: Store) -> None:
    put(shop, lead(1, received_at=at(60), captured_at=at(60)))
    assert week(shop, at(30)).leads == 0
    assert week(shop, at(90)).leads == 1


# -- as_of: a past week changes as the lead moves on ------------------------------------------

def test_as_of_moves_a_past_week(shop: Store) -> None:
    put(shop, lead(1, first_response_at=None, last_activity_at=None))
    assert week(shop, at(59)).leaked == 0                       # still inside its deadline: on track
    assert week(shop, at(61)).by_kind[K.UNANSWERED] == 1
    # The reply comes the next day: seen from then, last week's lead was answered late.
    shop.db.execute("UPDATE leads SET first_response_at = ? WHERE id = 1",
                    [iso(at(60 * 24))])
    later = weekly_figures(shop, at(60 * 24 * 8), 2)[0]
    assert (later.by_kind[K.UNANSWERED], later.by_kind[K.LATE_RESPONSE]) == (0, 1)
    # ... and a report as of before the reply still says unanswered.
    assert week(shop, at(61)).by_kind[K.UNANSWERED] == 1


# -- business hours -----------------------------------------------------------------------------

FRIDAY_1630 = datetime(2026, 11, 13, 16, 30, tzinfo=UTC)  # due Monday 09:30


@pytest.mark.parametrize(("reply", "within", "speed"), [
    (datetime(2026, 11, 16, 9, 29, tzinfo=UTC), 1, 59.0),
    (datetime(2026, 11, 16, 9, 30, tzinfo=UTC), 1, 60.0),
    (datetime(2026, 11, 16, 9, 31, tzinfo=UTC), 0, 61.0),
    (datetime(2026, 11, 14, 11, 0, tzinfo=UTC), 1, 30.0),   # a Saturday reply: only Friday's 30 minutes count
])
def test_speed_and_sla_count_business_minutes_only(shop: Store, reply: datetime, within: int, speed: float) -> None:
    put(shop, lead(1, received_at=FRIDAY_1630, captured_at=FRIDAY_1630, owned_at=FRIDAY_1630,
                   first_response_at=reply, last_activity_at=reply, next_step_due=None))
    w = weekly_figures(shop, datetime(2026, 11, 16, 12, 0, tzinfo=UTC), 2)[0]
    assert (w.within_sla, w.speed_median, w.by_kind[K.LATE_RESPONSE]) == (within, speed, 1 - within)


def test_a_saturday_lead_is_due_monday_at_ten(shop: Store) -> None:
    saturday = datetime(2026, 11, 14, 12, 0, tzinfo=UTC)
    put(shop, lead(1, received_at=saturday, captured_at=saturday, owned_at=saturday, first_response_at=None))
    assert weekly_figures(shop, datetime(2026, 11, 16, 9, 59, tzinfo=UTC), 2)[0].leaked == 0
    assert weekly_figures(shop, datetime(2026, 11, 16, 10, 1, tzinfo=UTC), 2)[0].by_kind[K.UNANSWERED] == 1


def test_a_holiday_pauses_the_clock(shop: Store) -> None:
    shop.settings.set("business.holidays_extra", "2026-11-16")
    friday = datetime(2026, 11, 13, 16, 30, tzinfo=UTC)
    put(shop, lead(1, received_at=friday, captured_at=friday, owned_at=friday, first_response_at=None))
    assert weekly_figures(shop, datetime(2026, 11, 17, 9, 29, tzinfo=UTC), 2)[0].leaked == 0  # Monday was closed
    assert weekly_figures(shop, datetime(2026, 11, 17, 9, 31, tzinfo=UTC), 2)[0].leaked == 1


# -- figures ------------------------------------------------------------------------------------

def test_median_and_p90_by_nearest_rank(shop: Store) -> None:
    put(shop, *(lead(i, first_response_at=at(m), last_activity_at=at(m)) for i, m in
                enumerate((10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110), start=1)))
    w = week(shop, at(600))
    assert (w.speed_median, w.speed_p90) == (60.0, 100.0)   # 11 values: rank 6 and rank ceil(9.9) = 10
    shop.db.execute("DELETE FROM leads WHERE id = 11")
    w = week(shop, at(600))
    assert (w.speed_median, w.speed_p90) == (55.0, 90.0)    # 10 values: mean of ranks 5 and 6; rank 9


def test_unanswered_counts_every_lead_still_without_a_response(shop: Store) -> None:
    put(shop, lead(1, first_response_at=None), lead(2, first_response_at=None, received_at=at(100),
                                                     captured_at=at(100)), lead(3))
    w = week(shop, at(120))
    assert (w.unanswered, w.by_kind[K.UNANSWERED]) == (2, 1)  # one is still inside its deadline


def test_booked_counts_booked_and_won_by_as_of(shop: Store) -> None:
    put(shop, lead(1, outcome=Outcome.BOOKED, closed_at=at(60)), lead(2, outcome=Outcome.WON, closed_at=at(60)),
        lead(3, outcome=Outcome.LOST, lost_reason=LostReason.PRICE, closed_at=at(60)),
        lead(4, outcome=Outcome.BOOKED, closed_at=at(600)))
    w = week(shop, at(120))
    assert (w.booked, w.booking_rate) == (2, 0.5)


def test_money_follows_the_settings(shop: Store) -> None:
    put(shop, lead(1, first_response_at=None), lead(2, first_response_at=None), lead(3, first_response_at=None),
        lead(4))
    out = week(shop, at(120)).to_json()
    assert (out["leaked"], out["leak_cost"], out["lost_opportunities"]) == (3, 120.0, 0.24)
    shop.settings.set_many({"figures.cost_per_lead": "55.5", "figures.qualified_conversion_rate": "0.1"})
    out = week(shop, at(120)).to_json()
    assert (out["leak_cost"], out["lost_opportunities"]) == (166.5, 0.3)


def test_the_documented_example_week() -> None:
    """LEAKAGE.md's sample object, from its counts."""
    counts = {f"primary_{k.value}": 0 for k in LeakKind} | {f"carried_{k.value}": 0 for k in LeakKind}
    counts |= {"primary_unanswered": 2, "primary_late_response": 5, "primary_unowned": 1, "primary_stalled": 1,
               "carried_unanswered": 2, "carried_late_response": 5, "carried_unowned": 1, "carried_stalled": 1,
               "leads": 41, "leaked": 9, "within_sla": 34, "responded": 39, "booked": 11, "ownership_missed": 1,
               "follow_up_missed": 1}
    w = WeekFigures.from_counts(date(2026, 11, 9), False, FigureSettings(), counts, (38.0, 212.0))
    assert w.to_json() == json.loads("""
        {"week": "2026-W46", "start": "2026-11-09", "provisional": false,
         "leads": 41, "leaked": 9, "leakage_rate": 0.2195,
         "by_kind": {"unanswered": 2, "late_response": 5, "unowned": 1, "stalled": 1,
                     "went_cold": 0, "late_capture": 0, "handoff_without_context": 0},
         "responded_within_sla": 0.8293, "speed_to_lead_median_min": 38.0,
         "speed_to_lead_p90_min": 212.0, "unanswered": 2, "booked": 11,
         "booking_rate": 0.2683, "leak_cost": 360.0, "lost_opportunities": 0.72,
         "stages": {"capture": 1.0, "ownership": 0.9756, "response": 0.8293,
                    "follow_up": 0.9756, "conversion": 1.0},
         "score": 96, "weakest_stage": "response"}""")


def test_stages_score_and_weakest_stage(shop: Store) -> None:
    put(shop,
        lead(1, outcome=Outcome.BOOKED, closed_at=at(60)),
        lead(2, captured_at=at(20)),                                            # capture missed
        lead(3, owned_at=at(20)),                                               # ownership missed
        lead(4, first_response_at=at(90)),                                      # response missed
        lead(5, outcome=Outcome.LOST, lost_reason=LostReason.NO_REPLY, closed_at=at(100), outbound_touches=1))
    w = week(shop, at(200))
    assert w.stages == pytest.approx({"capture": 0.8, "ownership": 0.8, "response": 0.8, "follow_up": 0.8,
                                      "conversion": 0.8})  # 1 booked of 5 = 20%, against a 25% target
    assert w.score == 80
    assert w.weakest_stage == "capture"   # equal ratios: the first stage of the funnel
    shop.settings.set("figures.target_booking_rate", "0.1")
    assert week(shop, at(200)).stages["conversion"] == 1.0  # type: ignore[index]


def test_follow_up_counts_stalled_and_went_cold(shop: Store) -> None:
    put(shop, lead(1), lead(2, outcome=Outcome.LOST, lost_reason=LostReason.WENT_COLD, closed_at=at(100),
                               outbound_touches=2))
    w = week(shop, datetime(2026, 11, 18, 12, 1, tzinfo=UTC))  # lead 1's next step is a day overdue
    assert (w.by_kind[K.STALLED], w.by_kind[K.WENT_COLD], w.follow_up_missed) == (1, 1, 2)
    assert w.stages is not None and w.stages["follow_up"] == 0.0


# -- derived facts stay in step with leads and settings ---------------------------------------

def test_a_changed_lead_and_changed_settings_are_re_derived(shop: Store) -> None:
    put(shop, lead(1, first_response_at=at(75), last_activity_at=at(75)))
    assert week(shop, at(200)).by_kind[K.LATE_RESPONSE] == 1
    shop.settings.set("sla.response_minutes", "90")
    assert week(shop, at(200)).leaked == 0
    shop.db.execute("UPDATE leads SET first_response_at = ? WHERE id = 1", [iso(at(95))])
    assert shop.db.execute("SELECT count(*) FROM lead_facts").fetchone()[0] == 0  # the trigger dropped it
    assert week(shop, at(200)).by_kind[K.LATE_RESPONSE] == 1


def test_a_schema_0003_database_reports_after_migrating(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    path.write_bytes((Path(__file__).parent.parent / "fixtures" / "schema_0003.sqlite").read_bytes())
    store = Store.open(path)
    store.settings.set("business.timezone", "UTC")
    w = weekly_figures(store, datetime(2026, 11, 12, 12, 0, tzinfo=UTC), 1)[0]
    assert (w.leads, w.booked, w.by_kind[K.LATE_RESPONSE], w.by_kind[K.UNANSWERED]) == (3, 1, 1, 1)
    store.close()


# -- rescue list, segments, channels -----------------------------------------------------------

def test_rescue_list_is_open_recent_leaked_leads_unanswered_first_newest_first(shop: Store) -> None:
    put(shop,
        lead(1, first_response_at=at(90)),                                          # late
        lead(2, first_response_at=None, received_at=at(10), captured_at=at(10)),    # unanswered
        lead(3, first_response_at=None, received_at=at(20), captured_at=at(20)),    # unanswered, newer
        lead(4),                                                                    # fine
        lead(5, first_response_at=None, outcome=Outcome.LOST, lost_reason=LostReason.PRICE, closed_at=at(100)),
        lead(6, first_response_at=None, received_at=at(-60 * 24 * 40), captured_at=at(-60 * 24 * 40)))  # too old
    items = review(shop, at(300)).rescue
    assert [(i.lead.id, i.kind) for i in items] == [(3, K.UNANSWERED), (2, K.UNANSWERED), (1, K.LATE_RESPONSE)]


def test_a_segment_lists_the_leads_behind_it(shop: Store) -> None:
    put(shop, lead(1), lead(2, first_response_at=None), lead(3, first_response_at=at(90)))
    as_of = at(300)
    assert [x.id for x in segment_leads(shop, as_of, W47, K.UNANSWERED)] == [2]
    assert [x.id for x in segment_leads(shop, as_of, W47, None)] == [1]
    assert segment_leads(shop, as_of, W47 - timedelta(weeks=1), None) == []


def test_channels_show_which_create_booked_conversations(shop: Store) -> None:
    put(shop, lead(1, channel=Channel.WEB_FORM), lead(2, channel=Channel.WEB_FORM, first_response_at=None),
        lead(3, channel=Channel.REFERRAL, outcome=Outcome.BOOKED, closed_at=at(60)))
    channels = {c.channel: c for c in review(shop, at(300), weeks=4).channels}
    web, referral = channels[Channel.WEB_FORM], channels[Channel.REFERRAL]
    assert (web.leads, web.within_sla, web.booked, web.leaked, web.booking_rate) == (2, 1, 0, 1, 0.0)
    assert (referral.leads, referral.booking_rate, referral.responded_within_sla) == (1, 1.0, 1.0)


# -- the demo database, against a plain-Python reading of the definition -----------------------

def reference_week(leads: list[Lead], policy: SlaPolicy, as_of: datetime, start: date) -> dict[str, object]:
    cal = policy.calendar
    mine = [x for x in leads if x.outcome is not Outcome.NOT_A_LEAD and x.received_at <= as_of
            and (d := x.received_at.astimezone(cal.tz).date()) - timedelta(days=d.weekday()) == start]
    kinds = {x.id: leak_kinds(x, policy, as_of) for x in mine}
    answered = [x for x in mine if x.first_response_at is not None and x.first_response_at <= as_of]
    speeds = sorted(cal.minutes_between(x.received_at, x.first_response_at) for x in answered  # type: ignore[arg-type]
                    if x.first_response_at is not None)
    due = {x.id: cal.add_minutes(x.received_at, policy.response_minutes) for x in mine}
    return {
        "leads": len(mine),
        "leaked": sum(1 for k in kinds.values() if k),
        "by_kind": Counter(k[0] for k in kinds.values() if k),
        "within_sla": sum(1 for x in answered if x.first_response_at <= due[x.id]),  # type: ignore[operator]
        "unanswered": len(mine) - len(answered),
        "booked": sum(1 for x in mine if x.outcome in (Outcome.BOOKED, Outcome.WON)
                      and x.closed_at is not None and x.closed_at <= as_of),
        "median": statistics.median(speeds) if speeds else None,
        "p90": speeds[ceil(0.9 * len(speeds)) - 1] if speeds else None,
    }


@pytest.mark.parametrize("days_back", [0, 9, 40])
def test_demo_report_matches_the_definition_week_by_week(demo_store: Store, days_back: int) -> None:
    as_of = datetime(2026, 11, 17, 11, 20, tzinfo=UTC) - timedelta(days=days_back)
    policy = policy_from_settings(demo_store.settings.load(), demo_store.connected_at())
    leads = list(demo_store.leads.all())
    for w in weekly_figures(demo_store, as_of, 12):
        ref = reference_week(leads, policy, as_of, w.start)
        got = {"leads": w.leads, "leaked": w.leaked, "by_kind": Counter({k: n for k, n in w.by_kind.items() if n}),
               "within_sla": w.within_sla, "unanswered": w.unanswered, "booked": w.booked}
        speeds = ref.pop("median"), ref.pop("p90")
        assert got == ref, w.week
        assert (w.speed_median, w.speed_p90) == pytest.approx(speeds), w.week


def test_demo_report_has_every_leak_kind(demo_store: Store) -> None:
    figures = weekly_figures(demo_store, datetime(2026, 11, 17, 11, 20, tzinfo=UTC), 12)
    total = Counter[LeakKind]()
    for w in figures:
        total.update(w.by_kind)
    assert all(total[k] > 0 for k in LeakKind), total
    assert sum(w.leads for w in figures) > 200


def test_week_starts_end_with_the_week_of_as_of() -> None:
    from leakdesk.sla.calendar import BusinessCalendar, parse_hours
    policy = SlaPolicy(BusinessCalendar(parse_hours("mon-fri 09:00-17:00"), LONDON))
    sunday_late = datetime(2026, 11, 22, 23, 59, tzinfo=UTC)
    assert week_starts(sunday_late, 2, policy) == [date(2026, 11, 9), W47]


# -- the week panel's words ------------------------------------------------------------------

def counted_week(**counts: int) -> WeekFigures:
    base = {f"primary_{k.value}": 0 for k in LeakKind} | {f"carried_{k.value}": 0 for k in LeakKind}
    base |= {"leads": 10, "leaked": 0, "within_sla": 10, "responded": 10, "booked": 3, "ownership_missed": 0,
             "follow_up_missed": 0}
    return WeekFigures.from_counts(W47, False, FigureSettings(), base | counts)


@pytest.mark.parametrize(("counts", "sentence"), [
    ({"leaked": 7, "carried_late_response": 5, "carried_unanswered": 2, "within_sla": 3, "responded": 8},
     "Most leads leaked at response: 5 answered late, 2 never answered."),
    ({"leaked": 2, "carried_stalled": 2, "follow_up_missed": 2}, "Most leads leaked at follow-up: 2 stalled."),
    ({"leaked": 1, "ownership_missed": 1, "carried_unowned": 1},
     "Most leads leaked at ownership: 1 had no owner in time."),
    ({"booked": 1}, "The weakest stage is conversion: 1 of 10 booked (10%), against a target of 25%."),
    ({}, "No lead leaked this week."),
    ({"leads": 0}, "No leads this week."),
])
def test_the_weakest_stage_in_a_sentence(counts: dict[str, int], sentence: str) -> None:
    from leakdesk.report.wording import NEXT_MOVE, weakest_sentence
    week = counted_week(**counts) if counts.get("leads") != 0 else WeekFigures(W47, False, FigureSettings())
    said = weakest_sentence(week)
    stage = week.weakest_stage
    if week.leaked or stage == "conversion":  # where it leaked, then what to do about it
        assert stage is not None and said == f"{sentence} {NEXT_MOVE[stage]}"
    else:
        assert said == sentence


def test_changes_against_the_previous_week() -> None:
    from leakdesk.report.wording import changes
    before = counted_week(leaked=2, within_sla=8)
    now = counted_week(leaked=4, within_sla=9, leads=10)
    got = changes(now, before)
    assert (got["leaked"].text, got["leaked"].better) == ("+2", False)
    assert (got["leakage_rate"].text, got["leakage_rate"].better) == ("+20.0 pts", False)
    assert (got["responded_within_sla"].text, got["responded_within_sla"].better) == ("+10.0 pts", True)
    assert got["leads"].better is None
    assert changes(now, None) == {}


@pytest.mark.parametrize(("counts", "rescue", "sentence"), [
    ({"leads": 32, "leaked": 17, "primary_late_response": 11, "primary_unanswered": 4, "primary_stalled": 2}, 6,
     "In the week of 16–22 Nov 2026 17 of 32 leads leaked (53%), most of them answered late (11). Rescue 6 now."),
    ({"leaked": 1, "primary_unowned": 1}, 0,
     "In the week of 16–22 Nov 2026 1 of 10 leads leaked (10%), most of them left without an owner (1)."),
    ({}, 2, "In the week of 16–22 Nov 2026 none of 10 leads leaked. Rescue 2 now."),
    ({"leads": 27, "leaked": 14, "primary_late_response": 6, "primary_unanswered": 4, "primary_unowned": 4}, 0,
     "In the week of 16–22 Nov 2026 14 of 27 leads leaked (52%), most often answered late (6)."),
])
def test_the_owners_headline_in_one_sentence(counts: dict[str, int], rescue: int, sentence: str) -> None:
    from leakdesk.report.wording import headline
    assert headline(counted_week(**counts), rescue) == sentence


def test_weeks_are_named_by_their_dates() -> None:
    from datetime import date

    from leakdesk.report.export import week_label
    assert week_label(WeekFigures(date(2026, 11, 16), False, FigureSettings())) == "16–22 Nov 2026"
    assert week_label(WeekFigures(date(2026, 11, 30), False, FigureSettings())) == "30 Nov – 6 Dec 2026"
    assert week_label(WeekFigures(date(2026, 12, 28), False, FigureSettings())) == "28 Dec 2026 – 3 Jan 2027"
    assert WeekFigures(date(2026, 11, 30), True, FigureSettings()).provisional


def test_the_last_full_week_is_last_week_and_this_one_is_so_far() -> None:
    from dataclasses import replace

    from leakdesk.report.wording import headline
    week = counted_week(leaked=3, primary_stalled=3)
    assert headline(week, 0, last=True).startswith("Last week 3 of 10 leads leaked (30%), most of them stalled (3)")
    assert headline(replace(week, provisional=True), 1).startswith("This week so far 3 of 10")

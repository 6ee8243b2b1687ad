"""Alerts with a fake clock: once each, at the right moment, within opening hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from leakdesk.actions import LeadActions
from leakdesk.alerting import Alerting
from leakdesk.clock import FakeClock
from leakdesk.domain import ContactKind
from leakdesk.sla.alerts import AlertKind
from leakdesk.sla.policy import policy_from_settings
from leakdesk.store import Store
from tests.core.test_store import received

TUESDAY_10 = datetime(2026, 11, 17, 10, 0, tzinfo=UTC)  # London, GMT: open 09-17


@pytest.fixture
def setup(store: Store) -> tuple[Store, FakeClock, int, int]:
    store.settings.set("business.timezone", "Europe/London")
    me = store.people.add("Maya Patel", "MP", "#0072B2").id
    other = store.people.add("Tom Reid", "TR", "#E69F00").id
    return store, FakeClock(TUESDAY_10), me, other


def run(alerting: Alerting, store: Store, me: int, slept: bool = False) -> list[tuple[AlertKind, int]]:
    """One tick: decide, send (here: remember), and say what went out."""
    policy = policy_from_settings(store.settings.load())
    out = []
    alerts = alerting.check(list(store.leads.all()), policy, me, slept)
    alerting.mark_sent((alert, "test") for alert in alerts)
    for alert in alerts:
        out.extend((alert.kind, lead_id) for lead_id in alert.lead_ids)
    return out


def test_each_alert_fires_once_at_its_moment(setup: tuple[Store, FakeClock, int, int]) -> None:
    store, clock, me, _ = setup
    alerting = Alerting(store, clock)
    lead = store.leads.open_lead(received(clock)).id
    assert run(alerting, store, me) == [(AlertKind.NEW_LEAD, lead)]
    assert run(alerting, store, me) == []
    clock.advance(minutes=14)
    assert run(alerting, store, me) == []
    clock.advance(minutes=1)  # ownership deadline
    assert run(alerting, store, me) == [(AlertKind.UNOWNED, lead)]
    LeadActions(store, clock).claim(lead, me)
    clock.advance(minutes=30)  # 45 of 60 minutes: due soon (15 left)
    assert run(alerting, store, me) == [(AlertKind.RESPONSE_DUE_SOON, lead)]
    clock.advance(minutes=15)
    assert run(alerting, store, me) == [(AlertKind.RESPONSE_BREACHED, lead)]
    assert run(Alerting(store, clock), store, me) == []  # a restart sends nothing again


def test_next_step_due_and_assigned_to_me(setup: tuple[Store, FakeClock, int, int]) -> None:
    store, clock, me, other = setup
    actions = LeadActions(store, clock)
    lead = store.leads.open_lead(received(clock)).id
    actions.assign(lead, me, by_person_id=other)
    alerting = Alerting(store, clock)
    kinds = run(alerting, store, me)
    assert (AlertKind.ASSIGNED_TO_ME, lead) in kinds
    actions.log_contact(lead, me, ContactKind.CALL)
    actions.set_next_step(lead, me, "Send prices", clock.now() + timedelta(minutes=30))
    clock.advance(minutes=29)
    assert run(alerting, store, me) == []
    clock.advance(minutes=1)
    assert run(alerting, store, me) == [(AlertKind.NEXT_STEP_DUE, lead)]
    assert run(alerting, store, other) == []  # someone else's lead: not Tom's alert


def test_nothing_outside_opening_hours_unless_demo(setup: tuple[Store, FakeClock, int, int]) -> None:
    store, clock, me, _ = setup
    clock.set(datetime(2026, 11, 17, 19, 0, tzinfo=UTC))  # 19:00 London
    store.leads.open_lead(received(clock))
    assert run(Alerting(store, clock), store, me) == []
    assert [k for k, _ in run(Alerting(store, clock, demo=True), store, me)] == [AlertKind.NEW_LEAD]


def test_quiet_hours_and_switched_off_kinds(setup: tuple[Store, FakeClock, int, int]) -> None:
    store, clock, me, _ = setup
    store.leads.open_lead(received(clock))
    store.settings.set("alerts.quiet_hours", "9-11")
    assert run(Alerting(store, clock), store, me) == []
    store.settings.set("alerts.quiet_hours", "")
    store.settings.set("alerts.kinds", "unowned")
    assert run(Alerting(store, clock), store, me) == []


def test_missed_alerts_after_sleep_are_grouped(setup: tuple[Store, FakeClock, int, int]) -> None:
    store, clock, me, _ = setup
    alerting = Alerting(store, clock)
    for _ in range(4):
        store.leads.open_lead(received(clock))
    run(alerting, store, me)  # the new-lead alerts (grouped: 4 at once)
    clock.advance(hours=3)  # the laptop slept
    policy = policy_from_settings(store.settings.load())
    alerts = alerting.check(list(store.leads.all()), policy, me, slept=True)
    breached = next(a for a in alerts if a.kind is AlertKind.RESPONSE_BREACHED)
    assert breached.title == "4 leads breached while the laptop was asleep" and len(breached.lead_ids) == 4

"""Demo data: a believable business where every leak kind appears."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from leakdesk.board import BoardColumn, BoardWindow, board_entries
from leakdesk.clock import FakeClock
from leakdesk.demo import DemoFeed, create_demo
from leakdesk.domain import Channel, LeakKind, Outcome
from leakdesk.sla.leaks import leak_kinds
from leakdesk.sla.policy import policy_from_settings
from leakdesk.store import Store
from leakdesk.store.rows import iso

MOMENTS = [
    datetime(2026, 11, 17, 11, 20, tzinfo=UTC),  # Tuesday morning
    datetime(2026, 11, 22, 8, 30, tzinfo=UTC),  # Sunday: closed
    datetime(2027, 3, 29, 17, 45, tzinfo=UTC),  # the Monday after DST
]


@pytest.mark.parametrize("now", MOMENTS)
def test_every_leak_kind_appears(tmp_path: Path, now: datetime) -> None:
    store = create_demo(tmp_path / "demo.sqlite", FakeClock(now))
    policy = policy_from_settings(store.settings.load())
    kinds = Counter(k for lead in store.leads.all() for k in leak_kinds(lead, policy, now))
    assert set(kinds) == set(LeakKind), kinds
    store.close()


def test_a_believable_business(demo_store: Store, clock: FakeClock) -> None:
    settings = demo_store.settings.load()
    assert settings.text("business.name") == "Brightside Physio"
    assert 4 <= len(demo_store.people.all()) <= 6
    leads = list(demo_store.leads.all())
    assert 250 <= len(leads) <= 600
    span = clock.now() - min(lead.received_at for lead in leads)
    assert timedelta(weeks=11) < span <= timedelta(weeks=12)
    channels = Counter(lead.channel for lead in leads)
    assert {Channel.WEB_FORM, Channel.EMAIL, Channel.PHONE, Channel.WHATSAPP, Channel.REFERRAL} <= set(channels)
    outcomes = Counter(lead.outcome for lead in leads)
    assert outcomes[Outcome.BOOKED] > outcomes[Outcome.NOT_A_LEAD] > 0
    # Most answered leads are answered within the hour, as a decent clinic does.
    policy = policy_from_settings(settings)
    answered = [lead for lead in leads if lead.first_response_at]
    quick = [lead for lead in answered if policy.calendar.minutes_between(lead.received_at, lead.first_response_at)
             <= 60]  # type: ignore[arg-type]
    assert 0.6 < len(quick) / len(answered) < 0.95
    # No event is in the future.
    assert demo_store.db.execute("SELECT max(at) FROM events").fetchone()[0] <= iso(clock.now())


def test_the_board_has_every_column_and_fresh_arrivals(demo_store: Store, clock: FakeClock) -> None:
    policy = policy_from_settings(demo_store.settings.load())
    entries = board_entries(demo_store.leads.for_board(BoardWindow.as_of(clock.now())), policy)
    columns = Counter(e.column for e in entries)
    assert set(columns) == set(BoardColumn)
    assert columns[BoardColumn.UNOWNED] >= 3


def test_the_same_seed_makes_the_same_demo(tmp_path: Path, clock: FakeClock) -> None:
    a = create_demo(tmp_path / "a.sqlite", clock)
    b = create_demo(tmp_path / "b.sqlite", clock)
    assert list(a.leads.all()) == list(b.leads.all())


def test_a_new_enquiry_arrives_every_minute_or_so(demo_store: Store, clock: FakeClock) -> None:
    feed = DemoFeed(demo_store, clock, seed=1)
    before = demo_store.leads.count()
    arrived = []
    for _ in range(10 * 60 // 5):  # ten minutes, polled every 5 s like the app
        clock.advance(seconds=5)
        lead = feed.poll()
        if lead is not None:
            arrived.append(lead)
    assert 6 <= len(arrived) <= 20
    assert demo_store.leads.count() == before + len(arrived)
    assert all(lead.owner_id is None and lead.received_at <= clock.now() for lead in arrived)

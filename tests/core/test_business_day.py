"""One way to get the business's date (issue 15): revisit dates, "due today", backups and
the board's window compare with the date where the business is, not in UTC. Tried in the
evening in Los Angeles and New York, the morning in Sydney and Tokyo, and across both DST
changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from leakdesk.actions import LeadActions
from leakdesk.board import BoardWindow
from leakdesk.clock import FakeClock, business_today
from leakdesk.domain import Outcome
from leakdesk.errors import ActionError
from leakdesk.followup.service import FollowUp
from leakdesk.store import Store
from tests.core.test_store import received

CASES = [
    # (zone, the moment in UTC, the business's date then)
    ("America/New_York", datetime(2026, 11, 18, 1, 30, tzinfo=UTC), date(2026, 11, 17)),     # 20:30 the day before
    ("America/Los_Angeles", datetime(2026, 11, 18, 4, 0, tzinfo=UTC), date(2026, 11, 17)),   # 20:00
    ("Australia/Sydney", datetime(2026, 11, 17, 21, 0, tzinfo=UTC), date(2026, 11, 18)),     # 08:00 next day
    ("Asia/Tokyo", datetime(2026, 11, 17, 23, 0, tzinfo=UTC), date(2026, 11, 18)),           # 08:00
    ("Europe/London", datetime(2026, 11, 17, 23, 30, tzinfo=UTC), date(2026, 11, 17)),
    ("America/Los_Angeles", datetime(2026, 3, 9, 6, 30, tzinfo=UTC), date(2026, 3, 8)),      # DST starts 8 March
    ("America/Los_Angeles", datetime(2026, 11, 1, 7, 30, tzinfo=UTC), date(2026, 11, 1)),    # DST ends 1 Nov, 00:30
    ("Europe/London", datetime(2026, 3, 29, 23, 30, tzinfo=UTC), date(2026, 3, 30)),         # BST: 00:30
    ("Europe/London", datetime(2026, 10, 25, 23, 30, tzinfo=UTC), date(2026, 10, 25)),       # GMT again: 23:30
    ("Australia/Sydney", datetime(2026, 4, 4, 15, 30, tzinfo=UTC), date(2026, 4, 5)),        # AEDT ends 5 April
    ("Australia/Sydney", datetime(2026, 10, 3, 16, 30, tzinfo=UTC), date(2026, 10, 4)),      # AEDT starts 4 Oct
]


@pytest.mark.parametrize(("zone", "at", "today"), CASES)
def test_the_business_date_is_the_local_date(zone: str, at: datetime, today: date) -> None:
    assert business_today(at, ZoneInfo(zone)) == today


@pytest.mark.parametrize(("zone", "at", "today"), CASES)
def test_revisit_tomorrow_is_accepted_and_today_refused_wherever_the_business_is(
        tmp_path: object, zone: str, at: datetime, today: date) -> None:
    from pathlib import Path

    store = Store.open(Path(str(tmp_path)) / "d.sqlite")
    store.settings.set("business.timezone", zone)
    clock = FakeClock(at - timedelta(hours=2))
    lead = store.leads.open_lead(received(clock))
    clock.advance(hours=2)
    actions = LeadActions(store, clock)
    with pytest.raises(ActionError, match="after today"):
        actions.close(lead.id, None, Outcome.NOT_READY, revisit_on=today)
    closed = actions.close(lead.id, None, Outcome.NOT_READY, revisit_on=today + timedelta(days=1))
    assert closed.revisit_on == today + timedelta(days=1)
    # The lead comes back on that date of the business, not of UTC.
    clock.advance(hours=24)
    back = actions.bring_back_revisits()
    assert [x.id for x in back] == ([lead.id] if business_today(clock.now(), ZoneInfo(zone)) >= closed.revisit_on
                                    else [])
    # "Due today" ends at the business's midnight; the board's window is around the business's date.
    end = FollowUp(store, clock).end_of_today()
    assert end.astimezone(ZoneInfo(zone)).time().hour == 0 and end > clock.now()
    assert end - clock.now() <= timedelta(hours=25)
    window = BoardWindow.as_of(clock.now(), ZoneInfo(zone))
    assert window.revisit_from < business_today(clock.now(), ZoneInfo(zone)) < window.revisit_to
    store.close()

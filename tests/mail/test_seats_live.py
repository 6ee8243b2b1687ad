"""Seats kept in step live: each with its own IDLE on the journal folder, an action on one is on the other
within a second or two; a seat removed from the team no longer moves the others."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from leakdesk.actions import LeadActions
from leakdesk.clock import FakeClock, SystemClock
from leakdesk.mail.service import stored_password
from leakdesk.seats.exchange import remove_seat
from leakdesk.seats.live import JournalReport, JournalState, JournalWatcher
from leakdesk.seats.seat import this_seat
from leakdesk.store import Store
from tests.mail.conftest import mail
from tests.mail.test_seats import ok, paired, seat_folder, sync_all
from tests.support.dovecot import Dovecot
from tests.support.processes import poll_until


class Live:
    """A seat's JournalWatcher on a thread, its reports kept."""

    def __init__(self, data: Path) -> None:
        self.path = data / "leakdesk.sqlite"
        self.reports: list[JournalReport] = []
        self.watcher = JournalWatcher(lambda: Store.open(self.path), stored_password, SystemClock(),
                                      check_seconds=0.1)
        self.thread = threading.Thread(target=lambda: self.reports.extend(self.watcher.run()), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.watcher.request_stop()
        self.thread.join(10)


@pytest.fixture
def two_seats(imap: Dovecot, tmp_path: Path) -> Iterator[tuple[Path, Path, Live, Live]]:
    with imap.client() as c:
        c.append("INBOX", mail(sender="Ann Lee <ann@example.com>", subject="Knee pain"))
    front = seat_folder(tmp_path, "front", imap)
    ok(front, "seat", "init", "Front desk")
    owner = paired(tmp_path, imap, front, "Owner laptop")
    sync_all(front, owner)
    a, b = Live(front), Live(owner)
    yield front, owner, a, b
    a.stop()
    b.stop()
    assert a.reports[-1].state == b.reports[-1].state == JournalState.STOPPED


def owner_of(path: Path) -> str | None:
    store = Store.open(path)
    try:
        [lead] = list(store.leads.all())
        return store.people.get(lead.owner_id).name if lead.owner_id else None
    finally:
        store.close()


def test_an_action_on_one_seat_is_on_the_other_within_two_seconds(two_seats: tuple[Path, Path, Live, Live]) -> None:
    front, owner, _a, b = two_seats
    assert poll_until(lambda: any(r.state == JournalState.IN_SYNC for r in b.reports), 10)
    store = Store.open(front / "leakdesk.sqlite")
    try:
        [lead] = list(store.leads.all())
        dana = next(p for p in store.people.all() if p.name == "Dana")
        LeadActions(store, FakeClock(SystemClock().now())).claim(lead.id, dana.id)
    finally:
        store.close()
    started = SystemClock().now()
    assert poll_until(lambda: owner_of(owner / "leakdesk.sqlite") == "Dana", 5)
    assert (SystemClock().now() - started).total_seconds() < 2.0
    assert any(r.applied for r in b.reports) and b.reports[-1].seats >= 1


def test_a_removed_seat_no_longer_moves_the_others(two_seats: tuple[Path, Path, Live, Live]) -> None:
    front, owner, a, b = two_seats
    store = Store.open(front / "leakdesk.sqlite")
    other = Store.open(owner / "leakdesk.sqlite")
    try:
        removed = this_seat(other)
        assert removed is not None
        remove_seat(store, removed.id)
        ok(front, "sync", "--once")                               # the front desk sends it (its watcher may wait)
        assert poll_until(lambda: any(s.removed for s in other.journal.seats()), 15), a.reports[-3:]
        [lead] = list(other.leads.all())
        sam = next(p for p in other.people.all() if p.name == "Sam")
        LeadActions(other, FakeClock(SystemClock().now())).claim(lead.id, sam.id)
        assert poll_until(lambda: any("removed from the team" in " ".join(r.said) for r in b.reports), 15)
        assert owner_of(front / "leakdesk.sqlite") is None and owner_of(owner / "leakdesk.sqlite") is None
    finally:
        store.close()
        other.close()


def test_the_board_updates_live_and_the_loser_of_a_claim_reads_who_won(
        qtbot, imap: Dovecot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from leakdesk.board import BoardColumn
    from tests.support.command import leakdesk
    from ui.app import ui_settings
    from ui.main_window import MainWindow

    with imap.client() as c:
        c.append("INBOX", mail(sender="Ann Lee <ann@example.com>", subject="Knee pain"))
        c.append("INBOX", mail(sender="Bo Chan <bo@example.com>", subject="Back pain"))
    front = seat_folder(tmp_path, "front", imap)
    ok(front, "seat", "init", "Front desk")
    owner = paired(tmp_path, imap, front, "Owner laptop")
    sync_all(front, owner)
    store = Store.open(front / "leakdesk.sqlite")
    clock = FakeClock(SystemClock().now())
    window = MainWindow(store, clock, ui_settings(tmp_path / "ui"))
    qtbot.addWidget(window)
    window.show()
    window.session.set_me(next(p.id for p in store.people.all() if p.name == "Dana"))
    window.mail.start([store.accounts.all()[0].id])
    qtbot.waitUntil(lambda: window.mail.team.text() == "Team in sync · 1 other seat", timeout=10_000)
    ids = {lead["subject"]: lead["id"] for lead in __import__("json").loads(leakdesk(owner, "leads", "--json")[1])}
    ok(owner, "lead", "claim", str(ids["Back pain"]), "--as", "Sam")
    ok(owner, "sync", "--once")                                   # the owner's laptop sends its claim
    qtbot.waitUntil(lambda: window.model.count(BoardColumn.UNOWNED) == 1, timeout=5000)
    knee = next(e.lead.id for e in window.model.entries(BoardColumn.UNOWNED))
    window.mail.stop()                                            # this seat goes offline a moment
    ok(owner, "lead", "claim", str(ids["Knee pain"]), "--as", "Sam")
    ok(owner, "sync", "--once")                                   # the owner's laptop claims Ann Lee first
    window.work.claim(knee)                                       # ...this seat claims her too, too late
    assert store.leads.get(knee).owner_id is not None
    window.mail.start_journal()
    qtbot.waitUntil(lambda: "Sam claimed Ann Lee at" in window.statusBar().currentMessage(), timeout=10_000)
    assert "first: what was done here (claimed Ann Lee) was taken back" in window.statusBar().currentMessage()
    assert store.leads.get(knee).owner_id == next(p.id for p in store.people.all() if p.name == "Sam")
    window.close()
    store.close()

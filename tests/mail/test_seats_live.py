"""Seats kept in step live: each with its own IDLE on the journal folder, an action on one is on the other
within a second or two; a seat removed from the team no longer moves the others; what a seat queues or
another seat writes at any moment of the watcher's loop is never left waiting (an entry written while
the watcher read the journal used to wait 20 minutes: its notice came with the answer to the pull's next
command, and the IDLE after never said it again)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from leakdesk.actions import LeadActions
from leakdesk.clock import FakeClock, SystemClock
from leakdesk.mail.imap_source import FolderInfo, ImapSource
from leakdesk.mail.service import password_key, stored_password
from leakdesk.seats.exchange import remove_seat
from leakdesk.seats.live import JournalReport, JournalState, JournalWatcher, written_since
from leakdesk.seats.seat import this_seat
from leakdesk.secrets import save_password
from leakdesk.store import Store
from tests.mail.conftest import mail
from tests.mail.test_seats import notes, ok, paired, seat_folder, sync_all
from tests.support.dovecot import PASSWORD, Dovecot, free_port
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
def pair(imap: Dovecot, tmp_path: Path) -> tuple[Path, Path]:
    """Two seats of one team (the front desk's and the owner's laptop), in step, one lead unowned."""
    with imap.client() as c:
        c.append("INBOX", mail(sender="Ann Lee <ann@example.com>", subject="Knee pain"))
    front = seat_folder(tmp_path, "front", imap)
    ok(front, "seat", "init", "Front desk")
    owner = paired(tmp_path, imap, front, "Owner laptop")
    sync_all(front, owner)
    return front, owner


@pytest.fixture
def two_seats(pair: tuple[Path, Path]) -> Iterator[tuple[Path, Path, Live, Live]]:
    front, owner = pair
    a, b = Live(front), Live(owner)
    yield front, owner, a, b
    a.stop()
    b.stop()
    assert a.reports[-1].state == b.reports[-1].state == JournalState.STOPPED


def claim(data: Path, person: str) -> None:
    """``person`` claims the lead on that seat, as the window does (the entry queued in the outbox)."""
    store = Store.open(data / "leakdesk.sqlite")
    try:
        [lead] = list(store.leads.all())
        who = next(p for p in store.people.all() if p.name == person)
        LeadActions(store, FakeClock(SystemClock().now())).claim(lead.id, who.id)
    finally:
        store.close()


def once_in_a_watcher(monkeypatch: pytest.MonkeyPatch, method: str, before: Callable[[], None] | None = None,
                      after: Callable[[], None] | None = None) -> list[BaseException]:
    """Run ``before``/``after`` around the first call of ``ImapSource.method`` on a watcher's thread: the
    exact moment a race needs. (What the hooks run, a command line included, calls the real method.)
    Returns the list a failing hook leaves its error in."""
    real = getattr(ImapSource, method)
    fired = threading.Event()
    errors: list[BaseException] = []

    def hook(work: Callable[[], None] | None) -> None:
        try:
            if work is not None:
                work()
        except BaseException as exc:
            errors.append(exc)
            raise

    def hooked(self: ImapSource, *args: object, **kwargs: object) -> object:
        first = threading.current_thread() is not threading.main_thread() and not fired.is_set()
        if not first:
            return real(self, *args, **kwargs)
        fired.set()
        hook(before)
        result = real(self, *args, **kwargs)
        hook(after)
        return result

    monkeypatch.setattr(ImapSource, method, hooked)
    return errors


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
    # The entry is in the database a moment before the watcher's report of it (a loaded machine shows it)
    assert poll_until(lambda: any(r.applied for r in b.reports), 5) and b.reports[-1].seats >= 1


def test_a_removed_seat_no_longer_moves_the_others(two_seats: tuple[Path, Path, Live, Live]) -> None:
    front, owner, a, b = two_seats
    store = Store.open(front / "leakdesk.sqlite")
    other = Store.open(owner / "leakdesk.sqlite")
    try:
        removed = this_seat(other)
        assert removed is not None
        remove_seat(store, removed.id)
        a.watcher.send_now()                                      # as Settings > Seats does after its change
        assert poll_until(lambda: any(s.removed for s in other.journal.seats()), 30), (a.reports, b.reports)
        [lead] = list(other.leads.all())
        sam = next(p for p in other.people.all() if p.name == "Sam")
        LeadActions(other, FakeClock(SystemClock().now())).claim(lead.id, sam.id)
        assert poll_until(lambda: any("removed from the team" in " ".join(r.said) for r in b.reports), 30), \
            (a.reports, b.reports)
        assert owner_of(front / "leakdesk.sqlite") is None and owner_of(owner / "leakdesk.sqlite") is None
    finally:
        store.close()
        other.close()


@pytest.mark.parametrize(("moment", "when"), [
    # just after the owner's watcher searched the journal: the server says so once, in the answer to the
    # watcher's next command (a search for snapshots), and the IDLE after stays silent
    ("uids_above", "after"),
    # after the watcher's fresh look and before its IDLE: Dovecot says so at once, in the same packet as
    # IDLE's "+ idling", where imapclient's idle_check does not look (mjs/imapclient#321)
    ("idle_start", "before"),
])
def test_an_entry_written_at_a_racy_moment_does_not_wait_for_the_next_look(
        pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, moment: str, when: str) -> None:
    """The race of the removed-seat test, made certain: the front desk sends its claim at the moment the
    server's one notice of it is easiest to lose; the owner's watcher still applies it within seconds."""
    front, owner = pair

    def the_other_seat_writes() -> None:
        claim(front, "Dana")
        ok(front, "sync", "--once")

    errors = once_in_a_watcher(monkeypatch, moment, **{when: the_other_seat_writes})
    b = Live(owner)
    try:
        assert poll_until(lambda: owner_of(owner / "leakdesk.sqlite") == "Dana", 10), (errors, b.reports)
    finally:
        b.stop()
    assert not errors and not b.thread.is_alive()


def test_an_action_queued_as_the_watcher_starts_to_idle_is_sent(
        pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """A wake between the watcher's last look at the outbox and its IDLE is kept: the IDLE ends for it."""
    front, owner = pair
    started = threading.Event()
    watchers: list[Live] = []

    def queue_and_wake() -> None:
        assert started.wait(10)
        claim(front, "Sam")
        watchers[0].watcher.send_now()

    errors = once_in_a_watcher(monkeypatch, "idle_start", before=queue_and_wake)
    watchers.append(Live(front))
    started.set()
    a = watchers[0]
    try:
        assert poll_until(lambda: len(a.reports) >= 2, 10), (errors, a.reports)
    finally:
        a.stop()
    assert not errors
    ok(owner, "sync", "--once")
    assert owner_of(owner / "leakdesk.sqlite") == "Sam"


def test_every_one_of_many_quick_actions_reaches_the_other_seat(two_seats: tuple[Path, Path, Live, Live]) -> None:
    """Each seat in turn adds a note and wakes its watcher, as soon as the other seat has the last one."""
    front, owner, a, b = two_seats
    for i in range(8):
        (writer, live), reader = ((front, a), owner) if i % 2 == 0 else ((owner, b), front)
        store = Store.open(writer / "leakdesk.sqlite")
        try:
            [lead] = list(store.leads.all())
            LeadActions(store, FakeClock(SystemClock().now())).add_note(lead.id, None, f"Called back ({i})")
        finally:
            store.close()
        live.watcher.send_now()
        assert poll_until(lambda reader=reader, i=i: notes(reader) == i + 1, 10), (i, a.reports[-3:], b.reports[-3:])


def test_a_wake_while_the_server_cannot_be_reached_is_one_early_try_not_a_loop(
        pair: tuple[Path, Path]) -> None:
    """The retry waits end early for a wake once; a wake kept set would end every later one at once."""
    front, _ = pair
    store = Store.open(front / "leakdesk.sqlite")
    try:
        store.db.execute("UPDATE accounts SET port = ?", [free_port()])  # nothing listens there
        save_password(password_key(store.accounts.all()[0]), PASSWORD)
    finally:
        store.close()
    a = Live(front)
    try:
        assert poll_until(lambda: any(r.state == JournalState.PROBLEM for r in a.reports), 10), a.reports
        a.watcher.send_now()
        assert not poll_until(lambda: len(a.reports) > 5, 1.5), a.reports[-3:]
    finally:
        a.stop()
    assert a.reports[-1].state == JournalState.STOPPED


def test_a_seat_looks_again_when_the_journal_folder_has_new_uids() -> None:
    read = FolderInfo("LeakDesk", 7, 12, 5)
    assert not written_since(read, read)
    assert written_since(read, FolderInfo("LeakDesk", 7, 13, 6))        # an entry written
    assert not written_since(read, FolderInfo("LeakDesk", 7, 12, 3))    # a compaction removed old ones
    assert written_since(read, FolderInfo("LeakDesk", 8, 12, 5))        # the folder made again
    assert written_since(FolderInfo("LeakDesk", 7, None, 5), FolderInfo("LeakDesk", 7, None, 6))  # no UIDNEXT


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

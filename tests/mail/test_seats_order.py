"""The journal's order holds when a seat's capture lags behind it, and for actions that look harmless
(regressions the seats soak found: bench/seats_soak.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from leakdesk.actions import LeadActions
from leakdesk.capture.sync import sync_once
from leakdesk.clock import SystemClock
from leakdesk.domain import ContactKind, LostReason, Outcome, Stage
from leakdesk.mail.imap_source import ImapSource
from leakdesk.mail.service import stored_password
from leakdesk.seats.exchange import exchange
from leakdesk.settings import BUSINESS_TIMEZONE
from leakdesk.store import Store
from tests.mail.conftest import mail
from tests.mail.test_seats import ok, paired, seat_folder
from tests.support.dovecot import Dovecot


@contextmanager
def opened(data: Path) -> Iterator[Store]:
    store = Store.open(data / "leakdesk.sqlite")
    try:
        yield store
    finally:
        store.close()


def ex(data: Path) -> None:
    with opened(data) as store:
        account = store.accounts.all()[0]
        with ImapSource(account, stored_password(account)) as source:
            exchange(store, source, SystemClock(), store.settings.load()[BUSINESS_TIMEZONE])


def capture(data: Path) -> None:
    with opened(data) as store:
        for _ in sync_once(store, SystemClock()):
            pass


def act(data: Path, do: Callable[[LeadActions, int, dict[str, int]], object]) -> None:
    with opened(data) as store:
        people = {p.name: p.id for p in store.people.all()}
        do(LeadActions(store, SystemClock()), next(iter(store.leads.all())).id, people)


def view(data: Path) -> list[tuple[object, ...]]:
    with opened(data) as store:
        return [(lead.owner_id is not None, lead.stage.value, lead.outcome,
                 store.db.execute("SELECT count(*) FROM events WHERE lead_id = ? AND kind = 'note'"
                                  " AND id NOT IN (SELECT value FROM events e, json_each(e.details, '$.undoes')"
                                  " WHERE e.kind = 'undone')", [lead.id]).fetchone()[0])
                for lead in store.leads.all()]


@pytest.fixture
def lagging(imap: Dovecot, tmp_path: Path) -> tuple[Path, Path]:
    """Seat A has captured an enquiry that seat C has not yet: C's journal runs ahead of its capture."""
    a = seat_folder(tmp_path, "A", imap)
    ok(a, "seat", "init", "A")
    c = paired(tmp_path, imap, a, "C")
    ex(a)
    ex(c)
    with imap.client() as client:
        client.append("INBOX", mail(subject="Loft conversion"))
    capture(a)
    return a, c


def test_entries_that_waited_for_a_lead_come_before_newer_ones(lagging: tuple[Path, Path]) -> None:
    a, c = lagging
    act(a, lambda x, lead, p: x.set_stage(lead, p["Dana"], Stage.PROPOSAL))
    act(a, lambda x, lead, p: x.close(lead, p["Dana"], Outcome.LOST, LostReason.PRICE))
    ex(a)
    ex(c)                                                        # both wait on C for the lead
    act(a, lambda x, lead, p: x.reopen(lead, p["Dana"]))
    ex(a)
    capture(c)
    ex(c)                                                        # the lead, then the reopen: in journal order
    assert view(c) == view(a) == [(False, "proposal", None, 0)]


def test_an_undo_of_an_entry_still_waiting_waits_with_it(lagging: tuple[Path, Path]) -> None:
    a, c = lagging

    def note_then_undo(x: LeadActions, lead: int, p: dict[str, int]) -> None:
        _, undo = x.undoable(lead, "a note", lambda: x.add_note(lead, p["Dana"], "Called, voicemail"))
        assert undo is not None
        x.undo(undo, p["Dana"])

    act(a, note_then_undo)
    ex(a)
    ex(c)
    capture(c)
    ex(c)                                                        # nothing new: what waited is applied anyway
    assert view(c) == view(a) == [(False, "new", None, 0)]


def test_a_call_logged_at_once_with_a_stage_change_conflicts_like_it(imap: Dovecot, tmp_path: Path) -> None:
    with imap.client() as client:
        client.append("INBOX", mail(subject="Loft conversion"))
    a = seat_folder(tmp_path, "A", imap)
    ok(a, "seat", "init", "A")
    b = paired(tmp_path, imap, a, "B")
    capture(a)
    capture(b)
    ex(a)
    ex(b)
    act(a, lambda x, lead, p: x.set_stage(lead, p["Dana"], Stage.CONTACTED))
    ex(a)
    ex(b)
    act(a, lambda x, lead, p: x.set_stage(lead, p["Dana"], Stage.NEW))            # back to new, on A
    act(b, lambda x, lead, p: x.log_contact(lead, p["Sam"], ContactKind.CALL, "Spoke"))  # a call, on B, at once
    ex(a)
    ex(b)
    ex(a)
    assert view(a) == view(b)

"""Several seats, one inbox, no server of LeakDesk's own (issue 19): three data folders against one real
Dovecot, acting through the same command line as scripts would, converge through the journal folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leakdesk.store import Store
from tests.mail.conftest import mail
from tests.support.command import leakdesk
from tests.support.dovecot import Dovecot
from tests.support.proxy import CuttingProxy
from tests.support.seats import connected_folder


def seat_folder(tmp_path: Path, name: str, imap: Dovecot, port: int | None = None) -> Path:
    """A data folder with the inbox connected and the team typed in, as each seat's set-up does."""
    return connected_folder(tmp_path, name, port or imap.port)


def ok(data: Path, *args: str) -> str:
    code, out, err = leakdesk(data, *args)
    assert code == 0, err
    return out + err


def paired(tmp_path: Path, imap: Dovecot, first: Path, name: str, port: int | None = None) -> Path:
    data = seat_folder(tmp_path, name, imap, port)
    code = ok(first, "seat", "invite").split()[0]
    ok(data, "seat", "pair", code, "--name", name)
    return data


def states(data: Path) -> dict[str, tuple[object, ...]]:
    """Each lead by its cross-seat key: what the team sees of it."""
    code, out, err = leakdesk(data, "leads", "--json")
    assert code == 0, err
    return {lead["key"]: (lead["subject"], lead["owner"], lead["stage"], lead["outcome"], lead["next_step"])
            for lead in json.loads(out)}


def local_id(data: Path, subject: str) -> str:
    _, out, _ = leakdesk(data, "leads", "--json")
    return str(next(lead["id"] for lead in json.loads(out) if lead["subject"] == subject))


def notes(data: Path) -> int:
    store = Store.open(data / "leakdesk.sqlite")
    try:
        return int(store.db.execute("SELECT count(*) FROM events WHERE kind = 'note'").fetchone()[0])
    finally:
        store.close()


def sync_all(*seats: Path) -> list[str]:
    return [ok(s, "sync", "--once") for s in seats]


@pytest.fixture
def team(imap: Dovecot, tmp_path: Path) -> tuple[Path, Path, Path]:
    with imap.client() as c:
        for who, subject in (("Ann Lee <ann@example.com>", "Knee pain"), ("Bo Chan <bo@example.com>", "Back pain"),
                             ("Cy Dunn <cy@example.com>", "Shoulder")):
            c.append("INBOX", mail(sender=who, subject=subject))
    front = seat_folder(tmp_path, "front", imap)
    ok(front, "seat", "init", "Front desk")
    owner = paired(tmp_path, imap, front, "Owner laptop")
    tablet = paired(tmp_path, imap, front, "Tablet")
    sync_all(front, owner, tablet)
    return front, owner, tablet


def test_actions_on_every_seat_converge_to_the_same_leads_on_all_three(team: tuple[Path, Path, Path]) -> None:
    front, owner, tablet = team
    ok(front, "lead", "claim", local_id(front, "Knee pain"), "--as", "Dana")
    ok(owner, "lead", "assign", local_id(owner, "Back pain"), "Sam", "--as", "Priya")
    ok(tablet, "lead", "close", local_id(tablet, "Shoulder"), "lost", "--reason", "price", "--as", "Sam")
    ok(tablet, "lead", "note", local_id(tablet, "Knee pain"), "Called, voicemail", "--as", "Sam")
    sync_all(front, owner, tablet, front, owner)
    seen = [states(s) for s in (front, owner, tablet)]
    assert seen[0] == seen[1] == seen[2]
    by_subject = {v[0]: v for v in seen[0].values()}
    assert by_subject["Knee pain"][1] == "Dana" and by_subject["Back pain"][1] == "Sam"
    assert by_subject["Shoulder"][3] == "lost"
    assert [notes(s) for s in (front, owner, tablet)] == [1, 1, 1]
    listed = ok(front, "seat", "list")
    assert "Front desk (this seat)" in listed and "Owner laptop, last heard" in listed and "Tablet" in listed


def test_two_seats_claiming_one_lead_at_once_exactly_one_wins_everywhere(team: tuple[Path, Path, Path]) -> None:
    front, owner, tablet = team
    ok(front, "lead", "claim", local_id(front, "Knee pain"), "--as", "Dana")
    ok(owner, "lead", "claim", local_id(owner, "Knee pain"), "--as", "Sam")   # both before either synced
    first, second, _ = sync_all(front, owner, tablet)
    sync_all(front)
    assert "taken back" not in first
    assert "Dana claimed Ann Lee at" in second
    assert "first: what was done here (claimed Ann Lee) was taken back" in second
    owners = {s.name: {v[0]: v[1] for v in states(s).values()}["Knee pain"] for s in (front, owner, tablet)}
    assert owners == {"front": "Dana", "Owner laptop": "Dana", "Tablet": "Dana"}


def test_a_wrong_team_key_is_refused_with_its_sentence(team: tuple[Path, Path, Path], imap: Dovecot,
                                                       tmp_path: Path) -> None:
    stranger = seat_folder(tmp_path, "stranger", imap)
    ok(stranger, "seat", "init", "Someone else")                 # a team of its own, on the same inbox
    code, _, err = leakdesk(stranger, "sync", "--once")
    assert code == 2 and "sealed with another team key" in err and "Traceback" not in err
    assert all(v[1] is None for v in states(stranger).values())


def test_the_journal_folder_replaced_reapplies_nothing_and_work_goes_on(team: tuple[Path, Path, Path],
                                                                        imap: Dovecot) -> None:
    front, owner, tablet = team
    ok(front, "lead", "note", local_id(front, "Knee pain"), "First note", "--as", "Dana")
    sync_all(front, owner, tablet)
    with imap.client() as c:                                      # someone deletes the folder in their mail app
        c.delete_folder("LeakDesk")
        c.create_folder("LeakDesk")
    sync_all(front, owner, tablet)
    assert [notes(s) for s in (front, owner, tablet)] == [1, 1, 1]
    ok(owner, "lead", "note", local_id(owner, "Back pain"), "After the new folder", "--as", "Sam")
    sync_all(owner, front, tablet)
    assert [notes(s) for s in (front, owner, tablet)] == [2, 2, 2]


def test_a_seat_cut_off_catches_up_with_nothing_lost_or_applied_twice(imap: Dovecot, tmp_path: Path) -> None:
    import random

    with imap.client() as c:
        c.append("INBOX", mail(sender="Ann Lee <ann@example.com>", subject="Knee pain"))
    front = seat_folder(tmp_path, "front", imap)
    ok(front, "seat", "init", "Front desk")
    proxy = CuttingProxy(imap.port, random.Random(7), cuts=0, max_bytes=1)
    away = paired(tmp_path, imap, front, "Laptop", port=proxy.port)
    sync_all(front, away)
    proxy.close()                                                 # the laptop loses the network
    ok(front, "lead", "claim", local_id(front, "Knee pain"), "--as", "Dana")
    ok(away, "lead", "note", local_id(away, "Knee pain"), "Written offline", "--as", "Sam")
    code, _, err = leakdesk(away, "sync", "--once")
    assert code != 0 and "Traceback" not in err
    sync_all(front)
    store = Store.open(away / "leakdesk.sqlite")                  # the network is back
    store.db.execute("UPDATE accounts SET port = ?", [imap.port])
    store.close()
    sync_all(away, front, away)
    assert states(front) == states(away)
    assert {v[1] for v in states(away).values()} == {"Dana"}
    assert notes(front) == notes(away) == 1


def test_a_seat_added_last_builds_the_same_state_from_the_snapshot(team: tuple[Path, Path, Path], imap: Dovecot,
                                                                  tmp_path: Path) -> None:
    front, owner, tablet = team
    ok(front, "lead", "claim", local_id(front, "Knee pain"), "--as", "Dana")
    ok(owner, "lead", "note", local_id(owner, "Back pain"), "Prefers mornings", "--as", "Sam")
    sync_all(front, owner, tablet, front)
    store = Store.open(front / "leakdesk.sqlite")
    try:
        from zoneinfo import ZoneInfo

        from leakdesk.clock import SystemClock
        from leakdesk.mail.imap_source import ImapSource
        from leakdesk.mail.service import stored_password
        from leakdesk.seats.exchange import compact

        account = store.accounts.all()[0]
        with ImapSource(account, stored_password(account)) as source:
            removed = compact(store, source, SystemClock(), ZoneInfo("Europe/London"), grace_days=-1)
    finally:
        store.close()
    assert removed >= 4                                          # every entry went into the snapshot
    late = paired(tmp_path, imap, front, "New tablet")
    sync_all(late)
    assert states(late) == states(front)
    assert notes(late) == 1


def test_corrections_rules_and_the_business_settings_travel_too(team: tuple[Path, Path, Path]) -> None:
    from leakdesk.clock import FakeClock, SystemClock
    from leakdesk.seats import decisions

    front, owner, tablet = team
    store = Store.open(front / "leakdesk.sqlite")
    try:
        lead_id = int(local_id(front, "Shoulder"))
        decisions.not_a_lead(store, FakeClock(SystemClock().now()), lead_id, None, "ignore_sender")
    finally:
        store.close()
    ok(owner, "rules", "add", "ignore_domain", "spam.example")
    ok(tablet, "settings", "set", "sla.response_minutes", "45")
    sync_all(front, owner, tablet, front, owner)
    for seat in (front, owner, tablet):
        shoulder = next(v for v in states(seat).values() if v[0] == "Shoulder")
        assert shoulder[3] == "not_a_lead", seat
        rules = ok(seat, "rules", "list")
        assert "ignore_domain  spam.example" in rules and "ignore_sender  cy@example.com" in rules, seat
        assert ok(seat, "settings", "get", "sla.response_minutes").startswith("45"), seat


def test_a_seat_away_while_its_entries_were_compacted_starts_from_the_snapshot(team: tuple[Path, Path, Path]) -> None:
    front, owner, tablet = team
    ok(front, "lead", "claim", local_id(front, "Knee pain"), "--as", "Dana")
    ok(front, "lead", "note", local_id(front, "Back pain"), "Left a voicemail", "--as", "Dana")
    ok(owner, "lead", "claim", local_id(owner, "Back pain"), "--as", "Sam")
    sync_all(front, owner, front)                                 # the tablet is away all this time
    store = Store.open(front / "leakdesk.sqlite")
    try:
        from zoneinfo import ZoneInfo

        from leakdesk.clock import SystemClock
        from leakdesk.mail.imap_source import ImapSource
        from leakdesk.mail.service import stored_password
        from leakdesk.seats.exchange import compact

        account = store.accounts.all()[0]
        with ImapSource(account, stored_password(account)) as source:
            assert compact(store, source, SystemClock(), ZoneInfo("Europe/London"), grace_days=-1) >= 3
    finally:
        store.close()
    ok(owner, "lead", "note", local_id(owner, "Knee pain"), "After the compaction", "--as", "Sam")
    sync_all(owner, tablet, front)
    assert states(tablet) == states(front) == states(owner)
    assert notes(tablet) == notes(front) == 2

"""Benchmark: several seats on one inbox (issue 19), against a real loopback Dovecot.

Run by hand; prints figures, asserts nothing heavy. Goals from the issue: an action on one seat shows on
another, both keeping in step live (JournalWatcher, IDLE on the journal folder), with p95 under 2 s; a
fresh seat applies 10,000 journal entries in under 10 s. It also prints what the journal costs on the
server: bytes per 1,000 actions and the size of one sealed entry of each common kind.

Usage: .venv/bin/python bench/seats.py [--latency-actions 60] [--entries 10000] [--check-seconds 0.3]
(--entries 0: the latency only)

a. Latency: seats A and B (two data folders, one Dovecot) each run a JournalWatcher on a thread with the
   app's settings (it looks for a queued action every ``--check-seconds``, 0.3 s as the app; the app never
   calls send_now). Each action on A (claim/assign/note/set_stage, people alternating) is timed from the
   call until A's outbox says it is on the server and until B's database (read-only, polled every 10 ms)
   holds it as applied (journal_applied and the replayed events are one transaction).
b. 500 enquiries captured; 10,000 actions made through LeadActions on A (pushed with exchange every 250),
   then a fresh seat C is paired, captures the inbox (not timed) and its first exchange is timed, split into
   FETCH, unsealing (payload + open), applying (apply_entries) and the rest (SELECT, SEARCH, the hello sent).
c. The journal folder's size (RFC822.SIZE summed and the Maildir files), and one sealed entry per kind.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import timedelta
from pathlib import Path
from time import perf_counter, sleep
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keyring

from leakdesk.actions import LeadActions
from leakdesk.capture.sync import sync_once
from leakdesk.clock import FakeClock, SystemClock
from leakdesk.domain import ContactKind, EventKind, LostReason, Outcome, Stage
from leakdesk.errors import ActionError
from leakdesk.lifecycle import undone_ids
from leakdesk.mail.imap_source import ImapSource
from leakdesk.mail.service import stored_password
from leakdesk.seats import exchange as exchange_module
from leakdesk.seats.entries import FOLDER, Entry, sealed_entry
from leakdesk.seats.exchange import exchange
from leakdesk.seats.live import JournalReport, JournalState, JournalWatcher
from leakdesk.seats.seat import this_seat
from leakdesk.settings import BUSINESS_TIMEZONE
from leakdesk.store import Store
from tests.support.command import leakdesk
from tests.support.dovecot import USER, Dovecot, start_dovecot
from tests.support.memory_keyring import MemoryKeyring
from tests.support.seats import TEAM, connected_folder

FIRST = ("Ann", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kai", "Lena", "Milo", "Nia", "Otto",
         "Pia", "Quin", "Rosa", "Saul", "Tia")
LAST = ("Lee", "Chan", "Dunn", "Ortiz", "Novak", "Berg", "Costa", "Hale", "Iqbal", "Jensen", "Khan", "Lopez", "Moss",
        "Nagy", "Olsen", "Price", "Reyes", "Silva", "Tan", "Webb", "Young", "Zhou", "Abbot", "Baker", "Cole")
ASKS = ("Knee pain", "Back pain", "Shoulder", "Sports massage", "Booking an assessment", "Neck stiffness",
        "Ankle sprain", "Hip pain")
NOTES = ("Called, voicemail", "Prefers mornings", "Asked about the price of a course of six",
         "Insurance: Bupa, needs the authorisation number", "Will call back after Saturday's match",
         "Sent the price list by WhatsApp", "Wants the same physio as her husband")
STEPS = ("Call back about Saturday", "Send the price list", "Check insurance cover", "Confirm the assessment")


# -- the server, the seats ---------------------------------------------------------------------------------
def enquiry(n: int, rng: random.Random) -> bytes:
    """A small web enquiry from prospect ``n`` (every one a lead of its own)."""
    name = f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]}"
    subject = rng.choice(ASKS)
    body = (f"Hello, could I book an assessment this week? I have had {subject.lower()} for a while.\r\n"
            f"Thanks, {name}")
    return (f"From: {name} <p{n}@example.com>\r\nTo: {USER}\r\nSubject: {subject}\r\n"
            f"Message-ID: <enq{n}@example.com>\r\n\r\n{body}\r\n").encode()


def ok(data: Path, *args: str, stdin: str = "") -> str:
    code, out, err = leakdesk(data, *args, stdin=stdin)
    if code != 0:
        raise RuntimeError(f"leakdesk {' '.join(args)} failed ({code}): {err.strip()}")
    return out


def seat_folder(work: Path, name: str, port: int) -> Path:
    """A data folder with the inbox connected (through ``port``) and the team typed in."""
    return connected_folder(work, name, port)


def first_seat(work: Path, name: str, port: int) -> Path:
    data = seat_folder(work, name, port)
    ok(data, "seat", "init", name)
    return data


def paired(work: Path, first: Path, name: str, port: int) -> Path:
    data = seat_folder(work, name, port)
    code = ok(first, "seat", "invite").split()[0]
    ok(data, "seat", "pair", code, "--name", name)
    return data


def database(data: Path) -> Path:
    return data / "leakdesk.sqlite"


@contextmanager
def opened(data: Path) -> Iterator[Store]:
    store = Store.open(database(data))
    try:
        yield store
    finally:
        store.close()


def source_of(store: Store, timeout: float = 30.0) -> ImapSource:
    account = store.accounts.all()[0]
    return ImapSource(account, stored_password(account), timeout=timeout)


def team_ids(store: Store) -> list[int]:
    by_name = {p.name: p.id for p in store.people.all()}
    return [by_name[name] for name in TEAM]


def team_view(store: Store) -> dict[str | None, tuple[Any, ...]]:
    """Each lead by its cross-seat key: owner, stage, outcome, next step and notes (not taken back)."""
    keys = store.journal.keys()
    names = {p.id: p.name for p in store.people.all(active_only=False)}
    view: dict[str | None, tuple[Any, ...]] = {}
    for lead in store.leads.all():
        events = store.leads.events(lead.id)
        undone = undone_ids(events)
        notes = sum(1 for e in events if e.kind is EventKind.NOTE and e.id not in undone)
        view[keys.get(lead.id)] = (names.get(lead.owner_id) if lead.owner_id is not None else None,
                                   lead.stage.value, lead.outcome.value if lead.outcome else None,
                                   lead.next_step, notes)
    return view


def outbox_size(store: Store) -> int:
    return int(store.db.execute("SELECT count(*) FROM journal_outbox").fetchone()[0])


def newest_queued(store: Store) -> str | None:
    row = store.db.execute("SELECT entry_id FROM journal_outbox ORDER BY seq DESC LIMIT 1").fetchone()
    return str(row[0]) if row else None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


# -- actions ------------------------------------------------------------------------------------------------
def random_action(acts: LeadActions, store: Store, lead_id: int, rng: random.Random, people: list[int],
                  undo_share: float = 0.01) -> str:
    """One plausible action on the lead as it stands on this seat; its name. Raises ActionError when the
    lead's state on this seat does not allow what was picked."""
    lead = store.leads.get(lead_id)
    who = rng.choice(people)
    if rng.random() < undo_share:
        _, undo = acts.undoable(lead_id, "a note", lambda: acts.add_note(lead_id, who, rng.choice(NOTES)))
        if undo is not None:
            acts.undo(undo, who)
        return "note+undo"
    if not lead.is_open:
        if rng.random() < 0.4:
            acts.reopen(lead_id, who)
            return "reopen"
        acts.add_note(lead_id, who, rng.choice(NOTES))
        return "note"
    if lead.owner_id is None:
        if rng.random() < 0.7:
            acts.claim(lead_id, who)
            return "claim"
        acts.assign(lead_id, who, rng.choice(people))
        return "assign"
    r = rng.random()
    if r < 0.3:
        acts.add_note(lead_id, who, rng.choice(NOTES))
        return "note"
    if r < 0.45:
        acts.set_stage(lead_id, who, rng.choice([s for s in Stage if s is not lead.stage]))
        return "stage"
    if r < 0.6:
        acts.set_next_step(lead_id, who, rng.choice(STEPS), acts.clock.now() + timedelta(days=rng.randint(1, 5)))
        return "next step"
    if r < 0.68 and lead.next_step is not None:
        acts.complete_next_step(lead_id, who)
        return "step done"
    if r < 0.78:
        acts.log_contact(lead_id, who, rng.choice(list(ContactKind)), "Spoke about times")
        return "contact"
    if r < 0.9:
        to = rng.choice([p for p in people if p != lead.owner_id])
        acts.assign(lead_id, to, who, "Over to you: she prefers mornings" if rng.random() < 0.7 else None)
        return "handoff"
    outcome = rng.choice([Outcome.BOOKED, Outcome.WON, Outcome.LOST])
    acts.close(lead_id, who, outcome, rng.choice(list(LostReason)[:-1]) if outcome is Outcome.LOST else None)
    return "close"


# -- a. latency --------------------------------------------------------------------------------------------
class Live:
    """A seat's JournalWatcher on a thread, its reports kept (as tests/mail/test_seats_live.py)."""

    def __init__(self, data: Path, check_seconds: float) -> None:
        self.reports: list[JournalReport] = []
        path = database(data)
        self.watcher = JournalWatcher(lambda: Store.open(path), stored_password, SystemClock(),
                                      check_seconds=check_seconds)
        self.thread = threading.Thread(target=lambda: self.reports.extend(self.watcher.run()), daemon=True)
        self.thread.start()

    def in_sync(self) -> bool:
        return any(r.state == JournalState.IN_SYNC for r in self.reports)

    def stop(self) -> None:
        self.watcher.request_stop()
        self.thread.join(10)


def wait_for(done: Callable[[], bool], timeout: float, interval: float = 0.01) -> bool:
    end = perf_counter() + timeout
    while perf_counter() < end:
        if done():
            return True
        sleep(interval)
    return done()


def latency(a: Path, b: Path, actions: int, check_seconds: float) -> tuple[list[float], list[float], int]:
    """(action -> on the server, action -> applied on B) per action, and how many never arrived."""
    live_a, live_b = Live(a, check_seconds), Live(b, check_seconds)
    to_server: list[float] = []
    to_b: list[float] = []
    lost = 0
    try:
        if not wait_for(lambda: live_a.in_sync() and live_b.in_sync(), 20):
            raise RuntimeError("the watchers did not get in step within 20 s")
        rng = random.Random(5)
        with opened(a) as store, closing(sqlite3.connect(f"file:{database(a)}?mode=ro", uri=True)) as a_ro, \
                closing(sqlite3.connect(f"file:{database(b)}?mode=ro", uri=True)) as b_ro:
            acts = LeadActions(store, SystemClock())
            people = team_ids(store)
            leads = [lead.id for lead in store.leads.all()][:12]
            for n in range(actions):
                sleep(rng.uniform(0.1, 0.4))  # a person's pace, and IDLE settled again
                lead_id, who = leads[n % len(leads)], people[n % len(people)]
                lead = store.leads.get(lead_id)
                started = perf_counter()
                if n % 4 == 0 and lead.owner_id is None:
                    acts.claim(lead_id, who)
                elif n % 4 in (0, 3):
                    acts.assign(lead_id, next(p for p in people if p not in (lead.owner_id,)), who)
                elif n % 4 == 1:
                    acts.add_note(lead_id, who, rng.choice(NOTES))
                else:
                    acts.set_stage(lead_id, who, rng.choice([s for s in Stage if s is not lead.stage]))
                entry_id = newest_queued(store)

                def on_server(eid: str | None = entry_id) -> bool:
                    row = a_ro.execute("SELECT sent FROM journal_outbox WHERE entry_id = ?", [eid]).fetchone()
                    return row is None or bool(row[0])

                def on_b(eid: str | None = entry_id) -> bool:
                    return b_ro.execute("SELECT 1 FROM journal_applied WHERE entry_id = ?",
                                        [eid]).fetchone() is not None

                sent_at = arrived_at = None
                end = started + 15
                while perf_counter() < end and arrived_at is None:
                    now = perf_counter()
                    if sent_at is None and on_server():
                        sent_at = now
                    if on_b():
                        arrived_at = now
                    else:
                        sleep(0.01)
                if arrived_at is None:
                    lost += 1
                    continue
                to_server.append((sent_at or arrived_at) - started)
                to_b.append(arrived_at - started)
    finally:
        live_a.stop()
        live_b.stop()
    return to_server, to_b, lost


# -- b. 10,000 entries on a fresh seat ---------------------------------------------------------------------
def build_journal(a: Path, entries: int) -> tuple[int, dict[str, int], float, float]:
    """Actions on A until ``entries`` entries were queued, pushed with exchange every 250; (entries, actions
    by kind, seconds acting, seconds exchanging)."""
    rng = random.Random(11)
    kinds: dict[str, int] = defaultdict(int)
    made = 0
    acting = exchanging = 0.0
    clock = FakeClock(SystemClock().now())
    with opened(a) as store, source_of(store) as source:
        tz = store.settings.load()[BUSINESS_TIMEZONE]
        acts = LeadActions(store, clock)
        people = team_ids(store)
        leads = [lead.id for lead in store.leads.all()]
        while made < entries:
            before = outbox_size(store)
            t = perf_counter()
            try:
                kinds[random_action(acts, store, rng.choice(leads), rng, people)] += 1
            except ActionError:
                kinds["refused here"] += 1
            acting += perf_counter() - t
            clock.advance(seconds=rng.randint(1, 20))
            made += outbox_size(store) - before
            if outbox_size(store) >= 250 or made >= entries:
                t = perf_counter()
                exchange(store, source, clock, tz)
                exchanging += perf_counter() - t
                if made % 2000 < 250:
                    print(f"   ... {made:,} entries made and pushed", flush=True)
    return made, dict(kinds), acting, exchanging


def timed(timers: dict[str, float], name: str, work: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        t = perf_counter()
        try:
            return work(*args, **kwargs)
        finally:
            timers[name] += perf_counter() - t
    return run


def fresh_seat(work: Path, a: Path, port: int) -> tuple[Path, float, dict[str, float], int]:
    """Pair seat C, capture the inbox, then its first exchange timed: (C, capture s, timers, applied)."""
    c = paired(work, a, "Late tablet", port)
    clock = FakeClock(SystemClock().now())
    with opened(c) as store:
        t = perf_counter()
        for _ in sync_once(store, clock):
            pass
        capture = perf_counter() - t
        tz = store.settings.load()[BUSINESS_TIMEZONE]
        timers: dict[str, float] = defaultdict(float)
        saved = exchange_module.apply_entries, exchange_module.opened, exchange_module.payload
        with source_of(store, timeout=120) as source:
            source.folder_exists(FOLDER)  # signed in before the clock starts
            source.fetch = timed(timers, "fetch", source.fetch)  # type: ignore[method-assign]
            exchange_module.apply_entries = timed(timers, "apply", exchange_module.apply_entries)
            exchange_module.opened = timed(timers, "unseal", exchange_module.opened)
            exchange_module.payload = timed(timers, "unseal", exchange_module.payload)
            try:
                t = perf_counter()
                done = exchange(store, source, clock, tz)
                timers["total"] = perf_counter() - t
            finally:
                exchange_module.apply_entries, exchange_module.opened, exchange_module.payload = saved
    return c, capture, timers, done.applied


# -- c. the journal's size -----------------------------------------------------------------------------------
def folder_size(server: Dovecot) -> tuple[int, int, int]:
    """(messages, RFC822.SIZE summed, bytes of the Maildir files) of the journal folder."""
    with server.client() as client:
        client.select_folder(FOLDER, readonly=True)
        uids = client.search("ALL")
        total = sum(int(v[b"RFC822.SIZE"]) for v in client.fetch(uids, ["RFC822.SIZE"]).values()) if uids else 0
    maildir = server.folder / "home" / USER / "Maildir" / f".{FOLDER}"
    on_disk = sum(f.stat().st_size for sub in ("cur", "new") for f in (maildir / sub).glob("*") if f.is_file())
    return len(uids), total, on_disk


def entry_sizes(a: Path) -> dict[str, list[tuple[int, int]]]:
    """(sealed message bytes, entry JSON bytes) of every entry A applied, by kind (a lead entry by its first
    event's kind)."""
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    with opened(a) as store:
        seat = this_seat(store)
        assert seat is not None
        now = SystemClock().now()
        for (body,) in store.db.execute("SELECT body FROM journal_applied"):
            entry = Entry.from_json(body)
            kind = entry.events[0]["kind"] if entry.kind == "lead" and entry.events else entry.kind
            found[kind].append((len(sealed_entry(seat.key, entry, now)), len(body.encode())))
    return found


# -- the run ------------------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-actions", type=int, default=60)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--leads", type=int, default=500)
    parser.add_argument("--check-seconds", type=float, default=0.3, help="JournalWatcher's look (the app: 0.3)")
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    work = Path(tempfile.mkdtemp(prefix="leakdesk-seats-"))
    server = start_dovecot()
    try:
        rng = random.Random(1)
        with server.client() as client:
            client.multiappend("INBOX", [enquiry(n, rng) for n in range(args.leads)])
        t = perf_counter()
        a = first_seat(work, "Front desk", server.port)
        b = paired(work, a, "Owner laptop", server.port)
        for data in (a, b, a):
            ok(data, "sync", "--once")
        with opened(a) as store_a, opened(b) as store_b:
            print(f"seats A and B paired, {store_a.leads.count()} and {store_b.leads.count()} leads captured "
                  f"({perf_counter() - t:.1f} s)", flush=True)

        print(f"\na. latency, {args.latency_actions} actions on A (claim/assign/note/set_stage, 12 leads), "
              f"JournalWatchers on A and B (check every {args.check_seconds} s, IDLE on the journal):", flush=True)
        to_server, to_b, lost = latency(a, b, args.latency_actions, args.check_seconds)
        if to_b:
            print(f"   action -> on the server: median {statistics.median(to_server):.3f} s, "
                  f"p95 {percentile(to_server, 0.95):.3f} s, max {max(to_server):.3f} s")
            print(f"   action -> applied on B:  median {statistics.median(to_b):.3f} s, "
                  f"p95 {percentile(to_b, 0.95):.3f} s, max {max(to_b):.3f} s   (goal p95 < 2 s)"
                  f"{f'; {lost} never arrived within 15 s' if lost else ''}")
        else:
            print(f"   no action reached B ({lost} lost)")

        if args.entries <= 0:
            return
        print(f"\nb. {args.entries:,} entries from actions on A over {args.leads} leads ...", flush=True)
        made, kinds, acting, exchanging = build_journal(a, args.entries)
        print(f"   made {made:,} entries in {acting:.1f} s of actions ({made / acting:,.0f}/s) and "
              f"{exchanging:.1f} s of exchanges (push + pull back): "
              + ", ".join(f"{k} {v:,}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])), flush=True)
        c, capture, timers, applied = fresh_seat(work, a, server.port)
        total = timers["total"]
        rest = total - timers["fetch"] - timers["unseal"] - timers["apply"]
        print(f"   fresh seat C: captured the inbox in {capture:.1f} s (not counted), then its first exchange:")
        print(f"   applied {applied:,} entries in {total:.2f} s = {applied / total:,.0f} entries/s   (goal < 10 s)")
        print(f"      FETCH {timers['fetch']:.2f} s, unseal+parse {timers['unseal']:.2f} s, "
              f"apply_entries {timers['apply']:.2f} s, the rest {rest:.2f} s")
        with opened(a) as store_a, opened(c) as store_c:
            same = team_view(store_a) == team_view(store_c)
            print(f"   C's leads the same as A's (owner, stage, outcome, next step, notes): {'yes' if same else 'NO'}")

        messages, rfc822, on_disk = folder_size(server)
        print(f"\nc. the journal folder: {messages:,} messages, {rfc822 / 1e6:.2f} MB (RFC822.SIZE), "
              f"{on_disk / 1e6:.2f} MB of Maildir files")
        print(f"   per 1,000 entries: {rfc822 / messages * 1000 / 1e6:.2f} MB "
              f"({rfc822 / messages:,.0f} bytes an entry on average)")
        sizes = entry_sizes(a)
        print("   one sealed entry (message bytes, median; its JSON before sealing), by kind:")
        for kind, found in sorted(sizes.items(), key=lambda kv: -len(kv[1])):
            print(f"      {kind:<16} {statistics.median(s for s, _ in found):6,.0f} B   "
                  f"(JSON {statistics.median(j for _, j in found):5,.0f} B; {len(found):,} in the journal)")
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

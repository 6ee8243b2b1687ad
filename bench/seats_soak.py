"""Soak of the team journal (issue 19): three seats on one real Dovecot, random work, a bad network.

Usage: .venv/bin/python bench/seats_soak.py [ROUNDS] [--seed N] [--no-undo] [--no-contact] [--keep]
(default 100 rounds, seed 1).

Each seat's account goes through a proxy of its own that the soak cuts mid-connection (after a random
number of the server's bytes), or switches off for a few rounds (a laptop off the network: new connections
refused, open ones cut). Each round: new enquiries now and then (seats capture them at different times,
so entries wait for leads), random person actions on random seats (claim, assign, note, close, reopen,
next step set and done, stage, a logged contact, undo of the seat's own last action), some deliberately
concurrent on one lead from two or three seats before any of them exchanged; then each seat runs what
``sync --once`` runs (a capture now and then, then the journal's exchange), the three at once on threads,
while more actions are made and sometimes Dovecot is restarted under them.

At the end every seat is back online and exchanges until a whole pass sends and applies nothing. Then:
the three seats' leads (owner, stage, outcome, next step, notes not taken back, by the cross-seat key),
the journal's decisions (each entry accepted or refused, in journal order) and lead versions must be
identical; on each seat every travelling event must belong to exactly one entry, with as many events as
the entry carries (an entry applied twice leaves events no entry owns); nothing may be left in an outbox
or waiting. Exceptions other than the known ones (MailError, LeakDeskError, OSError) are crashes.
Prints the counts, each problem found and, when the leads differ, how each seat got there: the journal's
entries for the lead, each seat's event log, and "why:" lines naming what the journal tables show (entries
replayed out of journal order, an undo that took nothing back, a seat's own entry logged before an
earlier one whose effect does not commute with it). Exit status 1 when anything was found.

A seed fixes the choices, not the threads' timing: two runs with one seed may differ.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import math
import random
import shutil
import sys
import tempfile
import threading
import traceback
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from time import perf_counter, sleep
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keyring

from bench.seats import NOTES, STEPS, enquiry, first_seat, paired, source_of, team_ids, team_view
from leakdesk.actions import LeadActions, NewLead, Undo
from leakdesk.capture.sync import sync_once
from leakdesk.clock import SystemClock
from leakdesk.domain import Channel, ContactKind, LostReason, Outcome, Stage
from leakdesk.errors import ActionError, LeakDeskError
from leakdesk.lifecycle import undone_ids
from leakdesk.seats.entries import FOLDER, Entry
from leakdesk.seats.exchange import Exchanged, exchange
from leakdesk.seats.publish import TRAVELS
from leakdesk.settings import BUSINESS_TIMEZONE
from leakdesk.store import Store
from tests.support.dovecot import Dovecot, start_dovecot
from tests.support.memory_keyring import MemoryKeyring
from tests.support.proxy import Proxy

KINDS = {"claim": 14, "assign": 12, "note": 14, "close": 9, "reopen": 8, "next step": 10, "step done": 6,
         "stage": 10, "contact": 8, "undo": 6, "add lead": 2}
CONCURRENT_KINDS = ("claim", "assign", "close", "stage", "next step", "reopen", "contact")
FIRST_LEADS, MAX_LEADS = 6, 24


# -- the network: a proxy that cuts and goes off --------------------------------------------------------------
class SwitchProxy(Proxy):
    """``cut_next``: the next connection is cut after that many of the server's bytes; ``offline``: new
    connections are closed at once and open ones cut."""

    POLL_S = 0.05

    def __init__(self, target_port: int) -> None:
        self.offline = False
        self.cut_next: int | None = None
        self.refused = 0
        super().__init__(target_port)  # starts accepting: what ``admit`` reads is set first

    def admit(self) -> tuple[bool, int | None]:
        if self.offline:
            self.refused += 1
            return False, None
        limit, self.cut_next = self.cut_next, None
        return True, limit

    def cut_now(self) -> bool:
        return self.offline


# -- the seats ---------------------------------------------------------------------------------------------------
@dataclass
class Seat:
    name: str
    data: Path
    proxy: SwitchProxy
    store: Store = field(init=False)  # the main thread's: the person's actions
    acts: LeadActions = field(init=False)
    people: list[int] = field(init=False)
    last: Undo | None = None
    offline_for: int = 0

    def open(self) -> None:
        self.store = Store.open(self.data / "leakdesk.sqlite")
        self.acts = LeadActions(self.store, SystemClock())
        self.people = team_ids(self.store)

    def keys(self) -> dict[str, int]:
        return {key: lead_id for lead_id, key in self.store.journal.keys().items()}


@dataclass
class Tally:
    rounds: int = 0
    actions: Counter[str] = field(default_factory=Counter)   # done, by kind
    refused_here: int = 0      # ActionError on the seat itself (its own state did not allow it)
    busy: int = 0
    entries_made: int = 0
    concurrent: int = 0
    exchanges: int = 0
    exchange_failed: int = 0
    captures: int = 0
    taken_back: int = 0        # sentences "... your X was taken back" shown on a seat
    offline: int = 0
    restarts: int = 0
    mails: int = 0
    by_hand: int = 0
    no_op: int = 0
    crashes: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def do_action(seat: Seat, kind: str, lead_id: int, rng: random.Random, tally: Tally) -> None:
    """``kind`` by a random person of the team on this seat's lead, as its board allows it."""
    store, acts = seat.store, seat.acts
    who = rng.choice(seat.people)
    lead = store.leads.get(lead_id)
    before_entries = int(store.db.execute("SELECT count(*) FROM journal_outbox").fetchone()[0])
    before = store.leads.last_event_id(lead_id)
    try:
        if kind == "undo":
            if seat.last is None:
                return
            undo, seat.last = seat.last, None
            acts.undo(undo, who)
        elif kind == "claim":
            acts.claim(lead_id, who)
        elif kind == "assign":
            acts.assign(lead_id, rng.choice([p for p in seat.people if p != lead.owner_id]), who,
                        "Over to you" if rng.random() < 0.5 else None)
        elif kind == "note":
            acts.add_note(lead_id, who, rng.choice(NOTES))
        elif kind == "close":
            outcome = rng.choice([Outcome.BOOKED, Outcome.WON, Outcome.LOST])
            acts.close(lead_id, who, outcome, rng.choice(list(LostReason)[:-1]) if outcome is Outcome.LOST else None)
        elif kind == "reopen":
            acts.reopen(lead_id, who)
        elif kind == "next step":
            acts.set_next_step(lead_id, who, rng.choice(STEPS), acts.clock.now() + timedelta(days=rng.randint(1, 4)))
        elif kind == "step done":
            acts.complete_next_step(lead_id, who)
        elif kind == "stage":
            acts.set_stage(lead_id, who, rng.choice([s for s in Stage if s is not lead.stage]))
        elif kind == "contact":
            acts.log_contact(lead_id, who, rng.choice(list(ContactKind)), "Spoke about Saturday")
        elif kind == "add lead":  # a phone call typed in: the lead begins on the other seats with its entry
            n = tally.by_hand = tally.by_hand + 1
            lead = acts.add_lead(NewLead(Channel.PHONE, f"Caller {seat.name} {n}", email=f"caller{n}@example.com",
                                         asked="Wants a sports massage on Saturday",
                                         taken_by=who if rng.random() < 0.5 else None, answered=rng.random() < 0.5))
            lead_id, before = lead.id, 0
    except ActionError:
        tally.refused_here += 1
        return
    except LeakDeskError as exc:  # the database busy with the seat's own exchange
        if "busy" not in str(exc):
            raise
        tally.busy += 1
        return
    made = int(store.db.execute("SELECT count(*) FROM journal_outbox").fetchone()[0]) - before_entries
    if made <= 0:  # nothing to do (claimed by this person already...), or delivered at once: not counted
        tally.no_op += 1
        return
    tally.entries_made += made
    tally.actions[kind] += 1
    if kind != "undo":
        ids = tuple(e.id for e in store.leads.events_after(lead_id, before) if e.id is not None)
        seat.last = Undo(lead_id, ids, kind) if ids else seat.last


def random_actions(seats: list[Seat], count: int, rng: random.Random, tally: Tally, kinds: dict[str, int]) -> None:
    names, weights = list(kinds), list(kinds.values())
    for _ in range(count):
        seat = rng.choice(seats)
        leads = list(seat.keys().values())
        if not leads:
            continue
        lead_id = rng.choice(leads)
        kind = rng.choices(names, weights)[0]
        if seat.store.leads.get(lead_id).is_open:
            kind = "note" if kind == "reopen" else kind
        elif kind not in ("note", "undo", "add lead"):
            kind = "reopen"
        if kind == "add lead" and tally.mails + tally.by_hand >= MAX_LEADS:
            kind = "note"
        do_action(seat, kind, lead_id, rng, tally)


def concurrent_actions(seats: list[Seat], rng: random.Random, tally: Tally, kinds: dict[str, int]) -> None:
    """Two or three seats act on one lead before any of them has heard of the others' actions."""
    acting = rng.sample(seats, rng.choice((2, 3)))
    shared = set.intersection(*(set(s.keys()) for s in acting))
    if not shared:
        return
    key = rng.choice(sorted(shared))
    tally.concurrent += 1
    for seat in acting:
        lead_id = seat.keys()[key]
        lead = seat.store.leads.get(lead_id)
        kind = "claim" if lead.owner_id is None and rng.random() < 0.7 else \
            rng.choice([k for k in CONCURRENT_KINDS if k in kinds])
        if not lead.is_open:
            kind = "reopen" if rng.random() < 0.7 else "note"
        do_action(seat, kind, lead_id, rng, tally)


def sync_seat(seat: Seat, capture: bool, tally: Tally, results: dict[str, Exchanged | None]) -> None:
    """What 'sync --once' runs, on a connection (and a store) of its own: a capture, then the exchange."""
    results[seat.name] = None
    store = Store.open(seat.data / "leakdesk.sqlite")
    clock = SystemClock()
    try:
        if capture:
            for _ in sync_once(store, clock):
                pass
            with tally.lock:
                tally.captures += 1
        with source_of(store, timeout=10) as source:
            done = exchange(store, source, clock, store.settings.load()[BUSINESS_TIMEZONE])
        results[seat.name] = done
        with tally.lock:
            tally.exchanges += 1
            tally.taken_back += sum(1 for s in done.said if "taken back" in s)
    except (LeakDeskError, OSError):
        with tally.lock:
            tally.exchange_failed += 1
    except Exception:
        with tally.lock:
            tally.exchange_failed += 1
            tally.crashes.append(f"{seat.name}: {traceback.format_exc(limit=6).strip()}")
    finally:
        store.close()


def restart(server: Dovecot, delay: float, tally: Tally) -> None:
    sleep(delay)
    server.stop()
    for _ in range(5):
        try:
            server.start()
            break
        except RuntimeError:
            sleep(0.5)
    with tally.lock:
        tally.restarts += 1


# -- the checks -----------------------------------------------------------------------------------------------
def own_problems(store: Store) -> list[str]:
    """An entry applied twice, an event of no entry or of two, an accepted entry never applied, work left.

    A lead's RECEIVED event is left out (only a lead typed in by hand travels with it, and the other seats
    open the lead with it rather than replay it), and so are the follow-up planner's own steps (each seat
    plans them itself when it captures a lead)."""
    problems: list[str] = []
    bodies = {r[0]: r[1] for r in store.db.execute("SELECT entry_id, body FROM journal_applied")}
    events = {int(r[0]): (r[1], r[2], json.loads(r[3])) for r in
              store.db.execute("SELECT id, lead_id, kind, details FROM events")}
    owner: dict[int, str] = {}
    for entry_id, lead_id, ids in store.db.execute("SELECT entry_id, lead_id, event_ids FROM journal_events"):
        ids = json.loads(ids)
        for i in ids:
            if i in owner:
                problems.append(f"event {i} of lead {lead_id} belongs to entries {owner[i][:8]} and {entry_id[:8]}")
            owner[i] = entry_id
        body = bodies.get(entry_id)
        if body is None:
            continue
        entry = Entry.from_json(body)
        carried = sum(1 for e in entry.events if e["kind"] != "received")
        here = sum(1 for i in ids if i in events and events[i][1] != "received")
        if here != carried:
            problems.append(f"entry {entry_id[:8]} ({entry.what}) has {here} events on lead {lead_id}; "
                            f"it carries {carried}")
    travelling = {k.value for k in TRAVELS} - {"received"}
    for event_id, (lead_id, kind, details) in events.items():
        planned = "cadence" in details or "replaced_by" in details
        if kind in travelling and not planned and event_id not in owner:
            problems.append(f"lead {lead_id}: {kind} event {event_id} belongs to no entry (applied twice?)")
    waiting = {r[0] for r in store.db.execute("SELECT entry_id FROM journal_waiting")}
    for entry_id, key, body in store.db.execute(
            "SELECT entry_id, lead_key, body FROM journal_applied WHERE accepted = 1 AND kind = 'lead'"):
        if entry_id not in waiting and store.journal.lead_of(key) is not None and \
                store.journal.events_of(entry_id) is None:
            problems.append(f"accepted entry {entry_id[:8]} ({Entry.from_json(body).what}) never applied")
    left = store.db.execute("SELECT count(*) FROM journal_outbox").fetchone()[0]
    if left:
        problems.append(f"{left} entries still in the outbox")
    if waiting:
        problems.append(f"{len(waiting)} entries still waiting for a lead")
    duplicates = store.db.execute("SELECT count(*) - count(DISTINCT entry_id) FROM journal_applied").fetchone()[0]
    if duplicates:
        problems.append(f"{duplicates} entries in journal_applied twice")
    return problems


def how_it_went(seats: list[Seat], key: str | None) -> list[str]:
    """For a lead that differs: each seat's local event log, and the journal's entries for it."""
    lines = []
    first = seats[0].store
    for entry_id, accepted, body in first.db.execute(
            "SELECT entry_id, accepted, body FROM journal_applied WHERE lead_key = ? ORDER BY seq", [key]):
        e = Entry.from_json(body)
        lines.append(f"      journal: {entry_id[:8]} {e.seat_name:<12} {'accepted' if accepted else 'REFUSED '} "
                     f"{e.kind} {[ev['kind'] for ev in e.events] or e.data} base={str(e.base)[:8]}")
    for seat in seats:
        lead_id = seat.keys().get(key or "")
        if lead_id is None:
            continue
        names = {p.id: p.name for p in seat.store.people.all(active_only=False)}
        log = []
        for ev in seat.store.leads.events(lead_id):
            if ev.kind.value == "received":
                continue
            what = ev.details.get("stage") or ev.details.get("outcome") or ev.details.get("undoes")
            who = names.get(ev.actor_id, "?") if ev.actor_id is not None else ""
            log.append(f"#{ev.id} {ev.kind.value}({who}{'=' + str(what) if what else ''})")
        lines.append(f"      {seat.name:<8} events: {' '.join(log)}")
        lines += [f"      {seat.name:<8} why: {w}" for w in diagnosis(seat.store, key or "", lead_id)]
    return lines


def diagnosis(store: Store, key: str, lead_id: int) -> list[str]:
    """What went wrong with this lead on this seat, as far as its journal tables say: entries of other seats
    replayed out of journal order, an undo that took nothing back, this seat's own entry whose events
    came before an earlier entry of the journal (its effect then depends on the order)."""
    here = store.meta.get("seat.id")
    rows = store.db.execute("SELECT seq, entry_id, seat, kind, accepted, body FROM journal_applied WHERE lead_key = ?"
                            " ORDER BY seq", [key]).fetchall()
    events = {e.id: e for e in store.leads.events(lead_id)}
    undone = undone_ids(events.values())
    first_event: dict[str, int] = {}
    in_force: set[str] = set()  # entries with events not taken back here
    for _, entry_id, _, _, _, _ in rows:
        found = store.journal.events_of(entry_id)
        if found and found[1]:
            first_event[entry_id] = min(found[1])
            if set(found[1]) - undone:
                in_force.add(entry_id)
    found_lines: list[str] = []
    replayed = [i for _, i, seat, kind, _, _ in rows if seat != here and kind == "lead" and i in first_event]
    for earlier, later in itertools.pairwise(replayed):
        if first_event[earlier] > first_event[later]:
            found_lines.append(f"entry {later[:8]} was replayed before {earlier[:8]}, which comes first in the "
                               "journal (entries that waited for the lead were caught up after newer ones)")
    for _, entry_id, _, kind, accepted, body in rows:
        if kind != "undo" or not accepted:
            continue
        for target in Entry.from_json(body).data.get("undoes", []):
            got = store.journal.events_of(str(target))
            if got and set(got[1]) - undone:
                found_lines.append(f"undo {entry_id[:8]} took nothing back: the events of {str(target)[:8]} are "
                                   "still in force here (it was waiting for the lead when the undo came)")
    kinds = {i: {e["kind"] for e in Entry.from_json(b).events} for _, i, _, _, _, b in rows}
    moving = {"stage_changed"}  # a logged contact moves a new lead to contacted: the two do not commute
    for seq, entry_id, seat, kind, accepted, body in rows:
        if seat != here or kind != "lead" or not accepted or entry_id not in in_force:
            continue
        before = [i for s, i, _, k, a, _ in rows if s < seq and k == "lead" and a and i in in_force
                  and first_event[i] > first_event[entry_id]]
        clash = [i for i in before if ("contact_logged" in kinds[entry_id] and kinds[i] & moving)
                 or ("contact_logged" in kinds[i] and kinds[entry_id] & moving)]
        if clash:
            entry = Entry.from_json(body)
            how = "contended" if entry.contended else "never conflicts"
            found_lines.append(f"this seat's own {sorted(kinds[entry_id])} ({how}) is in its log before "
                               f"{sorted(kinds[clash[0]])} ({clash[0][:8]}), which comes first in the journal: "
                               "a logged contact's effect (a new lead becomes contacted) depends on the order")
    return found_lines


def time_spread(seats: list[Seat]) -> tuple[int, float]:
    """Leads whose owned / first response / closed times differ between the seats, and by how much at most
    (seconds): the seat that acted keeps its own clock's time, the others take the server's."""
    times: dict[str, list[tuple[Any, ...]]] = {}
    for seat in seats:
        keys = seat.store.journal.keys()
        for lead in seat.store.leads.all():
            times.setdefault(keys.get(lead.id) or "", []).append((lead.owned_at, lead.first_response_at,
                                                                  lead.closed_at))
    leads, worst = 0, 0.0
    for found in times.values():
        differ = False
        for column in zip(*found, strict=True):
            stamps = [t for t in column if t is not None]
            if len(stamps) == len(column) and len(set(stamps)) > 1:
                differ = True
                worst = max(worst, (max(stamps) - min(stamps)).total_seconds())
        leads += differ
    return leads, worst


def check(seats: list[Seat]) -> tuple[bool, list[str]]:
    problems: list[str] = []
    views = [team_view(s.store) for s in seats]
    identical = all(v == views[0] for v in views[1:])
    if not identical:
        keys = sorted({k for v in views for k in v}, key=str)
        differing = [k for k in keys if len({repr(v.get(k)) for v in views}) > 1]
        problems.append(f"DIVERGED: {len(differing)} of {len(keys)} leads differ between the seats "
                        "(owner, stage, outcome, next step, notes):")
        for key in differing[:4]:
            problems.append(f"   lead {str(key)[:12]}: " + " | ".join(f"{s.name} {v.get(key)}"
                                                                    for s, v in zip(seats, views, strict=True)))
            problems += how_it_went(seats, key)
    decisions = [[(i, a) for i, a, _ in s.store.journal.decisions()] for s in seats]
    if any(d != decisions[0] for d in decisions[1:]):
        sets = [set(d) for d in decisions]
        same_set = all(x == sets[0] for x in sets[1:])
        problems.append("the journal's decisions differ between the seats"
                        + (" (the same decisions, in another order)" if same_set else ""))
        if not same_set:
            accepted = [{i: a for i, a in d} for d in decisions]
            for i in sorted(set.union(*(set(a) for a in accepted)))[:5]:
                if len({a.get(i) for a in accepted}) > 1:
                    problems.append(f"   entry {i[:8]}: " + ", ".join(f"{s.name} {a.get(i)}"
                                                                       for s, a in zip(seats, accepted, strict=True)))
    versions = [s.store.journal.versions() for s in seats]
    if any(v != versions[0] for v in versions[1:]):
        problems.append("the lead versions differ between the seats")
    for seat in seats:
        problems += [f"{seat.name}: BOOKKEEPING {p}" for p in own_problems(seat.store)]
    return identical, problems


# -- the run ----------------------------------------------------------------------------------------------------
def settle(seats: list[Seat], tally: Tally, passes: int = 30) -> tuple[int, bool]:
    """Everyone online, capture and exchange in turn until a whole pass sends and applies nothing."""
    for seat in seats:
        seat.proxy.offline, seat.proxy.cut_next = False, None
    for n in range(1, passes + 1):
        quiet = True
        for seat in seats:
            results: dict[str, Exchanged | None] = {}
            sync_seat(seat, True, tally, results)
            done = results[seat.name]
            if done is None or done.sent or done.applied:
                quiet = False
        if quiet:
            return n, True
    return passes, False


def soak(rounds: int, seed: int, kinds: dict[str, int], keep: bool) -> int:
    rng = random.Random(seed)
    keyring.set_keyring(MemoryKeyring())
    work = Path(tempfile.mkdtemp(prefix="leakdesk-seats-soak-"))
    server = start_dovecot()
    tally = Tally()
    mail_rng = random.Random(seed + 1)
    proxies = [SwitchProxy(server.port) for _ in range(3)]
    seats: list[Seat] = []
    started = perf_counter()
    failed = True
    try:
        with server.client() as client:
            for n in range(FIRST_LEADS):
                client.append("INBOX", enquiry(n, mail_rng))
        tally.mails = FIRST_LEADS
        front = first_seat(work, "Front", proxies[0].port)
        datas = [front, paired(work, front, "Owner", proxies[1].port), paired(work, front, "Tablet", proxies[2].port)]
        seats = [Seat(d.name, d, p) for d, p in zip(datas, proxies, strict=True)]
        for seat in seats:
            seat.open()
        settle(seats, tally)
        for r in range(1, rounds + 1):
            tally.rounds = r
            if tally.mails + tally.by_hand < MAX_LEADS and rng.random() < 0.2:
                with server.client() as client:
                    client.append("INBOX", enquiry(tally.mails, mail_rng))
                tally.mails += 1
            for seat in seats:
                if seat.offline_for:
                    seat.offline_for -= 1
                    seat.proxy.offline = seat.offline_for > 0
                elif rng.random() < 0.05:
                    seat.offline_for, seat.proxy.offline = rng.randint(2, 6), True
                    tally.offline += 1
            random_actions(seats, rng.randint(0, 3), rng, tally, kinds)
            if rng.random() < 0.3:
                concurrent_actions(seats, rng, tally, kinds)
            for seat in seats:
                if rng.random() < 0.25:
                    seat.proxy.cut_next = int(math.exp(rng.uniform(math.log(150), math.log(60_000))))
            results: dict[str, Exchanged | None] = {}
            threads = [threading.Thread(target=sync_seat, args=(s, rng.random() < 0.35, tally, results), daemon=True)
                       for s in seats if rng.random() < 0.85]
            if rng.random() < 0.07:
                threads.append(threading.Thread(target=restart, args=(server, rng.uniform(0, 0.15), tally),
                                                daemon=True))
            for t in threads:
                t.start()
            random_actions(seats, rng.randint(0, 2), rng, tally, kinds)  # people go on working meanwhile
            for t in threads:
                t.join(60)
                if t.is_alive():
                    tally.crashes.append("a seat's sync did not end within 60 s")
            if server.process is None or server.process.poll() is not None:
                server.start()
            if r % 20 == 0:
                print(f"   round {r}: {sum(tally.actions.values())} actions, {tally.exchanges} exchanges "
                      f"({tally.exchange_failed} failed), {perf_counter() - started:.0f} s", flush=True)
        soaked = perf_counter() - started
        passes, quiet = settle(seats, tally)
        for seat in seats:  # the main thread's view, after the settling exchanges
            seat.store.close()
            seat.open()
        identical, problems = check(seats)
        if not quiet:
            problems.append(f"the seats did not settle within {passes} passes")
        problems += [f"CRASH {c}" for c in tally.crashes]
        store = seats[0].store
        entries = int(store.db.execute("SELECT count(*) FROM journal_applied").fetchone()[0])
        refused = int(store.db.execute("SELECT count(*) FROM journal_applied WHERE accepted = 0").fetchone()[0])
        with server.client() as client:
            client.select_folder(FOLDER, readonly=True)
            copies = len(client.search("ALL"))
        print(f"rounds: {tally.rounds} in {soaked:.0f} s (settled in {passes} passes)")
        print(f"actions: {sum(tally.actions.values())} (" + ", ".join(f"{k} {v}" for k, v in
                                                                       tally.actions.most_common()) + ")")
        print(f"   not allowed on the seat's own board: {tally.refused_here}; nothing to do: {tally.no_op}; "
              f"database busy: {tally.busy}; "
              f"concurrent sets on one lead: {tally.concurrent}")
        print(f"entries: {entries} in the journal ({tally.entries_made} made by actions; {copies} messages on the "
              f"server, {copies - entries} of them second copies)")
        print(f"refused (conflicts): {refused} entries; 'taken back' sentences shown: {tally.taken_back}")
        print(f"leads: {tally.mails} by mail, {tally.by_hand} typed in; captures: {tally.captures}; "
              f"exchanges: {tally.exchanges} done, "
              f"{tally.exchange_failed} failed")
        print(f"cuts: {sum(p.cuts_done for p in proxies)} connections cut mid-way, {tally.offline} times a seat went "
              f"offline ({sum(p.refused for p in proxies)} connections refused); restarts: {tally.restarts}")
        spread, worst = time_spread(seats)
        print(f"(times: owned/first response/closed differ between the seats on {spread} leads, by up to "
              f"{worst:.1f} s: the acting seat keeps its clock's time, the others the server's; not compared)")
        print(f"identical: {'yes' if identical else 'no'}")
        bookkeeping = [p for p in problems if "BOOKKEEPING" in p]
        print(f"applied twice / lost / left over: {'none' if not bookkeeping else f'{len(bookkeeping)} problems'}")
        for line in problems:
            print(f"PROBLEM {line}")
        failed = bool(problems) or not identical
        return 1 if failed else 0
    finally:
        for seat in seats:
            with contextlib.suppress(Exception):
                seat.store.close()
        for proxy in proxies:
            proxy.close()
        server.stop()
        if failed and keep:
            print(f"kept: {work} (seats), {server.folder} (Dovecot)")
        else:
            shutil.rmtree(server.folder, ignore_errors=True)
            shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", nargs="?", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-undo", action="store_true", help="leave undo out of the actions")
    parser.add_argument("--no-contact", action="store_true", help="leave logging a contact out of the actions")
    parser.add_argument("--keep", action="store_true", help="keep the data folders and Dovecot's when it fails")
    args = parser.parse_args()
    kinds: dict[str, Any] = dict(KINDS)
    if args.no_undo:
        del kinds["undo"]
    if args.no_contact:
        del kinds["contact"]
    print(f"soaking three seats for {args.rounds} rounds (seed {args.seed}) ...", flush=True)
    return soak(args.rounds, args.seed, kinds, args.keep)


if __name__ == "__main__":
    sys.exit(main())

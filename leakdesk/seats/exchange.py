"""The journal on the IMAP server: this seat's outbox sent, new entries read by UID and applied,
snapshots written, old entries compacted, and pairing a new seat.

The folder (``LeakDesk``) is created on first use and found again by name. Entries go in with \\Seen
set. The last UID read and the folder's UIDVALIDITY are remembered; a new UIDVALIDITY (the folder
deleted and made again) reads everything again and applies nothing twice (entries are known by id),
and sends again what this seat sent but never saw back.

Compaction writes a snapshot of everything this seat applied and then deletes entries older than the
grace period that the snapshot covers. A seat away for longer than that, or added later, starts from
the newest snapshot. On Gmail an IMAP delete may only remove the label (``expungeBehavior``): the old
entries then stay in All Mail, still sealed.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from nacl.secret import SecretBox

from leakdesk.clock import Clock
from leakdesk.errors import LeakDeskError
from leakdesk.mail.imap_source import FolderInfo, ImapSource
from leakdesk.seats.apply import People, apply_entries, apply_snapshot, catch_up_waiting
from leakdesk.seats.crypto import WrongKey, code_key, new_code, new_salt, normal_code
from leakdesk.seats.entries import FOLDER, KIND_HEADER, Entry, new_id, opened, payload, sealed_entry, to_message
from leakdesk.seats.seat import Seat, become, check_name, this_seat
from leakdesk.store import Store
from leakdesk.store.accounts import Account

log = logging.getLogger(__name__)
UIDVALIDITY, LAST_UID = "journal.uidvalidity", "journal.last_uid"
GRACE_DAYS = 30
PAIRING_HOURS = 24
FETCH_BATCH = 500
NOT_OUR_TEAM = ("The journal's entries on the server are sealed with another team key: this seat is not paired "
                "with the team that shares this inbox. Pair it with a code from one of that team's seats "
                "('leakdesk seat pair CODE').")


@dataclass
class Exchanged:
    sent: int = 0
    applied: int = 0
    said: list[str] = field(default_factory=list)  # sentences for this seat's person (an action taken back)
    problem: str | None = None  # one sentence: entries this seat cannot open
    # The journal folder as the pull found it (its EXAMINE): an entry written after it is read next time.
    # The server tells this connection of that entry once, in the answer to whichever command comes next
    # (the pull's own searches and fetches), not again in the IDLE after, so the live watcher compares
    # the folder with this before it waits (leakdesk.seats.live).
    folder: FolderInfo | None = None


def journal_account(store: Store) -> Account | None:
    """The inbox whose server carries the team journal: the first one connected (None before any is)."""
    accounts = store.accounts.all()
    return accounts[0] if accounts else None


def hello(store: Store, seat: Seat) -> None:
    """Tell the other seats this one exists (its name in their Seats list)."""
    entry = Entry(new_id(), seat.id, seat.name, "hello")
    store.journal.queue(entry.id, entry.to_json())


def remove_seat(store: Store, seat_id: str) -> None:
    """Take a seat off the team (a lost laptop, someone who left): from this entry on, in journal order,
    every seat refuses its entries. (Its copy of the team key still opens old entries: a team that must
    lock a seat out for good starts a new team and pairs the others again.)"""
    here = this_seat(store)
    if here is None:
        raise LeakDeskError("This data folder is not a seat.")
    if seat_id == here.id:
        raise LeakDeskError("A seat cannot remove itself; remove it from another seat.")
    entry = Entry(new_id(), here.id, here.name, "seat_removed", data={"seat": seat_id})
    store.journal.queue(entry.id, entry.to_json())


def push(store: Store, seat: Seat, source: ImapSource, clock: Clock) -> int:
    sent = 0
    for entry_id, body in store.journal.unsent():
        source.append_seen(FOLDER, sealed_entry(seat.key, Entry.from_json(body), clock.now()), clock.now())
        store.journal.mark_sent(entry_id)
        sent += 1
    return sent


def pull(store: Store, seat: Seat, source: ImapSource, tz: ZoneInfo) -> Exchanged:
    info = source.select(FOLDER, fresh=True)
    done = Exchanged(folder=info)
    last = int(store.meta.get(LAST_UID) or 0)
    if store.meta.get(UIDVALIDITY) != str(info.uidvalidity):
        if store.meta.get(UIDVALIDITY) is not None:
            log.warning("the journal folder was replaced (UIDVALIDITY %s); reading it again", info.uidvalidity)
            store.journal.resend_all()
        last = 0
        store.meta.set(UIDVALIDITY, str(info.uidvalidity))
        store.meta.set(LAST_UID, "0")
    uids = source.uids_above(last)
    wrong = opened_any = 0
    _start_from_snapshot(store, seat, source, last)
    for i in range(0, len(uids), FETCH_BATCH):
        items: list[tuple[Entry, datetime]] = []
        fetched = source.fetch(uids[i:i + FETCH_BATCH])
        found = [(f, payload(f.raw)) for f in fetched]
        known = store.journal.known(p[1] for _, p in found if p is not None)
        for f, p in found:
            if p is None or p[0] == "pairing" or p[1] in known:
                continue
            try:
                entry = opened(seat.key, p[2])
            except WrongKey:
                wrong += 1
                continue
            opened_any += 1
            if entry.kind == "snapshot":
                continue  # read first, when this seat needs it (_start_from_snapshot)
            items.append((entry, f.internal_date or datetime.fromisoformat("1970-01-01T00:00:00+00:00")))
        applied, said = apply_entries(store, items, tz)
        done.applied += applied
        done.said += said
        if fetched:
            store.meta.set(LAST_UID, str(max(f.uid for f in fetched)))
    if store.journal.waiting():  # mail captured since the last exchange: what waited for it, now
        with store.writing():
            catch_up_waiting(store, People(store))
    if (wrong and not opened_any and store.journal.count()[0] == 0) or wrong > opened_any:
        done.problem = NOT_OUR_TEAM
    return done


def _start_from_snapshot(store: Store, seat: Seat, source: ImapSource, last: int) -> None:
    """A new seat, or one away while the entries it missed were compacted, starts from the newest snapshot
    after what it read: its entries come before every entry still in the folder after it."""
    newer = [u for u in source.uids_with_header(KIND_HEADER, "snapshot") if u > last]
    if not newer:
        return
    fetched = source.fetch(newer[-1:])
    found = payload(fetched[0].raw) if fetched else None
    if found is None:
        return
    f = fetched[0]
    try:
        snapshot = opened(seat.key, found[2])
    except WrongKey:
        return
    if store.journal.count()[0] == 0 or _away_too_long(store, snapshot):
        apply_snapshot(store, snapshot, f.internal_date or datetime.fromisoformat("1970-01-01T00:00:00+00:00"))


def _away_too_long(store: Store, snapshot: Entry) -> bool:
    """A snapshot covering entries this seat never saw: they were compacted while it was away."""
    ids = [i for i, _, _ in snapshot.data.get("ids", [])]
    return bool(ids) and len(store.journal.known(ids)) < len(ids)


def exchange(store: Store, source: ImapSource, clock: Clock, tz: ZoneInfo) -> Exchanged:
    """Send this seat's outbox, then read and apply what is new; nothing when this is no seat."""
    seat = this_seat(store)
    if seat is None:
        return Exchanged()
    source.create_folder(FOLDER)
    sent = push(store, seat, source, clock)
    done = pull(store, seat, source, tz)
    done.sent = sent
    return done


def write_snapshot(store: Store, seat: Seat, source: ImapSource, clock: Clock) -> Entry:
    data = {"entries": store.journal.accepted_bodies(), "ids": [list(d) for d in store.journal.decisions()],
            "versions": store.journal.versions(), "last_uid": int(store.meta.get(LAST_UID) or 0),
            "uidvalidity": store.meta.get(UIDVALIDITY)}
    entry = Entry(new_id(), seat.id, seat.name, "snapshot", data=data)
    source.append_seen(FOLDER, sealed_entry(seat.key, entry, clock.now()), clock.now())
    return entry


def compact(store: Store, source: ImapSource, clock: Clock, tz: ZoneInfo, grace_days: int = GRACE_DAYS) -> int:
    """Snapshot, then remove the entries older than the grace period that the snapshot covers."""
    seat = this_seat(store)
    if seat is None:
        return 0
    exchange(store, source, clock, tz)
    snapshot = write_snapshot(store, seat, source, clock)
    covered = snapshot.data["last_uid"]
    source.select(FOLDER, fresh=True)
    old = [u for u in source.uids_before((clock.now() - timedelta(days=grace_days)).date()) if u <= covered]
    if old:
        source.delete_uids(FOLDER, old)
    log.info("compacted the journal: a snapshot of %d entries, %d old messages removed",
             len(snapshot.data["ids"]), len(old))
    return len(old)


# -- pairing ------------------------------------------------------------------------------------------
def invite(store: Store, source: ImapSource, clock: Clock) -> str:
    """A pairing code for a new seat: the team key sealed under it, in the journal, for a day."""
    seat = this_seat(store)
    if seat is None:
        raise LeakDeskError("This data folder is not a seat yet; start the team with 'leakdesk seat init NAME'.")
    code, salt = new_code(), new_salt()
    offer = json.dumps({"key": base64.b64encode(seat.key).decode(), "by": seat.name,
                        "expires": (clock.now() + timedelta(hours=PAIRING_HOURS)).isoformat()}).encode()
    sealed = salt + bytes(SecretBox(code_key(code, salt)).encrypt(offer))
    source.create_folder(FOLDER)
    source.append_seen(FOLDER, to_message("pairing", new_id(), sealed, clock.now()), clock.now())
    return code


def join(store: Store, source: ImapSource, clock: Clock, code: str, name: str) -> tuple[Seat, str]:
    """Pair this data folder with the team whose seat showed ``code``: (the seat, who invited)."""
    from nacl.exceptions import CryptoError
    from nacl.pwhash import argon2id

    check_name(name)
    if len(normal_code(code)) != 10:
        raise LeakDeskError("A pairing code has ten letters and digits, like K7QMR-2XPDA; check it on the other seat.")
    if not source.folder_exists(FOLDER):
        raise LeakDeskError("There is no LeakDesk journal on this inbox's server yet; show a pairing code on a seat "
                            "of the team first (Settings > Seats > Add a seat).")
    source.select(FOLDER, fresh=True)
    uids = source.uids_with_header(KIND_HEADER, "pairing")
    for f in source.fetch(uids):
        found = payload(f.raw)
        if found is None or found[0] != "pairing":
            continue
        salt, sealed = found[2][:argon2id.SALTBYTES], found[2][argon2id.SALTBYTES:]
        try:
            offer = json.loads(SecretBox(code_key(code, salt)).decrypt(sealed))
        except CryptoError:
            continue
        if datetime.fromisoformat(offer["expires"]) < clock.now():
            raise LeakDeskError(f"That pairing code (from {offer['by']}) has expired; show a new one on that seat.")
        seat = become(store, name, base64.b64decode(offer["key"]))
        hello(store, seat)
        source.delete_uids(FOLDER, [f.uid])  # a code works once
        return seat, str(offer["by"])
    raise LeakDeskError("No seat of this inbox's team is showing that pairing code; check it, or show a new one.")

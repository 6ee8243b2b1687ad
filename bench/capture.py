"""Benchmark: capture from a real loopback Dovecot, against mbsync in the same run.

Run by hand (``make bench``); prints figures, asserts nothing. Goals from
issue 3: history import of 10,000 messages (fetch + parse + store) at most
0.5x mbsync's time and at most 3x the raw FETCH; a poll with nothing new
under 10 ms, the same at 10 and at 10,000 messages; APPEND to stored lead
via IDLE p95 under 0.6 s over 50 tries (Dovecot holds IDLE news ~0.5 s).
"""

from __future__ import annotations

import gc
import queue
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keyring

from leakdesk.capture.ingest import FolderKind
from leakdesk.capture.sync import FolderSync
from leakdesk.capture.watch import Watcher, WatchSettings
from leakdesk.clock import FakeClock, SystemClock
from leakdesk.mail import service
from leakdesk.mail.imap_source import ImapSource
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.support.dovecot import PASSWORD, USER, Dovecot, start_dovecot
from tests.support.memory_keyring import MemoryKeyring

MESSAGES = 10_000
ROUNDS = 5
WORDS = ("knee", "back", "pain", "booking", "assessment", "Saturday", "insurance", "price", "session", "physio",
         "appointment", "evening", "week", "thanks", "please", "could", "would", "available", "course", "injury")


def message(n: int, rng: random.Random) -> bytes:
    """About 3 KB, like a real enquiry with a quoted footer."""
    body = "\r\n".join(" ".join(rng.choice(WORDS) for _ in range(14)) for _ in range(40))
    return (f"From: Prospect {n} <p{n}@example.com>\r\nTo: {USER}\r\nSubject: Enquiry {n} about a {rng.choice(WORDS)}"
            f"\r\nDate: Tue, 17 Nov 2026 10:{n % 60:02d}:00 +0000\r\nMessage-ID: <bench{n}@example.com>\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").encode()


def load(server: Dovecot, folder: str, count: int) -> None:
    rng = random.Random(1)
    with server.client() as c:
        if not c.folder_exists(folder):
            c.create_folder(folder)
        for start in range(0, count, 1000):
            c.multiappend(folder, [message(n, rng) for n in range(start, min(count, start + 1000))])


def raw_fetch(server: Dovecot, folder: str) -> float:
    with server.client() as c:
        c.select_folder(folder, readonly=True)
        uids = c.search("ALL")
        t = perf_counter()
        for start in range(0, len(uids), 500):
            c.fetch(uids[start:start + 500], ["BODY.PEEK[]", "INTERNALDATE", "FLAGS", "RFC822.SIZE"])
        return perf_counter() - t


def leakdesk_import(server: Dovecot, folder: str, work: Path) -> tuple[float, int]:
    store = Store.open(work / "import.sqlite")
    clock = FakeClock(SystemClock().now())
    account = store.accounts.add(Account(0, USER, "127.0.0.1", server.port, USER, "none", inbox=folder,
                                         sent_folder=folder + "-none"), clock.now())
    store.accounts.mark_connected(account.id, clock.now())  # as sync_all does: what is there is history
    gc.freeze()  # as main.py does before a command
    t = perf_counter()
    with ImapSource(account, PASSWORD) as source:
        list(FolderSync(store, account, source, clock).sync_folder(folder, FolderKind.INBOX))
    elapsed = perf_counter() - t
    count = store.leads.count()
    store.close()
    return elapsed, count


def mbsync(server: Dovecot, folder: str, work: Path) -> float | None:
    if shutil.which("mbsync") is None:
        return None
    maildir = work / "mbsync-mail"
    maildir.mkdir()
    config = work / "mbsyncrc"
    config.write_text(f"""IMAPAccount bench
Host localhost
Port {server.port}
User {USER}
Pass {PASSWORD}
SSLType None
AuthMechs LOGIN

IMAPStore remote
Account bench

MaildirStore local
Path {maildir}/
Inbox {maildir}/INBOX
SubFolders Verbatim

Channel bench
Far :remote:"{folder}"
Near :local:{folder}
Create Near
Sync Pull
SyncState *
""")
    t = perf_counter()
    done = subprocess.run(["mbsync", "-c", str(config), "bench"], capture_output=True, text=True)
    elapsed = perf_counter() - t
    if done.returncode != 0:
        print(f"mbsync failed (exit {done.returncode}): {(done.stdout + done.stderr).strip()[-600:]}")
        return None
    return elapsed


def empty_polls(server: Dovecot, folder: str, work: Path, tries: int = 50) -> float:
    store = Store.open(work / f"poll-{folder}.sqlite")
    clock = FakeClock(SystemClock().now())
    account = store.accounts.add(Account(0, USER, "127.0.0.1", server.port, USER, "none", inbox=folder,
                                         sent_folder=folder + "-none"), clock.now())
    times = []
    with ImapSource(account, PASSWORD) as source:
        sync = FolderSync(store, account, source, clock)
        list(sync.sync_folder(folder, FolderKind.INBOX))  # history first
        for _ in range(tries):
            t = perf_counter()
            list(sync.sync_folder(folder, FolderKind.INBOX))
            times.append(perf_counter() - t)
    store.close()
    return statistics.median(times)


def idle_latency(server: Dovecot, work: Path, tries: int = 50) -> list[float]:
    keyring.set_keyring(MemoryKeyring())
    store = Store.open(work / "idle.sqlite")
    clock = FakeClock(SystemClock().now())
    account = service.add_account(store, clock, host="127.0.0.1", port=server.port, user=USER, password=PASSWORD,
                                  security="none", inbox="Live")
    watcher = Watcher(lambda: Store.open(work / "idle.sqlite"), account.id, lambda a: PASSWORD, clock,
                      WatchSettings(sent_poll_seconds=3600))
    reports: queue.Queue[object] = queue.Queue()
    thread = threading.Thread(target=lambda: [reports.put(r) for r in watcher.run()], daemon=True)
    thread.start()
    while getattr(reports.get(timeout=20), "state", "") != "watching":
        pass
    rng = random.Random(3)
    latencies = []
    with server.client() as c:
        for n in range(tries):
            threading.Event().wait(rng.uniform(0.05, 0.3))
            t = perf_counter()
            c.append("Live", message(100_000 + n, rng))
            while True:
                r = reports.get(timeout=20)
                if getattr(r, "state", "") == "watching" and getattr(r, "new_leads", ()):
                    break
            latencies.append(perf_counter() - t)
    watcher.stop.set()
    thread.join(10)
    store.close()
    return latencies


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="leakdesk-capture-"))
    server = start_dovecot()
    try:
        with server.client() as c:
            c.create_folder("Live")
        t = perf_counter()
        load(server, "Big", MESSAGES)
        load(server, "Small", 10)
        print(f"loaded {MESSAGES:,} messages (~3 KB each) into Dovecot in {perf_counter() - t:.1f} s")
        # This machine's load changes from one minute to the next: each import is compared with a raw
        # FETCH taken just before it, over several rounds, and the median ratio is the figure.
        rounds = []
        for n in range(ROUNDS):
            fetch = raw_fetch(server, "Big")
            (work / f"round{n}").mkdir()
            ours, leads = leakdesk_import(server, "Big", work / f"round{n}")
            rounds.append((ours / fetch, fetch, ours))
        theirs = mbsync(server, "Big", work)
        ratio, fetch, ours = sorted(rounds)[len(rounds) // 2]
        print(f"raw FETCH of {MESSAGES:,} (imapclient, 500 a batch):   {fetch:6.2f} s")
        print(f"LeakDesk history import (fetch+parse+store):   {ours:6.2f} s  ({leads:,} leads)   "
              f"{ratio:.2f}x raw fetch, the median of {ROUNDS} rounds (goal <= 3x)")
        print("  each round: " + ", ".join(f"{r:.2f}x ({o:.2f} s / {f:.2f} s)" for r, f, o in rounds))
        if theirs is not None:
            print(f"mbsync mirror, default settings:               {theirs:6.2f} s   "
                  f"LeakDesk/mbsync = {ours / theirs:.2f} (goal <= 0.5)")
        else:
            print("mbsync: not installed (apt-get install isync) or failed")
        small, big = empty_polls(server, "Small", work), empty_polls(server, "Big", work)
        print(f"poll with nothing new: {small * 1000:.2f} ms at 10 messages, {big * 1000:.2f} ms at "
              f"{MESSAGES:,} (goal < 10 ms, the same at both)")
        lat = sorted(idle_latency(server, work))
        p95 = lat[int(len(lat) * 0.95) - 1]
        print(f"APPEND -> lead stored via IDLE over {len(lat)} tries: median {statistics.median(lat):.3f} s, "
              f"p95 {p95:.3f} s, max {lat[-1]:.3f} s (goal p95 < 0.6 s)")
    finally:
        server.stop()
        shutil.rmtree(server.folder, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

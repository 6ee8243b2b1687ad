"""Faults during a 2,000-message history import: every message stored exactly once.

20 rounds in the suite: connections cut at random points through a proxy,
the server restarted mid-import, the sync process killed with SIGKILL.
bench/faults.py runs many more.
"""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from leakdesk.capture.sync import sync_account
from leakdesk.clock import FakeClock, SystemClock
from leakdesk.errors import ConnectionLost, ServerUnreachable
from leakdesk.mail import service
from leakdesk.store import Store
from tests.mail.conftest import mail
from tests.support.command import ran, signed_in, started, stored
from tests.support.dovecot import PASSWORD, USER, Dovecot, start_dovecot
from tests.support.processes import poll_until
from tests.support.proxy import CuttingProxy

MESSAGES = 2000
# 12 + 4 + 4 rounds in the suite; bench/faults.py sets LEAKDESK_FAULT_ROUNDS for many more.
SCALE = max(1, int(os.environ.get("LEAKDESK_FAULT_ROUNDS", "20")) // 20)


@pytest.fixture(scope="module")
def loaded() -> Iterator[Dovecot]:
    """Its own server with 2,000 messages in INBOX (MULTIAPPEND, 500 a command)."""
    server = start_dovecot()
    with server.client() as c:
        batch = [mail(subject=f"Enquiry {n}", message_id=f"<fault{n}@example.com>",
                      sender=f"P{n} <p{n}@example.com>") for n in range(MESSAGES)]
        for start in range(0, MESSAGES, 500):
            c.multiappend("INBOX", batch[start:start + 500])
    yield server
    server.stop()


def exactly_once(store: Store) -> None:
    db = store.db
    assert store.messages.count() == MESSAGES
    assert db.execute("SELECT count(DISTINCT message_id) FROM messages").fetchone()[0] == MESSAGES
    assert db.execute("SELECT count(DISTINCT uid) FROM messages").fetchone()[0] == MESSAGES
    assert store.leads.count() == MESSAGES
    assert db.execute("SELECT count(*) FROM events WHERE kind = 'received'").fetchone()[0] == MESSAGES
    assert db.execute("SELECT count(*) FROM message_raw").fetchone()[0] == MESSAGES


def sync_until_done(store: Store, clock: FakeClock, tries: int = 40) -> int:
    """Retry like the watcher does; returns how many attempts failed."""
    failures = 0
    for _ in range(tries):
        try:
            for account in store.accounts.all():
                list(sync_account(store, account, clock, lambda a: PASSWORD))
            return failures
        except (ConnectionLost, ServerUnreachable):
            failures += 1
    raise AssertionError("sync never completed")


@pytest.mark.parametrize("seed", range(12 * SCALE))
def test_connection_cut_at_random_points(loaded: Dovecot, tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    # The whole import is about 600 KB on the wire: cut somewhere inside it.
    proxy = CuttingProxy(loaded.port, rng, cuts=rng.randint(2, 5), max_bytes=350_000)
    store = Store.open(tmp_path / "leakdesk.sqlite")
    clock = FakeClock(SystemClock().now())
    try:
        store.accounts.add(service.Account(0, USER, "127.0.0.1", proxy.port, USER, "none"), clock.now())
        failures = sync_until_done(store, clock)
        assert failures >= 1 and proxy.cuts_done >= 1
        exactly_once(store)
    finally:
        proxy.close()
        store.close()


@pytest.mark.parametrize("seed", range(4 * SCALE))
def test_server_restarted_mid_import(loaded: Dovecot, tmp_path: Path, seed: int) -> None:
    rng = random.Random(100 + seed)
    store = Store.open(tmp_path / "leakdesk.sqlite")
    clock = FakeClock(SystemClock().now())
    store.accounts.add(service.Account(0, USER, "127.0.0.1", loaded.port, USER, "none"), clock.now())
    restarter = threading.Timer(rng.uniform(0.1, 0.6), loaded.restart)
    restarter.start()
    try:
        sync_until_done(store, clock)
        restarter.join()
        sync_until_done(store, clock)  # what came after the restart
        exactly_once(store)
    finally:
        restarter.join()
        store.close()


@pytest.mark.parametrize("seed", range(4 * SCALE))
def test_sync_process_killed_mid_import(loaded: Dovecot, tmp_path: Path, seed: int,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(200 + seed)
    data = tmp_path / "data"
    env = signed_in(data, loaded.port, monkeypatch)
    process = started(data, "sync", "--once", env=env)
    stored_at_kill = 0
    deadline = time.monotonic() + 20
    # Batches commit 500 at a time: seeing up to 1,500 stored means one is still running.
    target = rng.randint(1, MESSAGES - 500)
    counted: list[int] = [0]

    def reached() -> bool:
        counted[0] = stored(data / "leakdesk.sqlite")
        return counted[0] >= target or process.poll() is not None

    poll_until(reached, timeout=max(0.0, deadline - time.monotonic()), interval=0.01)
    stored_at_kill = counted[0]
    process.send_signal(signal.SIGKILL)
    process.wait(10)
    assert process.stderr is not None
    process.stderr.close()
    assert 0 < stored_at_kill < MESSAGES, "the kill should land mid-import"
    done = ran(data, "sync", "--once", env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    store = Store.open(data / "leakdesk.sqlite")
    try:
        exactly_once(store)
    finally:
        store.close()

"""Stopping is always clean (issue 15): the app closed in the middle of a
history import exits at once with status 0, and the next run stores every
message exactly once; the watcher stops between batches and cuts a read
that waits on a slow server."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from leakdesk.capture.watch import Watcher, WatchSettings
from leakdesk.clock import FakeClock, SystemClock
from leakdesk.mail import service
from leakdesk.store import Store
from tests.mail.conftest import mail
from tests.support.command import ran, signed_in, started, stored
from tests.support.dovecot import PASSWORD, USER, Dovecot, start_dovecot
from tests.support.processes import poll_until
from tests.support.proxy import StallingProxy

MESSAGES = 20_000


@pytest.fixture(scope="module")
def big() -> Iterator[Dovecot]:
    """A server of its own with 20,000 messages in INBOX."""
    server = start_dovecot()
    with server.client() as c:
        for start in range(0, MESSAGES, 1000):
            c.multiappend("INBOX", [mail(subject=f"Enquiry {n}", message_id=f"<stop{n}@example.com>",
                                         sender=f"P{n} <p{n}@example.com>") for n in range(start, start + 1000)])
    yield server
    server.stop()


def test_closing_the_app_during_an_import_exits_at_once_and_resumes(big: Dovecot, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    env = signed_in(data, big.port, monkeypatch)
    (data / "ui.ini").write_text("[setup]\ndone=true\n")  # past the first-run wizard
    app = started(data, env=env)
    try:
        assert poll_until(lambda: stored(data / "leakdesk.sqlite") >= 1500 or app.poll() is not None, timeout=60,
                          interval=0.05)
        assert app.poll() is None, "the app ended by itself"
        closed_at = time.monotonic()
        app.send_signal(signal.SIGTERM)  # what the window's Quit, Ctrl+Q and the session's logout do
        code = app.wait(10)
        took = time.monotonic() - closed_at
    finally:
        if app.poll() is None:
            app.kill()
    assert app.stderr is not None
    errors = app.stderr.read().decode()
    app.stderr.close()
    assert code == 0, errors
    assert took < 2.0, took
    assert "Destroyed while thread" not in errors and "did not stop in time" not in errors
    at_close = stored(data / "leakdesk.sqlite")
    assert 0 < at_close < MESSAGES, "closing should land mid-import"
    done = ran(data, "sync", "--once", env=env, timeout=180)
    assert done.returncode == 0, done.stderr
    store = Store.open(data / "leakdesk.sqlite")
    try:
        db = store.db
        assert store.messages.count() == MESSAGES
        assert db.execute("SELECT count(DISTINCT message_id) FROM messages").fetchone()[0] == MESSAGES
        assert store.leads.count() == MESSAGES
    finally:
        store.close()


def test_the_watcher_stops_within_a_second_even_on_a_silent_server(tmp_path: Path) -> None:
    server = start_dovecot()
    proxy = StallingProxy(server.port)
    try:
        with server.client() as c:
            c.multiappend("INBOX", [mail(subject=f"S{n}", sender=f"Q{n} <q{n}@example.com>") for n in range(600)])
        clock = FakeClock(SystemClock().now())
        store = Store.open(tmp_path / "leakdesk.sqlite")
        account = service.add_account(store, clock, host="127.0.0.1", port=proxy.port, user=USER,
                                      password=PASSWORD, security="none", verify=False)
        store.close()
        watcher = Watcher(lambda: Store.open(tmp_path / "leakdesk.sqlite"), account.id, lambda a: PASSWORD, clock,
                          WatchSettings(backoff_first=30))
        states: list[str] = []
        thread = threading.Thread(target=lambda: states.extend(r.state for r in watcher.run()))
        thread.start()
        assert poll_until(lambda: "syncing" in states, timeout=10)
        proxy.stall.set()  # the server goes silent: a read would wait for the socket timeout (30 s)
        assert proxy.holding.wait(10), "the watcher should be waiting on the silent server"
        asked = time.monotonic()
        watcher.request_stop()
        thread.join(5)
        assert not thread.is_alive() and time.monotonic() - asked < 1.0
        assert states[-1] == "stopped" and "failed" not in states
    finally:
        proxy.stop()
        server.stop()

"""Live watching against the real Dovecot: IDLE, check now, reconnect, final errors."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from leakdesk.capture.watch import Backoff, Watcher, WatchReport, WatchSettings
from leakdesk.clock import FakeClock, monotonic
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.mail.conftest import mail
from tests.support.dovecot import PASSWORD, Dovecot


class Running:
    """A watcher on its own thread; reports arrive on a queue."""

    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher
        self.reports: queue.Queue[WatchReport] = queue.Queue()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        for report in self.watcher.run():
            self.reports.put(report)

    def wait_for(self, predicate, timeout: float = 10.0) -> WatchReport:  # type: ignore[no-untyped-def]
        deadline = monotonic() + timeout
        while True:
            left = deadline - monotonic()
            if left <= 0:
                raise AssertionError("no such report in time")
            report = self.reports.get(timeout=left)
            if predicate(report):
                return report

    def stop(self) -> None:
        self.watcher.stop.set()
        self.thread.join(10)
        assert not self.thread.is_alive()


@pytest.fixture
def watch(mail_store: Store, account: Account, clock: FakeClock) -> Iterator[Running]:
    path = mail_store.path
    watcher = Watcher(lambda: Store.open(path), account.id, lambda a: PASSWORD, clock,
                      WatchSettings(sent_poll_seconds=3600, backoff_first=0.2, backoff_cap=1.0))
    running = Running(watcher)
    yield running
    running.stop()


def watching(report: WatchReport) -> bool:
    return report.state == "watching"


def test_new_mail_is_stored_by_idle_not_by_a_poll(imap: Dovecot, watch: Running, mail_store: Store) -> None:
    """How fast is bench/capture.py's figure (APPEND -> lead, p95); here only that IDLE brings it: the
    next poll of the inbox is a minute away and of Sent an hour, far beyond the wait."""
    watch.wait_for(lambda r: r.state == "listening")  # the watcher is about to IDLE
    with imap.client() as c:
        c.append("INBOX", mail(subject="Live one"))
    report = watch.wait_for(lambda r: watching(r) and bool(r.new_leads), timeout=20)
    assert [mail_store.leads.get(i).subject for i in report.new_leads] == ["Live one"]
    assert watch.watcher.settings.poll_seconds > 20 and watch.watcher.settings.sent_poll_seconds > 20


def test_check_now_reads_the_sent_folder_too(imap: Dovecot, watch: Running, mail_store: Store) -> None:
    with imap.client() as c:
        c.append("INBOX", mail(subject="Elbow", message_id="<e@x>"))
    watch.wait_for(lambda r: watching(r) and bool(r.new_leads))
    with imap.client() as c:
        c.append("Sent", mail(sender="Tom <tom@clinic.test>", to="ann@example.com", subject="Re: Elbow",
                              message_id="<e2@x>", in_reply_to="<e@x>"))
    watch.watcher.check_now()
    watch.wait_for(lambda r: r.progress is not None and r.progress.folder == "Sent" and r.progress.replies)
    assert mail_store.leads.get(1).first_response_at is not None


def test_reconnects_after_a_server_restart(imap: Dovecot, watch: Running, mail_store: Store) -> None:
    watch.wait_for(watching)
    imap.restart()
    with imap.client() as c:
        c.append("INBOX", mail(subject="After restart"))
    watch.wait_for(lambda r: watching(r) and bool(r.new_leads), timeout=15)
    assert [lead.subject for lead in mail_store.leads.all()] == ["After restart"]


def test_wrong_password_stops_with_one_sentence(imap: Dovecot, mail_store: Store, account: Account,
                                               clock: FakeClock, tmp_path: Path) -> None:
    path = mail_store.path
    watcher = Watcher(lambda: Store.open(path), account.id, lambda a: "not it", clock,
                      WatchSettings(backoff_first=0.05, backoff_cap=0.1))
    reports = list(watcher.run())  # returns by itself: no retry storm
    assert [r.state for r in reports] == ["failed", "stopped"]
    assert "refused the user name or password" in reports[0].message


def test_backoff_is_capped_exponential_with_jitter() -> None:
    import random

    backoff = Backoff(1.0, 60.0, random.Random(4))
    delays = [backoff.next_delay() for _ in range(10)]
    assert all(0.5 * min(60, 2 ** n) <= d <= min(60, 2 ** n) for n, d in enumerate(delays))
    assert max(delays) <= 60 and len(set(delays)) == len(delays)
    backoff.reset()
    assert backoff.next_delay() <= 1.0


def test_polls_where_the_server_has_no_idle(imap: Dovecot, mail_store: Store, account: Account, clock: FakeClock,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from leakdesk.mail.imap_source import ImapSource

    monkeypatch.setattr(ImapSource, "has_idle", lambda self: False)
    path = mail_store.path
    watcher = Watcher(lambda: Store.open(path), account.id, lambda a: PASSWORD, clock,
                      WatchSettings(poll_seconds=0.3, sent_poll_seconds=3600))
    running = Running(watcher)
    try:
        running.wait_for(watching)
        with imap.client() as c:
            c.append("INBOX", mail(subject="Found by polling"))
        report = running.wait_for(lambda r: watching(r) and bool(r.new_leads), timeout=5)
        assert mail_store.leads.get(report.new_leads[0]).subject == "Found by polling"
    finally:
        running.stop()

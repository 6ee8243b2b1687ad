"""The server's one notice of new mail is never lost (against the real Dovecot).

An IMAP server tells a connection of a new message (``* N EXISTS``) once, and IDLE never repeats it. Each
test delivers a message at the exact moment a notice used to get lost and expects the lead within
seconds, far below the next poll (Sent: an hour) and the IDLE renewal (25 minutes):

- right after the watcher's search of the inbox: the notice comes in the answer to its next command (a
  FETCH, the NOOP before the IDLE), where nothing looked for it;
- right after its search of the Sent folder: the inbox is not even selected, so no notice is sent at all;
- right before its IDLE starts: Dovecot tells it in the same packet as "+ idling", and imapclient's
  idle_check waits on the socket only, not on what imaplib has already read (mjs/imapclient#321).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator

import pytest

from leakdesk.capture.watch import Watcher, WatchSettings
from leakdesk.clock import FakeClock, monotonic
from leakdesk.mail import service
from leakdesk.mail.imap_source import ImapSource
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.mail.conftest import mail
from tests.mail.test_watch import Running, watching
from tests.support.dovecot import PASSWORD, USER, Dovecot


def deliver(imap: Dovecot, subject: str) -> None:
    """A new enquiry from a new person (a second mail of one person would join her lead)."""
    person = subject.lower().replace(" ", "-")
    with imap.client() as c:
        c.append("INBOX", mail(sender=f"{subject} <{person}@example.com>", subject=subject))


def once_on_the_watcher(monkeypatch: pytest.MonkeyPatch, method: str, work: Callable[[], None], *,
                        before: bool = False, in_folder: str | None = None) -> threading.Event:
    """Run ``work`` after (or ``before``) the first call of ``ImapSource.method`` on a thread other than the
    test's, with ``in_folder`` selected when given; the returned event is set once it ran."""
    real = getattr(ImapSource, method)
    done = threading.Event()

    def hooked(self: ImapSource, *args: object, **kwargs: object) -> object:
        first = (threading.current_thread() is not threading.main_thread() and not done.is_set()
                 and (in_folder is None or self.selected == in_folder))
        if first and before:
            work()
            done.set()
        result = real(self, *args, **kwargs)
        if first and not before:
            work()
            done.set()
        return result

    monkeypatch.setattr(ImapSource, method, hooked)
    return done


def watcher(store: Store, account: Account, clock: FakeClock) -> Running:
    path = store.path
    return Running(Watcher(lambda: Store.open(path), account.id, lambda a: PASSWORD, clock,
                           WatchSettings(sent_poll_seconds=3600, backoff_first=0.2, backoff_cap=1.0)))


@pytest.fixture
def watch(mail_store: Store, account: Account, clock: FakeClock) -> Iterator[Running]:
    running = watcher(mail_store, account, clock)
    yield running
    running.stop()


def subjects(store: Store) -> list[str]:
    return sorted(lead.subject for lead in store.leads.all())


def lead_arrives(running: Running, store: Store, subject: str, timeout: float = 5.0) -> bool:
    """Whether a report brings the lead ``subject`` within ``timeout`` s (IDLE would say it at once)."""
    deadline = monotonic() + timeout
    while subject not in subjects(store):
        try:
            running.wait_for(lambda r: watching(r) and bool(r.new_leads), timeout=deadline - monotonic())
        except (AssertionError, queue.Empty):  # no such report in time
            return subject in subjects(store)
    return True


def test_mail_that_arrives_right_after_the_inbox_search(imap: Dovecot, watch: Running, mail_store: Store,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The notice of "Second" comes in the answer to the FETCH of "First" or the NOOP after it."""
    watch.wait_for(lambda r: r.state == "listening")
    hooked = once_on_the_watcher(monkeypatch, "uids_above", lambda: deliver(imap, "Second"), in_folder="INBOX")
    deliver(imap, "First")
    assert lead_arrives(watch, mail_store, "First")
    assert hooked.is_set()
    assert lead_arrives(watch, mail_store, "Second"), subjects(mail_store)


def test_mail_that_arrives_right_after_the_sent_search(imap: Dovecot, watch: Running, mail_store: Store,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Check now reads Sent too: the inbox is not selected while its new mail arrives, so no notice at all;
    the SELECT of the inbox after it counts it in EXISTS, as if it were always there."""
    watch.wait_for(lambda r: r.state == "listening")
    hooked = once_on_the_watcher(monkeypatch, "uids_above", lambda: deliver(imap, "While in Sent"), in_folder="Sent")
    watch.watcher.check_now()
    assert lead_arrives(watch, mail_store, "While in Sent"), (hooked.is_set(), subjects(mail_store))


def test_mail_that_arrives_right_before_idle_starts(imap: Dovecot, mail_store: Store, account: Account,
                                                    clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    """After the watcher's last look at the inbox and before its IDLE: Dovecot says it with "+ idling"."""
    hooked = once_on_the_watcher(monkeypatch, "idle_start", lambda: deliver(imap, "Before idle"), before=True)
    running = watcher(mail_store, account, clock)
    try:
        assert lead_arrives(running, mail_store, "Before idle", timeout=8), (hooked.is_set(), subjects(mail_store))
    finally:
        running.stop()


# -- ImapSource itself: idle_check tells every notice the connection has had ------------------------------
@pytest.fixture(params=["ssl", "none"])
def source(request: pytest.FixtureRequest, imap: Dovecot, mail_store: Store, clock: FakeClock) -> Iterator[ImapSource]:
    """A connection to the test server over TLS and in clear (imaplib's buffer and TLS's own)."""
    tls = request.param == "ssl"
    account = service.add_account(mail_store, clock, host="127.0.0.1", port=imap.tls_port if tls else imap.port,
                                  user=USER, password=PASSWORD, security=request.param,
                                  cafile=str(imap.cafile) if tls else None)
    with ImapSource(account, PASSWORD) as connected:
        yield connected


def told_within(source: ImapSource, seconds: float) -> float | None:
    """Seconds until idle_check says the folder changed, None when it does not within ``seconds``."""
    started = monotonic()
    source.idle_start()
    try:
        while monotonic() - started < seconds:
            if source.idle_check(0.25):
                return monotonic() - started
        return None
    finally:
        source.idle_done()


def test_a_notice_in_the_same_packet_as_idles_continuation_is_told(imap: Dovecot, source: ImapSource) -> None:
    source.select("INBOX", fresh=True)
    deliver(imap, "With + idling")
    took = told_within(source, 3.0)
    assert took is not None and took < 1.0


def test_a_notice_in_the_answer_to_a_noop_is_told_by_the_idle_after_it(imap: Dovecot, source: ImapSource) -> None:
    source.select("INBOX", fresh=True)
    deliver(imap, "Told to the NOOP")
    source.noop()  # the server's one notice of it is in this answer
    took = told_within(source, 3.0)
    assert took is not None and took < 1.0


def test_what_a_select_counts_is_no_news(imap: Dovecot, source: ImapSource) -> None:
    deliver(imap, "Already there")
    source.select("INBOX", fresh=True)  # its answer says EXISTS 1: what the folder holds, not a change
    source.noop()
    assert told_within(source, 1.0) is None

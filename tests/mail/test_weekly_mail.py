"""The Monday report in the owner's inbox, against the real Dovecot: once per week across restarts and
a crash, read back with the stdlib email package (the chart inline in the HTML, the week's figures in
the PDF), set aside by LeakDesk's own capture, the faults as sentences, the review's Export menu and
the app's schedule, and ``leakdesk report --to-inbox`` (in the process, and main.py headless)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from leakdesk import cli
from leakdesk.clock import FakeClock
from leakdesk.domain import MessageRole
from leakdesk.errors import AuthFailed, MailError, SecretMissing, ServerUnreachable
from leakdesk.mail import service
from leakdesk.report.export import percent
from leakdesk.report.review import weekly_figures
from leakdesk.report.weekly_mail import SENT_WEEK, Delivered, remembered, send, send_due
from leakdesk.secrets import save_password
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.core.test_weekly_mail import week_of_leads
from tests.mail.conftest import mail, sync
from tests.support.command import ran, signed_in
from tests.support.dovecot import PASSWORD, USER, Dovecot, free_port
from ui.app import ui_settings
from ui.main_window import MainWindow
from ui.report_mail import render_report


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def reports_in(imap: Dovecot, folder: str = "INBOX") -> list[tuple[set[bytes], EmailMessage]]:
    """LeakDesk's reports in ``folder``: (flags, message), oldest first."""
    with imap.client() as c:
        c.select_folder(folder, readonly=True)
        found = c.fetch(c.search(["HEADER", "X-LeakDesk", "weekly-report"]), ["FLAGS", "BODY.PEEK[]"])
    out = []
    for uid in sorted(found):
        message = message_from_bytes(found[uid][b"BODY[]"], policy=policy.default)
        assert isinstance(message, EmailMessage)
        out.append((set(found[uid][b"FLAGS"]), message))
    return out


def pdf_text(message: EmailMessage) -> str:
    [pdf] = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    reader = PdfReader(io.BytesIO(pdf.get_content()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def add_inbox(store: Store, imap: Dovecot, clock: FakeClock) -> Account:
    return service.add_account(store, clock, host="127.0.0.1", port=imap.tls_port, user=USER, password=PASSWORD,
                               security="ssl", cafile=str(imap.cafile))


@pytest.fixture
def shop(imap: Dovecot, tmp_path: Path) -> Iterator[Path]:
    """A data folder whose inbox is the test server's, connected on 1 Sep 2026, with four leads in the
    week of 16 Nov 2026 (two answered at once, two never answered)."""
    path = tmp_path / "leakdesk.sqlite"
    store = Store.open(path)
    try:
        store.settings.set_many({"business.timezone": "Europe/London", "business.name": "Brightside Physio",
                                 "business.phone_region": "GB"})
        add_inbox(store, imap, FakeClock(utc(2026, 9, 1, 9, 0)))
        week_of_leads(store)
    finally:
        store.close()
    yield path


def scheduled(path: Path, clock: FakeClock) -> Delivered | None:
    """One check of the schedule on a fresh start of LeakDesk (a new store on the same data folder)."""
    store = Store.open(path)
    try:
        return send_due(store, clock, render_report)
    finally:
        store.close()


def test_the_monday_report_lands_once_a_week_across_restarts(qapp: object, imap: Dovecot, shop: Path) -> None:
    clock = FakeClock(utc(2026, 11, 23, 6, 59))                  # Monday, a minute before 07:00 in London
    assert scheduled(shop, clock) is None and reports_in(imap) == []
    clock.set(utc(2026, 11, 23, 7, 0))
    first = scheduled(shop, clock)
    assert first is not None and first.appended and first.week == date(2026, 11, 16)
    clock.set(utc(2026, 11, 23, 9, 30))                           # a restart on Monday morning
    assert scheduled(shop, clock) is None
    clock.set(utc(2026, 11, 24, 8, 0))                            # and on Tuesday
    assert scheduled(shop, clock) is None
    store = Store.open(shop)
    store.db.execute("DELETE FROM meta WHERE key = ?", [SENT_WEEK])  # a crash between the APPEND and remembering
    store.close()
    again = scheduled(shop, clock)
    assert again is not None and not again.appended
    assert again.message_id == first.message_id
    clock.set(utc(2026, 11, 30, 7, 30))                           # the next Monday
    second = scheduled(shop, clock)
    assert second is not None and second.appended and second.week == date(2026, 11, 23)
    clock.set(utc(2026, 12, 1, 10, 0))
    assert scheduled(shop, clock) is None
    store = Store.open(shop)
    try:
        assert remembered(store) == date(2026, 11, 23)
        [week] = weekly_figures(store, utc(2026, 11, 23, 7, 0), 2)[:1]
    finally:
        store.close()

    reports = reports_in(imap)
    assert len(reports) == 2                                         # two weeks, two reports: never three or four
    assert all(b"\\Seen" not in flags for flags, _ in reports)      # it arrives as new mail
    message = reports[0][1]
    assert message["Message-ID"] == first.message_id
    assert message["Subject"] == f"Weekly leakage, week of 16 Nov: {week.leaked} of {week.leads} leads leaked"
    assert (week.leads, week.leaked) == (4, 2)
    assert str(message["From"]) == f"LeakDesk <{USER}>" and message["To"].addresses[0].addr_spec == USER
    html_part = message.get_body(("html",))
    assert html_part is not None
    [image] = [p for p in message.walk() if p.get_content_type() == "image/png"]
    cid = image["Content-ID"].strip("<>")
    assert f"cid:{cid}" in html_part.get_content() and image.get_content_disposition() == "inline"
    assert image.get_content()[:8] == b"\x89PNG\r\n\x1a\n" and len(image.get_content()) > 5000
    text = pdf_text(message)
    assert "Week 2026-W47 (16–22 Nov 2026)" in text
    assert f"Leads {week.leads} " in text and f"Leaked {week.leaked} ({percent(week.leakage_rate, 1)})" in text
    assert reports[1][1]["Subject"] == "Weekly leakage, week of 23 Nov: no leads came in"


def test_capture_sets_the_report_aside_and_it_answers_no_lead(qapp: object, imap: Dovecot, mail_store: Store,
                                                              account: Account, clock: FakeClock) -> None:
    with imap.client() as c:
        c.append("INBOX", mail(sender="Ann Lee <ann@example.com>", subject="Knee pain"))
    sync(mail_store, account, clock)
    [lead] = mail_store.leads.all()
    mail_store.settings.set("report.to", "ann@example.com")  # addressed to a prospect, of all people
    send(mail_store, clock, render_report, weeks=2)
    sync(mail_store, account, clock)
    [report] = [m for m in mail_store.messages.records() if str(m["subject"]).startswith("Weekly leakage")]
    assert report["role"] == MessageRole.NOT_A_LEAD.value and report["reason"] == "LeakDesk's own weekly report"
    assert [x.id for x in mail_store.leads.all()] == [lead.id]
    assert mail_store.leads.get(lead.id).first_response_at is None   # the report is no team member's answer
    assert MessageRole.UNDECIDED.value not in {m["role"] for m in mail_store.messages.records()}


def test_known_faults_are_one_sentence_and_nothing_is_remembered(qapp: object, imap: Dovecot, shop: Path) -> None:
    clock = FakeClock(utc(2026, 11, 23, 8, 0))
    store = Store.open(shop)
    try:
        with pytest.raises(AuthFailed, match="refused the user name or password"):
            send(store, clock, render_report, scheduled=True, password_for=lambda _a: "not it")
        store.settings.set("report.folder", "Reports.Weekly")          # a name this server does not allow
        with pytest.raises(MailError, match=r"would not make the folder 'Reports\.Weekly' for the weekly report"):
            send(store, clock, render_report, scheduled=True)
        assert remembered(store) is None and reports_in(imap) == []
        store.settings.set("report.folder", "Reports")                 # a folder of its own: made, and listed
        send(store, clock, render_report, scheduled=True)
        assert len(reports_in(imap, "Reports")) == 1 and reports_in(imap) == []
        with imap.client() as c:
            assert "Reports" in [name for _, _, name in c.list_sub_folders()]
        down = store.accounts.get(store.accounts.all()[0].id)
        store.db.execute("UPDATE accounts SET port = ? WHERE id = ?", [free_port(), down.id])
        with pytest.raises(SecretMissing, match="No password is stored for"):  # the keyring knows that port not
            send(store, clock, render_report)
        with pytest.raises(ServerUnreachable, match=r"Nothing answers at 127\.0\.0\.1"):
            send(store, clock, render_report, password_for=lambda _a: PASSWORD)
        assert remembered(store) == date(2026, 11, 16)  # the one that went (to Reports)
    finally:
        store.close()


# -- in the app ------------------------------------------------------------------------------------
@pytest.fixture
def window(qtbot: QtBot, shop: Path, tmp_path: Path) -> Iterator[tuple[MainWindow, FakeClock]]:
    clock = FakeClock(utc(2026, 11, 24, 10, 0))                    # Tuesday
    store = Store.open(shop)
    w = MainWindow(store, clock, ui_settings(tmp_path))
    w.notifier.use_desktop = False
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.board_loaded, timeout=5000):
        w.show()
    yield w, clock
    w.close()
    store.close()


def test_send_this_weeks_report_now_from_the_export_menu(qtbot: QtBot, window: tuple[MainWindow, FakeClock],
                                                         imap: Dovecot) -> None:
    w, _ = window
    action = w.report_view.export_actions["send_report"]
    assert action.text() == "Send this week's report now"
    with qtbot.waitSignal(w.weekly_mail.delivered, timeout=30_000):
        action.trigger()
    assert w.statusBar().currentMessage() == ("The weekly report for the week of 16 Nov is in your inbox, "
                                              f"addressed to {USER}.")
    [(flags, message)] = reports_in(imap)
    assert b"\\Seen" not in flags and message["Subject"].startswith("Weekly leakage, week of 16 Nov:")
    assert not w.weekly_mail.check()                               # sent by hand: the schedule does not repeat it


def test_the_schedule_starts_once_the_inbox_is_caught_up(qtbot: QtBot, window: tuple[MainWindow, FakeClock],
                                                         imap: Dovecot) -> None:
    w, clock = window
    assert not w.weekly_mail.ticker.is_active()                    # nothing before the inbox is read
    w.weekly_mail.first_delay_ms = 300                             # a minute, in the app
    with qtbot.waitSignal(w.weekly_mail.delivered, timeout=30_000):
        w.mail.caught_up.emit()                                    # as the watcher's first finished check does
        assert w.weekly_mail.ticker.is_active()                    # then: Tuesday, and Monday's report is due
    assert w.statusBar().currentMessage() == "Last week's report is in your inbox."
    assert not w.weekly_mail.check()
    clock.set(utc(2026, 11, 30, 7, 5))
    with qtbot.waitSignal(w.weekly_mail.delivered, timeout=30_000):
        assert w.weekly_mail.check()
    assert [m["Subject"][:31] for _, m in reports_in(imap)] == ["Weekly leakage, week of 16 Nov:",
                                                                "Weekly leakage, week of 23 Nov:"]


def test_a_caught_up_notice_after_stopping_starts_no_schedule(window: tuple[MainWindow, FakeClock]) -> None:
    """The mail threads' last notice can arrive after the window stopped them (it was queued): it starts
    nothing, so no check runs later over a store that is closed by then."""
    w, _ = window
    w.weekly_mail.stop()
    w.mail.caught_up.emit()
    assert not w.weekly_mail.ticker.is_active() and w.weekly_mail.first_check is None


def test_a_scheduled_report_that_fails_says_why_once_and_tries_again_later(
        qtbot: QtBot, window: tuple[MainWindow, FakeClock], imap: Dovecot) -> None:
    w, clock = window
    w.store.db.execute("UPDATE accounts SET port = ?", [free_port()])  # the server is not there today
    save_password(service.password_key(w.store.accounts.all()[0]), PASSWORD)
    said: list[str] = []
    w.weekly_mail.said.connect(said.append)
    assert w.weekly_mail.check()
    qtbot.waitUntil(lambda: not w.weekly_mail.busy, timeout=30_000)
    assert said == ["The weekly report is not in your inbox yet: Nothing answers at 127.0.0.1:"
                    f"{w.store.accounts.all()[0].port}; check the server name, port and network."]
    assert not w.weekly_mail.check()                               # not again at the next tick
    clock.advance(minutes=31)
    assert w.weekly_mail.check()                                   # half an hour later it tries again
    qtbot.waitUntil(lambda: not w.weekly_mail.busy, timeout=30_000)
    assert len(said) == 1 and reports_in(imap) == []               # the same fault is said once


def test_without_an_inbox_the_menu_offers_to_connect_one(qtbot: QtBot, demo_store: Store, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    w = MainWindow(demo_store, FakeClock(utc(2026, 11, 24, 10, 0)), ui_settings(tmp_path))
    qtbot.addWidget(w)
    asked: list[str] = []
    monkeypatch.setattr(w, "ask", lambda box: asked.append(box.text()) or w.inbox_offer.buttons()[0])
    with qtbot.waitSignal(w.connect_requested, timeout=2000):
        w.report_view.export_actions["send_report"].trigger()
    assert asked == ["The weekly report goes into your inbox, and no inbox is connected yet."]
    w.close()


# -- the command line ------------------------------------------------------------------------------
def test_report_to_inbox_on_the_command_line(qapp: object, imap: Dovecot, shop: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    clock = FakeClock(utc(2026, 11, 25, 12, 0))
    args = ["--data-dir", str(shop.parent), "report", "--weeks", "4", "--to-inbox"]
    out = io.StringIO()
    assert cli.run(cli.build_parser().parse_args(args), clock, out, renderer=render_report) == 0
    assert out.getvalue().startswith(f"The weekly report for the week of 16 Nov 2026 is in INBOX of {USER}, "
                                     f"addressed to {USER} (<leakdesk-weekly.2026-11-16.")
    [(_, message)] = reports_in(imap)
    assert "4 weeks to Sun 22 Nov 2026" in pdf_text(message)
    assert cli.run(cli.build_parser().parse_args([*args, "--json"]), clock, io.StringIO(),
                   renderer=render_report) == 2
    assert cli.run(cli.build_parser().parse_args(args), clock, io.StringIO()) == 2
    said = capsys.readouterr().err
    assert "leave out --json and --csv" in said and "drawn by LeakDesk's window parts" in said
    assert "Traceback" not in said and len(reports_in(imap)) == 1


def test_main_py_puts_the_report_in_the_inbox_with_no_display(imap: Dovecot, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    env = signed_in(data, imap.port, monkeypatch)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    done = ran(data, "report", "--to-inbox", env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("The weekly report for the week of ") and f"is in INBOX of {USER}" in done.stdout
    assert len(done.stdout.splitlines()) == 1
    [(_, message)] = reports_in(imap)
    assert message["X-LeakDesk"] == "weekly-report"

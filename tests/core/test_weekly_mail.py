"""The weekly report mail without a server: when it is due (business time, DST, the chosen day,
remembered), what it says and how it is built, and that LeakDesk's own reading sets it aside.
The real APPEND, the Qt drawing and the app are in tests/mail/test_weekly_mail.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from html import escape

import pytest

from leakdesk.actions import LeadActions, NewLead
from leakdesk.clock import FakeClock
from leakdesk.domain import Channel
from leakdesk.domain.accounts import Account
from leakdesk.errors import MailError, SettingsError
from leakdesk.mail.classify import Context, Decision, classify
from leakdesk.mail.content import extract
from leakdesk.mail.parse import parse_message
from leakdesk.report import weekly_mail
from leakdesk.report.review import weekly_figures
from leakdesk.report.weekly_mail import Rendered, compose, due, prepare, remember, report_week, scheduled_id
from leakdesk.report.wording import weakest_sentence
from leakdesk.settings import Settings
from leakdesk.sla.policy import policy_from_settings
from leakdesk.store import Store

INBOX = Account(0, "front", "imap.clinic.test", 993, "front@clinic.test", address="front@clinic.test")
FAKE = Rendered(b"\x89PNG\r\n\x1a\n chart", b"%PDF-1.4 report")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.fixture
def shop(store: Store) -> Store:
    store.settings.set_many({"business.timezone": "Europe/London", "business.name": "Brightside Physio",
                             "business.phone_region": "GB"})
    store.accounts.add(INBOX, utc(2026, 9, 1, 9, 0))
    return store


# -- when -------------------------------------------------------------------------------------------
def test_due_from_seven_on_monday_for_the_last_full_week(shop: Store) -> None:
    assert due(shop, utc(2026, 11, 23, 6, 59)) is None           # Monday 06:59 in London (GMT)
    assert due(shop, utc(2026, 11, 23, 7, 0)) == date(2026, 11, 16)
    assert due(shop, utc(2026, 11, 29, 23, 59)) == date(2026, 11, 16)  # any later day of that week
    assert due(shop, utc(2026, 11, 22, 12, 0)) == date(2026, 11, 9)    # Sunday: the week before is the last full


def test_remembered_weeks_are_not_due_again_and_the_next_one_is(shop: Store) -> None:
    remember(shop, date(2026, 11, 16))
    assert due(shop, utc(2026, 11, 23, 9, 0)) is None
    assert due(shop, utc(2026, 11, 24, 9, 0)) is None             # Tuesday: still that week
    remember(shop, date(2026, 11, 9))                             # an older week never moves it back
    assert shop.meta.get(weekly_mail.SENT_WEEK) == "2026-11-16"
    assert due(shop, utc(2026, 11, 30, 6, 59)) is None
    assert due(shop, utc(2026, 11, 30, 7, 0)) == date(2026, 11, 23)


def test_a_tuesday_start_after_a_missed_monday_is_due(shop: Store) -> None:
    remember(shop, date(2026, 11, 9))
    assert due(shop, utc(2026, 11, 24, 8, 30)) == date(2026, 11, 16)


def test_missed_weeks_are_not_caught_up_one_by_one(shop: Store) -> None:
    remember(shop, date(2026, 10, 19))                            # LeakDesk was off for three weeks
    assert due(shop, utc(2026, 11, 23, 9, 0)) == date(2026, 11, 16)


def test_across_the_end_of_summer_time_in_london(shop: Store) -> None:
    # Monday 19 Oct 2026 is BST (07:00 = 06:00 UTC); Monday 26 Oct is GMT (07:00 = 07:00 UTC).
    assert due(shop, utc(2026, 10, 19, 5, 59)) is None
    assert due(shop, utc(2026, 10, 19, 6, 0)) == date(2026, 10, 12)
    remember(shop, date(2026, 10, 12))
    assert due(shop, utc(2026, 10, 26, 6, 59)) is None            # 06:59 GMT, an hour after 07:00 BST would be
    assert due(shop, utc(2026, 10, 26, 7, 0)) == date(2026, 10, 19)


def test_in_los_angeles_across_its_change_of_clocks(shop: Store) -> None:
    shop.settings.set("business.timezone", "America/Los_Angeles")
    assert due(shop, utc(2026, 10, 26, 13, 59)) is None           # Mon 06:59 PDT
    assert due(shop, utc(2026, 10, 26, 14, 0)) == date(2026, 10, 19)
    remember(shop, date(2026, 10, 19))
    assert due(shop, utc(2026, 11, 2, 14, 59)) is None            # Mon 06:59 PST (clocks went back on 1 Nov)
    assert due(shop, utc(2026, 11, 2, 15, 0)) == date(2026, 10, 26)


def test_in_sydney_monday_morning_is_sunday_in_utc(shop: Store) -> None:
    shop.settings.set("business.timezone", "Australia/Sydney")
    # Summer time began on Sunday 4 Oct 2026: Monday 5 Oct 07:00 AEDT is Sunday 20:00 UTC.
    assert due(shop, utc(2026, 10, 4, 19, 59)) is None
    assert due(shop, utc(2026, 10, 4, 20, 0)) == date(2026, 9, 28)
    policy = policy_from_settings(shop.settings.load())
    assert report_week(utc(2026, 10, 4, 20, 0), policy) == date(2026, 9, 28)


def test_the_chosen_day(shop: Store) -> None:
    shop.settings.set("report.day", "wednesday")
    assert due(shop, utc(2026, 11, 23, 9, 0)) is None             # Monday
    assert due(shop, utc(2026, 11, 24, 23, 0)) is None            # Tuesday
    assert due(shop, utc(2026, 11, 25, 6, 59)) is None
    assert due(shop, utc(2026, 11, 25, 7, 0)) == date(2026, 11, 16)
    assert due(shop, utc(2026, 11, 27, 9, 0)) == date(2026, 11, 16)  # Friday: Wednesday was missed


def test_off_when_turned_off_and_in_a_read_only_folder(shop: Store) -> None:
    shop.settings.set("report.weekly_mail", "no")
    assert due(shop, utc(2026, 11, 23, 9, 0)) is None
    shop.settings.set("report.weekly_mail", "yes")
    assert due(shop, utc(2026, 11, 23, 9, 0)) == date(2026, 11, 16)
    shop.db.execute("PRAGMA query_only = ON")  # a data folder that cannot be written could never remember it
    try:
        assert due(shop, utc(2026, 11, 23, 9, 0)) is None
    finally:
        shop.db.execute("PRAGMA query_only = OFF")


def test_never_for_the_demo(demo_store: Store) -> None:
    assert due(demo_store, utc(2026, 11, 23, 9, 0)) is None
    with pytest.raises(MailError, match="No inbox is connected yet"):
        prepare(demo_store, utc(2026, 11, 23, 9, 0))


# -- what it says ------------------------------------------------------------------------------------
def week_of_leads(store: Store) -> None:
    """Four leads in the week of 16 Nov 2026: two answered at once by Maya, two never answered (one
    with a name a stranger wrote)."""
    maya = store.people.add("Maya Patel", "MP", "#0072B2", ["maya@clinic.test"]).id
    for n, (name, answered) in enumerate((("Ann Lee", True), ("Bo Chan", True), ("Cy Dee", False),
                                          ("<img src=x onerror=alert(1)> Eve & co", False))):
        came = utc(2026, 11, 17 + n, 10, 0)
        LeadActions(store, FakeClock(came + timedelta(minutes=2))).add_lead(NewLead(
            Channel.PHONE, name, f"07700 90012{n}", "", "Knee assessment", came, maya if answered else None,
            answered))


def parsed(raw: bytes) -> EmailMessage:
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_the_mail_is_html_with_the_chart_inline_text_and_the_pdf(shop: Store) -> None:
    week_of_leads(shop)
    shop.settings.set("report.to", "owner@brightside.example")
    now = utc(2026, 11, 23, 8, 0)
    report = prepare(shop, now, weeks=4)
    assert report.week == date(2026, 11, 16) and [w.start for w in report.review.weeks][-1] == report.week
    assert len(report.review.weeks) == 4 and not report.figures.provisional
    [figures] = weekly_figures(shop, now, 2)[:1]
    assert (report.figures.leads, report.figures.leaked) == (figures.leads, figures.leaked) == (4, 2)
    message = parsed(compose(report, FAKE, now, scheduled_id(report.week, INBOX)).as_bytes())
    assert message["Subject"] == "Weekly leakage, week of 16 Nov: 2 of 4 leads leaked"
    assert str(message["From"]) == "LeakDesk <front@clinic.test>"
    assert message["To"].addresses[0].addr_spec == "owner@brightside.example"
    assert message["Message-ID"].startswith("<leakdesk-weekly.2026-11-16.")
    assert message["Auto-Submitted"] == "auto-generated" and message["X-LeakDesk"] == "weekly-report"
    assert message.get_content_type() == "multipart/mixed"
    alternative, pdf = message.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    plain, related = alternative.iter_parts()
    assert plain.get_content_type() == "text/plain" and related.get_content_type() == "multipart/related"
    html_part, image = related.iter_parts()
    assert image.get_content_type() == "image/png" and image.get_content_disposition() == "inline"
    assert image.get_content() == FAKE.png
    cid = image["Content-ID"].strip("<>")
    html = html_part.get_content()
    assert f"src='cid:{cid}'" in html
    assert pdf.get_content_type() == "application/pdf" and pdf.get_content_disposition() == "attachment"
    assert pdf.get_filename() == "LeakDesk weekly report 16-22 Nov 2026.pdf" and pdf.get_content() == FAKE.pdf
    assert "Last week 2 of 4 leads leaked (50%), most of them never answered (2). Rescue 2 now." in html
    assert "Brightside Physio" in html and escape(weakest_sentence(report.figures)) in html
    assert "Rescue now (2)" in html and "Cy Dee" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt; Eve &amp; co" in html  # escaped
    text = plain.get_content()
    assert "Last week 2 of 4 leads leaked (50%)" in text and "Leads                 4" in text
    assert "every Monday morning" in text


def test_the_scheduled_id_is_the_same_on_every_seat_and_new_each_week() -> None:
    other_seat = Account(7, "x", "IMAP.clinic.test", 993, "FRONT@clinic.test")
    assert scheduled_id(date(2026, 11, 16), INBOX) == scheduled_id(date(2026, 11, 16), other_seat)
    assert scheduled_id(date(2026, 11, 16), INBOX) != scheduled_id(date(2026, 11, 23), INBOX)
    assert weekly_mail.one_off_id(date(2026, 11, 16)) != weekly_mail.one_off_id(date(2026, 11, 16))


def test_addresses_are_checked_before_anything_is_drawn(shop: Store) -> None:
    shop.settings.set("report.to", "owner@example.com\r\nBcc: x@evil.test")
    with pytest.raises(SettingsError, match=r"report\.to must be one email address"):
        prepare(shop, utc(2026, 11, 23, 8, 0))
    shop.settings.set("report.to", "")
    nameless = Account(0, "shared", "mail.host.test", 993, "shared")
    with pytest.raises(SettingsError, match="does not know this inbox's own address"):
        weekly_mail.addresses(nameless, Settings({}))
    sender, to = weekly_mail.addresses(nameless, Settings({"report.to": "owner@brightside.example"}))
    assert str(sender) == "LeakDesk <owner@brightside.example>" and to.addr_spec == "owner@brightside.example"


def test_no_leads_says_so(shop: Store) -> None:
    report = prepare(shop, utc(2026, 11, 23, 8, 0), weeks=2)
    message = parsed(compose(report, FAKE, utc(2026, 11, 23, 8, 0), "<x@leakdesk.invalid>").as_bytes())
    assert message["Subject"] == "Weekly leakage, week of 16 Nov: no leads came in"
    assert "Last week no leads came in." in message.get_body(("html",)).get_content()  # type: ignore[union-attr]


# -- LeakDesk's own reading ----------------------------------------------------------------------------
def test_the_report_is_set_aside_by_the_inboxs_reading(shop: Store) -> None:
    week_of_leads(shop)
    report = prepare(shop, utc(2026, 11, 23, 8, 0), weeks=2)
    raw = compose(report, FAKE, utc(2026, 11, 23, 8, 0), scheduled_id(report.week, INBOX)).as_bytes()
    for team in (frozenset({"front@clinic.test"}), frozenset()):  # from the inbox's address, or not known as one
        verdict = classify(parse_message(raw), extract(raw), Context(team, region="GB"))
        assert verdict.decision is Decision.NOT_A_LEAD
        assert verdict.reason == "LeakDesk's own weekly report" and verdict.score <= -10


def test_the_header_alone_sets_nothing_aside() -> None:
    """Anyone can write X-LeakDesk: only a report of LeakDesk's own making (its Message-ID) is set aside."""
    raw = (b"From: Ann Lee <ann@example.org>\r\nTo: front@clinic.test\r\nSubject: Knee assessment price?\r\n"
           b"Message-ID: <abc123@example.org>\r\nX-LeakDesk: weekly-report\r\n"
           b"Date: Mon, 23 Nov 2026 09:00:00 +0000\r\n\r\n"
           b"Hello, how much is a knee assessment? Can I come on Saturday? Ann, 07700 900123\r\n")
    verdict = classify(parse_message(raw), extract(raw), Context(frozenset({"front@clinic.test"}), region="GB"))
    assert verdict.reason != "LeakDesk's own weekly report" and verdict.decision is not Decision.NOT_A_LEAD

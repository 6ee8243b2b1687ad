"""The weekly report in the owner's inbox, with no SMTP (issue 20).

Once a week, on the chosen day from 07:00 in the business's time zone (or
the first time LeakDesk runs later that week: it was not running on the
day), the last full week's review goes into the inbox as a mail: HTML
with the chart inline, a plain-text part, and the report PDF attached. It
is APPENDed over IMAP, never sent, arrives unread, and says
``X-LeakDesk: weekly-report``, so LeakDesk's own reading of the inbox sets
it aside (leakdesk.mail.classify).

Once per week: the week is remembered in the data folder (meta
``report.sent_week``), and before a scheduled APPEND the folder is searched
for the Message-ID that the week and the mailbox decide. So a restart, a
crash between the APPEND and remembering, or a second seat of the same
team (each runs its own schedule over the one mailbox) never lands it twice.

Drawing the chart and the PDF needs Qt, so a ``Renderer`` is given by the
caller (ui/report_mail.py). The work is three steps, each where it
belongs in the app: ``prepare`` (the review: the database, a pool thread),
the renderer (the GUI thread) and ``deliver`` (the network, a pool thread).
``send`` does the three in a row, for the command line.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid
from typing import Protocol
from zoneinfo import ZoneInfo

from leakdesk.clock import Clock
from leakdesk.domain.accounts import Account
from leakdesk.errors import ConnectionLost, MailError, ServerUnreachable, SettingsError
from leakdesk.mail.imap_source import ImapSource, Secret, clip
from leakdesk.mail.service import stored_password
from leakdesk.report.facts import week_of
from leakdesk.report.mail_body import html_body, pdf_name, subject, text_body
from leakdesk.report.review import Review, review
from leakdesk.report.weekly import WeekFigures
from leakdesk.settings import (
    BUSINESS_TIMEZONE,
    REPORT_DAY,
    REPORT_FOLDER,
    REPORT_TO,
    REPORT_WEEKLY_MAIL,
    WEEKDAYS,
    Settings,
)
from leakdesk.sla.policy import SlaPolicy
from leakdesk.store import Store

log = logging.getLogger(__name__)
SENT_WEEK = "report.sent_week"  # meta: the Monday (ISO date) of the last week reported
MORNING = time(7, 0)            # the report is due from this time of the chosen day, business time
REPORT_WEEKS = 12               # full weeks in the chart, the reported one last
HEADER, KIND = "X-LeakDesk", "weekly-report"
ID_DOMAIN = "leakdesk.invalid"  # Message-IDs and Content-IDs of LeakDesk's own making (RFC 2606)


@dataclass(frozen=True)
class Rendered:
    """What Qt draws of a report: the chart as PNG, the report as PDF."""

    png: bytes
    pdf: bytes


class Renderer(Protocol):
    """Draws the report (ui.report_mail.render_report): the chart of ``review.weeks`` with
    ``week_index`` selected, and the PDF of that week."""

    def __call__(self, review: Review, week_index: int, owners: dict[int, str], business: str) -> Rendered:
        ...


@dataclass(frozen=True)
class WeeklyReport:
    """One week's report, ready to draw and to deliver."""

    week: date                 # the Monday of the week reported
    review: Review             # its weeks end with the week reported; the rescue list is as of ``as_of``
    index: int                 # the reported week in review.weeks (the last)
    owners: dict[int, str]     # person id -> name (the rescue list's owners)
    business: str
    tz: ZoneInfo
    day: str                   # report.day: when the report comes (the mail says so)
    account: Account           # the inbox it goes into
    sender: Address
    to: Address
    folder: str

    @property
    def figures(self) -> WeekFigures:
        return self.review.weeks[self.index]


@dataclass(frozen=True)
class Delivered:
    week: date
    folder: str
    to: str
    message_id: str
    mailbox: str    # the inbox it went into (its address, or its user name)
    appended: bool  # False: the scheduled report was there already (another seat, or before a crash)


# -- when ------------------------------------------------------------------------------------------
def report_week(now: datetime, policy: SlaPolicy) -> date:
    """The Monday of the last full ISO week before ``now``, in the business's time zone."""
    return week_of(now, policy) - timedelta(weeks=1)


def remembered(store: Store) -> date | None:
    """The last week reported from this data folder (scheduled or by hand)."""
    text = store.meta.get(SENT_WEEK)
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def remember(store: Store, week: date) -> None:
    with store.transaction():
        sent = remembered(store)
        if sent is None or week > sent:
            store.meta.set(SENT_WEEK, week.isoformat())


def due(store: Store, now: datetime) -> date | None:
    """The week whose report is due now, or None.

    Due when the weekly mail is on, an inbox is connected (never for the demo), it is at or past
    07:00 on the chosen day of the current week in the business's time zone (or any later day of that
    week: LeakDesk was not running on the day), and the last full week is after the one last
    reported. Weeks missed altogether are not caught up: only the last full week is reported."""
    if not store.has_accounts() or store.read_only:
        return None
    settings = store.settings.load()
    if not settings[REPORT_WEEKLY_MAIL]:
        return None
    local = now.astimezone(settings[BUSINESS_TIMEZONE])
    if (local.weekday(), local.time()) < (WEEKDAYS.index(settings[REPORT_DAY]), MORNING):
        return None
    week = local.date() - timedelta(days=local.weekday() + 7)
    sent = remembered(store)
    return None if sent is not None and sent >= week else week


# -- what and to whom ------------------------------------------------------------------------------
def inbox_account(store: Store) -> Account:
    """The inbox the report goes into: the first one connected."""
    accounts = store.accounts.all()
    if not accounts:
        raise MailError("No inbox is connected yet, and the weekly report goes into one; connect it first "
                        "('leakdesk account add', or ☰ → Connect your inbox… in the app).")
    return accounts[0]


def _address(text: str, display: str, what: str) -> Address:
    user, at, domain = text.strip().partition("@")
    if not at or not user or "." not in domain or any(c in text.strip() for c in "\r\n<>,;\"() \t"):
        raise SettingsError(f"{what} must be one email address such as owner@example.com, not "
                            f"'{clip(text, 60)}'.")
    return Address(display_name=display, username=user, domain=domain)


def addresses(account: Account, settings: Settings) -> tuple[Address, Address]:
    """(From, To): from the inbox's own address as "LeakDesk", to report.to or the inbox itself."""
    to_text = settings[REPORT_TO]
    own = account.address
    if not own and not to_text:
        raise SettingsError(
            f"LeakDesk does not know this inbox's own address (its user name is '{clip(account.username, 40)}'), "
            "so the weekly report would have nobody to go to. Set report.to to the owner's address, or tell "
            "LeakDesk the inbox's address ('leakdesk account address hello@yourbusiness.com').")
    to = _address(to_text, "", "report.to") if to_text else _address(own or "", "", "The inbox's address")
    sender = _address(own, "LeakDesk", "The inbox's address") if own else Address("LeakDesk", to.username, to.domain)
    return sender, to


def prepare(store: Store, as_of: datetime, weeks: int = REPORT_WEEKS) -> WeeklyReport:
    """The report of the last full week before ``as_of``, with ``weeks`` full weeks in its chart
    (figures and rescue list as of ``as_of``). Raises a known error before any drawing when there is
    no inbox or no address to write to."""
    if weeks < 1:
        raise SettingsError(f"A weekly report shows 1 week or more, not {weeks}.")
    account = inbox_account(store)
    settings = store.settings.load()
    sender, to = addresses(account, settings)
    full = review(store, as_of, weeks + 1)  # the last week holds as_of: not over, not reported
    shown = replace(full, weeks=full.weeks[:-1])
    owners = {p.id: p.name for p in store.people.all(active_only=False)}
    return WeeklyReport(
        week=shown.weeks[-1].start, review=shown, index=len(shown.weeks) - 1, owners=owners,
        business=settings.text("business.name"), tz=settings[BUSINESS_TIMEZONE], day=settings[REPORT_DAY],
        account=account, sender=sender, to=to, folder=settings[REPORT_FOLDER] or "INBOX")


# -- the mail --------------------------------------------------------------------------------------
def scheduled_id(week: date, account: Account) -> str:
    """The scheduled report's Message-ID: the same for every seat of the mailbox, new each week."""
    mailbox = f"{account.username.lower()}@{account.host.lower()}"
    return f"<leakdesk-weekly.{week.isoformat()}.{hashlib.sha256(mailbox.encode()).hexdigest()[:12]}@{ID_DOMAIN}>"


def one_off_id(week: date) -> str:
    """A report sent by hand: a Message-ID of its own (it always lands)."""
    return f"<leakdesk-weekly.{week.isoformat()}.{secrets.token_hex(8)}@{ID_DOMAIN}>"


def compose(report: WeeklyReport, rendered: Rendered, at: datetime, message_id: str) -> EmailMessage:
    """multipart/mixed [ multipart/alternative [ text/plain, multipart/related [ text/html, the chart
    (image/png, inline) ] ], the report (application/pdf) ]; CRLF line ends, as APPEND wants them."""
    week = report.figures
    cid = make_msgid(idstring="chart", domain=ID_DOMAIN)  # '<…@leakdesk.invalid>'
    msg = EmailMessage(policy=SMTP)
    msg["From"] = report.sender
    msg["To"] = report.to
    msg["Subject"] = subject(week)
    msg["Date"] = format_datetime(at.astimezone(report.tz))
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-reply answers it
    msg[HEADER] = KIND
    msg.set_content(text_body(report.review, report.index, report.owners, report.business, report.tz,
                              report.day))
    msg.add_alternative(html_body(report.review, report.index, report.owners, report.business, report.tz,
                                  report.day, cid[1:-1]), subtype="html")
    html_part = msg.get_body(("html",))
    assert isinstance(html_part, EmailMessage)
    html_part.add_related(rendered.png, maintype="image", subtype="png", cid=cid, disposition="inline",
                          filename="leakage-chart.png")
    msg.add_attachment(rendered.pdf, maintype="application", subtype="pdf", filename=pdf_name(week))
    return msg


# -- into the mailbox ------------------------------------------------------------------------------
def _ensure_folder(source: ImapSource, folder: str) -> None:
    try:
        source.create_folder(folder, subscribe=True)
    except (ConnectionLost, ServerUnreachable):
        raise
    except MailError as exc:
        raise MailError(f"The mail server {source.account.host} would not make the folder '{clip(folder)}' for "
                        f"the weekly report ({clip(exc, 80)}); choose another in Settings → Figures "
                        "(report.folder).") from None


def _already_there(source: ImapSource, folder: str, message_id: str) -> bool:
    source.select(folder, fresh=True)
    return bool(source.uids_with_header("Message-ID", message_id))


def deliver(store: Store, clock: Clock, report: WeeklyReport, rendered: Rendered, scheduled: bool,
            password_for: Callable[[Account], Secret] = stored_password) -> Delivered:
    """APPEND the report, unread, to its folder (made if missing) and remember its week. A scheduled
    report that is in the folder already is not appended again; one sent by hand always is."""
    now = clock.now()
    message_id = scheduled_id(report.week, report.account) if scheduled else one_off_id(report.week)
    raw = compose(report, rendered, now, message_id).as_bytes()
    with ImapSource(report.account, password_for(report.account)) as source:
        _ensure_folder(source, report.folder)
        there = scheduled and _already_there(source, report.folder, message_id)
        if not there:
            source.append_new(report.folder, raw, now)
    remember(store, report.week)
    log.info("weekly report of %s %s %s (%s)", report.week, "found in" if there else "appended to", report.folder,
             message_id)
    return Delivered(report.week, report.folder, report.to.addr_spec, message_id,
                     report.account.address or report.account.username, appended=not there)


def send(store: Store, clock: Clock, renderer: Renderer, *, weeks: int = REPORT_WEEKS, as_of: datetime | None = None,
         scheduled: bool = False, password_for: Callable[[Account], Secret] = stored_password) -> Delivered:
    """Prepare, draw and deliver the report of the last full week before ``as_of`` (default now)."""
    report = prepare(store, as_of or clock.now(), weeks)
    rendered = renderer(report.review, report.index, report.owners, report.business)
    return deliver(store, clock, report, rendered, scheduled, password_for)


def send_due(store: Store, clock: Clock, renderer: Renderer,
             password_for: Callable[[Account], Secret] = stored_password) -> Delivered | None:
    """The scheduled report, when one is due (see ``due``); None when none is."""
    if due(store, clock.now()) is None:
        return None
    return send(store, clock, renderer, scheduled=True, password_for=password_for)


def said(delivered: Delivered, scheduled: bool) -> str:
    """The sentence for the status bar or the terminal."""
    where = "your inbox" if delivered.folder.upper() == "INBOX" else f"the mail folder {delivered.folder}"
    if scheduled:
        return f"Last week's report is in {where}."
    monday = delivered.week
    return (f"The weekly report for the week of {monday.day} {monday:%b} is in {where}, addressed to "
            f"{delivered.to}.")

"""The command line of DESIGN.md: the same code paths as the app.

``build_parser`` is shared with main.py; ``run`` executes a subcommand.
Errors are one sentence on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time as time_module
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO, TypeVar
from zoneinfo import ZoneInfo

from leakdesk import lead_records, paths
from leakdesk import settings as settings_mod
from leakdesk.actions import BY_HAND, LeadActions, NewLead
from leakdesk.capture.chat_import import import_chat
from leakdesk.capture.sync import sync_once
from leakdesk.clock import Clock, SystemClock
from leakdesk.domain import Channel, LostReason, Outcome
from leakdesk.domain.accounts import Account, SignIn
from leakdesk.errors import DatabaseBusy, LeakDeskError, MailError, SettingsError
from leakdesk.followup import prepare
from leakdesk.followup.service import FollowUp
from leakdesk.mail import service
from leakdesk.mail.imap_source import ImapSource
from leakdesk.mail.service import stored_password
from leakdesk.report import export as report_export
from leakdesk.report import pipeline, review, weekly_mail
from leakdesk.seats import decisions
from leakdesk.seats.exchange import compact, exchange, hello, invite, join, journal_account
from leakdesk.seats.seat import become, this_seat
from leakdesk.settings import BUSINESS_TIMEZONE
from leakdesk.sla.policy import calendar_from_settings
from leakdesk.store import Store
from leakdesk.store.backup import restore_newest
from leakdesk.store.database import storage_said
from leakdesk.workspace import Workspace


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="leakdesk", description="Stop enquiries leaking from a shared inbox.")
    parser.add_argument("--data-dir", metavar="DIR", help="use DIR instead of the user data folder")
    parser.add_argument("--demo", action="store_true", help="start from a fresh demo database")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    leads = sub.add_parser("leads", help="list every lead")
    leads.add_argument("--json", action="store_true", required=True, help="print a JSON array")
    messages = sub.add_parser("messages", help="list every stored message and what became of it")
    messages.add_argument("--json", action="store_true", required=True, help="print a JSON array")
    export = sub.add_parser("export", help="export leads")
    export.add_argument("--csv", metavar="FILE", required=True, help="write leads as CSV to FILE ('-' for stdout)")

    st = sub.add_parser("settings", help="list, read or change settings")
    st_sub = st.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    st_sub.add_parser("list", help="every setting with its value")
    get = st_sub.add_parser("get", help="one setting's value")
    get.add_argument("key")
    set_ = st_sub.add_parser("set", help="change a setting")
    set_.add_argument("key")
    set_.add_argument("value")

    rules = sub.add_parser("rules", help="how mail is classified: ignore, web form, lead, channel rules")
    rules_sub = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    rules_sub.add_parser("list", help="every rule")
    for verb in ("add", "remove"):
        r = rules_sub.add_parser(verb, help=f"{verb} a rule")
        r.add_argument("kind", choices=("ignore_sender", "ignore_domain", "form_sender", "lead_sender", "channel"))
        r.add_argument("pattern", help="an address, a domain, or text in the sender or subject (channel rules)")
        if verb == "add":
            r.add_argument("channel", nargs="?", help="for channel rules: web_form, email, referral, phone, ...")

    account = sub.add_parser("account", help="connect a shared inbox")
    account_sub = account.add_subparsers(dest="account_command", metavar="ACTION", required=True)
    add = account_sub.add_parser("add", help="add an IMAP account (a password, or --oauth to sign in)")
    add.add_argument("--host", help="the IMAP server (with --oauth: the provider's, unless given)")
    add.add_argument("--port", type=int, help="default: 993 for ssl, 143 for starttls and none")
    add.add_argument("--user", required=True)
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.add_argument("--security", choices=("ssl", "starttls", "none"), default="ssl")
    add.add_argument("--cafile")
    add.add_argument("--inbox", default="INBOX")
    add.add_argument("--sent-folder")
    add.add_argument("--team-address", action="append", default=[], help="a team member's address (repeat)")
    add.add_argument("--address", help="the inbox's own address, when the user name is not one (drafts are "
                                       "written from it)")
    add.add_argument("--oauth", choices=("microsoft", "google"),
                     help="sign in with Microsoft 365 / Outlook.com or Google in the browser instead of a password")
    add.add_argument("--mailbox", metavar="SHARED_ADDRESS",
                     help="with --oauth microsoft: a shared mailbox that --user is a delegate of")
    add.add_argument("--device-code", action="store_true",
                     help="with --oauth microsoft: sign in with a code on any device instead of this computer's "
                          "browser")
    again = account_sub.add_parser("sign-in", help="sign in again to an OAuth2 account (revoked or expired)")
    again.add_argument("--account", type=int, metavar="ID", help="which account (see 'account list')")
    again.add_argument("--device-code", action="store_true", help="Microsoft: sign in with a code instead")
    account_sub.add_parser("list", help="the connected accounts")
    address = account_sub.add_parser("address", help="tell LeakDesk the inbox's own address")
    address.add_argument("address")
    address.add_argument("--account", type=int, metavar="ID", help="which account (see 'account list')")
    seat = sub.add_parser("seat", help="several seats, one inbox: the team's work shared through the mail server")
    seat_sub = seat.add_subparsers(dest="seat_command", metavar="ACTION", required=True)
    seat_sub.add_parser("init", help="make this data folder the team's first seat").add_argument("name")
    seat_sub.add_parser("invite", help="show a pairing code for a new seat (valid for a day, once)")
    pair = seat_sub.add_parser("pair", help="join the team with a code shown on one of its seats")
    pair.add_argument("code")
    pair.add_argument("--name", required=True, help="this seat's name, e.g. 'Front desk'")
    seat_sub.add_parser("list", help="this seat and the others, with when each was last heard from")
    seat_sub.add_parser("compact", help="snapshot the journal and remove entries past the grace period")
    lead = sub.add_parser("lead", help="act on a lead as a team member (travels to the other seats)")
    lead_sub = lead.add_subparsers(dest="lead_command", metavar="ACTION", required=True)
    new = lead_sub.add_parser("add", help="a lead that never was an email: a call, a walk-in, WhatsApp, ...")
    new.add_argument("--channel", required=True, choices=[c.value for c in BY_HAND])
    new.add_argument("--name", default="")
    new.add_argument("--phone", default="")
    new.add_argument("--email", default="")
    new.add_argument("--asked", default="", help="what they asked, in a few words")
    new.add_argument("--at", help="when it came in: HH:MM today or 'YYYY-MM-DD HH:MM', business time (default now)")
    new.add_argument("--taken-by", metavar="PERSON", help="who took it (becomes the owner); default nobody yet")
    new.add_argument("--answered", action="store_true", help="it was answered when it came in (a first response)")
    for verb, extra in (("claim", ()), ("assign", ("person",)), ("note", ("text",)), ("close", ("outcome",))):
        act = lead_sub.add_parser(verb, help=f"{verb} a lead")
        act.add_argument("lead_id", type=int, metavar="LEAD_ID")
        for name in extra:
            act.add_argument(name)
        act.add_argument("--as", dest="actor", required=True, metavar="PERSON", help="who does it (a team member)")
        if verb == "close":
            act.add_argument("--reason", help="why a lost lead was lost (price, competitor, no_reply, ...)")
            act.add_argument("--revisit", help="for not_ready: the date to come back (YYYY-MM-DD)")
    imports = sub.add_parser("import", help="bring in enquiries that came by another channel")
    imports_sub = imports.add_subparsers(dest="import_command", metavar="WHAT", required=True)
    chat = imports_sub.add_parser("whatsapp", help="a WhatsApp 'Export chat' file (.txt, or .zip with media)")
    chat.add_argument("file", type=Path)
    chat.add_argument("--name", help="the customer's name as the chat shows it (default: from the file's name)")
    chat.add_argument("--phone", default="", help="the customer's phone number, when the chat shows only a name")
    sync = sub.add_parser("sync", help="fetch new mail from every account (and exchange the team's journal)")
    sync.add_argument("--once", action="store_true")
    draft = sub.add_parser("draft", help="put a reply draft for a lead in the inbox's Drafts folder")
    draft.add_argument("lead_id", type=int, metavar="LEAD_ID", nargs="?")
    draft.add_argument("--template", help="which template (see 'templates list'); default: the lead's next step's,"
                                          " else the acknowledgement")
    draft.add_argument("--due", action="store_true", help="instead of one lead: every draft due today")
    templates = sub.add_parser("templates", help="reply templates")
    templates.add_subparsers(dest="templates_command", metavar="ACTION", required=True).add_parser(
        "list", help="every template")
    report = sub.add_parser("report", help="weekly leakage figures (shared/LEAKAGE.md)")
    report.add_argument("--weeks", type=int, default=12, metavar="N", help="the last N weeks (default 12)")
    report.add_argument("--json", action="store_true", help="print the weekly objects as a JSON array")
    report.add_argument("--csv", metavar="FILE", help="write the weekly figures as CSV to FILE ('-' for stdout)")
    report.add_argument("--as-of", metavar="ISO", help="evaluate as of this moment (default: now)")
    report.add_argument("--to-inbox", action="store_true",
                        help="put the last full week's report (the weekly mail: chart and PDF) in the inbox now")
    pipe = sub.add_parser("pipeline", help="leads per stage, time in stage, moves and stuck leads "
                                           "(docs/pipeline-figures.md)")
    pipe.add_argument("--weeks", type=int, default=12, metavar="N", help="count moves over the last N weeks "
                                                                        "(default 12)")
    pipe.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    sub.add_parser("restore", help="put the newest good backup in place of a damaged database (kept beside it)")
    return parser


BUSY_RETRIES = (1.0, 2.0)  # seconds to wait before trying a busy database again


def run(args: argparse.Namespace, clock: Clock | None = None, out: TextIO | None = None,
        stdin: TextIO | None = None, renderer: weekly_mail.Renderer | None = None) -> int:
    """Run one command; a known failure is one sentence on stderr and its own exit status. ``renderer``
    draws the weekly report's chart and PDF for ``report --to-inbox`` (Qt: main.py gives it)."""
    clock = clock or SystemClock()
    out = out or sys.stdout
    stdin = stdin or sys.stdin
    waits = list(BUSY_RETRIES)
    while True:
        buffer = io.StringIO()  # a retried command must not print twice
        try:
            with storage_said(paths.data_dir(args.data_dir)):
                code = _run(args, clock, buffer, stdin, renderer)
        except DatabaseBusy as exc:
            if waits:
                pause = waits.pop(0)
                print(f"leakdesk: the database is busy; trying again in {pause:.0f} s.", file=sys.stderr)
                time_module.sleep(pause)
                continue
            return _said(exc)
        except LeakDeskError as exc:
            return _said(exc)
        out.write(buffer.getvalue())
        return code


def _said(exc: LeakDeskError) -> int:
    print(f"leakdesk: {exc}", file=sys.stderr)
    return exc.exit_code


def _draft(args: argparse.Namespace, store: Store, clock: Clock, out: TextIO) -> None:
    if args.due == (args.lead_id is not None):
        raise SettingsError("Give either a LEAD_ID or --due.")
    if args.lead_id is not None:
        print(prepare.prepare_draft(store, clock, args.lead_id, args.template).message_id, file=out)
        print(prepare.READY, file=sys.stderr)
        return
    due = FollowUp(store, clock).due_today()
    ready = 0
    for step in prepare.prepare_many(store, clock, due):
        if step.problem:
            print(f"lead {step.lead_id}: {step.problem}", file=sys.stderr)
        else:
            ready += 1
            print(f"{step.lead_id}\t{step.message_id}", file=out)
    print(f"{ready} of {len(due)} drafts due today are ready in your mail client's Drafts folder.", file=sys.stderr)


def _run(args: argparse.Namespace, clock: Clock, out: TextIO, stdin: TextIO,
         renderer: weekly_mail.Renderer | None = None) -> int:
    workspace = Workspace(paths.data_dir(args.data_dir))
    if args.command == "restore":
        used = restore_newest(workspace.real_path, workspace.data_dir / "backups",
                              clock.now().strftime("%Y%m%d-%H%M%S"))
        print(f"Restored the database from {used.name}; the damaged file is kept beside it.", file=sys.stderr)
        return 0
    moved = workspace.adopt_demo_settings()
    if moved:
        print(f"Moved the settings you made before connecting an inbox to your business: {', '.join(moved)}.",
              file=sys.stderr)
    if args.command in ("account", "sync", "rules", "draft", "seat", "lead", "import") or \
            (args.command == "report" and args.to_inbox):
        store = workspace.open_real(verify=True)
    elif args.command in ("settings", "templates"):  # the business's own, whatever the board shows
        store = workspace.settings_store()
    else:
        store, _ = workspace.open(clock, fresh_demo=args.demo, verify=True)
    try:
        now = clock.now()
        if args.command == "leads":
            json.dump(list(lead_records.lead_records(store, now)), out, indent=1, ensure_ascii=False)
            out.write("\n")
        elif args.command == "messages":
            json.dump(store.messages.records(), out, indent=1, ensure_ascii=False)
            out.write("\n")
        elif args.command == "export":
            count = _write_csv(args.csv, out, lambda f: lead_records.write_csv(store, now, f))
            print(f"Exported {count} leads.", file=sys.stderr)
        elif args.command == "settings":
            _settings(args, store, out)
        elif args.command == "rules":
            _rules(args, store, clock, out)
        elif args.command == "account":
            _account(args, store, clock, out, stdin)
        elif args.command == "sync":
            _sync(store, clock)
        elif args.command == "seat":
            _seat(args, store, clock, out)
        elif args.command == "lead":
            _lead(args, store, clock)
        elif args.command == "import":
            try:
                data = args.file.read_bytes()
            except OSError as exc:
                raise LeakDeskError(f"LeakDesk cannot read {args.file} ({exc.strerror or exc}).") from None
            done = import_chat(store, clock, data, args.file.name, args.name, args.phone)
            print(f"{'New lead' if done.new_lead else 'Lead'} {done.lead_id} ({done.contact}): {done.added} message"
                  f"{'s' if done.added != 1 else ''} added, {done.already} already there.", file=sys.stderr)
        elif args.command == "draft":
            _draft(args, store, clock, out)
        elif args.command == "templates":
            for t in store.templates.all():
                kind = "shipped" if t.builtin and not store.templates.is_edited(t.name) else \
                    "edited" if t.builtin else "own"
                print(f"{t.name:<14} {kind:<8} {t.title}", file=out)
        elif args.command == "report":
            if args.to_inbox:
                _report_to_inbox(args, store, clock, out, renderer)
            else:
                _report(args, store, now, out)
        elif args.command == "pipeline":
            _pipeline(args, store, now, out)
        return 0
    finally:
        store.close()


def _as_of(text: str | None, now: datetime, tz: ZoneInfo) -> datetime:
    """--as-of: an ISO moment; without an offset it is business time, a bare date means the end of that day."""
    if text is None:
        return now
    try:
        if len(text.strip()) == 10:
            day = date.fromisoformat(text.strip())
            return datetime.combine(day + timedelta(days=1), time(0), tz) - timedelta(microseconds=1)
        at = datetime.fromisoformat(text.strip())
    except ValueError:
        raise SettingsError(f"--as-of must be a date or time such as 2026-11-15 or 2026-11-15T17:00+00:00, "
                            f"not '{text}'.") from None
    return at if at.tzinfo is not None else at.replace(tzinfo=tz)


def _write_csv(target: str, out: TextIO, write: Callable[[TextIO], int]) -> int:
    """CSV to standard output ('-') or to a file; returns the rows written."""
    if target == "-":
        return write(out)
    with Path(target).open("w", newline="", encoding="utf-8") as f:
        return write(f)


def _report(args: argparse.Namespace, store: Store, now: datetime, out: TextIO) -> None:
    if not 1 <= args.weeks <= 520:
        raise SettingsError(f"--weeks must be a number of weeks from 1 to 520, not {args.weeks}.")
    as_of = _as_of(args.as_of, now, store.settings.load()[BUSINESS_TIMEZONE])
    weeks = review.weekly_figures(store, as_of, args.weeks)
    if args.json:
        json.dump([w.to_json() for w in weeks], out, indent=1)
        out.write("\n")
    elif args.csv:
        _write_csv(args.csv, out, lambda f: report_export.write_weeks_csv(weeks, f))
        if args.csv != "-":
            print(f"Wrote {len(weeks)} weeks to {args.csv}.", file=sys.stderr)
    else:
        out.write(report_export.weeks_table(weeks))


def _pipeline(args: argparse.Namespace, store: Store, now: datetime, out: TextIO) -> None:
    if not 1 <= args.weeks <= 520:
        raise SettingsError(f"--weeks must be a number of weeks from 1 to 520, not {args.weeks}.")
    settings = store.settings.load()
    figures = pipeline.pipeline_of(store, now, args.weeks)
    if args.json:
        json.dump(pipeline.to_json(figures), out, indent=1)
        out.write("\n")
        return
    day = pipeline.day_minutes(calendar_from_settings(settings))
    print(f"{'Stage':<10} {'Open':>5} {'Median':>11} {'p90':>11} {'Moved on':>9} {'Converted':>9} {'Stuck':>6} "
          f"{'No step':>8} {'No owner':>8}", file=out)
    for s in figures.stages:
        print(f"{pipeline.STAGE_LABELS[s.stage]:<10} {s.open:>5} {pipeline.days_text(s.median_minutes, day):>11} "
              f"{pipeline.days_text(s.p90_minutes, day):>11} {s.moved_on:>9} {report_export.percent(s.conversion):>9} "
              f"{s.stuck:>6} {s.no_next_step:>8} {s.no_owner:>8}", file=out)
    print(pipeline.sentence(figures), file=out)


def _report_to_inbox(args: argparse.Namespace, store: Store, clock: Clock, out: TextIO,
                     renderer: weekly_mail.Renderer | None) -> None:
    """``report --to-inbox``: the weekly mail now, by hand (the report day does not send it again)."""
    if args.json or args.csv:
        raise SettingsError("--to-inbox puts the report in the inbox; leave out --json and --csv.")
    if not 1 <= args.weeks <= 520:
        raise SettingsError(f"--weeks must be a number of weeks from 1 to 520, not {args.weeks}.")
    if renderer is None:
        raise LeakDeskError("The weekly report's chart and PDF are drawn by LeakDesk's window parts, which this "
                            "command was started without; run it as 'leakdesk report --to-inbox'.")
    as_of = _as_of(args.as_of, clock.now(), store.settings.load()[BUSINESS_TIMEZONE])
    done = weekly_mail.send(store, clock, renderer, weeks=args.weeks, as_of=as_of)
    monday = done.week
    print(f"The weekly report for the week of {monday.day} {monday:%b %Y} is in {done.folder} of {done.mailbox}, "
          f"addressed to {done.to} ({done.message_id}).", file=out)


def _account(args: argparse.Namespace, store: Store, clock: Clock, out: TextIO, stdin: TextIO) -> None:
    if args.account_command == "list":
        for a in store.accounts.all():
            print(f"{a.id}  {a.address or a.username} (user {a.username}) on {a.host}:{a.port} ({a.security}), "
                  f"inbox {a.inbox}, sent {a.sent_folder or '(found on first sync)'}", file=out)
        return
    if args.account_command == "address":
        account = service.set_address(store, args.address, args.account)
        print(f"{account.username}: the inbox's address is now {account.address}.", file=sys.stderr)
        return
    if args.account_command == "sign-in":
        account = _oauth_account(store, args.account)
        signed = _sign_in(store, account.sign_in, account.signed_in_as or account.username, args.device_code)
        account = service.sign_in_again(store, account, signed)
        print(f"Signed in again to {account.username} as {account.signed_in_as}; the app and 'sync' use it now.",
              file=sys.stderr)
        return
    if args.oauth:
        if args.password_stdin:
            raise MailError("--oauth signs in in the browser; leave out --password-stdin.")
        signed = _sign_in(store, SignIn(args.oauth), args.user, args.device_code)
        account = service.add_oauth_account(
            store, clock, signed, args.user, args.mailbox, host=args.host, port=args.port, security=args.security,
            cafile=args.cafile, inbox=args.inbox, sent_folder=args.sent_folder,
            team_addresses=tuple(args.team_address))
        shared = f" (the shared mailbox, as {account.signed_in_as})" if account.delegated else ""
        print(f"Signed in with {signed.app.name} and connected {account.username}{shared} on {account.host}; run "
              "'leakdesk sync --once' or start the app to import its history.", file=sys.stderr)
        return
    if not args.host:
        raise MailError("Give the IMAP server with --host (or sign in with --oauth microsoft|google).")
    if not args.password_stdin:
        raise MailError("Give the password on standard input with --password-stdin (never on the command line).")
    password = stdin.readline().rstrip("\r\n")
    account = service.add_account(
        store, clock, host=args.host, user=args.user, password=password, port=args.port, security=args.security,
        cafile=args.cafile, inbox=args.inbox, sent_folder=args.sent_folder, team_addresses=tuple(args.team_address),
        address=args.address)
    known = f" as {account.address}" if account.address and account.address != account.username else ""
    print(f"Connected {account.username}{known} on {account.host}:{account.port}; run 'leakdesk sync --once' "
          "or start the app to import its history.", file=sys.stderr)


def _sign_in(store: Store, provider: SignIn, address: str, device_code: bool) -> service.SignedIn:
    """The browser sign-in (or Microsoft's device code) from the command line: it says where to go and waits."""
    name = provider.value.capitalize()

    def show_code(message: str, url: str, code: str) -> None:
        print(message or f"Open {url} on any device and enter the code {code}.", file=sys.stderr, flush=True)

    if not device_code:
        print(f"Opening {name}'s sign-in page in your browser; waiting up to 5 minutes for you to finish there "
              "(if no browser opens, the address to open is printed below).", file=sys.stderr, flush=True)
    return service.sign_in(provider, address, store.settings.stored(), show_code=show_code if device_code else None)


def _oauth_account(store: Store, account_id: int | None) -> Account:
    accounts = [a for a in store.accounts.all() if account_id in (None, a.id)]
    if account_id is not None and not accounts:
        raise MailError(f"There is no account {account_id}; 'leakdesk account list' shows them.")
    oauth = [a for a in accounts if a.sign_in != SignIn.PASSWORD]
    if not oauth:
        raise MailError("No inbox here signs in with Microsoft or Google; change a password with the app's "
                        "Settings > Inbox.")
    if len(oauth) > 1:
        raise MailError("More than one inbox signs in with OAuth2; say which with --account ID.")
    return oauth[0]


def _rules(args: argparse.Namespace, store: Store, clock: Clock, out: TextIO) -> None:
    if args.rules_command == "list":
        for kind, pattern, value in store.rules.all():
            print(f"{kind:<14} {pattern}{'  -> ' + value if value else ''}", file=out)
    elif args.rules_command == "add":
        if args.kind == "channel" and args.channel not in {c.value for c in Channel}:
            raise LeakDeskError("A channel rule needs a channel: web_form, email, referral, phone, whatsapp, "
                                "chat or other.")
        decisions.add_rule(store, clock, args.kind, args.pattern, args.channel if args.kind == "channel" else None)
        print(f"Added rule: {args.kind} {args.pattern}{' → ' + args.channel if args.channel else ''}.",
              file=sys.stderr)
    else:
        decisions.remove_rule(store, args.kind, args.pattern)
        print(f"Removed rule: {args.kind} {args.pattern}.", file=sys.stderr)


T = TypeVar("T")


def _sync(store: Store, clock: Clock) -> None:
    if not store.accounts.all():
        raise MailError("No inbox is connected yet; add one with 'leakdesk account add'.")
    last = None
    for progress in sync_once(store, clock):
        if progress.done in (0, progress.total) or last is None or progress.folder != last.folder:
            print(progress.line(), file=sys.stderr)
        last = progress
    print(f"Synced; {store.messages.count()} messages stored.", file=sys.stderr)
    if this_seat(store) is not None:
        done = _journal(store, clock, lambda source, tz: exchange(store, source, clock, tz))
        for sentence in done.said:
            print(sentence, file=sys.stderr)
        print(f"Team journal: {done.sent} sent, {done.applied} applied.", file=sys.stderr)
        if done.problem:
            raise MailError(done.problem)


def _journal(store: Store, clock: Clock, work: Callable[[ImapSource, ZoneInfo], T]) -> T:
    """Run ``work`` on the journal's server: the first inbox's."""
    account = journal_account(store)
    if account is None:
        raise MailError("No inbox is connected yet; add one with 'leakdesk account add' first (each seat reads "
                        "the inbox itself).")
    tz = store.settings.load()[BUSINESS_TIMEZONE]
    with ImapSource(account, stored_password(account)) as source:
        return work(source, tz)


def _seat(args: argparse.Namespace, store: Store, clock: Clock, out: TextIO) -> None:
    if args.seat_command == "init":
        if this_seat(store) is not None:
            raise LeakDeskError("This data folder is a seat already ('leakdesk seat list').")
        seat = become(store, args.name)
        hello(store, seat)
        print(f"This seat is '{seat.name}', the team's first. Add another with 'leakdesk seat invite' here and "
              "'leakdesk seat pair CODE' there.", file=sys.stderr)
    elif args.seat_command == "invite":
        code = _journal(store, clock, lambda source, tz: invite(store, source, clock))
        print(code, file=out)
        print("On the new seat: 'leakdesk seat pair CODE --name NAME' (or Settings > Seats). The code works once, "
              "for a day.", file=sys.stderr)
    elif args.seat_command == "pair":
        if this_seat(store) is not None:
            raise LeakDeskError("This data folder is a seat already ('leakdesk seat list').")
        seat, by = _journal(store, clock, lambda source, tz: join(store, source, clock, args.code, args.name))
        print(f"Paired with {by}'s team as '{seat.name}'; 'leakdesk sync --once' brings the team's work.",
              file=sys.stderr)
    elif args.seat_command == "compact":
        removed = _journal(store, clock, lambda source, tz: compact(store, source, clock, tz))
        print(f"Compacted: a snapshot written, {removed} old entries removed.", file=sys.stderr)
    else:
        here = this_seat(store)
        if here is None:
            raise LeakDeskError("This data folder is not a seat; 'leakdesk seat init NAME' starts a team.")
        print(f"{here.name} (this seat)", file=out)
        tz = store.settings.load()[BUSINESS_TIMEZONE]
        for other in store.journal.seats():
            if other.seat_id == here.id:
                continue
            print(f"{other.name}{' (removed)' if other.removed else ''}, last heard {other.heard(tz)}", file=out)


def _when(text: str, clock: Clock, tz: ZoneInfo) -> datetime:
    """'9:10' (today) or '2026-11-30 09:10', in the business's time zone."""
    try:
        if len(text.strip()) <= 5:
            hour, _, minute = text.strip().partition(":")
            day = clock.now().astimezone(tz).date()
            return datetime.combine(day, time(int(hour), int(minute or 0)), tz)
        return datetime.fromisoformat(text.strip()).replace(tzinfo=tz)
    except ValueError:
        raise LeakDeskError(f"'{text}' is not a time; write 9:10 for today, or 2026-11-30 09:10.") from None


def _lead(args: argparse.Namespace, store: Store, clock: Clock) -> None:
    people = {p.name.lower(): p for p in store.people.all()}
    if args.lead_command == "add":
        taker = people.get(args.taken_by.strip().lower()) if args.taken_by else None
        if args.taken_by and taker is None:
            raise LeakDeskError(f"There is no team member called '{args.taken_by}'.")
        tz = store.settings.load()[BUSINESS_TIMEZONE]
        added = LeadActions(store, clock).add_lead(NewLead(
            Channel(args.channel), args.name, args.phone, args.email, args.asked,
            _when(args.at, clock, tz) if args.at else None, taker.id if taker else None, args.answered))
        print(f"Lead {added.id} ({added.contact_name}) added{', owned by ' + taker.name if taker else ''}.",
              file=sys.stderr)
        return
    actor = people.get(args.actor.strip().lower())
    if actor is None:
        raise LeakDeskError(f"There is no team member called '{args.actor}'; the team is "
                            f"{', '.join(p.name for p in store.people.all()) or 'empty'}.")
    actions = LeadActions(store, clock)
    if args.lead_command == "claim":
        lead = actions.claim(args.lead_id, actor.id)
    elif args.lead_command == "assign":
        to = people.get(args.person.strip().lower())
        if to is None:
            raise LeakDeskError(f"There is no team member called '{args.person}'.")
        lead = actions.assign(args.lead_id, to.id, actor.id)
    elif args.lead_command == "note":
        lead = actions.add_note(args.lead_id, actor.id, args.text)
    else:
        try:
            outcome = Outcome(args.outcome)
            reason = LostReason(args.reason) if args.reason else None
        except ValueError:
            raise LeakDeskError(f"'{args.outcome}' is not an outcome; use one of "
                                f"{', '.join(o.value for o in Outcome)}.") from None
        revisit = date.fromisoformat(args.revisit) if args.revisit else None
        lead = actions.close(args.lead_id, actor.id, outcome, reason, revisit_on=revisit)
    print(f"Lead {lead.id} ({lead.contact_name}): {args.lead_command} done"
          f"{'; it goes to the other seats at the next sync' if this_seat(store) else ''}.", file=sys.stderr)


NOT_CONNECTED = ("No inbox is connected yet: these are your business's settings (the demo shows its own "
                 "business); they apply when you connect one.")


def _settings(args: argparse.Namespace, store: Store, out: TextIO) -> None:
    repo = store.settings
    current = repo.load()
    if args.settings_command == "list":
        if not store.has_accounts():
            print(NOT_CONNECTED, file=sys.stderr)
        width = max(len(s.name) for s in settings_mod.SETTINGS)
        for s in settings_mod.SETTINGS:
            mark = "" if current.is_default(s.name) else "  (set)"
            print(f"{s.name:<{width}}  {current.text(s.name)}{mark}", file=out)
    elif args.settings_command == "get":
        print(current.text(args.key), file=out)
    else:
        before, after = repo.change(args.key, args.value)
        if before != after:
            decisions.share_settings(store, {args.key: repo.stored().get(args.key, args.value.strip())})
        note = "" if store.has_accounts() else " (saved for your business; the demo keeps its own)"
        print(f"{args.key}: {before} → {after}{note}" if before != after else f"{args.key}: {after} (unchanged)",
              file=sys.stderr)



"""The command line of DESIGN.md: the same code paths as the app.

``build_parser`` is shared with main.py; ``run`` executes a subcommand.
Errors are one sentence on stderr and a non-zero exit.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from leakdesk import lead_records, paths
from leakdesk import settings as settings_mod
from leakdesk.clock import Clock, SystemClock
from leakdesk.domain import Message
from leakdesk.errors import LeakDeskError, NotAvailableYet
from leakdesk.store.settings_repo import SettingsRepository
from leakdesk.workspace import Workspace

LATER = {
    "account": "Connecting an inbox ('leakdesk account add') is not available yet; it comes with mail capture.",
    "sync": "Syncing mail ('leakdesk sync') is not available yet; it comes with mail capture.",
    "report": "Weekly reports ('leakdesk report') are not available yet; they come with the leakage review.",
}


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

    account = sub.add_parser("account", help="connect a shared inbox (coming soon)")
    account_sub = account.add_subparsers(dest="account_command", metavar="ACTION", required=True)
    add = account_sub.add_parser("add", help="add an IMAP account")
    add.add_argument("--host", required=True)
    add.add_argument("--port", type=int)
    add.add_argument("--user", required=True)
    add.add_argument("--password-stdin", action="store_true")
    add.add_argument("--security", choices=("ssl", "starttls", "none"), default="ssl")
    add.add_argument("--cafile")
    add.add_argument("--inbox", default="INBOX")
    add.add_argument("--sent-folder")
    add.add_argument("--team-address", action="append", default=[])
    sync = sub.add_parser("sync", help="fetch new mail (coming soon)")
    sync.add_argument("--once", action="store_true")
    report = sub.add_parser("report", help="weekly leakage figures (coming soon)")
    report.add_argument("--weeks", type=int, default=12)
    report.add_argument("--json", action="store_true")
    report.add_argument("--as-of")
    return parser


def run(args: argparse.Namespace, clock: Clock | None = None, out: TextIO | None = None) -> int:
    clock = clock or SystemClock()
    out = out or sys.stdout
    try:
        return _run(args, clock, out)
    except LeakDeskError as exc:
        print(f"leakdesk: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, clock: Clock, out: TextIO) -> int:
    if args.command in LATER:
        raise NotAvailableYet(LATER[args.command])
    workspace = Workspace(paths.data_dir(args.data_dir))
    store, _ = workspace.open(clock, fresh_demo=args.demo)
    try:
        now = clock.now()
        if args.command == "leads":
            json.dump(list(lead_records.lead_records(store, now)), out, indent=1, ensure_ascii=False)
            out.write("\n")
        elif args.command == "messages":
            json.dump([_message_record(m) for m in store.messages.all()], out, indent=1)
            out.write("\n")
        elif args.command == "export":
            if args.csv == "-":
                count = lead_records.write_csv(store, now, out)
            else:
                count = lead_records.export_csv(store, now, Path(args.csv))
            print(f"Exported {count} leads.", file=sys.stderr)
        elif args.command == "settings":
            _settings(args, store.settings, out)
        return 0
    finally:
        store.close()


def _message_record(m: Message) -> dict[str, object]:
    return {
        "folder": m.folder, "uid": m.uid, "uidvalidity": m.uidvalidity, "message_id": m.message_id,
        "lead_id": m.lead_id, "role": m.role.value, "reason": m.reason,
    }


def _settings(args: argparse.Namespace, repo: SettingsRepository, out: TextIO) -> None:
    current = repo.load()
    if args.settings_command == "list":
        width = max(len(s.name) for s in settings_mod.SETTINGS)
        for s in settings_mod.SETTINGS:
            mark = "" if current.is_default(s.name) else "  (set)"
            print(f"{s.name:<{width}}  {current.text(s.name)}{mark}", file=out)
    elif args.settings_command == "get":
        print(current.text(args.key), file=out)
    else:
        repo.set(args.key, args.value)



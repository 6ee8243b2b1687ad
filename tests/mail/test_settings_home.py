"""Settings and accounts that stick (issue 14): the business's settings have
one home whatever the order of set-up, the inbox's own address is known,
and every change says what it changed; against the real Dovecot."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from leakdesk.clock import FakeClock
from leakdesk.paths import DEMO_DATABASE
from leakdesk.store import Store
from leakdesk.workspace import Workspace
from tests.mail.conftest import mail
from tests.support.command import leakdesk
from tests.support.dovecot import PASSWORD, SHARED_USER, USER, Dovecot

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# Friday 20 November 2026 in Los Angeles: one enquiry at 16:30, one on Saturday, one Monday morning.
ARRIVALS = (datetime(2026, 11, 21, 0, 30, tzinfo=UTC), datetime(2026, 11, 21, 19, 0, tzinfo=UTC),
            datetime(2026, 11, 23, 16, 10, tzinfo=UTC))
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # Monday evening in Los Angeles


class Seat:
    """One data folder driven through the command line, as a script would."""

    def __init__(self, data: Path, clock: FakeClock) -> None:
        self.data, self.clock = data, clock

    def run(self, *args: str, stdin: str = "", expect: int = 0) -> tuple[str, str]:
        code, out, err = leakdesk(self.data, *args, stdin=stdin, clock=self.clock)
        assert code == expect, err
        return out, err

    def add_account(self, port: int, *extra: str) -> tuple[str, str]:
        return self.run("account", "add", "--host", "127.0.0.1", "--port", str(port), "--user", USER,
                        "--security", "none", "--password-stdin", *extra, stdin=PASSWORD + "\n")


def load_mailbox(server: Dovecot) -> None:
    server.reset_mailbox()
    with server.client() as c:
        for n, at in enumerate(ARRIVALS):
            c.append("INBOX", mail(sender=f"Prospect {n} <p{n}@example.com>", subject=f"Kitchen {n}",
                                   body="Could you quote for a new kitchen?"), msg_time=at)


def test_settings_before_the_inbox_apply_to_it_like_the_other_order(imap: Dovecot, tmp_path: Path) -> None:
    load_mailbox(imap)
    clock = FakeClock(NOW)
    first = Seat(tmp_path / "settings-first", clock)
    _, said = first.run("settings", "set", "business.timezone", "America/Los_Angeles")
    assert "business.timezone: " in said and " → America/Los_Angeles" in said and "demo keeps its own" in said
    first.run("settings", "set", "business.hours", "mon-fri 08:00-17:00")
    first.add_account(imap.port)
    first.run("sync", "--once")
    assert first.run("settings", "get", "business.timezone")[0].strip() == "America/Los_Angeles"

    second = Seat(tmp_path / "inbox-first", clock)
    second.add_account(imap.port)
    second.run("settings", "set", "business.timezone", "America/Los_Angeles")
    second.run("settings", "set", "business.hours", "mon-fri 08:00-17:00")
    second.run("sync", "--once")

    def figures(seat: Seat) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
        leads = json.loads(seat.run("leads", "--json")[0])
        report = json.loads(seat.run("report", "--weeks", "4", "--json", "--as-of", NOW.isoformat())[0])
        return leads, report

    leads_a, report_a = figures(first)
    leads_b, report_b = figures(second)
    assert len(leads_a) == 3
    for a, b in zip(leads_a, leads_b, strict=True):
        for key in a:
            if key != "captured_at":  # stored at different moments of the one fake clock
                assert a[key] == b[key], key
    assert report_a == report_b
    by_subject = {lead["subject"]: lead for lead in leads_a}
    # Friday 16:30 in Los Angeles: 30 business minutes before 17:00, the other 30 on Monday from 08:00.
    assert by_subject["Kitchen 0"]["received_at"] == "2026-11-20T16:30:00-08:00"
    assert by_subject["Kitchen 0"]["response_due"] == "2026-11-23T08:30:00-08:00"
    assert by_subject["Kitchen 1"]["response_due"] == "2026-11-23T09:00:00-08:00"  # Saturday: Monday 08:00 + 60
    assert by_subject["Kitchen 2"]["ownership_due"] == "2026-11-23T08:25:00-08:00"
    # Weeks begin on Monday in the business's zone, and the three leads are in the last one.
    assert report_a[-1]["start"].startswith("2026-11-23") and report_a[-2]["leads"] == 2
    # The demo keeps its own business: the settings never went there.
    demo = Store.open(first.data / DEMO_DATABASE) if (first.data / DEMO_DATABASE).exists() else None
    if demo is not None:
        assert str(demo.settings.load().get("business.timezone")) != "America/Los_Angeles"
        demo.close()


def test_settings_list_says_what_it_shows_before_an_inbox(tmp_path: Path) -> None:
    seat = Seat(tmp_path / "fresh", FakeClock(NOW))
    out, said = seat.run("settings", "list")
    assert "No inbox is connected yet" in said and "business.timezone" in out
    seat.run("leads", "--json")  # the board's demo exists now
    _, said = seat.run("settings", "set", "sla.response_minutes", "45")
    assert said.strip() == ("sla.response_minutes: 60 → 45 (saved for your business; the demo keeps its own)")
    _, said = seat.run("settings", "set", "sla.response_minutes", "45")
    assert said.strip() == "sla.response_minutes: 45 (unchanged)"
    demo = Store.open(seat.data / DEMO_DATABASE)
    assert demo.settings.load().get("sla.response_minutes") == 60  # the demo's own
    demo.close()
    assert seat.run("settings", "get", "sla.response_minutes")[0].strip() == "45"


def test_a_user_name_that_is_not_an_address_needs_the_inbox_address(imap: Dovecot, tmp_path: Path) -> None:
    with imap.client(SHARED_USER) as c:
        for folder in ("INBOX", "Drafts"):
            c.select_folder(folder)
            if uids := c.search("ALL"):
                c.delete_messages(uids)
                c.expunge()
        c.append("INBOX", mail(sender="Ann Lee <ann@example.com>", to="hello@oakreno.test", subject="Kitchen quote"))
    clock = FakeClock(NOW)
    without = Seat(tmp_path / "without", clock)
    without.run("account", "add", "--host", "127.0.0.1", "--port", str(imap.port), "--user", SHARED_USER,
                "--security", "none", "--password-stdin", stdin=PASSWORD + "\n")
    without.run("sync", "--once")
    _, said = without.run("draft", "1", expect=2)
    assert "'leakdesk account address hello@yourbusiness.com'" in said and "--address" in said

    seat = Seat(tmp_path / "with", clock)
    _, said = seat.run("account", "add", "--host", "127.0.0.1", "--port", str(imap.port), "--user", SHARED_USER,
                       "--security", "none", "--password-stdin", "--address", "Hello@OakReno.test",
                       stdin=PASSWORD + "\n")
    assert "as hello@oakreno.test" in said
    assert "hello@oakreno.test (user shared)" in seat.run("account", "list")[0]
    seat.run("sync", "--once")
    message_id = seat.run("draft", "1")[0].strip()
    with imap.client(SHARED_USER) as c:
        c.select_folder("Drafts", readonly=True)
        drafts = c.fetch(c.search("ALL"), ["BODY.PEEK[HEADER.FIELDS (FROM MESSAGE-ID)]"])
    headers = [d[b"BODY[HEADER.FIELDS (FROM MESSAGE-ID)]"].decode() for d in drafts.values()]
    assert any(message_id in h and "<hello@oakreno.test>" in h for h in headers), headers
    # An account added without it learns its address later, from the sentence's own command.
    _, said = without.run("account", "address", "hello@oakreno.test")
    assert "the inbox's address is now hello@oakreno.test" in said
    without.run("draft", "1")
    _, said = without.run("account", "add", "--host", "127.0.0.1", "--user", "x", "--address", "not-an-address",
                          "--security", "none", "--password-stdin", stdin="pw\n", expect=2)
    assert "--address" in said


def test_a_data_folder_with_settings_in_the_demo_keeps_every_value(tmp_path: Path) -> None:
    data = tmp_path / "old"
    shutil.copytree(FIXTURES / "datafolder_0006", data)
    seat = Seat(data, FakeClock(NOW))
    out, said = seat.run("settings", "list")
    assert "Moved the settings you made before connecting an inbox" in said
    values = {name: rest.strip() for name, _, rest in (line.partition(" ") for line in out.splitlines())}
    assert values["business.timezone"].startswith("America/Los_Angeles")
    assert values["business.hours"].startswith("mon-fri 08:00-17:00")
    assert values["app.theme"].startswith("dark")
    assert values["figures.currency"].startswith("EUR")  # the real database's own values stay
    assert values["sla.response_minutes"].startswith("45")
    demo = Store.open(data / DEMO_DATABASE)
    assert str(demo.settings.load().get("business.timezone")) == "Europe/London"  # the demo's own again
    demo.close()
    assert Workspace(data).adopt_demo_settings() == []  # once
    _, said = seat.run("settings", "list")
    assert "Moved" not in said
    real = Store.open(data / "leakdesk.sqlite")
    [account] = real.accounts.all()
    assert account.username == "shared" and account.address is None
    real.close()
    assert (data / "leakdesk.sqlite.before-0007_inbox_address").exists()  # backed up before migrating

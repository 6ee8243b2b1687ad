"""Daily backups, export everything, provider presets and the team as typed."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from leakdesk.clock import FakeClock
from leakdesk.errors import SettingsError
from leakdesk.export_all import export_everything
from leakdesk.mail.providers import BY_KEY, guess
from leakdesk.store import Store
from leakdesk.store.backup import backups, daily_backup
from leakdesk.team import Member, initials, parse_addresses, save_team


def test_a_daily_backup_is_a_consistent_copy_made_once_a_day_and_kept_14_days(demo_store: Store,
                                                                              tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    day = date(2026, 11, 1)
    made = daily_backup(demo_store.path, folder, day)
    assert made == folder / "leakdesk-2026-11-01.sqlite"
    with sqlite3.connect(made) as copy:
        assert copy.execute("SELECT count(*) FROM leads").fetchone()[0] == demo_store.leads.count()
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert daily_backup(demo_store.path, folder, day) is None          # once a day
    for n in range(1, 20):
        daily_backup(demo_store.path, folder, day + timedelta(days=n))
    kept = backups(folder)
    assert len(kept) == 14 and kept[0].name == "leakdesk-2026-11-20.sqlite"
    assert kept[-1].name == "leakdesk-2026-11-07.sqlite"
    assert not list(folder.glob("*.partial"))


def test_export_everything_writes_the_database_and_csvs(demo_store: Store, clock: FakeClock,
                                                       tmp_path: Path) -> None:
    folder = export_everything(demo_store, clock.now(), tmp_path)
    assert folder.name == "LeakDesk export 2026-11-17 1120"
    assert sorted(p.name for p in folder.iterdir()) == ["leads.csv", "leakdesk.sqlite", "messages.csv",
                                                         "weekly-figures.csv"]
    with open(folder / "leads.csv", encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == demo_store.leads.count()
    with open(folder / "weekly-figures.csv", encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 52
    with open(folder / "messages.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and "sender" in rows[0]
    with pytest.raises(FileExistsError):
        export_everything(demo_store, clock.now(), tmp_path)              # never over an earlier export


@pytest.mark.parametrize(("address", "key", "host"), [
    ("someone@gmail.com", "gmail", "imap.gmail.com"),
    ("Someone@Hotmail.co.uk", "microsoft", "outlook.office365.com"),
    ("me@icloud.com", "icloud", "imap.mail.me.com"),
    ("a@yahoo.co.uk", "yahoo", "imap.mail.yahoo.com"),
    ("a@fastmail.fm", "fastmail", "imap.fastmail.com"),
    ("a@zohomail.eu", "zoho", "imap.zoho.com"),
    ("hello@brightsidephysio.co.uk", "generic", "imap.brightsidephysio.co.uk"),
])
def test_providers_are_guessed_offline_from_the_address(address: str, key: str, host: str) -> None:
    provider = guess(address)
    assert (provider.key, provider.host_for(address), provider.port, provider.security) == (key, host, 993, "ssl")
    assert bool(provider.app_password) == (key not in ("generic", "godaddy"))
    assert BY_KEY["godaddy"].host_for("hi@shop.com") == "imap.secureserver.net"


def test_the_team_is_saved_as_typed_and_checked(store: Store) -> None:
    assert parse_addresses("Maya@Clinic.test, maya.p@clinic.test; maya@clinic.test") == (
        "maya@clinic.test", "maya.p@clinic.test")
    with pytest.raises(SettingsError, match="'maya' is not an email address"):
        parse_addresses("maya")
    assert initials("maya patel") == "MP" and initials("", "zoe@x.com") == "ZO"
    with pytest.raises(SettingsError, match="at least one team member"):
        save_team(store, [])
    with pytest.raises(SettingsError, match=r"a@x\.com is given to both Ann and Bo"):
        save_team(store, [Member(None, "Ann", ("a@x.com",), "#000"), Member(None, "Bo", ("a@x.com",), "#111")])
    assert store.people.all() == []                                        # nothing half-saved
    save_team(store, [Member(None, "Ann Lee", ("a@x.com",), "#0072B2")])
    [ann] = store.people.all()
    save_team(store, [Member(ann.id, "Ann  Lee-Hart", ("a@x.com", "ann@y.com"), "#E69F00", active=False),
                      Member(None, "Bo", (), "#009E73")])
    assert [p.name for p in store.people.all()] == ["Bo"]
    left = store.people.get(ann.id)
    assert (left.name, left.emails, left.active, left.initials) == ("Ann Lee-Hart", ("a@x.com", "ann@y.com"),
                                                                    False, "AL")

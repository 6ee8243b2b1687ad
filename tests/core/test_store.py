"""The store on a real SQLite file: pragmas, migrations, backups, repositories."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from sqlite_utils import Migrations

from leakdesk.clock import FakeClock
from leakdesk.domain import Channel, Event, EventKind, Message, MessageRole
from leakdesk.errors import LeakDeskError, NotFoundError
from leakdesk.store import Store, database
from leakdesk.store.migrations import MIGRATIONS
from leakdesk.store.rows import iso

FIXTURES = Path(__file__).parent.parent / "fixtures"


def received(clock: FakeClock, name: str = "Ann Lee") -> Event:
    return Event(0, EventKind.RECEIVED, clock.now(), None, {
        "received_at": iso(clock.now()), "contact_name": name, "contact_email": "ann@example.com",
        "channel": Channel.WEB_FORM.value, "subject": "Knee pain",
    })


def test_open_sets_wal_foreign_keys_and_busy_timeout(store: Store) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == database.BUSY_TIMEOUT_MS


def test_schema_has_every_table(store: Store) -> None:
    tables = set(store.db.table_names())
    assert {"people", "leads", "messages", "events", "settings", "sync_state", "accounts"} <= tables
    assert [m.name for m in MIGRATIONS.applied(store.db)] == [
        "0001_initial", "0002_mail_capture", "0003_understanding", "0004_lead_facts", "0005_follow_up",
        "0006_reading", "0007_inbox_address", "0008_activity_is_working_the_lead",
        "0009_oauth2_sign_in", "0010_team_journal"]


def test_reopening_applies_nothing_new(tmp_path: Path) -> None:
    Store.open(tmp_path / "a.sqlite").close()
    again = Store.open(tmp_path / "a.sqlite")
    assert MIGRATIONS.pending(again.db) == []
    assert not list(tmp_path.glob("*.before-*"))
    again.close()


def test_committed_schema_0001_database_opens_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "schema_0001.sqlite", path)
    store = Store.open(path)  # migrates 0001 -> now, backing the file up first
    assert store.leads.count() == 3
    assert [p.initials for p in store.people.all()] == ["AB", "CD"]
    assert "fingerprint" in store.db["messages"].columns_dict and "message_raw" in store.db.table_names()
    assert (tmp_path / "old.sqlite.before-0002_mail_capture").exists()
    store.close()


def test_committed_schema_0002_database_opens_with_its_mail(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "schema_0002.sqlite", path)
    store = Store.open(path)  # migrates 0002 -> now
    assert MIGRATIONS.pending(store.db) == []
    assert store.leads.count() == 3 and [p.initials for p in store.people.all()] == ["AB", "CD"]
    [(message, _, sender)] = store.messages.for_lead(1)
    assert (message.uid, message.message_id, sender) == (41, "<s2@fixture>", "ann@example.com")
    row = store.db.execute("SELECT id FROM messages WHERE uid = 41").fetchone()[0]
    assert b"Can I book an assessment?" in (store.messages.raw(row) or b"")
    assert (tmp_path / "old.sqlite.before-0003_understanding").exists()
    store.close()


def test_backup_is_made_before_a_new_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "db.sqlite"
    Store.open(path).close()
    later = Migrations("leakdesk")
    later(name="0001_initial")(lambda db: None)
    later(name="0002_mail_capture")(lambda db: None)

    @later(name="0003_test_column")
    def add_column(db: sqlite_utils.Database) -> None:
        db.execute("ALTER TABLE leads ADD COLUMN test_column TEXT")

    monkeypatch.setattr(database, "MIGRATIONS", later)
    store = Store.open(path)
    assert "test_column" in store.db["leads"].columns_dict
    backup = tmp_path / "db.sqlite.before-0003_test_column"
    assert backup.exists()
    assert "test_column" not in sqlite_utils.Database(backup)["leads"].columns_dict
    store.close()


def test_a_failed_migration_leaves_nothing_half_done(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "db.sqlite"
    Store.open(path).close()
    broken = Migrations("leakdesk")
    broken(name="0001_initial")(lambda db: None)
    broken(name="0002_mail_capture")(lambda db: None)

    @broken(name="0003_broken")
    def half(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    monkeypatch.setattr(database, "MIGRATIONS", broken)
    with pytest.raises(RuntimeError):
        Store.open(path)
    db = sqlite_utils.Database(path)
    assert "half_done" not in db.table_names()


def test_not_a_database_is_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LeakDeskError, match="is damaged, so nothing more is written into it; run 'leakdesk restore'"):
        Store.open(path)
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_lead_lifecycle_is_written_as_events(store: Store, clock: FakeClock) -> None:
    person = store.people.add("Maya Patel", "MP", "#0072B2", ["Maya@Example.com"])
    lead = store.leads.open_lead(received(clock))
    assert lead.id == 1 and lead.owner_id is None and lead.channel is Channel.WEB_FORM
    clock.advance(minutes=3)
    claimed = store.leads.record(Event(lead.id, EventKind.CLAIMED, clock.now(), person.id, {"owner_id": person.id}))
    assert claimed.owner_id == person.id and claimed.owned_at == clock.now()
    assert store.leads.get(lead.id) == claimed
    assert [e.kind for e in store.leads.events(lead.id)] == [EventKind.RECEIVED, EventKind.CLAIMED]
    assert person.emails == ("maya@example.com",)


def test_unknown_lead_and_person(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no lead 42"):
        store.leads.get(42)
    with pytest.raises(NotFoundError):
        store.people.get(7)


def test_events_need_a_real_lead(store: Store, clock: FakeClock) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute("INSERT INTO events (lead_id, kind, at) VALUES (999, 'note', ?)", [iso(clock.now())])


def test_message_location_is_unique(store: Store, clock: FakeClock) -> None:
    msg = Message("INBOX", 7, 1, "<a@b>", MessageRole.NOT_A_LEAD, reason="bulk")
    store.messages.add(msg, clock.now())
    with pytest.raises(sqlite3.IntegrityError):
        store.messages.add(msg, clock.now())
    assert store.messages.all()[0].reason == "bulk"


def test_times_are_stored_as_utc_text_in_time_order(store: Store, clock: FakeClock) -> None:
    store.leads.open_lead(received(clock))
    raw = store.db.execute("SELECT received_at FROM leads").fetchone()[0]
    assert raw.endswith("+00:00") and "." in raw


@pytest.mark.parametrize("first", ["utc", "sydney"])
def test_a_time_reads_the_same_in_utc_whatever_zone_came_first(first: str) -> None:
    """The text of UTC times is remembered; an equal time in another zone is the same key."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    utc = datetime(2026, 4, 4, 15, 30, 0, 250, tzinfo=UTC)  # 02:30 in Sydney, an hour that comes twice (DST ends)
    sydney = utc.astimezone(ZoneInfo("Australia/Sydney"))
    order = [utc, sydney] if first == "utc" else [sydney, utc]
    assert [iso(t) for t in order] == ["2026-04-04T15:30:00.000250+00:00"] * 2
    with pytest.raises(ValueError, match="naive"):
        iso(utc.replace(tzinfo=None))


def test_a_migration_script_is_cut_where_sqlite_says_a_statement_ends(tmp_path: Path) -> None:
    from leakdesk.store.migrations import _run

    db = sqlite_utils.Database(tmp_path / "m.sqlite")
    _run(db, """
        CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT DEFAULT 'a; b');  -- a ";" in a string
        CREATE TABLE log (id INTEGER);
        CREATE TRIGGER t_logged AFTER INSERT ON t
        BEGIN
            INSERT INTO log (id) VALUES (NEW.id);
            INSERT INTO log (id) VALUES (NEW.id + 100);
        END;
        -- a closing comment
        """)
    db.execute("INSERT INTO t (id) VALUES (1)")
    assert [r[0] for r in db.execute("SELECT id FROM log ORDER BY id")] == [1, 101]
    assert db.execute("SELECT note FROM t").fetchone()[0] == "a; b"
    _run(db, "CREATE TABLE v (id INTEGER)\n-- the last statement may end without its semicolon\n")
    assert "v" in db.table_names()
    with pytest.raises(sqlite3.OperationalError, match="incomplete input"):
        _run(db, "CREATE TABLE u (id INTEGER")

"""Known storage faults are sentences with their own exit status, never
tracebacks (issue 15): a database held by another program, a damaged,
truncated or emptied file, a read-only data folder, a full disk; and the
watcher waits out a busy or full disk by itself."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from leakdesk import cli
from leakdesk.capture.watch import Watcher, WatchSettings
from leakdesk.clock import FakeClock, SystemClock
from leakdesk.demo import create_demo
from leakdesk.errors import DatabaseBusy, DatabaseDamaged, DiskFull, ReadOnlyData
from leakdesk.mail import service
from leakdesk.store import Store, database
from leakdesk.store.accounts import Account
from leakdesk.store.backup import daily_backup
from tests.mail.conftest import mail
from tests.support.command import leakdesk
from tests.support.dovecot import PASSWORD, USER, Dovecot
from tests.support.processes import poll_until


@pytest.fixture
def fast_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Seconds, not minutes: the busy timeout and the command's retries, shortened alike."""
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 150)
    monkeypatch.setattr(cli, "BUSY_RETRIES", (0.1, 0.1))


def connected(data: Path, imap: Dovecot) -> None:
    code, _, err = leakdesk(data, "account", "add", "--host", "127.0.0.1", "--port", str(imap.port), "--user",
                            USER, "--security", "none", "--password-stdin", stdin=PASSWORD + "\n")
    assert code == 0, err


@contextlib.contextmanager
def held(path: Path) -> Iterator[sqlite3.Connection]:
    """Another program's write lock on the database (a backup tool, a second copy)."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_database_held_by_another_program(imap: Dovecot, tmp_path: Path, fast_busy: None) -> None:
    data = tmp_path / "data"
    connected(data, imap)
    with imap.client() as c:
        c.append("INBOX", mail(subject="Held", sender="Ann Lee <ann@example.com>"))
    path = data / "leakdesk.sqlite"
    with held(path):
        for args in (("settings", "set", "sla.response_minutes", "45"), ("sync", "--once")):
            code, _, err = leakdesk(data, *args)
            assert code == DatabaseBusy.exit_code, err
            assert "Another program is using LeakDesk's database" in err and "Traceback" not in err
            assert "trying again" in err  # it waited and tried again before saying so
    # Let go while the command waits: the retry goes through.
    other = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.2, lambda: (other.execute("ROLLBACK"), other.close())).start()
    code, _, err = leakdesk(data, "settings", "set", "sla.response_minutes", "45")
    assert code == 0, err


def test_the_watcher_waits_out_a_busy_database(imap: Dovecot, tmp_path: Path, fast_busy: None) -> None:
    clock = FakeClock(SystemClock().now())
    path = tmp_path / "leakdesk.sqlite"
    store = Store.open(path)
    account = service.add_account(store, clock, host="127.0.0.1", port=imap.port, user=USER, password=PASSWORD,
                                  security="none", verify=False)
    store.close()
    with imap.client() as c:
        c.append("INBOX", mail(subject="While busy", sender="Bo Ray <bo@example.com>"))
    watcher = Watcher(lambda: Store.open(path), account.id, lambda a: PASSWORD, clock,
                      WatchSettings(backoff_first=0.2, backoff_cap=0.4))
    reports: list[tuple[str, str]] = []
    thread = threading.Thread(target=lambda: reports.extend((r.state, r.message) for r in watcher.run()))
    with held(path):
        thread.start()
        assert poll_until(lambda: any(s == "retrying" for s, _ in reports), timeout=10)
    assert poll_until(lambda: any(s == "watching" for s, _ in reports), timeout=10)  # by itself, once free
    watcher.request_stop()
    thread.join(5)
    busy = next(m for s, m in reports if s == "retrying")
    assert busy.startswith("Another program is using LeakDesk's database")
    assert "failed" not in [s for s, _ in reports]


def damaged_copy(tmp_path: Path, how: str) -> tuple[Path, str]:
    """A data folder with leads, a backup, and its database damaged one way."""
    data = tmp_path / how
    data.mkdir()
    clock = FakeClock(SystemClock().now())
    store = create_demo(data / "leakdesk.sqlite", clock)
    store.accounts.add(Account(0, USER, "127.0.0.1", 993, USER), clock.now())  # a connected business
    store.close()
    daily_backup(data / "leakdesk.sqlite", data / "backups", SystemClock().now().date())
    path = data / "leakdesk.sqlite"
    size = path.stat().st_size
    if how == "overwritten":
        with path.open("r+b") as f:
            f.seek(size // 2)
            f.write(b"\xde\xad\xbe\xef" * 2048)  # 8 KB of garbage in the middle
    elif how == "truncated":
        with path.open("r+b") as f:
            f.truncate(size // 3)
    else:
        path.write_bytes(b"")
    return data, hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("how", ["overwritten", "truncated", "emptied"])
def test_a_damaged_database_is_said_never_written_and_restored(tmp_path: Path, how: str) -> None:
    data, before = damaged_copy(tmp_path, how)
    for args in (("leads", "--json"), ("report", "--weeks", "4", "--json"), ("export", "--csv", "-"),
                 ("settings", "set", "sla.response_minutes", "45"), ("sync", "--once")):
        code, out, err = leakdesk(data, *args)
        assert code == DatabaseDamaged.exit_code, (args, err)
        assert "damaged" in err or "empty" in err, err
        assert "leakdesk restore" in err and "Traceback" not in err and out == ""
    assert hashlib.sha256((data / "leakdesk.sqlite").read_bytes()).hexdigest() == before  # nothing written
    assert not list(data.glob("demo.sqlite"))  # never silently the demo
    code, _, err = leakdesk(data, "restore")
    assert code == 0 and "Restored the database" in err
    assert list(data.glob("leakdesk.sqlite.damaged-*"))
    code, out, _ = leakdesk(data, "leads", "--json")
    assert code == 0 and len(json.loads(out)) > 100


@contextlib.contextmanager
def mounted(folder: Path, size: str, read_only: bool = False) -> Iterator[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                      capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs needs root")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_read_only_data_folder_shows_and_refuses_to_change(tmp_path: Path) -> None:
    with mounted(tmp_path / "stick", "64m") as stick:
        data = stick / "data"
        data.mkdir()
        clock = FakeClock(SystemClock().now())
        store = create_demo(data / "leakdesk.sqlite", clock)
        store.accounts.add(Account(0, USER, "127.0.0.1", 993, USER), clock.now())  # a connected business
        store.close()
        assert subprocess.run(["mount", "-o", "remount,ro", str(stick)]).returncode == 0
        code, out, err = leakdesk(data, "leads", "--json")
        assert code == 0 and len(json.loads(out)) > 100, err
        code, out, err = leakdesk(data, "report", "--weeks", "2", "--json")
        assert code == 0, err
        code, _, err = leakdesk(data, "settings", "set", "sla.response_minutes", "45")
        assert code == ReadOnlyData.exit_code, err
        assert "cannot be written" in err and "Traceback" not in err


def test_a_full_disk_pauses_capture_and_it_resumes_when_there_is_space(imap: Dovecot, tmp_path: Path) -> None:
    big = b"x" * 1_500_000  # over a megabyte each: kept as files beside the database
    with imap.client() as c:
        for n in range(6):
            name = ("Cy Dunn", "Ed Hale", "Flo Marsh", "Gus Tate", "Ida Lowe", "Jo Kerr")[n]
            c.append("INBOX", mail(subject=f"Plans {n}", sender=f"{name} <p{n}@example.com>",
                                   body=f"Could you quote for these plans?\r\n{big.decode()}"))
    with mounted(tmp_path / "small", "4m") as small:
        data = small / "data"
        connected(data, imap)
        code, _, err = leakdesk(data, "sync", "--once")
        assert code == DiskFull.exit_code, err
        assert "The disk is full" in err and "Traceback" not in err
        store = Store.open(data / "leakdesk.sqlite")
        stored = store.messages.count()
        store.close()
        assert stored < 6
        assert subprocess.run(["mount", "-o", "remount,size=64m", str(small)]).returncode == 0
        code, _, err = leakdesk(data, "sync", "--once")
        assert code == 0, err
        store = Store.open(data / "leakdesk.sqlite")
        assert store.messages.count() == 6 and store.leads.count() == 6
        store.close()


def test_a_log_folder_that_cannot_be_written_leaves_the_terminal(tmp_path: Path) -> None:
    from leakdesk import logs

    with mounted(tmp_path / "logs", "1m") as folder:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        try:
            assert logs.configure(folder / "inner") is None
        finally:
            logs.unconfigure()

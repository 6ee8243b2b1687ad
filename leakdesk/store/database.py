"""Opening the database file: pragmas, a backup before migrating, migrations;
and what SQLite's failures mean to a person (the store is sqlite3's one home).

Known faults become sentences (leakdesk.errors): another program holding the
file (busy), a damaged or emptied file (nothing is written into it), a
read-only data folder (read-only mode: everything shows, nothing changes), a
full disk. Anything else is a bug.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from leakdesk.errors import DatabaseBusy, DatabaseDamaged, DiskFull, LeakDeskError, ReadOnlyData, StorageError
from leakdesk.store.migrations import MIGRATIONS

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 5000
RESTORE_HINT = "run 'leakdesk restore' to put the newest good backup in its place (the damaged file is kept)"


def writable(path: Path) -> bool:
    """Whether LeakDesk can change ``path`` (the folder must take the journal files too)."""
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):  # access(2) says EROFS for a read-only mount
        return False
    return not folder.exists() or os.access(folder, os.W_OK)


def storage_error(exc: BaseException, path: Path | None = None) -> StorageError | None:
    """What a SQLite or file failure means, as a sentence; None for anything unknown (a bug)."""
    text = str(exc).lower()
    where = f" ({path})" if path else ""
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "database or disk is full" in text:
        return DiskFull(f"The disk is full{where}: LeakDesk cannot store anything until there is space again; "
                        "free some space and it carries on by itself.")
    if (isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM)) \
            or "readonly database" in text or "read-only" in text:
        return ReadOnlyData(f"LeakDesk's data folder cannot be written{where}, so it can show but not change "
                            "anything; make the folder writable (or choose another with --data-dir).")
    if "database is locked" in text or "database table is locked" in text or "database is busy" in text:
        return DatabaseBusy(f"Another program is using LeakDesk's database{where} (a backup tool, a second "
                            "LeakDesk, a command still running); LeakDesk tried again and it is still busy. "
                            "Close the other program or try again in a moment.")
    if "malformed" in text or "not a database" in text or "disk i/o error" in text or "corrupt" in text:
        return DatabaseDamaged(f"LeakDesk's database{where} is damaged, so nothing more is written into it; "
                               f"{RESTORE_HINT}.")
    return None


def connect(path: Path, read_only: bool = False) -> sqlite_utils.Database:
    """A connection with WAL, foreign keys and a busy timeout (no migrating); ``read_only`` opens
    an existing file without writing anything, journal files included."""
    try:
        if read_only:
            conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=True)
            db = sqlite_utils.Database(conn)
            db.execute("PRAGMA query_only = ON")
            return db
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), check_same_thread=True)
        db = sqlite_utils.Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        if str(path) != ":memory:":
            db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")
    except (sqlite3.DatabaseError, OSError) as exc:
        known = storage_error(exc, path)
        if known is not None:
            raise known from exc
        raise LeakDeskError(
            f"LeakDesk cannot open its database {path} ({exc}); check the file or choose another --data-dir."
        ) from exc
    return db


def check(db: sqlite_utils.Database, path: Path) -> None:
    """PRAGMA quick_check: a damaged file is said, and never written into."""
    try:
        rows = [r[0] for r in db.execute("PRAGMA quick_check(1)").fetchall()]
    except sqlite3.DatabaseError as exc:
        raise storage_error(exc, path) or DatabaseDamaged(
            f"LeakDesk's database ({path}) cannot be read; {RESTORE_HINT}.") from exc
    if rows != ["ok"]:
        log.error("quick_check of %s: %s", path, rows[:3])
        raise DatabaseDamaged(f"LeakDesk's database ({path}) is damaged, so nothing more is written into it; "
                              f"{RESTORE_HINT}.")


def open_database(path: Path, verify: bool = False) -> sqlite_utils.Database:
    """Connect and bring the schema up to date, backing the file up first.

    An empty file where a database was is never taken for a new one (that would write a fresh
    schema over what happened to it); ``verify`` runs quick_check first. A read-only data folder
    opens read-only, at the schema it has."""
    if path.exists() and path.stat().st_size == 0:
        raise DatabaseDamaged(f"LeakDesk's database ({path}) is empty: its contents are gone; {RESTORE_HINT}.")
    read_only = path.exists() and not writable(path)
    if not path.exists() and path.parent.exists() and not writable(path):
        raise ReadOnlyData(f"LeakDesk's data folder ({path.parent}) cannot be written, and there is no database "
                           "in it to show; make it writable or choose another with --data-dir.")
    existed = path.exists()
    db = connect(path, read_only=read_only)
    if verify or read_only:
        check(db, path)
    if read_only:
        if MIGRATIONS.pending(db):
            raise ReadOnlyData(f"LeakDesk's data folder ({path.parent}) cannot be written, and its database is "
                               "from an older version that must be updated first; make the folder writable.")
        log.info("the data folder of %s is read-only: showing, not changing", path)
        return db
    try:
        pending = MIGRATIONS.pending(db)
        if pending and existed and MIGRATIONS.applied(db):
            backup = path.with_name(f"{path.name}.before-{pending[0].name}")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copy2(path, backup)
            log.info("backed up %s to %s before migrating", path, backup)
        MIGRATIONS.apply(db)
    except (sqlite3.DatabaseError, OSError) as exc:
        db.close()
        raise storage_error(exc, path) or DatabaseDamaged(
            f"LeakDesk's database ({path}) cannot be read; {RESTORE_HINT}.") from exc
    return db


STORAGE_FAILURES = (sqlite3.Error, OSError)  # what storage_error() can tell the meaning of


@contextmanager
def storage_said(path: Path | None) -> Iterator[None]:
    """A SQLite or file failure whose meaning is known leaves as its StorageError (a sentence);
    anything else, a bug, leaves as it came."""
    try:
        yield
    except STORAGE_FAILURES as exc:
        known = storage_error(exc, path)
        if known is None:
            raise
        raise known from exc


def is_read_only(db: sqlite_utils.Database) -> bool:
    return bool(db.execute("PRAGMA query_only").fetchone()[0])


__all__ = ["BUSY_TIMEOUT_MS", "STORAGE_FAILURES", "StorageError", "check", "connect", "is_read_only", "open_database",
           "storage_error", "writable"]

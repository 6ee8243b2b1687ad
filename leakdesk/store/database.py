"""Opening the database file: pragmas, a backup before migrating, migrations."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path

import sqlite_utils

from leakdesk.errors import LeakDeskError
from leakdesk.store.migrations import MIGRATIONS

log = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 5000


def connect(path: Path) -> sqlite_utils.Database:
    """A connection with WAL, foreign keys and a busy timeout (no migrating)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), check_same_thread=True)
        db = sqlite_utils.Database(conn)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        if str(path) != ":memory:":
            db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise LeakDeskError(
            f"LeakDesk cannot open its database {path} ({exc}); check the file or choose another --data-dir."
        ) from exc
    return db


def open_database(path: Path) -> sqlite_utils.Database:
    """Connect and bring the schema up to date, backing the file up first."""
    existed = path.exists() and path.stat().st_size > 0
    db = connect(path)
    pending = MIGRATIONS.pending(db)
    if pending and existed and MIGRATIONS.applied(db):
        backup = path.with_name(f"{path.name}.before-{pending[0].name}")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copy2(path, backup)
        log.info("backed up %s to %s before migrating", path, backup)
    MIGRATIONS.apply(db)
    return db

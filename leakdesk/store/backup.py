"""Copies of the database: the daily backup (kept 14 days) and a copy for an export.

SQLite's online backup API copies a consistent snapshot while the app keeps
writing (WAL), page by page, so a backup never catches half a transaction.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from leakdesk.errors import DatabaseDamaged

log = logging.getLogger(__name__)
KEEP = 14
PREFIX = "leakdesk-"


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of ``source`` at ``target`` (written beside it, then renamed into place)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)
    return target


def backup_path(folder: Path, day: date) -> Path:
    return folder / f"{PREFIX}{day.isoformat()}.sqlite"


def daily_backup(source: Path, folder: Path, today: date, keep: int = KEEP) -> Path | None:
    """Today's backup if there is none yet; the oldest beyond ``keep`` are removed. None when done already."""
    target = backup_path(folder, today)
    made = None
    if not target.exists():
        made = copy_database(source, target)
        log.info("backed up the database to %s", target)
    backups = sorted(folder.glob(f"{PREFIX}????-??-??.sqlite"))
    for old in backups[:-keep] if len(backups) > keep else []:
        old.unlink()
        log.info("removed the old backup %s", old.name)
    return made


def backups(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{PREFIX}????-??-??.sqlite"), reverse=True)


def _good(path: Path) -> bool:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            return [r[0] for r in db.execute("PRAGMA quick_check(1)").fetchall()] == ["ok"]
    except sqlite3.DatabaseError:
        return False


def restore_newest(target: Path, folder: Path, stamp: str) -> Path:
    """Put the newest backup that passes quick_check in ``target``'s place; the file that was there
    (damaged, emptied) is kept beside it as ``<name>.damaged-<stamp>``. Returns the backup used."""
    good = next((b for b in backups(folder) if _good(b)), None)
    if good is None:
        raise DatabaseDamaged(f"There is no good backup in {folder} to restore; the damaged database is left "
                              "as it is.")
    for suffix in ("", "-wal", "-shm"):
        old = Path(f"{target}{suffix}")
        if old.exists():
            old.replace(old.with_name(f"{old.name}.damaged-{stamp}"))
    copy_database(good, target)
    log.warning("restored %s from %s", target, good)
    return good

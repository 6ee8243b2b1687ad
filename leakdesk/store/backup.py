"""Copies of the database: the daily backup (kept 14 days) and a copy for an export.

SQLite's online backup API copies a consistent snapshot while the app keeps
writing (WAL), page by page, so a backup never catches half a transaction.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import date
from pathlib import Path

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

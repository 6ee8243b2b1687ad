"""Export everything: a copy of the database and the leads, messages and weekly figures as CSV.

For a person leaving LeakDesk, an accountant, or peace of mind: plain files
any spreadsheet opens, plus the database itself.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from leakdesk import lead_records
from leakdesk.report import export as report_export
from leakdesk.report import review
from leakdesk.settings import BUSINESS_TIMEZONE
from leakdesk.store import Store
from leakdesk.store.backup import copy_database


def export_everything(store: Store, now: datetime, parent: Path) -> Path:
    """Write the export into a new folder under ``parent``; returns the folder."""
    tz = store.settings.load()[BUSINESS_TIMEZONE]
    folder = parent / f"LeakDesk export {now.astimezone(tz):%Y-%m-%d %H%M}"
    folder.mkdir(parents=True, exist_ok=False)
    copy_database(store.path, folder / "leakdesk.sqlite")
    with open(folder / "leads.csv", "w", newline="", encoding="utf-8") as f:
        lead_records.write_csv(store, now, f)
    messages = store.messages.records()
    with open(folder / "messages.csv", "w", newline="", encoding="utf-8") as f:
        if messages:
            writer = csv.DictWriter(f, fieldnames=list(messages[0]))
            writer.writeheader()
            writer.writerows({**m, "attachments": "; ".join(str(a[0]) for a in m["attachments"])}  # type: ignore[attr-defined]
                             for m in messages)
    with open(folder / "weekly-figures.csv", "w", newline="", encoding="utf-8") as f:
        report_export.write_weeks_csv(review.weekly_figures(store, now, 52), f)
    return folder

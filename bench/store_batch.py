"""Benchmark: storing a history import's batches (ingest_batch with the reading done), per message.

Run by hand; prints figures. The store is the part of a history import that
only the syncing process can do (the reading runs in a reader process beside
it), so its cost per message bounds the import: bench/capture.py's goal of
3x the raw FETCH leaves it about 100 us a message on this machine.
"""

from __future__ import annotations

import random
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.capture import message
from leakdesk.capture.ingest import FolderKind, Ingestor
from leakdesk.clock import FakeClock, SystemClock
from leakdesk.mail.imap_source import Fetched
from leakdesk.mail.readers import read_all
from leakdesk.store import Store
from leakdesk.store.accounts import Account

BATCH = 500
PROFILE = None  # a cProfile.Profile to enable around the storing only


def main(batches: int = 20) -> None:
    rng = random.Random(1)
    clock = FakeClock(SystemClock().now())  # the mail's dates
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "store.sqlite")
        account = store.accounts.add(Account(0, "front@clinic.test", "127.0.0.1", 143, "front@clinic.test", "none"),
                                     clock.now())
        store.accounts.mark_connected(account.id, clock.now())  # as sync_all does: what is there is history
        ingestor = Ingestor(store, account, SystemClock())  # a real clock: every "now" is a new moment
        prepared = []
        for b in range(batches):
            # A history import: mail of the last 60 days, oldest first.
            fetched = [Fetched(b * BATCH + i + 1, message(b * BATCH + i, rng),
                               clock.now() - timedelta(days=60) * (1 - (b * BATCH + i) / (batches * BATCH)), 3000, ())
                       for i in range(BATCH)]
            prepared.append((fetched, read_all([f.raw for f in fetched], ingestor.reading_context(FolderKind.INBOX))))
        times = []
        if PROFILE:
            PROFILE.enable()
        for fetched, read in prepared:
            t = perf_counter()
            ingestor.ingest_batch("INBOX", FolderKind.INBOX, 1, fetched, fetched[-1].uid, read)
            times.append(perf_counter() - t)
        if PROFILE:
            PROFILE.disable()
        count = batches * BATCH
        print(f"stored {count:,} new leads in batches of {BATCH}: {sum(times) / count * 1e6:.0f} us a message "
              f"(best batch {min(times) / BATCH * 1e6:.0f} us), {store.leads.count():,} leads")
        store.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)

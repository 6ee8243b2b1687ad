"""A long history import read by a reader process: the same leads, verdicts and
evidence as reading in the syncing process, and a reader that dies loses
nothing (the batch is read here instead)."""

from __future__ import annotations

import json
import logging
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from leakdesk.capture import ingest
from leakdesk.capture.ingest import FolderKind
from leakdesk.capture.sync import FolderSync, batches
from leakdesk.clock import FakeClock
from leakdesk.mail import readers
from leakdesk.mail.classify import Context
from leakdesk.mail.imap_source import ImapSource
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.support.dovecot import PASSWORD, USER, Dovecot
from tests.support.processes import poll_until

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "mail"
INBOX = [e["file"] for e in json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
         if e["folder"] == "INBOX" and e.get("business", "clinic") == "clinic"][:60]


def imported(imap: Dovecot, data: Path, clock: FakeClock, reader_from: int) -> list[tuple[Any, ...]]:
    """Every stored message of a history import, as (UID, role, lead contact, channel, evidence)."""
    store = Store.open(data / "leakdesk.sqlite")
    account = store.accounts.add(Account(0, USER, "127.0.0.1", imap.port, USER, "none", inbox="INBOX",
                                         sent_folder="Sent"), clock.now())
    store.accounts.mark_connected(account.id, clock.now())
    with ImapSource(account, PASSWORD) as source:
        list(FolderSync(store, account, source, clock, batch=7, reader_from=reader_from)
             .sync_folder("INBOX", FolderKind.INBOX))
    rows = store.db.execute(
        "SELECT m.uid, m.role, l.contact_email, l.contact_phone, l.channel, m.evidence FROM messages m "
        "LEFT JOIN leads l ON l.id = m.lead_id ORDER BY m.uid").fetchall()
    store.close()
    return [tuple(r) for r in rows]


def test_a_reader_process_imports_exactly_what_reading_here_imports(
        imap: Dovecot, tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    with imap.client() as c:
        for name in INBOX:
            c.append("INBOX", (CORPUS / name).read_bytes())
    here = imported(imap, tmp_path / "here", clock, reader_from=10**9)

    read_here: list[int] = []
    original = ingest.read_all
    monkeypatch.setattr(ingest, "read_all", lambda raws, ctx: read_here.append(len(raws)) or original(raws, ctx))
    with caplog.at_level(logging.WARNING, logger="leakdesk.mail.readers"):
        pooled = imported(imap, tmp_path / "pooled", clock, reader_from=1)

    fallbacks = [r for r in caplog.records if r.name == "leakdesk.mail.readers"]
    assert not read_here and not fallbacks, "every batch was read by the pool (here while its process started)"
    assert len(pooled) == len(INBOX) and len({row[0] for row in pooled}) == len(INBOX)
    assert pooled == here
    assert sum(row[1] == "enquiry" for row in pooled) >= 10


def test_a_reader_process_that_dies_leaves_no_batch_unread(caplog: pytest.LogCaptureFixture) -> None:
    raws = [(CORPUS / name).read_bytes() for name in INBOX[:12]]
    context = Context(frozenset({"front@clinic.test"}), region="GB")
    expected = readers.read_all(raws, context)
    with readers.ReaderPool(read_while_starting=False) as pool:
        assert pool.result(pool.submit(raws[:6], context), raws[:6], context) == expected[:6]
        for pid in list(pool._executor._processes):  # type: ignore[union-attr]  # the fault: killed
            os.kill(pid, signal.SIGKILL)
        with caplog.at_level(logging.WARNING, logger="leakdesk.mail.readers"):
            second = pool.result(pool.submit(raws[6:], context), raws[6:], context)
            third = pool.result(pool.submit(raws, context), raws, context)
    assert second == expected[6:] and third == expected
    assert any("reader process stopped" in r.getMessage() for r in caplog.records)


KILLED_WITH_A_READER = """
import os, signal, sys
from leakdesk.mail.readers import ReaderPool
from leakdesk.mail.classify import Context
if __name__ == "__main__":
    pool = ReaderPool(read_while_starting=False)
    pool.result(pool.submit([b"From: a@b.test\\r\\n\\r\\nhi"], Context()), [], None)
    print(*pool._executor._processes, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_reader_process_ends_when_leakdesk_is_killed(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = tmp_path / "killed.py"
    script.write_text(KILLED_WITH_A_READER)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == -signal.SIGKILL, done.stderr
    [worker] = [int(pid) for pid in done.stdout.split()]
    assert poll_until(lambda: not Path(f"/proc/{worker}").exists(), timeout=10), "the reader process outlived the app"


@pytest.mark.parametrize(("count", "size"), [(10_000, 500), (2_100, 500), (999, 500), (60, 7), (23, 7), (0, 500)])
def test_an_import_read_by_a_reader_ramps_its_batches_up_and_down(count: int, size: int) -> None:
    """Small first batches start the reader sooner, small last ones shorten the wait for it (10,000 messages:
    3.0x -> 2.9x the raw FETCH); every UID once, in order, in batches of at most ``size``, none empty."""
    uids = list(range(1, count + 1))
    for ramped in (True, False):
        chunks = batches(uids, size, ramped)
        assert [u for chunk in chunks for u in chunk] == uids
        assert all(0 < len(chunk) <= size for chunk in chunks)
    sizes = [len(chunk) for chunk in batches(uids, size, True)]
    ramp = [s for s in (size // 8, size // 4, size // 2) if s]
    if count >= 2 * (size + sum(ramp)):
        assert sizes[:len(ramp)] == ramp and sizes[-len(ramp):] == ramp[::-1]
        middle = sizes[len(ramp):-len(ramp)]
        assert max(middle) - min(middle) <= 1 and min(middle) > ramp[-1]  # as even as can be: no small one left
    else:
        assert sizes == [len(c) for c in batches(uids, size, False)]

"""A stored message made readable for the lead window: a big one in the worker process, the rest here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from leakdesk import worker_process
from leakdesk.clock import FakeClock
from leakdesk.domain import Event, EventKind, Message, MessageRole
from leakdesk.mail import readable as readable_mod
from leakdesk.mail.parse import parse_message
from leakdesk.mail.readable import stored_readable
from leakdesk.store import Store
from leakdesk.store.rows import iso

RAW = (b"From: Pat Big <pat@big.example>\r\nTo: front@clinic.example\r\nSubject: Plans\r\n"
       b"Message-ID: <plans@big.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=b\r\n"
       b"\r\n--b\r\nContent-Type: text/plain\r\n\r\nCould you quote for these plans?\r\n"
       b"--b\r\nContent-Type: text/html\r\n\r\n<p>Could you <b>quote</b>?<script>alert(1)</script>"
       b"<img src='http://tracker.example/x.png'></p>\r\n--b--\r\n")


def stored(store: Store, clock: FakeClock) -> int:
    now = clock.now()
    with store.transaction():
        lead = store.leads.open_lead(Event(0, EventKind.RECEIVED, now, None, {
            "received_at": iso(now), "contact_name": "Pat Big", "contact_email": "pat@big.example"}))
        row = store.messages.add_captured(Message("INBOX", 7, 1, "<plans@big.example>", MessageRole.ENQUIRY,
                                                  lead_id=lead.id), RAW, "plans", parse_message(RAW), len(RAW),
                                          now, now)
        store.messages.flush_raw()
    return int(row)


@pytest.mark.parametrize("big", [False, True])
def test_text_and_safe_html_here_or_in_the_worker(store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
                                                  big: bool) -> None:
    row = stored(store, clock)
    assert store.messages.size(row) == len(RAW)
    sent: list[Callable[..., Any]] = []
    real = worker_process.run

    def run(work: Callable[..., Any], *args: object) -> Any:
        sent.append(work)
        return real(work, *args)

    monkeypatch.setattr(worker_process, "run", run)
    monkeypatch.setattr(readable_mod, "BIG", 10 if big else 1 << 20)
    assert stored_readable(store, row, False) == ("Could you quote for these plans?", False)
    html, safe = stored_readable(store, row, True) or ("", False)
    assert safe and "<b>quote</b>" in html and "script" not in html and "tracker.example" not in html
    assert sent == ([readable_mod.readable_at] * 2 if big else [])
    assert stored_readable(store, 999_999, False) is None  # no such message: nothing stored to show


def test_the_worker_reads_the_database_at_its_path(store: Store, clock: FakeClock) -> None:
    row = stored(store, clock)
    assert readable_mod.readable_at(Path(store.path), row, False) == ("Could you quote for these plans?", False)

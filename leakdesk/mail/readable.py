"""A stored message made readable for the lead window: its text, or its HTML made safe.

Extracting a message with a 30 MB attachment is seconds of Python, and on a
pool thread of the window's process it holds the interpreter lock the
window paints with (bench/jank.py saw the lead window's opening stall for
it). A big message is therefore read in the worker process; a small one,
most mail, right here, where it costs a few milliseconds.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

from leakdesk import worker_process
from leakdesk.mail.content import extract
from leakdesk.mail.safe_html import sanitize
from leakdesk.store import Store

BIG = 1 << 20  # bytes from which a message is read in the worker process


def readable(raw: bytes, formatted: bool) -> tuple[str, bool]:
    """(what to show, whether it is sanitised HTML)."""
    content = extract(raw)
    if formatted and content.html:
        return sanitize(content.html), True
    return content.text or "(this message has no readable text)", False


def readable_at(path: Path, message_row: int, formatted: bool) -> tuple[str, bool] | None:
    """``readable`` of a stored message of the database at ``path`` (what the worker process runs);
    None when its text is not stored."""
    with closing(Store.open(path)) as store:
        raw = store.messages.raw(message_row)
    return None if raw is None else readable(raw, formatted)


def stored_readable(store: Store, message_row: int, formatted: bool) -> tuple[str, bool] | None:
    """A stored message made readable: in the worker process when it is big, here otherwise."""
    if store.messages.size(message_row) >= BIG:
        return worker_process.run(readable_at, store.path, message_row, formatted)
    raw = store.messages.raw(message_row)
    return None if raw is None else readable(raw, formatted)

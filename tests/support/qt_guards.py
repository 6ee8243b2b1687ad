"""Guards for every test that makes Qt objects (the window tests and the app's mail tests): a
message box nobody expected fails the test, and garbage is collected on the GUI thread only.
Their conftest.py files import these autouse fixtures; core tests never see Qt."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def no_unexpected_message_box(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box nobody expected fails its test with its text, instead of waiting forever for a
    click under Xvfb. Tests that expect one patch it again themselves."""
    from PySide6.QtWidgets import QMessageBox

    def unexpected(_parent: object, title: str, text: str, *args: object, **kwargs: object) -> object:
        raise AssertionError(f"unexpected message box '{title}': {text}")

    for name in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, unexpected)


@pytest.fixture(autouse=True)
def garbage_on_the_main_thread() -> Iterator[None]:
    """Collect garbage only here, on the main (GUI) thread, as the app does (ui/app.py): a cycle holding
    Qt objects collected on a mail or pool thread destroys them there, and Qt warns
    "QBasicTimer::start: Timers cannot be started from another thread"."""
    gc.disable()
    yield
    gc.unfreeze()  # what a window froze after its loads (ui/heap.py) is collected here too
    gc.collect()
    gc.enable()

"""Shared fixtures: a fake clock, a real SQLite file, the demo store. No Qt here: core tests run
without PySide6 (tests/core/test_without_qt.py); the Qt guards live in tests/support/qt_guards.py."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

# Without a display Qt aborts the whole run; real-window tests run under xvfb-run.
if not os.environ.get("DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
if not os.environ.get("XDG_RUNTIME_DIR"):
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="xdg-")
os.chmod(os.environ["XDG_RUNTIME_DIR"], 0o700)

from leakdesk.clock import FakeClock  # noqa: E402
from leakdesk.demo import create_demo  # noqa: E402
from leakdesk.store import Store  # noqa: E402

# Tuesday 17 November 2026, 11:20 in London (GMT): the clinic is open.
TUESDAY_MORNING = datetime(2026, 11, 17, 11, 20, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(TUESDAY_MORNING)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "leakdesk.sqlite")
    yield s
    s.close()


@pytest.fixture
def demo_store(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    s = create_demo(tmp_path / "demo.sqlite", clock)
    yield s
    s.close()

"""The heap keeper: collections on the GUI thread that never walk the loaded board, and sweeps of
what a freeze kept while LeakDesk is in the background."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui import heap
from ui.heap import AWAY_S, SWEEP_EVERY_S, HeapKeeper
from ui.main_window import MainWindow


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def frozen_cycle() -> weakref.ref[Node]:
    """A cycle that is garbage once this returns, frozen before it became garbage (as a load's would be)."""
    a, b = Node(), Node()
    a.other, b.other = b, a
    heap.settle()
    return weakref.ref(a)


class Seconds:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def keeper(qtbot: QtBot) -> Iterator[tuple[HeapKeeper, Seconds]]:
    now = Seconds()
    kept = HeapKeeper(now=now)
    kept.state_changed(Qt.ApplicationState.ApplicationActive)
    yield kept, now
    kept.stop()


def test_the_ticker_leaves_the_frozen_heap_alone_and_a_sweep_collects_it(keeper: tuple[HeapKeeper, Seconds]) -> None:
    kept, now = keeper
    cycle = frozen_cycle()
    kept.tick()  # in front of the person: only what is new is walked
    assert cycle() is not None and kept.sweeps == 0
    now.t += SWEEP_EVERY_S  # ...but a sweep is never put off longer than this
    kept.tick()
    assert cycle() is None and kept.sweeps == 1
    assert gc.get_freeze_count() > 0  # frozen again after the sweep


def test_a_sweep_runs_once_per_absence(keeper: tuple[HeapKeeper, Seconds]) -> None:
    kept, now = keeper
    cycle = frozen_cycle()
    kept.state_changed(Qt.ApplicationState.ApplicationInactive)  # another app is in front
    now.t += AWAY_S / 2
    kept.tick()
    assert cycle() is not None  # a glance away is not an absence
    now.t += AWAY_S
    kept.tick()
    assert cycle() is None and kept.sweeps == 1
    now.t += 60
    kept.tick()
    assert kept.sweeps == 1  # still away: nothing new to sweep for
    kept.state_changed(Qt.ApplicationState.ApplicationActive)
    kept.state_changed(Qt.ApplicationState.ApplicationHidden)  # back, then minimised: a new absence
    now.t += AWAY_S
    kept.tick()
    assert kept.sweeps == 2


def test_stopping_thaws_the_heap_and_python_collects_by_itself_again(keeper: tuple[HeapKeeper, Seconds]) -> None:
    kept, _ = keeper
    kept.start()
    assert not gc.isenabled()  # collections are the ticker's, on the GUI thread
    cycle = frozen_cycle()
    kept.stop()
    assert gc.get_freeze_count() == 0 and gc.isenabled()
    gc.collect()
    assert cycle() is None
    gc.disable()  # as the test guard wants it until the test ends


def test_board_loads_freeze_the_board_and_reloads_do_not_grow_the_frozen_heap(qtbot: QtBot,
                                                                             window: MainWindow) -> None:
    gc.unfreeze()
    with qtbot.waitSignal(window.board_loaded, timeout=5000):
        window.reload()
    first = gc.get_freeze_count()
    assert first > 0  # the load's objects are frozen: collections no longer walk them
    for _ in range(4):
        with qtbot.waitSignal(window.board_loaded, timeout=5000):
            window.reload()
    # The replaced board is freed by reference counting, frozen or not: the frozen heap stays its size.
    assert gc.get_freeze_count() < first * 1.05

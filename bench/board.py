"""Benchmark: open the board on 100,000 leads with 5,000 open.

Run by hand (``make bench``); prints figures, asserts nothing. Goals from
issue 2: model reset to painted < 100 ms, one countdown tick < 5 ms of
UI-thread time, RSS < 250 MB. Timings on a shared machine wander; the
ratio lines compare figures measured in this same run.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")

from leakdesk.board import LIVE_COLUMNS, BoardColumn, BoardWindow, board_counts, board_entries
from leakdesk.clock import FakeClock
from leakdesk.demo import business
from leakdesk.demo.history import lead_story
from leakdesk.domain import Event, EventKind, Outcome
from leakdesk.sla.deadlines import countdown
from leakdesk.sla.policy import calendar_from_settings, policy_from_settings
from leakdesk.store import Store
from leakdesk.store.rows import iso

TOTAL, OPEN = 100_000, 5_000
NOW = datetime(2026, 11, 17, 11, 20, tzinfo=UTC)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def build(path: Path) -> Store:
    store = Store.open(path)
    if store.leads.count() == TOTAL:
        return store
    rng = random.Random(5)
    store.settings.set_many(dict(business.SETTINGS))
    team = [store.people.add(n, i, c, [m]).id for n, i, c, m in business.TEAM]
    cal = calendar_from_settings(store.settings.load())
    closed: list[list[Event]] = []
    start = NOW - timedelta(days=730)
    while len(closed) < TOTAL - OPEN:
        received = start + timedelta(seconds=rng.uniform(0, 716 * 86400))
        events = lead_story(rng, received, team, cal, NOW)
        if events and events[-1].kind is not EventKind.OUTCOME_SET:
            events.append(Event(0, EventKind.OUTCOME_SET, NOW - timedelta(days=1), team[0],
                                {"outcome": Outcome.WON.value}))
        if (events and events[-1].details.get("outcome") != Outcome.NOT_READY.value) or rng.random() < 0.05:
            closed.append(events)
    opened: list[list[Event]] = []
    while len(opened) < OPEN:
        received = NOW - timedelta(seconds=rng.uniform(60, 14 * 86400))
        details = business.prospect(rng, business.pick_channel(rng))
        events = [Event(0, EventKind.RECEIVED, received, None, {"received_at": iso(received), **details})]
        if rng.random() < 0.8:
            owner = rng.choice(team)
            events.append(Event(0, EventKind.CLAIMED, received + timedelta(minutes=5), owner, {"owner_id": owner}))
            if rng.random() < 0.7:
                events.append(Event(0, EventKind.REPLIED, received + timedelta(minutes=30), owner, {}))
                due = received + timedelta(days=rng.uniform(0, 6))
                events.append(Event(0, EventKind.NEXT_STEP_SET, received + timedelta(minutes=31), owner,
                                    {"action": "Call back", "due": iso(due)}))
        opened.append(events)
    for chunk in range(0, len(closed), 10_000):
        store.leads.import_histories(closed[chunk:chunk + 10_000])
    store.leads.import_histories(opened)
    return store


def painted(app: object, window: object) -> None:
    """Process events until every card on screen has been painted (or 2 s)."""
    board = window.board  # type: ignore[attr-defined]
    want = sum(r[1] - r[0] + 1 for v in board.lists.values() if (r := v.visible_rows()))
    deadline = perf_counter() + 2
    while len(board.delegate.shown) < want and perf_counter() < deadline:
        app.processEvents()  # type: ignore[attr-defined]


def main() -> None:
    folder = Path(os.environ.get("BENCH_DIR", Path(tempfile.gettempdir()) / "leakdesk-bench"))
    folder.mkdir(parents=True, exist_ok=True)
    t = perf_counter()
    store = build(folder / "bench.sqlite")
    print(f"database: {store.leads.count():,} leads, {store.leads.count(open_only=True):,} open "
          f"(ready in {perf_counter() - t:.1f} s)")

    from PySide6.QtWidgets import QApplication

    from ui.app import ui_settings
    from ui.main_window import MainWindow
    from ui.views.board_view import REPAINT_BUDGET

    app = QApplication.instance() or QApplication(sys.argv)
    clock = FakeClock(NOW)
    rss_before = rss_mb()
    window = MainWindow(store, clock, ui_settings(folder))
    window.resize(1280, 760)
    window.show()
    app.processEvents()
    policy = policy_from_settings(store.settings.load())

    loads, builds, resets, ticks, empty_resets = [], [], [], [], []
    for _ in range(7):
        t0 = perf_counter()
        leads = store.leads.for_board(BoardWindow.as_of(NOW))
        t1 = perf_counter()
        entries = board_entries(leads, policy, NOW)
        t2 = perf_counter()
        window.model.load_entries(entries)
        painted(app, window)
        t3 = perf_counter()
        window.model.load_entries([])
        app.processEvents()
        t4 = perf_counter()
        window.model.load_entries(entries)
        painted(app, window)
        loads.append(t1 - t0)
        builds.append(t2 - t1)
        resets.append(t3 - t2)
        empty_resets.append(t4 - t3)
    window.ticker.stop()
    worst: list[float] = []
    repainted: list[int] = []
    for _ in range(120):  # two minutes of one-second ticks, as the app does
        clock.advance(seconds=1)
        t0 = perf_counter()
        repainted.append(window.board.refresh_countdowns())
        app.processEvents()
        ticks.append(perf_counter() - t0)
    catch_up: list[int] = []
    for _ in range(20):  # worst case: every card on screen changed its text (opening time)
        clock.advance(seconds=1)
        window.board.delegate.shown.clear()
        t0 = perf_counter()
        window.board.refresh_countdowns()
        app.processEvents()
        worst.append(perf_counter() - t0)
        ticks_needed = 1
        while window.board.refresh_countdowns():  # following ticks paint what the budget left
            app.processEvents()
            ticks_needed += 1
        catch_up.append(ticks_needed)
    on_board = sum(window.model.count(c) for c in BoardColumn)
    live = [e for e in entries if e.column in LIVE_COLUMNS]
    counting, full_countdowns = [], []
    for _ in range(7):  # the top bar's counts, on the pool every 15 s and after each change
        t0 = perf_counter()
        board_counts(entries, policy, NOW)
        t1 = perf_counter()
        [countdown(e.clock, NOW, policy).state for e in live]  # what counting cost with whole countdowns
        full_countdowns.append(perf_counter() - t1)
        counting.append(t1 - t0)
    ms = lambda xs: statistics.median(xs) * 1000  # noqa: E731
    print(f"cards on the board: {on_board:,}")
    print(f"query board leads (worker side):        {ms(loads):7.1f} ms median")
    print(f"deadlines + sort (worker side):         {ms(builds):7.1f} ms median")
    print(f"model reset -> painted (UI thread):     {ms(resets):7.1f} ms median   goal < 100 ms")
    print(f"  same, empty board (floor):            {ms(empty_resets):7.1f} ms median")
    print(f"top bar counts (pool):                  {ms(counting):7.1f} ms median   (with a whole countdown per "
          f"card: {ms(full_countdowns):.1f} ms)")
    p90 = sorted(ticks)[int(len(ticks) * 0.9)] * 1000
    print(f"one countdown tick + repaint (UI):      {ms(ticks):7.2f} ms median, p90 {p90:.2f} ms, "
          f"max {max(ticks) * 1000:.2f} ms   goal < 5 ms")
    print(f"  cards repainted per tick: mean {statistics.mean(repainted):.1f}, max {max(repainted)}")
    print(f"  worst case, every visible card changed: {ms(worst):7.2f} ms median, max {max(worst) * 1000:.2f} ms"
          f" (budget {REPAINT_BUDGET} cards; all caught up after {max(catch_up)} ticks)")
    print(f"RSS: {rss_mb():.0f} MB (before window: {rss_before:.0f} MB)   goal < 250 MB")
    print(f"ratio reset/goal: {ms(resets) / 100:.2f}   tick/goal: {ms(ticks) / 5:.2f}")
    window.close()
    store.close()


if __name__ == "__main__":
    main()

"""Benchmark: the weekly leakage report over 100,000 leads and 1,000,000 events.

Run by hand (``make bench``); prints figures, asserts nothing. Goals from
issue 6: a 52-week report under 100 ms; the chart's redraw under 50 ms. It also times the pipeline tab's
figures (issue 20), which fold the event logs of the open and recently moved leads.
Run under a display (``make bench`` uses xvfb-run) for the chart figure.
The database is the board benchmark's 100,000 leads, with notes added until
the event log holds a million rows.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen" if not os.environ.get("DISPLAY") else "xcb")

from board import NOW, build  # the board benchmark's database

from leakdesk.report import review
from leakdesk.report.pipeline import pipeline_of
from leakdesk.report.weekly import WeekFigures
from leakdesk.store import Store
from leakdesk.store.rows import iso

EVENTS = 1_000_000


def with_a_million_events(folder: Path) -> Store:
    path = folder / "report.sqlite"
    if not path.exists():
        build(folder / "bench.sqlite").close()
        shutil.copy(folder / "bench.sqlite", path)
    store = Store.open(path)
    with store.transaction():  # an earlier version of this benchmark wrote a kind of event LeakDesk does not have
        store.db.execute("UPDATE events SET kind = 'note' WHERE kind = 'note_added'")
    missing = EVENTS - store.leads.count_events()
    if missing > 0:
        with store.transaction():
            store.db.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                "INSERT INTO events (lead_id, kind, at, actor_id, details) "
                "SELECT 1 + abs(random()) % 100000, 'note', ?, 1, '{\"text\": \"Called, left a message\"}' "
                "FROM n", [missing, iso(NOW - timedelta(days=3))])
    return store


def ms(xs: list[float]) -> float:
    return statistics.median(xs) * 1000


def main() -> None:
    folder = Path(os.environ.get("BENCH_DIR", Path(tempfile.gettempdir()) / "leakdesk-bench"))
    folder.mkdir(parents=True, exist_ok=True)
    store = with_a_million_events(folder)
    print(f"database: {store.leads.count():,} leads, {store.leads.count_events():,} events")

    store.db.execute("DELETE FROM settings_derived")  # derive every lead's timings from scratch
    t = perf_counter()
    weeks = review.weekly_figures(store, NOW, 52)
    cold = perf_counter() - t
    in_range = sum(w.leads for w in weeks)
    print(f"leads in the 52 weeks: {in_range:,}")
    print(f"first report, deriving every lead:      {cold * 1000:7.0f} ms (once, and after hours/SLA settings change)")

    runs = []
    for _ in range(15):
        t = perf_counter()
        review.weekly_figures(store, NOW, 52)
        runs.append(perf_counter() - t)
    print(f"52-week report (leakdesk report):       {ms(runs):7.1f} ms median, max {max(runs) * 1000:.1f} ms"
          f"   goal < 100 ms")

    changed = []
    for round_ in range(5):  # 100 leads answered since the last report: only they are derived again
        with store.transaction():
            store.db.execute("UPDATE leads SET last_activity_at = ? WHERE id % 1000 = ?",
                             [iso(NOW - timedelta(minutes=round_)), round_])
        t = perf_counter()
        review.weekly_figures(store, NOW, 52)
        changed.append(perf_counter() - t)
    print(f"  same, after 100 leads changed:        {ms(changed):7.1f} ms median")

    reviews = []
    for _ in range(7):
        t = perf_counter()
        r = review.review(store, NOW, weeks=52)
        reviews.append(perf_counter() - t)
    print(f"whole review (52 weeks + rescue list + channels): {ms(reviews):7.1f} ms median "
          f"({len(r.rescue)} leads to rescue)")
    twelve = []
    for _ in range(7):
        t = perf_counter()
        review.review(store, NOW, weeks=12)
        twelve.append(perf_counter() - t)
    print(f"whole review, 12 weeks (the app's default): {ms(twelve):7.1f} ms median")
    pipelines = []
    for _ in range(5):
        t = perf_counter()
        p = pipeline_of(store, NOW, 12)
        pipelines.append(perf_counter() - t)
    print(f"pipeline, 12 weeks (the tab's default):  {ms(pipelines):7.1f} ms median "
          f"({p.open:,} open leads, {len(p.stuck):,} stuck)")
    chart_redraws = redraw_chart(r.weeks)
    print(f"ratio report/goal: {ms(runs) / 100:.2f}   chart redraw/goal: "
          f"{max(chart_redraws.values()) / 50:.2f}")
    store.close()


def redraw_chart(weeks: list[WeekFigures]) -> dict[int, float]:
    """Chart redraw: set the weeks and paint, 52 and 12 weeks (UI thread)."""
    from PySide6.QtWidgets import QApplication

    from ui.charts.leakage_chart import LeakageChart

    app = QApplication.instance() or QApplication(sys.argv)
    chart = LeakageChart()
    chart.resize(960, 480)
    chart.show()
    app.processEvents()
    out = {}
    for count in (52, 12):
        shown = weeks[-count:]
        times = []
        for i in range(15):
            t = perf_counter()
            chart.set_weeks(shown, selected=i % count)
            app.processEvents()  # the update it queued: one paint
            times.append(perf_counter() - t)
        out[count] = ms(times)
        print(f"chart redraw, {count} weeks (set + paint):   {out[count]:7.1f} ms median, "
              f"max {max(times) * 1000:.1f} ms   goal < 50 ms")
    chart.close()
    return out


if __name__ == "__main__":
    main()

"""The pipeline tab in a real window: its numbers are the core's, its stuck list works by keys alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from leakdesk.clock import FakeClock
from leakdesk.domain import Stage
from leakdesk.report.pipeline import STAGE_LABELS, days_text, pipeline_of
from leakdesk.store import Store
from tests.ui.layout_checks import says
from ui.main_window import MainWindow
from ui.models.pipeline_model import COLUMNS, TOTALS, FigureRole
from ui.views.pipeline_view import PipelineView


@pytest.fixture
def pipeline(qtbot: QtBot, window: MainWindow) -> PipelineView:
    assert not window.pipeline_page.built  # built when first shown, not with the window
    window.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)
    qtbot.keyClick(window, "3", modifier=Qt.KeyboardModifier.ControlModifier)
    view = window.pipeline_view
    assert window.tabs.currentWidget() is window.pipeline_page and view.isVisible()
    qtbot.waitUntil(lambda: view.figures is not None, timeout=10_000)
    return view


def test_every_cell_is_the_cores_figure(pipeline: PipelineView, demo_store: Store, clock: FakeClock) -> None:
    core = pipeline_of(demo_store, clock.now(), 12)
    model = pipeline.model
    assert model.rowCount() == len(core.stages) + 1
    for row, stage in enumerate(core.stages):
        assert model.index(row, 0).data() == STAGE_LABELS[stage.stage]
        for col, column in enumerate(COLUMNS, 1):
            assert model.index(row, col).data(FigureRole) == column.value(stage), (stage.stage, column.figure)
    total = len(core.stages)
    assert model.index(total, 0).data() == "All open"
    for col, column in enumerate(COLUMNS, 1):
        expected = {"open": core.open, "no_next_step": core.no_next_step, "no_owner": core.no_owner,
                    "stuck": len(core.stuck)}.get(column.figure)
        assert column.figure in TOTALS or expected is None
        assert model.index(total, col).data(FigureRole) == expected
    median = next(i for i, c in enumerate(COLUMNS, 1) if c.figure == "time_in_stage_median_min")
    assert model.index(1, median).data() == days_text(core.stages[1].median_minutes, model.day_minutes)
    assert pipeline.headline.text().startswith("Leads stall most at ")


def test_the_stuck_list_is_the_cores_longest_first(pipeline: PipelineView, demo_store: Store,
                                                   clock: FakeClock) -> None:
    core = pipeline_of(demo_store, clock.now(), 12)
    rows = pipeline.stuck.table.rows
    assert [lead.id for lead, _ in rows] == [s.lead.id for s in core.stuck] and rows
    assert str(rows[0][1]).startswith(f"{STAGE_LABELS[core.stuck[0].stage]} · ")
    assert f"({len(core.stuck)})" in pipeline.stuck_title.text()
    assert {s.stage for s in core.stuck} <= set(Stage)


def test_one_key_actions_on_a_stuck_lead(qtbot: QtBot, window: MainWindow, pipeline: PipelineView,
                                         demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    monkeypatch.setattr(window.work, "ask_next_step", lambda lead: asked.append(lead.id) or None)
    opened: list[int] = []
    pipeline.open_requested.disconnect()
    pipeline.open_requested.connect(opened.append)
    assigned: list[int] = []
    pipeline.assign_requested.disconnect()
    pipeline.assign_requested.connect(lambda lead_id, _at: assigned.append(lead_id))
    stuck = pipeline.stuck
    assert stuck.hasFocus() and stuck.currentIndex().row() == 0  # Ctrl+3 lands on the first stuck lead
    first = stuck.table.rows[0][0].id
    qtbot.keyClick(stuck, Qt.Key.Key_N)
    qtbot.keyClick(stuck, Qt.Key.Key_A)
    qtbot.keyClick(stuck, Qt.Key.Key_Return)
    assert (asked, assigned, opened) == ([first], [first], [first])
    qtbot.keyClick(stuck, Qt.Key.Key_Down)
    second = stuck.table.rows[1][0]
    monkeypatch.setattr(window.work, "ask_log_contact", lambda lead: asked.append(lead.id) or None)
    qtbot.keyClick(stuck, Qt.Key.Key_L)
    assert asked[-1] == second.id


def test_claiming_a_stuck_lead_by_key_refreshes_the_tab(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                                       clock: FakeClock) -> None:
    me = demo_store.people.all()[0].id
    window.session.set_me(me)
    # An unowned lead left in New for three weeks: stuck, and C claims it from the stuck list.
    lead = next(e.lead for e in window.model.all_entries() if e.lead.owner_id is None and e.lead.stage is Stage.NEW)
    clock.advance(days=21)
    view = window.pipeline_view
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.show_pipeline()
    row = next(i for i, (stuck, _) in enumerate(view.stuck.table.rows) if stuck.id == lead.id)
    view.stuck.selectRow(row)
    no_owner = view.model.figure(len(view.model.pipeline.stages), 8)  # type: ignore[union-attr]
    with qtbot.waitSignal(view.loaded, timeout=10_000):  # the action makes the figures stale; visible: recomputed
        qtbot.keyClick(view.stuck, Qt.Key.Key_C)
    assert demo_store.leads.get(lead.id).owner_id == me
    assert view.model.figure(len(view.model.pipeline.stages), 8) == no_owner - 1  # type: ignore[union-attr,operator]


def test_the_range_changes_what_counts_as_moved(qtbot: QtBot, pipeline: PipelineView, demo_store: Store,
                                                clock: FakeClock) -> None:
    with qtbot.waitSignal(pipeline.loaded, timeout=10_000):
        pipeline.range_box.setCurrentIndex(0)  # the last 4 weeks
    core = pipeline_of(demo_store, clock.now(), 4)
    moved = next(i for i, c in enumerate(COLUMNS, 1) if c.figure == "moved_on")
    assert [pipeline.model.index(r, moved).data(FigureRole) for r in range(4)] == [s.moved_on for s in core.stages]
    assert core.stages[0].moved_on < pipeline_of(demo_store, clock.now(), 12).stages[0].moved_on


def test_the_pipeline_model_passes_qtmodeltester(qtmodeltester: object, pipeline: PipelineView) -> None:
    qtmodeltester.check(pipeline.model, force_py=True)  # type: ignore[attr-defined]
    qtmodeltester.check(pipeline.stuck.table, force_py=True)  # type: ignore[attr-defined]


def test_nothing_stuck_says_so(qtbot: QtBot, window: MainWindow, demo_store: Store) -> None:
    demo_store.settings.set("figures.stuck_business_days", "400")
    view = window.pipeline_view
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.show_pipeline()
    assert view.stuck.table.rowCount() == 0
    assert "within 400 business days" in view.stuck.empty_text and says(qtbot, view.stuck)
    assert view.headline.text().startswith("No lead is stuck")

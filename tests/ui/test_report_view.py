"""The weekly leakage review in a real window: chart, panel, rescue list, exports, settings."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from leakdesk.clock import FakeClock
from leakdesk.domain import LeakKind
from leakdesk.report.review import weekly_figures
from leakdesk.store import Store
from tests.ui.layout_checks import says
from ui.charts.leakage_chart import LAYERS
from ui.main_window import MainWindow
from ui.views.report_view import ReportView


@pytest.fixture
def report(qtbot: QtBot, window: MainWindow) -> ReportView:
    view = window.report_view
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.show_report()
    return view


def test_the_chart_has_a_bar_per_week_and_segments_equal_the_report(report: ReportView, demo_store: Store,
                                                                     clock: FakeClock) -> None:
    expected = weekly_figures(demo_store, clock.now(), 12)
    chart = report.chart
    assert chart.bar_count() == 12
    assert chart.segment_heights(None) == [w.leads - w.leaked for w in expected]
    for kind in LeakKind:
        assert chart.segment_heights(kind) == [w.by_kind[kind] for w in expected], kind
    # Stacked: each layer starts where the one below it ends.
    for below, above in itertools.pairwise(LAYERS):
        tops = [b + h for b, h in zip(chart.segment_bottoms(below), chart.segment_heights(below), strict=True)]
        assert chart.segment_bottoms(above) == tops
    assert sum(sum(chart.segment_heights(k)) for k in LeakKind) > 0 and all(
        any(chart.segment_heights(k)) for k in LeakKind)  # the demo shows every kind
    # The median speed line on the second axis, the current week marked provisional.
    _, ys = chart.speed_line.getData()
    assert list(ys) == pytest.approx([w.speed_median for w in expected])
    assert list(chart.provisional.opts["x"]) == [11] and expected[-1].provisional


def hover(widget: QWidget, point: QPointF) -> None:
    """A mouse move with no button held (QTest.mouseMove moves the cursor, which Xvfb without a window
    manager does not turn into an event)."""
    event = QMouseEvent(QEvent.Type.MouseMove, point, widget.mapToGlobal(point), Qt.MouseButton.NoButton,
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def test_hover_shows_the_weeks_numbers(qtbot: QtBot, report: ReportView) -> None:
    chart = report.chart
    week = chart.weeks[3]
    hover(chart.plot.viewport(), chart.view_point(3, week.leads / 2))
    assert chart.hover_index == 3
    assert f"{week.leads} leads, {week.leaked} leaked" in chart.hover_text
    assert f"Week of {week.start.day} {week.start:%b %Y}" in chart.hover_text
    above = chart.view_point(3, week.leads * 1.1 + 1)
    # pyqtgraph drops moves that come faster than its rate limit; a real mouse keeps moving.
    qtbot.waitUntil(lambda: hover(chart.plot.viewport(), above) or chart.hover_index is None, timeout=3000)
    assert chart.hover_text == ""


def test_clicking_a_segment_lists_its_leads_and_selects_the_week(qtbot: QtBot, report: ReportView,
                                                                 demo_store: Store, clock: FakeClock) -> None:
    chart = report.chart
    index = next(i for i, w in enumerate(chart.weeks) if w.by_kind[LeakKind.LATE_RESPONSE] >= 2)
    late = LeakKind.LATE_RESPONSE
    middle = chart.segment_bottoms(late)[index] + chart.segment_heights(late)[index] / 2
    with qtbot.waitSignal(report.loaded, timeout=5000):
        qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton,
                         pos=chart.view_point(index, middle).toPoint())
    assert chart.selected == index
    assert report.tabs.currentWidget() is report.segment
    rows = report.segment.table.rows
    assert len(rows) == chart.weeks[index].by_kind[LeakKind.LATE_RESPONSE]
    assert all(kind is LeakKind.LATE_RESPONSE for _, kind in rows)
    assert chart.weeks[index].week in report.panel.title.toolTip()  # the panel follows the clicked week


def test_the_week_panel_shows_the_selected_week(report: ReportView) -> None:
    weeks = report.review.weeks  # type: ignore[union-attr]
    report.select_week(10)
    week, before = weeks[10], weeks[9]
    panel = report.panel
    assert panel.values["leads"].text() == str(week.leads)
    assert panel.values["leaked"].text().startswith(f"{week.leaked} (")
    assert panel.values["leak_cost"].text() == f"GBP {week.leak_cost:,.2f}"
    assert panel.score.text().count(str(week.score)) == 1
    assert panel.stage_bars["response"].value() == round(100 * week.stages["response"])  # type: ignore[index]
    delta = week.leads - before.leads
    assert panel.deltas["leads"].text().count(f"{'+' if delta > 0 else '−' if delta < 0 else '±'}{abs(delta)}") == 1
    assert panel.sentence.text().startswith(("Most leads leaked at", "The weakest stage is conversion"))
    assert panel.title.text().startswith("<b>Week of ") and week.week in panel.title.toolTip()
    assert f" {week.leaked} of {week.leads} leads leaked" in panel.headline.text() or not week.leaked
    assert "health score" in panel.score.text() and "not the share of leads that leaked" in panel.score.toolTip()


def test_the_headline_rescue_link_opens_the_rescue_list(qtbot: QtBot, report: ReportView) -> None:
    rescue = len(report.review.rescue)  # type: ignore[union-attr]
    assert rescue, "the demo has leads to rescue"
    report.select_week(len(report.review.weeks) - 2)  # type: ignore[union-attr]
    assert f"<a href='rescue'>Rescue {rescue} now.</a>" in report.panel.headline.text()
    report.tabs.setCurrentIndex(1)
    report.panel.headline.linkActivated.emit("rescue")
    assert report.tabs.currentWidget() is report.rescue and report.rescue.currentIndex().row() == 0


def test_rescue_list_actions_in_one_click(qtbot: QtBot, window: MainWindow, report: ReportView,
                                         demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    table = report.rescue
    rows = table.table.rows
    assert rows and [k for _, k in rows] == sorted((k for _, k in rows), key=list(LeakKind).index)
    unowned = next(i for i, (lead, _) in enumerate(rows) if lead.owner_id is None)
    window.session.set_me(demo_store.people.all()[0].id)
    lead_id = rows[unowned][0].id
    with qtbot.waitSignal(report.loaded, timeout=10_000):  # the action refreshes the review
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                         pos=table.button_centre(unowned, "claim").center())
    assert demo_store.leads.get(lead_id).owner_id == demo_store.people.all()[0].id
    asked: list[int] = []
    monkeypatch.setattr(window.work, "ask_next_step", lambda lead: asked.append(lead.id) or None)
    first = table.table.rows[0][0].id
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.button_centre(0, "next").center())
    assert asked == [first]


def test_channels_table(report: ReportView) -> None:
    table = report.channels
    review = report.review
    assert review is not None and table.rowCount() == len(review.channels) >= 4
    assert sum(int(table.item(r, 1).text()) for r in range(table.rowCount())) == sum(w.leads for w in review.weeks)


def test_range_changes_the_number_of_bars(qtbot: QtBot, report: ReportView) -> None:
    with qtbot.waitSignal(report.loaded, timeout=10_000):
        report.range_box.setCurrentIndex(report.range_box.findData(4))
    assert report.chart.bar_count() == 4 and report.chart.selected == 2  # the last full week


def test_changing_the_cost_per_lead_refreshes_the_figures(qtbot: QtBot, window: MainWindow, report: ReportView,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(window.menu, "demo", False)  # a connected business: its figures follow its settings
    monkeypatch.setattr(window.menu, "ask_figure_settings", lambda: {"figures.cost_per_lead": "100",
                                                               "figures.currency": "EUR"})
    with qtbot.waitSignal(report.loaded, timeout=10_000):
        window.menu.edit_figure_settings()
    week = report.review.weeks[report.chart.selected]  # type: ignore[union-attr,index]
    assert week.leak_cost == week.leaked * 100
    assert report.panel.values["leak_cost"].text() == f"EUR {week.leaked * 100:,.2f}"
    monkeypatch.setattr(window.menu, "ask_figure_settings", lambda: {"figures.currency": "euros"})
    warned: list[str] = []
    monkeypatch.setattr("ui.app_menu.QMessageBox.warning", lambda _w, _t, text: warned.append(text))
    window.menu.edit_figure_settings()
    assert warned == ["figures.currency must be a three-letter code such as EUR, not 'euros'."]


def test_on_demo_data_the_figures_settings_are_the_business_own(window: MainWindow, demo_store: Store,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(window.menu, "ask_figure_settings", lambda: {"figures.cost_per_lead": "100"})
    window.menu.edit_figure_settings()
    assert demo_store.settings.load().get("figures.cost_per_lead") != 100  # the demo keeps its own
    home = Store.open(demo_store.path.with_name("leakdesk.sqlite"))
    assert home.settings.load().get("figures.cost_per_lead") == 100
    home.close()
    assert "Saved for your business" in window.statusBar().currentMessage()


def test_exports_produce_files_that_open(report: ReportView, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader

    def save_to(name: str) -> Path:
        monkeypatch.setattr(report, "ask_save_path", lambda *_: tmp_path / name)
        return tmp_path / name

    report.export(("chart_png", save_to("chart.png"))[0])
    image = QImage(str(tmp_path / "chart.png"))
    assert image.width() == report.chart.width() * report.chart.devicePixelRatio() and image.height() > 200

    report.export(("chart_pdf", save_to("chart.pdf"))[0])
    assert len(PdfReader(tmp_path / "chart.pdf").pages) == 1

    report.export(("report_pdf", save_to("report.pdf"))[0])
    pdf = PdfReader(tmp_path / "report.pdf")
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert len(pdf.pages) >= 1 and "weekly leakage" in text and "Rescue now" in text

    report.export(("weeks_csv", save_to("weeks.csv"))[0])
    with (tmp_path / "weeks.csv").open(newline="") as f:
        weeks = list(csv.DictReader(f))
    assert len(weeks) == 12 and weeks[-1]["Provisional"] == "yes" and weeks[0]["From"].startswith("Mon ")

    report.export(("rescue_csv", save_to("rescue.csv"))[0])
    with (tmp_path / "rescue.csv").open(newline="") as f:
        rescue = list(csv.DictReader(f))
    assert len(rescue) == len(report.review.rescue) and rescue[0]["Leak"] == "Unanswered"  # type: ignore[union-attr]


def test_an_unwritable_export_says_what_to_fix(report: ReportView, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "ask_save_path", lambda *_: tmp_path / "missing" / "weeks.csv")
    warned: list[str] = []
    monkeypatch.setattr("ui.views.report_view.QMessageBox.warning", lambda _w, _t, text: warned.append(text))
    assert report.export("weeks_csv") is None
    assert len(warned) == 1 and "could not write" in warned[0]


def test_the_review_moves_with_the_clock(qtbot: QtBot, window: MainWindow, report: ReportView,
                                         clock: FakeClock) -> None:
    clock.advance(days=7)
    with qtbot.waitSignal(report.loaded, timeout=10_000):
        report.refresh()
    weeks = report.review.weeks  # type: ignore[union-attr]
    assert weeks[-1].provisional and not weeks[-2].provisional and weeks[-2].week == "2026-W47"
    assert report.chart.weeks[-1].week == "2026-W48"


def test_the_lead_table_model_passes_qtmodeltester(qtmodeltester: object, report: ReportView) -> None:
    qtmodeltester.check(report.rescue.table, force_py=True)  # type: ignore[attr-defined]


def test_rescue_rows_offer_claim_when_unowned_and_assign_when_owned(qtbot: QtBot, window: MainWindow,
                                                                     report: ReportView,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QPoint, QRect

    from ui.views.lead_table import ACTION_COLUMN, OwnedRole

    table = report.rescue
    rows = table.table.rows
    owned = next(i for i, (lead, _) in enumerate(rows) if lead.owner_id is not None)
    unowned = next((i for i, (lead, _) in enumerate(rows) if lead.owner_id is None), None)
    delegate = table.actions_delegate
    assert [n for n, _ in delegate.button_rects(QRect(0, 0, 600, 28), True)] == ["assign", "log", "next"]
    assert [n for n, _ in delegate.button_rects(QRect(0, 0, 600, 28), False)] == ["claim", "log", "next"]
    assert table.table.index(owned, ACTION_COLUMN).data(OwnedRole) is True
    if unowned is not None:
        assert table.table.index(unowned, ACTION_COLUMN).data(OwnedRole) is False
    shown: list[int] = []
    monkeypatch.setattr(window.board, "show_assign_menu", lambda lead_id, at: shown.append(lead_id))
    report.assign_requested.disconnect()
    report.assign_requested.connect(window.board.show_assign_menu)
    report.tabs.setCurrentWidget(table)
    cell = table.visualRect(table.table.index(owned, ACTION_COLUMN))
    first = delegate.button_rects(cell, True)[0][1]
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(first.center()))
    assert shown == [rows[owned][0].id]


def test_an_empty_list_says_what_would_be_there(qtbot: QtBot, report: ReportView) -> None:
    segment = report.segment
    report.tabs.setCurrentWidget(segment)
    segment.set_rows([], {}, report.tz)
    assert "Click a coloured part" in segment.empty_text and says(qtbot, segment)


def test_no_channels_says_why(qtbot: QtBot, report: ReportView) -> None:
    channels = report.channels
    report.tabs.setCurrentWidget(channels)
    assert channels.rowCount() > 0
    channels.setRowCount(0)  # as after a range with no leads
    assert "No leads came in" in channels.empty_text and says(qtbot, channels)


def test_the_report_pdf_reads_dates_in_the_business_zone(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A business in Auckland (13 hours ahead of London in November): its report says its own dates."""
    import unicodedata

    from pypdf import PdfReader

    from leakdesk.report.export import day_label

    demo_store.settings.set("business.timezone", "Pacific/Auckland")
    view = window.report_view
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        window.show_report()
    review = view.review
    assert review is not None and review.tz.key == "Pacific/Auckland" and review.rescue
    monkeypatch.setattr(view, "ask_save_path", lambda *_: tmp_path / "report.pdf")
    view.export("report_pdf")
    pages = " ".join(page.extract_text() for page in PdfReader(tmp_path / "report.pdf").pages)
    text = " ".join(unicodedata.normalize("NFKC", pages).split())  # the PDF's "ﬁ" ligatures as letters
    assert "(Pacific/Auckland)" in text and " UTC." not in text
    local = {day_label(i.lead.received_at.astimezone(review.tz).date()) for i in review.rescue}
    utc = {day_label(i.lead.received_at.date()) for i in review.rescue}
    assert local != utc and all(day in text for day in local)

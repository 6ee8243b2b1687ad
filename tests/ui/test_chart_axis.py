"""The chart's axes paint their ticks and grid as filled one-pixel bands: the same pixels as Qt's stroked
lines (which take a slow path when translucent), on a plain and a scaled painter."""

from __future__ import annotations

from datetime import date, timedelta

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from pytestqt.qtbot import QtBot

from leakdesk.domain import LeakKind
from leakdesk.report.weekly import FigureSettings, WeekFigures
from ui.charts.leakage_chart import LeakageChart, _line_band


def _image() -> QImage:
    image = QImage(120, 80, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    return image


@pytest.mark.parametrize(("a", "b"), [
    (QPointF(4, 10), QPointF(110, 10)),     # a grid line of a vertical axis
    (QPointF(110, 30), QPointF(4, 30)),     # drawn right to left
    (QPointF(40, 5), QPointF(40, 70)),      # a tick of the bottom axis
])
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_a_band_covers_the_pixels_the_line_did(a: QPointF, b: QPointF, scale: float) -> None:
    pen = pg.mkPen(QColor(0, 0, 0, 38))  # a grid line: translucent, cosmetic, one pixel
    stroked, filled = _image(), _image()
    with_line = QPainter(stroked)
    with_line.scale(scale, scale / 2 if scale > 1 else 1)
    with_line.setPen(pen)
    with_line.drawLine(a / scale, b / scale)
    with_line.end()
    with_band = QPainter(filled)
    with_band.scale(scale, scale / 2 if scale > 1 else 1)
    band = _line_band(with_band, pen, a / scale, b / scale)
    assert band is not None
    with_band.fillRect(band, pen.color())
    with_band.end()
    inked = [(x, y) for x in range(120) for y in range(80) if stroked.pixelColor(x, y) != QColor("white")]
    assert inked, "the line drew nothing: the comparison would prove nothing"
    same = sum(stroked.pixelColor(x, y) == filled.pixelColor(x, y) for x in range(120) for y in range(80))
    assert same >= 120 * 80 - 2  # at most a pixel at each end differs (where a stroke's cap falls)


def test_slanted_or_dashed_lines_are_stroked_as_before() -> None:
    image = _image()
    painter = QPainter(image)
    solid = pg.mkPen("k")
    dashed = QPen(solid)
    dashed.setStyle(Qt.PenStyle.DashLine)
    assert _line_band(painter, solid, QPointF(0, 0), QPointF(10, 5)) is None
    assert _line_band(painter, dashed, QPointF(0, 5), QPointF(10, 5)) is None
    painter.end()


def test_the_grid_follows_the_leads_axis_only(qtbot: QtBot) -> None:
    chart = LeakageChart()
    qtbot.addWidget(chart)
    item = chart.plot.getPlotItem()
    assert item.getAxis("left").grid  # the leads' grid
    assert item.getAxis("right").grid is False  # the speed axis drew a second, misaligned one
    assert not item.getAxis("top").isVisible()
    assert item.vb.menu is None and chart.speed_box.menu is None  # no context menus built
    assert not item.menuEnabled() and not item.vb.menuEnabled()  # and none offered


def _weeks(count: int) -> list[WeekFigures]:
    weeks = []
    for i in range(count):
        by_kind = {kind: (i * 7 + n * 3) % 40 for n, kind in enumerate(LeakKind)}
        leaked = sum(by_kind.values())
        weeks.append(WeekFigures(date(2026, 1, 5) + timedelta(weeks=i), i == count - 1, FigureSettings(),
                                 leads=leaked + 20 + i, leaked=leaked, by_kind=by_kind, carried=by_kind,
                                 speed_median=None if i % 5 == 0 else 30.0 + i * 4))
    return weeks


def test_each_range_is_set_from_the_weeks_not_measured_from_the_items(qtbot: QtBot) -> None:
    """set_weeks sets both view boxes' ranges itself (auto-range measured every item first): every bar and
    every point of the speed line is in view, for a year and then for a month."""
    chart = LeakageChart()
    qtbot.addWidget(chart)
    item = chart.plot.getPlotItem()
    for count in (52, 4):
        weeks = _weeks(count)
        chart.set_weeks(weeks)
        assert item.vb.autoRangeEnabled() == [False, False] and chart.speed_box.autoRangeEnabled() == [False, False]
        (x0, x1), (y0, y1) = item.vb.viewRange()
        assert x0 < -0.5 + 0.1 and x1 > count - 1 + 0.5 - 0.1 and x1 < count  # every bar, whole, and no more
        assert y0 == 0 and max(w.leads for w in weeks) < y1
        _, speeds = chart.speed_line.getData()
        low, high = chart.speed_box.viewRange()[1]
        assert low == 0 and all(s < high for s in speeds if s == s)  # every point of the line (NaN: no reply)

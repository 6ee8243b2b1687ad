"""The weekly leakage chart (pyqtgraph): stacked bars by primary leak, median speed line.

One bar per week. The base of each bar is the week's leads that carry no
leak (on track or healthy); above it one segment per primary leak kind, in
the order of LEAKAGE.md, in the Okabe–Ito colours that stay distinct with
the common colour-vision deficiencies. The median speed to lead is a line
on the right-hand axis. The current week is hatched: it is provisional.

The plot items are built once and updated in place on each redraw; the
figures shown are read back from them in the tests.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QCursor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QLabel, QToolTip, QVBoxLayout, QWidget

from leakdesk.domain import LeakKind
from leakdesk.report.export import minutes_text, percent
from leakdesk.report.weekly import WeekFigures

ON_TRACK_COLOUR = "#c9ced6"
KIND_COLOURS = {
    LeakKind.UNANSWERED: "#D55E00",          # vermillion
    LeakKind.LATE_RESPONSE: "#E69F00",       # orange
    LeakKind.UNOWNED: "#CC79A7",             # reddish purple
    LeakKind.STALLED: "#0072B2",             # blue
    LeakKind.WENT_COLD: "#56B4E9",           # sky blue
    LeakKind.LATE_CAPTURE: "#009E73",        # bluish green
    LeakKind.HANDOFF_WITHOUT_CONTEXT: "#F0E442",  # yellow
}
LAYERS: tuple[LeakKind | None, ...] = (None, *LeakKind)  # bottom to top
BAR_WIDTH = 0.7
SPEED_COLOUR = "#1f2937"


def layer_label(kind: LeakKind | None) -> str:
    return "On track / no leak" if kind is None else kind.label


def layer_heights(week: WeekFigures) -> list[int]:
    return [week.on_track if kind is None else week.by_kind[kind] for kind in LAYERS]


def short_day(week: WeekFigures) -> str:
    return f"{week.start.day} {week.start:%b}"


class _Axis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """pyqtgraph's axis, painted for less.

    - It paints into a device-coordinate cache, straight (pyqtgraph records the axis into a QPicture and
      plays it back on every paint; playing text back is slow: 5 ms an axis, on every repaint).
    - Its ticks and grid lines are filled as one-pixel rectangles: Qt strokes a translucent line
      (a grid line) on a slow path, 45 grid lines took 5-17 ms; filled, they take 0.1 ms and look the same.
    """

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def paint(self, p: QPainter, *_args: object) -> None:
        p.save()
        if self.style["tickFont"]:
            p.setFont(self.style["tickFont"])
        specs = self.generateDrawSpecs(p)
        if specs is not None:
            self.drawPicture(p, *specs)
        p.restore()

    def drawPicture(self, p: QPainter, axis_spec: object, tick_specs: list[tuple[QPen, QPointF, QPointF]],
                    text_specs: object) -> None:
        slanted = []
        for pen, a, b in tick_specs:
            band = _line_band(p, pen, a, b)
            if band is None:
                slanted.append((pen, a, b))
            else:
                p.fillRect(band, pen.color())
        super().drawPicture(p, axis_spec, slanted, text_specs)


def _line_band(p: QPainter, pen: QPen, a: QPointF, b: QPointF) -> QRectF | None:
    """The rectangle an aliased, solid, horizontal or vertical line covers (None for any other line)."""
    across = a.y() == b.y()
    if pen.style() != Qt.PenStyle.SolidLine or not (across or a.x() == b.x()):
        return None
    device = p.deviceTransform()
    scale = abs(device.m22() if across else device.m11())  # device pixels to a unit, across the line
    thick = max(pen.widthF(), 1.0) / (scale if pen.isCosmetic() and scale else 1.0)
    if across:
        return QRectF(min(a.x(), b.x()), a.y(), abs(b.x() - a.x()), thick)
    return QRectF(a.x(), min(a.y(), b.y()), thick, abs(b.y() - a.y()))


class LeakageChart(QWidget):
    MINIMUM_HEIGHT = 240  # of the plot
    week_selected = Signal(int)                 # index into the weeks shown
    segment_clicked = Signal(int, object)       # week index, LeakKind | None (the on-track base)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("leakageChart")
        self.weeks: list[WeekFigures] = []
        self.selected: int | None = None
        self.hover_index: int | None = None
        self.hover_text = ""

        # No context menus (building them was half the chart's making); axes that paint for less.
        self.plot = pg.PlotWidget(background="w", enableMenu=False,
                                  axisItems={side: _Axis(side) for side in ("left", "right", "bottom")})
        self.plot.setObjectName("leakagePlot")
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setMinimumHeight(self.MINIMUM_HEIGHT)
        item = self.plot.getPlotItem()
        item.showGrid(x=False, y=True, alpha=0.15)
        item.getAxis("right").setGrid(False)  # the grid follows the leads (left); the speed axis drew a second one
        item.setLabel("left", "Leads")
        item.showAxis("right")
        item.setLabel("right", "Median speed to lead (business min)")
        # A second view box on the right axis for the speed line (pyqtgraph's multi-axis pattern).
        self.speed_box = pg.ViewBox(enableMouse=False, enableMenu=False)
        self.speed_box.setZValue(item.zValue() + 100)  # the line over the bars, not behind them
        item.scene().addItem(self.speed_box)
        item.getAxis("right").linkToView(self.speed_box)
        self.speed_box.setXLink(item)
        item.vb.sigResized.connect(self._sync_speed_box)
        # set_weeks sets every range itself: with auto-range on, each item's new data had the view boxes
        # measure all their items first (a third of set_weeks)
        item.vb.disableAutoRange()
        self.speed_box.disableAutoRange()

        self.bars: dict[LeakKind | None, pg.BarGraphItem] = {}
        for kind in LAYERS:
            colour = ON_TRACK_COLOUR if kind is None else KIND_COLOURS[kind]
            bar = pg.BarGraphItem(x=[], height=[], y0=[], width=BAR_WIDTH, brush=colour,
                                  pen=pg.mkPen("w", width=0.5))
            self.bars[kind] = bar
            item.addItem(bar)
        self.provisional = pg.BarGraphItem(x=[], height=[], y0=[], width=BAR_WIDTH,
                                           brush=QBrush(QColor(255, 255, 255, 170), Qt.BrushStyle.BDiagPattern),
                                           pen=pg.mkPen("#6b7280", width=1, style=Qt.PenStyle.DashLine))
        item.addItem(self.provisional)
        self.selection = pg.BarGraphItem(x=[], height=[], y0=[], width=BAR_WIDTH + 0.12, brush=None,
                                         pen=pg.mkPen("#111827", width=2))
        item.addItem(self.selection)
        self.speed_line = pg.PlotDataItem([], [], pen=pg.mkPen(SPEED_COLOUR, width=2), symbol="o", symbolSize=6,
                                          symbolBrush=SPEED_COLOUR, symbolPen=None, connect="finite")
        self.speed_box.addItem(self.speed_line)
        self.rate_labels: list[pg.TextItem] = []

        self.plot.scene().sigMouseMoved.connect(self._hover)
        self.plot.scene().sigMouseClicked.connect(self._click)

        self.legend = QLabel(self)
        self.legend.setObjectName("chartLegend")
        self.legend.setWordWrap(True)
        self.legend.setText(self._legend_html())
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.plot, 1)
        column.addWidget(self.legend)

    # -- drawing ------------------------------------------------------------------------
    def set_weeks(self, weeks: Sequence[WeekFigures], selected: int | None = None) -> None:
        """Redraw for these weeks (oldest first), updating the plot items in place."""
        self.weeks = list(weeks)
        n = len(self.weeks)
        xs = list(range(n))
        base = [0] * n
        for kind in LAYERS:
            heights = [layer_heights(w)[LAYERS.index(kind)] for w in self.weeks]
            self.bars[kind].setOpts(x=xs, height=heights, y0=list(base), width=BAR_WIDTH)
            base = [b + h for b, h in zip(base, heights, strict=True)]
        last = [i for i, w in enumerate(self.weeks) if w.provisional]
        self.provisional.setOpts(x=last, height=[self.weeks[i].leads for i in last], y0=[0] * len(last))
        medians = [math.nan if w.speed_median is None else w.speed_median for w in self.weeks]
        if any(not math.isnan(m) for m in medians):
            self.speed_line.setData(xs, medians)
        else:  # no week with a reply: no line (all-NaN data makes pyqtgraph's bounds warn "All-NaN slice")
            self.speed_line.setData([], [])
        top = max([w.leads for w in self.weeks] + [1])
        item = self.plot.getPlotItem()
        item.setXRange(-0.6, n - 0.4, padding=0)
        item.setYRange(0, top * 1.18, padding=0)
        finite = [m for m in medians if not math.isnan(m)]
        self.speed_box.setYRange(0, max([*finite, 60.0]) * 1.25, padding=0)
        every = max(1, math.ceil(n / 13))
        ticks = [(i, short_day(w) + ("*" if w.provisional else "")) for i, w in enumerate(self.weeks)
                 if i % every == 0 or w.provisional]
        item.getAxis("bottom").setTicks([ticks])
        self._label_rates(top)
        self.select(selected if selected is not None else (n - 1 if n else None))

    def _label_rates(self, top: int) -> None:
        """Leakage rate above each bar (labels are kept and reused: creating items is the slow part)."""
        wanted = [] if len(self.weeks) > 26 else [(i, w) for i, w in enumerate(self.weeks) if w.leads]
        item = self.plot.getPlotItem()
        while len(self.rate_labels) < len(wanted):
            label = pg.TextItem("", color="#374151", anchor=(0.5, 1.0))
            font = QFont()
            font.setPointSize(8)
            label.setFont(font)
            item.addItem(label)
            self.rate_labels.append(label)
        for label, (i, w) in zip(self.rate_labels, wanted, strict=False):
            label.setText(percent(w.leakage_rate))
            label.setPos(i, w.leads + top * 0.01)
            label.setVisible(True)
        for label in self.rate_labels[len(wanted):]:
            label.setVisible(False)

    def select(self, index: int | None) -> None:
        self.selected = index
        if index is None or not 0 <= index < len(self.weeks):
            self.selection.setOpts(x=[], height=[], y0=[])
            return
        self.selection.setOpts(x=[index], height=[max(self.weeks[index].leads, 0.01)], y0=[0])

    def _sync_speed_box(self) -> None:
        vb = self.plot.getPlotItem().vb
        self.speed_box.setGeometry(vb.sceneBoundingRect())
        self.speed_box.linkedViewChanged(vb, self.speed_box.XAxis)

    def _legend_html(self) -> str:
        swatches = [f'<span style="color:{ON_TRACK_COLOUR if k is None else KIND_COLOURS[k]}">■</span>&nbsp;'
                    + layer_label(k).replace(" ", "&nbsp;") for k in LAYERS]
        swatches.append(f'<span style="color:{SPEED_COLOUR}">●\u2060—</span>\u2060&nbsp;Median&nbsp;speed&nbsp;to&nbsp;'
                        'lead')  # word joiners: the line's sign never parts from its words at a wrap
        swatches.append("▨&nbsp;*&nbsp;This&nbsp;week&nbsp;so&nbsp;far&nbsp;(provisional)")
        return " &nbsp; ".join(swatches)

    # -- reading back (tests and exports) -----------------------------------------------
    def segment_heights(self, kind: LeakKind | None) -> list[float]:
        return [float(h) for h in self.bars[kind].opts["height"]]

    def segment_bottoms(self, kind: LeakKind | None) -> list[float]:
        return [float(y) for y in self.bars[kind].opts["y0"]]

    def bar_count(self) -> int:
        return len(self.bars[None].opts["x"])

    def view_point(self, index: int, y: float) -> QPointF:
        """Where (week index, y in leads) is on the plot widget, in its viewport coordinates."""
        scene = self.plot.getPlotItem().vb.mapViewToScene(QPointF(index, y))
        return QPointF(self.plot.mapFromScene(scene))

    # -- hover and click ----------------------------------------------------------------
    def hit(self, scene_pos: QPointF) -> tuple[int, LeakKind | None] | None:
        """The week and segment under a scene position, if it is on a bar."""
        point = self.plot.getPlotItem().vb.mapSceneToView(scene_pos)
        index = round(point.x())
        if not 0 <= index < len(self.weeks) or abs(point.x() - index) > BAR_WIDTH / 2 or point.y() < 0:
            return None
        bottom = 0.0
        for kind, height in zip(LAYERS, layer_heights(self.weeks[index]), strict=True):
            if height and bottom <= point.y() < bottom + height:
                return index, kind
            bottom += height
        return None

    def week_text(self, index: int, kind: LeakKind | None = None) -> str:
        w = self.weeks[index]
        lines = [f"<b>Week of {w.start.day} {w.start:%b %Y}</b>" + (" — so far" if w.provisional else ""),
                 f"{w.leads} leads, {w.leaked} leaked ({percent(w.leakage_rate)})"]
        lines += [f"{k.label}: {w.by_kind[k]}" for k in LeakKind if w.by_kind[k]]
        lines.append(f"Median speed to lead: {minutes_text(w.speed_median) or '—'}")
        lines.append(f"Booked: {w.booked} ({percent(w.booking_rate)})")
        if kind is not None or w.leads:
            lines.append(f"<i>Click to list the {layer_label(kind).lower()} leads</i>")
        return "<br>".join(lines)

    def _hover(self, scene_pos: QPointF) -> None:
        found = self.hit(scene_pos)
        if found is None:
            if self.hover_index is not None:
                QToolTip.hideText()
            self.hover_index, self.hover_text = None, ""
            return
        index, kind = found
        self.hover_index = index
        self.hover_text = self.week_text(index, kind)
        QToolTip.showText(QCursor.pos(), self.hover_text, self.plot)

    def _click(self, event: object) -> None:
        if getattr(event, "button", lambda: None)() != Qt.MouseButton.LeftButton:
            return
        found = self.hit(event.scenePos())  # type: ignore[attr-defined]
        if found is None:
            return
        index, kind = found
        self.select(index)
        self.week_selected.emit(index)
        self.segment_clicked.emit(index, kind)

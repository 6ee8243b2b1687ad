"""Exports of the leakage review that need Qt: the chart as PNG or PDF, the weekly report PDF.

The CSV exports are plain text and live in the core (leakdesk.report.export).
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPoint, QUrl
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QWidget

from leakdesk.errors import LeakDeskError
from leakdesk.report.export import day_label, minutes_text, money, percent, week_label
from leakdesk.report.review import ChannelFigures, Review
from leakdesk.report.weekly import STAGE_LABELS, STAGES, WeekFigures
from leakdesk.report.wording import weakest_sentence

RESOLUTION = 300  # dots per inch of the PDFs


class ExportError(LeakDeskError):
    """A file could not be written."""


def _writer(path: Path, landscape: bool) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(12, 12, 12, 12),
                                     QPageLayout.Unit.Millimeter))
    writer.setTitle("LeakDesk weekly leakage")
    writer.setCreator("LeakDesk")
    return writer


def _check_written(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        raise ExportError(f"LeakDesk could not write {path}; check that the folder exists and is writable.")


def save_chart_png(chart: QWidget, path: Path) -> None:
    if not chart.grab().save(str(path), "PNG"):
        raise ExportError(f"LeakDesk could not write {path}; check that the folder exists and is writable.")


def save_chart_pdf(chart: QWidget, path: Path) -> None:
    """The chart on one landscape page, scaled to fit (drawn as vectors, not a screenshot)."""
    writer = _writer(path, landscape=True)
    painter = QPainter()
    if not painter.begin(writer):
        raise ExportError(f"LeakDesk could not write {path}; check that the folder exists and is writable.")
    page = writer.pageLayout().paintRectPixels(RESOLUTION)
    scale = min(page.width() / max(chart.width(), 1), page.height() / max(chart.height(), 1))
    painter.scale(scale, scale)
    chart.render(painter, QPoint(0, 0))
    painter.end()
    _check_written(path)


def _cells(values: list[str], tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{html.escape(v)}</{tag}>" for v in values) + "</tr>"


def _week_block(week: WeekFigures, previous: WeekFigures | None) -> str:
    stages = week.stages or {}
    rows = [
        ("Leads", str(week.leads), str(previous.leads) if previous else ""),
        ("Leaked", f"{week.leaked} ({percent(week.leakage_rate, 1)})",
         f"{previous.leaked} ({percent(previous.leakage_rate, 1)})" if previous else ""),
        ("Responded within SLA", percent(week.responded_within_sla, 1),
         percent(previous.responded_within_sla, 1) if previous else ""),
        ("Speed to lead, median / p90", f"{minutes_text(week.speed_median)} / {minutes_text(week.speed_p90)}",
         f"{minutes_text(previous.speed_median)} / {minutes_text(previous.speed_p90)}" if previous else ""),
        ("Booked", f"{week.booked} ({percent(week.booking_rate, 1)})",
         f"{previous.booked} ({percent(previous.booking_rate, 1)})" if previous else ""),
        ("Leak cost", money(week.leak_cost, week.money.currency),
         money(previous.leak_cost, previous.money.currency) if previous else ""),
        ("Lost opportunities", f"{week.lost_opportunities:.2f}",
         f"{previous.lost_opportunities:.2f}" if previous else ""),
        ("Leakage score", "" if week.score is None else str(week.score),
         "" if previous is None or previous.score is None else str(previous.score)),
        *((f"Stage: {STAGE_LABELS[s]}", percent(stages.get(s), 1), "") for s in STAGES),
    ]
    table = _cells(["", f"Week of {day_label(week.start)}", "Week before"], "th") + "".join(
        _cells(list(r)) for r in rows)
    return (f"<h2>Week {week.week} ({week_label(week)}){' — provisional' if week.provisional else ''}</h2>"
            f"<table border='1' cellspacing='0' cellpadding='4'>{table}</table>"
            f"<p><b>{html.escape(weakest_sentence(week))}</b></p>")


def _channels_block(channels: list[ChannelFigures]) -> str:
    rows = _cells(["Channel", "Leads", "Responded within SLA", "Booked", "Booking rate"], "th")
    rows += "".join(_cells([c.channel.label, str(c.leads), percent(c.responded_within_sla), str(c.booked),
                            percent(c.booking_rate)]) for c in channels)
    return f"<h2>Where leads come from</h2><table border='1' cellspacing='0' cellpadding='4'>{rows}</table>"


def save_report_pdf(review: Review, chart: QWidget, selected: int, owners: dict[int, str], business: str,
                    path: Path) -> int:
    """The weekly report: chart, the selected week's panel, the rescue list, channels. Returns pages."""
    doc = QTextDocument()
    image = chart.grab().toImage()
    doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("chart.png"), image)
    week = review.weeks[selected]
    previous = review.weeks[selected - 1] if selected > 0 else None
    rescue = _cells(["Leak", "Contact", "Channel", "Received", "Owner", "Next step"], "th") + "".join(
        _cells([i.kind.label, i.lead.contact_name or i.lead.contact_email or "", i.lead.channel.label,
                day_label(i.lead.received_at.astimezone(review.tz).date()),
                owners.get(i.lead.owner_id, "") if i.lead.owner_id is not None else "nobody",
                i.lead.next_step or "none"]) for i in review.rescue)
    width = 640
    doc.setHtml(
        f"<h1>{html.escape(business)}: weekly leakage</h1>"
        f"<p>{len(review.weeks)} weeks to {day_label(review.weeks[-1].end)}; figures as of "
        f"{review.as_of.astimezone(review.tz):%a %d %b %Y, %H:%M} ({review.tz.key}).</p>"
        f"<img src='chart.png' width='{width}' height='{int(width * image.height() / max(image.width(), 1))}'>"
        + _week_block(week, previous)
        + f"<h2>Rescue now ({len(review.rescue)})</h2><p>Leaked leads still open, best first.</p>"
        f"<table border='1' cellspacing='0' cellpadding='3'>{rescue}</table>"
        + _channels_block(review.channels))
    writer = _writer(path, landscape=False)
    doc.print_(writer)  # lays the document out on the writer's pages, scaled from screen to print resolution
    _check_written(path)
    return doc.pageCount()

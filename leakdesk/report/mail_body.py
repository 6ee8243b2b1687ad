"""What the weekly report mail says: its subject, its HTML and plain-text parts, its PDF's name.

The same words as the review's week panel (leakdesk.report.wording: the
owner's sentence, the weakest stage) and the same figures
(export.FIGURES). Every text that comes from data is escaped: lead names
come from mail anyone can send. The HTML uses inline styles and tables
only, which every mail client shows.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from leakdesk.domain.templates import clean_line
from leakdesk.report.export import FIGURES, day_label, figure_text, week_label
from leakdesk.report.review import RescueItem, Review
from leakdesk.report.weekly import WeekFigures
from leakdesk.report.wording import figure_changes, headline, weakest_sentence

RESCUE_SHOWN = 5  # the top of the rescue list; the rest is in the app and the PDF
MUTED = "#6b7280"


def subject(week: WeekFigures) -> str:
    """'Weekly leakage, week of 23 Nov: 14 of 27 leads leaked' (numbers and dates only: nothing a
    stranger wrote)."""
    if not week.leads:
        said = "no leads came in"
    else:
        said = f"{week.leaked} of {week.leads} lead{'s' if week.leads != 1 else ''} leaked"
    return f"Weekly leakage, week of {week.start.day} {week.start:%b}: {said}"


def pdf_name(week: WeekFigures) -> str:
    return f"LeakDesk weekly report {week_label(week).replace('–', '-')}.pdf"


def _received(item: RescueItem, tz: ZoneInfo) -> str:
    local = item.lead.received_at.astimezone(tz)
    return f"{day_label(local.date())} {local:%H:%M}"


def _contact(item: RescueItem) -> str:
    return clean_line(item.lead.contact_name or item.lead.contact_email or item.lead.contact_phone or "", 60)


def _owner(item: RescueItem, owners: dict[int, str]) -> str:
    return owners.get(item.lead.owner_id, "") if item.lead.owner_id is not None else "nobody"


def _as_of(review: Review, tz: ZoneInfo) -> str:
    local: datetime = review.as_of.astimezone(tz)
    return f"{local:%a %d %b %Y, %H:%M} ({tz.key})"


def _footer(review: Review, tz: ZoneInfo, day: str) -> list[str]:
    return [f"Figures as of {_as_of(review, tz)}; past weeks can still change as late replies and outcomes "
            "arrive. The full report is attached as a PDF.",
            f"LeakDesk puts this report in your inbox every {day.capitalize()} morning. Turn it off or choose "
            "the day in LeakDesk's Settings → Figures."]


def text_body(review: Review, index: int, owners: dict[int, str], business: str, tz: ZoneInfo, day: str) -> str:
    week = review.weeks[index]
    previous = review.weeks[index - 1] if index > 0 else None
    moved = figure_changes(week, previous)
    lines = [f"{clean_line(business, 80)}: weekly leakage, {week_label(week)}", "",
             headline(week, len(review.rescue), last=True), ""]
    width = max(len(label) for _, label in FIGURES)
    for key, label in FIGURES:
        change = moved.get(key)
        lines.append(f"{label:<{width}}  {figure_text(week, key)}"
                     + (f"  ({change.text} on the week before)" if change else ""))
    if week.score is not None:
        lines.append(f"{'Health score':<{width}}  {week.score} of 100")
    lines += ["", weakest_sentence(week), ""]
    if review.rescue:
        lines.append(f"Rescue now ({len(review.rescue)}): leaked leads still open, the most urgent first")
        for item in review.rescue[:RESCUE_SHOWN]:
            lines.append(f"- {_contact(item)}: {item.kind.label}, received {_received(item, tz)}, "
                         f"owner {_owner(item, owners) or 'nobody'}")
        if len(review.rescue) > RESCUE_SHOWN:
            lines.append(f"  … and {len(review.rescue) - RESCUE_SHOWN} more in LeakDesk's Weekly leakage tab.")
        lines.append("")
    lines += _footer(review, tz, day)
    return "\n".join(lines) + "\n"


def _cell(text: str, head: bool = False, right: bool = False, colour: str | None = None) -> str:
    tag = "th" if head else "td"
    style = "padding:4px 10px;border-bottom:1px solid #e5e7eb;" + ("text-align:right;" if right else
                                                                    "text-align:left;")
    style += f"color:{colour};" if colour else ""
    return f"<{tag} style='{style}'>{escape(text)}</{tag}>"


def html_body(review: Review, index: int, owners: dict[int, str], business: str, tz: ZoneInfo, day: str,
              chart_cid: str) -> str:
    """The HTML part; the chart is ``<img src="cid:chart_cid">`` (an image/png part beside it)."""
    week = review.weeks[index]
    previous = review.weeks[index - 1] if index > 0 else None
    moved = figure_changes(week, previous)
    rows = []
    for key, label in FIGURES:
        change = moved.get(key)
        colour = MUTED if change is None or change.better is None else ("#15803d" if change.better else "#b91c1c")
        rows.append("<tr>" + _cell(label) + _cell(figure_text(week, key), right=True)
                    + _cell(change.text if change else "", right=True, colour=colour) + "</tr>")
    if week.score is not None:
        rows.append("<tr>" + _cell("Health score") + _cell(f"{week.score} of 100", right=True) + _cell("") + "</tr>")
    figures = ("<table style='border-collapse:collapse;margin:12px 0'><tr>" + _cell("", head=True)
               + _cell(f"Week of {week_label(week)}", head=True, right=True)
               + _cell("On the week before", head=True, right=True) + "</tr>" + "".join(rows) + "</table>")
    rescue = ""
    if review.rescue:
        items = "".join("<tr>" + _cell(_contact(i)) + _cell(i.kind.label) + _cell(_received(i, tz))
                        + _cell(_owner(i, owners) or "nobody") + "</tr>" for i in review.rescue[:RESCUE_SHOWN])
        more = len(review.rescue) - RESCUE_SHOWN
        rescue = (f"<h2 style='font-size:16px;margin:20px 0 4px'>Rescue now ({len(review.rescue)})</h2>"
                  "<p style='margin:0'>Leaked leads that are still open, the most urgent first.</p>"
                  "<table style='border-collapse:collapse;margin:8px 0'><tr>"
                  + "".join(_cell(h, head=True) for h in ("Contact", "Leak", "Received", "Owner")) + "</tr>"
                  + items + "</table>"
                  + (f"<p style='margin:0;color:{MUTED}'>… and {more} more in LeakDesk's Weekly leakage tab.</p>"
                     if more > 0 else ""))
    footer = "".join(f"<p style='color:{MUTED};font-size:12px;margin:6px 0'>{escape(line)}</p>"
                     for line in _footer(review, tz, day))
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{escape(subject(week))}</title></head>"
        "<body style='font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#1f2937;font-size:14px;"
        "max-width:760px'>"
        f"<p style='color:{MUTED};margin:0'>{escape(clean_line(business, 80))} · weekly leakage · "
        f"{escape(week_label(week))}</p>"
        f"<h1 style='font-size:20px;margin:6px 0 12px'>{escape(headline(week, len(review.rescue), last=True))}</h1>"
        f"<img src='cid:{escape(chart_cid)}' width='720' alt='The weekly leakage chart: leads per week, stacked by "
        "where they leaked' style='max-width:100%;height:auto;border:1px solid #e5e7eb'>"
        + figures
        + f"<p style='font-weight:600'>{escape(weakest_sentence(week))}</p>"
        + rescue + footer + "</body></html>"
    )

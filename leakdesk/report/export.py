"""The review as text and CSV: the weekly figures and the rescue list.

CSV is for spreadsheets, so dates are human ("Mon 9 Nov 2026") and ratios
are percentages; the JSON of ``leakdesk report --json`` is the exact form.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date, datetime
from typing import TextIO
from zoneinfo import ZoneInfo

from leakdesk.domain import LeakKind
from leakdesk.report.review import RescueItem
from leakdesk.report.weekly import STAGE_LABELS, WeekFigures


def day_label(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def week_label(week: WeekFigures) -> str:
    """'9–15 Nov 2026' (or '30 Nov – 6 Dec 2026' across months)."""
    start, end = week.start, week.end
    if start.month == end.month:
        return f"{start.day}–{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


def percent(x: float | None, places: int = 0) -> str:
    return "" if x is None else f"{100 * x:.{places}f}%"


def minutes_text(x: float | None) -> str:
    if x is None:
        return ""
    m = round(x)
    return f"{m} min" if m < 60 else f"{m // 60} h {m % 60:02d} min"


def money(amount: float, currency: str) -> str:
    return f"{currency} {amount:,.2f}"


# The week's headline figures, (key, label), as the week panel and the weekly mail show them; the key
# names the figure in wording.changes.
FIGURES = (
    ("leads", "Leads"),
    ("leaked", "Leaked"),
    ("responded_within_sla", "Within SLA"),
    ("speed_median", "Median speed"),
    ("speed_p90", "p90 speed"),
    ("booking_rate", "Booked"),
    ("leak_cost", "Leak cost"),
    ("lost_opportunities", "Qualified leads lost"),
)


def figure_text(week: WeekFigures, key: str) -> str:
    """One of FIGURES as text ('—' where the week has no value)."""
    currency = week.money.currency
    return {
        "leads": str(week.leads),
        "leaked": f"{week.leaked} ({percent(week.leakage_rate, 1) or '—'})",
        "responded_within_sla": percent(week.responded_within_sla, 1) or "—",
        "speed_median": minutes_text(week.speed_median) or "—",
        "speed_p90": minutes_text(week.speed_p90) or "—",
        "booking_rate": f"{week.booked} ({percent(week.booking_rate, 1) or '—'})",
        "leak_cost": money(week.leak_cost, currency),
        "lost_opportunities": f"≈ {week.lost_opportunities:.1f}",
    }[key]


WEEK_COLUMNS = (
    "Week", "From", "To", "Provisional", "Leads", "Leaked", "Leakage rate",
    *(f"Leaked: {k.label}" for k in LeakKind),
    "Responded within SLA", "Speed to lead, median (business min)", "Speed to lead, p90 (business min)",
    "Still unanswered", "Booked", "Booking rate", "Leak cost", "Currency", "Lost opportunities",
    *(f"Stage: {label}" for label in STAGE_LABELS.values()), "Leakage score", "Weakest stage",
)


def write_weeks_csv(weeks: Sequence[WeekFigures], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(WEEK_COLUMNS)
    for w in weeks:
        stages = w.stages or {}
        writer.writerow([
            w.week, day_label(w.start), day_label(w.end), "yes" if w.provisional else "no", w.leads, w.leaked,
            percent(w.leakage_rate, 1), *(w.by_kind[k] for k in LeakKind),
            percent(w.responded_within_sla, 1),
            "" if w.speed_median is None else f"{w.speed_median:.1f}",
            "" if w.speed_p90 is None else f"{w.speed_p90:.1f}",
            w.unanswered, w.booked, percent(w.booking_rate, 1), f"{w.leak_cost:.2f}", w.money.currency,
            f"{w.lost_opportunities:.2f}", *(percent(stages.get(s), 1) for s in STAGE_LABELS),
            "" if w.score is None else w.score, STAGE_LABELS.get(w.weakest_stage or "", ""),
        ])
    return len(weeks)


RESCUE_COLUMNS = ("Lead", "Contact", "Email", "Phone", "Channel", "Subject", "Received", "Leak", "Owner",
                  "Next step", "Next step due")


def write_rescue_csv(items: Sequence[RescueItem], owners: dict[int, str], tz: ZoneInfo, out: TextIO) -> int:
    def local(at: datetime | None) -> str:
        return "" if at is None else f"{day_label(at.astimezone(tz).date())} {at.astimezone(tz):%H:%M}"

    writer = csv.writer(out)
    writer.writerow(RESCUE_COLUMNS)
    for item in items:
        lead = item.lead
        writer.writerow([
            lead.id, lead.contact_name, lead.contact_email or "", lead.contact_phone or "", lead.channel.label,
            lead.subject, local(lead.received_at), item.kind.label,
            owners.get(lead.owner_id, "") if lead.owner_id is not None else "", lead.next_step or "",
            local(lead.next_step_due),
        ])
    return len(items)


def weeks_table(weeks: Sequence[WeekFigures]) -> str:
    """The figures as a plain-text table for the terminal."""
    head = ("Week", "Leads", "Leaked", "Rate", "In SLA", "Median", "Booked", "Cost", "Score", "Weakest")
    rows = [head]
    for w in weeks:
        rows.append((
            w.week + ("*" if w.provisional else ""), str(w.leads), str(w.leaked), percent(w.leakage_rate),
            percent(w.responded_within_sla), minutes_text(w.speed_median), str(w.booked),
            f"{w.leak_cost:,.0f} {w.money.currency}", "" if w.score is None else str(w.score),
            STAGE_LABELS.get(w.weakest_stage or "", ""),
        ))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(widths[i]) if i in (0, 9) else c.rjust(widths[i]) for i, c in enumerate(r)).rstrip()
             for r in rows]
    return "\n".join(lines) + "\n* provisional: the week is not over yet.\n"

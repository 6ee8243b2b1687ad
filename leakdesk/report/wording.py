"""The week panel's sentences: where the week leaked most, and what changed."""

from __future__ import annotations

from dataclasses import dataclass

from leakdesk.domain import LeakKind
from leakdesk.report.export import FIGURES, week_label
from leakdesk.report.weekly import STAGE_LABELS, WeekFigures

K = LeakKind


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one)}"


def weakest_sentence(week: WeekFigures) -> str:
    """'Most leads leaked at response: 5 answered late, 2 never answered.'"""
    stage = week.weakest_stage
    if stage is None:
        return "No leads this week."
    if week.leaked == 0 and stage != "conversion":
        return "No lead leaked this week."
    c = week.carried
    if stage == "conversion":
        target = round(100 * week.money.target_booking_rate)
        return (f"The weakest stage is conversion: {week.booked} of {week.leads} booked "
                f"({round(100 * (week.booking_rate or 0))}%), against a target of {target}%. "
                f"{NEXT_MOVE['conversion']}")
    parts = {
        "capture": [_count(c[K.LATE_CAPTURE], "captured late")],
        "ownership": [_count(week.ownership_missed, "had no owner in time")],
        "response": [_count(c[K.LATE_RESPONSE], "answered late"), _count(c[K.UNANSWERED], "never answered")],
        "follow_up": [_count(c[K.STALLED], "stalled"), _count(c[K.WENT_COLD], "went cold")],
    }[stage]
    detail = ", ".join(p for p in parts if not p.startswith("0 ")) or "none yet"
    return f"Most leads leaked at {STAGE_LABELS[stage]}: {detail}. {NEXT_MOVE[stage]}"


# What an owner can do about the stage where the week leaked most: the sentence's second half.
NEXT_MOVE = {
    "capture": "Check the inbox connection and the mail set aside: enquiries reach LeakDesk late.",
    "ownership": "Agree who claims new enquiries at each hour of the day, so none waits without an owner.",
    "response": "Answer within the first hour: keep alerts on at the front desk and prepare today's drafts "
                "each morning.",
    "follow_up": "Give every open lead a next step, and work the rescue list before new enquiries.",
    "conversion": "Follow up the leads in conversation: a lead answered once and left rarely books.",
}


_MOST = {K.UNANSWERED: "never answered", K.LATE_RESPONSE: "answered late", K.UNOWNED: "left without an owner",
         K.STALLED: "stalled", K.WENT_COLD: "went cold", K.LATE_CAPTURE: "captured late",
         K.HANDOFF_WITHOUT_CONTEXT: "handed over without a note"}


def headline(week: WeekFigures, rescue: int, last: bool = False) -> str:
    """The owner's ten seconds, in one sentence: "Last week 17 of 32 leads leaked (53%), most of them
    answered late (11). Rescue 6 now." (``rescue``: the leads that can still be saved today; ``last``:
    the week is the last full one, what a Monday review is about)."""
    when = "This week so far" if week.provisional else "Last week" if last else f"In the week of {week_label(week)}"
    if not week.leads:
        text = f"{when} no leads came in."
    elif not week.leaked:
        text = f"{when} none of {_count(week.leads, 'lead', 'leads')} leaked."
    else:
        kind, most = max(week.by_kind.items(), key=lambda kv: kv[1])
        share = round(100 * week.leaked / week.leads)
        many = "most of them" if 2 * most > week.leaked else "most often"  # a majority, or only the largest
        text = (f"{when} {week.leaked} of {_count(week.leads, 'lead', 'leads')} leaked ({share}%), "
                f"{many} {_MOST[kind]} ({most}).")
    return text + (f" Rescue {rescue} now." if rescue else "")


@dataclass(frozen=True)
class Change:
    name: str
    text: str           # '+3', '−4.5 pts', '+12 min'
    better: bool | None  # None: no judgement (e.g. more leads)


def _signed(x: float, unit: str = "", places: int = 0) -> str:
    sign = "+" if x > 0 else "−" if x < 0 else "±"
    return f"{sign}{abs(x):.{places}f}{unit}"


def changes(week: WeekFigures, previous: WeekFigures | None) -> dict[str, Change]:
    """Each headline figure against the week before (only where both weeks have a value)."""
    if previous is None or not previous.leads:
        return {}
    out: dict[str, Change] = {}

    def add(name: str, now: float | None, before: float | None, unit: str, places: int,
            lower_is_better: bool | None, scale: float = 1) -> None:
        if now is None or before is None:
            return
        delta = (now - before) * scale
        better = None if lower_is_better is None or delta == 0 else (delta < 0) == lower_is_better
        out[name] = Change(name, _signed(delta, unit, places), better)

    add("leads", week.leads, previous.leads, "", 0, None)
    add("leaked", week.leaked, previous.leaked, "", 0, True)
    add("leakage_rate", week.leakage_rate, previous.leakage_rate, " pts", 1, True, 100)
    add("responded_within_sla", week.responded_within_sla, previous.responded_within_sla, " pts", 1, False, 100)
    add("speed_median", week.speed_median, previous.speed_median, " min", 0, True)
    add("booking_rate", week.booking_rate, previous.booking_rate, " pts", 1, False, 100)
    add("leak_cost", week.leak_cost, previous.leak_cost, "", 0, True)
    add("score", week.score, previous.score, "", 0, False)
    return out


def figure_changes(week: WeekFigures, previous: WeekFigures | None) -> dict[str, Change]:
    """``changes`` keyed by the figures of ``export.FIGURES`` (the leaked count moves by its rate)."""
    moved = changes(week, previous)
    out = {}
    for key, _ in FIGURES:
        name = "leakage_rate" if key == "leaked" else key
        if name in moved:
            out[key] = moved[name]
    return out

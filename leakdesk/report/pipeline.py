"""The pipeline: where open leads sit, for how long, and how many move on (docs/figures.md, "Pipeline").

A lead's stage history is not stored apart: it is read from the event log
that is already there, folded by ``lifecycle.apply`` (the same fold that
gives the lead its stage), so the history and the board can never
disagree. Each stay in a stage is a ``Spell``; every figure below is a
count or a percentile over spells.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, time
from math import ceil
from pathlib import Path
from typing import Any

from leakdesk import lifecycle
from leakdesk.domain import Event, EventKind, Lead, Outcome, Stage
from leakdesk.report.review import week_starts
from leakdesk.settings import FIGURES_STUCK_BUSINESS_DAYS
from leakdesk.sla.calendar import BusinessCalendar
from leakdesk.sla.policy import policy_from_settings
from leakdesk.store import Store

STAGES = (Stage.NEW, Stage.CONTACTED, Stage.QUALIFIED, Stage.PROPOSAL)
STAGE_LABELS = {Stage.NEW: "New", Stage.CONTACTED: "Contacted", Stage.QUALIFIED: "Qualified",
                Stage.PROPOSAL: "Proposal"}

Place = Stage | Outcome  # where a lead is: a stage while it is open, its outcome once closed


@dataclass(frozen=True)
class Spell:
    """One stay of a lead in a stage: from ``entered`` until ``left`` (None: still there)."""

    lead_id: int
    stage: Stage
    entered: datetime
    left: datetime | None = None
    to: Place | None = None  # where it went when it left


# The events that move a lead between stages and outcomes (the stage part of ``lifecycle.apply``).
PLACE_KINDS = frozenset({EventKind.RECEIVED, EventKind.REPLIED, EventKind.CONTACT_LOGGED, EventKind.STAGE_CHANGED,
                         EventKind.OUTCOME_SET, EventKind.REOPENED, EventKind.UNDONE})


def _moment(event: Event) -> datetime:
    """When the event happened to the lead: a lead is New from its received_at (its RECEIVED event is
    stamped when LeakDesk stored it), everything else at the event's time."""
    received = event.details.get("received_at") if event.kind is EventKind.RECEIVED else None
    return datetime.fromisoformat(received) if received else event.at  # as lifecycle.new_lead reads it


def spells(events: Iterable[Event], as_of: datetime) -> list[Spell]:
    """A lead's stays in stages up to ``as_of``.

    The log is folded as ``lifecycle.rebuild`` folds it (without what was undone), keeping only where
    the lead is: New from its arrival, Contacted at its first answer while New, the stage a person
    moves it to, out at an outcome, back in its stage when reopened. Only ``PLACE_KINDS`` move it
    (a test holds this fold to ``lifecycle.rebuild`` on every demo lead and on random logs); a spell
    ends when the lead moves to another stage or is closed.
    """
    events = [e for e in events if e.kind in PLACE_KINDS and _moment(e) <= as_of]
    undone = lifecycle.undone_ids(events)
    stage: Stage | None = None
    outcome: Outcome | None = None
    out: list[Spell] = []
    for event in events:
        if event.kind is EventKind.UNDONE or (event.id is not None and event.id in undone):
            continue
        before = stage if outcome is None else outcome
        kind, d = event.kind, event.details
        if kind is EventKind.RECEIVED:
            stage = Stage.NEW
        elif kind in (EventKind.REPLIED, EventKind.CONTACT_LOGGED):
            stage = Stage.CONTACTED if stage is Stage.NEW else stage
        elif kind is EventKind.STAGE_CHANGED:
            stage = Stage(d["stage"])
        elif kind is EventKind.OUTCOME_SET:
            outcome = Outcome(d["outcome"])
        elif kind is EventKind.REOPENED:
            outcome = None
        after = stage if outcome is None else outcome
        if after == before or after is None:
            continue
        at = _moment(event)
        if out and out[-1].left is None:
            out[-1] = Spell(out[-1].lead_id, out[-1].stage, out[-1].entered, at, after)
        if isinstance(after, Stage):
            out.append(Spell(event.lead_id, after, at))
    return out


def _median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    n = len(ordered)
    middle = ordered[(n - 1) // 2: n // 2 + 1]
    return sum(middle) / len(middle)


def _p90(values: Sequence[float]) -> float | None:
    """Nearest rank, as every p90 of LEAKAGE.md: the ceil(0.9 n)-th smallest."""
    if not values:
        return None
    return sorted(values)[ceil(0.9 * len(values)) - 1]


@dataclass(frozen=True)
class StuckLead:
    lead: Lead
    stage: Stage
    entered: datetime
    business_minutes: float  # in the stage so far


@dataclass(frozen=True)
class StageFigures:
    stage: Stage
    open: int = 0                     # open leads in the stage at as_of
    median_minutes: float | None = None  # business minutes they have sat there
    p90_minutes: float | None = None
    entered: int = 0                  # came into the stage in the chosen weeks
    advanced: int = 0                 # left it for a later stage in the chosen weeks
    booked: int = 0                   # left it booked or won
    lost: int = 0
    not_ready: int = 0
    moved_back: int = 0               # left it for an earlier stage
    stuck: int = 0
    no_next_step: int = 0
    no_owner: int = 0

    @property
    def left(self) -> int:
        return self.advanced + self.booked + self.lost + self.not_ready + self.moved_back

    @property
    def moved_on(self) -> int:
        """Left for a later stage or an outcome."""
        return self.left - self.moved_back

    @property
    def conversion(self) -> float | None:
        """Of the leads that left the stage, the share that went forward (a later stage, booked or won)."""
        return (self.advanced + self.booked) / self.left if self.left else None


@dataclass(frozen=True)
class Pipeline:
    as_of: datetime
    since: datetime                   # the start of the chosen weeks
    stuck_days: int                   # the setting the stuck leads are measured against
    stages: list[StageFigures]
    stuck: list[StuckLead] = field(default_factory=list)  # longest in their stage first

    @property
    def open(self) -> int:
        return sum(s.open for s in self.stages)

    @property
    def no_next_step(self) -> int:
        return sum(s.no_next_step for s in self.stages)

    @property
    def no_owner(self) -> int:
        return sum(s.no_owner for s in self.stages)

    @property
    def stalling_stage(self) -> StageFigures | None:
        """The stage where the most leads are stuck (the later one on a tie: it is closer to money)."""
        worst = max(reversed(self.stages), key=lambda s: s.stuck, default=None)
        return worst if worst is not None and worst.stuck else None


def _moved(stage: Stage, to: Place | None) -> str:
    if isinstance(to, Outcome):
        return {Outcome.BOOKED: "booked", Outcome.WON: "booked", Outcome.LOST: "lost",
                Outcome.NOT_READY: "not_ready"}.get(to, "")
    if to is None:
        return ""
    return "advanced" if STAGES.index(to) > STAGES.index(stage) else "moved_back"


def pipeline(histories: Iterable[tuple[Lead, Sequence[Event]]], as_of: datetime, since: datetime,
             calendar: BusinessCalendar, stuck_days: int, connected_at: datetime | None = None) -> Pipeline:
    """The pipeline figures from the leads that matter, each as it stands at ``as_of`` with its event log:
    every lead open at ``as_of`` and every lead that changed place since ``since`` (others add
    nothing). A lead whose outcome is ``not_a_lead`` counts nowhere. Stuck follows the imported-history
    rule of stalled (LEAKAGE.md): only when the moment it became stuck is at or after ``connected_at``."""
    open_minutes: dict[Stage, list[float]] = {s: [] for s in STAGES}
    counts: dict[Stage, dict[str, int]] = {s: dict.fromkeys(
        ("open", "entered", "advanced", "booked", "lost", "not_ready", "moved_back", "stuck", "no_next_step",
         "no_owner"), 0) for s in STAGES}
    stuck: list[StuckLead] = []
    for lead, events in histories:
        if lead.outcome is Outcome.NOT_A_LEAD:
            continue
        for spell in spells(events, as_of):
            c = counts[spell.stage]
            if since <= spell.entered:
                c["entered"] += 1
            if spell.left is not None:
                moved = _moved(spell.stage, spell.to)
                if moved and since <= spell.left:
                    c[moved] += 1
                continue
            c["open"] += 1
            minutes = calendar.minutes_between(spell.entered, as_of)
            open_minutes[spell.stage].append(minutes)
            c["no_next_step"] += lead.next_step is None
            c["no_owner"] += lead.owner_id is None
            stuck_at = calendar.add_days(spell.entered, stuck_days)
            if as_of > stuck_at and (connected_at is None or stuck_at >= connected_at):
                c["stuck"] += 1
                stuck.append(StuckLead(lead, spell.stage, spell.entered, minutes))
    stages = [StageFigures(s, median_minutes=_median(open_minutes[s]), p90_minutes=_p90(open_minutes[s]),
                           **counts[s]) for s in STAGES]
    stuck.sort(key=lambda item: (-item.business_minutes, item.lead.id))
    return Pipeline(as_of, since, stuck_days, stages, stuck)


def pipeline_of(store: Store, now: datetime, weeks: int) -> Pipeline:
    """The pipeline now (the leads as stored), its moves counted over the ``weeks`` ISO weeks ending with
    the one holding ``now`` (the weekly review's range)."""
    if weeks < 1:
        raise ValueError("weeks must be 1 or more")
    settings = store.settings.load()
    policy = policy_from_settings(settings, store.connected_at())
    first = week_starts(now, weeks, policy)[0]
    since = datetime.combine(first, time(0), policy.calendar.tz)
    return pipeline(store.leads.histories(since, PLACE_KINDS), now, since, policy.calendar,
                    settings[FIGURES_STUCK_BUSINESS_DAYS], policy.connected_at)


def _round(x: float | None, places: int) -> float | None:
    return None if x is None else round(x, places)


def to_json(p: Pipeline) -> dict[str, Any]:
    """``leakdesk pipeline --json``: the figures of docs/pipeline-figures.md by their names."""
    stages = [{
        "stage": s.stage.value, "open": s.open, "time_in_stage_median_min": _round(s.median_minutes, 1),
        "time_in_stage_p90_min": _round(s.p90_minutes, 1), "entered": s.entered, "advanced": s.advanced,
        "booked": s.booked, "lost": s.lost, "not_ready": s.not_ready, "moved_back": s.moved_back,
        "moved_on": s.moved_on, "conversion": _round(s.conversion, 4), "stuck": s.stuck,
        "no_next_step": s.no_next_step, "no_owner": s.no_owner,
    } for s in p.stages]
    stalling = p.stalling_stage
    return {
        "as_of": p.as_of.isoformat(), "since": p.since.isoformat(), "stuck_business_days": p.stuck_days,
        "stages": stages, "open": p.open, "no_next_step": p.no_next_step, "no_owner": p.no_owner,
        "stalling_stage": stalling.stage.value if stalling else None,
        "stuck": [{"lead_id": s.lead.id, "stage": s.stage.value, "in_stage_since": s.entered.isoformat(),
                   "business_minutes": round(s.business_minutes, 1)} for s in p.stuck],
    }


def day_minutes(calendar: BusinessCalendar) -> float:
    """The business minutes of an average open day: what '1 day' in the pipeline means."""
    open_days = [sum(e - s for s, e in spans) for spans in calendar.hours.days if spans]
    return sum(open_days) / len(open_days)


def days_text(minutes: float | None, day_minutes: float) -> str:
    """Business time as a person reads it: '3 h 20 min' within a day, '4.5 days' beyond one."""
    if minutes is None:
        return ""
    if minutes < day_minutes:
        m = round(minutes)
        return f"{m} min" if m < 60 else f"{m // 60} h {m % 60:02d} min"
    return f"{minutes / day_minutes:.1f} days"


def sentence(p: Pipeline) -> str:
    """Where leads stall, and what to do: the pipeline's one line for the owner."""
    worst = p.stalling_stage
    if worst is None:
        return (f"No lead is stuck: every one of the {p.open} open leads moved within "
                f"{p.stuck_days} business days.")
    label = STAGE_LABELS[worst.stage]
    total = len(p.stuck)
    others = f" ({total} stuck in all)" if total > worst.stuck else ""
    return (f"Leads stall most at {label}: {worst.stuck} of its {worst.open} open leads have sat there over "
            f"{p.stuck_days} business days{others}. {NEXT_MOVE[worst.stage]}")


NEXT_MOVE = {
    Stage.NEW: "Answer or claim them today: a new lead left a day rarely books.",
    Stage.CONTACTED: "Ask the questions that qualify them, or close the ones that will not buy.",
    Stage.QUALIFIED: "Send the proposal or book the visit while they still remember you.",
    Stage.PROPOSAL: "Call about the proposal: ask what is holding them back, and set a date to decide.",
}


def pipeline_at(path: Path, now: datetime, weeks: int) -> Pipeline:
    """``pipeline_of`` on the database at ``path``: what the app's worker process runs, so folding the
    logs of thousands of leads holds no lock the window needs."""
    with closing(Store.open(path)) as store:
        return pipeline_of(store, now, weeks)

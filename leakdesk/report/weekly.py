"""One week's figures, from the counts SQL gives (shared/LEAKAGE.md, "Weekly figures").

Each property below is one figure of the definition, written as it reads
there; rounding happens only in ``to_json`` (ratios to 4 places, minutes to
1, money to 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from leakdesk.domain import LeakKind
from leakdesk.settings import (
    FIGURES_COST_PER_LEAD,
    FIGURES_CURRENCY,
    FIGURES_QUALIFIED_CONVERSION_RATE,
    FIGURES_TARGET_BOOKING_RATE,
    Settings,
)

STAGES = ("capture", "ownership", "response", "follow_up", "conversion")
STAGE_LABELS = {
    "capture": "capture", "ownership": "ownership", "response": "response",
    "follow_up": "follow-up", "conversion": "conversion",
}


@dataclass(frozen=True)
class FigureSettings:
    cost_per_lead: float = 40.0
    qualified_conversion_rate: float = 0.08
    target_booking_rate: float = 0.25
    currency: str = "EUR"

    @classmethod
    def from_settings(cls, settings: Settings) -> FigureSettings:
        return cls(settings[FIGURES_COST_PER_LEAD], settings[FIGURES_QUALIFIED_CONVERSION_RATE],
                   settings[FIGURES_TARGET_BOOKING_RATE], settings[FIGURES_CURRENCY])


def _no_kinds() -> dict[LeakKind, int]:
    return dict.fromkeys(LeakKind, 0)


@dataclass(frozen=True)
class WeekFigures:
    start: date                          # the Monday
    provisional: bool                    # the week holding as_of: still moving
    money: FigureSettings
    leads: int = 0
    leaked: int = 0
    by_kind: Mapping[LeakKind, int] = field(default_factory=_no_kinds)   # by primary leak
    carried: Mapping[LeakKind, int] = field(default_factory=_no_kinds)   # leads carrying each kind
    within_sla: int = 0                  # first response met the deadline
    unanswered: int = 0                  # still without any response
    booked: int = 0                      # outcome booked or won
    ownership_missed: int = 0
    follow_up_missed: int = 0
    speed_median: float | None = None    # business minutes to first response
    speed_p90: float | None = None

    @classmethod
    def from_counts(cls, start: date, provisional: bool, money: FigureSettings, row: Mapping[str, Any],
                    speeds: tuple[float | None, float | None] = (None, None)) -> WeekFigures:
        return cls(
            start, provisional, money, leads=row["leads"], leaked=row["leaked"],
            by_kind={k: row[f"primary_{k.value}"] for k in LeakKind},
            carried={k: row[f"carried_{k.value}"] for k in LeakKind},
            within_sla=row["within_sla"], unanswered=row["leads"] - row["responded"], booked=row["booked"],
            ownership_missed=row["ownership_missed"], follow_up_missed=row["follow_up_missed"],
            speed_median=speeds[0], speed_p90=speeds[1],
        )

    # -- the figures --------------------------------------------------------------------
    @property
    def end(self) -> date:
        return self.start + timedelta(days=6)

    @property
    def week(self) -> str:
        year, number, _ = self.start.isocalendar()
        return f"{year}-W{number:02d}"

    def _share(self, count: int) -> float | None:
        return count / self.leads if self.leads else None

    @property
    def on_track(self) -> int:
        """Leads carrying no leak kind: the base of the chart's bar."""
        return self.leads - self.leaked

    @property
    def leakage_rate(self) -> float | None:
        return self._share(self.leaked)

    @property
    def responded_within_sla(self) -> float | None:
        return self._share(self.within_sla)

    @property
    def booking_rate(self) -> float | None:
        return self._share(self.booked)

    @property
    def leak_cost(self) -> float:
        return self.leaked * self.money.cost_per_lead

    @property
    def lost_opportunities(self) -> float:
        return self.leaked * self.money.qualified_conversion_rate

    @property
    def stages(self) -> dict[str, float] | None:
        if not self.leads:
            return None
        share = self._share
        return {
            "capture": 1 - self.carried[LeakKind.LATE_CAPTURE] / self.leads,
            "ownership": 1 - self.ownership_missed / self.leads,
            "response": self.within_sla / self.leads,
            "follow_up": 1 - self.follow_up_missed / self.leads,
            "conversion": min(1.0, (share(self.booked) or 0.0) / self.money.target_booking_rate),
        }

    @property
    def score(self) -> int | None:
        stages = self.stages
        return None if stages is None else int(100 * sum(stages.values()) / len(stages) + 0.5)

    @property
    def weakest_stage(self) -> str | None:
        stages = self.stages
        return None if stages is None else min(STAGES, key=lambda s: stages[s])  # first of equals

    # -- the contract's shape -----------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        def ratio(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        def minutes(x: float | None) -> float | None:
            return None if x is None else round(x, 1)

        stages = self.stages
        return {
            "week": self.week, "start": self.start.isoformat(), "provisional": self.provisional,
            "leads": self.leads, "leaked": self.leaked, "leakage_rate": ratio(self.leakage_rate),
            "by_kind": {k.value: self.by_kind[k] for k in LeakKind},
            "responded_within_sla": ratio(self.responded_within_sla),
            "speed_to_lead_median_min": minutes(self.speed_median),
            "speed_to_lead_p90_min": minutes(self.speed_p90),
            "unanswered": self.unanswered, "booked": self.booked, "booking_rate": ratio(self.booking_rate),
            "leak_cost": round(self.leak_cost, 2), "lost_opportunities": round(self.lost_opportunities, 2),
            "stages": None if stages is None else {s: round(v, 4) for s, v in stages.items()},
            "score": self.score, "weakest_stage": self.weakest_stage,
        }

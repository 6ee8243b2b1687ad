"""What the weekly report keeps of each lead, derived once (leakdesk.report.facts derives it,
the store keeps it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from leakdesk.domain import Lead, LeakKind, Outcome


@dataclass(frozen=True, slots=True)
class LeadFacts:
    lead: Lead
    week: date                       # Monday of received_at's ISO week in the business's time zone
    live: bool                       # received at or after connected_at
    owner_due: datetime
    response_due: datetime
    speed_min: float | None          # business minutes from received_at to first_response_at
    stall_step_at: datetime | None   # the next step's due time + 1 business day
    stall_quiet_at: datetime         # (last activity, else received) + the stale window
    stall_received_at: datetime      # received + the stale window
    late_capture: bool
    settled_at: datetime
    kinds: tuple[LeakKind, ...]      # carried from settled_at on

    @property
    def counted(self) -> bool:
        return self.lead.outcome is not Outcome.NOT_A_LEAD

    @property
    def responded(self) -> bool:
        return self.lead.first_response_at is not None

    @property
    def within_sla(self) -> bool:
        return self.lead.first_response_at is not None and self.lead.first_response_at <= self.response_due

    @property
    def booked(self) -> bool:
        return self.lead.outcome in (Outcome.BOOKED, Outcome.WON) and self.lead.closed_at is not None

    @property
    def ownership_missed(self) -> bool:
        """Live leads: the unowned kind; imported history: no response at all."""
        return LeakKind.UNOWNED in self.kinds if self.live else not self.responded

    @property
    def follow_up_missed(self) -> bool:
        return LeakKind.STALLED in self.kinds or LeakKind.WENT_COLD in self.kinds

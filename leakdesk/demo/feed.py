"""While the demo runs, a new enquiry arrives every minute or so."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from leakdesk.clock import Clock
from leakdesk.demo import business
from leakdesk.domain import Event, EventKind, Lead
from leakdesk.followup.service import FollowUp
from leakdesk.store import Store
from leakdesk.store.rows import iso

MEAN_SECONDS = 60.0


class DemoFeed:
    def __init__(self, store: Store, clock: Clock, seed: int | None = None) -> None:
        self.store = store
        self.clock = clock
        self.rng = random.Random(seed)
        self.next_at = self._after(clock.now())

    def _after(self, at: datetime) -> datetime:
        return at + timedelta(seconds=self.rng.uniform(0.5, 1.5) * MEAN_SECONDS)

    def poll(self) -> Lead | None:
        """Deliver the next enquiry if its time has come."""
        now = self.clock.now()
        if now < self.next_at:
            return None
        self.next_at = self._after(now)
        return self.arrive()

    def arrive(self) -> Lead:
        now = self.clock.now()
        details = business.prospect(self.rng, business.pick_channel(self.rng))
        received = now - timedelta(seconds=self.rng.uniform(2, 20))
        lead = self.store.leads.open_lead(
            Event(0, EventKind.RECEIVED, now, None, {"received_at": iso(received), **details})
        )
        FollowUp(self.store, self.clock).start_for_new_leads([lead.id])
        return self.store.leads.get(lead.id)

"""Deciding and remembering alerts for one person at one moment.

Pure decisions live in sla.alerts; this adds what the store knows: alerts
already sent (``alerted`` events), leads given to me, and the settings.
The UI calls ``check`` on its ticker and hands the result to its notifier.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from leakdesk.clock import Clock, SystemClock
from leakdesk.domain import Event, EventKind, Lead
from leakdesk.settings import ALERTS_KINDS, ALERTS_OUTSIDE_HOURS, ALERTS_QUIET_HOURS
from leakdesk.sla.alerts import Alert, AlertKind, AlertSettings, due_alerts
from leakdesk.sla.policy import SlaPolicy, policy_from_settings
from leakdesk.store import Store

MEMORY = timedelta(days=30)  # how far back sent alerts are remembered


class Alerting:
    def __init__(self, store: Store, clock: Clock, demo: bool = False) -> None:
        self.store = store
        self.clock = clock
        self.demo = demo

    def settings(self) -> AlertSettings:
        values = self.store.settings.load()
        return AlertSettings(
            enabled=frozenset(AlertKind(k) for k in values[ALERTS_KINDS]),
            outside_hours=self.demo or bool(values[ALERTS_OUTSIDE_HOURS]),
            quiet=values[ALERTS_QUIET_HOURS],
        )

    def check(self, leads: Iterable[Lead], policy: SlaPolicy, me: int | None, slept: bool = False) -> list[Alert]:
        return self.check_at(self.clock.now(), leads, policy, me, slept)

    def check_at(self, now: datetime, leads: Iterable[Lead], policy: SlaPolicy, me: int | None,
                 slept: bool = False) -> list[Alert]:
        """The alerts due at ``now`` over ``leads`` for ``me`` (none already sent)."""
        sent = self.store.leads.alerted_keys(now - MEMORY)
        mine = self.store.leads.assigned_to(me, now - timedelta(days=7)) if me is not None else {}
        return due_alerts(leads, policy, now, me, sent, mine, self.settings(), slept)

    def mark_sent(self, sent: Iterable[tuple[Alert, str]]) -> None:
        """Remember each alert (with the way it went) on each of its leads, so it is never sent again."""
        now = self.clock.now()
        self.store.leads.remember([Event(lead_id, EventKind.ALERTED, now, None,
                                         {"key": key, "kind": alert.kind.value, "via": by_way_of})
                                   for alert, by_way_of in sent
                                   for lead_id, key in zip(alert.lead_ids, alert.keys, strict=True)])


def due_at(path: Path, now: datetime, me: int | None, slept: bool, demo: bool) -> list[Alert]:
    """The alerts due at ``now`` over the board's leads of the database at ``path``: what the app's
    worker process decides (thousands of cards, off the window's interpreter lock)."""
    store = Store.open(path)
    try:
        policy = policy_from_settings(store.settings.load(), store.connected_at())
        board = [entry.lead for entry in store.leads.board(policy, now)]
        return Alerting(store, SystemClock(), demo).check_at(now, board, policy, me, slept)
    finally:
        store.close()

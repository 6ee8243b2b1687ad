"""The SQL behind the weekly leakage review (shared/LEAKAGE.md).

One common table expression, ``judged``, gives every counted lead's leak
kinds and figures at ``:as_of``: a settled lead's straight from its stored
flags (``lead_facts``), a lead still moving by the rules of LEAKAGE.md
stated in SQL (``moving``), which mirror ``leakdesk.sla.leaks.leak_kinds``
line by line; tests check both paths against it lead by lead. The weekly
figures, the channel table, the rescue list and a chart segment's leads
are small queries over it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from time import sleep
from typing import Any

import sqlite_utils

from leakdesk.domain import Lead, LeakKind
from leakdesk.domain.facts import LeadFacts
from leakdesk.sla.leaks import COLD_REASONS, MIN_TOUCHES_BEFORE_COLD
from leakdesk.store.rows import LEAD_SELECT, iso, lead_from_tuple

_COLD = ", ".join(f"'{r.value}'" for r in sorted(COLD_REASONS))
_KINDS = tuple(k.value for k in LeakKind)
_FIGURES = ("responded", "within_sla", "booked", "ownership_missed", "follow_up_missed")

# Which leads a query looks at (fixed fragments; values are always parameters).
_WEEKS = "f.week BETWEEN :first_week AND :last_week"
_WEEK = "f.week = :week"
_OPEN_SINCE = "f.received_at >= :since AND f.lead_id IN (SELECT id FROM leads WHERE outcome IS NULL)"

# Settled leads: their stored flags are their figures at any as_of from settled_at on.
_SETTLED = "lead_facts f WHERE {where} AND f.counted AND f.settled_at <= :as_of"

# Leads still moving at as_of: each rule of LEAKAGE.md over the lead and its facts.
_MOVING = f"""WITH base AS (
    SELECT f.week, f.lead_id, f.channel, f.received_at, f.owner_due, f.response_due, f.live, f.captured_late,
           l.outcome, l.lost_reason, l.outbound_touches, l.handoff_without_context AS handed_off_bare,
           CASE WHEN l.first_response_at <= :as_of THEN l.first_response_at END AS answered_at,
           CASE WHEN l.owned_at <= :as_of THEN l.owned_at END AS owned,
           ifnull(l.closed_at <= :as_of, 0) AS closed,
           f.stall_step_at IS NOT NULL AS by_step,
           CASE WHEN f.stall_step_at IS NOT NULL THEN f.stall_step_at
                WHEN l.last_activity_at <= :as_of THEN f.stall_quiet_at
                ELSE f.stall_received_at END AS stall_at
    FROM lead_facts f JOIN leads l ON l.id = f.lead_id
    WHERE {{where}} AND f.counted AND f.settled_at > :as_of AND f.received_at <= :as_of
), kinds AS (
    SELECT *,
        ifnull(answered_at IS NULL AND response_due < :as_of, 0) AS unanswered,
        ifnull(answered_at > response_due, 0) AS late_response,
        ifnull(live AND owner_due <= :as_of AND (owned IS NULL OR owned > owner_due), 0) AS unowned,
        ifnull(NOT closed AND CASE WHEN by_step THEN :as_of > stall_at ELSE :as_of >= stall_at END
               AND (:connected_at IS NULL OR stall_at >= :connected_at), 0) AS stalled,
        ifnull(closed AND outcome = 'lost' AND lost_reason IN ({_COLD})
               AND outbound_touches < {MIN_TOUCHES_BEFORE_COLD}, 0) AS went_cold,
        ifnull(live AND captured_late, 0) AS late_capture,
        handed_off_bare AS handoff_without_context
    FROM base
), moving AS (
    SELECT *,
           CASE {" ".join(f"WHEN {k} THEN '{k}'" for k in _KINDS)} END AS primary_kind,
           answered_at IS NOT NULL AS responded,
           ifnull(answered_at <= response_due, 0) AS within_sla,
           ifnull(closed AND outcome IN ('booked', 'won'), 0) AS booked,
           CASE WHEN live THEN unowned ELSE answered_at IS NULL END AS ownership_missed,
           stalled OR went_cold AS follow_up_missed
    FROM kinds
)
"""

# Both sources name their columns alike, so one aggregate serves both.
_COUNTS = (
    "count(*) AS leads, count(primary_kind) AS leaked, "
    + ", ".join(f"count(*) FILTER (WHERE primary_kind = '{k}') AS primary_{k}" for k in _KINDS) + ", "
    + ", ".join(f"sum({k}) AS carried_{k}" for k in _KINDS) + ", "
    + ", ".join(f"sum({c}) AS {c}" for c in _FIGURES)
)


def _aggregate(group: str, where: str) -> tuple[str, str]:
    """The same counts per ``group`` over settled and over moving leads (added up by the caller)."""
    return (f"SELECT f.{group} AS {group}, {_COUNTS} FROM {_SETTLED.format(where=where)} GROUP BY f.{group}",
            _MOVING.format(where=where) + f"SELECT {group}, {_COUNTS} FROM moving GROUP BY {group}")


_WEEKLY = _aggregate("week", _WEEKS)
_CHANNELS = _aggregate("channel", _WEEKS)

# The n-th fastest response of a week (walks lead_facts_speed in order).
_NTH_SPEED = """
SELECT speed_min FROM lead_facts INDEXED BY lead_facts_speed
WHERE week = :week AND speed_min IS NOT NULL AND first_response_at <= :as_of AND received_at <= :as_of
ORDER BY speed_min LIMIT :count OFFSET :offset
"""

# Lists of leads: a few hundred rows, so one union of both sources.
_JUDGED = _MOVING + f""", judged AS (
    SELECT f.lead_id, f.received_at, f.primary_kind FROM {_SETTLED}
    UNION ALL
    SELECT lead_id, received_at, primary_kind FROM moving
)
"""
_KIND_RANK = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(_KINDS))
_RESCUE = _JUDGED.replace("{where}", _OPEN_SINCE) + f"""
SELECT lead_id, primary_kind FROM judged WHERE primary_kind IS NOT NULL
ORDER BY CASE primary_kind {_KIND_RANK} END, received_at DESC, lead_id DESC LIMIT :limit
"""
_SEGMENT = _JUDGED.replace("{where}", _WEEK) + """
SELECT lead_id FROM judged WHERE primary_kind IS :kind ORDER BY received_at DESC, lead_id DESC
"""

_PUT = (f"INSERT OR REPLACE INTO lead_facts (week, lead_id, counted, channel, received_at, first_response_at, live,"
        f" owner_due, response_due, speed_min, stall_step_at, stall_quiet_at, stall_received_at, captured_late,"
        f" settled_at, primary_kind, {', '.join(_KINDS)}, {', '.join(_FIGURES)})"
        f" VALUES ({', '.join('?' * (16 + len(_KINDS) + len(_FIGURES)))})")


def _fact_row(f: LeadFacts) -> tuple[Any, ...]:
    return (f.week.isoformat(), f.lead.id, int(f.counted), f.lead.channel.value, iso(f.lead.received_at),
            iso(f.lead.first_response_at), int(f.live), iso(f.owner_due), iso(f.response_due), f.speed_min,
            iso(f.stall_step_at), iso(f.stall_quiet_at), iso(f.stall_received_at), int(f.late_capture),
            iso(f.settled_at), f.kinds[0].value if f.kinds else None, *(int(k in f.kinds) for k in LeakKind),
            int(f.responded), int(f.within_sla), int(f.booked), int(f.ownership_missed), int(f.follow_up_missed))


def _added(queries: tuple[str, str], key: str, params: dict[str, Any], db: sqlite_utils.Database
           ) -> dict[str, dict[str, Any]]:
    """Run the settled and the moving query; add their counts group by group."""
    out: dict[str, dict[str, Any]] = {}
    for sql in queries:
        for row in db.query(sql, params):
            have = out.get(row[key])
            if have is None:
                out[row[key]] = dict(row)
            else:
                for column, value in row.items():
                    if column != key:
                        have[column] += value
    return out


class ReportRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    # -- derived facts ----------------------------------------------------------------
    def derived_key(self, name: str) -> str | None:
        row = self.db.execute("SELECT key FROM settings_derived WHERE name = ?", [name]).fetchone()
        return str(row[0]) if row else None

    def reset_facts(self, key: str) -> None:
        """Queue every lead to be derived again: the settings its facts came from changed."""
        with self.db.atomic():
            self.db.execute("DELETE FROM lead_facts")
            self.db.execute("INSERT OR IGNORE INTO lead_facts_stale SELECT id FROM leads")
            self.db.execute("INSERT INTO settings_derived (name, key) VALUES ('facts', ?) "
                            "ON CONFLICT(name) DO UPDATE SET key = excluded.key", [key])

    def derive_stale(self, derive: Callable[[Lead], LeadFacts], batch: int = 250) -> Iterator[int]:
        """Derive the queued leads' facts (new, changed, or all after a settings change).

        Each batch is read and written under one write lock (BEGIN IMMEDIATE),
        so a lead changed meanwhile by another connection waits for the batch,
        then queues itself again instead of keeping facts of its old state.
        Yields the number derived so far.
        """
        select = ", ".join(f"l.{c}" for c in LEAD_SELECT.split(", "))
        done = 0
        while True:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                rows = self.db.execute(
                    f"SELECT {select} FROM lead_facts_stale s JOIN leads l ON l.id = s.lead_id"
                    " ORDER BY s.lead_id LIMIT ?", [batch]).fetchall()
                facts = [derive(lead_from_tuple(r)) for r in rows]
                self.db.conn.executemany("DELETE FROM lead_facts_stale WHERE lead_id = ?",
                                         [(f.lead.id,) for f in facts])
                self.db.conn.executemany(_PUT, [_fact_row(f) for f in facts])
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
            if not rows:
                return
            sleep(0.025)  # a writer waiting on the lock (a claim, an alert) polls about this often: let it in
            done += len(rows)
            yield done

    # -- figures ------------------------------------------------------------------------
    @staticmethod
    def _params(as_of: datetime, connected_at: datetime | None, **more: Any) -> dict[str, Any]:
        return {"as_of": iso(as_of), "connected_at": iso(connected_at), **more}

    def weekly_counts(self, first_week: date, last_week: date, as_of: datetime,
                      connected_at: datetime | None) -> list[dict[str, Any]]:
        """One row of counts per week that has leads (weeks as ISO Monday dates)."""
        params = self._params(as_of, connected_at, first_week=first_week.isoformat(),
                              last_week=last_week.isoformat())
        return [row for _, row in sorted(_added(_WEEKLY, "week", params, self.db).items())]

    def nth_speeds(self, week: date, as_of: datetime, offset: int, count: int) -> list[float]:
        """Speeds to lead of the week's answered leads, fastest first, from rank ``offset`` + 1."""
        params = {"week": week.isoformat(), "as_of": iso(as_of), "offset": offset, "count": count}
        return [float(r[0]) for r in self.db.execute(_NTH_SPEED, params)]

    def channel_counts(self, first_week: date, last_week: date, as_of: datetime,
                       connected_at: datetime | None) -> list[dict[str, Any]]:
        params = self._params(as_of, connected_at, first_week=first_week.isoformat(),
                              last_week=last_week.isoformat())
        rows = _added(_CHANNELS, "channel", params, self.db).values()
        return sorted(rows, key=lambda r: (-r["leads"], r["channel"]))

    def rescue(self, since: datetime, as_of: datetime, connected_at: datetime | None,
               limit: int) -> list[tuple[int, LeakKind]]:
        """(lead id, primary leak) of open leaked leads received since ``since``, best first."""
        params = self._params(as_of, connected_at, since=iso(since), limit=limit)
        return [(int(r[0]), LeakKind(r[1])) for r in self.db.execute(_RESCUE, params)]

    def segment(self, week: date, kind: LeakKind | None, as_of: datetime,
                connected_at: datetime | None) -> list[int]:
        """Ids of the week's leads whose primary leak is ``kind`` (None: not leaked)."""
        params = self._params(as_of, connected_at, week=week.isoformat(), kind=kind.value if kind else None)
        return [int(r[0]) for r in self.db.execute(_SEGMENT, params)]

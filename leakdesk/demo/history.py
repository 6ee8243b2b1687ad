"""Twelve weeks of a small clinic's enquiries, told as event logs.

Each lead's story (claimed, answered, followed up, closed) is drawn with
realistic delays in business time, so every leak kind of LEAKAGE.md turns
up: slow or missing answers, leads nobody owned, stalled follow-ups, leads
that went cold, handoffs without notes and mail LeakDesk saw late.
Events later than ``now`` have not happened yet, so recent leads are live.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from leakdesk.clock import Clock
from leakdesk.demo import business
from leakdesk.demo.check_these import add_check_these
from leakdesk.domain import Event, EventKind, LostReason, Message, MessageRole, Outcome, Stage
from leakdesk.followup.service import FollowUp
from leakdesk.sla.calendar import BusinessCalendar
from leakdesk.sla.policy import calendar_from_settings
from leakdesk.store import Store
from leakdesk.store.rows import iso

WEEKS = 12
PER_DAY = (6, 6, 5, 6, 5, 2, 1)  # mean arrivals Mon..Sun
LOST_REASONS = (
    (LostReason.PRICE, 25),
    (LostReason.COMPETITOR, 15),
    (LostReason.NO_REPLY, 25),
    (LostReason.WENT_COLD, 15),
    (LostReason.TIMING, 10),
    (LostReason.NOT_A_FIT, 10),
)


@dataclass
class _Story:
    rng: random.Random
    cal: BusinessCalendar
    team: Sequence[int]
    now: datetime
    events: list[Event]

    def add(self, kind: EventKind, at: datetime, actor: int | None = None, **details: Any) -> bool:
        """Append the event if it has happened by now."""
        if at > self.now or (self.events and at < self.events[-1].at):
            return False
        self.events.append(Event(0, kind, at, actor, details))
        return True

    def later(self, start: datetime, low: float, high: float) -> datetime:
        return self.cal.add_minutes(start, self.rng.uniform(low, high))


def _reply(story: _Story, at: datetime, person: int) -> bool:
    return story.add(EventKind.REPLIED, at, person, via="email")


def lead_story(
    rng: random.Random, received: datetime, team: Sequence[int], cal: BusinessCalendar, now: datetime
) -> list[Event]:
    """The events of one demo lead, up to ``now``."""
    story = _Story(rng, cal, team, now, [])
    captured = received + timedelta(seconds=rng.uniform(4, 90))
    if rng.random() < 0.03:  # the inbox was not being watched
        captured = received + timedelta(minutes=rng.uniform(30, 600))
    elif not cal.is_open(received) and rng.random() < 0.15:  # the shop laptop was off overnight
        captured = cal.next_open(received) + timedelta(minutes=rng.uniform(1, 4))
    channel = business.pick_channel(rng)
    details = business.prospect(rng, channel)
    story.add(EventKind.RECEIVED, min(captured, now), None, received_at=iso(received), **details)
    if not story.events:
        return []

    owner = rng.choice(team)
    seen = story.events[0].at  # nobody can act before LeakDesk shows the lead
    claim_at = story.later(seen, 1, 14) if rng.random() < 0.85 else story.later(seen, 16, 150)
    roll = rng.random()
    if roll < 0.72:
        reply_at: datetime | None = story.later(seen, 3, 58)
    elif roll < 0.90:
        reply_at = story.later(seen, 61, 600)
    else:
        reply_at = None
    claims_first = reply_at is None or claim_at < reply_at
    if claims_first and not story.add(EventKind.CLAIMED, claim_at, owner, owner_id=owner):
        return story.events
    if rng.random() < 0.04:  # spam, supplier or job applicant
        story.add(EventKind.OUTCOME_SET, story.later(claim_at, 1, 30), owner, outcome=Outcome.NOT_A_LEAD.value)
        return story.events
    if rng.random() < 0.07:
        other = rng.choice([p for p in team if p != owner])
        note = None if rng.random() < 0.5 else "Wants Saturday mornings; quoted the initial assessment."
        handoff_at = story.later(claim_at, 5, 200)
        extra = {"note": note} if note else {}
        if story.add(EventKind.HANDED_OFF, handoff_at, owner, owner_id=other, previous_owner_id=owner, **extra):
            owner = other
    if reply_at is None:
        if rng.random() < (0.9 if now - received > timedelta(days=14) else 0.3):
            story.add(EventKind.OUTCOME_SET, story.later(received, 3000, 6000), owner,
                      outcome=Outcome.LOST.value, reason=LostReason.NO_REPLY.value)
        return story.events
    if not _reply(story, max(reply_at, story.events[-1].at), owner):
        return story.events
    return _follow_up(story, reply_at, owner)


def _follow_up(story: _Story, last: datetime, owner: int) -> list[Event]:
    rng = story.rng
    day = 600.0  # business minutes in a clinic day
    touches = rng.choice((0, 0, 1, 1, 2, 3))
    for _ in range(touches):
        if rng.random() < 0.5:
            last = story.later(last, 0.3 * day, 1.5 * day)
            if not story.add(EventKind.INBOUND, last, None):
                return _next_step(story, story.events[-1].at, owner)
        last = story.later(last, 10, 0.5 * day)
        kind = EventKind.REPLIED if rng.random() < 0.7 else EventKind.CONTACT_LOGGED
        if not story.add(kind, last, owner, via="email" if kind is EventKind.REPLIED else "call"):
            return _next_step(story, story.events[-1].at, owner)
    close_at = story.later(last, 0.5 * day, 6 * day)
    roll = rng.random()
    _move_on(story, owner, 0.8 if roll < 0.42 else 0.4 if roll < 0.74 else 0.3 if roll < 0.84 else 0.5)
    if roll < 0.34:
        fields: dict[str, Any] = {"outcome": Outcome.BOOKED.value}
    elif roll < 0.42:
        fields = {"outcome": Outcome.WON.value}
    elif roll < 0.74:
        reasons, weights = zip(*LOST_REASONS, strict=True)
        fields = {"outcome": Outcome.LOST.value, "reason": rng.choices(reasons, weights)[0].value}
    elif roll < 0.84:
        revisit = close_at.date() + timedelta(days=rng.randint(14, 75))
        fields = {"outcome": Outcome.NOT_READY.value, "revisit_on": revisit.isoformat()}
    else:
        return _next_step(story, story.events[-1].at, owner)
    if not story.add(EventKind.OUTCOME_SET, close_at, owner, **fields):
        return _next_step(story, story.events[-1].at, owner)
    return story.events


def _move_on(story: _Story, owner: int, chance: float) -> None:
    """Stage changes after the lead's last touch: qualified, then perhaps a proposal. They draw from a
    random stream of their own (seeded by the lead), so the rest of the demo is the same with them."""
    first = story.events[0]
    rng = random.Random(f"{first.details.get('received_at')}-stages")
    at = story.events[-1].at
    for stage in (Stage.QUALIFIED, Stage.PROPOSAL):
        if rng.random() >= chance:
            return
        at = story.cal.add_minutes(at, rng.uniform(5, 40))
        if not story.add(EventKind.STAGE_CHANGED, at, owner, stage=stage.value):
            return
        chance *= 0.8


def _next_step(story: _Story, at: datetime, owner: int) -> list[Event]:
    """An open lead: usually a next step, some of them long overdue.

    Old idle leads mostly get written off in the end, as in a real shop.
    """
    rng = story.rng
    if story.now - at > timedelta(days=21) and rng.random() < 0.75:
        close_at = story.later(at, 3000, 6000)
        reason = rng.choice((LostReason.WENT_COLD, LostReason.NO_REPLY))
        if story.add(EventKind.OUTCOME_SET, close_at, owner, outcome=Outcome.LOST.value, reason=reason.value):
            return story.events
    if rng.random() < 0.85:
        due = story.later(at, 30, 3000)
        story.add(EventKind.NEXT_STEP_SET, at, owner, action=rng.choice(business.NEXT_STEPS), due=iso(due))
    return story.events


def _arrivals(rng: random.Random, cal: BusinessCalendar, start: datetime, now: datetime) -> list[datetime]:
    out: list[datetime] = []
    day = start.astimezone(cal.tz).date()
    last = now.astimezone(cal.tz).date()
    while day <= last:
        mean = PER_DAY[day.weekday()]
        count = max(0, round(rng.gauss(mean, mean ** 0.5)))
        spans = cal.intervals(day)
        for _ in range(count):
            if spans and rng.random() < 0.75:
                s, e = rng.choice(spans)
                ts = rng.uniform(s, e)
            else:
                local = datetime(day.year, day.month, day.day, 7, tzinfo=cal.tz)
                ts = local.timestamp() + rng.uniform(0, 15 * 3600)
            at = datetime.fromtimestamp(ts, now.tzinfo)
            if start <= at < now:
                out.append(at)
        day += timedelta(days=1)
    return sorted(out)


def _demo_messages(store: Store, ids: list[int], histories: list[list[Event]]) -> None:
    """Message rows for the demo's mail, so each lead lists its Message-IDs."""
    rows: list[tuple[Message, datetime, datetime | None, bytes | None]] = []
    for lead_id, events in zip(ids, histories, strict=True):
        first = events[0].details
        prospect = f"{first.get('contact_name')} <{first.get('contact_email') or 'no-email@example.invalid'}>"
        subject = str(first.get("subject") or "")
        for n, event in enumerate(events):
            if event.kind in (EventKind.RECEIVED, EventKind.INBOUND):
                role = MessageRole.ENQUIRY if n == 0 else MessageRole.INBOUND_REPLY
                line = business.PROSPECT_LINES[lead_id % 3] if n == 0 else business.PROSPECT_LINES[3]
                folder, sender, body = "INBOX", prospect, line
            elif event.kind is EventKind.REPLIED:
                role, folder = MessageRole.OUTBOUND_REPLY, "Sent"
                sender, body = "Brightside Physio <hello@brightsidephysio.co.uk>", business.REPLY_LINES[lead_id % 3]
            else:
                continue
            mid = f"<demo-{lead_id}-{n}@brightsidephysio.example>"
            raw = (f"From: {sender}\r\nSubject: {'Re: ' if n else ''}{subject}\r\nMessage-ID: {mid}\r\n"
                   f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").encode()
            rows.append((Message(folder, None, None, mid, role, lead_id=lead_id), event.at, event.at, raw))
    store.messages.add_many(rows)


FRESH_MINUTES = (4, 12, 26)  # enquiries that came in just now: on track, due soon, overdue


def _fresh_arrivals(rng: random.Random, now: datetime) -> list[list[Event]]:
    out = []
    for minutes in FRESH_MINUTES:
        received = now - timedelta(minutes=minutes)
        details = business.prospect(rng, business.pick_channel(rng))
        at = received + timedelta(seconds=rng.uniform(4, 30))
        out.append([Event(0, EventKind.RECEIVED, at, None, {"received_at": iso(received), **details})])
    return out


def create_demo(path: Path, clock: Clock, seed: int = 2026) -> Store:
    """A fresh demo database at ``path`` (any old one is replaced)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = Store.open(path)
    rng = random.Random(seed)
    now = clock.now()
    store.settings.set_many(dict(business.SETTINGS))
    team = [store.people.add(name, ini, colour, [mail]).id for name, ini, colour, mail in business.TEAM]
    cal = calendar_from_settings(store.settings.load())
    start = now - timedelta(weeks=WEEKS)
    histories = [h for h in (lead_story(rng, at, team, cal, now) for at in _arrivals(rng, cal, start, now)) if h]
    histories += _fresh_arrivals(rng, now)
    ids = store.leads.import_histories(histories)
    _demo_messages(store, ids, histories)
    # The enquiries of the last minutes get their follow-up planned, as live mail does.
    FollowUp(store, clock).start_for_new_leads(ids[-len(FRESH_MINUTES):])
    add_check_these(store, now)
    return store

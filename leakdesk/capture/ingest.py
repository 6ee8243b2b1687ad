"""From fetched mail to leads: each message becomes a lead, joins one, is set
aside as not a lead, or is quarantined with a reason; none is stored twice.

A batch is one transaction together with its folder's new high-water mark,
so a crash repeats at most the unfinished batch, and a repeat is rejected
by location (account, folder, UIDVALIDITY, UID) and by identity
(Message-ID + content fingerprint).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from leakdesk.clock import Clock
from leakdesk.domain import Event, EventKind, Message, MessageRole
from leakdesk.followup.service import FollowUp
from leakdesk.mail.business import reading_context
from leakdesk.mail.classify import Context, Decision, Verdict, is_own_report, normalise_subject
from leakdesk.mail.content import Attachment
from leakdesk.mail.imap_source import Fetched
from leakdesk.mail.parse import ParsedMessage
from leakdesk.mail.readers import Read, read_all
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from leakdesk.store.rows import iso
from leakdesk.team import colour_for, initials

log = logging.getLogger(__name__)


CONVERSATION_WINDOW = timedelta(days=30)


@dataclass(frozen=True)
class Routed:
    """What became of one message."""

    role: MessageRole
    lead_id: int | None
    reason: str | None
    attachments: tuple[Attachment, ...] = ()
    channel: str | None = None


class FolderKind(StrEnum):
    INBOX = "inbox"
    SENT = "sent"


@dataclass
class IngestResult:
    stored: int = 0
    duplicates: int = 0
    quarantined: int = 0
    not_leads: int = 0
    undecided: int = 0
    joined: int = 0
    replies: int = 0
    new_leads: list[int] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)  # leads a reply or a message from the prospect joined

    def add(self, other: IngestResult) -> None:
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.quarantined += other.quarantined
        self.not_leads += other.not_leads
        self.undecided += other.undecided
        self.joined += other.joined
        self.replies += other.replies
        self.new_leads.extend(other.new_leads)
        self.touched |= other.touched


class Ingestor:
    def __init__(self, store: Store, account: Account, clock: Clock) -> None:
        self.store = store
        self.account = account
        self.clock = clock
        self._base = reading_context(store)
        self._team = set(self._base.team) | set(account.team_addresses)
        if account.address:
            self._team.add(account.address)  # the inbox's own address
        self._prepared: dict[int, tuple[tuple[Attachment, ...], Verdict]] = {}
        self._contacts: dict[str, list[tuple[int, str, datetime, bool]]] = {}
        self.followup = FollowUp(store, clock)

    @property
    def context(self) -> Context:
        """The business's reading context, with the senders this sync found on the team."""
        team = frozenset(self._team)
        return self._base if team == self._base.team else replace(self._base, team=team)

    def reading_context(self, kind: FolderKind) -> Context | None:
        """What reading a message of ``kind`` needs: inbox mail is classified, sent mail only parsed."""
        return self.context if kind is FolderKind.INBOX else None

    def ingest_batch(self, folder: str, kind: FolderKind, uidvalidity: int, batch: list[Fetched],
                     highest_uid: int, read: list[Read] | None = None) -> IngestResult:
        """Store ``batch`` (``read`` already, by a reader process, or read here first)."""
        result = IngestResult()
        if read is None:  # outside the transaction: no lock held while reading
            read = read_all([f.raw for f in batch], self.reading_context(kind))
        parsed = [(r.parsed, r.unparseable, r.fingerprint) for r in read]
        self._prepared = {f.uid: (r.attachments, r.verdict) for f, r in zip(batch, read, strict=True)
                          if r.verdict is not None}
        with self.store.transaction():
            self._load_contacts(batch)
            messages = self.store.messages
            here = messages.known_uids(self.account.id, folder, uidvalidity, [f.uid for f in batch])
            seen = messages.known_identities(self.account.id, [p[0].message_id if p[0] else None for p in parsed])
            for f, (message, reason, fingerprint) in zip(batch, parsed, strict=True):
                identity = (message.message_id if message else None) or "", fingerprint
                if f.uid in here:  # this very location was stored by an earlier, unfinished run
                    result.duplicates += 1
                    continue
                if identity in seen:  # a second delivery: accounted for, never stored twice
                    self._duplicate(folder, uidvalidity, f, message, seen[identity])
                    result.duplicates += 1
                    continue
                seen[identity] = self._one(folder, kind, uidvalidity, f, message, reason, fingerprint, result)
            self.store.messages.flush_raw()
            # The plan lands with the mail it follows from: a crash leaves neither.
            self.followup.start_for_new_leads(result.new_leads)
            self.followup.advance(result.touched - set(result.new_leads))
            self.store.accounts.save_folder_state(self.account.id, folder, uidvalidity, highest_uid,
                                                  self.clock.now())
        return result

    def _load_contacts(self, batch: list[Fetched]) -> None:
        """The recent leads of every contact in this batch, for the conversation fallback."""
        self._contacts = {}
        verdicts = [v for _, v in self._prepared.values() if v.is_lead]
        if not verdicts:
            return
        oldest = min((f.internal_date for f in batch if f.internal_date), default=self.clock.now())
        rows = self.store.leads.recent_for_contacts([v.contact_email for v in verdicts if v.contact_email],
                                                    [v.contact_phone for v in verdicts if v.contact_phone],
                                                    oldest - CONVERSATION_WINDOW)
        for lead_id, email, phone, subject, received, is_open in rows:
            self._remember(lead_id, email, phone, subject, received, is_open)

    def _remember(self, lead_id: int, email: str | None, phone: str | None, subject: str, at: datetime,
                  is_open: bool = True) -> None:
        for key in (email, f"tel:{phone}" if phone else None):
            if key:
                self._contacts.setdefault(key, []).append((lead_id, normalise_subject(subject), at, is_open))

    # -- one message --------------------------------------------------------------------
    def _duplicate(self, folder: str, uidvalidity: int, f: Fetched, parsed: ParsedMessage | None,
                   of_row: int) -> None:
        place = self.store.messages.location(of_row)
        where = f"{place[0]} UID {place[1]}" if place else "a stored message"
        message = Message(folder, f.uid, uidvalidity, parsed.message_id if parsed else None, MessageRole.DUPLICATE,
                          reason=f"a second delivery of {where}", account_id=self.account.id)
        self.store.messages.add_duplicate(message, of_row, f.size, f.internal_date, self.clock.now(),
                                          parsed.from_addr if parsed else None, parsed.subject if parsed else None)

    def _one(self, folder: str, kind: FolderKind, uidvalidity: int, f: Fetched, parsed: ParsedMessage | None,
             reason: str | None, fingerprint: str, result: IngestResult) -> int:
        message_id = parsed.message_id if parsed else None
        if parsed is None:
            routed = Routed(MessageRole.QUARANTINED, None, reason)
            result.quarantined += 1
            log.warning("quarantined %s uid %s: %s", folder, f.uid, reason)
        elif kind is FolderKind.INBOX:
            routed = self._inbox(parsed, f, result)
        else:
            routed = self._sent(parsed, f, result)
        message = Message(folder, f.uid, uidvalidity, message_id, routed.role, lead_id=routed.lead_id,
                          reason=routed.reason, account_id=self.account.id)
        attachments = [(a.filename, a.content_type, a.size) for a in routed.attachments]
        verdict = self._prepared.get(f.uid, (None, None))[1] if kind is FolderKind.INBOX and parsed else None
        row = self.store.messages.add_captured(
            message, f.raw, fingerprint, parsed, f.size, f.internal_date, self.clock.now(), routed.channel,
            attachments, [(e.weight, e.words) for e in verdict.evidence] if verdict else (),
            verdict.confidence if verdict else None)
        result.stored += 1
        return row

    def _when(self, parsed: ParsedMessage, f: Fetched) -> datetime:
        return f.internal_date or parsed.date or self.clock.now()

    def _lead_of_thread(self, parsed: ParsedMessage) -> int | None:
        return self.store.messages.lead_for_thread(self.account.id, parsed.thread_keys)

    def _same_conversation(self, email: str | None, phone: str | None, subject: str,
                           at: datetime) -> tuple[int, str] | None:
        """For broken threading: the contact's lead of the last 30 days with the same subject, or
        their lead that is still open (the prospect writing again, from the address a form gave)."""
        key = normalise_subject(subject)
        candidates = self._contacts.get(email or "", []) + self._contacts.get(f"tel:{phone}" if phone else "", [])
        recent = [c for c in sorted(candidates, key=lambda c: c[2], reverse=True)
                  if at - CONVERSATION_WINDOW <= c[2] <= at + CONVERSATION_WINDOW]
        for lead_id, subject_key, _, _ in recent:
            if key and subject_key == key:
                return int(lead_id), "same contact and subject within 30 days"
        for lead_id, _, _, is_open in recent:
            if is_open:
                return int(lead_id), "the same contact's open lead (within 30 days)"
        return None

    def _reply(self, lead_id: int, parsed: ParsedMessage, f: Fetched, result: IngestResult) -> None:
        self.store.leads.record(Event(lead_id, EventKind.REPLIED, self._when(parsed, f), self._person(parsed),
                                      {"message_id": parsed.message_id, "via": "email"}))
        result.replies += 1
        result.touched.add(lead_id)

    def _inbox(self, parsed: ParsedMessage, f: Fetched, result: IngestResult) -> Routed:
        attachments, verdict = self._prepared[f.uid]
        sender = parsed.from_addr or ""
        thread = self._lead_of_thread(parsed)
        if sender in self._team and not verdict.is_lead and not is_own_report(parsed):
            # A colleague's answer copied to the shared inbox is a response, not a lead.
            lead_id = thread or self.store.leads.latest_open_for_contact(parsed.to_addrs)
            if lead_id is not None:
                self._reply(lead_id, parsed, f, result)
                return Routed(MessageRole.OUTBOUND_REPLY, lead_id, "a team member's reply", attachments)
        hard = verdict.decision is Decision.NOT_A_LEAD and verdict.score <= -10
        if verdict.decision is Decision.NOT_A_LEAD and (hard or thread is None):
            result.not_leads += 1  # (team mail answering a lead returned just above)
            return Routed(MessageRole.NOT_A_LEAD, None, verdict.reason, attachments)
        when = self._when(parsed, f)
        same = None if thread is not None or verdict.decision is Decision.NOT_A_LEAD else \
            self._same_conversation(verdict.contact_email, verdict.contact_phone, parsed.subject, when)
        lead_id = thread if thread is not None else (same[0] if same else None)
        if lead_id is not None:
            self.store.leads.record(Event(lead_id, EventKind.INBOUND, when, None,
                                          {"message_id": parsed.message_id}))
            result.joined += 1
            result.touched.add(lead_id)
            reason = "in the conversation's thread" if thread is not None else same[1] if same else ""
            return Routed(MessageRole.INBOUND_REPLY, lead_id, reason, attachments)
        if verdict.decision is Decision.UNDECIDED:
            result.undecided += 1
            return Routed(MessageRole.UNDECIDED, None, verdict.reason, attachments, verdict.channel.value)
        lead_id = self.store.leads.open_lead_id(Event(0, EventKind.RECEIVED, self.clock.now(), None, {
            "received_at": iso(when),
            "contact_name": verdict.contact_name or verdict.contact_email or verdict.contact_phone or "",
            "contact_email": verdict.contact_email,
            "contact_phone": verdict.contact_phone,
            "channel": verdict.channel.value,
            "subject": parsed.subject,
            "message_id": parsed.message_id,
            "why": verdict.reason,
            **verdict.extra,
        }))
        result.new_leads.append(lead_id)
        self._remember(lead_id, verdict.contact_email, verdict.contact_phone, parsed.subject, when)
        return Routed(MessageRole.ENQUIRY, lead_id, verdict.reason, attachments, verdict.channel.value)

    def _sent(self, parsed: ParsedMessage, f: Fetched, result: IngestResult) -> Routed:
        sender = parsed.from_addr or ""
        if sender and sender not in self._team:
            # Whoever sends from the watched sent folder is on the team (LEAKAGE.md).
            self._team.add(sender)
            self.store.accounts.add_team_addresses(self.account.id, {sender})
        lead_id = (self.store.leads.lead_of_draft(parsed.message_id) or self._lead_of_thread(parsed)
                   or self.store.leads.latest_open_for_contact(parsed.to_addrs))
        if lead_id is None:
            result.not_leads += 1
            return Routed(MessageRole.NOT_A_LEAD, None, "sent mail that answers no lead")
        self._reply(lead_id, parsed, f, result)
        return Routed(MessageRole.OUTBOUND_REPLY, lead_id, None)

    def _person(self, parsed: ParsedMessage) -> int | None:
        addr = parsed.from_addr
        if not addr:
            return None
        found = self.store.people.find_by_email(addr)
        if found is not None:
            return found.id
        count = len(self.store.people.all(False))
        name = parsed.from_name or addr.split("@")[0].replace(".", " ").title()
        return self.store.people.add(name, initials(name, addr), colour_for(count), [addr]).id

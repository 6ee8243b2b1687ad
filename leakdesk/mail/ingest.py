"""From fetched mail to leads: each message becomes a lead, joins one, is set
aside as not a lead, or is quarantined with a reason; none is stored twice.

A batch is one transaction together with its folder's new high-water mark,
so a crash repeats at most the unfinished batch, and a repeat is rejected
by location (account, folder, UIDVALIDITY, UID) and by identity
(Message-ID + content fingerprint).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from leakdesk.clock import Clock
from leakdesk.domain import Channel, Event, EventKind, Message, MessageRole
from leakdesk.mail.imap_source import Fetched
from leakdesk.mail.parse import ParsedMessage, UnparseableMessage, parse_message
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from leakdesk.store.rows import iso

log = logging.getLogger(__name__)
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442")


class FolderKind(StrEnum):
    INBOX = "inbox"
    SENT = "sent"


@dataclass
class IngestResult:
    stored: int = 0
    duplicates: int = 0
    quarantined: int = 0
    not_leads: int = 0
    joined: int = 0
    replies: int = 0
    new_leads: list[int] = field(default_factory=list)

    def add(self, other: IngestResult) -> None:
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.quarantined += other.quarantined
        self.not_leads += other.not_leads
        self.joined += other.joined
        self.replies += other.replies
        self.new_leads.extend(other.new_leads)


def _initials(name: str, addr: str) -> str:
    words = [w for w in name.replace(".", " ").split() if w[:1].isalpha()]
    if len(words) >= 2:
        return (words[0][0] + words[-1][0]).upper()
    return (words[0][:2] if words else addr[:2]).upper()


class Ingestor:
    def __init__(self, store: Store, account: Account, clock: Clock) -> None:
        self.store = store
        self.account = account
        self.clock = clock
        self._team = set(account.team_addresses) | {e for p in store.people.all(False) for e in p.emails}

    def ingest_batch(self, folder: str, kind: FolderKind, uidvalidity: int, batch: list[Fetched],
                     highest_uid: int) -> IngestResult:
        result = IngestResult()
        parsed = [self._parse(f) for f in batch]  # outside the transaction: no lock held while parsing
        with self.store.transaction():
            messages = self.store.messages
            here = messages.known_uids(self.account.id, folder, uidvalidity, [f.uid for f in batch])
            seen = messages.known_identities(self.account.id, [p[0].message_id if p[0] else None for p in parsed])
            for f, (message, reason, fingerprint) in zip(batch, parsed, strict=True):
                identity = (message.message_id if message else None) or "", fingerprint
                if f.uid in here or identity in seen:
                    result.duplicates += 1
                    continue
                seen.add(identity)
                self._one(folder, kind, uidvalidity, f, message, reason, fingerprint, result)
            self.store.accounts.save_folder_state(self.account.id, folder, uidvalidity, highest_uid,
                                                  self.clock.now())
        return result

    @staticmethod
    def _parse(f: Fetched) -> tuple[ParsedMessage | None, str | None, str]:
        try:
            parsed = parse_message(f.raw)
        except UnparseableMessage as exc:
            return None, str(exc), hashlib.sha256(f.raw).hexdigest()
        return parsed, None, parsed.fingerprint

    # -- one message --------------------------------------------------------------------
    def _one(self, folder: str, kind: FolderKind, uidvalidity: int, f: Fetched, parsed: ParsedMessage | None,
             reason: str | None, fingerprint: str, result: IngestResult) -> None:
        message_id = parsed.message_id if parsed else None
        if parsed is None:
            role, lead_id = MessageRole.QUARANTINED, None
            result.quarantined += 1
            log.warning("quarantined %s uid %s: %s", folder, f.uid, reason)
        elif kind is FolderKind.INBOX:
            role, lead_id, reason = self._inbox(parsed, f, result)
        else:
            role, lead_id, reason = self._sent(parsed, f, result)
        message = Message(folder, f.uid, uidvalidity, message_id, role, lead_id=lead_id, reason=reason,
                          account_id=self.account.id)
        self.store.messages.add_captured(message, f.raw, fingerprint, parsed, f.size, f.internal_date, self.clock.now())
        result.stored += 1

    def _when(self, parsed: ParsedMessage, f: Fetched) -> datetime:
        return f.internal_date or parsed.date or self.clock.now()

    def _lead_of_thread(self, parsed: ParsedMessage) -> int | None:
        return self.store.messages.lead_for_thread(self.account.id, parsed.thread_keys)

    def _inbox(self, parsed: ParsedMessage, f: Fetched, result: IngestResult) -> tuple[MessageRole, int | None,
                                                                                         str | None]:
        if parsed.from_addr in self._team:
            result.not_leads += 1
            return MessageRole.NOT_A_LEAD, None, "from a team address"
        lead_id = self._lead_of_thread(parsed)
        if lead_id is not None:
            self.store.leads.record(Event(lead_id, EventKind.INBOUND, self._when(parsed, f), None,
                                          {"message_id": parsed.message_id}))
            result.joined += 1
            return MessageRole.INBOUND_REPLY, lead_id, None
        # Until the enquiry parser lands, every other message is an enquiry from its sender.
        lead = self.store.leads.open_lead(Event(0, EventKind.RECEIVED, self.clock.now(), None, {
            "received_at": iso(self._when(parsed, f)),
            "contact_name": parsed.from_name or parsed.from_addr,
            "contact_email": parsed.from_addr,
            "channel": Channel.EMAIL.value,
            "subject": parsed.subject,
            "message_id": parsed.message_id,
        }))
        result.new_leads.append(lead.id)
        return MessageRole.ENQUIRY, lead.id, None

    def _sent(self, parsed: ParsedMessage, f: Fetched, result: IngestResult) -> tuple[MessageRole, int | None,
                                                                                        str | None]:
        sender = parsed.from_addr or ""
        if sender and sender not in self._team:
            # Whoever sends from the watched sent folder is on the team (LEAKAGE.md).
            self._team.add(sender)
            self.store.accounts.add_team_addresses(self.account.id, {sender})
        lead_id = self._lead_of_thread(parsed) or self.store.leads.latest_open_for_contact(parsed.to_addrs)
        if lead_id is None:
            result.not_leads += 1
            return MessageRole.NOT_A_LEAD, None, "sent mail that answers no lead"
        person = self._person(parsed)
        self.store.leads.record(Event(lead_id, EventKind.REPLIED, self._when(parsed, f), person,
                                      {"message_id": parsed.message_id, "via": "email"}))
        result.replies += 1
        return MessageRole.OUTBOUND_REPLY, lead_id, None

    def _person(self, parsed: ParsedMessage) -> int | None:
        addr = parsed.from_addr
        if not addr:
            return None
        found = self.store.people.find_by_email(addr)
        if found is not None:
            return found.id
        count = len(self.store.people.all(False))
        name = parsed.from_name or addr.split("@")[0].replace(".", " ").title()
        return self.store.people.add(name, _initials(name, addr), PALETTE[count % len(PALETTE)], [addr]).id

"""Preparing reply drafts for leads: render, compose, APPEND to Drafts, record it.

What a person then does in their own mail client (review, edit, send) is
the approval. The sent copy comes back through the sent folder and joins
the conversation like any reply; the cadence marks its step done.

``DraftWriter`` keeps one connection per account for a batch ("prepare
today's drafts"), or borrows the watcher's open one (instant
acknowledgement).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType

from leakdesk.clock import Clock
from leakdesk.domain import Event, EventKind, Lead, Message, MessageRole
from leakdesk.domain.templates import Template, clean_line, context_values, render
from leakdesk.errors import NotFoundError
from leakdesk.followup.drafts import Draft, DraftError, compose
from leakdesk.followup.service import FollowUp
from leakdesk.mail.imap_source import ImapSource, Secret
from leakdesk.mail.service import stored_password
from leakdesk.settings import FOLLOWUP_FROM
from leakdesk.store import Store
from leakdesk.store.accounts import Account

log = logging.getLogger(__name__)
INBOUND = (MessageRole.ENQUIRY, MessageRole.INBOUND_REPLY)
DEFAULT_TEMPLATE = "acknowledge"
Thread = list[tuple[Message, datetime | None, str | None]]
READY = "The draft is ready in your mail client's Drafts folder."


def template_named(store: Store, name: str) -> Template:
    try:
        return store.templates.get(name)
    except NotFoundError as exc:
        raise DraftError(str(exc)) from None


def _account_for(store: Store, account_ids: list[int]) -> Account:
    if account_ids:
        return store.accounts.get(account_ids[0])
    accounts = store.accounts.all()
    if not accounts:
        raise DraftError("Drafts go to the Drafts folder of a connected inbox; connect one first "
                         "('leakdesk account add').")
    return accounts[0]


@dataclass
class _Connection:
    source: ImapSource
    folder: str
    owned: bool


@dataclass
class DraftWriter:
    """Prepares drafts over one connection per account (opened on first use)."""

    store: Store
    clock: Clock
    password_for: Callable[[Account], Secret] = stored_password
    borrowed: dict[int, ImapSource] = field(default_factory=dict)  # account id -> an open source not ours to close
    _open: dict[int, _Connection] = field(default_factory=dict)

    def __enter__(self) -> DraftWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        for connection in self._open.values():
            if connection.owned:
                connection.source.close()
        self._open.clear()

    def _connection(self, account: Account) -> _Connection:
        if account.id not in self._open:
            source = self.borrowed.get(account.id)
            owned = source is None
            if source is None:
                source = ImapSource(account, self.password_for(account))
                source.connect()
            try:
                folder = source.find_drafts_folder()
                if folder is None:
                    raise DraftError(f"The mail server {account.host} has no Drafts folder; create one in your "
                                     "mail client, then try again.")
            except Exception:
                if owned:
                    source.close()
                raise
            self._open[account.id] = _Connection(source, folder, owned)
        return self._open[account.id]

    def prepare(self, lead_id: int, template: str | None = None, actor_id: int | None = None) -> Draft:
        """APPEND a reply draft for the lead; ``template`` defaults to its next step's template."""
        lead = self.store.leads.get(lead_id)
        if not lead.contact_email:
            raise DraftError(f"{lead.contact_name or 'This lead'} has no email address; call or message them "
                             "and log the contact instead.")
        chosen = template_named(self.store, template or lead.next_step_template or DEFAULT_TEMPLATE)
        thread = self.store.messages.for_lead(lead_id)
        account = _account_for(self.store, [m.account_id for m, _, _ in thread if m.account_id is not None])
        draft = self._compose(lead, chosen, account, thread)
        connection = self._connection(account)
        now = self.clock.now()
        connection.source.append_draft(connection.folder, draft.raw, now)
        details: dict[str, object] = {"message_id": draft.message_id, "template": chosen.name,
                                      "folder": connection.folder, "to": draft.to, "subject": draft.subject}
        if lead.cadence is not None and lead.next_step_template == chosen.name:
            details.update(cadence=lead.cadence, step=lead.cadence_step)
        self.store.leads.record(Event(lead_id, EventKind.DRAFT_PREPARED, now, actor_id, details))
        log.info("draft %s for lead %s in %s", draft.message_id, lead_id, connection.folder)
        return draft

    def _compose(self, lead: Lead, chosen: Template, account: Account, thread: Thread) -> Draft:
        settings = self.store.settings.load()
        owner = self.store.people.get(lead.owner_id) if lead.owner_id is not None else None
        business = settings.text("business.name")
        from_email, from_name = account.address, business
        if settings[FOLLOWUP_FROM] == "owner" and owner is not None and owner.emails:
            from_email, from_name = owner.emails[0], owner.name
        if not from_email:
            user = clean_line(account.username, 60)
            raise DraftError(
                f"LeakDesk does not know this inbox's own address (its user name is '{user}'), so a draft would "
                "have no From. Tell it with 'leakdesk account address hello@yourbusiness.com' "
                "(or --address when adding the account), or set followup.from to owner.")
        values = context_values(contact_name=lead.contact_name, business_name=business,
                                owner_name=owner.name if owner else None, subject=lead.subject,
                                booking_link=settings.text("followup.booking_link"))
        inbound = [m.message_id for m, _, _ in thread if m.role in INBOUND and m.message_id]
        assert lead.contact_email is not None
        return compose(rendered=render(chosen, values, lead.subject), from_name=from_name, from_email=from_email,
                       to_name=lead.contact_name, to_email=lead.contact_email,
                       reply_to_ids=[m.message_id for m, _, _ in thread if m.message_id],
                       last_inbound_id=inbound[-1] if inbound else None, at=self.clock.now())


def prepare_draft(store: Store, clock: Clock, lead_id: int, template: str | None = None,
                  actor_id: int | None = None,
                  password_for: Callable[[Account], Secret] | None = None) -> Draft:
    """One draft for one lead (the command line's ``draft``, the lead window's button)."""
    with DraftWriter(store, clock, password_for or stored_password) as writer:
        return writer.prepare(lead_id, template, actor_id)


@dataclass(frozen=True)
class BatchProgress:
    """One lead of a batch: done, or the sentence why not."""

    done: int
    total: int
    lead_id: int
    message_id: str | None = None
    problem: str | None = None


def prepare_many(store: Store, clock: Clock, lead_ids: list[int], actor_id: int | None = None,
                 password_for: Callable[[Account], Secret] | None = None) -> Iterator[BatchProgress]:
    """Drafts for these leads' next steps, one connection per account; a lead's own problem
    (no address, no such template) is reported and the batch goes on; a server's stops it."""
    with DraftWriter(store, clock, password_for or stored_password) as writer:
        for i, lead_id in enumerate(lead_ids, 1):
            try:
                draft = writer.prepare(lead_id, None, actor_id)
            except DraftError as exc:
                yield BatchProgress(i, len(lead_ids), lead_id, problem=str(exc))
            else:
                yield BatchProgress(i, len(lead_ids), lead_id, message_id=draft.message_id)


def acknowledge_new_leads(store: Store, clock: Clock, source: ImapSource, lead_ids: list[int]) -> int:
    """The instant acknowledgement (setting followup.instant_ack): a draft for each new live lead with an
    address, over the watcher's own connection. A lead that cannot have one is left to the day's batch."""
    wanted = FollowUp(store, clock).needing_acknowledgement(lead_ids)
    ready = 0
    with DraftWriter(store, clock, borrowed={source.account.id: source}) as writer:
        for lead in wanted:
            try:
                writer.prepare(lead.id, lead.next_step_template or DEFAULT_TEMPLATE)
                ready += 1
            except DraftError as exc:
                log.warning("no instant acknowledgement for lead %s: %s", lead.id, exc)
    return ready

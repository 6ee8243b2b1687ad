"""Preparing a reply draft for a lead: render, compose, APPEND to Drafts, record it.

What a person then does in their own mail client (review, edit, send) is
the approval. The sent copy comes back through the sent folder and joins
the conversation like any reply.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from leakdesk import secrets
from leakdesk.clock import Clock
from leakdesk.domain import Event, EventKind, MessageRole
from leakdesk.followup.drafts import Draft, DraftError, compose
from leakdesk.followup.templates import BY_NAME, DEFAULTS, Template, context_values, render
from leakdesk.mail import service
from leakdesk.mail.imap_source import ImapSource
from leakdesk.store import Store
from leakdesk.store.accounts import Account

log = logging.getLogger(__name__)
INBOUND = (MessageRole.ENQUIRY, MessageRole.INBOUND_REPLY)


def template_named(name: str) -> Template:
    try:
        return BY_NAME[name]
    except KeyError:
        names = ", ".join(t.name for t in DEFAULTS)
        raise DraftError(f"There is no template called '{name}'; the templates are {names}.") from None


def _account_for(store: Store, account_ids: list[int]) -> Account:
    if account_ids:
        return store.accounts.get(account_ids[0])
    accounts = store.accounts.all()
    if not accounts:
        raise DraftError("Drafts go to the Drafts folder of a connected inbox; connect one first "
                         "('leakdesk account add').")
    return accounts[0]


def prepare_draft(store: Store, clock: Clock, lead_id: int, template: str = "acknowledge",
                  actor_id: int | None = None,
                  password_for: Callable[[Account], str] | None = None) -> Draft:
    """APPEND a reply draft for the lead to its account's Drafts folder; returns the draft."""
    lead = store.leads.get(lead_id)
    if not lead.contact_email:
        raise DraftError(f"{lead.contact_name or 'This lead'} has no email address; call or message them and "
                         "log the contact instead.")
    chosen = template_named(template)
    settings = store.settings.load()
    thread = store.messages.for_lead(lead_id)
    account = _account_for(store, [m.account_id for m, _, _ in thread if m.account_id is not None])
    owner = store.people.get(lead.owner_id) if lead.owner_id is not None else None
    business = settings.text("business.name")
    from_email, from_name = account.username, business
    if settings.get("followup.from") == "owner" and owner is not None and owner.emails:
        from_email, from_name = owner.emails[0], owner.name
    values = context_values(contact_name=lead.contact_name, business_name=business,
                            owner_name=owner.name if owner else None, subject=lead.subject,
                            booking_link=settings.text("followup.booking_link"))
    inbound = [m.message_id for m, _, _ in thread if m.role in INBOUND and m.message_id]
    now = clock.now()
    draft = compose(rendered=render(chosen, values, lead.subject), from_name=from_name, from_email=from_email,
                    to_name=lead.contact_name, to_email=lead.contact_email,
                    reply_to_ids=[m.message_id for m, _, _ in thread if m.message_id],
                    last_inbound_id=inbound[-1] if inbound else None, at=now)
    password = (password_for or (lambda a: secrets.get_password(service.password_key(a))))(account)
    with ImapSource(account, password) as source:
        folder = source.find_drafts_folder()
        if folder is None:
            raise DraftError(f"The mail server {account.host} has no Drafts folder; create one in your mail "
                             "client, then try again.")
        source.append_draft(folder, draft.raw, now)
    store.leads.record(Event(lead_id, EventKind.DRAFT_PREPARED, now, actor_id, {
        "message_id": draft.message_id, "template": chosen.name, "folder": folder, "to": draft.to,
        "subject": draft.subject}))
    log.info("draft %s for lead %s in %s", draft.message_id, lead_id, folder)
    return draft

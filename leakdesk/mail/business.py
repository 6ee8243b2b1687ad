"""What reading a business's mail knows of the business, as its store holds it.

Every address of its team and of its inboxes (former members' too: their
mail is still the team's, and an inbox's own address relays its web forms),
its people's names, its rules, its phone region and the corrections it has
learned from. Ingest, a person's correction and the demo read mail with this
one context, so a message marked a lead is read again the way ingest read it.
"""

from __future__ import annotations

from leakdesk.mail.classify import Context
from leakdesk.mail.learned import Example, Learned
from leakdesk.settings import BUSINESS_PHONE_REGION
from leakdesk.store import Store
from leakdesk.team import reading_team


def reading_context(store: Store) -> Context:
    """The context every inbox message of the business is read with."""
    addresses, names = reading_team(store)
    own = {a for account in store.accounts.all() for a in (account.address, *account.team_addresses) if a}
    learned = Learned([Example(label, tokens) for label, tokens in store.reading.examples()])
    return Context(addresses | own, store.rules.load(), store.settings.load()[BUSINESS_PHONE_REGION], learned, names)

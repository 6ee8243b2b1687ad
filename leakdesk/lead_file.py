"""What the lead window shows of one lead, read in one go.

The window reads it on the thread pool and is built from it on the GUI
thread, which never waits on the database: the lead, the team's names, its
conversation as rows, why it was read as a lead, its cadence's length and
the reply templates.
"""

from __future__ import annotations

from dataclasses import dataclass

from leakdesk import timeline
from leakdesk.domain import Lead
from leakdesk.domain.templates import Template
from leakdesk.store import Store
from leakdesk.store.reading import explain


@dataclass(frozen=True)
class LeadFile:
    lead: Lead
    people: dict[int, str]  # every person's name by id, former team members too
    rows: list[timeline.Row]  # the conversation, oldest first
    why: str | None  # the reason its first message was read as it was
    evidence: list[str]  # why the reading took it for a lead, in words, strongest first
    cadence_steps: int  # steps of the lead's cadence (0: none)
    templates: list[Template]


def read_lead_file(store: Store, lead_id: int) -> LeadFile:
    lead = store.leads.get(lead_id)
    everyone = store.people.all(active_only=False)
    people = {p.id: p.name for p in everyone}
    team = {e.lower(): p.name for p in everyone for e in p.emails}
    messages = store.messages.for_lead(lead.id)
    rows = timeline.rows(messages, store.leads.events(lead.id), people, lead.received_at,
                         lead.contact_name or lead.contact_email or "", team)
    enquiry = store.messages.enquiry_of(lead.id)
    steps = len(store.settings.load().get(f"followup.cadence.{lead.cadence}")) if lead.cadence is not None else 0
    return LeadFile(lead, people, rows, next((m.reason for m, _, _ in messages if m.reason), None),
                    explain(store.messages.evidence(enquiry)) if enquiry is not None else [], steps,
                    store.templates.all())

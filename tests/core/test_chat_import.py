"""A WhatsApp chat export into a lead (issue 20): the customer's messages are its conversation, the business's
answers its WhatsApp contacts, and a longer export later adds only what is new."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from leakdesk import timeline
from leakdesk.capture.chat_import import import_chat
from leakdesk.clock import FakeClock
from leakdesk.domain import Channel, EventKind
from leakdesk.errors import LeakDeskError
from leakdesk.store import Store
from leakdesk.whatsapp import read_export

CHATS = Path(__file__).resolve().parent.parent / "fixtures" / "whatsapp"


@pytest.mark.parametrize("name", sorted(p.name for p in CHATS.iterdir()))
def test_every_export_becomes_one_whatsapp_lead_with_its_conversation(store: Store, clock: FakeClock,
                                                                       name: str) -> None:
    store.settings.set_many({"business.timezone": "Europe/London", "business.phone_region": "GB"})
    data = (CHATS / name).read_bytes()
    lines = [line for line in read_export(data, name) if not line.system and line.author]
    done = import_chat(store, clock, data, name)
    assert done.new_lead and done.added == len(lines) and done.already == 0
    lead = store.leads.get(done.lead_id)
    assert lead.channel is Channel.WHATSAPP
    theirs = [line for line in lines if line.author == done.contact]
    ours = [line for line in lines if line.author != done.contact]
    local = ZoneInfo("Europe/London")
    assert lead.received_at.astimezone(local).replace(tzinfo=None) == theirs[0].at  # the phone's time, local
    if ours:                                                               # the first answer is the first response
        first_answer = min(line.at for line in ours if line.at >= theirs[0].at)
        assert lead.first_response_at is not None
        assert lead.first_response_at.astimezone(local).replace(tzinfo=None) == first_answer
    events = store.leads.events(lead.id)
    assert sum(e.kind is EventKind.INBOUND for e in events) == len(theirs) - 1
    assert sum(e.kind is EventKind.CONTACT_LOGGED for e in events) == len(ours)
    rows = timeline.rows([], events, {}, lead.received_at, lead.contact_name)
    assert next(r.text for r in rows if r.title == "WhatsApp" and r.author == lead.contact_name) == theirs[0].text


def test_a_longer_export_of_the_same_chat_adds_only_what_is_new(store: Store, clock: FakeClock) -> None:
    name = "WhatsApp Chat with Tom Baker.txt"
    full = (CHATS / name).read_bytes()
    head = b"\n".join(full.split(b"\n")[:5]) + b"\n"                      # an earlier, shorter export
    first = import_chat(store, clock, head, name)
    again = import_chat(store, clock, full, name)
    assert again.lead_id == first.lead_id and not again.new_lead
    assert again.already == first.added and again.added > 0
    third = import_chat(store, clock, full, name)
    assert (third.added, third.already) == (0, first.added + again.added)
    assert store.leads.count() == 1


def test_what_is_not_a_chat_is_one_sentence(store: Store, clock: FakeClock) -> None:
    with pytest.raises(LeakDeskError):
        import_chat(store, clock, b"%PDF-1.7 not a chat", "quote.pdf")


def test_the_command_line_imports_a_chat_and_says_what_it_added(tmp_path: Path) -> None:
    from tests.support.command import leakdesk

    chat = CHATS / "WhatsApp Chat with Dan Cole.zip"
    code, _, said = leakdesk(tmp_path / "data", "import", "whatsapp", str(chat))
    assert code == 0, said
    assert said.startswith("New lead 1 (Dan Cole):") and "already there" in said
    code, _, said = leakdesk(tmp_path / "data", "import", "whatsapp", str(chat))
    assert code == 0 and ": 0 messages added" in said

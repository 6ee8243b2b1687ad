"""The lead window and the weekly review hold their layout from 1024×700 to 1920×1080: no widget overlaps a
sibling, no text is cut, nothing scrolls sideways, and each fits a small laptop's screen (the checks are in
tests/ui/layout_checks.py, for any window; the cards' painted parts are checked in test_card_layout.py)."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.exceptions import TimeoutError as WaitTimeout
from pytestqt.qtbot import QtBot

from leakdesk.actions import LeadActions, NewLead
from leakdesk.board import BoardColumn
from leakdesk.capture.ingest import FolderKind, Ingestor
from leakdesk.clock import FakeClock
from leakdesk.domain import Channel, ContactKind, Lead, LeakKind
from leakdesk.mail.imap_source import Fetched
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.support.lead_window import opened_lead
from tests.ui.layout_checks import layout_problems
from ui.dialogs.lead_dialog import LeadDialog
from ui.main_window import MainWindow

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "mail"
LINK = "https://brightsidephysio.co.uk/prices/sports-massage/six-session-course-with-insurance-direct-billing"


def settled(qtbot: QtBot, widget: QWidget) -> list[str]:
    """What is wrong with ``widget``'s layout once it has settled: a resize lays a window out in posted
    events (and a lead window's wrapped labels ask for their height after it), so wait for it to hold."""
    with contextlib.suppress(WaitTimeout):
        qtbot.waitUntil(lambda: not layout_problems(widget), timeout=1000)
    return layout_problems(widget)


def wordy_lead(store: Store, clock: FakeClock) -> Lead:
    """A lead typed in with everything long: a name, an address, a next step, a handoff note with a link,
    a logged call and a note that is one unbroken link."""
    first, second = store.people.all()[:2]
    actions = LeadActions(store, clock)
    lead = actions.add_lead(NewLead(
        Channel.PHONE, "Maximiliana Alexandrova-Featherstonehaugh de la Cruz y Montenegro", "+44 7700 900461",
        "maximiliana.alexandrova-featherstonehaugh@a-long-company-domain.co.uk",
        "A course of six sports massage sessions before her half-marathon in the spring, Saturday mornings if "
        "possible, and whether the clinic bills Bupa, AXA, Vitality or Aviva directly.",
        clock.now() - timedelta(hours=30), first.id))
    actions.set_next_step(lead.id, first.id, "Call her back about the Saturday slot and the insurance: she wants to "
                          "know whether Bupa covers six sessions and whether we can bill them directly",
                          clock.now() - timedelta(hours=2))
    actions.assign(lead.id, second.id, first.id, f"She called twice; prefers calls after 17:00. Prices: {LINK}")
    actions.log_contact(lead.id, second.id, ContactKind.CALL, "Ten minutes on her training plan and the Saturday "
                        "slots; she confirms by Friday once Bupa has answered")
    return actions.add_note(lead.id, second.id, LINK + "/and-the-terms-and-conditions-of-the-course")


def mail_leads(store: Store, clock: FakeClock) -> list[int]:
    """Leads read from real mail through the capture path (a direct enquiry in HTML, a web form, a review
    site, a voicemail, a German page message): their windows say why they are leads."""
    account = store.accounts.add(Account(0, "front@clinic.test", "127.0.0.1", 993, "front@clinic.test"), clock.now())
    files = ["direct_html_with_script.eml", "form_wix.eml", "chan_yelp_raq.eml", "chan_ringcentral_voicemail.eml",
             "chan_facebook_page_message_de.eml"]
    before = {lead.id for lead in store.leads.all()}
    batch = [Fetched(uid, (CORPUS / name).read_bytes(), clock.now(), 100, ()) for uid, name in enumerate(files, 1)]
    Ingestor(store, account, clock).ingest_batch("INBOX", FolderKind.INBOX, 7, batch, len(batch))
    return [lead.id for lead in store.leads.all() if lead.id not in before]


def sample_leads(window: MainWindow, store: Store, clock: FakeClock) -> list[int]:
    """Several kinds of lead: the first of every column (open and closed), those with a handoff note, one
    with every text long, and two read from mail."""
    ids = [entries[0].lead.id for column in BoardColumn if (entries := window.model.entries(column))]
    ids += [e.lead.id for e in window.model.all_entries() if e.lead.handoff_note][:2]
    return [*dict.fromkeys(ids), wordy_lead(store, clock).id, *mail_leads(store, clock)]


def open_lead(qtbot: QtBot, window: MainWindow, lead_id: int) -> LeadDialog:
    dialog = opened_lead(qtbot, window, lead_id)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_lead_windows_hold_their_layout(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                       clock: FakeClock) -> None:
    leads = sample_leads(window, demo_store, clock)
    assert len(leads) >= 12
    seen = {"handoff": 0, "evidence": 0}
    for lead_id in leads:
        dialog = open_lead(qtbot, window, lead_id)
        name = demo_store.leads.get(lead_id).contact_name
        # It opens within a 1024×700 screen (title bar and taskbar aside) and can be made smaller still.
        hint = dialog.minimumSizeHint()
        assert dialog.width() <= 960 and dialog.height() <= 640, f"{name}: opens at {dialog.size()}"
        assert hint.width() <= 960 and hint.height() <= 640, f"{name}: cannot be smaller than {hint}"
        assert settled(qtbot, dialog) == [], f"{name}, as opened"
        for size in ((1, 1), (1024, 700), (1860, 1020)):  # made as small as it goes, a small screen, a big one
            dialog.resize(*size)
            assert settled(qtbot, dialog) == [], f"{name} at {size}: {dialog.size()}"
        assert dialog.width() <= 1860
        dialog.formatted.setChecked(True)  # a message's HTML wraps too (read on the pool: wait for it)
        qtbot.waitUntil(lambda d=dialog: "Loading the message" not in d.view.toPlainText())
        assert settled(qtbot, dialog) == [], f"{name}, formatted"
        seen["handoff"] += dialog.handoff.isVisibleTo(dialog)
        seen["evidence"] += dialog.evidence.isVisibleTo(dialog)
        dialog.close()
    assert seen["handoff"] >= 2 and seen["evidence"] >= 4  # the optional parts were checked too


def test_a_long_next_step_and_a_pasted_link_wrap_instead_of_widening_the_window(
        qtbot: QtBot, window: MainWindow, demo_store: Store, clock: FakeClock) -> None:
    lead = wordy_lead(demo_store, clock)
    dialog = open_lead(qtbot, window, lead.id)
    assert dialog.status.wordWrap() and "Call her back about the Saturday slot" in dialog.status.text()
    assert "Prices: https://" in dialog.handoff.text()
    dialog.resize(1, 1)  # as narrow as it goes: the labels take more lines, the timeline gives up the room
    assert settled(qtbot, dialog) == []
    assert dialog.width() < 700
    for label in dialog.wrapped:
        if label.isVisible():
            assert label.height() >= label.heightForWidth(label.width()), label.objectName()


@pytest.mark.parametrize("size", [(1024, 700), (1366, 768), (1920, 1080)])
def test_the_weekly_review_holds_its_layout(qtbot: QtBot, window: MainWindow, size: tuple[int, int]) -> None:
    with qtbot.waitSignal(window.report_view.loaded, timeout=10_000):
        window.show_report()
    window.resize(*size)
    qtbot.waitUntil(lambda: (window.width(), window.height()) == size, timeout=3000)  # nothing holds it larger
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 700
    assert settled(qtbot, window.report_view) == []
    rescue = window.report_view.rescue
    assert rescue.isVisible() and rescue.viewport().height() >= 5 * rescue.verticalHeader().defaultSectionSize()
    leaks = {rescue.table.index(r, 0).data() for r in range(rescue.table.rowCount())}
    assert leaks and leaks <= {k.label for k in LeakKind} | {"On track"}, leaks  # words, not codes

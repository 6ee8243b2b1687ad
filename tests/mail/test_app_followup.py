"""Follow-up in the app against the real Dovecot: today's drafts from the toolbar, a draft from the
lead window, and the template editor's live preview."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from leakdesk.board import BoardColumn
from leakdesk.clock import FakeClock
from leakdesk.store import Store
from leakdesk.store.accounts import Account
from tests.mail.conftest import mail, sync
from tests.mail.test_drafts import drafts_in, go_live, parsed
from tests.support.dovecot import PASSWORD, Dovecot
from tests.support.lead_window import opened_lead
from ui.app import ui_settings
from ui.dialogs.drafts_preview import DraftsPreview, DueDraft
from ui.main_window import MainWindow


def midday_zone(now: datetime) -> str:
    """A fixed-offset zone where it is about noon now: "due today" holds whenever the test runs."""
    offset = 12 - now.hour if now.hour >= 1 else -11
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"


@pytest.fixture
def shop(imap: Dovecot, mail_store: Store, account: Account, clock: FakeClock) -> Store:
    mail_store.settings.set_many({"business.timezone": midday_zone(clock.now()),
                                  "business.hours": "mon-sun 00:00-24:00", "business.name": "Brightside Physio"})
    with imap.client() as c:
        for who, subject in (("Ann Lee <ann@example.com>", "Knee pain"), ("Bo Chan <bo@example.com>", "Back pain")):
            c.append("INBOX", mail(sender=who, subject=subject))
    go_live(mail_store, account, clock)
    sync(mail_store, account, clock)
    return mail_store


@pytest.fixture
def window(qtbot: QtBot, shop: Store, clock: FakeClock, tmp_path: Path) -> MainWindow:
    w = MainWindow(shop, clock, ui_settings(tmp_path))
    w.notifier.use_desktop = False
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.board_loaded, timeout=5000):
        w.show()
    return w


def test_todays_drafts_are_previewed_then_prepared(qtbot: QtBot, window: MainWindow, imap: Dovecot,
                                                  shop: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    assert window.followup.due_action.text() == "Today's drafts (2)"
    maya = shop.people.add("Maya Patel", "MP", "#0072B2").id
    window.on_settings_saved(["team"])                         # as the team editor's save does
    window.session.set_me(maya)  # the toolbar's batch is the person's at this seat
    previews: list[list[tuple[str, str]]] = []

    def person_at_the_preview(due: list[DueDraft]) -> list[int]:
        dialog = DraftsPreview(due, ZoneInfo("UTC"))
        qtbot.addWidget(dialog)
        previews.append([(dialog.list.topLevelItem(i).text(0), dialog.list.topLevelItem(i).text(1))  # type: ignore[union-attr]
                         for i in range(dialog.list.topLevelItemCount())])
        assert dialog.confirm.text() == "Prepare 2 drafts"
        return dialog.chosen()

    monkeypatch.setattr(window.followup, "ask_drafts", person_at_the_preview)
    window.followup.due_action.trigger()
    qtbot.waitUntil(lambda: "ready in your mail client" in window.statusBar().currentMessage(), timeout=10_000)
    assert sorted(previews[0]) == [("Ann Lee", "Acknowledgement"), ("Bo Chan", "Acknowledgement")]
    prepared = [e for lead in shop.leads.all() for e in shop.leads.events(lead.id) if e.kind.value == "draft_prepared"]
    assert len(prepared) == 2 and {e.actor_id for e in prepared} == {maya}
    assert window.statusBar().currentMessage() == "2 drafts ready in your mail client's Drafts folder."
    drafts = drafts_in(imap)
    assert sorted(parsed(raw)["To"].addresses[0].addr_spec for _, raw in drafts) == ["ann@example.com",
                                                                                     "bo@example.com"]
    assert all(b"\\Draft" in flags for flags, _ in drafts)
    qtbot.waitUntil(lambda: window.followup.due_action.text() == "Today's drafts")  # counted on the pool
    entry = window.model.entries(BoardColumn.UNOWNED)[0]
    assert "✉ draft ready" in window.board.delegate.live_texts(entry, window.model.countdown(entry))[1]
    window.followup.due_action.trigger()                       # nothing left: it says so, and prepares nothing
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "No follow-up drafts are due today.")
    assert len(drafts_in(imap)) == 2


def test_the_lead_window_prepares_a_draft_and_chooses_a_cadence(qtbot: QtBot, window: MainWindow, imap: Dovecot,
                                                                shop: Store) -> None:
    lead = next(x for x in shop.leads.all() if x.contact_name == "Ann Lee")
    dialog = opened_lead(qtbot, window, lead.id)
    assert dialog is not None and "Cadence: Standard follow-up, step 1 of 5" in dialog.status.text()
    first = dialog.draft_menu.actions()[0]
    assert first.text() == "Acknowledgement (the next step)"
    first.trigger()
    qtbot.waitUntil(lambda: "Draft ready in your mail client" in window.statusBar().currentMessage(),
                    timeout=10_000)
    assert "“Re: Knee pain” to ann@example.com" in window.statusBar().currentMessage()
    [(_, raw)] = drafts_in(imap)
    assert b"will call you today" in raw
    qtbot.waitUntil(lambda: window.work.lead_dialog is not None
                    and "draft ready" in window.work.lead_dialog.status.text())
    dialog = window.work.lead_dialog
    assert dialog is not None
    [no_show] = [a for a in dialog.cadence_menu.actions() if a.text() == "Missed appointment"]
    no_show.trigger()
    assert shop.leads.get(lead.id).next_step_template == "no_show"
    assert window.statusBar().currentMessage() == "Ann Lee: missed appointment."


def test_the_template_editor_previews_as_you_type_and_saves(qtbot: QtBot, window: MainWindow, shop: Store,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
    editor = window.followup.edit_templates(None, "follow_up_1")
    qtbot.waitExposed(editor)
    assert editor.title.text() == "First follow-up"
    assert "Hi Ann," in editor.preview.toPlainText() and "Subject: Re: Knee pain" in editor.preview.toPlainText()
    editor.body.setPlainText("Hi {first_name}, <b>still</b> keen? {frist_name}\n\n{signature}")
    text = editor.preview.toPlainText()
    assert "Hi Ann, <b>still</b> keen? {frist_name}" in text          # escaped, not bold; typo left visible
    assert "Brightside Physio" in text
    assert "{frist_name} is not a placeholder" in editor.warning.text()
    assert editor.save_button.isEnabled()
    editor.save_button.click()
    assert shop.templates.get("follow_up_1").body.startswith("Hi {first_name}, <b>still</b>")
    assert editor.list.currentItem().text() == "First follow-up (edited)"
    editor.remove_button.click()                                        # reset to shipped
    assert shop.templates.get("follow_up_1").body.startswith("Hi {first_name},\n\nI wanted to check")
    editor.new_button.click()
    editor.title.setText("")
    editor.save_button.click()
    assert said == ["Give the template a title, e.g. 'Price question'."]
    editor.title.setText("Price question")
    editor.subject.setText("Our prices, {first_name}")
    assert "Subject: Our prices, Ann" in editor.preview.toPlainText()
    editor.save_button.click()
    assert [t.title for t in shop.templates.all()][-1] == "Price question"
    editor.close()
    lead = next(iter(shop.leads.all()))
    opened_lead(qtbot, window, lead.id)
    assert "Price question" in [a.text() for a in window.work.lead_dialog.draft_menu.actions()]


def test_a_template_a_cadence_sends_cannot_be_deleted(qtbot: QtBot, window: MainWindow, shop: Store,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: said.append(text))
    editor = window.followup.edit_templates(None)
    editor.new_button.click()
    name = editor.current.name if editor.current else ""
    shop.settings.set("followup.cadence.standard", f"0 acknowledge, 3 {name}, 10 close")
    assert editor.remove_button.text() == "Delete"
    editor.remove_button.click()
    assert said == ["The standard follow-up cadence sends this template; take it out of followup.cadence.standard "
                    "first."]
    shop.settings.set("followup.cadence.standard", "0 acknowledge, 10 close")
    editor.remove_button.click()
    assert name not in {t.name for t in shop.templates.all()}


def test_the_inbox_password_is_changed_in_settings_only_when_it_works(
        qtbot: QtBot, window: MainWindow, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    dialog = window.menu.open_settings("Inbox")
    [box] = dialog.accounts
    assert box.where.text().startswith("front@clinic.test on 127.0.0.1:") and "sent Sent" in box.where.text()
    box.password.setText("not it")
    box.change.click()
    qtbot.waitUntil(lambda: box.result.text().endswith("The old password is kept."), timeout=10_000)
    assert "refused the user name or password" in box.result.text()
    assert list(memory_keyring.items.values()) == [PASSWORD]
    box.password.setText(PASSWORD)                       # the server's password did not change: it still works
    box.change.click()
    qtbot.waitUntil(lambda: "is saved in the keyring" in box.result.text(), timeout=10_000)
    assert box.password.text() == "" and list(memory_keyring.items.values()) == [PASSWORD]
    dialog.close()


def test_without_an_inbox_todays_drafts_offers_to_connect_one(qtbot: QtBot, demo_store: Store, clock: FakeClock,
                                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No command line for a receptionist: the button says why and offers the setup."""
    window = MainWindow(demo_store, clock, ui_settings(tmp_path))
    qtbot.addWidget(window)
    assert not demo_store.accounts.all()
    asked: list[str] = []
    monkeypatch.setattr(window, "ask", lambda box: asked.append(box.text()) or window.inbox_offer.buttons()[0])
    with qtbot.waitSignal(window.connect_requested, timeout=2000):
        window.followup.due_action.trigger()
    assert asked == ["Drafts go to the Drafts folder of your inbox, and no inbox is connected yet."]
    assert window.inbox_offer.buttons()[0].text() == "Connect your inbox…"
    assert "leakdesk account" not in window.statusBar().currentMessage()

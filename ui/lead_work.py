"""Working leads: claim, assign, reply, log, plan, close, correct, decide Check these.

A controller the window owns, with its dependencies given: each action asks
what it needs (the ``ask_*`` methods, which tests replace), runs the core
action, and says what changed (``changed``: the window updates the board and
the report) and what to tell the person (``said``); a known failure is said
in a box.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from leakdesk.actions import LeadActions, Undo
from leakdesk.board import BoardColumn
from leakdesk.capture.chat_import import import_chat
from leakdesk.clock import Clock
from leakdesk.domain import ContactKind, Lead, LostReason, Outcome, Stage
from leakdesk.domain.cadences import TITLES
from leakdesk.domain.templates import reply_subject
from leakdesk.errors import LeakDeskError
from leakdesk.lead_file import LeadFile, read_lead_file
from leakdesk.lead_offers import LeadAction, LeadRequest, dropped_on, needs_handoff_note
from leakdesk.seats import decisions
from leakdesk.store import Store
from leakdesk.store.database import storage_said
from ui.dialogs.check_these_dialog import CheckTheseDialog
from ui.dialogs.lead_dialog import LeadDialog
from ui.dialogs.new_lead_dialog import NewLeadDialog
from ui.dialogs.set_aside_dialog import SetAsideDialog
from ui.dialogs.work_dialogs import (
    CloseDialog,
    ContactDialog,
    HandoffDialog,
    LogContactDialog,
    NextStepDialog,
    NoteDialog,
)
from ui.followup_controller import FollowUpController
from ui.models.board_model import BoardModel
from ui.stages import Stages
from ui.workers.store_jobs import JobResult, StoreJobs

Done = TypeVar("Done")  # what a person's action gives back


UNDO_SECONDS = 120  # how long after an action Ctrl+Z (or the toast's Undo) takes it back

class LeadWork(QObject):
    changed = Signal(object, str, bool)  # the lead as it is now, what to say, whether to select its card
    said = Signal(str, int)              # a sentence for the status bar, and for how many ms
    undecided = Signal(int)              # messages still waiting in Check these
    undo_offered = Signal(str)           # what the last action was ("" when there is nothing to undo)
    lead_opened = Signal(object)         # the lead window, on screen

    def __init__(self, store: Store, clock: Clock, lead_actions: LeadActions, followup: FollowUpController,
                 model: BoardModel, who: Callable[[], int | None], need_me: Callable[[], int | None],
                 window: QWidget) -> None:
        """``who``: the person at this seat; ``need_me``: the same, asked for when nobody is chosen."""
        super().__init__(window)
        self.store, self.clock, self.lead_actions, self.followup = store, clock, lead_actions, followup
        self.model, self.who, self._need_me, self.window = model, who, need_me, window
        self.lead_dialog: LeadDialog | None = None
        self._in_front: LeadDialog | None = None  # the lead window a newer one replaces once it is on screen
        self.opening = StoreJobs(store.path, "LeakDesk could not open this lead; details are in the log.", self)
        self.opening.loaded.connect(self._show_lead)
        self.opening.failed.connect(lambda text: self.said.emit(text, 8000))
        self.showing = Stages("lead-window", self)  # a lead window built on one turn, shown on the next
        self.last_undo: Undo | None = None  # the last action, for Ctrl+Z and the toast's Undo
        self.undo_at: datetime | None = None
        self.set_aside_dialog: SetAsideDialog | None = None
        self.check_these_dialog: CheckTheseDialog | None = None

    @property
    def me(self) -> int | None:
        return self.who()

    def _attempt(self, title: str, action: Callable[[], Done]) -> Done | None:
        """Run an action a person asked for; a known failure is said in a box, not raised (None)."""
        try:
            with storage_said(self.store.path):  # busy, read-only, full disk: a sentence, not the crash dialog
                return action()
        except LeakDeskError as exc:
            QMessageBox.information(self.window, title, str(exc))
            return None

    def _apply(self, lead: Lead, message: str) -> None:
        self.changed.emit(lead, message, True)

    # -- a lead that never was an email --------------------------------------------------
    def import_whatsapp(self, path: Path) -> None:
        """A WhatsApp "Export chat" file dropped on the window: its messages join (or begin) the lead."""
        try:
            with storage_said(self.store.path):
                done = import_chat(self.store, self.clock, path.read_bytes(), path.name)
        except OSError as exc:
            QMessageBox.information(self.window, "Cannot import the chat", f"LeakDesk cannot read {path.name} "
                                    f"({exc.strerror or exc}).")
            return
        except LeakDeskError as exc:
            QMessageBox.information(self.window, "Cannot import the chat", str(exc))
            return
        lead = self.store.leads.get(done.lead_id)
        what = "New WhatsApp lead" if done.new_lead else "WhatsApp chat"
        self._apply(lead, f"{what}: {done.contact}, {done.added} message{'s' if done.added != 1 else ''} added"
                          f"{f', {done.already} already there' if done.already else ''}.")

    def fill_new_lead(self, dialog: NewLeadDialog) -> bool:
        """The person fills the New lead form and presses Add lead (False: cancelled); tests fill it here."""
        return bool(dialog.exec())

    def new_lead(self) -> None:
        """Ctrl+N: type in a call, a walk-in, a WhatsApp or social message; it joins the board at once. A
        wrong field is said under the form, which stays open to correct."""
        dialog = NewLeadDialog(self.store.people.all(), self.me, self.clock.now(), self.model.policy.calendar.tz,
                               self.window)
        while self.fill_new_lead(dialog):
            try:
                with storage_said(self.store.path):
                    lead = self.lead_actions.add_lead(dialog.value())
            except LeakDeskError as exc:
                dialog.refuse(str(exc))
                continue
            owner = f", owned by {self.store.people.get(lead.owner_id).name}" if lead.owner_id else ""
            self._apply(lead, f"Added {lead.contact_name} ({lead.channel.label.lower()}){owner}.")
            return

    def _undoable(self, lead_id: int, what: str, action: Callable[[], Lead]) -> Callable[[], Lead]:
        """``action`` made undoable: run, it leaves how to take it back as the last undo."""
        def run() -> Lead:
            lead, undo = self.lead_actions.undoable(lead_id, what, action)
            self._offer_undo(undo)
            return lead
        return run

    def _offer_undo(self, undo: Undo | None) -> None:
        self.last_undo = undo
        self.undo_at = self.clock.now() if undo is not None else None
        self.undo_offered.emit(undo.what if undo is not None else "")

    def undo_last(self) -> None:
        """Ctrl+Z, or the toast's Undo: take back the last action, for a short while after it."""
        undo, at = self.last_undo, self.undo_at
        if undo is None or at is None:
            self.said.emit("Nothing to undo.", 4000)
            return
        if (self.clock.now() - at).total_seconds() > UNDO_SECONDS:
            self._offer_undo(None)
            self.said.emit(f"“{undo.what}” was {UNDO_SECONDS // 60} minutes ago or more; change the lead instead.",
                           6000)
            return
        lead = self._attempt("Cannot undo it", lambda: self.lead_actions.undo(undo, self.me))
        self._offer_undo(None)
        if lead is not None:
            self._apply(lead, f"Undone: {undo.what}.")
            if self.lead_dialog is not None and self.lead_dialog.lead.id == lead.id and self.lead_dialog.isVisible():
                self.open_lead(lead.id)

    def claim(self, lead_id: int) -> None:
        me = self._need_me()
        if me is None:
            return
        name = self.store.leads.get(lead_id).contact_name
        lead = self._attempt("Cannot claim", self._undoable(lead_id, f"Claimed {name}",
                                                            lambda: self.lead_actions.claim(lead_id, me)))
        if lead is None:
            return
        self._apply(lead, f"You claimed {lead.contact_name}.")

    # -- a lead up close, and corrections ---------------------------------------------
    def open_lead(self, lead_id: int) -> None:
        """The lead's window: what it shows is read on the pool, then the window is built and shown (one in
        front stays until the new one replaces it; of several asked for quickly, the last one opens)."""
        self.opening.latest("lead", lambda store: read_lead_file(store, lead_id))

    def _show_lead(self, result: JobResult) -> None:
        """The lead read: its window is built on the next turn of the event loop and shown on the one after
        (built, shown and laid out at once, it held the window 20-45 ms; built as the answer arrived, it
        shared a turn with the board's repaint)."""
        assert isinstance(result.value, LeadFile)
        lead_file = result.value
        self.showing.run([lambda: self._build(lead_file), self._on_screen], now=False)

    def _build(self, lead_file: LeadFile) -> None:
        if self.lead_dialog is not None and self.lead_dialog.isVisible():
            self._in_front = self.lead_dialog  # stays until the new one is on screen
        elif self.lead_dialog is not None:
            self.lead_dialog.close()  # built for an earlier request, not on screen yet: this one replaces it
        dialog = LeadDialog(self.store.path, lead_file, self.model.policy, self.clock.now(), self.window)
        dialog.not_a_lead_requested.connect(self.not_a_lead)
        dialog.action_requested.connect(self.on_action)
        self.lead_dialog = dialog

    def _on_screen(self) -> None:
        dialog = self.lead_dialog
        assert dialog is not None  # built on the turn before
        replaced, self._in_front = self._in_front, None
        if replaced is not None:
            replaced.close()
        dialog.show()
        self.lead_opened.emit(dialog)

    # -- questions (dialogs); tests replace these ----------------------------------------
    def ask_log_contact(self, lead: Lead) -> tuple[ContactKind, str] | None:
        dialog = LogContactDialog(self.window)
        return dialog.value() if dialog.exec() else None

    def ask_next_step(self, lead: Lead) -> tuple[str, datetime] | None:
        dialog = NextStepDialog(self.clock.now(), self.model.policy.calendar, lead.next_step, self.window)
        return dialog.value() if dialog.exec() else None

    def ask_close(self, lead: Lead, preset: Outcome | None = None) -> tuple[Outcome, LostReason | None, str,
                                                                            date | None] | None:
        dialog = CloseDialog(self.clock.now().astimezone(self.model.policy.calendar.tz).date(),
                             lead.contact_name or lead.contact_email or lead.contact_phone or "", self.window)
        if preset is not None:
            dialog.choose(preset)
        return dialog.value() if dialog.exec() else None

    def ask_note(self, lead: Lead) -> str | None:
        dialog = NoteDialog(lead.contact_name or "this lead", self.window)
        return dialog.value() if dialog.exec() else None

    def ask_contact(self, lead: Lead) -> tuple[str, str, str] | None:
        dialog = ContactDialog(lead, self.window)
        return dialog.value() if dialog.exec() else None

    def open_mail_client(self, url: QUrl) -> None:
        QDesktopServices.openUrl(url)

    def reply(self, lead: Lead) -> None:
        """The user's own mail client, on a reply to the prospect (LeakDesk sends nothing)."""
        if not lead.contact_email:
            self.said.emit("This lead has no email address; log a call instead (L).", 6000)
            return
        subject = reply_subject(lead.subject)  # cleaned as a draft's is (no line breaks, a sane length)
        self.open_mail_client(QUrl(f"mailto:{lead.contact_email}?subject={quote(subject)}"))

    def ask_handoff(self, lead: Lead, to_name: str) -> tuple[bool, str | None]:
        """(go ahead?, note or None when skipped)."""
        owner = self.model.person(lead.owner_id)
        dialog = HandoffDialog(owner.name if owner else "its owner", to_name, self.window)
        return (True, dialog.value()) if dialog.exec() else (False, None)

    # -- working a lead -----------------------------------------------------------------
    def on_action(self, lead_id: int, name: str) -> None:
        """The one entry point of a person's action on a lead, whichever gesture asked (a key, the card's
        menu, a dropped card, a button in the lead window, a row of the review): a ``LeadAction`` by its
        name, with its value where it takes one ("stage:qualified", read as a ``LeadRequest``)."""
        request = LeadRequest.read(name)
        action, value = request.action, request.value or ""
        if action is LeadAction.CLAIM:
            self.claim(lead_id)
            return
        lead = self.store.leads.get(lead_id)
        who = lead.contact_name or lead.contact_email or "the lead"
        done: Lead | None = None
        if action is LeadAction.LOG:
            answer = self.ask_log_contact(lead)
            if answer is not None:
                done = self._attempt("Cannot log it", self._undoable(lead_id, f"Logged a {answer[0].value} with {who}",
                                      lambda: self.lead_actions.log_contact(lead_id, self.me, *answer)))
                message = f"Logged a {answer[0].value} with {who}."
        elif action is LeadAction.NEXT:
            step = self.ask_next_step(lead)
            if step is not None:
                done = self._attempt("Cannot set it", self._undoable(lead_id, f"Next step for {who}",
                                      lambda: self.lead_actions.set_next_step(lead_id, self.me, *step)))
                message = f"Next step for {who}: {step[0]}."
        elif action is LeadAction.BOOKED:
            done = self._attempt("Cannot book it", self._undoable(lead_id, f"Booked {who}",
                                  lambda: self.lead_actions.close(lead_id, self.me, Outcome.BOOKED)))
            message = f"{who} is booked."
        elif action in (LeadAction.CLOSE, LeadAction.NOT_READY):
            closing = self.ask_close(lead, Outcome.NOT_READY if action is LeadAction.NOT_READY else None)
            if closing is not None:
                done = self._attempt("Cannot close it", self._undoable(
                    lead_id, f"Closed {who} as {closing[0].value.replace('_', ' ')}",
                    lambda: self.lead_actions.close(lead_id, self.me, *closing)))
                message = f"{who}: {closing[0].value.replace('_', ' ')}."
        elif action is LeadAction.REPLY:
            self.reply(lead)
            return
        elif action is LeadAction.NOTE:
            text = self.ask_note(lead)
            if text is not None:
                done = self._attempt("Cannot add it", self._undoable(lead_id, f"Note on {who}",
                                      lambda: self.lead_actions.add_note(lead_id, self.me, text)))
                message = f"Note added to {who}."
        elif action is LeadAction.EDIT:
            contact = self.ask_contact(lead)
            if contact is not None:
                done = self._attempt("Cannot change it", self._undoable(
                    lead_id, f"Contact of {who} edited", lambda: self.lead_actions.edit_contact(lead_id, self.me,
                                                                                                *contact)))
                message = "Contact updated."
        elif action is LeadAction.STAGE:
            stage = Stage(value)
            if stage is lead.stage:
                return
            done = self._attempt("Cannot move it", self._undoable(lead_id, f"{who} to {stage.value}",
                                  lambda: self.lead_actions.set_stage(lead_id, self.me, stage)))
            message = f"{who} is now {stage.value}."
        elif action is LeadAction.REOPEN:
            done = self._attempt("Cannot reopen it", self._undoable(lead_id, f"Reopened {who}",
                                  lambda: self.lead_actions.reopen(lead_id, self.me)))
            message = f"{who} is open again."
        elif action is LeadAction.DRAFT:
            self.followup.prepare_one(lead_id, value, self.me)
            return
        elif action is LeadAction.CADENCE:
            cadence = value
            done = self._attempt("Cannot change it", self._undoable(lead_id, f"{TITLES[cadence]} for {who}",
                                  lambda: self.followup.choose_cadence(lead_id, cadence, self.me)))
            message = f"{who}: {TITLES[cadence].lower()}."
        elif action is LeadAction.TEMPLATES:
            self.followup.edit_templates(lead, lead.next_step_template)
            return
        if done is None:
            return
        self._apply(done, message)
        if self.lead_dialog is not None and self.lead_dialog.lead.id == lead_id and self.lead_dialog.isVisible():
            self.open_lead(lead_id)

    def dropped(self, lead_id: int, column: BoardColumn) -> None:
        """A card dragged onto a column: what the core says that column means."""
        action = dropped_on(column)
        if action is None:
            self.said.emit("A lead cannot go back to unowned; assign it to someone instead.", 6000)
        else:
            self.on_action(lead_id, action)

    def not_a_lead(self, lead_id: int, rule: str | None) -> None:
        lead = self._attempt("Cannot change it",
                             lambda: decisions.not_a_lead(self.store, self.clock, lead_id, self.me, rule))
        if lead is None:
            return
        extra = {"ignore_sender": " Mail from this sender will be set aside.",
                 "ignore_domain": " Mail from this domain will be set aside."}.get(rule or "", "")
        self.changed.emit(lead, f"{lead.contact_name or lead.contact_email} is not a lead.{extra}", False)

    def show_set_aside(self) -> None:
        dialog = SetAsideDialog(self.store, self.window)
        dialog.make_lead_requested.connect(self.make_lead)
        self.set_aside_dialog = dialog
        dialog.show()

    def show_check_these(self) -> None:
        if self.check_these_dialog is None:
            self.check_these_dialog = CheckTheseDialog(self.store, self.window)
            self.check_these_dialog.decided.connect(self.decide_message)
        else:
            self.check_these_dialog.reload()
        self.check_these_dialog.show()
        self.check_these_dialog.raise_()
        self.check_these_dialog.activateWindow()

    def decide_message(self, message_row: int, is_lead: bool) -> None:
        """A person's answer to Check these: a lead, or set aside (and remembered either way)."""
        if is_lead:
            lead = self._attempt("Cannot change it",
                                 lambda: decisions.make_lead(self.store, self.clock, message_row, self.me, None))
            if lead is None:
                return
            self._apply(lead, f"{lead.contact_name or lead.contact_email} is now a lead.")
        else:
            def dismiss() -> bool:
                decisions.dismiss(self.store, self.clock, message_row, self.me)
                return True

            if self._attempt("Cannot change it", dismiss) is None:
                return
            self.said.emit("Set aside. Mail like it will be read that way.", 6000)
        if self.check_these_dialog is not None:
            self.check_these_dialog.done_with(message_row)
        self.undecided.emit(self.store.reading.undecided_count())

    def make_lead(self, message_row: int, rule: str | None) -> None:
        lead = self._attempt("Cannot change it",
                             lambda: decisions.make_lead(self.store, self.clock, message_row, self.me, rule))
        if lead is None:
            return
        self._apply(lead, f"{lead.contact_name or lead.contact_email} is now a lead.")
        if self.set_aside_dialog is not None:
            self.set_aside_dialog.reload()

    def assign(self, lead_id: int, person_id: int) -> None:
        current = self.store.leads.get(lead_id)
        note: str | None = None
        if needs_handoff_note(current, person_id):
            target = self.model.person(person_id)
            go, note = self.ask_handoff(current, target.name if target else "them")
            if not go:
                return
        person = self.model.person(person_id)
        lead = self._attempt("Cannot assign", self._undoable(
            lead_id, f"Assigned {current.contact_name} to {person.name if person else person_id}",
            lambda: self.lead_actions.assign(lead_id, person_id, self.me, note)))
        if lead is None:
            return
        self._apply(lead, f"Assigned {lead.contact_name} to {person.name if person else person_id}.")


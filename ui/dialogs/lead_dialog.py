"""A lead up close: who, which channel, why it is a lead, and its timeline of
messages and events, newest at the bottom; any message readable safely."""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from leakdesk.domain import EventKind, Lead, Stage
from leakdesk.domain.cadences import NAMES, NONE, TITLES
from leakdesk.lead_offers import LABELS, actions_offered
from leakdesk.sla.alerts import plain
from leakdesk.sla.deadlines import ownership_deadline, response_deadline
from leakdesk.sla.policy import SlaPolicy
from leakdesk.store import Store
from leakdesk.store.reading import explain
from ui.views.mail_view import SafeMailView, readable
from ui.workers.store_jobs import JobResult, StoreJobs

MessageRowRole = Qt.ItemDataRole.UserRole + 1
EVENT_WORDS = {
    EventKind.RECEIVED: "Captured", EventKind.CLAIMED: "Claimed", EventKind.ASSIGNED: "Assigned",
    EventKind.HANDED_OFF: "Handed off", EventKind.INBOUND: "Prospect wrote again", EventKind.REPLIED: "Replied",
    EventKind.CONTACT_LOGGED: "Contact logged", EventKind.NEXT_STEP_SET: "Next step set",
    EventKind.NEXT_STEP_DONE: "Next step done", EventKind.STAGE_CHANGED: "Stage changed",
    EventKind.OUTCOME_SET: "Outcome", EventKind.REOPENED: "Reopened", EventKind.NOTE: "Note",
    EventKind.OVERRIDDEN: "Classification corrected", EventKind.CONTACT_EDITED: "Contact edited",
    EventKind.ALERTED: "Alert sent", EventKind.DRAFT_PREPARED: "Draft prepared",
    EventKind.CADENCE_STARTED: "Cadence started", EventKind.CADENCE_STOPPED: "Cadence stopped",
}


class LeadDialog(QDialog):
    not_a_lead_requested = Signal(int, object)  # lead id, rule name or None
    action_requested = Signal(int, str)  # lead id, action name

    def __init__(self, store: Store, lead: Lead, policy: SlaPolicy, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.lead, self.policy = store, lead, policy
        tz: ZoneInfo = policy.calendar.tz
        self.tz = tz
        self.setObjectName("leadDialog")
        # Names and subjects come from mail: one line, cut to what a title bar shows.
        self.setWindowTitle(f"{plain(lead.contact_name or lead.contact_email or '', 60)} — {plain(lead.subject, 90)}")
        self.resize(900, 620)
        people = {p.id: p.name for p in store.people.all(active_only=False)}
        messages = store.messages.for_lead(lead.id)
        why = next((m.reason for m, _, _ in messages if m.reason), None)
        contact = " · ".join(x for x in (lead.contact_email, lead.contact_phone) if x)
        header = QLabel(
            f"<b>{escape(lead.contact_name)}</b> {escape(contact)}<br>Channel: {lead.channel.label}"
            f"{' · why a lead: ' + escape(why) if why else ''}"
            f" · owner: {escape(people.get(lead.owner_id or -1, 'nobody yet'))}", self)
        header.setObjectName("leadHeader")
        header.setTextFormat(Qt.TextFormat.RichText)
        self.handoff = QLabel(f"<b>Handoff note:</b> {escape(lead.handoff_note)}" if lead.handoff_note else "", self)
        self.handoff.setObjectName("handoffNote")
        self.handoff.setWordWrap(True)
        self.handoff.setVisible(bool(lead.handoff_note))
        self.handoff.setStyleSheet("background: #fff7e0; padding: 6px; border-radius: 4px;")
        step = (f"Next step: {escape(lead.next_step)} (due {self._when(lead.next_step_due)})"
                if lead.next_step else "No next step yet")
        state = f"Closed: {lead.outcome.value.replace('_', ' ')}" if lead.outcome else f"Stage: {lead.stage.value}"
        clocks = (f"claim by {self._when(ownership_deadline(lead, policy))} · "
                  f"reply by {self._when(response_deadline(lead, policy))}"
                  + (f" (answered {self._when(lead.first_response_at)})" if lead.first_response_at else ""))
        follow = ""
        if lead.cadence is not None:
            total = len(store.settings.load().get(f"followup.cadence.{lead.cadence}"))
            follow = (f"<br>Cadence: {TITLES.get(lead.cadence, lead.cadence)}, step "
                      f"{(lead.cadence_step or 0) + 1} of {total}")
        if lead.draft_ready_at is not None and lead.is_open:
            follow += f"{'' if follow else '<br>'} · ✉ draft ready in your mail client since " \
                      f"{self._when(lead.draft_ready_at)}"
        self.status = QLabel(f"{state} · {step}<br>Clocks: {clocks}{follow}", self)
        self.status.setObjectName("leadStatus")
        enquiry = store.messages.enquiry_of(lead.id)
        lines = explain(store.messages.evidence(enquiry)) if enquiry is not None else []
        self.evidence = QLabel("<b>Why LeakDesk read it as a lead:</b> " + " · ".join(escape(x) for x in lines[:6])
                               if lines else "", self)
        self.evidence.setObjectName("leadEvidence")
        self.evidence.setWordWrap(True)
        self.evidence.setTextFormat(Qt.TextFormat.RichText)
        self.evidence.setVisible(bool(lines))
        self.evidence.setToolTip("\n".join(lines))
        self.timeline = QListWidget(self)
        self.timeline.setObjectName("timeline")
        self.view = SafeMailView(self)
        self._shown = 0  # which selection a loading message belongs to
        self.mail_jobs = StoreJobs(store.path, "LeakDesk could not read this message; details are in the log.",
                                   self)
        self.mail_jobs.loaded.connect(self._mail_loaded)
        self.mail_jobs.failed.connect(self.view.setPlainText)
        self.formatted = QCheckBox("Show formatted (safe: nothing is loaded)", self)
        self.formatted.toggled.connect(self._show_current)
        self.timeline.currentItemChanged.connect(self._show_current)
        self._fill(messages, people)
        not_lead = QPushButton("Not a lead…", self)
        menu = QMenu(not_lead)
        for text, rule in (("Not a lead", None), ("Not a lead, and ignore this sender", "ignore_sender"),
                           ("Not a lead, and ignore the whole domain", "ignore_domain")):
            action = menu.addAction(text)
            action.setData(rule)
            action.triggered.connect(lambda _=False, r=rule: self._not_a_lead(r))
        not_lead.setMenu(menu)
        self.not_lead_button = not_lead
        split = QSplitter(self)
        split.addWidget(self.timeline)
        right = QWidget(split)
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.formatted)
        box.addWidget(self.view, 1)
        split.addWidget(right)
        split.setSizes([330, 570])
        buttons = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        for name in actions_offered(lead):
            button = QPushButton(LABELS[name], self)
            button.clicked.connect(lambda _=False, n=name: self.action_requested.emit(self.lead.id, n))
            buttons.addWidget(button)
            self.action_buttons[name] = button
        if lead.is_open:
            self._follow_up_buttons(buttons)
        self.stage = QComboBox(self)
        self.stage.setObjectName("stage")
        for stage in Stage:
            self.stage.addItem(stage.value.capitalize(), stage.value)
        self.stage.setCurrentIndex(self.stage.findData(lead.stage.value))
        self.stage.setEnabled(lead.is_open)
        self.stage.currentIndexChanged.connect(
            lambda _i: self.action_requested.emit(self.lead.id, f"stage:{self.stage.currentData()}"))
        buttons.addWidget(self.stage)
        buttons.addStretch(1)
        buttons.addWidget(not_lead)
        close = QPushButton("Close", self)
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.handoff)
        layout.addWidget(self.status)
        layout.addWidget(self.evidence)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    def _follow_up_buttons(self, buttons: QHBoxLayout) -> None:
        """Prepare draft ▾ (the next step's template first) and Cadence ▾."""
        lead = self.lead
        templates = self.store.templates.all()
        draft = QPushButton("Prepare draft", self)
        draft.setObjectName("prepareDraft")
        draft.setEnabled(bool(lead.contact_email))
        draft.setToolTip("Put a reply draft in your mail client's Drafts folder, to check and send from there"
                         if lead.contact_email else "This lead has no email address")
        menu = QMenu(draft)
        titles = {t.name: t.title for t in templates}
        if lead.next_step_template in titles:
            menu.addAction(f"{titles[lead.next_step_template]} (the next step)").triggered.connect(
                lambda _=False: self.action_requested.emit(lead.id, f"draft:{lead.next_step_template}"))
            menu.addSeparator()
        for t in templates:
            menu.addAction(t.title).triggered.connect(
                lambda _=False, n=t.name: self.action_requested.emit(lead.id, f"draft:{n}"))
        menu.addSeparator()
        menu.addAction("Edit templates…").triggered.connect(
            lambda _=False: self.action_requested.emit(lead.id, "templates"))
        draft.setMenu(menu)
        self.draft_menu = menu
        cadence = QPushButton("Cadence", self)
        cadence.setObjectName("cadence")
        choices = QMenu(cadence)
        for name in (*NAMES, NONE):
            action = choices.addAction(TITLES[name] if name != NONE else "Stop the cadence")
            action.setCheckable(True)
            action.setChecked(name == (lead.cadence or NONE))
            action.triggered.connect(lambda _=False, n=name: self.action_requested.emit(lead.id, f"cadence:{n}"))
        cadence.setMenu(choices)
        self.cadence_menu = choices
        buttons.addWidget(draft)
        buttons.addWidget(cadence)

    def _when(self, at: datetime | None) -> str:
        return at.astimezone(self.tz).strftime("%a %d %b %H:%M") if at else ""

    def _fill(self, messages: list, people: dict[int, str]) -> None:  # type: ignore[type-arg]
        rows: list[tuple[datetime, str, int | None]] = []
        for message, at, sender in messages:
            label = {"enquiry": "Enquiry", "inbound_reply": "Prospect wrote", "outbound_reply": "Reply sent"}.get(
                message.role.value, message.role.value.replace("_", " ").capitalize())
            rows.append((at or self.lead.received_at, f"✉ {label} — {sender or ''}", message.id))
        for event in self.store.leads.events(self.lead.id):
            if event.kind in (EventKind.RECEIVED, EventKind.INBOUND, EventKind.REPLIED):
                continue  # their messages are listed
            who = people.get(event.actor_id or -1, "")
            d = event.details
            what = {EventKind.DRAFT_PREPARED: d.get("template"), EventKind.CADENCE_STOPPED: d.get("reason"),
                    EventKind.CADENCE_STARTED: TITLES.get(str(d.get("cadence")), d.get("cadence")),
                    EventKind.NEXT_STEP_SET: d.get("action")}.get(event.kind)
            rows.append((event.at, f"• {EVENT_WORDS.get(event.kind, event.kind.value)}"
                                   f"{': ' + str(what) if what else ''}{' by ' + who if who else ''}", None))
        rows.sort(key=lambda r: r[0])
        for at, text, message_row in rows:
            item = QListWidgetItem(f"{self._when(at)}  {text}")
            item.setData(MessageRowRole, message_row)
            self.timeline.addItem(item)
        first_message = next((i for i in range(self.timeline.count())
                              if self.timeline.item(i).data(MessageRowRole) is not None), None)
        if first_message is not None:
            self.timeline.setCurrentRow(first_message)

    def _show_current(self) -> None:
        """The selected message, read on the thread pool: the window never waits on a big one."""
        item = self.timeline.currentItem()
        row = item.data(MessageRowRole) if item else None
        self._shown += 1
        if row is None:
            self.view.setPlainText("")
            return
        self.view.setPlainText("Loading the message…")
        formatted, message_row = self.formatted.isChecked(), int(row)

        def load(store: Store) -> tuple[str, bool] | None:
            raw = store.messages.raw(message_row)
            return None if raw is None else readable(raw, formatted)

        self.mail_jobs.start("mail", self._shown, load)

    def _mail_loaded(self, result: JobResult) -> None:
        if result.generation != self._shown:
            return  # another message was chosen meanwhile
        if result.value is None:
            self.view.setPlainText("(the text of this message is not stored)")
        else:
            assert isinstance(result.value, tuple)
            self.view.show_readable(result.value)

    def done(self, code: int) -> None:
        self.mail_jobs.blockSignals(True)  # a message still loading finishes into nothing
        super().done(code)

    def _not_a_lead(self, rule: str | None) -> None:
        self.not_a_lead_requested.emit(self.lead.id, rule)
        self.accept()

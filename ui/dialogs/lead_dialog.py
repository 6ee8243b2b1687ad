"""A lead up close: who, which channel, why it is a lead, and its timeline of
messages and events, newest at the bottom; any message readable safely."""

from __future__ import annotations

import re
from datetime import datetime
from html import escape
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
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

from leakdesk import timeline
from leakdesk.domain import Lead, Stage
from leakdesk.domain.cadences import NAMES, NONE, TITLES
from leakdesk.lead_file import LeadFile
from leakdesk.lead_offers import KEYS, LABELS, LeadAction, actions_offered
from leakdesk.mail.readable import stored_readable
from leakdesk.sla.alerts import plain
from leakdesk.sla.deadlines import ownership_deadline, response_deadline
from leakdesk.sla.leaks import leak_kinds
from leakdesk.sla.policy import SlaPolicy
from leakdesk.timeline import RowKind
from ui.views.mail_view import SafeMailView
from ui.views.wrapped_labels import keep_lines
from ui.workers.store_jobs import JobResult, StoreJobs

MessageRowRole = Qt.ItemDataRole.UserRole + 1
TimelineRowRole = Qt.ItemDataRole.UserRole + 2
_UNBROKEN = re.compile(r"\S{30}")


def breakable(text: str) -> str:
    """``text`` with a zero-width space after every 30 characters that have no space between them: a label
    wraps only where it may break a line, so a pasted link or a run of characters from a mail in one line
    would otherwise hold the window wider than a small laptop's screen."""
    return _UNBROKEN.sub(lambda run: run.group(0) + "\u200b", text)


def _primary(lead: Lead) -> LeadAction:
    """What is usually next: answer a lead nobody has answered, else plan its next step."""
    if not lead.is_open:
        return LeadAction.REOPEN
    if lead.first_response_at is None:
        return LeadAction.REPLY if lead.contact_email else LeadAction.LOG
    return LeadAction.NEXT


class LeadDialog(QDialog):
    not_a_lead_requested = Signal(int, object)  # lead id, rule name or None
    action_requested = Signal(int, str)  # lead id, action name

    def __init__(self, path: Path, file: LeadFile, policy: SlaPolicy, now: datetime,
                 parent: QWidget | None = None) -> None:
        """Built from ``file`` (read on the thread pool: nothing here waits on the database); ``path`` is the
        database the selected message is read from, on the pool too."""
        super().__init__(parent)
        lead = file.lead
        self.file, self.lead, self.policy = file, lead, policy
        tz: ZoneInfo = policy.calendar.tz
        self.tz = tz
        self.setObjectName("leadDialog")
        # Names and subjects come from mail: one line, cut to what a title bar shows.
        self.setWindowTitle(f"{plain(lead.contact_name or lead.contact_email or '', 60)} — {plain(lead.subject, 90)}")
        self.resize(900, 620)
        people, why = file.people, file.why
        header = QLabel(self._header(lead, people, why, now), self)
        # The contact can be selected, copied, called (tel:) and mailed (mailto:) from here.
        header.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        header.setOpenExternalLinks(True)
        header.setWordWrap(True)
        header.setObjectName("leadHeader")
        header.setTextFormat(Qt.TextFormat.RichText)
        self.handoff = QLabel(f"<b>Handoff note:</b> {escape(breakable(lead.handoff_note))}" if lead.handoff_note
                              else "", self)
        self.handoff.setObjectName("handoffNote")
        self.handoff.setWordWrap(True)
        self.handoff.setVisible(bool(lead.handoff_note))
        self.handoff.setStyleSheet("background: #fff7e0; padding: 6px; border-radius: 4px;")
        step = (f"Next step: {escape(breakable(lead.next_step))} (due {self._when(lead.next_step_due)})"
                if lead.next_step else "No next step yet")
        state = f"Closed: {lead.outcome.value.replace('_', ' ')}" if lead.outcome else f"Stage: {lead.stage.value}"
        clocks = self._clocks(lead, now)
        follow = ""
        if lead.cadence is not None:
            follow = (f"<br>Cadence: {TITLES.get(lead.cadence, lead.cadence)}, step "
                      f"{(lead.cadence_step or 0) + 1} of {file.cadence_steps}")
        if lead.draft_ready_at is not None and lead.is_open:
            follow += f"{'' if follow else '<br>'} · ✉ draft ready in your mail client since " \
                      f"{self._when(lead.draft_ready_at)}"
        self.status = QLabel(f"{state} · {step}<br>Clocks: {clocks}{follow}", self)
        self.status.setObjectName("leadStatus")
        self.status.setWordWrap(True)  # a long next step wraps instead of widening the window
        lines = file.evidence
        weighed = " · ".join(escape(breakable(x)) for x in lines[:6])
        self.evidence = QLabel(f"<b>Why LeakDesk read it as a lead:</b> {weighed}" if lines else "", self)
        self.evidence.setObjectName("leadEvidence")
        self.evidence.setWordWrap(True)
        self.evidence.setTextFormat(Qt.TextFormat.RichText)
        self.evidence.setVisible(bool(lines))
        self.evidence.setToolTip("\n".join(lines))
        self.timeline = QListWidget(self)
        self.timeline.setObjectName("timeline")
        self.timeline.setWordWrap(True)  # long rows wrap: no sideways scrolling
        self.timeline.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.timeline.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.show_system = QCheckBox("Show LeakDesk's own steps", self)
        self.show_system.setObjectName("showSystem")
        self.show_system.setToolTip("Alerts, cadences, drafts and corrections: what LeakDesk did by itself")
        self.show_system.toggled.connect(self._fold_system)
        self.view = SafeMailView(self)
        self._shown = 0  # which selection a loading message belongs to
        self.mail_jobs = StoreJobs(path, "LeakDesk could not read this message; details are in the log.",
                                   self)
        self.mail_jobs.loaded.connect(self._mail_loaded)
        self.mail_jobs.failed.connect(self.view.setPlainText)
        self.formatted = QCheckBox("Show formatted (safe: nothing is loaded)", self)
        self.formatted.toggled.connect(self._show_current)
        self.timeline.currentItemChanged.connect(self._show_current)
        self._fill(file.rows)
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
        left = QWidget(split)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.timeline, 1)
        column.addWidget(self.show_system)
        split.addWidget(left)
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
            key = KEYS.get(name)
            if key:  # the board's letters work here too
                QShortcut(QKeySequence(key), self, button.click)
                button.setToolTip(f"{LABELS[name].rstrip('…')} ({key})")
            buttons.addWidget(button)
            self.action_buttons[name] = button
        buttons.addStretch(1)
        tools = QHBoxLayout()  # a second row: the window fits a 1024-pixel screen
        if lead.is_open:
            self._follow_up_buttons(tools)
        self.stage = QComboBox(self)
        self.stage.setObjectName("stage")
        for stage in Stage:
            self.stage.addItem(stage.value.capitalize(), stage.value)
        self.stage.setCurrentIndex(self.stage.findData(lead.stage.value))
        self.stage.setEnabled(lead.is_open)
        self.stage.currentIndexChanged.connect(
            lambda _i: self.action_requested.emit(self.lead.id, f"stage:{self.stage.currentData()}"))
        tools.addWidget(self.stage)
        tools.addStretch(1)
        tools.addWidget(not_lead)
        close = QPushButton("Done", self)
        close.setToolTip("Close this window (Esc); the lead stays as it is")
        close.clicked.connect(self.accept)
        tools.addWidget(close)
        primary = self.action_buttons.get(_primary(lead), close)
        primary.setDefault(True)
        self.primary = primary
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.handoff)
        layout.addWidget(self.status)
        layout.addWidget(self.evidence)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        layout.addLayout(tools)
        self.wrapped = (header, self.handoff, self.status, self.evidence)
        keep_lines(self, self.wrapped)  # made narrow and low, the timeline gives up the room, not the header
        self.primary.setFocus()  # the window opens on what is usually next, never on "Not a lead…"

    def _follow_up_buttons(self, buttons: QHBoxLayout) -> None:
        """Prepare draft ▾ (the next step's template first) and Cadence ▾."""
        lead = self.lead
        templates = self.file.templates
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

    def _header(self, lead: Lead, people: dict[int, str], why: str | None, now: datetime) -> str:
        name = escape(breakable(lead.contact_name) or lead.contact_email or lead.contact_phone or "Unknown")
        links = []
        if lead.contact_email:
            links.append(f'<a href="mailto:{quote(lead.contact_email, safe="@")}">{escape(lead.contact_email)}</a>')
        if lead.contact_phone:
            links.append(f'<a href="tel:{quote(lead.contact_phone, safe="+")}">{escape(lead.contact_phone)}</a>')
        owner = people.get(lead.owner_id or -1)
        leaks = [k.label for k in leak_kinds(lead, self.policy, now)] if lead.is_open else []
        return (f"<b>{name}</b> {' · '.join(links)}<br>Channel: {lead.channel.label}"
                f"{' · why a lead: ' + escape(breakable(why)) if why else ''}"
                f" · owner: {escape(owner) if owner else '<b>nobody yet</b>'}"
                + (f"<br><span style='color:#b42318'><b>Leaking now:</b> {escape(', '.join(leaks))}</span>"
                   if leaks else ""))

    def _clocks(self, lead: Lead, now: datetime) -> str:
        """The clocks that matter, with "overdue" in words when one has run out."""
        parts = []
        if lead.owner_id is None and lead.is_open:
            due = ownership_deadline(lead, self.policy)
            parts.append(f"<b>claim overdue</b> since {self._when(due)}" if due and due < now
                         else f"claim by {self._when(due)}")
        if lead.first_response_at is not None:
            parts.append(f"answered {self._when(lead.first_response_at)}")
        elif lead.is_open:
            due = response_deadline(lead, self.policy)
            parts.append(f"<b>reply overdue</b> since {self._when(due)}" if due and due < now
                         else f"reply by {self._when(due)}")
        if lead.next_step_due is not None and lead.is_open and lead.next_step_due < now:
            parts.append(f"<b>next step overdue</b> since {self._when(lead.next_step_due)}")
        return " · ".join(parts) or "no clock running"

    def _fill(self, rows: list[timeline.Row]) -> None:
        grey = self.palette().color(self.foregroundRole())
        grey.setAlpha(150)
        for row in rows:
            icon = {RowKind.MESSAGE: "✉", RowKind.WORK: "●", RowKind.SYSTEM: "·"}[row.kind]
            line = f"{self._when(row.at)}  {icon} {row.title}{' — ' + row.author if row.author else ''}"
            item = QListWidgetItem(line + (f"\n      {row.snippet}" if row.snippet else ""))
            item.setData(MessageRowRole, row.message_row)
            item.setData(TimelineRowRole, row)
            item.setToolTip(row.text if len(row.text) > len(row.snippet) else "")
            if row.kind is RowKind.SYSTEM:
                item.setForeground(grey)
            self.timeline.addItem(item)
        self._fold_system(self.show_system.isChecked())
        first_message = next((i for i in range(self.timeline.count())
                              if self.timeline.item(i).data(MessageRowRole) is not None), None)
        if first_message is None and self.timeline.count():
            first_message = 0  # no stored mail: the enquiry row as the lead recorded it
        if first_message is not None:
            self.timeline.setCurrentRow(first_message)

    def _fold_system(self, shown: bool) -> None:
        for i in range(self.timeline.count()):
            item = self.timeline.item(i)
            row = item.data(TimelineRowRole)
            item.setHidden(not shown and isinstance(row, timeline.Row) and row.kind is RowKind.SYSTEM)

    def _show_current(self) -> None:
        """The selected message, read on the thread pool: the window never waits on a big one."""
        item = self.timeline.currentItem()
        row = item.data(MessageRowRole) if item else None
        self._shown += 1
        if row is None:  # a call, a note, a handoff: its words, in full
            said = item.data(TimelineRowRole) if item else None
            if isinstance(said, timeline.Row):
                by = f" by {said.author}" if said.author else ""
                self.view.setPlainText(f"{said.title}{by}, {self._when(said.at)}\n\n{said.text}".rstrip())
            else:
                self.view.setPlainText("")
            return
        self.view.setPlainText("Loading the message…")
        formatted, message_row = self.formatted.isChecked(), int(row)

        self.mail_jobs.start("mail", self._shown, lambda store: stored_readable(store, message_row, formatted))

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

"""Follow-up in the app: reply drafts (one lead, or today's batch), cadences, templates.

Drafts go over the network, so they run on the thread pool (``StoreJobs``)
and say what happened in one sentence: "draft ready in your mail client".
Choosing a cadence is a local write and happens at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from leakdesk.clock import Clock
from leakdesk.domain import Lead
from leakdesk.followup.prepare import BatchProgress, prepare_draft, prepare_many
from leakdesk.followup.service import FollowUp, count_drafts_due_today
from leakdesk.settings import BUSINESS_TIMEZONE
from leakdesk.store import Store
from ui.dialogs.drafts_preview import DraftsPreview, DueDraft
from ui.dialogs.template_editor import TemplateEditor
from ui.workers.store_jobs import JobResult, StoreJobs

log = logging.getLogger(__name__)
FAILED = "Preparing the draft failed unexpectedly; the log has the details."


class FollowUpController(QObject):
    message = Signal(str)              # a sentence for the status bar
    failed = Signal(str)               # a sentence worth a box
    leads_changed = Signal(object)     # list of lead ids whose rows changed
    connect_needed = Signal(str)       # why an inbox is needed: the window offers "Connect your inbox…"

    def __init__(self, store: Store, clock: Clock, parent: QWidget,
                 who: Callable[[], int | None] = lambda: None) -> None:
        """``who``: the person using this seat now (the toolbar's batch of drafts is theirs)."""
        super().__init__(parent)
        self.who = who
        self.store, self.clock, self.window = store, clock, parent
        self.followup = FollowUp(store, clock)
        self.jobs = StoreJobs(store.path, FAILED, self)
        self.jobs.loaded.connect(self._finished)
        self.jobs.failed.connect(self._failed)
        self.preview_jobs = StoreJobs(store.path, "LeakDesk could not list today's drafts; details are in the log.",
                                      self)
        self.preview_jobs.loaded.connect(self._previewed)
        self.preview_jobs.failed.connect(self._failed)
        self.counting = StoreJobs(store.path, "LeakDesk could not count today's drafts; details are in the log.", self)
        self.counting.loaded.connect(self._counted)
        self.counting.failed.connect(self._count_failed)
        self.busy = False
        self._batch_by: int | None = None
        self.editor: TemplateEditor | None = None
        self.due_action = QAction("Today's drafts", parent)
        self.due_action.setObjectName("todaysDrafts")
        self.due_action.setToolTip("Prepare a reply draft for every follow-up due today; they appear in your "
                                   "mail client's Drafts folder for you to check and send")
        self.due_action.triggered.connect(lambda: self.prepare_today(self.who()))
        self.templates_action = QAction("Templates", parent)
        self.templates_action.setToolTip("Edit the reply templates, with a preview")
        self.templates_action.triggered.connect(lambda: self.edit_templates(None))

    # -- what is due ------------------------------------------------------------------
    def update_due(self, count: int | None = None) -> None:
        """The toolbar's count of drafts due today: given by a board load, or counted on the pool."""
        if count is None:
            now = self.clock.now()
            self.counting.start("count", 0, lambda store: count_drafts_due_today(store, now))
            return
        self.due_action.setText(f"Today's drafts ({count})" if count else "Today's drafts")

    def _counted(self, result: JobResult) -> None:
        assert isinstance(result.value, int)
        self.update_due(result.value)

    @staticmethod
    def _count_failed(text: str) -> None:
        log.warning("counting today's drafts: %s", text)  # the count stays as it was; the next tick tries again

    # -- drafts -----------------------------------------------------------------------
    def prepare_today(self, me: int | None) -> bool:
        """Show what today's drafts would be (read on the pool), then prepare the ones the person ticks;
        False when a batch is already running or there is no inbox to put drafts in."""
        if self.busy:
            self.message.emit("Drafts are being prepared already…")
            return False
        if not self._inbox_connected():
            return False
        clock = self.clock

        def due(store: Store) -> list[DueDraft]:
            service = FollowUp(store, clock)
            titles = {t.name: t.title for t in store.templates.all()}
            return [DueDraft(lead.id, lead.contact_name or lead.contact_email or "",
                             titles.get(lead.next_step_template or "", lead.next_step_template or ""),
                             lead.next_step_due or clock.now())
                    for lead in service.due_for_drafts(service.end_of_today())]

        self.busy = True
        self._batch_by = me  # whose batch it is, when the preview is answered
        self.preview_jobs.start("preview", 0, due)
        return True

    def _previewed(self, result: JobResult) -> None:
        self.busy = False
        due: list[DueDraft] = result.value  # type: ignore[assignment]
        if not due:
            self.message.emit("No follow-up drafts are due today.")
            return
        chosen = self.ask_drafts(due)
        if not chosen:
            return
        clock, me = self.clock, self._batch_by
        self.busy = True
        self.message.emit(f"Preparing {len(chosen)} draft{'s' if len(chosen) != 1 else ''}…")
        self.jobs.start("batch", 0, lambda store: list(prepare_many(store, clock, chosen, me)))

    def ask_drafts(self, due: list[DueDraft]) -> list[int] | None:
        """The leads the person ticks in the preview, or None when they cancel."""
        dialog = DraftsPreview(due, self.store.settings.load()[BUSINESS_TIMEZONE], self.window)
        return dialog.chosen() if dialog.exec() else None

    def _inbox_connected(self) -> bool:
        """Drafts go to a connected inbox's Drafts folder: without one, offer to connect it."""
        if self.store.accounts.all():
            return True
        self.connect_needed.emit("Drafts go to the Drafts folder of your inbox, and no inbox is connected yet.")
        return False

    def prepare_one(self, lead_id: int, template: str | None, me: int | None) -> None:
        if not self._inbox_connected():
            return
        clock = self.clock
        self.busy = True
        self.message.emit("Preparing the draft…")
        self.jobs.start("one", lead_id,
                        lambda store: (prepare_draft(store, clock, lead_id, template or None, me).subject,
                                       store.leads.get(lead_id).contact_email))

    def _finished(self, result: JobResult) -> None:
        self.busy = False
        if result.tag == "one":
            assert isinstance(result.value, tuple)
            subject, to = result.value
            self.message.emit(f"Draft ready in your mail client: “{subject}” to {to}. Check it and send it "
                              "from there.")
            self.leads_changed.emit([result.generation])
        else:
            steps: list[BatchProgress] = result.value  # type: ignore[assignment]
            if not steps:
                self.message.emit("No follow-up drafts are due today.")
                return
            ready = [s for s in steps if s.problem is None]
            skipped = [s for s in steps if s.problem is not None]
            text = f"{len(ready)} draft{'s' if len(ready) != 1 else ''} ready in your mail client's Drafts folder."
            if skipped:
                text += f" {len(skipped)} skipped: {skipped[0].problem}"
            self.message.emit(text)
            self.leads_changed.emit([s.lead_id for s in steps])
        self.update_due()

    def _failed(self, message: str) -> None:
        self.busy = False
        self.failed.emit(message)

    # -- cadences and templates -------------------------------------------------------
    def choose_cadence(self, lead_id: int, name: str, me: int | None) -> Lead:
        lead = self.followup.choose(lead_id, name, me)
        self.update_due()
        return lead

    def edit_templates(self, lead: Lead | None, select: str | None = None) -> TemplateEditor:
        if self.editor is not None:
            self.editor.close()
        self.editor = TemplateEditor(self.store, self.clock, lead, self.window)
        if select:
            self.editor.select(select)
        self.editor.show()
        return self.editor

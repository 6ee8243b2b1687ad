"""Opening a lead's window as a person does, and waiting for it: the window reads the lead on the pool
and is shown when it has."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from ui.dialogs.lead_dialog import LeadDialog
from ui.main_window import MainWindow


def opened_lead(qtbot: QtBot, window: MainWindow, lead_id: int) -> LeadDialog:
    """Lead ``lead_id``'s window, on screen."""
    with qtbot.waitSignal(window.work.lead_opened, timeout=10_000) as shown:
        window.work.open_lead(lead_id)
    dialog = shown.args[0]
    assert isinstance(dialog, LeadDialog) and dialog is window.work.lead_dialog and dialog.lead.id == lead_id
    return dialog

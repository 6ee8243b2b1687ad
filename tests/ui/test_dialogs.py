"""The dialogs: every list a person can meet empty says what would be there and how to fill it (the board's
columns and the review's lists say it too: test_top_bar.py, test_report_view.py); every window closes by a
button and by Esc, and fits a small laptop's screen without a cut word or two widgets on top of each other
(the lead window is held to more in test_window_layout.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QWidget
from pytestqt.qtbot import QtBot

from leakdesk.clock import FakeClock
from leakdesk.store import Store
from tests.support.lead_window import opened_lead
from tests.ui.layout_checks import cut_text, overlaps, says, sideways_scrolling
from ui.dialogs.check_these_dialog import CheckTheseDialog
from ui.dialogs.drafts_preview import DraftsPreview
from ui.dialogs.figure_settings import FigureSettingsDialog
from ui.dialogs.load_dialog import LoadDialog
from ui.dialogs.new_lead_dialog import NewLeadDialog
from ui.dialogs.set_aside_dialog import SetAsideDialog
from ui.dialogs.settings_dialog import SettingsDialog
from ui.dialogs.shortcut_sheet import ShortcutSheet
from ui.dialogs.team_editor import TeamEditor
from ui.dialogs.template_editor import TemplateEditor
from ui.dialogs.work_dialogs import (
    CloseDialog,
    ContactDialog,
    HandoffDialog,
    LogContactDialog,
    NextStepDialog,
    NoteDialog,
)
from ui.main_window import MainWindow
from ui.views.mail_view import SafeMailView
from ui.wizard.setup_wizard import SetupWizard

LONDON = ZoneInfo("Europe/London")


def test_an_empty_team_says_whom_to_add(qtbot: QtBot) -> None:
    editor = TeamEditor([])
    qtbot.addWidget(editor)
    editor.resize(600, 300)
    editor.show()
    assert "Nobody on the team yet" in editor.table.empty_text and "Add a person" in editor.table.empty_text
    assert says(qtbot, editor.table)
    editor.add_row(None, "Maya Patel", ("maya@clinic.test",), "#2563eb")
    assert editor.table.rowCount() == 1  # a row is a row: nothing is said over it


def test_settings_without_an_inbox_or_a_team_say_how_to_get_them(qtbot: QtBot, store: Store,
                                                                 clock: FakeClock) -> None:
    dialog = SettingsDialog(store, clock=clock)
    qtbot.addWidget(dialog)
    dialog.show()
    no_inbox = dialog.findChild(QLabel, "noInbox")
    assert no_inbox is not None and no_inbox.isVisible() and "Connect your inbox" in no_inbox.text()
    dialog.show_tab("Team")
    assert says(qtbot, dialog.team.table)
    dialog.show_tab("Seats")
    assert dialog.seats.needs_inbox.isVisible()  # a seat needs the inbox first, and says so


def test_the_wizards_team_page_says_whom_to_add(qtbot: QtBot, store: Store, clock: FakeClock) -> None:
    wizard = SetupWizard(store, clock)
    qtbot.addWidget(wizard)
    page = wizard.team
    page.setParent(None)  # the page on its own: reaching it needs a tested connection (tests/mail)
    qtbot.addWidget(page)
    page.resize(700, 420)
    page.show()
    assert says(qtbot, page.editor.table)


def test_nothing_due_today_says_how_drafts_come(qtbot: QtBot) -> None:
    dialog = DraftsPreview([], LONDON)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "No follow-up draft is due today" in dialog.list.empty_text and says(qtbot, dialog.list)
    assert not dialog.confirm.isEnabled()


def test_team_load_without_a_team_says_where_to_name_one(qtbot: QtBot, demo_store: Store) -> None:
    alone = LoadDialog([], {None: (3, 1, 0)})
    qtbot.addWidget(alone)
    alone.show()
    assert alone.no_team.isVisible() and "Settings… → Team" in alone.no_team.text()
    team = LoadDialog(demo_store.people.all(), {})
    qtbot.addWidget(team)
    team.show()
    assert not team.no_team.isVisible()


def test_an_empty_mail_view_says_what_shows_there(qtbot: QtBot) -> None:
    view = SafeMailView()
    qtbot.addWidget(view)
    assert "The message chosen in the list shows here" in view.placeholderText() and view.toPlainText() == ""


def test_set_aside_and_check_these_say_nothing_is_there(qtbot: QtBot, store: Store) -> None:
    for dialog, name in ((SetAsideDialog(store), "setAsideEmpty"), (CheckTheseDialog(store), "checkTheseEmpty")):
        qtbot.addWidget(dialog)
        dialog.show()
        empty = dialog.findChild(QLabel, name)
        assert empty is not None and empty.isVisible() and empty.text()
        assert dialog.table.model().rowCount() == 0


# -- every window closes by a button and by Esc -------------------------------------------------------
Make = Callable[[QtBot, MainWindow, Store, FakeClock], QDialog]  # the bot: a window that opens later is waited for


def _lead_window(qtbot: QtBot, window: MainWindow, store: Store, clock: FakeClock) -> QDialog:
    return opened_lead(qtbot, window, window.model.all_entries()[0].lead.id)  # read on the pool, then opened


DIALOGS: dict[str, tuple[Make, str]] = {  # how to make it, and the button that closes it
    "lead window": (_lead_window, "Done"),
    "set aside": (lambda _b, w, s, c: SetAsideDialog(s, w), "Close"),
    "check these": (lambda _b, w, s, c: CheckTheseDialog(s, w), "Close"),
    "team load": (lambda _b, w, s, c: LoadDialog(s.people.all(), {}, w), "Close"),
    "today's drafts": (lambda _b, w, s, c: DraftsPreview([], LONDON, w), "Cancel"),
    "templates": (lambda _b, w, s, c: TemplateEditor(s, c, None, w), "Close"),
    "settings": (lambda _b, w, s, c: SettingsDialog(s, w, clock=c), "Cancel"),
    "figures settings": (lambda _b, w, s, c: FigureSettingsDialog(s.settings.load(), w), "Cancel"),
    "shortcut sheet": (lambda _b, w, s, c: ShortcutSheet(w), "Close"),
    "new lead": (lambda _b, w, s, c: NewLeadDialog(s.people.all(), None, c.now(), LONDON, w), "Cancel"),
    "log contact": (lambda _b, w, s, c: LogContactDialog(w), "Cancel"),
    "next step": (lambda _b, w, s, c: NextStepDialog(c.now(), w.model.policy.calendar, None, w), "Cancel"),
    "close the lead": (lambda _b, w, s, c: CloseDialog(date(2026, 11, 17), "Ann Lee", w), "Cancel"),
    "edit contact": (lambda _b, w, s, c: ContactDialog(w.model.all_entries()[0].lead, w), "Cancel"),
    "handoff": (lambda _b, w, s, c: HandoffDialog("Maya", "Tom", w), "Cancel"),
    "note": (lambda _b, w, s, c: NoteDialog("Ann Lee", w), "Cancel"),
    "setup wizard": (lambda _b, w, s, c: SetupWizard(s, c), "Cancel"),
}


def opened(qtbot: QtBot, window: MainWindow, store: Store, clock: FakeClock, name: str) -> QWidget:
    """The dialog ``name`` of DIALOGS, made and shown."""
    dialog = DIALOGS[name][0](qtbot, window, store, clock)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


@pytest.mark.parametrize("name", list(DIALOGS))
def test_every_window_closes_by_a_button_and_by_esc(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                                    clock: FakeClock, name: str) -> None:
    button_text = DIALOGS[name][1]
    by_esc = opened(qtbot, window, demo_store, clock, name)
    target = by_esc.focusWidget() or by_esc  # Esc where the focus is, as a person presses it
    qtbot.keyClick(target, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not by_esc.isVisible(), timeout=2000)
    by_button = opened(qtbot, window, demo_store, clock, name)
    buttons = [b for b in by_button.findChildren(QAbstractButton)
               if b.isVisible() and b.text().replace("&", "") == button_text]
    assert len(buttons) == 1, f"{name}: {[b.text() for b in by_button.findChildren(QAbstractButton)]}"
    buttons[0].click()
    qtbot.waitUntil(lambda: not by_button.isVisible(), timeout=2000)
    assert not isinstance(QApplication.activeModalWidget(), QDialog)


@pytest.mark.parametrize("name", list(DIALOGS))
def test_every_window_fits_a_small_screen_and_holds_its_layout(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                                               clock: FakeClock, name: str) -> None:
    dialog = opened(qtbot, window, demo_store, clock, name)
    hint = dialog.minimumSizeHint()
    assert dialog.width() <= 960 and dialog.height() <= 640, f"{name} opens at {dialog.size()}"
    assert hint.width() <= 960 and hint.height() <= 640, f"{name} cannot be smaller than {hint}"
    qtbot.waitUntil(lambda: not overlaps(dialog) and not cut_text(dialog) and not sideways_scrolling(dialog))
    dialog.resize(1, 1)  # as small as it goes: a table may scroll sideways then, but no word is cut
    qtbot.waitUntil(lambda: not overlaps(dialog) and not cut_text(dialog))


def test_every_settings_tab_holds_its_layout_on_a_small_screen(qtbot: QtBot, demo_store: Store,
                                                               clock: FakeClock) -> None:
    """Each tab of the settings dialog at 960×640: nothing cut, nothing scrolls sideways (a long tick box
    once made the Figures tab scroll)."""
    dialog = SettingsDialog(demo_store, clock=clock)
    qtbot.addWidget(dialog)
    dialog.show()  # at the size it opens at, then at a small laptop's
    qtbot.waitExposed(dialog)
    for size in (dialog.size(), QSize(960, 640)):
        dialog.resize(size)
        for index in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(index)
            qtbot.waitUntil(lambda: not sideways_scrolling(dialog) and not cut_text(dialog), timeout=2000)

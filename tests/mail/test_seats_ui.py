"""Settings > Seats against a real Dovecot: a team started in the tab, a second data folder paired with
the code the first shows, the first listing the second after an exchange, a wrong code and a server
away each said in one sentence, and a seat removed."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from leakdesk.clock import FakeClock
from leakdesk.seats.seat import this_seat
from leakdesk.store import Store
from tests.mail.conftest import mail
from tests.mail.test_seats import ok, paired, seat_folder, sync_all
from tests.support.dovecot import Dovecot
from tests.support.proxy import CuttingProxy
from ui.dialogs.seats_box import NEEDS_INBOX, WHAT_SEATS_ARE, SeatsBox
from ui.dialogs.settings_dialog import SettingsDialog

HEARD = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d:\d\d$")
Opened = Callable[[Path], SettingsDialog]
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def settings_of(qtbot: QtBot, clock: FakeClock) -> Iterator[Opened]:
    """Settings of a data folder, opened on its Seats tab, as the app's menu opens it."""
    stores: list[Store] = []

    def open_settings(data: Path) -> SettingsDialog:
        store = Store.open(data / "leakdesk.sqlite")
        stores.append(store)
        dialog = SettingsDialog(store, clock=clock)
        qtbot.addWidget(dialog)
        dialog.show_tab("Seats")
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    yield open_settings
    for store in stores:
        store.close()


def listed(box: SeatsBox) -> dict[str, str]:
    """The other seats as the table shows them: name (with its mark) → last heard."""
    table = box.table
    return {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())} \
        if not table.isHidden() else {}


def show_code(qtbot: QtBot, box: SeatsBox) -> str:
    qtbot.mouseClick(box.add_button, LEFT)
    qtbot.waitUntil(lambda: box.code.isVisible() or box.status.property("problem") is True, timeout=20000)
    assert box.code.isVisible(), box.status.text()
    return box.code.text()


def join_with(qtbot: QtBot, box: SeatsBox, name: str, code: str) -> None:
    box.name.setText(name)
    qtbot.mouseClick(box.join_button, LEFT)
    assert box.code_row.isVisible() and box.window().focusWidget() is box.code_field
    qtbot.keyClicks(box.code_field, code)
    qtbot.mouseClick(box.pair_button, LEFT)


def test_a_team_started_in_the_tab_pairs_a_second_seat_that_the_first_then_lists(
        imap: Dovecot, tmp_path: Path, qtbot: QtBot, settings_of: Opened) -> None:
    with imap.client() as c:
        c.append("INBOX", mail(sender="Ann Lee <ann@example.com>", subject="Knee pain"))
    front, owner = seat_folder(tmp_path, "front", imap), seat_folder(tmp_path, "owner", imap)
    first = settings_of(front)
    box = first.seats
    assert first.tabs.tabText(first.tabs.currentIndex()) == "Seats"
    assert box.intro.text() == WHAT_SEATS_ARE and box.needs_inbox.isHidden()
    assert box.name.placeholderText() == "Front desk"
    qtbot.mouseClick(box.start_button, LEFT)                  # no name yet: said, nothing done
    assert box.status.text().startswith("Give this seat a name people recognise")
    assert box.status.property("problem") is True
    box.name.setText("Front desk")
    with qtbot.waitSignal(first.seats_changed, timeout=10000):
        qtbot.mouseClick(box.start_button, LEFT)
    assert box.this_seat.text() == "This seat: Front desk"
    assert "the team's first" in box.status.text() and box.status.property("problem") is False
    assert listed(box) == {} and box.nobody.isVisible()

    code = show_code(qtbot, box)
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    assert box.code.textInteractionFlags() & box.code.textInteractionFlags().TextSelectableByMouse
    assert box.code.font().pointSize() >= 20
    assert box.how_to_join.text() == ("On the new computer: Settings > Seats > Join a team, and type this code. "
                                      "It works once, for a day.")

    second = settings_of(owner)
    other = second.seats
    with qtbot.waitSignal(second.seats_changed, timeout=20000):
        join_with(qtbot, other, "Owner laptop", code.lower().replace("-", " "))  # typed as a person would
    assert other.this_seat.text() == "This seat: Owner laptop"
    assert "Paired with Front desk's team as 'Owner laptop'" in other.status.text()

    sync_all(owner, front, owner)                                # the owner's hello, then the front desk's
    box.refresh()
    other.refresh()
    assert set(listed(box)) == {"Owner laptop"} and HEARD.match(listed(box)["Owner laptop"])
    assert set(listed(other)) == {"Front desk"} and HEARD.match(listed(other)["Front desk"])
    assert box.table.isVisible() and not box.nobody.isVisible()

    third = seat_folder(tmp_path, "tablet", imap)                # a code works once
    again = settings_of(third).seats
    join_with(qtbot, again, "Tablet", code)
    qtbot.waitUntil(lambda: again.status.property("problem") is True, timeout=20000)
    assert again.status.text() == ("No seat of this inbox's team is showing that pairing code; check it, or "
                                   "show a new one.")


def test_a_wrong_code_is_said_in_one_sentence_and_the_folder_stays_no_seat(
        imap: Dovecot, tmp_path: Path, qtbot: QtBot, settings_of: Opened) -> None:
    front = seat_folder(tmp_path, "front", imap)
    ok(front, "seat", "init", "Front desk")
    ok(front, "seat", "invite")
    newcomer = seat_folder(tmp_path, "newcomer", imap)
    dialog = settings_of(newcomer)
    box = dialog.seats
    join_with(qtbot, box, "Tablet", "ABC")
    qtbot.waitUntil(lambda: box.status.property("problem") is True, timeout=10000)
    assert box.status.text() == ("A pairing code has ten letters and digits, like K7QMR-2XPDA; check it on the "
                                 "other seat.")
    box.code_field.clear()
    qtbot.keyClicks(box.code_field, "QQQQQ-QQQQQ")
    with qtbot.assertNotEmitted(dialog.seats_changed, wait=0):
        qtbot.keyClick(box.code_field, Qt.Key.Key_Return)          # Enter joins; Settings stays open
        assert box.pair_button.isEnabled() is False                # the UI waits for the server, not with it
        qtbot.waitUntil(lambda: box.pair_button.isEnabled(), timeout=20000)
    assert dialog.isVisible()
    assert box.status.text() == ("No seat of this inbox's team is showing that pairing code; check it, or "
                                 "show a new one.")
    assert "Traceback" not in box.status.text() and box.status.property("problem") is True
    assert box.seat_page.isHidden() and box.name.text() == "Tablet"
    store = Store.open(newcomer / "leakdesk.sqlite")
    try:
        assert this_seat(store) is None
    finally:
        store.close()


def test_the_server_away_is_said_when_adding_a_seat(imap: Dovecot, tmp_path: Path, qtbot: QtBot,
                                                     settings_of: Opened) -> None:
    proxy = CuttingProxy(imap.port, random.Random(7), cuts=0, max_bytes=1)
    away = seat_folder(tmp_path, "away", imap, port=proxy.port)
    ok(away, "seat", "init", "Laptop")
    proxy.close()                                                # the laptop loses the network
    box = settings_of(away).seats
    qtbot.mouseClick(box.add_button, LEFT)
    assert not box.add_button.isEnabled()
    qtbot.waitUntil(lambda: box.status.property("problem") is True, timeout=40000)
    assert box.add_button.isEnabled() and not box.code.isVisible()
    assert box.status.text() == f"Nothing answers at 127.0.0.1:{proxy.port}; check the server name, port and network."


def test_a_seat_removed_in_the_tab_is_marked_here_and_on_the_other_seats(imap: Dovecot, tmp_path: Path, qtbot: QtBot,
                                                                  settings_of: Opened,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    front = seat_folder(tmp_path, "front", imap)
    ok(front, "seat", "init", "Front desk")
    owner = paired(tmp_path, imap, front, "Owner laptop")
    tablet = paired(tmp_path, imap, front, "Tablet")
    sync_all(owner, tablet, front)
    box = settings_of(front).seats
    assert set(listed(box)) == {"Owner laptop", "Tablet"}
    assert not box.remove_button.isEnabled()                     # nothing picked yet
    row = next(r for r in range(box.table.rowCount()) if box.table.item(r, 0).text() == "Tablet")
    box.table.selectRow(row)
    assert box.remove_button.isEnabled()
    asked: list[str] = []
    monkeypatch.setattr(box, "confirm_remove", lambda name: asked.append(name) or False)
    qtbot.mouseClick(box.remove_button, LEFT)                 # "No": nothing changes
    assert asked == ["Tablet"] and set(listed(box)) == {"Owner laptop", "Tablet"}
    monkeypatch.setattr(box, "confirm_remove", lambda name: True)
    qtbot.mouseClick(box.remove_button, LEFT)
    qtbot.waitUntil(lambda: "Tablet (removed)" in listed(box), timeout=10000)
    assert box.status.text() == "Tablet is removed from the team; the other seats hear of it at the next exchange."
    assert not box.remove_button.isEnabled()                     # still picked, and removed already
    sync_all(front, owner, tablet)
    box.refresh()
    assert set(listed(box)) == {"Owner laptop", "Tablet (removed)"}
    assert box.table.item(next(r for r in range(box.table.rowCount())
                               if box.table.item(r, 0).text() == "Tablet (removed)"), 0).toolTip().startswith(
        "Removed from the team")
    for data in (front, owner):
        store = Store.open(data / "leakdesk.sqlite")
        try:
            assert {s.name for s in store.journal.seats() if s.removed} == {"Tablet"}
        finally:
            store.close()


def test_without_a_connected_inbox_the_tab_says_a_seat_needs_it(tmp_path: Path, qtbot: QtBot,
                                                                settings_of: Opened) -> None:
    Store.open(tmp_path / "alone" / "leakdesk.sqlite").close()
    box = settings_of(tmp_path / "alone").seats
    assert box.needs_inbox.isVisible() and box.needs_inbox.text() == NEEDS_INBOX
    assert not box.start_button.isEnabled() and not box.join_button.isEnabled()

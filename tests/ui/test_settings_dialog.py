"""The settings dialog built from the declared settings: saved, validated with a sentence next to the
field, the team edited, and the window following; the appearance setting; the app menu."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory
from pytestqt.qtbot import QtBot

from leakdesk import __version__
from leakdesk.clock import FakeClock
from leakdesk.demo import create_demo
from leakdesk.paths import DATABASE, DEMO_DATABASE
from leakdesk.settings import GROUPS, SETTINGS
from leakdesk.store import Store
from tests.ui.conftest import WindowFactory
from ui.app import crash_box, ui_settings
from ui.app_menu import AppMenu
from ui.main_window import MainWindow
from ui.theme import apply_theme


@pytest.fixture
def demo_store(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    """Demo content in a data folder's real database (a connected business's settings are its own)."""
    s = create_demo(tmp_path / DATABASE, clock)
    yield s
    s.close()


def test_on_demo_data_settings_are_saved_for_the_business(qtbot: QtBot, tmp_path: Path, clock: FakeClock,
                                                           make_window: WindowFactory) -> None:
    demo = create_demo(tmp_path / "folder" / DEMO_DATABASE, clock)
    window = MainWindow(demo, clock, ui_settings(tmp_path))
    qtbot.addWidget(window)
    dialog = window.menu.open_settings()
    assert dialog.note.isVisible() or not dialog.note.isHidden()
    assert "demo data" in dialog.note.text()
    assert dialog.store.path == tmp_path / "folder" / DATABASE  # the business's home, not the demo
    dialog.fields["business.timezone"].set_text("America/Los_Angeles")
    with qtbot.waitSignal(window.menu.message, timeout=5000) as said:
        assert dialog.save()
    assert "Saved for your business" in said.args[0]
    assert str(demo.settings.load().get("business.timezone")) == "Europe/London"  # the demo keeps its own
    home = Store.open(tmp_path / "folder" / DATABASE)
    assert str(home.settings.load().get("business.timezone")) == "America/Los_Angeles"
    home.close()


def test_every_setting_has_a_field_in_its_group_tab(window: MainWindow, qtbot: QtBot) -> None:
    dialog = window.menu.open_settings()
    qtbot.waitExposed(dialog)
    assert set(dialog.fields) == {s.name for s in SETTINGS}
    tabs = [dialog.tabs.tabText(i).replace("&&", "&") for i in range(dialog.tabs.count())]
    assert tabs == [GROUPS[0], "Team", "Seats", *GROUPS[1:]]
    field = dialog.fields["sla.response_minutes"]
    assert field.editor.accessibleName() == "First reply within (minutes)"
    assert field.editor.toolTip() == "Business minutes until the first response is due."
    dialog.close()


def test_a_wrong_value_says_why_next_to_the_field_and_nothing_is_saved(window: MainWindow, demo_store: Store,
                                                                       qtbot: QtBot) -> None:
    dialog = window.menu.open_settings()
    before = demo_store.settings.load().text("sla.response_minutes")
    dialog.fields["business.name"].set_text("Harbour Physio")
    dialog.fields["sla.response_minutes"].set_text("soon")
    assert not dialog.fields["sla.response_minutes"].error.isHidden()
    assert not dialog.save()
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "Hours && SLA"
    assert "sla.response_minutes must be a whole number of minutes above 0, not 'soon'." in dialog.problem.text()
    assert demo_store.settings.load().text("sla.response_minutes") == before
    assert demo_store.settings.load().text("business.name") == "Brightside Physio"
    dialog.close()


def test_saving_changes_settings_the_team_and_the_window(window: MainWindow, demo_store: Store,
                                                         qtbot: QtBot) -> None:
    dialog = window.menu.open_settings()
    dialog.fields["business.name"].set_text("Harbour Physio")
    dialog.fields["sla.response_minutes"].set_text("45")
    dialog.fields["alerts.outside_hours"].check_box.setChecked(True)
    row = dialog.team.add_row(None, "", (), "#009E73")
    dialog.team.set_row(row, "Zoe Hart", "zoe at harbour")
    assert not dialog.save()
    assert dialog.problem.text() == "'zoe' is not an email address; separate addresses with commas."
    dialog.team.set_row(row, "Zoe Hart", "zoe@harbourphysio.co.uk")
    with qtbot.waitSignal(window.board_loaded, timeout=5000):
        assert dialog.save()
    settings = demo_store.settings.load()
    assert (settings.text("business.name"), settings.get("sla.response_minutes")) == ("Harbour Physio", 45)
    assert settings.get("alerts.outside_hours") is True
    assert window.windowTitle() == "LeakDesk — Harbour Physio"
    assert window.model.policy.response_minutes == 45
    zoe = demo_store.people.find_by_email("zoe@harbourphysio.co.uk")
    assert zoe is not None and zoe.initials == "ZH"
    assert window.session.box.findData(zoe.id) > 0 and window.top_bar.person.findData(zoe.id) > 0
    assert window.statusBar().currentMessage() == "Settings saved."


def test_someone_who_left_is_taken_off_the_team_not_deleted(window: MainWindow, demo_store: Store) -> None:
    dialog = window.menu.open_settings()
    table = dialog.team.table
    gone = table.item(0, 0).text()
    table.item(0, 2).setCheckState(table.item(0, 2).checkState().Unchecked)
    assert dialog.save()
    assert gone not in [p.name for p in demo_store.people.all()]
    assert gone in [p.name for p in demo_store.people.all(active_only=False)]
    assert not any(window.session.box.itemText(i).startswith(gone) for i in range(window.session.box.count()))


def test_the_appearance_follows_the_setting(window: MainWindow, qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style = app.style().name()
    themes: list[str] = []
    window.theme_changed.connect(themes.append)
    dialog = window.menu.open_settings()
    dialog.fields["app.theme"].set_text("dark")
    assert dialog.save()
    assert themes == ["dark"]
    try:
        assert apply_theme(app, "dark")
        assert app.palette().color(QPalette.ColorRole.Window).lightness() < 80
        window.board.delegate.set_dark(True)
        assert window.board.delegate.colours.background.lightness() < 80
        assert not apply_theme(app, "light")
        assert app.palette().color(QPalette.ColorRole.Window).lightness() > 180
    finally:  # the next tests get the application as it was
        window.board.delegate.set_dark(False)
        app.setStyle(QStyleFactory.create(style))
        app.setPalette(app.style().standardPalette())
        app.setStyleSheet("")


def test_the_menu_opens_the_log_folder_and_says_the_version(qtbot: QtBot, tmp_path: Path, clock: FakeClock,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    demo = create_demo(tmp_path / DEMO_DATABASE, clock)
    window = MainWindow(demo, clock, ui_settings(tmp_path))
    qtbot.addWidget(window)
    opened: list[QUrl] = []
    monkeypatch.setattr(window.menu, "open_url", opened.append)
    window.menu.actions["log"].trigger()
    window.menu.actions["backups"].trigger()
    assert [Path(u.toLocalFile()).name for u in opened][1] == "backups"
    assert opened[0].isLocalFile()
    assert f"LeakDesk {__version__}" in window.menu.about_text()
    with qtbot.waitSignal(window.connect_requested, timeout=1000):   # on the demo database: connect an inbox
        window.menu.actions["connect"].trigger()
    assert not window.menu.back_up()                              # and the demo is not backed up


def test_the_real_database_is_backed_up_off_the_ui_thread(qtbot: QtBot, window: MainWindow,
                                                          tmp_path: Path) -> None:
    store = Store.open(tmp_path / "leakdesk.sqlite")
    try:
        menu = AppMenu(store, window.clock, window, demo=False)
        assert "connect" not in menu.actions
        with qtbot.waitSignal(menu.message, timeout=5000) as said:
            assert menu.back_up()
        assert said.args[0].startswith("Backed up the database: ")
        [copy] = (tmp_path / "backups").iterdir()
        assert copy.name == f"leakdesk-{window.clock.now():%Y-%m-%d}.sqlite"
        assert not menu.back_up()                                 # once a day
    finally:
        store.close()


def test_the_crash_dialog_names_the_log_file(tmp_path: Path) -> None:
    from leakdesk import logs

    path = logs.configure(tmp_path / "logs")
    try:
        try:
            raise RuntimeError("boom")
        except RuntimeError as exc:
            box = crash_box(type(exc), exc, exc.__traceback__)
        assert "Your data is safe" in box.informativeText() and str(path) in box.informativeText()
        assert "RuntimeError: boom" in box.detailedText()
        assert "RuntimeError: boom" in path.read_text()
    finally:
        logs.unconfigure()


def test_toolbar_icons_are_svg_drawn_sharp_at_every_size(window: MainWindow) -> None:
    icon = window.followup.due_action.icon()
    assert not icon.isNull()
    for size in (16, 32, 48, 96):  # the SVG drawn at the size asked for, when asked: sharp, never scaled up
        image = icon.pixmap(size, size).toImage()
        assert (image.width(), image.height()) == (size, size)
        assert any(image.pixelColor(x, y).alpha() for x in range(size) for y in range(size))  # something drawn
    normal, disabled = (icon.pixmap(24, 24, mode).toImage() for mode in (QIcon.Mode.Normal, QIcon.Mode.Disabled))
    assert normal != disabled  # a disabled action's icon is greyed, as the style does it
    assert not window.menu.button.icon().isNull()
    assert window.session.box.accessibleName() == "Who am I" and window.top_bar.search.accessibleName()


def test_export_everything_runs_off_the_ui_thread_and_says_where(qtbot: QtBot, window: MainWindow,
                                                                 tmp_path: Path) -> None:
    said: list[str] = []
    window.menu.message.connect(said.append)
    window.menu.export_to(tmp_path)
    qtbot.waitUntil(lambda: len(said) == 2, timeout=10_000)
    assert said[0] == "Exporting…" and said[1].startswith("Exported everything to ")
    folder = Path(said[1].removeprefix("Exported everything to "))
    assert folder.parent == tmp_path and (folder / "leads.csv").exists() and (folder / "leakdesk.sqlite").exists()


def test_opening_hours_holidays_and_zone_are_picked_not_typed(qtbot: QtBot) -> None:
    from PySide6.QtCore import QTime

    from leakdesk import settings as settings_mod
    from ui.dialogs.setting_fields import SettingField

    hours = SettingField(settings_mod.setting("business.hours"), "mon-fri 09:00-12:30, 13:30-17:00; sat 10:00-13:00")
    qtbot.addWidget(hours)
    grid = hours.grid
    monday, saturday, sunday = grid.days[0], grid.days[5], grid.days[6]
    assert monday.open.isChecked() and monday.split.isChecked() and saturday.open.isChecked()
    assert not sunday.open.isChecked() and not saturday.split.isChecked()
    sunday.open.setChecked(True)
    sunday.times[0].setTime(QTime(11, 0))
    sunday.times[1].setTime(QTime(0, 0))  # until midnight
    assert hours.text() == "mon-fri 09:00-12:30, 13:30-17:00; sat 10:00-13:00; sun 11:00-24:00" and hours.check()
    sunday.times[1].setTime(QTime(10, 0))  # ends before it starts: the setting's own sentence
    assert not hours.check() and "ends before it starts" in hours.error.text()

    country = SettingField(settings_mod.setting("business.holidays_country"), "GB-SCT")
    qtbot.addWidget(country)
    assert country.text() == "GB-SCT" and "United Kingdom" in country.combo.currentText()
    country.combo.setCurrentIndex(country.combo.findData("US-CA"))
    assert country.text() == "US-CA" and country.check()
    country.combo.setCurrentIndex(0)
    assert country.text() == "" and country.check()  # no public holidays

    zone = SettingField(settings_mod.setting("business.timezone"), "Australia/Sydney")
    qtbot.addWidget(zone)
    completer = zone.combo.completer()
    completer.setCompletionPrefix("york")
    assert completer.currentCompletion() == "America/New_York"  # found by any part of its name

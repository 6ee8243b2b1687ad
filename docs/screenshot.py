"""Take README's screenshots: the demo board on a Tuesday morning, a lead up
close, an alert as the desktop shows it (a real dunst on a private bus), and
the weekly leakage review, the reply-template editor, the settings (and its
Seats tab) and the setup wizard.

Run with ``make screenshot`` (under Xvfb). Uses a fake clock so the pictures
show live clocks whatever day they are taken.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QWidget

from leakdesk.board import BoardColumn
from leakdesk.clock import FakeClock
from leakdesk.demo import create_demo
from leakdesk.store import Store
from ui.app import ui_settings
from ui.dialogs.lead_dialog import LeadDialog
from ui.main_window import MainWindow
from ui.resources import load_style
from ui.wizard.setup_wizard import SetupWizard


def shoot(app: QApplication, widget: QWidget, path: Path, passes: int = 20) -> None:
    """Let ``widget`` lay itself out and paint (``passes`` turns of the event loop), then save it."""
    for _ in range(passes):
        app.processEvents()
    widget.grab().save(str(path))


def demo_window(width: int, height: int) -> tuple[QApplication, Path, MainWindow]:
    """The app on a fresh demo at a Tuesday morning, the first person chosen, its board loaded."""
    app = QApplication(sys.argv[:1])
    app.setStyleSheet(load_style())
    folder = Path(tempfile.mkdtemp())
    clock = FakeClock(datetime(2026, 11, 17, 11, 20, tzinfo=UTC))
    store = create_demo(folder / "demo.sqlite", clock)
    window = MainWindow(store, clock, ui_settings(folder))
    window.resize(width, height)
    window.session.set_me(store.people.all()[0].id)
    loaded: list[bool] = []
    window.board_loaded.connect(lambda: loaded.append(True))
    window.show()
    while not loaded:
        app.processEvents()
    return app, folder, window


def opened_lead(app: QApplication, window: MainWindow, lead_id: int) -> LeadDialog:
    """The lead's window, once it has been read on the pool and opened."""
    window.work.open_lead(lead_id)
    while window.work.lead_dialog is None or window.work.lead_dialog.lead.id != lead_id \
            or not window.work.lead_dialog.isVisible():
        app.processEvents()
    return window.work.lead_dialog


def main(target: Path) -> None:
    import os

    from tests.support.notification_daemon import notification_daemon

    app, folder, window = demo_window(1280, 760)
    clock, store = window.clock, window.store
    window.board.focus_first_card()
    shoot(app, window, target)
    print(f"saved {target}")
    lead = next(e.lead for e in window.model.entries(BoardColumn.IN_CONVERSATION) if e.lead.handoff_note
                is None)
    dialog = opened_lead(app, window, lead.id)
    dialog.move(40, 40)
    shoot(app, dialog, target.with_name("lead.png"))
    dialog.close()
    window.work.show_check_these()
    check = window.work.check_these_dialog
    assert check is not None
    check.resize(1000, 620)
    shoot(app, check, target.with_name("check-these.png"))
    print(f"saved {target.with_name('check-these.png')}")
    check.close()
    with notification_daemon() as env:
        os.environ["DBUS_SESSION_BUS_ADDRESS"] = env["DBUS_SESSION_BUS_ADDRESS"]
        window.notifier.use_desktop = True
        window.check_alerts()
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            app.processEvents()
        screen = app.primaryScreen().grabWindow(0)
        screen.copy(screen.width() - 420, 0, 420, 160).save(str(target.with_name("notification.png")))
    print("saved lead.png and notification.png")
    reviewed: list[bool] = []
    window.report_view.loaded.connect(lambda: reviewed.append(True))
    window.show_report()
    while not reviewed:
        app.processEvents()
    window.report_view.select_week(10)  # last full week
    shoot(app, window, target.with_name("leakage.png"))
    print("saved leakage.png")
    pipelined: list[bool] = []
    window.pipeline_view.loaded.connect(lambda: pipelined.append(True))
    window.show_pipeline()
    while not pipelined:
        app.processEvents()
    shoot(app, window, target.with_name("pipeline.png"))
    print("saved pipeline.png")
    fresh = max((e.lead for e in window.model.all_entries() if e.lead.cadence), key=lambda x: x.received_at)
    editor = window.followup.edit_templates(fresh, "follow_up_1")
    editor.move(30, 30)
    shoot(app, editor, target.with_name("templates.png"))
    editor.close()
    print("saved templates.png")
    settings = window.menu.open_settings("Hours & SLA")
    settings.move(30, 30)
    shoot(app, settings, target.with_name("settings.png"))
    settings.close()
    wizard = SetupWizard(Store.open(folder / "leakdesk.sqlite"), clock)
    wizard.show()
    shoot(app, wizard, target.with_name("setup-start.png"))
    wizard.next()
    page = wizard.account_page
    page.address.setText("hello@brightsidephysio.co.uk")
    page.address.textEdited.emit(page.address.text())
    page.provider.setCurrentIndex(page.provider.findData("gmail"))  # the clinic's mail is Google Workspace
    page.user.setText("hello@brightsidephysio.co.uk")
    page.password.setText("abcd efgh ijkl mnop")
    shoot(app, wizard, target.with_name("setup-inbox.png"))
    sign_in_shots(app, wizard, target)
    wizard.close()
    print("saved settings.png, setup-start.png, setup-inbox.png, setup-signin.png and setup-signin-code.png")
    status_shot(app, window, target)
    seats_shot(app, clock, target)
    new_lead_shot(app, window, target)
    weekly_mail_shot(app, window, target)
    whatsapp_shot(app, window, target)
    sizes(app, window, target.parent / "sizes")
    window.ticker.stop()
    window.close()
    store.close()


def sign_in_shots(app: QApplication, wizard: SetupWizard, target: Path) -> None:
    """The wizard's two sign-in paths for a Microsoft 365 shared mailbox, through the page's own slots
    (the sign-in itself runs in tests/mail/test_oauth_app.py): signed in in the browser as a delegate,
    and Microsoft's device code waiting to be typed on another device."""
    from leakdesk.domain.accounts import SignIn
    from leakdesk.mail.service import Probe, SignedIn
    from leakdesk.signin.apps import app_for
    from leakdesk.signin.grants import Grant

    page = wizard.account_page
    shared, person = "enquiries@brightsidephysio.co.uk", "maya@brightsidephysio.co.uk"
    page.address.setText(shared)
    page.address.textEdited.emit(shared)
    page.provider.setCurrentIndex(page.provider.findData("microsoft"))
    page._waiting(True)
    page._show_code("", "https://microsoft.com/devicelogin", "F7QK-2MRD")
    shoot(app, wizard, target.with_name("setup-signin-code.png"))
    page._waiting(False)
    signed = SignedIn(SignIn.MICROSOFT, app_for(SignIn.MICROSOFT, {}), Grant("a", "r", 3600, person), person)
    page._signed_in((signed, Probe(("INBOX", "Archive", "Deleted Items", "Drafts", "Junk Email", "Sent Items"),
                                   "INBOX", "Sent Items")))
    shoot(app, wizard, target.with_name("setup-signin.png"))


def status_shot(app: QApplication, window: MainWindow, target: Path) -> None:
    """The status bar when Microsoft no longer accepts the sign-in: its sentence and "Sign in again"."""
    from leakdesk.capture.watch import WatchState
    from leakdesk.signin.grants import refusal
    from ui.workers.sync_worker import SyncStatus

    said = str(refusal("Microsoft", "invalid_grant", "AADSTS50173", "enquiries@brightsidephysio.co.uk"))
    window.mail._on_status(SyncStatus(1, WatchState.FAILED, None, (), None, 0, 0, False, None, said, None,
                                      sign_in_needed=True))
    for _ in range(20):
        app.processEvents()
    bar = window.statusBar()
    bar.grab().save(str(target.with_name("signin-again.png")))
    print("saved signin-again.png")


def new_lead_shot(app: QApplication, window: MainWindow, target: Path) -> None:
    """Ctrl+N's form, filled in as the front desk would after a call (the dialog's own widgets)."""
    from datetime import timedelta

    from PySide6.QtCore import QDateTime

    from ui.dialogs.new_lead_dialog import NewLeadDialog

    dialog = NewLeadDialog(window.store.people.all(), window.session.me, window.clock.now(),
                           window.model.policy.calendar.tz, window)
    dialog.name.setText("Marguerite Dubois")
    dialog.phone.setText("07700 900461")
    dialog.asked.setPlainText("Called about a sports massage before her half-marathon, Saturday if possible.")
    called = window.clock.now() - timedelta(minutes=20)
    dialog.when.setDateTime(QDateTime.fromSecsSinceEpoch(int(called.timestamp()), dialog.when.timeZone()))
    dialog.answered.setChecked(True)
    dialog.resize(560, dialog.sizeHint().height())
    dialog.show()
    shoot(app, dialog, target.with_name("new-lead.png"))
    dialog.close()
    print("saved new-lead.png")


CHAT = """16/11/2026, 19:42 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even \
WhatsApp, can read or listen to them. Tap to learn more.
16/11/2026, 19:42 - Grace Okafor: Hi, is this Brightside Physio? I hurt my shoulder at the gym on Saturday
16/11/2026, 19:43 - Grace Okafor: Could I get an appointment this week? Evenings are best for me
16/11/2026, 19:44 - Grace Okafor: <Media omitted>
17/11/2026, 08:51 - Brightside Physio: Hi Grace, sorry to hear that! We have Wednesday 18:00 or Thursday 18:30 \
with Tom.
17/11/2026, 08:52 - Brightside Physio: An initial assessment is 45 minutes, £55.
17/11/2026, 09:05 - Grace Okafor: Thursday 18:30 please, thank you!
"""


def whatsapp_shot(app: QApplication, window: MainWindow, target: Path) -> None:
    """A WhatsApp chat exported from the business's phone and dropped on the window: its lead."""
    from leakdesk.capture.chat_import import import_chat

    done = import_chat(window.store, window.clock, CHAT.encode(), "WhatsApp Chat with Grace Okafor.txt",
                       phone="07700 900461")
    window.reload()
    dialog = opened_lead(app, window, done.lead_id)
    dialog.move(40, 40)
    shoot(app, dialog, target.with_name("whatsapp.png"), passes=30)
    dialog.close()
    print("saved whatsapp.png")


def weekly_mail_shot(app: QApplication, window: MainWindow, target: Path) -> None:
    """The weekly report mail's HTML part as a mail client shows it (Qt's rich text here), with the
    chart drawn by the same renderer that the mail's inline PNG comes from."""
    from dataclasses import replace

    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QImage, QTextDocument
    from PySide6.QtWidgets import QTextBrowser

    from leakdesk.report.mail_body import html_body, subject
    from leakdesk.report.review import review
    from leakdesk.settings import BUSINESS_TIMEZONE
    from ui.report_mail import render_report

    store = window.store
    full = review(store, window.clock.now(), 13)
    shown = replace(full, weeks=full.weeks[:-1])  # the last full week is the one reported
    owners = {p.id: p.name for p in store.people.all(active_only=False)}
    settings = store.settings.load()
    business = settings.text("business.name")
    rendered = render_report(shown, len(shown.weeks) - 1, owners, business)
    browser = QTextBrowser()
    browser.setWindowTitle(subject(shown.weeks[-1]))
    browser.document().addResource(QTextDocument.ResourceType.ImageResource, QUrl("cid:chart@leakdesk.invalid"),
                                   QImage.fromData(rendered.png))
    browser.setHtml(html_body(shown, len(shown.weeks) - 1, owners, business, settings[BUSINESS_TIMEZONE], "monday",
                              "chart@leakdesk.invalid"))
    browser.resize(800, 1000)
    browser.show()
    shoot(app, browser, target.with_name("weekly-mail.png"))
    browser.close()
    print("saved weekly-mail.png")


def seats_shot(app: QApplication, clock: FakeClock, target: Path) -> None:
    """Settings > Seats on the front desk's seat of a fresh data folder: a team started with the real
    functions, two other seats heard from through the journal's own apply, and a pairing code shown. The
    code is the mail server's part, so the tab's own slot shows one here (tests/mail/test_seats_ui.py
    pairs for real); the team key goes to a keyring in memory, never the desktop's."""
    from datetime import timedelta

    import keyring

    from leakdesk.mail import service
    from leakdesk.seats.apply import apply_entries
    from leakdesk.seats.entries import Entry, new_id
    from leakdesk.seats.exchange import hello
    from leakdesk.seats.seat import become
    from leakdesk.settings import BUSINESS_TIMEZONE
    from tests.support.memory_keyring import MemoryKeyring
    from ui.dialogs.settings_dialog import SettingsDialog

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    store = Store.open(Path(tempfile.mkdtemp()) / "leakdesk.sqlite")
    try:
        store.settings.set_many({"business.timezone": "Europe/London", "business.name": "Brightside Physio"})
        service.add_account(store, clock, host="imap.gmail.com", user="hello@brightsidephysio.co.uk",
                            password="abcd efgh ijkl mnop", verify=False)
        hello(store, become(store, "Front desk"))
        now = clock.now()
        heard = [(Entry(new_id(), new_id(), "Owner laptop", "hello"), now - timedelta(minutes=4)),
                 (Entry(new_id(), new_id(), "Treatment room tablet", "hello"), now - timedelta(days=1, hours=3))]
        apply_entries(store, heard, store.settings.load()[BUSINESS_TIMEZONE])
        dialog = SettingsDialog(store, clock=clock)
        dialog.show_tab("Seats")
        dialog.move(30, 30)
        dialog.show()
        dialog.seats._show_code("K7QMR-2XPDA")
        shoot(app, dialog, target.with_name("seats.png"))
        dialog.close()
        print("saved seats.png")
    finally:
        store.close()
        keyring.set_keyring(previous)


def sizes(app: QApplication, window: MainWindow, folder: Path) -> None:
    """The board, a lead window and the weekly review at the screen sizes the app is held to."""
    folder.mkdir(exist_ok=True)
    lead = next(e.lead for e in window.model.entries(BoardColumn.IN_CONVERSATION) if e.lead.handoff_note is None)
    for width, height in ((1024, 700), (1366, 768), (1920, 1080)):
        window.tabs.setCurrentIndex(0)
        window.resize(width, height)
        shoot(app, window, folder / f"board-{width}x{height}.png", passes=30)
        dialog = opened_lead(app, window, lead.id)
        dialog.resize(min(900, width - 60), min(620, height - 60))
        shoot(app, dialog, folder / f"lead-{width}x{height}.png")
        dialog.close()
        window.show_report()
        shoot(app, window, folder / f"review-{width}x{height}.png", passes=30)
    window.tabs.setCurrentIndex(0)
    print(f"saved the board, a lead and the review at three sizes in {folder}")


def scaled(target: Path) -> None:
    """The board at 150% scaling (run with QT_SCALE_FACTOR=1.5 on a 1920×1080 screen: 1280×720 logical)."""
    app, _, window = demo_window(1280, 720)
    shoot(app, window, target)
    print(f"saved {target} at scale {window.devicePixelRatio()}")
    window.ticker.stop()
    window.close()
    window.store.close()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--scaled":
        scaled(Path(sys.argv[2]))
    else:
        main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/board.png"))

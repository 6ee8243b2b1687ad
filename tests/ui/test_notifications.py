"""Alerts reach a real notification daemon; without one, the banner opens the lead."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from leakdesk.board import BoardColumn
from leakdesk.clock import FakeClock
from leakdesk.domain import Event, EventKind
from leakdesk.sla.alerts import Alert, AlertKind
from leakdesk.store import Store
from leakdesk.store.rows import iso
from tests.support.notification_daemon import notification_daemon, received
from ui.main_window import MainWindow


def checked(qtbot: QtBot, window: MainWindow) -> int:
    """One alert check, decided and remembered on the pool: how many alerts it sent."""
    with qtbot.waitSignal(window.alerts.checked, timeout=20_000) as blocker:  # the worker process may start
        assert window.check_alerts()
    return int(blocker.args[0])  # type: ignore[index]


def test_an_alert_reaches_a_real_notification_daemon(qtbot: QtBot, window: MainWindow, demo_store: Store,
                                                     clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> None:
    lead = demo_store.leads.open_lead(Event(0, EventKind.RECEIVED, clock.now(), None, {
        "received_at": iso(clock.now()), "contact_name": "Nadia Fresh", "channel": "web_form",
        "subject": "Knee rehab"}))
    window.model.update_lead(lead)
    with notification_daemon() as env:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", env["DBUS_SESSION_BUS_ADDRESS"])
        window.notifier.use_desktop = True
        assert checked(qtbot, window) >= 1
        qtbot.waitUntil(lambda: any("Nadia Fresh" in body for _, body in received(env)), timeout=5000)
        summaries = [s for s, b in received(env) if "Nadia Fresh" in b]
        # The demo's other fresh arrivals are due at the same moment: one grouped notification.
        assert len(summaries) == 1 and summaries[0].endswith("new enquiries")
    event = next(e for e in demo_store.leads.events(lead.id) if e.kind is EventKind.ALERTED)
    assert event.details == {"key": f"new:{lead.id}", "kind": "new_lead", "via": "desktop"}
    assert checked(qtbot, window) == 0  # sent once


def test_without_a_desktop_service_the_banner_opens_the_lead(qtbot: QtBot, window: MainWindow,
                                                            demo_store: Store) -> None:
    window.notifier.use_desktop = False
    lead_id = window.model.entries(BoardColumn.UNOWNED)[0].lead.id
    alert = Alert(AlertKind.UNOWNED, (lead_id,), (f"unowned:{lead_id}",), "Nobody has claimed a lead", "Test")
    assert window.notifier.send(alert) == "banner"
    assert window.banner.isVisible()
    with qtbot.waitSignal(window.work.lead_opened, timeout=10_000):
        qtbot.mouseClick(window.banner.open_button, Qt.MouseButton.LeftButton)
    assert window.work.lead_dialog is not None and window.work.lead_dialog.lead.id == lead_id
    qtbot.addWidget(window.work.lead_dialog)


HOSTILE = '<a href="http://evil.example/pay">Invoice overdue</a> <b>now</b>' + " pad" * 100


def test_mail_borne_text_reaches_the_notification_service_as_text(qtbot: QtBot, window: MainWindow,
                                                                  demo_store: Store, clock: FakeClock,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(2):  # the demo's fresh arrivals are read first, so this lead's alert goes alone
        checked(qtbot, window)
    lead = demo_store.leads.open_lead(Event(0, EventKind.RECEIVED, clock.now(), None, {
        "received_at": iso(clock.now()), "contact_name": "Mal <i>Lory</i>\nLine two", "channel": "email",
        "subject": HOSTILE}))
    window.model.update_lead(lead)
    with notification_daemon() as env:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", env["DBUS_SESSION_BUS_ADDRESS"])
        window.notifier.use_desktop = True
        assert checked(qtbot, window) >= 1
        qtbot.waitUntil(lambda: any("Lory" in body for _, body in received(env)), timeout=5000)
        [body] = [b for _, b in received(env) if "Lory" in b]
    assert "<a href" not in body and "<b>" not in body and "<i>" not in body  # no link, no markup
    assert "&lt;a href" in body or "a href" not in body
    assert "\n" not in body and len(body) < 400  # one line, cut to a sane length
    window.notifier.use_desktop = False
    alert = Alert(AlertKind.NEW_LEAD, (lead.id,), ("x",), "New enquiry", HOSTILE[:80])
    assert window.notifier.send(alert) == "banner"
    assert "<a href" not in window.banner.text.text() and "&lt;a href" in window.banner.text.text()

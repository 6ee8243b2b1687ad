"""The window's toolbar: the business's name (and DEMO DATA), who I am, Set aside, Team load,
today's drafts and templates, Check now (F5) and the app menu; icons drawn for the appearance."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QSizePolicy, QToolBar, QToolButton, QWidget

from ui.app_menu import AppMenu
from ui.followup_controller import FollowUpController
from ui.resources import icon
from ui.session import Session


class MainToolbar(QToolBar):
    def __init__(self, business_name: str, demo: bool, session: Session, followup: FollowUpController,
                 menu: AppMenu, parent: QWidget) -> None:
        super().__init__("Main", parent)
        self.setObjectName("mainToolbar")
        self.setMovable(False)
        self.followup, self.menu = followup, menu
        self.title_label = QLabel(f"<b>{business_name}</b>", self)
        self.title_label.setObjectName("businessName")
        self.addWidget(self.title_label)
        if demo:
            badge = QLabel("DEMO DATA", self)
            badge.setObjectName("demoBadge")
            self.addWidget(badge)
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)
        self.addWidget(QLabel("I am ", self))
        self.addWidget(session.box)
        self.new_lead_action = QAction("New lead", parent)
        self.new_lead_action.setToolTip("New lead: a call, a walk-in, a WhatsApp or Instagram message, typed in "
                                        "(Ctrl+N)")
        self.addAction(self.new_lead_action)
        self.set_aside_action = QAction("Set aside", parent)
        self.set_aside_action.setToolTip("Mail that LeakDesk did not make a lead, and why")
        self.addAction(self.set_aside_action)
        self.load_action = QAction("Team load", parent)
        self.load_action.setToolTip("Open leads, breached and due today, per person")
        self.addAction(self.load_action)
        self.addAction(followup.due_action)
        self.addAction(followup.templates_action)
        self.check_action = QAction("Check now", parent)
        self.check_action.setShortcut(QKeySequence("F5"))
        self.check_action.setToolTip("Check the inbox and the sent folder now (F5)")
        self.check_action.setVisible(not demo)
        self.addAction(self.check_action)
        self.addWidget(menu.button)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        new_lead = self.widgetForAction(self.new_lead_action)
        if isinstance(new_lead, QToolButton):  # its plus sign says it; the row must fit a 1024-pixel screen
            new_lead.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            new_lead.setAccessibleName("New lead")
            new_lead.setObjectName("newLeadButton")
        for action in self.actions():  # Tab reaches the toolbar too (a tool button takes no focus by default)
            button = self.widgetForAction(action)
            if button is not None and action.isVisible():
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.refresh_icons()

    def focus_chain(self) -> list[QWidget]:
        """The toolbar's buttons and fields, left to right, for the window's Tab order."""
        out = []
        for action in self.actions():
            widget = self.widgetForAction(action)
            if widget is not None and widget.focusPolicy() != Qt.FocusPolicy.NoFocus and action.isVisible():
                out.append(widget)
        return out

    def refresh_icons(self) -> None:
        """The SVG icons, drawn for the current appearance."""
        self.menu.button.setIcon(icon("menu"))
        for action, name in ((self.new_lead_action, "plus"), (self.set_aside_action, "inbox"),
                             (self.load_action, "people"), (self.followup.due_action, "envelope"),
                             (self.followup.templates_action, "template"), (self.check_action, "refresh")):
            action.setIcon(icon(name))

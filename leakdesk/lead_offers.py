"""What a person may do to a lead, as the core decides it: the actions a lead offers (an open lead
and a closed one differ), what a card dropped on a column means, and when handing a lead over
asks for a note. The window and the board only ask (they used to decide each of these)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from leakdesk.board import BoardColumn
from leakdesk.domain import Lead


class LeadAction(StrEnum):
    """One thing a person does to a lead, whichever gesture asks for it (key, menu, button, drop)."""

    REPLY = "reply"
    LOG = "log"              # a call, a meeting, a message sent elsewhere
    NEXT = "next"            # plan the next step
    NOTE = "note"
    EDIT = "edit"            # correct the contact
    BOOKED = "booked"
    CLOSE = "close"          # won, lost, not ready: asked for
    NOT_READY = "not_ready"  # close as not ready, asked when to come back
    REOPEN = "reopen"
    CLAIM = "claim"
    STAGE = "stage"          # with the stage: "stage:qualified"
    DRAFT = "draft"          # with the template: "draft:follow_up"
    CADENCE = "cadence"      # with the cadence: "cadence:check_in"
    TEMPLATES = "templates"  # edit the templates, the lead's next one chosen


@dataclass(frozen=True)
class LeadRequest:
    """An action with its value, as every gesture names it ("log", "stage:qualified")."""

    action: LeadAction
    value: str | None = None

    @classmethod
    def read(cls, name: str) -> LeadRequest:
        """The request a gesture's name says; ValueError for a name that is no action."""
        action, _, value = name.partition(":")
        return cls(LeadAction(action), value or None)


LABELS = {LeadAction.REPLY: "Reply", LeadAction.LOG: "Log contact", LeadAction.NEXT: "Next step",
          LeadAction.NOTE: "Note", LeadAction.EDIT: "Edit contact", LeadAction.BOOKED: "Booked",
          LeadAction.CLOSE: "Close lead…", LeadAction.NOT_READY: "Not ready…", LeadAction.REOPEN: "Reopen",
          LeadAction.CLAIM: "Claim"}

# The letter of each action, the same on the board and in a lead's window.
KEYS = {LeadAction.REPLY: "R", LeadAction.LOG: "L", LeadAction.NEXT: "N", LeadAction.NOTE: "T",
        LeadAction.EDIT: "E", LeadAction.BOOKED: "B", LeadAction.CLOSE: "X", LeadAction.REOPEN: "U"}
BOARD_KEYED = (LeadAction.LOG, LeadAction.NEXT, LeadAction.BOOKED, LeadAction.CLOSE)  # a card's own letters

_OPEN = (LeadAction.REPLY, LeadAction.LOG, LeadAction.NEXT, LeadAction.NOTE, LeadAction.EDIT, LeadAction.BOOKED,
         LeadAction.CLOSE)
_CLOSED = (LeadAction.REPLY, LeadAction.NOTE, LeadAction.REOPEN)


def actions_offered(lead: Lead) -> tuple[LeadAction, ...]:
    """The lead window's actions, in its order: a closed lead can be answered, noted or reopened."""
    return _OPEN if lead.is_open else _CLOSED


_DROPPED = {
    BoardColumn.BOOKED: LeadAction.BOOKED,
    BoardColumn.NOT_READY: LeadAction.NOT_READY,
    BoardColumn.WAITING: LeadAction.CLAIM,            # waiting for its first answer: someone owns it now
    BoardColumn.IN_CONVERSATION: LeadAction.LOG,      # in conversation: a contact happened
}


def dropped_on(column: BoardColumn) -> LeadAction | None:
    """What a card dropped on ``column`` asks for; None for Unowned (a lead cannot go back there)."""
    return _DROPPED.get(column)


def needs_handoff_note(lead: Lead, to_person: int) -> bool:
    """Whether giving ``lead`` to ``to_person`` is a handoff that asks for a note: it has another owner.
    A first owner needs none (nothing was said yet); giving it to its own owner changes nothing."""
    return lead.owner_id is not None and lead.owner_id != to_person

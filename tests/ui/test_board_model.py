"""The board model passes Qt's model tester, also across changes."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester

from leakdesk.actions import LeadActions
from leakdesk.board import BoardColumn, BoardWindow
from leakdesk.clock import FakeClock
from leakdesk.sla.policy import policy_from_settings
from leakdesk.store import Store
from ui.models.board_model import BoardModel, ColumnRole


def test_qtmodeltester_on_the_board_model(qtmodeltester: ModelTester, demo_store: Store, clock: FakeClock) -> None:
    model = BoardModel(policy_from_settings(demo_store.settings.load()), clock)
    model.set_people(demo_store.people.all())
    model.load(demo_store.leads.for_board(BoardWindow.as_of(clock.now())))
    qtmodeltester.check(model, force_py=True)
    # Changes keep the model consistent (the tester keeps watching its signals).
    actions = LeadActions(demo_store, clock)
    for entry in model.entries(BoardColumn.UNOWNED):
        model.update_lead(actions.claim(entry.lead.id, demo_store.people.all()[0].id))
    assert model.count(BoardColumn.UNOWNED) == 0
    assert model.column_index(BoardColumn.BOOKED).data(ColumnRole) is BoardColumn.BOOKED

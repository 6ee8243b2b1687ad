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


def test_a_filter_shows_a_sorted_subset_and_changes_made_under_it_show_when_it_is_cleared(
        qtmodeltester: ModelTester, demo_store: Store, clock: FakeClock) -> None:
    model = BoardModel(policy_from_settings(demo_store.settings.load()), clock)
    model.load(demo_store.leads.for_board(BoardWindow.as_of(clock.now())))
    qtmodeltester.check(model, force_py=True)
    everything = {c: [e.lead.id for e in model.entries(c)] for c in BoardColumn}
    unowned = everything[BoardColumn.UNOWNED]
    assert len(unowned) >= 2
    hidden, kept = unowned[0], set(unowned[1:])

    model.set_filter(lambda entry: entry.lead.id in kept)
    assert [e.lead.id for e in model.entries(BoardColumn.UNOWNED)] == unowned[1:]  # in board order
    assert not model.index_of_lead(hidden).isValid() and model.index_of_lead(unowned[1]).isValid()
    owner = demo_store.people.all()[0].id
    claimed = LeadActions(demo_store, clock).claim(hidden, owner)
    assert not model.update_lead(claimed).isValid()  # changed while the filter hides it

    model.set_filter(None)
    mine = [e.lead.id for c in BoardColumn for e in model.entries(c) if e.lead.id == hidden]
    assert mine == [hidden] and hidden not in [e.lead.id for e in model.entries(BoardColumn.UNOWNED)]
    for column in BoardColumn:
        keys = [e.sort_key for e in model.entries(column)]
        assert keys == sorted(keys)
    assert sum(model.count(c) for c in BoardColumn) == sum(len(ids) for ids in everything.values())
    entry = model.entry(model.index_of_lead(hidden))
    assert entry is not None and entry.lead.owner_id == owner

"""The board as one item model: five column items, each holding its cards.

A QListView per column shows one column item's children (setRootIndex).
Each card is a BoardEntry from the core; its countdown is computed on
demand from the policy and the clock at paint time, so the model holds no
time-dependent state and a tick needs no model signal at all (see
BoardView.refresh_countdowns).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from leakdesk.board import BoardColumn, BoardEntry, board_entries, board_entry
from leakdesk.clock import Clock
from leakdesk.domain import Lead, Person
from leakdesk.sla.deadlines import Countdown, countdown
from leakdesk.sla.policy import SlaPolicy

EntryRole = Qt.ItemDataRole.UserRole + 1
LeadIdRole = Qt.ItemDataRole.UserRole + 2
CountdownRole = Qt.ItemDataRole.UserRole + 3
OwnerRole = Qt.ItemDataRole.UserRole + 4
ColumnRole = Qt.ItemDataRole.UserRole + 5

_COLUMNS = tuple(BoardColumn)
_TOP = 0  # internalId of column items; cards carry column + 1

AnyIndex = QModelIndex | QPersistentModelIndex


LEAD_MIME = "application/x-leakdesk-lead"


class BoardModel(QAbstractItemModel):
    card_dropped = Signal(int, object)  # lead id, BoardColumn: the window decides what that means
    lead_updated = Signal(int)  # a lead changed here, not by a load (a load in flight is behind it)
    entries_replaced = Signal()  # a load put new cards on the board (a filter only changes which show)

    def __init__(self, policy: SlaPolicy, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.policy = policy
        self.clock = clock
        self._people: dict[int, Person] = {}
        self._cards: list[list[BoardEntry]] = [[] for _ in _COLUMNS]
        self._keys: list[list[tuple[int, float, int]]] = [[] for _ in _COLUMNS]
        self._all: dict[int, BoardEntry] = {}  # every card, shown or not, by lead id
        self._full: list[list[BoardEntry]] = [[] for _ in _COLUMNS]  # every card, sorted, by column
        self._full_keys: list[list[tuple[int, float, int]]] = [[] for _ in _COLUMNS]
        self._filter: Callable[[BoardEntry], bool] | None = None
        self._memo_now: datetime | None = None
        self._memo: dict[int, tuple[BoardEntry, Countdown]] = {}

    # -- loading and changes ------------------------------------------------------
    def set_people(self, people: Iterable[Person]) -> None:
        self._people = {p.id: p for p in people}

    def set_policy(self, policy: SlaPolicy) -> None:
        """New SLA settings; the next load (on the thread pool) applies them to every card."""
        self.policy = policy
        self._memo_now, self._memo = None, {}

    def load(self, leads: list[Lead]) -> None:
        self.load_entries(board_entries(leads, self.policy, self.clock.now()))

    def load_entries(self, entries: list[BoardEntry]) -> None:
        """Replace every card (entries sorted by sort key); the filter decides which show."""
        self._all = {e.lead.id: e for e in entries}
        self._full = [[] for _ in _COLUMNS]
        for entry in entries:
            self._full[entry.column].append(entry)
        self._full_keys = [[e.sort_key for e in col] for col in self._full]
        self._show()
        self.entries_replaced.emit()

    def _show(self) -> None:
        """The shown cards: every card the filter keeps, in order (no sorting: the full columns are)."""
        keep = self._filter
        self.beginResetModel()
        if keep is None:
            self._cards = [list(col) for col in self._full]
            self._keys = [list(keys) for keys in self._full_keys]
        else:
            self._cards = [[e for e in col if keep(e)] for col in self._full]
            self._keys = [[e.sort_key for e in col] for col in self._cards]
        self.endResetModel()

    def update_lead(self, lead: Lead) -> QModelIndex:
        """Put one lead where it now belongs; its index (invalid if off the board)."""
        self.lead_updated.emit(lead.id)
        self._remove(lead.id)
        entry = board_entry(lead, self.policy, self.clock.now())
        if entry is None:
            return QModelIndex()
        self._all[lead.id] = entry
        col = entry.column
        at = bisect.bisect_left(self._full_keys[col], entry.sort_key)
        self._full[col].insert(at, entry)
        self._full_keys[col].insert(at, entry.sort_key)
        if self._filter is not None and not self._filter(entry):
            return QModelIndex()
        row = bisect.bisect_left(self._keys[col], entry.sort_key)
        parent = self.column_index(col)
        self.beginInsertRows(parent, row, row)
        self._cards[col].insert(row, entry)
        self._keys[col].insert(row, entry.sort_key)
        self.endInsertRows()
        self.dataChanged.emit(parent, parent, [Qt.ItemDataRole.DisplayRole])
        return self.index(row, 0, parent)

    @staticmethod
    def _row_of(entry: BoardEntry, cards: list[BoardEntry], keys: list[tuple[int, float, int]]) -> int | None:
        """Where ``entry`` is in one column's sorted cards, or None when it is not there."""
        row = bisect.bisect_left(keys, entry.sort_key)
        while row < len(cards) and keys[row] == entry.sort_key:
            if cards[row] is entry:
                return row
            row += 1
        return None

    def _shown(self, lead_id: int) -> tuple[BoardColumn, int] | None:
        """(column, row) of a lead's card when the filter shows it."""
        entry = self._all.get(lead_id)
        if entry is None:
            return None
        row = self._row_of(entry, self._cards[entry.column], self._keys[entry.column])
        return None if row is None else (entry.column, row)

    def _remove(self, lead_id: int) -> None:
        entry = self._all.pop(lead_id, None)
        if entry is None:
            return
        col = entry.column
        at = self._row_of(entry, self._full[col], self._full_keys[col])
        if at is not None:
            del self._full[col][at]
            del self._full_keys[col][at]
        row = self._row_of(entry, self._cards[col], self._keys[col])
        if row is None:
            return
        parent = self.column_index(col)
        self.beginRemoveRows(parent, row, row)
        del self._cards[col][row]
        del self._keys[col][row]
        self.endRemoveRows()
        self.dataChanged.emit(parent, parent, [Qt.ItemDataRole.DisplayRole])

    def set_filter(self, keep: Callable[[BoardEntry], bool] | None) -> None:
        """Show only the cards ``keep`` accepts (None: all)."""
        self._filter = keep
        self._show()

    def all_entries(self) -> list[BoardEntry]:
        """Every card on the board, whatever the filter shows."""
        return list(self._all.values())

    # -- lookups ------------------------------------------------------------------
    def column_index(self, column: BoardColumn) -> QModelIndex:
        return self.createIndex(int(column), 0, _TOP)

    def index_of_lead(self, lead_id: int) -> QModelIndex:
        shown = self._shown(lead_id)
        if shown is None:
            return QModelIndex()
        col, row = shown
        return self.index(row, 0, self.column_index(col))

    def entries(self, column: BoardColumn) -> list[BoardEntry]:
        return list(self._cards[column])

    def count(self, column: BoardColumn) -> int:
        return len(self._cards[column])

    def total(self, column: BoardColumn) -> int:
        """Every card of the column, whatever the filter shows."""
        return len(self._full[column])

    @property
    def filtered(self) -> bool:
        return self._filter is not None

    def entry(self, index: AnyIndex) -> BoardEntry | None:
        """The card at ``index``, read directly (the delegate's fast path).

        Not through ``index.data()``: it saves a QVariant round trip per role
        per paint, and keeps Python objects out of PySide's conversions.
        """
        if not index.isValid() or index.internalId() == _TOP or index.model() is not self:
            return None
        cards = self._cards[index.internalId() - 1]
        return cards[index.row()] if index.row() < len(cards) else None

    def countdown(self, entry: BoardEntry) -> Countdown:
        """The card's countdown now; computed once per moment (tick check + paint)."""
        now = self.clock.now()
        if now != self._memo_now:
            self._memo.clear()
            self._memo_now = now
        key = id(entry)
        hit = self._memo.get(key)
        if hit is None or hit[0] is not entry:
            hit = (entry, countdown(entry.clock, now, self.policy))
            self._memo[key] = hit
        return hit[1]

    def person(self, person_id: int | None) -> Person | None:
        return self._people.get(person_id) if person_id is not None else None

    # -- QAbstractItemModel -------------------------------------------------------
    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, _TOP) if row < len(_COLUMNS) else QModelIndex()
        if parent.internalId() != _TOP or parent.column() != 0:
            return QModelIndex()
        col = parent.row()
        if row >= len(self._cards[col]):
            return QModelIndex()
        return self.createIndex(row, 0, col + 1)

    def parent(self, child: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(_COLUMNS)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self._cards[parent.row()])
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _TOP:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
                | Qt.ItemFlag.ItemIsDragEnabled)

    # -- drag and drop: a card dropped on a column asks for that column's action ---------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [LEAD_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        cards = [i for i in indexes if i.isValid() and i.internalId() != _TOP]
        if cards:
            data.setData(LEAD_MIME, QByteArray(str(self._cards[cards[0].internalId() - 1][cards[0].row()]
                                                   .lead.id).encode()))
        return data

    def _drop_column(self, parent: AnyIndex) -> BoardColumn | None:
        if not parent.isValid():
            return None
        top = parent if parent.internalId() == _TOP else parent.parent()
        return _COLUMNS[top.row()]

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: AnyIndex) -> bool:
        return data.hasFormat(LEAD_MIME) and self._drop_column(parent) is not None

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: AnyIndex) -> bool:
        target = self._drop_column(parent)
        if not data.hasFormat(LEAD_MIME) or target is None:
            return False
        lead_id = int(bytes(data.data(LEAD_MIME).data()).decode())
        shown = self._shown(lead_id)
        if shown is None or shown[0] is not target:
            self.card_dropped.emit(lead_id, target)
        return False  # the move happens through the action the window runs, not by moving rows here

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _TOP:
            col = _COLUMNS[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{col.title} ({len(self._cards[col])})"
            if role == ColumnRole:
                return col
            return None
        entry = self._cards[index.internalId() - 1][index.row()]
        if role == EntryRole:
            return entry
        if role == CountdownRole:
            return self.countdown(entry)
        if role == LeadIdRole:
            return entry.lead.id
        if role == OwnerRole:
            return self.person(entry.lead.owner_id)
        if role == ColumnRole:
            return entry.column
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            lead = entry.lead
            return f"{lead.contact_name or lead.contact_email or 'Unknown'}: {lead.subject}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lead = entry.lead
            contact = " · ".join(x for x in (lead.contact_email, lead.contact_phone) if x)
            return f"{lead.contact_name}\n{contact}\n{lead.subject}"
        return None

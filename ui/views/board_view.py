"""The board: a column of cards per BoardColumn, all views of one BoardModel.

Keys on a card: C claims, A assigns (a menu of people), L logs a contact,
N sets the next step, B books, X closes, Enter opens; Up/Down or J/K move
within a column, Left/Right between columns.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from leakdesk.board import BoardColumn
from leakdesk.clock import Clock
from leakdesk.domain import Person
from leakdesk.lead_offers import BOARD_KEYED, KEYS
from ui.delegates.card_delegate import CARD_HEIGHT, CardDelegate
from ui.models.board_model import BoardModel, ColumnRole, LeadIdRole
from ui.views.empty_text import paint_empty

ACTION_KEYS = {Qt.Key(ord(KEYS[action])): action.value for action in BOARD_KEYED}
LAYOUT_BATCH = 200  # cards laid out per pass of the event loop (a screenful is about 10)
ACTION_TEXTS = (("log", "Log a contact (L)"), ("next", "Next step (N)"), ("booked", "Booked (B)"),
                ("close", "Close lead… (X)"))
REPAINT_BUDGET = 20  # cards a tick may repaint: about 3 ms (bench/board.py)


EMPTY = {
    BoardColumn.UNOWNED: "Every lead has an owner.",
    BoardColumn.WAITING: "Nobody is waiting for a first reply.",
    BoardColumn.IN_CONVERSATION: "No conversation is open.",
    BoardColumn.BOOKED: "Nothing booked in the last weeks yet.",
    BoardColumn.NOT_READY: "No lead is waiting for its revisit date.",
}


class CardListView(QListView):
    """One column's cards."""

    claim_requested = Signal(int)
    assign_menu_requested = Signal(int, QPoint)
    open_requested = Signal(int)
    action_requested = Signal(int, str)  # lead id, action name
    move_column = Signal(int)  # -1 left, +1 right

    def __init__(self, column: BoardColumn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = column
        self.setObjectName(f"column-{column.name.lower()}")
        self.setUniformItemSizes(True)
        # Laid out a batch at a time between events: QListView asks the (Python) model for the index of
        # every row of the column after a filter or reload, which held the window 50-100 ms on 5,000 cards.
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(LAYOUT_BATCH)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setAccessibleName(column.title)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)

    def current_lead_id(self) -> int | None:
        index = self.currentIndex()
        return int(index.data(LeadIdRole)) if index.isValid() else None

    def empty_text(self) -> str:
        """What an empty column says (an empty board is good news, or a filter that matched nothing)."""
        model = self.model()
        if model is not None and getattr(model, "filtered", False):
            return "No card here matches the filter."
        return EMPTY.get(self.column, "")

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount(self.rootIndex()) == 0:
            paint_empty(self, self.empty_text(), QMargins(10, 16, 10, 10),
                        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)

    def visible_rows(self) -> tuple[int, int] | None:
        """First and last row on screen.

        Arithmetic on the fixed card height: QListView.indexAt walks every
        row through the Python model (O(n), 30 ms on a 5,000-card column).
        """
        count = self.model().rowCount(self.rootIndex()) if self.model() else 0
        if count == 0:
            return None
        top = self.verticalScrollBar().value()
        height = self.viewport().height()
        first = min(top // CARD_HEIGHT, count - 1)
        last = min((top + height) // CARD_HEIGHT, count - 1)
        return first, last

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, lead_id = Qt.Key(event.key()), self.current_lead_id()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if plain and key == Qt.Key.Key_C and lead_id is not None:
            self.claim_requested.emit(lead_id)
        elif plain and key == Qt.Key.Key_A and lead_id is not None:
            rect = self.visualRect(self.currentIndex())
            self.assign_menu_requested.emit(lead_id, self.viewport().mapToGlobal(rect.center()))
        elif plain and key in ACTION_KEYS and lead_id is not None:
            self.action_requested.emit(lead_id, ACTION_KEYS[key])
        elif plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and lead_id is not None:
            self.open_requested.emit(lead_id)
        elif plain and key == Qt.Key.Key_Left:
            self.move_column.emit(-1)
        elif plain and key == Qt.Key.Key_Right:
            self.move_column.emit(1)
        elif plain and key == Qt.Key.Key_J:
            self._step(1)
        elif plain and key == Qt.Key.Key_K:
            self._step(-1)
        else:
            super().keyPressEvent(event)

    def _step(self, delta: int) -> None:
        count = self.model().rowCount(self.rootIndex())
        if count == 0:
            return
        row = min(max(self.currentIndex().row() + delta, 0), count - 1)
        self.setCurrentIndex(self.model().index(row, 0, self.rootIndex()))


class BoardView(QWidget):
    claim_requested = Signal(int)
    assign_requested = Signal(int, int)  # lead id, person id
    open_requested = Signal(int)
    action_requested = Signal(int, str)  # lead id, action name
    not_a_lead_requested = Signal(int, object)  # lead id, rule name or None

    def __init__(self, model: BoardModel, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.people: list[Person] = []
        self.delegate = CardDelegate(clock, self)
        self.lists: dict[BoardColumn, CardListView] = {}
        self.headers: dict[BoardColumn, QLabel] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        for column in BoardColumn:
            panel = QFrame(self)
            panel.setObjectName("boardColumn")
            box = QVBoxLayout(panel)
            box.setContentsMargins(4, 6, 4, 4)
            box.setSpacing(4)
            header = QLabel(panel)
            header.setObjectName("columnHeader")
            header.setWordWrap(True)  # a long title wraps: it never makes its column wider than the others
            view = CardListView(column, panel)
            view.setModel(model)
            view.setRootIndex(model.column_index(column))
            view.setItemDelegate(self.delegate)
            view.claim_requested.connect(self.claim_requested)
            view.open_requested.connect(self.open_requested)
            view.action_requested.connect(self.action_requested)
            view.doubleClicked.connect(self._double_clicked)
            view.assign_menu_requested.connect(self.show_assign_menu)
            view.move_column.connect(self._move_focus)
            view.customContextMenuRequested.connect(self._context_menu)
            view.selectionModel().currentChanged.connect(
                lambda current, _previous, chosen=view: self._only_in(chosen) if current.isValid() else None)
            box.addWidget(header)
            box.addWidget(view, 1)
            layout.addWidget(panel, 1)
            self.lists[column] = view
            self.headers[column] = header
        model.modelReset.connect(self._after_reset)
        model.rowsInserted.connect(self._update_headers)
        model.rowsRemoved.connect(self._update_headers)
        self._update_headers()

    def set_people(self, people: list[Person]) -> None:
        self.people = people

    def _only_in(self, chosen: CardListView) -> None:
        """One lead is chosen at a time, on the whole board: a card chosen in one column unchooses
        the others' (which key acts on which card is never in doubt)."""
        for view in self.lists.values():
            if view is not chosen and view.currentIndex().isValid():
                view.selectionModel().clear()

    def viewport_update(self) -> None:
        """Repaint every card (the appearance changed)."""
        for view in self.lists.values():
            view.viewport().update()

    def _after_reset(self) -> None:
        self.delegate.shown.clear()
        for column, view in self.lists.items():
            view.setRootIndex(self.model.column_index(column))
        self._update_headers()

    def _update_headers(self) -> None:
        for column, header in self.headers.items():
            shown, total = self.model.count(column), self.model.total(column)
            # Filtered, a column says how many of its cards show: the top bar's chips count them all.
            count = f"{shown} of {total}" if self.model.filtered and shown != total else str(shown)
            header.setText(f"<b>{column.title}</b> <span style='color:#6b7280'>{count}</span>")

    def refresh_countdowns(self, budget: int = REPAINT_BUDGET) -> int:
        """Repaint up to ``budget`` cards on screen whose clock or age text changed.

        Not model.dataChanged: on any dataChanged, even for one index and a
        custom role, QListView relays out every row of its model (measured:
        10,000 index() calls, 25 ms, per tick on a 5,000-card column). The
        countdown is computed at paint time, so a repaint is all a tick needs,
        and only cards whose minute-level texts moved need one. The budget
        keeps a tick short when every clock changes at once (opening time);
        cards left over are still stale on the next tick and are painted then.
        """
        repainted = 0
        for view in self.lists.values():
            if repainted >= budget:
                break
            rows = view.visible_rows()
            if rows is None:
                continue
            root = view.rootIndex()
            for row in range(rows[0], rows[1] + 1):
                index = self.model.index(row, 0, root)
                entry = self.model.entry(index)
                if entry is not None and self.delegate.is_stale(entry, self.model.countdown(entry)):
                    view.update(index)
                    repainted += 1
                    if repainted >= budget:
                        break
        return repainted

    def select_lead(self, lead_id: int) -> bool:
        index = self.model.index_of_lead(lead_id)
        if not index.isValid():
            return False
        view = self.lists[index.data(ColumnRole)]
        view.setCurrentIndex(index)
        view.scrollTo(index)
        view.setFocus()
        return True

    def focus_first_card(self) -> int | None:
        """Choose and focus the board's first card; its lead id (None on an empty board)."""
        for view in self.lists.values():
            root = view.rootIndex()
            if self.model.rowCount(root):
                view.setCurrentIndex(self.model.index(0, 0, root))
                view.setFocus()
                return view.current_lead_id()
        return None

    def _move_focus(self, delta: int) -> None:
        source = self.sender()
        if not isinstance(source, CardListView):
            return
        columns = list(BoardColumn)
        i = columns.index(source.column)
        row = max(source.currentIndex().row(), 0)
        while 0 <= i + delta < len(columns):
            i += delta
            target = self.lists[columns[i]]
            count = self.model.rowCount(target.rootIndex())
            if count:
                target.setCurrentIndex(self.model.index(min(row, count - 1), 0, target.rootIndex()))
                target.setFocus()
                return

    def _context_menu(self, pos: QPoint) -> None:
        view = self.sender()
        if not isinstance(view, CardListView):
            return
        index: QModelIndex = view.indexAt(pos)
        if not index.isValid():
            return
        view.setCurrentIndex(index)
        lead_id = int(index.data(LeadIdRole))
        menu = self.card_menu(lead_id)
        menu.popup(view.viewport().mapToGlobal(pos))

    def card_menu(self, lead_id: int) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("cardMenu")
        menu.addAction("Open (Enter)").triggered.connect(lambda: self.open_requested.emit(lead_id))
        menu.addAction("Claim (C)").triggered.connect(lambda: self.claim_requested.emit(lead_id))
        self._fill_assign_menu(menu.addMenu("Assign to (A)"), lead_id)
        for name, text in ACTION_TEXTS:
            action = menu.addAction(text)
            action.setData(name)
            action.triggered.connect(lambda _=False, n=name: self.action_requested.emit(lead_id, n))
        not_lead = menu.addMenu("Not a lead")
        for text, rule in (("Not a lead", None), ("…and ignore this sender", "ignore_sender"),
                           ("…and ignore the whole domain", "ignore_domain")):
            action = not_lead.addAction(text)
            action.setData(rule)
            action.triggered.connect(lambda _=False, r=rule: self.not_a_lead_requested.emit(lead_id, r))
        return menu

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(int(index.data(LeadIdRole)))

    def show_assign_menu(self, lead_id: int, at: QPoint) -> None:
        menu = QMenu(self)
        menu.setObjectName("assignMenu")
        self._fill_assign_menu(menu, lead_id)
        menu.popup(at)

    def _fill_assign_menu(self, menu: QMenu, lead_id: int) -> None:
        for person in self.people:
            action = menu.addAction(f"{person.name} ({person.initials})")
            action.setData(person.id)
            action.triggered.connect(
                lambda _checked=False, pid=person.id: self.assign_requested.emit(lead_id, pid)
            )

"""A short list of leads with one-click (and one-key) actions: the rescue list, a chart segment's leads,
the pipeline's stuck leads.

A table model over (lead, first column) rows and a delegate that paints the
action buttons of the last column and turns a click on one into a signal;
the list holds at most a few hundred leads, so it needs no paging. The
first column says why the lead is listed: its leak, or any words given.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QMargins,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from leakdesk.domain import Lead, LeakKind
from leakdesk.report.export import day_label
from ui.views.board_view import ACTION_KEYS
from ui.views.empty_text import paint_empty

ACTIONS = (("claim", "Claim"), ("log", "Log contact"), ("next", "Next step"))
OWNED_ACTIONS = (("assign", "Assign…"), ("log", "Log contact"), ("next", "Next step"))  # an owned lead is handed over


def actions_for(owned: bool) -> tuple[tuple[str, str], ...]:
    return OWNED_ACTIONS if owned else ACTIONS
COLUMNS = ("Leak", "Contact", "Channel", "Received", "Owner", "Next step", "")
ACTION_COLUMN = len(COLUMNS) - 1
SIZED_BY_ROWS = 20  # the rows whose text sizes the columns (a list shows 6-15; each row costs ~0.25 ms)
Why = LeakKind | str | None  # the first column: a leak, other words, or nothing (on track)
OwnedRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class LeadTableModel(QAbstractTableModel):
    def __init__(self, tz: ZoneInfo, parent: QWidget | None = None, first_column: str = COLUMNS[0]) -> None:
        super().__init__(parent)
        self.tz = tz
        self.first_column = first_column
        self.rows: list[tuple[Lead, Why]] = []
        self.owners: dict[int, str] = {}

    def set_rows(self, rows: Sequence[tuple[Lead, Why]], owners: dict[int, str], tz: ZoneInfo) -> None:
        self.beginResetModel()
        self.rows, self.owners, self.tz = list(rows), owners, tz
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.first_column if section == 0 else COLUMNS[section]
        return None

    def lead_at(self, row: int) -> Lead:
        return self.rows[row][0]

    def _when(self, at: datetime | None) -> str:
        if at is None:
            return ""
        local = at.astimezone(self.tz)
        return f"{day_label(local.date())[:-5]} {local:%H:%M}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        lead, kind = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return kind.label if isinstance(kind, LeakKind) else kind or "On track"  # a LeakKind is a str too
            if column == 1:
                return lead.contact_name or lead.contact_email or lead.contact_phone or "(no name)"
            if column == 2:
                return lead.channel.label
            if column == 3:
                return self._when(lead.received_at)
            if column == 4:
                return self.owners.get(lead.owner_id, "") if lead.owner_id is not None else "nobody"
            if column == 5:
                return f"{lead.next_step} · {self._when(lead.next_step_due)}" if lead.next_step else "none"
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return f"{lead.subject}\n{lead.contact_email or ''} {lead.contact_phone or ''}".strip()
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and lead.owner_id is None:
            return QColor("#b91c1c")
        if role == Qt.ItemDataRole.UserRole:
            return lead.id
        if role == OwnedRole:
            return lead.owner_id is not None
        return None


class ActionDelegate(QStyledItemDelegate):
    """Paints the row's actions as small buttons (Claim an unowned lead, Assign an owned one, Log contact,
    Next step); a click on one is an action."""

    action_clicked = Signal(int, str)  # lead id, action
    assign_clicked = Signal(int, QPoint)  # lead id, where to show whom to give it to

    def button_rects(self, cell: QRect, owned: bool = False) -> list[tuple[str, QRect]]:
        rects, x = [], cell.left() + 4
        view = self.parent()
        assert isinstance(view, QWidget)
        metrics = view.fontMetrics()
        for name, text in actions_for(owned):
            width = metrics.horizontalAdvance(text) + 14
            rects.append((name, QRect(x, cell.top() + 3, width, cell.height() - 6)))
            x += width + 4
        return rects

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = option.palette
        owned = bool(index.data(OwnedRole))
        for (_, text), (_, rect) in zip(actions_for(owned), self.button_rects(option.rect, owned), strict=True):
            painter.setPen(QColor("#9ca3af"))
            painter.setBrush(palette.color(QPalette.ColorRole.Button))
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def editorEvent(self, event: QEvent, model: object, option: QStyleOptionViewItem, index: Index) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            for name, rect in self.button_rects(option.rect, bool(index.data(OwnedRole))):
                if rect.contains(event.position().toPoint()):
                    lead_id = int(index.data(Qt.ItemDataRole.UserRole))
                    if name == "assign":
                        view = self.parent()
                        assert isinstance(view, QTableView)
                        self.assign_clicked.emit(lead_id, view.viewport().mapToGlobal(rect.bottomLeft()))
                    else:
                        self.action_clicked.emit(lead_id, name)
                    return True
        return False


class LeadTableView(QTableView):
    action_requested = Signal(int, str)  # lead id, action ('claim', 'log', 'next')
    assign_requested = Signal(int, QPoint)  # an owned lead: whom to give it to, asked at this point
    open_requested = Signal(int)

    def __init__(self, tz: ZoneInfo, parent: QWidget | None = None, first_column: str = COLUMNS[0]) -> None:
        super().__init__(parent)
        self.table = LeadTableModel(tz, self, first_column)
        self.setModel(self.table)
        self.actions_delegate = ActionDelegate(self)
        self.actions_delegate.action_clicked.connect(self.action_requested)
        self.actions_delegate.assign_clicked.connect(self.assign_requested)
        self.setItemDelegateForColumn(ACTION_COLUMN, self.actions_delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(28)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Sized by the first rows only: by default Qt measures 1,000 rows of every column (each through the
        # Python model) at every layout, which held the window 300 ms after a 200-lead rescue list arrived.
        header.setResizeContentsPrecision(SIZED_BY_ROWS)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ACTION_COLUMN, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(ACTION_COLUMN, self.action_width())
        self.doubleClicked.connect(lambda index: self.open_requested.emit(self.table.lead_at(index.row()).id))

    def action_width(self) -> int:
        rects = [self.actions_delegate.button_rects(QRect(0, 0, 1000, 28), owned) for owned in (False, True)]
        return max(r[-1][1].right() for r in rects) + 8

    def set_rows(self, rows: Sequence[tuple[Lead, Why]], owners: dict[int, str], tz: ZoneInfo) -> None:
        self.table.set_rows(rows, owners, tz)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """The board's letters on the chosen row: C claims, A assigns, L logs, N plans the next step, B books,
        X closes, Enter opens."""
        key, row = Qt.Key(event.key()), self.currentIndex().row()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if not plain or not 0 <= row < self.table.rowCount():
            super().keyPressEvent(event)
            return
        lead = self.table.lead_at(row)
        if key == Qt.Key.Key_C and lead.owner_id is None:
            self.action_requested.emit(lead.id, "claim")
        elif key == Qt.Key.Key_A:
            cell = self.visualRect(self.table.index(row, 1))
            self.assign_requested.emit(lead.id, self.viewport().mapToGlobal(cell.center()))
        elif key in ACTION_KEYS:
            self.action_requested.emit(lead.id, ACTION_KEYS[key])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit(lead.id)
        else:
            super().keyPressEvent(event)

    empty_text = ""  # said in the empty table (what would be listed here, and how to get it)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.table.rowCount() == 0:
            paint_empty(self, self.empty_text, QMargins(12, 12, 12, 12), Qt.AlignmentFlag.AlignCenter)

    def button_centre(self, row: int, action: str) -> QRect:
        """Where an action's button of a row is, in viewport coordinates (tests click it)."""
        cell = self.visualRect(self.table.index(row, ACTION_COLUMN))
        return dict(self.actions_delegate.button_rects(cell))[action]

"""Paints a lead card: contact, subject, channel, age, owner and its clock.

No widget per lead: one delegate paints every visible card. The clock's
state is said in words and an icon-like glyph as well as in colour.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from leakdesk.board import BoardColumn, BoardEntry
from leakdesk.clock import Clock
from leakdesk.domain import Person
from leakdesk.sla.deadlines import ClockKind, ClockState, Countdown, format_minutes
from ui.models.board_model import CountdownRole, EntryRole, OwnerRole

CARD_HEIGHT = 84
CARD_BACKGROUND = QColor("#ffffff")
TEXT = QColor("#111827")
MARGIN = 5
STATE_COLOURS = {
    ClockState.ON_TRACK: QColor("#1a7f37"),
    ClockState.DUE_SOON: QColor("#b35900"),
    ClockState.BREACHED: QColor("#c62828"),
    ClockState.NONE: QColor("#6b7280"),
}
STATE_PREFIX = {
    ClockState.ON_TRACK: "●",
    ClockState.DUE_SOON: "▲",
    ClockState.BREACHED: "■",
    ClockState.NONE: "○",
}
CLOCK_WORDS = {
    ClockKind.OWNERSHIP: "claim",
    ClockKind.RESPONSE: "reply",
    ClockKind.NEXT_STEP: "step",
    ClockKind.NONE: "",
}


def age_label(received: datetime, now: datetime) -> str:
    minutes = max(0.0, (now - received).total_seconds() / 60)
    if minutes < 1:
        return "just now"
    return f"{format_minutes(minutes)} ago"


class CardDelegate(QStyledItemDelegate):
    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(260, CARD_HEIGHT)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        entry: BoardEntry | None = index.data(EntryRole)
        if entry is None:
            return
        lead = entry.lead
        cd: Countdown = index.data(CountdownRole)
        owner: Person | None = index.data(OwnerRole)
        rect = QRect(option.rect).adjusted(MARGIN, MARGIN // 2 + 1, -MARGIN, -(MARGIN // 2) - 1)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        border = QColor("#2563eb") if selected else QColor("#d5d9e0")
        painter.setPen(QPen(border, 2 if selected else 1))
        painter.setBrush(QColor("#eef4ff") if selected else CARD_BACKGROUND)
        painter.drawRoundedRect(QRectF(rect), 6, 6)
        state_colour = STATE_COLOURS[cd.state]
        if entry.column in (BoardColumn.UNOWNED, BoardColumn.WAITING, BoardColumn.IN_CONVERSATION):
            stripe = QRectF(rect.left() + 1, rect.top() + 6, 4, rect.height() - 12)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(state_colour)
            painter.drawRoundedRect(stripe, 2, 2)

        inner = rect.adjusted(12, 7, -10, -7)
        base_font = QFont(option.font)
        bold = QFont(base_font)
        bold.setBold(True)
        small = QFont(base_font)
        small.setPointSizeF(max(7.0, base_font.pointSizeF() - 1))
        fm_bold, fm_small, fm = QFontMetrics(bold), QFontMetrics(small), QFontMetrics(base_font)
        text_colour = TEXT
        muted = QColor("#6b7280")

        # line 1: contact name, channel at the right
        channel = lead.channel.label
        ch_w = fm_small.horizontalAdvance(channel) + 12
        ch_rect = QRect(inner.right() - ch_w, inner.top(), ch_w, fm_small.height() + 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#eef0f3"))
        painter.drawRoundedRect(QRectF(ch_rect), 4, 4)
        painter.setFont(small)
        painter.setPen(QColor("#374151"))
        painter.drawText(ch_rect, Qt.AlignmentFlag.AlignCenter, channel)
        name = lead.contact_name or lead.contact_email or lead.contact_phone or "Unknown contact"
        painter.setFont(bold)
        painter.setPen(text_colour)
        name_w = inner.width() - ch_w - 8
        painter.drawText(
            QRect(inner.left(), inner.top(), name_w, fm_bold.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm_bold.elidedText(name, Qt.TextElideMode.ElideRight, name_w),
        )
        # line 2: subject
        y2 = inner.top() + fm_bold.height() + 3
        painter.setFont(base_font)
        painter.setPen(text_colour)
        painter.drawText(
            QRect(inner.left(), y2, inner.width(), fm.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm.elidedText(lead.subject or "(no subject)", Qt.TextElideMode.ElideRight, inner.width()),
        )
        # line 3: owner badge, age, clock at the right
        y3 = inner.bottom() - 18
        x = inner.left()
        badge = QRectF(x, y3, 22, 18)
        if owner is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(owner.colour))
            painter.drawRoundedRect(badge, 9, 9)
            painter.setPen(QColor("white"))
            painter.setFont(small)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, owner.initials)
            x += 28
        elif entry.column is BoardColumn.UNOWNED:
            painter.setPen(QPen(QColor("#c62828"), 1, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(badge, 9, 9)
            painter.setPen(QColor("#c62828"))
            painter.setFont(small)
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, "?")
            x += 28
        clock_text = self._clock_text(entry, cd)
        clock_font = QFont(small)
        clock_font.setBold(cd.state in (ClockState.BREACHED, ClockState.DUE_SOON))
        clock_w = QFontMetrics(clock_font).horizontalAdvance(clock_text) if clock_text else 0
        if clock_text:
            painter.setFont(clock_font)
            painter.setPen(state_colour)
            painter.drawText(
                QRect(inner.right() - clock_w, y3, clock_w + 1, 18),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                clock_text,
            )
        now = self.clock.now()
        if entry.column is BoardColumn.NOT_READY and lead.revisit_on:
            due = lead.revisit_on <= now.date()
            info = f"revisit {'due ' if due else ''}{lead.revisit_on:%a %d %b}"
        elif entry.column is BoardColumn.BOOKED and lead.closed_at:
            info = f"booked {age_label(lead.closed_at, now)}"
        else:
            info = age_label(lead.received_at, now)
        info_w = inner.right() - x - clock_w - 8
        painter.setFont(small)
        painter.setPen(muted)
        painter.drawText(
            QRect(x, y3, max(info_w, 0), 18),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fm_small.elidedText(info, Qt.TextElideMode.ElideRight, max(info_w, 0)),
        )
        if focused and not selected:
            painter.setPen(QPen(QColor("#2563eb"), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(rect.adjusted(2, 2, -2, -2)), 5, 5)
        painter.restore()

    @staticmethod
    def _clock_text(entry: BoardEntry, cd: Countdown) -> str:
        if entry.column in (BoardColumn.BOOKED, BoardColumn.NOT_READY):
            return ""
        if cd.state is ClockState.NONE:
            return f"{STATE_PREFIX[cd.state]} no next step"
        words = CLOCK_WORDS[entry.clock.kind]
        paused = " ⏸" if cd.paused else ""
        return f"{STATE_PREFIX[cd.state]} {words} {cd.label}{paused}"

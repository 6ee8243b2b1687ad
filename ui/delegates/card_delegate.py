"""Paints a lead card: contact, subject, channel, age, owner and its clock.

No widget per lead: one delegate paints every visible card. The parts that
only change when the lead does (frame, name, channel, subject, owner) are
rendered once into a cached pixmap; a tick repaints only the stripe, the
age and the countdown over it. The clock's state is said in words and a
glyph as well as in colour.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from time import perf_counter

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from leakdesk.board import LIVE_COLUMNS, BoardColumn, BoardEntry
from leakdesk.clock import Clock
from leakdesk.domain import Person
from leakdesk.sla.deadlines import ClockKind, ClockState, Countdown, format_minutes
from ui.models.board_model import BoardModel
from ui.ticker import Ticker

CARD_HEIGHT = 84
MARGIN = 5
CACHE_SIZE = 600
STATIC_BUDGET_S = 0.006  # first drawings of cards per turn of the event loop (a turn may have other work to do)


@dataclass(frozen=True)
class CardColours:
    """A card's colours in one appearance (light or dark)."""

    background: QColor
    selected: QColor
    text: QColor
    muted: QColor
    alert: QColor
    border: QColor
    accent: QColor
    chip: QColor
    chip_text: QColor
    states: dict[ClockState, QColor]


LIGHT = CardColours(QColor("#ffffff"), QColor("#eef4ff"), QColor("#111827"), QColor("#6b7280"), QColor("#c62828"),
                    QColor("#d5d9e0"), QColor("#2563eb"), QColor("#eef0f3"), QColor("#374151"),
                    {ClockState.ON_TRACK: QColor("#1a7f37"), ClockState.DUE_SOON: QColor("#b35900"),
                     ClockState.BREACHED: QColor("#c62828"), ClockState.NONE: QColor("#6b7280")})
# Lighter signal colours: the light theme's greens and reds are too dark to read on a dark card.
DARK = CardColours(QColor("#1f2937"), QColor("#1e3a5f"), QColor("#f3f4f6"), QColor("#9ca3af"), QColor("#f87171"),
                   QColor("#374151"), QColor("#60a5fa"), QColor("#374151"), QColor("#e5e7eb"),
                   {ClockState.ON_TRACK: QColor("#4ade80"), ClockState.DUE_SOON: QColor("#fbbf24"),
                    ClockState.BREACHED: QColor("#f87171"), ClockState.NONE: QColor("#9ca3af")})
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
PAUSE_WIDTH = 13
MIN_NAME_WIDTH = 110  # below this the channel chip gives way to the contact's name


def age_label(received: datetime, now: datetime) -> str:
    minutes = max(0.0, (now - received).total_seconds() / 60)
    if minutes < 1:
        return "just now"
    return f"{format_minutes(minutes)} ago"


def clock_text(entry: BoardEntry, cd: Countdown) -> str:
    if entry.column not in LIVE_COLUMNS:
        return ""
    if cd.state is ClockState.NONE:
        return f"{STATE_PREFIX[cd.state]} no next step"
    return f"{STATE_PREFIX[cd.state]} {CLOCK_WORDS[entry.clock.kind]} {cd.label}"


def _shorter(text: str) -> list[str]:
    """A clock text, then it with its first words dropped one by one: the number is what stays."""
    words = text.split(" ")
    return [" ".join(words[i:]) for i in range(len(words))]


def _info_forms(info: str) -> list[str]:
    """A card's bottom-line info, then shorter forms that still say the most (the badges before the
    age; a revisit date without "revisit due")."""
    forms = [info]
    if info.endswith(" ago"):
        forms.append(info[:-4])  # "26m" reads better than "26m a…"
    if " · " in info:
        forms.append(info.rsplit(" · ", 1)[0])  # keep the badges, drop the age
    if info.startswith(("⚑", "↻", "✉")):
        forms.append(info[0])  # the badge's mark alone
    if info.startswith("revisit "):
        day = info.removeprefix("revisit ").removeprefix("due ")
        forms += [f"revisit {day}" if "due " in info else day, day, day.split(" ", 1)[-1]]
    if info.startswith("booked "):
        forms.append(info.removeprefix("booked ").removesuffix(" ago"))
    return forms


def _fit(fm: QFontMetrics, forms: list[str], width: int) -> str:
    """The first of ``forms`` that fits ``width`` ("" when none does: a lone "…" says nothing)."""
    return next((form for form in forms if form and fm.horizontalAdvance(form) <= width), "")


@dataclass(frozen=True)
class LiveLayout:
    """A card's bottom line: the clock's text and place, the pause mark's, the info's."""

    clock_text: str
    clock: QRect | None
    pause: QRect | None
    info_text: str
    info: QRect | None


class _Fonts:
    def __init__(self, base: QFont) -> None:
        self.key = base.key()
        self.base = QFont(base)
        self.bold = QFont(base)
        self.bold.setBold(True)
        self.small = QFont(base)
        self.small.setPointSizeF(max(7.0, base.pointSizeF() - 1))
        self.small_bold = QFont(self.small)
        self.small_bold.setBold(True)
        self.fm, self.fm_bold = QFontMetrics(self.base), QFontMetrics(self.bold)
        self.fm_small, self.fm_small_bold = QFontMetrics(self.small), QFontMetrics(self.small_bold)


class CardDelegate(QStyledItemDelegate):
    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self._fonts: _Fonts | None = None
        self._cache: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()
        self.shown: dict[int, tuple[str, str, bool]] = {}  # lead id -> live texts last painted
        self.colours = LIGHT
        self._turn_started: float | None = None  # when this turn of the event loop first drew a new card
        self._drawn = 0  # new cards drawn in this turn
        self._later: list[tuple[QWidget, QRect]] = []  # cards left for the next turn
        self._turn = Ticker("card-drawing", 0, self)
        self._turn.ticked.connect(self._next_turn)

    def set_dark(self, dark: bool) -> None:
        self.colours = DARK if dark else LIGHT
        self._cache.clear()

    def live_texts(self, entry: BoardEntry, cd: Countdown) -> tuple[str, str, bool]:
        """The clock and age texts of a card now (what a tick may change)."""
        lead, now = entry.lead, self.clock.now()
        if entry.column is BoardColumn.NOT_READY and lead.revisit_on:
            due = lead.revisit_on <= now.date()
            info = f"revisit {'due ' if due else ''}{lead.revisit_on:%a %d %b}"
        elif entry.column is BoardColumn.BOOKED and lead.closed_at:
            info = f"booked {age_label(lead.closed_at, now)}"
        elif entry.stalled or (lead.is_open and (lead.revisit_on or lead.draft_ready_at)):
            badges = [b for b, on in (("↻ back from not ready", lead.is_open and bool(lead.revisit_on)),
                                      ("✉ draft ready", lead.is_open and bool(lead.draft_ready_at)),
                                      ("⚑ stalled", entry.stalled)) if on]
            info = f"{' · '.join(badges)} · {age_label(lead.received_at, now)}"
        else:
            info = age_label(lead.received_at, now)
        return clock_text(entry, cd), info, cd.paused and entry.column in LIVE_COLUMNS

    def is_stale(self, entry: BoardEntry, cd: Countdown) -> bool:
        """Whether the card on screen shows other texts than it would now."""
        return self.shown.get(entry.lead.id) != self.live_texts(entry, cd)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(260, CARD_HEIGHT)

    def fonts(self, base: QFont) -> _Fonts:
        if self._fonts is None or self._fonts.base != base:
            self._fonts = _Fonts(base)
            self._cache.clear()
        return self._fonts

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        model = index.model()
        if not isinstance(model, BoardModel):
            return
        entry = model.entry(index)
        if entry is None:
            return
        fonts = self.fonts(option.font)
        rect = QRect(option.rect).adjusted(MARGIN, MARGIN // 2 + 1, -MARGIN, -(MARGIN // 2) - 1)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        owner = model.person(entry.lead.owner_id)
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        key = (entry.lead, entry.column, rect.width(), rect.height(), selected, focused, owner, ratio)
        static = self._cache.get(key)
        if static is None:
            if not self._may_render(painter, option, rect):
                return  # drawn on a later turn of the event loop
            static = self._render_static(entry, owner, rect.size(), selected, focused, fonts, ratio)
            self._cache[key] = static
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        painter.drawPixmap(rect.topLeft(), static)
        self._paint_live(painter, entry, model.countdown(entry), rect, owner is not None
                         or entry.column is BoardColumn.UNOWNED, fonts)

    def _may_render(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect) -> bool:
        """Whether a card not drawn before may be drawn in this paint: on screen, the cards drawn for the
        first time in one turn of the event loop take at most STATIC_BUDGET_S (a whole board's first paint,
        or a filter's, held the window 50-100 ms); the rest get an empty card now and are drawn on the next
        turns. Painted straight into an image, everything is drawn at once."""
        if not isinstance(painter.device(), QWidget):
            return True
        now = perf_counter()
        if self._turn_started is None:
            self._turn_started, self._drawn = now, 0
            self._turn.start()  # fires once this turn's events are done
        if self._drawn == 0 or now - self._turn_started < STATIC_BUDGET_S:  # at least one a turn: always done
            self._drawn += 1
            return True
        c = self.colours
        painter.setPen(QPen(c.border, 1))
        painter.setBrush(c.background)
        painter.drawRoundedRect(QRectF(rect).adjusted(1, 1, -1, -1), 6, 6)
        view = option.widget
        if isinstance(view, QAbstractItemView):
            self._later.append((view.viewport(), QRect(option.rect)))
        return False

    def _next_turn(self) -> None:
        self._turn.stop()
        self._turn_started = None
        later, self._later = self._later, []
        for viewport, rect in later:
            viewport.update(rect)

    # -- the part that changes with time -----------------------------------------------
    def _paint_live(self, painter: QPainter, entry: BoardEntry, cd: Countdown, rect: QRect,
                    has_badge: bool, fonts: _Fonts) -> None:
        lead = entry.lead
        state_colour = self.colours.states[cd.state]
        inner = rect.adjusted(12, 7, -10, -7)
        if entry.column in LIVE_COLUMNS:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(state_colour)
            painter.drawRoundedRect(QRectF(rect.left() + 1, rect.top() + 6, 4, rect.height() - 12), 2, 2)
        live = self.live_texts(entry, cd)
        self.shown[lead.id] = live
        urgent = cd.state in (ClockState.BREACHED, ClockState.DUE_SOON)
        layout = self.live_layout(inner, live, has_badge, urgent, fonts)
        if layout.clock is not None:
            painter.setFont(fonts.small_bold if urgent else fonts.small)
            painter.setPen(state_colour)
            painter.drawText(layout.clock, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             layout.clock_text)
        if layout.pause is not None:
            # Drawn, not a glyph: "⏸" is missing from many desktop fonts.
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self.colours.muted)
            x0, top = layout.pause.left(), layout.pause.top()
            painter.drawRect(QRectF(x0, top, 2.5, 9))
            painter.drawRect(QRectF(x0 + 4.5, top, 2.5, 9))
        if layout.info is not None:
            painter.setFont(fonts.small)
            painter.setPen(self.colours.muted)
            painter.drawText(layout.info, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             layout.info_text)

    def live_layout(self, inner: QRect, live: tuple[str, str, bool], has_badge: bool, urgent: bool,
                    fonts: _Fonts) -> LiveLayout:
        """Where the bottom line's parts go in ``inner``, each shortened until it fits beside the
        others (never over the owner's badge): "■ reply overdue 46h 49m" becomes "overdue 46h 49m",
        then "46h 49m"; "revisit due Wed 18 Nov" becomes "Wed 18 Nov"."""
        text, info, paused = live
        y3 = inner.bottom() - 18
        left = inner.left() + (28 if has_badge else 0)
        room = inner.right() - left
        clock_fm = fonts.fm_small_bold if urgent else fonts.fm_small
        pause_w = PAUSE_WIDTH if paused else 0
        clock_text = _fit(clock_fm, _shorter(text), room - pause_w) if text else ""
        clock_w = (clock_fm.horizontalAdvance(clock_text) + pause_w) if clock_text else (pause_w if text else 0)
        clock = QRect(inner.right() - clock_w, y3, clock_w - pause_w + 1, 18) if clock_text else None
        pause = QRect(inner.right() - 7, y3 + 5, 7, 9) if paused and text else None
        width = max(inner.right() - left - clock_w - 8, 0)
        info_text = _fit(fonts.fm_small, _info_forms(info), width)
        info_rect = QRect(left, y3, width, 18) if info_text else None
        return LiveLayout(clock_text, clock, pause, info_text, info_rect)

    @staticmethod
    def top_layout(inner: QRect, channel: str, fonts: _Fonts) -> tuple[QRect, QRect | None]:
        """The name's place and the channel chip's: the chip gives way on a narrow card (a name cut
        to "George …" says less than the name without its chip, whose channel the column shows too)."""
        ch_w = fonts.fm_small.horizontalAdvance(channel) + 12
        name_h = fonts.fm_bold.height()
        if inner.width() - ch_w - 8 < MIN_NAME_WIDTH:
            return QRect(inner.left(), inner.top(), inner.width(), name_h), None
        chip = QRect(inner.right() - ch_w + 1, inner.top(), ch_w, fonts.fm_small.height() + 2)
        return QRect(inner.left(), inner.top(), inner.width() - ch_w - 8, name_h), chip

    def badge_rect(self, inner: QRect) -> QRect:
        return QRect(inner.left(), inner.bottom() - 18, 22, 18)

    # -- the part that changes only with the lead ---------------------------------------
    def _render_static(self, entry: BoardEntry, owner: Person | None, size: QSize, selected: bool,
                       focused: bool, fonts: _Fonts, ratio: float) -> QPixmap:
        pixmap = QPixmap(size * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            self._draw_static(p, entry, owner, QRect(0, 0, size.width(), size.height()), selected, focused, fonts)
        finally:
            p.end()
        return pixmap

    def _draw_static(self, p: QPainter, entry: BoardEntry, owner: Person | None, rect: QRect,
                     selected: bool, focused: bool, fonts: _Fonts) -> None:
        lead = entry.lead
        c = self.colours
        border = c.accent if selected else c.border
        p.setPen(QPen(border, 2 if selected else 1))
        p.setBrush(c.selected if selected else c.background)
        p.drawRoundedRect(QRectF(rect).adjusted(1, 1, -1, -1), 6, 6)
        inner = rect.adjusted(12, 7, -10, -7)
        # line 1: contact name, channel chip at the right
        channel = lead.channel.label
        name = lead.contact_name or lead.contact_email or lead.contact_phone or "Unknown contact"
        name_rect, ch_rect = self.top_layout(inner, channel, fonts)
        if ch_rect is not None:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(c.chip)
            p.drawRoundedRect(QRectF(ch_rect), 4, 4)
            p.setFont(fonts.small)
            p.setPen(c.chip_text)
            p.drawText(ch_rect, Qt.AlignmentFlag.AlignCenter, channel)
        p.setFont(fonts.bold)
        p.setPen(c.text)
        p.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   fonts.fm_bold.elidedText(name, Qt.TextElideMode.ElideRight, name_rect.width()))
        # line 2: subject
        y2 = inner.top() + fonts.fm_bold.height() + 3
        p.setFont(fonts.base)
        p.drawText(QRect(inner.left(), y2, inner.width(), fonts.fm.height()),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   fonts.fm.elidedText(lead.subject or "(no subject)", Qt.TextElideMode.ElideRight, inner.width()))
        # line 3: the owner's badge, or a dashed "?" while nobody owns it
        badge = QRectF(inner.left(), inner.bottom() - 18, 22, 18)
        p.setFont(fonts.small)
        if owner is not None:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(owner.colour))
            p.drawRoundedRect(badge, 9, 9)
            p.setPen(QColor("white"))
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, owner.initials)
        elif entry.column is BoardColumn.UNOWNED:
            p.setPen(QPen(c.alert, 1, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(badge, 9, 9)
            p.setPen(c.alert)
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, "?")
        if focused and not selected:
            p.setPen(QPen(c.accent, 1, Qt.PenStyle.DotLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(QRectF(rect.adjusted(3, 3, -3, -3)), 5, 5)

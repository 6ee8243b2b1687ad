"""The status bar's mail line on a small screen: shortened with "…", whole in its tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ui.views.elided_label import ElidedLabel

SENTENCE = ("Microsoft no longer accepts LeakDesk's sign-in for enquiries@brightsidephysio.co.uk (it was revoked, "
            "it expired, or the password changed); choose Sign in again.")


def _ink_right(label: ElidedLabel) -> int:
    """The right-most column with any dark pixel, as the label paints itself."""
    image = label.grab().toImage()
    return max((x for x in range(image.width()) for y in range(image.height())
                if image.pixelColor(x, y).lightness() < 128), default=-1)


def test_a_long_sentence_ends_in_an_ellipsis_and_stays_whole(qtbot: QtBot) -> None:
    label = ElidedLabel()
    qtbot.addWidget(label)
    label.setText(SENTENCE)
    label.resize(300, 24)
    label.show()
    qtbot.waitExposed(label)
    assert label.text() == SENTENCE and label.toolTip() == SENTENCE
    assert label.minimumSizeHint().width() == 0  # the status bar may give it less than the sentence
    shown = label.fontMetrics().elidedText(SENTENCE, Qt.TextElideMode.ElideRight, label.contentsRect().width())
    assert shown.endswith("…") and len(shown) < len(SENTENCE)
    assert 0 < _ink_right(label) < 300
    label.resize(label.fontMetrics().horizontalAdvance(SENTENCE) + 20, 24)
    assert _ink_right(label) > 300  # with room, the whole sentence


def test_in_the_status_bar_it_takes_the_room_there_is(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    label = ElidedLabel()
    window.statusBar().addPermanentWidget(label)
    label.setText(SENTENCE)
    window.resize(1024, 300)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: label.width() > 300)  # shown, not squeezed to nothing
    assert label.width() < 1024 and _ink_right(label) > 300

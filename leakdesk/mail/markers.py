"""Many fixed strings looked for in one pass over a text (Aho–Corasick, pyahocorasick).

Reading a message asks "which of these 200 builder names, channel words or
marketplaces does it mention?" several times. A regex alternation of them
tries every alternative at every position (the largest single cost of
classifying a message); an Aho–Corasick automaton reads the text once.
pyahocorasick is this package's one home.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

import ahocorasick

T = TypeVar("T")


def _word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is not part of a longer word (the ``\\b`` rule: only a marker's edge that
    is a word character needs a boundary, so "@crm.wix.com" is found in "noreply@crm.wix.com")."""
    return not ((start > 0 and _word_char(text[start]) and _word_char(text[start - 1]))
                or (end < len(text) and _word_char(text[end - 1]) and _word_char(text[end])))


class Markers(Generic[T]):
    """A table of (value, markers): which value's markers a lowercased text holds.

    With ``whole_words``, a marker counts only where it is not part of a longer word
    (the ``\\b`` rule: "angi" is not found in "changing")."""

    def __init__(self, table: Iterable[tuple[T, Iterable[str]]], whole_words: bool = False) -> None:
        self._automaton = ahocorasick.Automaton()
        self._whole_words = whole_words
        for rank, (value, markers) in enumerate(table):
            for marker in markers:
                if marker and marker not in self._automaton:  # an earlier entry owns a shared marker
                    self._automaton.add_word(marker, (rank, len(marker), value))
        self._automaton.make_automaton()

    def spans(self, text: str) -> list[tuple[int, int, T]]:
        """(start, end, value) of every marker in ``text`` (overlaps included), in order of their ends."""
        found = [(last - length + 1, last + 1, value) for last, (_, length, value) in self._automaton.iter(text)]
        if self._whole_words:
            return [(start, end, value) for start, end, value in found if _stands_alone(text, start, end)]
        return found

    def first(self, text: str) -> T | None:
        """The value of the earliest table entry with a marker in ``text``."""
        best: tuple[int, T] | None = None
        for last, (rank, length, value) in self._automaton.iter(text):
            if best is not None and rank >= best[0]:
                continue
            if self._whole_words and not _stands_alone(text, last - length + 1, last + 1):
                continue
            best = (rank, value)
            if rank == 0:
                break
        return best[1] if best else None

    def any_in(self, text: str) -> bool:
        """Whether ``text`` holds any marker (stops at the first)."""
        for last, (_, length, _) in self._automaton.iter(text):
            if not self._whole_words or _stands_alone(text, last - length + 1, last + 1):
                return True
        return False

"""Many fixed strings looked for in one pass over a text (Aho–Corasick, ahocorasick-rs).

Reading a message asks "which of these 800 signal words, 200 builder names,
channel words or marketplaces does it mention?" several times. A regex
alternation of them tries every alternative at every position; an
Aho–Corasick automaton reads the text once. ahocorasick-rs (Rust's
aho-corasick crate) reads a mail's text about five times faster
than pyahocorasick's trie did when its tables are in the CPU's cache (3 us
instead of 12 for the 430 characters a message's opening averages). Between
messages the rest of the reading evicts them, so the compact contiguous NFA
is used: its tables are a fraction of the DFA's, and in the middle of a
batch it reads as fast. This module is its one home.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Generic, TypeVar

from ahocorasick_rs import AhoCorasick, Implementation

T = TypeVar("T")


def word_char(char: str) -> bool:
    """What re's ``\\w`` is: a letter, a digit or ``_``."""
    return char.isalnum() or char == "_"


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is not part of a longer word (the ``\\b`` rule: only a marker's edge that
    is a word character needs a boundary, so "@crm.wix.com" is found in "noreply@crm.wix.com")."""
    return not ((start > 0 and word_char(text[start]) and word_char(text[start - 1]))
                or (end < len(text) and word_char(text[end - 1]) and word_char(text[end])))


def _starts_alone(text: str, start: int, end: int) -> bool:
    """Whether a marker in Latin letters or digits at ``text[start:end]`` starts a word ("ooma", a phone
    service, is not in "toomas"; "anruf" is in "anrufbeantworter"). Other scripts' markers count anywhere
    (Chinese and Thai have no spaces; Arabic and Hebrew join "and" and "in" to the word)."""
    return not (start > 0 and text[start].isascii() and word_char(text[start]) and word_char(text[start - 1]))


class Markers(Generic[T]):
    """A table of (value, markers): which value's markers a lowercased text holds.

    With ``whole_words``, a marker counts only where it is not part of a longer word
    (the ``\\b`` rule: "angi" is not found in "changing"); with ``word_starts``, a marker in Latin
    letters only where it starts a word."""

    def __init__(self, table: Iterable[tuple[T, Iterable[str]]], whole_words: bool = False,
                 word_starts: bool = False) -> None:
        self._whole_words = whole_words
        self._word_starts = word_starts
        owners: dict[str, tuple[int, T]] = {}  # marker -> (its table entry's rank, value)
        for rank, (value, markers) in enumerate(table):
            for marker in markers:
                if marker and marker not in owners:  # an earlier entry owns a shared marker
                    owners[marker] = (rank, value)
        self._owners = list(owners.values())
        self._automaton = AhoCorasick(owners, implementation=Implementation.ContiguousNFA) if owners else None

    def _found(self, text: str) -> list[tuple[int, int, int]]:
        """(marker number, start, end) of every marker in ``text``, overlaps included, in order of their ends."""
        if self._automaton is None or not text:
            return []
        found = self._automaton.find_matches_as_indexes(text, overlapping=True)
        if self._whole_words:
            return [(i, start, end) for i, start, end in found if _stands_alone(text, start, end)]
        if self._word_starts:
            return [(i, start, end) for i, start, end in found if _starts_alone(text, start, end)]
        return found

    def spans(self, text: str) -> list[tuple[int, int, T]]:
        """(start, end, value) of every marker in ``text`` (overlaps included), in order of their ends."""
        owners = self._owners
        return [(start, end, owners[i][1]) for i, start, end in self._found(text)]

    def first(self, text: str) -> T | None:
        """The value of the earliest table entry with a marker in ``text``."""
        found = self._found(text)
        return min((self._owners[i] for i, _, _ in found), key=lambda owner: owner[0])[1] if found else None

    def any_in(self, text: str) -> bool:
        """Whether ``text`` holds any marker."""
        return bool(self._found(text))

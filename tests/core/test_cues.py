"""Cue words read over lowercased text answer as the case-blind alternation they are written as."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leakdesk.mail import authored
from leakdesk.mail.cues import Cues

LISTS = [authored._PHONE_CUE, authored._MINE, authored._YOURS]


def _alphabet(cues: Cues) -> str:
    letters = {c for c in re.sub(r"\\.", "", cues.words) if c.isalpha()}
    special = "İıſςσΣ\u212a"  # letters whose case re folds beyond lowercase (Turkish i, long s, final sigma, K)
    return "".join(sorted(letters | {c.upper() for c in letters})) + special + " .,:-/\n'0123456789"


@pytest.mark.parametrize("cues", LISTS, ids=["phone cue", "mine", "yours"])
def test_the_same_answer_as_the_case_blind_alternation(cues: Cues) -> None:
    natural = re.compile(cues.words, re.IGNORECASE)
    alphabet = _alphabet(cues)
    words = [w.replace("\\b", "") for w in re.findall(r"[^|()\\]+|\\b", cues.words) if w.strip()]

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.one_of(st.text(alphabet, max_size=12), st.sampled_from(words).map(str.title),
                              st.sampled_from(words).map(str.upper), st.sampled_from(words)), max_size=6))
    def same(parts: list[str]) -> None:
        text = " ".join(parts)[-30:]
        assert cues.in_text(text) == bool(natural.search(text)), text

    same()


@pytest.mark.parametrize("text", ["ARAYIN", "ARAYİN", "arayın", "MEİN HANDY", "ΚΑΛΈΣΤΕ", "καλέςτε", "Mſ"])
def test_letters_re_folds_beyond_lowercase(text: str) -> None:
    for cues in LISTS:
        assert cues.in_text(text) == bool(re.search(cues.words, text, re.IGNORECASE)), (cues.words[:20], text)


@pytest.mark.parametrize(("text", "found"), [("Mein HANDY:", True), ("Call US on", True), ("Reachable", True),
                                             ("Tu mob", True), ("Meine Grüße", True), ("Address", False)])
def test_what_a_person_writes_before_a_number(text: str, found: bool) -> None:
    assert (authored._MINE.in_text(text) or authored._PHONE_CUE.in_text(text)) == found


def test_words_must_be_written_in_lowercase() -> None:
    with pytest.raises(ValueError, match="lowercase"):
        Cues(r"\bMy\b|mobile")

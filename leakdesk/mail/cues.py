"""Case-blind word lists asked of short text: is any of them there?

Reading asks the few words before every number whether they claim it ("my
mobile", "mein Handy") or give it away ("your", "call us on"), in forty
languages. Written the natural way, as one case-blind alternation with a
word boundary before many of its words, re tries every alternative at every
position, case-folding each letter as it goes: 20-30 us for 30 characters.
The same alternation over lowercased text, without IGNORECASE and with its
word-boundary alternatives grouped behind one ``\\b``, lets re skip an
alternative on its first letter: five to ten times faster, the same answer.
"""

from __future__ import annotations

import re

_ESCAPE = re.compile(r"\\.")


def _alternatives(body: str) -> list[str]:
    """The top-level alternatives of a regex body (``|`` outside groups and classes)."""
    out: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(body):
        char = body[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            out.append(body[start:i])
            start = i + 1
        i += 1
    out.append(body[start:])
    return out


class Cues:
    """A case-blind alternation of lowercase words (``"\\bmy\\b|mobile|número es"``): ``in_text`` says
    whether any of them is in a text, as ``re.search(words, text, re.IGNORECASE)`` would."""

    def __init__(self, words: str) -> None:
        self.words = words
        plain = _ESCAPE.sub("", words)
        if plain != plain.lower():
            raise ValueError("cue words are written in lowercase (the text is lowercased to match them)")
        alternatives = _alternatives(words)
        bounded = [a[2:] for a in alternatives if a.startswith(r"\b")]
        free = [a for a in alternatives if not a.startswith(r"\b")]
        parts = ([rf"\b(?:{'|'.join(bounded)})"] if bounded else []) + ([f"(?:{'|'.join(free)})"] if free else [])
        self.pattern = re.compile("|".join(parts))

    def in_text(self, text: str) -> bool:
        return self.pattern.search(text.lower()) is not None

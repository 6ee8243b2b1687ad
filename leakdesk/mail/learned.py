"""What people decided before, as evidence for the next message.

A small per-business model: every "Lead", "Not a lead" and edited contact
is an example (the message's tokens and the label a person gave it,
stored by leakdesk.store.reading). A new message that shares most of its
tokens with earlier examples is read the way those were decided, and its
evidence says so ("like 3 mails you marked not a lead"). Similarity is
Jaccard over tokens through an inverted index, so a verdict costs
microseconds however many decisions there are.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

LEAD, NOT_A_LEAD = "lead", "not_a_lead"
SIMILAR = 0.35  # Jaccard similarity from which two mails are "like" each other
PER_EXAMPLE, CAP = 2.5, 7.5  # evidence weight per similar example, and its limit
MAX_EXAMPLES = 400


@dataclass(frozen=True, slots=True)
class Example:
    label: str
    tokens: frozenset[str]


class Learned:
    def __init__(self, examples: list[Example]) -> None:
        self.examples = examples[-MAX_EXAMPLES:]
        self.index: dict[str, list[int]] = {}
        for i, example in enumerate(self.examples):
            for token in example.tokens:
                self.index.setdefault(token, []).append(i)
        common = max(8, len(self.examples) // 3)
        self.stop = frozenset(t for t, ids in self.index.items() if len(ids) > common and not t.startswith("from:"))

    def __len__(self) -> int:
        return len(self.examples)

    def similar(self, tokens: frozenset[str]) -> Counter[str]:
        """How many examples of each label ``tokens`` is like."""
        shared: Counter[int] = Counter()
        for token in tokens:
            if token in self.stop:
                continue
            for i in self.index.get(token, ()):
                shared[i] += 1
        labels: Counter[str] = Counter()
        for i, count in shared.items():
            other = self.examples[i].tokens
            if count / (len(tokens) + len(other) - count) >= SIMILAR:
                labels[self.examples[i].label] += 1
        return labels

    def judge(self, tokens: frozenset[str]) -> tuple[float, str] | None:
        """(weight, words) of the evidence past decisions give, or None when none is like it."""
        if not self.examples:
            return None
        labels = self.similar(tokens)
        net = labels[LEAD] - labels[NOT_A_LEAD]
        if net == 0:
            return None
        n = abs(net)
        weight = max(-CAP, min(CAP, PER_EXAMPLE * net))
        words = f"like {n} mail{'s' if n > 1 else ''} you marked {'a lead' if net > 0 else 'not a lead'}"
        return weight, words

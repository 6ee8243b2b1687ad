"""Capped exponential backoff with jitter, for whatever retries a server (the mail watcher, the team
journal): laptops that lost the network together must not retry in step."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    first: float
    cap: float
    rng: random.Random = field(default_factory=random.Random)
    attempts: int = 0

    def next_delay(self) -> float:
        delay = min(self.cap, self.first * 2 ** self.attempts)
        self.attempts += 1
        return float(delay * self.rng.uniform(0.5, 1.0))  # jitter: laptops must not retry in step

    def reset(self) -> None:
        self.attempts = 0

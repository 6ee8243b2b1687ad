"""Which database a command or the app works on.

The data folder holds the real database and, apart from it, the demo's.
Until an inbox is connected, the demo database is the one in use.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from leakdesk import paths
from leakdesk.clock import Clock
from leakdesk.demo import create_demo
from leakdesk.store import Store


@dataclass(frozen=True)
class Workspace:
    data_dir: Path

    @property
    def real_path(self) -> Path:
        return self.data_dir / paths.DATABASE

    @property
    def demo_path(self) -> Path:
        return self.data_dir / paths.DEMO_DATABASE

    def has_inbox(self) -> bool:
        if not self.real_path.exists():
            return False
        store = Store.open(self.real_path)
        try:
            return store.has_accounts()
        finally:
            store.close()

    def open_real(self) -> Store:
        """The real database (accounts and mail live only there)."""
        return Store.open(self.real_path)

    def open(self, clock: Clock, fresh_demo: bool = False) -> tuple[Store, bool]:
        """The store in use and whether it is the demo."""
        if fresh_demo:
            return create_demo(self.demo_path, clock), True
        if self.has_inbox():
            return Store.open(self.real_path), False
        if self.demo_path.exists():
            return Store.open(self.demo_path), True
        return create_demo(self.demo_path, clock), True

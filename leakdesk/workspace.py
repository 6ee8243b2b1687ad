"""Which database a command or the app works on, and the one home of the
business's settings.

The data folder holds the real database and, apart from it, the demo's.
Until an inbox is connected, the board shows the demo; but the business's
settings always live in the real database, from the first ``settings set``
or the first save in Settings, whatever the order of set-up (the demo
keeps its own demo business). Data folders from before that rule may hold
a person's settings in the demo database: ``adopt_demo_settings`` moves
them to the real one once, and puts the demo's own back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from leakdesk import paths
from leakdesk.clock import Clock
from leakdesk.demo import create_demo
from leakdesk.demo.business import SETTINGS as DEMO_SETTINGS
from leakdesk.settings import SETTINGS, Settings
from leakdesk.store import Store

log = logging.getLogger(__name__)
ADOPTED = "demo_settings_adopted"


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

    def open_real(self, verify: bool = False) -> Store:
        """The real database (accounts, mail and the business's settings live only there);
        ``verify`` checks the file before anything is written into it."""
        return Store.open(self.real_path, verify=verify)

    def settings_store(self) -> Store:
        """Where the business's settings are read and written: the real database, always."""
        self.adopt_demo_settings()
        return self.open_real(verify=True)

    def business_settings(self) -> Settings:
        """The business's settings as they stand (defaults when none were ever saved)."""
        if not self.real_path.exists():
            return Settings({})
        store = self.settings_store()
        try:
            return store.settings.load()
        finally:
            store.close()

    def open(self, clock: Clock, fresh_demo: bool = False, verify: bool = False) -> tuple[Store, bool]:
        """The store in use and whether it is the demo; ``verify`` checks the real database first."""
        self.adopt_demo_settings()
        if fresh_demo:
            return create_demo(self.demo_path, clock), True
        if self.has_inbox():
            return Store.open(self.real_path, verify=verify), False
        if self.demo_path.exists():
            return Store.open(self.demo_path), True
        return create_demo(self.demo_path, clock), True

    def adopt_demo_settings(self) -> list[str]:
        """Move settings a person wrote into the demo database (before this rule) to the real one.

        A value in the demo that is not the demo's own is a person's. The real database's own
        values win; the demo gets its own values back. Done once per data folder; returns the
        names moved."""
        if not self.demo_path.exists():
            return []
        real_existed = self.real_path.exists()
        if real_existed:
            real = Store.open(self.real_path)
            try:
                if real.meta.get(ADOPTED) or real.read_only:
                    return []
            finally:
                real.close()
        demo = Store.open(self.demo_path)
        try:
            stored = demo.settings.stored()
            declared = {s.name for s in SETTINGS}
            mine = {k: v for k, v in stored.items() if k in declared and DEMO_SETTINGS.get(k) != v}
            if not mine and not real_existed:
                return []  # nothing to move, and no reason to create the real database yet
            real = Store.open(self.real_path, verify=True)
            try:
                with real.transaction():
                    own = real.settings.stored()
                    moved = [k for k in mine if k not in own]
                    for key in moved:
                        real.settings.set(key, mine[key])
                    real.meta.set(ADOPTED, "1")
            finally:
                real.close()
            if mine:
                with demo.transaction():
                    for key in mine:
                        if key in DEMO_SETTINGS:
                            demo.settings.set(key, DEMO_SETTINGS[key])
                        else:
                            demo.db.execute("DELETE FROM settings WHERE key = ?", [key])
        finally:
            demo.close()
        if moved:
            log.info("moved settings from the demo database to the business's: %s", ", ".join(moved))
        return moved

"""A seat's data folder as each seat's set-up makes it: the inbox connected, the team typed in (the seats
tests and bench/seats*.py start from it)."""

from __future__ import annotations

from pathlib import Path

from leakdesk.store import Store
from tests.support.command import leakdesk
from tests.support.dovecot import PASSWORD, USER

TEAM = ("Dana", "Sam", "Priya")


def connected_folder(parent: Path, name: str, port: int) -> Path:
    """``parent/name`` with the test Dovecot's inbox connected through ``port`` and the team typed in."""
    data = parent / name
    code, _, err = leakdesk(data, "account", "add", "--host", "127.0.0.1", "--port", str(port), "--security", "none",
                            "--user", USER, "--password-stdin", stdin=PASSWORD + "\n")
    if code != 0:
        raise RuntimeError(f"connecting {name}'s inbox failed ({code}): {err.strip()}")
    store = Store.open(data / "leakdesk.sqlite")
    try:
        for i, person in enumerate(TEAM):
            store.people.add(person, person[:2].upper(), f"#00000{i}", [f"{person.lower()}@clinic.test"])
    finally:
        store.close()
    return data

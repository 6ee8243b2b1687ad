"""Team members as people type them: a name, addresses, initials and a colour."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from leakdesk.errors import SettingsError
from leakdesk.store import Store

# Okabe-Ito: colours that stay apart for the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442")
_ADDRESS = re.compile(r"[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+")


def initials(name: str, address: str = "") -> str:
    words = [w for w in name.replace(".", " ").split() if w[:1].isalpha()]
    if len(words) >= 2:
        return (words[0][0] + words[-1][0]).upper()
    return (words[0][:2] if words else address[:2]).upper()


def colour_for(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


@dataclass(frozen=True)
class Member:
    """One row of the team as typed (``id`` None for someone new)."""

    id: int | None
    name: str
    emails: tuple[str, ...]
    colour: str
    active: bool = True


def parse_addresses(text: str) -> tuple[str, ...]:
    """'maya@x.com, maya.p@y.com' as addresses; raises with the one that is not an address."""
    out = []
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        if not _ADDRESS.fullmatch(part):
            raise SettingsError(f"'{part}' is not an email address; separate addresses with commas.")
        out.append(part.lower())
    return tuple(dict.fromkeys(out))


def check_team(members: Sequence[Member]) -> None:
    """Raise SettingsError with the one thing to fix: nobody on the team, a nameless row, an address
    given to two people."""
    names = [m.name.strip() for m in members if m.active]
    if not any(names):
        raise SettingsError("Add at least one team member: whoever works the leads, with their name.")
    if any(not m.name.strip() for m in members):
        raise SettingsError("Every team member needs a name.")
    seen: dict[str, str] = {}
    for m in members:
        for address in m.emails:
            if address in seen and seen[address] != m.name:
                raise SettingsError(f"{address} is given to both {seen[address]} and {m.name}; an address "
                                    "belongs to one person.")
            seen[address] = m.name


def save_team(store: Store, members: Sequence[Member]) -> None:
    """Store the team as edited: new people added, the others updated (people are never deleted:
    their leads keep their names; someone who left is made inactive). Checked first, so nothing is
    half-saved."""
    check_team(members)
    with store.transaction():
        for m in members:
            name = " ".join(m.name.split())
            if m.id is None:
                store.people.add(name, initials(name, m.emails[0] if m.emails else ""), m.colour, m.emails)
            else:
                store.people.update(replace(store.people.get(m.id), name=name, colour=m.colour, emails=m.emails,
                                            initials=initials(name, m.emails[0] if m.emails else ""),
                                            active=m.active))


def reading_team(store: Store) -> tuple[frozenset[str], frozenset[str]]:
    """What reading mail knows of the team, former members included (their mail is still the team's):
    every address, and every name."""
    people = store.people.all(False)
    return frozenset(e for p in people for e in p.emails), frozenset(p.name for p in people if p.name.strip())

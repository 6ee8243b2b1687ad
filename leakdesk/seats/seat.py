"""This data folder as a seat of the team: its id and name (the store's meta), the team key (the OS
keyring, never the database), and whether it is one at all."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass

from leakdesk import secrets
from leakdesk.errors import LeakDeskError, SecretMissing
from leakdesk.seats.crypto import new_team_key
from leakdesk.store import Store

SEAT_ID, SEAT_NAME = "seat.id", "seat.name"


class NoSeat(LeakDeskError):
    """This data folder is not a seat of a team yet."""


@dataclass(frozen=True)
class Seat:
    id: str
    name: str
    key: bytes


def key_name(seat_id: str) -> str:
    return f"leakdesk-team://{seat_id}"


def this_seat(store: Store) -> Seat | None:
    """The seat this data folder is, with its team key; None when it is not one."""
    seat_id, name = store.meta.get(SEAT_ID), store.meta.get(SEAT_NAME)
    if not seat_id:
        return None
    try:
        key = base64.b64decode(secrets.get_password(key_name(seat_id)))
    except SecretMissing:
        raise NoSeat(f"This seat ({name}) has lost its team key from the keyring; pair it again with a code from "
                     "another seat ('leakdesk seat pair CODE').") from None
    return Seat(seat_id, name or seat_id[:8], key)


def is_seat(store: Store) -> bool:
    """Whether this data folder is a seat (from the store alone: no keyring)."""
    return bool(store.meta.get(SEAT_ID))


def check_name(name: str) -> str:
    if not name.strip():
        raise LeakDeskError("Give this seat a name people recognise, e.g. 'Front desk' or 'Dana's laptop'.")
    return name.strip()


def become(store: Store, name: str, key: bytes | None = None) -> Seat:
    """Make this data folder a seat: a new team (``key`` None) or one joined by pairing. Either way it is a
    new seat with an id of its own (a seat removed from a team and paired again is not refused as the old
    one)."""
    check_name(name)
    seat_id = uuid.uuid4().hex
    team_key = key or new_team_key()
    secrets.save_password(key_name(seat_id), base64.b64encode(team_key).decode())
    store.meta.set(SEAT_ID, seat_id)
    store.meta.set(SEAT_NAME, name.strip())
    return Seat(seat_id, name.strip(), team_key)

"""The team key and pairing, with PyNaCl (libsodium): nothing here is hand-written cryptography.

Entries are sealed with XSalsa20-Poly1305 (``SecretBox``: encrypted and authenticated) under the team
key. A new seat gets the team key through a pairing code shown on an existing seat: ten characters
(about 49 bits), stretched with Argon2id into a one-time key that seals the team key in a pairing
message on the server; the code never leaves the two screens, and a guess costs Argon2id's work.
"""

from __future__ import annotations

import secrets

from nacl import pwhash
from nacl.exceptions import CryptoError
from nacl.secret import SecretBox
from nacl.utils import random

from leakdesk.errors import LeakDeskError

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed without doubt
CODE_LENGTH = 10


class WrongKey(LeakDeskError):
    """An entry that this seat's team key does not open (another team's, or damaged)."""


def new_team_key() -> bytes:
    return random(SecretBox.KEY_SIZE)


def seal(key: bytes, plain: bytes) -> bytes:
    return bytes(SecretBox(key).encrypt(plain))


def unseal(key: bytes, sealed: bytes) -> bytes:
    try:
        return bytes(SecretBox(key).decrypt(sealed))
    except CryptoError:
        raise WrongKey("This seat's team key does not open the journal's entries.") from None


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normal_code(code: str) -> str:
    """What a person typed, as the code: case, spaces and dashes do not matter."""
    return "".join(c for c in code.upper() if c.isalnum())


def code_key(code: str, salt: bytes) -> bytes:
    return bytes(pwhash.argon2id.kdf(SecretBox.KEY_SIZE, normal_code(code).encode(), salt,
                                     opslimit=pwhash.argon2id.OPSLIMIT_INTERACTIVE,
                                     memlimit=pwhash.argon2id.MEMLIMIT_INTERACTIVE))


def new_salt() -> bytes:
    return random(pwhash.argon2id.SALTBYTES)

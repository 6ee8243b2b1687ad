"""Mail accounts and the sync state of each of their folders.

No password is ever stored here: it lives in the OS keyring (leakdesk.secrets).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from leakdesk.domain.accounts import Account as Account
from leakdesk.domain.accounts import Security, SignIn
from leakdesk.errors import NotFoundError
from leakdesk.store.rows import iso, parse_iso


@dataclass(frozen=True)
class FolderState:
    account_id: int
    folder: str
    uidvalidity: int | None
    highest_uid: int
    updated_at: datetime | None


def _account(r: dict[str, Any]) -> Account:
    return Account(
        id=r["id"], name=r["name"], host=r["host"], port=r["port"], username=r["username"],
        security=Security(r["security"]), cafile=r["cafile"], inbox=r["inbox"], sent_folder=r["sent_folder"],
        team_addresses=tuple(json.loads(r["team_addresses"])), connected_at=parse_iso(r["connected_at"]),
        address=r.get("address"), sign_in=SignIn(r.get("sign_in") or SignIn.PASSWORD),
        signed_in_as=r.get("signed_in_as"), oauth_client_id=r.get("oauth_client_id"),
    )


class AccountRepository:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def add(self, account: Account, created_at: datetime) -> Account:
        cursor = self.db.execute(
            "INSERT INTO accounts (name, host, port, username, security, cafile, inbox, sent_folder,"
            " team_addresses, created_at, address, sign_in, signed_in_as, oauth_client_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [account.name, account.host, account.port, account.username, account.security, account.cafile,
             account.inbox, account.sent_folder, json.dumps(sorted({a.lower() for a in account.team_addresses})),
             iso(created_at), account.address.lower() if account.address else None, account.sign_in,
             account.signed_in_as.lower() if account.signed_in_as else None, account.oauth_client_id],
        )
        return self.get(int(cursor.lastrowid or 0))

    def get(self, account_id: int) -> Account:
        rows = list(self.db.query("SELECT * FROM accounts WHERE id = ?", [account_id]))
        if not rows:
            raise NotFoundError(f"There is no account {account_id}.")
        return _account(rows[0])

    def all(self) -> list[Account]:
        return [_account(r) for r in self.db.query("SELECT * FROM accounts ORDER BY id")]

    def mark_connected(self, account_id: int, at: datetime) -> None:
        self.db.execute("UPDATE accounts SET connected_at = coalesce(connected_at, ?) WHERE id = ?",
                        [iso(at), account_id])

    def set_address(self, account_id: int, address: str) -> None:
        self.db.execute("UPDATE accounts SET address = ? WHERE id = ?", [address.lower(), account_id])

    def set_signed_in(self, account_id: int, sign_in: SignIn, person: str, client_id: str) -> None:
        """How this account signs in now (OAuth2 with a provider), who signed in, with which registration."""
        self.db.execute("UPDATE accounts SET sign_in = ?, signed_in_as = ?, oauth_client_id = ? WHERE id = ?",
                        [sign_in, person.lower(), client_id, account_id])

    def set_sent_folder(self, account_id: int, folder: str) -> None:
        self.db.execute("UPDATE accounts SET sent_folder = ? WHERE id = ?", [folder, account_id])

    def add_team_addresses(self, account_id: int, addresses: set[str]) -> None:
        account = self.get(account_id)
        merged = sorted(set(account.team_addresses) | {a.lower() for a in addresses})
        if merged != sorted(account.team_addresses):
            self.db.execute("UPDATE accounts SET team_addresses = ? WHERE id = ?", [json.dumps(merged), account_id])

    # -- folder sync state ------------------------------------------------------------
    def folder_state(self, account_id: int, folder: str) -> FolderState | None:
        row = self.db.execute(
            "SELECT uidvalidity, highest_uid, updated_at FROM sync_state WHERE account_id = ? AND folder = ?",
            [account_id, folder],
        ).fetchone()
        if row is None:
            return None
        return FolderState(account_id, folder, row[0], row[1], parse_iso(row[2]))

    def save_folder_state(self, account_id: int, folder: str, uidvalidity: int, highest_uid: int,
                          at: datetime) -> None:
        self.db.execute(
            "INSERT INTO sync_state (account_id, folder, uidvalidity, highest_uid, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(account_id, folder) DO UPDATE SET"
            " uidvalidity = excluded.uidvalidity, highest_uid = excluded.highest_uid,"
            " updated_at = excluded.updated_at",
            [account_id, folder, uidvalidity, highest_uid, iso(at)],
        )

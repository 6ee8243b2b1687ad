"""A server that does not mark its sent folder (no SPECIAL-USE, RFC 6154): `account add` without
--sent-folder still finds it by its name, so sync reads the answers and leads are not all unanswered."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from leakdesk.mail.imap_source import special_folder
from tests.mail.conftest import mail
from tests.support.command import leakdesk
from tests.support.dovecot import PASSWORD, USER, Dovecot, start_dovecot


@pytest.fixture(scope="module")
def unmarked() -> Iterator[Dovecot]:
    server = start_dovecot(special_use=False)
    yield server
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


def test_the_sent_folder_is_found_by_its_name_when_the_server_does_not_mark_it(unmarked: Dovecot,
                                                                                 tmp_path: Path) -> None:
    with unmarked.client() as c:
        assert not any(b"\\Sent" in flags for flags, _, _ in c.list_folders())
        c.append("INBOX", mail(subject="Back pain", message_id="<q@x>"))
        c.append("Sent Items", mail(sender=f"Tom Reid <{USER}>", to="ann@example.com", subject="Re: Back pain",
                                    message_id="<r@x>", in_reply_to="<q@x>"))
    data = tmp_path / "data"
    code, _, err = leakdesk(data, "account", "add", "--host", "127.0.0.1", "--port", str(unmarked.port), "--user",
                            USER, "--security", "none", "--password-stdin", stdin=f"{PASSWORD}\n")
    assert code == 0, err
    code, _, err = leakdesk(data, "sync", "--once")
    assert code == 0, err
    code, out, _ = leakdesk(data, "leads", "--json")
    [lead] = json.loads(out)
    assert lead["subject"] == "Back pain" and lead["first_response_at"], "the answer in Sent Items was read"


@pytest.mark.parametrize(("listed", "use", "found"), [
    ([("INBOX", ()), ("Sent", ("\\Sent",)), ("Sent Items", ())], "\\Sent", "Sent"),  # the flag wins
    ([("INBOX", ()), ("Gesendete Elemente", ())], "\\Sent", "Gesendete Elemente"),
    ([("INBOX", ()), ("INBOX.Sent", ())], "\\Sent", "INBOX.Sent"),
    ([("INBOX", ()), ("[Gmail]/Drafts", ("\\Drafts",))], "\\Drafts", "[Gmail]/Drafts"),
    ([("INBOX", ()), ("Brouillons", ())], "\\Drafts", "Brouillons"),
    ([("INBOX", ()), ("Archive", ())], "\\Sent", None),
])
def test_one_rule_names_the_special_folders(listed: list[tuple[str, tuple[str, ...]]], use: str,
                                            found: str | None) -> None:
    assert special_folder(listed, use) == found

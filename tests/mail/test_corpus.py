"""The fixture corpus through the real path: Dovecot, `sync --once`, then
`messages --json` and `leads --json`, each message against its manifest."""

from __future__ import annotations

import base64
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from leakdesk import cli
from leakdesk.clock import FakeClock, SystemClock
from leakdesk.store import Store
from tests.support.dovecot import PASSWORD, USER, Dovecot

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "mail"
MANIFEST: list[dict[str, Any]] = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
BIG = "generated_10mb_attachment.eml"


def big_message() -> bytes:
    """A 10 MB attachment, made here rather than committed."""
    payload = base64.encodebytes(bytes(range(256)) * (10 * 1024 * 1024 // 256)).replace(b"\n", b"\r\n")
    return (b"From: Big Files <big@files.test>\r\nTo: front@clinic.test\r\nSubject: My MRI images\r\n"
            b"Message-ID: <big@corpus.test>\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n--m\r\nContent-Type: text/plain\r\n\r\n"
            b"Images attached.\r\n--m\r\nContent-Type: application/zip\r\n"
            b"Content-Disposition: attachment; filename=\"mri.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + payload + b"--m--\r\n")


class Outcome:
    def __init__(self, messages: list[dict[str, Any]], leads: list[dict[str, Any]],
                 places: dict[str, tuple[str, int]], data: Path) -> None:
        self.by_place = {(m["folder"], m["uid"]): m for m in messages}
        self.leads = {lead["id"]: lead for lead in leads}
        self.places = places
        self.data = data

    def message(self, file: str) -> dict[str, Any]:
        return self.by_place[self.places[file]]


@pytest.fixture(scope="module")
def outcome(dovecot: Dovecot, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Outcome]:
    import keyring

    from tests.support.memory_keyring import MemoryKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    dovecot.reset_mailbox()
    data = tmp_path_factory.mktemp("corpus-data")
    clock = FakeClock(SystemClock().now())
    places: dict[str, tuple[str, int]] = {}
    with dovecot.client() as c:
        for entry in [e for e in MANIFEST if e["folder"] == "INBOX"] + [e for e in MANIFEST if e["folder"] == "Sent"]:
            answer = c.append(entry["folder"], (CORPUS / entry["file"]).read_bytes())
            places[entry["file"]] = (entry["folder"], int(re.search(rb"APPENDUID \d+ (\d+)", answer).group(1)))
        answer = c.append("INBOX", big_message())
        places[BIG] = ("INBOX", int(re.search(rb"APPENDUID \d+ (\d+)", answer).group(1)))
    store = Store.open(data / "leakdesk.sqlite")
    store.settings.set("business.phone_region", "GB")
    store.rules.add("ignore_sender", "jobs@hireme.test", clock.now())
    store.rules.add("ignore_domain", "spamvendor.test", clock.now())
    store.close()
    parser = cli.build_parser()
    base = ["--data-dir", str(data)]

    def run(*args: str, stdin: str = "") -> str:
        out = io.StringIO()
        assert cli.run(parser.parse_args([*base, *args]), clock, out, io.StringIO(stdin)) == 0
        return out.getvalue()

    run("account", "add", "--host", "127.0.0.1", "--port", str(dovecot.port), "--user", USER, "--security",
        "none", "--password-stdin", "--team-address", "tom@clinic.test", stdin=PASSWORD + "\n")
    run("sync", "--once")
    yield Outcome(json.loads(run("messages", "--json")), json.loads(run("leads", "--json")), places, data)
    keyring.set_keyring(previous)


def test_nothing_lost_nothing_twice(outcome: Outcome) -> None:
    assert len(outcome.by_place) == len(MANIFEST) + 1
    assert {m["role"] for m in outcome.by_place.values()} <= {
        "enquiry", "inbound_reply", "outbound_reply", "not_a_lead", "quarantined"}


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_corpus_message(outcome: Outcome, entry: dict[str, Any]) -> None:
    message = outcome.message(entry["file"])
    assert message["role"] == entry["role"], message
    if entry.get("reason"):
        assert entry["reason"] in (message["reason"] or ""), message
    if "message_id" in entry:
        assert message["message_id"] == entry["message_id"]
    if entry.get("joins"):
        assert message["lead_id"] == outcome.message(entry["joins"])["lead_id"] is not None
    if entry["role"] == "enquiry":
        lead = outcome.leads[message["lead_id"]]
        for key in ("contact_email", "contact_name", "contact_phone", "channel"):
            assert lead[key] == entry[key], (key, lead)
        if entry.get("subject"):
            assert lead["subject"] == entry["subject"]
    elif entry["role"] in ("not_a_lead", "quarantined"):
        assert message["lead_id"] is None
    if entry.get("attachments"):
        assert message["attachments"] == entry["attachments"]


def test_first_response_and_owner_come_from_replies(outcome: Outcome) -> None:
    lead = outcome.leads[outcome.message("thread_start.eml")["lead_id"]]
    assert lead["first_response_at"] is not None and lead["owner"] == "Tom Reid"
    answered = outcome.leads[outcome.message("direct_plain.eml")["lead_id"]]
    assert answered["owner"] == "Maya Patel"


def test_a_10mb_attachment_is_listed_and_kept_out_of_the_database(outcome: Outcome) -> None:
    message = outcome.message(BIG)
    assert message["role"] == "enquiry"
    [[name, ctype, size]] = message["attachments"]
    assert (name, ctype) == ("mri.zip", "application/zip") and size >= 10 * 1024 * 1024
    assert (outcome.data / "leakdesk.sqlite").stat().st_size < 4 * 1024 * 1024
    assert [p.stat().st_size > 10 * 1024 * 1024 for p in (outcome.data / "mail").glob("*.eml")] == [True]

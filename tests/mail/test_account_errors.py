"""Bad settings and broken servers: one clear sentence, no traceback, no retry storm."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest

from leakdesk import cli
from leakdesk.clock import FakeClock
from leakdesk.errors import AuthFailed, CertificateInvalid, MailError, SecretsError, ServerUnreachable
from leakdesk.mail import service
from leakdesk.store import Store
from tests.mail.conftest import mail
from tests.support.dovecot import PASSWORD, USER, Dovecot, free_port


def add(store: Store, clock: FakeClock, **kw: object) -> None:
    args: dict[str, object] = {"host": "127.0.0.1", "user": USER, "password": PASSWORD, "security": "none"}
    args.update(kw)
    service.add_account(store, clock, **args)  # type: ignore[arg-type]


def one_sentence(text: str) -> None:
    assert "\n" not in text and "Traceback" not in text and text.endswith(".")


def test_wrong_password(imap: Dovecot, mail_store: Store, clock: FakeClock) -> None:
    with pytest.raises(AuthFailed) as err:
        add(mail_store, clock, port=imap.port, password="wrong")
    one_sentence(str(err.value))
    assert "refused the user name or password" in str(err.value) and mail_store.accounts.all() == []


def test_wrong_port(mail_store: Store, clock: FakeClock) -> None:
    with pytest.raises(ServerUnreachable, match=r"Nothing answers at 127\.0\.0\.1:") as err:
        add(mail_store, clock, port=free_port())
    one_sentence(str(err.value))


def test_tls_to_a_plain_port(imap: Dovecot, mail_store: Store, clock: FakeClock) -> None:
    with pytest.raises(ServerUnreachable, match="did not answer with TLS") as err:
        add(mail_store, clock, port=imap.port, security="ssl", cafile=str(imap.cafile))
    one_sentence(str(err.value))


def test_untrusted_certificate(imap: Dovecot, mail_store: Store, clock: FakeClock) -> None:
    with pytest.raises(CertificateInvalid, match="not trusted") as err:
        add(mail_store, clock, port=imap.tls_port, security="ssl")
    one_sentence(str(err.value))
    assert "--cafile" in str(err.value)


def test_plaintext_only_to_this_computer(mail_store: Store, clock: FakeClock) -> None:
    with pytest.raises(MailError, match="allowed only for this computer") as err:
        add(mail_store, clock, host="mail.example.com", port=143)
    one_sentence(str(err.value))


def test_no_keyring_is_said_and_nothing_is_stored(imap: Dovecot, mail_store: Store, clock: FakeClock,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    keyring.set_keyring(FailKeyring())
    with pytest.raises(SecretsError, match="No secure password store") as err:
        add(mail_store, clock, port=imap.port)
    one_sentence(str(err.value))
    assert mail_store.accounts.all() == []


def test_cli_account_add_sync_and_messages(
    imap: Dovecot, tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with imap.client() as c:
        c.append("INBOX", mail(subject="Hip pain", message_id="<hip@x>"))
    base = ["--data-dir", str(tmp_path)]
    parser = cli.build_parser()
    add_args = parser.parse_args([*base, "account", "add", "--host", "127.0.0.1", "--port", str(imap.tls_port),
                                  "--user", USER, "--password-stdin", "--cafile", str(imap.cafile),
                                  "--team-address", "maya@clinic.test"])
    assert cli.run(add_args, clock, io.StringIO(), io.StringIO(PASSWORD + "\n")) == 0
    assert cli.run(parser.parse_args([*base, "sync", "--once"]), clock, io.StringIO()) == 0
    err = capsys.readouterr().err
    assert "importing history of INBOX: 1/1 messages, 1 new leads" in err and "Synced; 1 messages stored." in err
    out = io.StringIO()
    assert cli.run(parser.parse_args([*base, "messages", "--json"]), clock, out) == 0
    [message] = json.loads(out.getvalue())
    assert message["message_id"] == "<hip@x>" and message["role"] == "enquiry" and message["lead_id"] == 1
    assert message["folder"] == "INBOX" and message["uid"] >= 1 and message["uidvalidity"] > 0
    out = io.StringIO()
    assert cli.run(parser.parse_args([*base, "leads", "--json"]), clock, out) == 0
    [lead] = json.loads(out.getvalue())
    assert lead["message_ids"] == ["<hip@x>"] and lead["contact_email"] == "ann@example.com"
    # The password is in the keyring only: not in the database, its WAL, the settings or the logs.
    secret = PASSWORD.encode()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert secret not in path.read_bytes(), path
    assert PASSWORD not in caplog.text


def test_cli_sync_without_account_says_what_to_do(tmp_path: Path, clock: FakeClock,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    args = cli.build_parser().parse_args(["--data-dir", str(tmp_path), "sync", "--once"])
    assert cli.run(args, clock, io.StringIO()) == 2
    assert capsys.readouterr().err == "leakdesk: No inbox is connected yet; add one with 'leakdesk account add'.\n"


def test_cli_refuses_password_on_the_command_line(tmp_path: Path, clock: FakeClock,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    args = cli.build_parser().parse_args(["--data-dir", str(tmp_path), "account", "add", "--host", "127.0.0.1",
                                          "--user", USER])
    assert cli.run(args, clock, io.StringIO()) == 2
    assert "--password-stdin" in capsys.readouterr().err

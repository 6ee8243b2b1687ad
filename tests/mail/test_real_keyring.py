"""The real path for secrets: the command line against a real GNOME Keyring."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.mail.conftest import mail
from tests.support.command import MAIN, ROOT
from tests.support.dovecot import PASSWORD, USER, Dovecot
from tests.support.session_keyring import session_keyring


def leakdesk(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MAIN, *args], cwd=ROOT,
                          env={**env, "PYTHONPATH": str(ROOT)}, input=stdin, capture_output=True, text=True,
                          timeout=120)


def test_password_lives_in_gnome_keyring_only(imap: Dovecot, tmp_path: Path) -> None:
    with imap.client() as c:
        c.append("INBOX", mail(subject="Through the real keyring", message_id="<rk@x>"))
    data = str(tmp_path / "data")
    with session_keyring() as env:
        added = leakdesk(env, "--data-dir", data, "account", "add", "--host", "127.0.0.1", "--port",
                         str(imap.tls_port), "--user", USER, "--cafile", str(imap.cafile), "--password-stdin",
                         stdin=PASSWORD + "\n")
        assert added.returncode == 0, added.stderr
        synced = leakdesk(env, "--data-dir", data, "sync", "--once")
        assert synced.returncode == 0, synced.stderr
        listed = leakdesk(env, "--data-dir", data, "leads", "--json")
        assert [lead["subject"] for lead in json.loads(listed.stdout)] == ["Through the real keyring"]
        probe = "import keyring; print(type(keyring.get_keyring()).__module__)"
        backend = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60)
        assert backend.stdout.strip() == "keyring.backends.SecretService"
        keyring_files = list(Path(env["HOME"]).rglob("*.keyring"))
        assert keyring_files and all(PASSWORD.encode() not in f.read_bytes() for f in keyring_files)
    for path in Path(data).rglob("*"):
        if path.is_file():
            assert PASSWORD.encode() not in path.read_bytes(), path
    assert PASSWORD not in added.stderr + synced.stderr + listed.stderr

"""A real Dovecot IMAP server on 127.0.0.1 for tests and benchmarks.

Throw-away config, passwd-file users and Maildir in a temp folder; a plain
listener and a TLS one with a certificate from a CA made for the run.
RECIPES.md has the facts this relies on (root vs normal user, readiness,
restart timing).
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import imapclient

from tests.support.processes import poll_until

DOVECOT = "/usr/sbin/dovecot"
USER, PASSWORD = "front@clinic.test", "s3cret-Passw0rd!"
SHARED_USER = "shared"  # a hosting panel's user name that is not an address (same password)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _make_certificates(folder: Path) -> None:
    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=LeakDesk Test CA",
        "-keyout", str(folder / "ca.key"), "-out", str(folder / "ca.crt"),
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
        "-keyout", str(folder / "server.key"), "-out", str(folder / "server.csr"))
    (folder / "san.ext").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    run("x509", "-req", "-in", str(folder / "server.csr"), "-CA", str(folder / "ca.crt"),
        "-CAkey", str(folder / "ca.key"), "-CAcreateserial", "-days", "2",
        "-extfile", str(folder / "san.ext"), "-out", str(folder / "server.crt"))


@dataclass
class Dovecot:
    folder: Path
    port: int = field(default_factory=free_port)
    tls_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    special_use: bool = True  # False: a server that does not say which folder is Sent (no RFC 6154)

    @property
    def cafile(self) -> Path:
        return self.folder / "ca.crt"

    def _config(self) -> str:
        root = os.geteuid() == 0
        owner = pwd.getpwnam("dovecot") if root else pwd.getpwuid(os.geteuid())
        chroot = "" if root else "  chroot =\n"
        f = self.folder
        return f"""
base_dir = {f}/run
state_dir = {f}/state
log_path = {f}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{f}/server.crt
ssl_key = <{f}/server.key
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {owner.pw_name}
default_internal_group = {owner.pw_name}
default_login_user = {owner.pw_name}
first_valid_uid = {owner.pw_uid}
mail_location = maildir:~/Maildir
mail_fsync = never
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {f}/users
}}
userdb {{
  driver = static
  args = uid={owner.pw_uid} gid={owner.pw_gid} home={f}/home/%u
}}
namespace inbox {{
  inbox = yes
  separator = /
{self._folders()}
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
    ssl = yes
  }}
{chroot}}}
service anvil {{
{chroot}}}
"""

    def _folders(self) -> str:
        if not self.special_use:
            return ("  mailbox \"Sent Items\" {\n    auto = subscribe\n  }\n"
                    "  mailbox Drafts {\n    auto = subscribe\n  }")
        return ("  mailbox Sent {\n    special_use = \\Sent\n    auto = subscribe\n  }\n"
                "  mailbox Drafts {\n    special_use = \\Drafts\n    auto = subscribe\n  }")

    def prepare(self) -> None:
        os.chmod(self.folder, 0o755)
        _make_certificates(self.folder)
        (self.folder / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n{SHARED_USER}:{{PLAIN}}{PASSWORD}\n")
        (self.folder / "home").mkdir(exist_ok=True)
        (self.folder / "dovecot.conf").write_text(self._config())
        if os.geteuid() == 0:
            owner = pwd.getpwnam("dovecot")
            for path in (self.folder / "home", self.folder / "users"):
                os.chown(path, owner.pw_uid, owner.pw_gid)

    def start(self, timeout: float = 10.0) -> None:
        shutil.rmtree(self.folder / "run", ignore_errors=True)
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.folder / "dovecot.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        process = self.process

        def greeted() -> bool:  # ready when the port sends the greeting, not merely accepts
            if process.poll() is not None:
                return True
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                    return s.recv(64).startswith(b"* OK")
            except OSError:
                return False

        if not poll_until(greeted, timeout):
            raise RuntimeError(f"dovecot did not greet within {timeout} s\n{self.log()}")
        if process.poll() is not None:
            err = process.stderr.read().decode() if process.stderr else ""
            raise RuntimeError(f"dovecot exited: {err}\n{self.log()}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)
        if self.process.stderr:
            self.process.stderr.close()
        self.process = None
        # The master's children may hold the port briefly after it exits.
        def port_free() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return False
            except OSError:
                return True

        poll_until(port_free, timeout=5, interval=0.05)

    def restart(self) -> None:
        self.stop()
        self.start()

    def log(self) -> str:
        path = self.folder / "dovecot.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    # -- a client for the tests' own APPENDs ------------------------------------------
    def client(self, user: str = USER) -> imapclient.IMAPClient:
        c = imapclient.IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        c.login(user, PASSWORD)
        return c

    def reset_mailbox(self) -> None:
        """Empty every folder (and recreate Sent) between tests."""
        with self.client() as c:
            for flags, _, name in c.list_folders():
                if name == "INBOX":
                    c.select_folder("INBOX")
                    uids = c.search("ALL")
                    if uids:
                        c.delete_messages(uids)
                        c.expunge()
                elif b"\\Sent" not in flags and b"\\Drafts" not in flags:
                    c.delete_folder(name)
                else:
                    c.select_folder(name)
                    uids = c.search("ALL")
                    if uids:
                        c.delete_messages(uids)
                        c.expunge()


def start_dovecot(folder: Path | None = None, special_use: bool = True) -> Dovecot:
    server = Dovecot(Path(folder or tempfile.mkdtemp(prefix="dovecot-")), special_use=special_use)
    server.prepare()
    server.start()
    return server


def tls_context(server: Dovecot) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(server.cafile))

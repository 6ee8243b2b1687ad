"""A real Dovecot IMAP server on 127.0.0.1 for tests and benchmarks.

Throw-away config, passwd-file users and Maildir in a temp folder; a plain
listener and a TLS one with a certificate from a CA made for the run.
RECIPES.md has the facts this relies on (root vs normal user, readiness,
restart timing).

With `oauth2_key` set it also signs people in with OAuth2 bearer tokens
(XOAUTH2 and OAUTHBEARER), as Microsoft 365 and Gmail do: HS256 JWTs signed
with that key (tests/support/auth_server.py issues them), checked locally by
Dovecot, no HTTP. And it serves a Microsoft 365 style shared mailbox
(SHARED_MAILBOX) that a delegate opens with their own token.
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
from base64 import b64encode
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import imapclient

from tests.support.processes import poll_until

DOVECOT = "/usr/sbin/dovecot"
USER, PASSWORD = "front@clinic.test", "s3cret-Passw0rd!"
SHARED_USER = "shared"  # a hosting panel's user name that is not an address (same password)
# A Microsoft 365 style shared mailbox: no password of its own; its delegates (USER) open it with their own token.
SHARED_MAILBOX = "enquiries@clinic.test"


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
    # OAuth2 sign-in (off unless set): the HS256 key the access tokens are signed with (AuthServer.key).
    oauth2_key: bytes | None = None
    # Shared mailbox -> who may open it with their own token (only with oauth2_key).
    delegates: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: {SHARED_MAILBOX: (USER,)})
    auth_debug: bool = False  # auth_debug = yes in dovecot.log (why a login was refused)
    # The bearer mechanisms offered (only with oauth2_key): Outlook's servers offer only XOAUTH2.
    oauth2_mechanisms: tuple[str, ...] = ("xoauth2", "oauthbearer")

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
auth_mechanisms = {self._mechanisms()}
auth_failure_delay = 0{self._auth_debug()}
default_internal_user = {owner.pw_name}
default_internal_group = {owner.pw_name}
default_login_user = {owner.pw_name}
first_valid_uid = {owner.pw_uid}
mail_location = maildir:~/Maildir
mail_fsync = never
{self._no_failure_delay()}passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {f}/users
{self._password_mechanisms()}}}
{self._oauth2_passdbs()}userdb {{
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
{chroot}{self._no_auth_penalty()}}}
"""

    def _folders(self) -> str:
        if not self.special_use:
            return ("  mailbox \"Sent Items\" {\n    auto = subscribe\n  }\n"
                    "  mailbox Drafts {\n    auto = subscribe\n  }")
        return ("  mailbox Sent {\n    special_use = \\Sent\n    auto = subscribe\n  }\n"
                "  mailbox Drafts {\n    special_use = \\Drafts\n    auto = subscribe\n  }")

    # -- OAuth2 (only with oauth2_key) ------------------------------------------------
    #
    # Dovecot 2.3.19's oauth2 passdb validates the JWT itself ("local" introspection):
    # signature with the key in KEYDIR/<azp or default>/HS256/<kid or default>
    # (base64), `exp`, and that the token's `email` is the login name (after
    # username_format). So the access tokens carry no `azp` and no `kid`.
    #
    # The shared mailbox is a chain of three passdbs for XOAUTH2/OAUTHBEARER:
    #  1. oauth2 "own": the token's email is the login name -> signed in (return-ok);
    #     otherwise continue.
    #  2. oauth2 "delegate": username_format is a constant, so any valid token
    #     passes whatever login name it came with; it keeps the token's email in
    #     the extra field `delegate` and, with result_success = continue, marks the
    #     token as verified without yet signing anyone in (an invalid or expired
    #     token fails here: return-fail).
    #  3. passwd-file of delegations, looked up as "<delegate>/<login name>" and
    #     only after 2. (skip = unauthenticated; no password is checked again):
    #     found -> signed in to the shared mailbox; not found -> refused.
    # The `mechanisms` filters keep passwords out of 2.-3. and tokens out of the
    # password passdb. Before all of them a static passdb only sets `nodelay` (see
    # _no_failure_delay). Checked by experiment on Dovecot 2.3.19.1 (auth_debug = True
    # shows each step in dovecot.log).

    def _mechanisms(self) -> str:
        return f"plain login {' '.join(self.oauth2_mechanisms)}" if self.oauth2_key is not None else "plain login"

    def _auth_debug(self) -> str:
        return "\nauth_debug = yes\nauth_verbose = yes" if self.auth_debug else ""

    def _password_mechanisms(self) -> str:
        return "  mechanisms = plain login\n" if self.oauth2_key is not None else ""

    def _no_auth_penalty(self) -> str:
        # Dovecot delays the next sign-in from an address after each failed one (2, 4, 8, 15 s;
        # a refused token counts, and each new token is a new attempt): an auth process that
        # cannot open this socket applies no penalty, so refused-token tests stay fast.
        if self.oauth2_key is None:
            return ""
        return "  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n"

    def _no_failure_delay(self) -> str:
        # Even with auth_failure_delay = 0, Dovecot answers a refused sign-in at its next 0.5 s
        # check, unless the request has the extra field `nodelay`. A first passdb that
        # authenticates nobody (noauthenticate: the chain goes on, its fields stay) sets it.
        if self.oauth2_key is None:
            return ""
        return "passdb {\n  driver = static\n  args = nopassword=y noauthenticate=y nodelay=y\n}\n"

    def _oauth2_passdbs(self) -> str:
        if self.oauth2_key is None:
            return ""
        f, bearer = self.folder, " ".join(self.oauth2_mechanisms)
        return f"""passdb {{
  driver = oauth2
  mechanisms = {bearer}
  args = {f}/oauth2-own.conf.ext
  result_success = return-ok
  result_failure = continue
  result_internalfail = continue
}}
passdb {{
  driver = oauth2
  mechanisms = {bearer}
  args = {f}/oauth2-delegate.conf.ext
  result_success = continue
  result_failure = return-fail
  result_internalfail = return-fail
}}
passdb {{
  driver = passwd-file
  mechanisms = {bearer}
  skip = unauthenticated
  args = username_format=%{{passdb:delegate}}/%u {f}/delegations
  result_success = return-ok
  result_failure = return-fail
  result_internalfail = return-fail
}}
"""

    def _oauth2_files(self) -> list[Path]:
        assert self.oauth2_key is not None
        f = self.folder
        common = (f"introspection_mode = local\nlocal_validation_key_dict = fs:posix:prefix={f}/keys/\n"
                  "username_attribute = email\nactive_attribute =\nactive_value =\n")
        (f / "oauth2-own.conf.ext").write_text(common)
        (f / "oauth2-delegate.conf.ext").write_text(
            common + "username_format = any-valid-token\npass_attrs = delegate=%{oauth2:email}\n")
        key = f / "keys" / "default" / "HS256" / "default"
        key.parent.mkdir(parents=True, exist_ok=True)
        key.write_text(b64encode(self.oauth2_key).decode() + "\n")
        (f / "delegations").write_text("".join(
            f"{delegate}/{mailbox}::::::\n" for mailbox, people in self.delegates.items() for delegate in people))
        return [f / "keys", key.parent.parent, key.parent, key, f / "delegations"]

    def prepare(self) -> None:
        os.chmod(self.folder, 0o755)
        _make_certificates(self.folder)
        (self.folder / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n{SHARED_USER}:{{PLAIN}}{PASSWORD}\n")
        (self.folder / "home").mkdir(exist_ok=True)
        (self.folder / "dovecot.conf").write_text(self._config())
        oauth2_files = self._oauth2_files() if self.oauth2_key is not None else []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("dovecot")
            for path in (self.folder / "home", self.folder / "users", *oauth2_files):
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

    def oauth2_client(self, user: str, token: str, mechanism: str = "XOAUTH2") -> imapclient.IMAPClient:
        """Signed in with a bearer token (XOAUTH2 or OAUTHBEARER) on the plain port; raises
        imapclient's LoginError when Dovecot refuses it."""
        c = imapclient.IMAPClient("127.0.0.1", port=self.port, ssl=False, timeout=10)
        try:
            if mechanism == "XOAUTH2":
                c.oauth2_login(user, token)
            else:
                c.oauthbearer_login(user, token)
        except BaseException:
            c.shutdown()
            raise
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


def start_dovecot(folder: Path | None = None, special_use: bool = True, oauth2_key: bytes | None = None,
                  oauth2_mechanisms: tuple[str, ...] = ("xoauth2", "oauthbearer")) -> Dovecot:
    server = Dovecot(Path(folder or tempfile.mkdtemp(prefix="dovecot-")), special_use=special_use,
                     oauth2_key=oauth2_key, oauth2_mechanisms=oauth2_mechanisms)
    server.prepare()
    server.start()
    return server


def tls_context(server: Dovecot) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(server.cafile))

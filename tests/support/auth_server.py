"""A local OAuth2 authorization server standing in for the Microsoft identity
platform and Google, so the real client libraries (msal, google-auth-oauthlib,
google-auth) sign in end to end in tests, and the tests' Dovecot
(tests/support/dovecot.py with `oauth2_key=server.key`) accepts the access
tokens it issues.

HTTPS on 127.0.0.1 with a certificate from a CA made for the run (msal refuses
an http authority): give clients `cafile` (msal `verify=str(cafile)`, or
REQUESTS_CA_BUNDLE for requests-based libraries).

Microsoft (authority `microsoft_authority`, with `instance_discovery=False`):
    GET  /{tenant}/v2.0/.well-known/openid-configuration
    GET  /{tenant}/oauth2/v2.0/authorize   PKCE (S256) required; answers with
         response_mode form_post (an auto-submitting form) or query (a 302)
    POST /{tenant}/oauth2/v2.0/token       authorization_code, refresh_token
         (a new refresh token at each use), device_code
    POST /{tenant}/oauth2/v2.0/devicecode
Google (`google_client_config(client_id)` for InstalledAppFlow.from_client_config):
    GET  /google/o/oauth2/auth             a 302 to the loopback redirect_uri
    POST /google/token                     authorization_code, refresh_token
         (no new refresh token on refresh)

Access tokens are HS256 JWTs signed with `key` that carry `sub` and `email` (the
signed-in `user`), `exp`, `iat`, `scope` (and no `azp` or `kid`: Dovecot would
look for the key elsewhere). ID tokens are signed with another key, so Dovecot
never takes one for an access token. Error answers copy the providers' shapes
(`error`, `error_description`, for Microsoft the AADSTS code and `error_codes`).

The person at the browser is `browse(url)`; `as_default_browser()` makes it
the browser Python's `webbrowser` opens, which is how msal's
acquire_token_interactive and InstalledAppFlow.run_local_server open one.
"""

from __future__ import annotations

import base64
import hashlib
import html
import http.client
import json
import os
import secrets
import shutil
import ssl
import tempfile
import threading
import uuid
import webbrowser
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import jwt
import trustme

from leakdesk.clock import Clock, SystemClock
from tests.support.dovecot import USER

TENANT_ID = "6f1c2b7e-0d3a-4c55-9a47-3b1e2f9d8c10"  # the clinic's Entra tenant
MICROSOFT_IMAP_SCOPE = "https://outlook.office.com/IMAP.AccessAsUser.All"
GOOGLE_MAIL_SCOPE = "https://mail.google.com/"
BROWSER_NAME = "leakdesk-test-browser"
_OIDC_SCOPES = {"openid", "profile", "offline_access", "email"}


def _pkce_s256(verifier: str) -> str:
    """RFC 7636's S256: BASE64URL(SHA256(verifier)) without padding."""
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()


def _b64url_json(value: Mapping[str, str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


def _is_loopback(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme == "http" and parts.hostname in ("localhost", "127.0.0.1", "::1")


class OAuthError(Exception):
    """An error answer of the token or device-code endpoint (HTTP 400)."""

    def __init__(self, error: str, description: str, code: int | None = None, status: int = 400) -> None:
        super().__init__(f"{error}: {description}")
        self.error, self.description, self.code, self.status = error, description, code, status


@dataclass
class _Grant:
    """What an authorization code, a refresh token or a device code stands for."""

    provider: str  # "microsoft" or "google"
    client_id: str
    user: str
    scope: list[str]
    redirect_uri: str = ""
    code_challenge: str | None = None
    code_challenge_method: str = "plain"
    nonce: str | None = None
    offline: bool = True  # whether a refresh token comes with it
    # refresh tokens: "revoked" / "inactive" once revoked, "used" once rotated away in strict mode
    dead: str | None = None
    # device codes: "pending", "approved", "declined", "redeemed"
    device_state: str = "pending"
    user_code: str = ""
    requested_scope_words: list[str] = field(default_factory=list)  # as asked for, openid & co included


@dataclass(frozen=True)
class Browsed:
    """What the browser ended on: the loopback redirect's answer."""

    url: str
    status: int
    body: str


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.method = "GET"
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form" and self.action is None:
            self.action = found.get("action", "")
            self.method = found.get("method", "GET").upper()
        elif tag == "input" and found.get("name"):
            self.fields[found["name"]] = found.get("value", "")


class _TestBrowser(webbrowser.BaseBrowser):
    """The default browser while `as_default_browser()` is active."""

    def __init__(self, server: AuthServer) -> None:
        super().__init__(BROWSER_NAME)
        self._server = server

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        # The caller serves the redirect in the thread that called open(): browse elsewhere.
        thread = threading.Thread(target=self._server._browse_in_background, args=(url,),
                                  name="test-browser", daemon=True)
        self._server._browser_threads.append(thread)
        thread.start()
        return True


class _HTTPSServer(ThreadingHTTPServer):
    daemon_threads = True
    ssl_context: ssl.SSLContext
    auth: AuthServer


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPSServer
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        # The TLS handshake happens in this request's thread, not in the accept loop.
        self.request.settimeout(10)
        self.request = self.server.ssl_context.wrap_socket(self.request, server_side=True)
        super().setup()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.request.close()  # the TLS socket made in setup(); the server closes only the plain one

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.server.auth._dispatch(self, "GET")

    def do_POST(self) -> None:
        self.server.auth._dispatch(self, "POST")

    # -- answers -------------------------------------------------------------------
    def send(self, status: int, body: bytes, content_type: str, headers: Mapping[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def send_json(self, status: int, value: Mapping[str, Any]) -> None:
        self.send(status, json.dumps(value).encode(), "application/json; charset=utf-8")

    def redirect(self, location: str) -> None:
        self.send(302, b"", "text/html; charset=utf-8", {"Location": location})

    def form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        return dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))


@dataclass
class AuthServer:
    """Start with `start()` or `with AuthServer() as server:`."""

    key: bytes = field(default_factory=lambda: secrets.token_bytes(32))  # signs access tokens (Dovecot's key)
    user: str = USER  # who signs in at the browser
    access_lifetime: int = 3600  # seconds; <= 0 issues access tokens that have already expired
    clock: Clock = field(default_factory=SystemClock)  # stamps iat/exp (Dovecot and msal judge them by the real time)
    # Microsoft answers each refresh with a new refresh token and the old one keeps working;
    # True: the old one is refused once used (strict rotation).
    strict_rotation: bool = False
    # Faults a test arms: the person clicks "Cancel" / an admin must approve this app first
    decline_next: bool = False
    admin_consent_next: bool = False
    # For assertions
    code_grants: int = 0  # authorization_code grants answered with tokens
    refresh_grants: int = 0  # refresh_token grants asked for (answered or refused)
    device_polls: int = 0  # device_code grants asked for (pending, refused or answered)
    issued_refresh_tokens: list[str] = field(default_factory=list)
    issued_access_tokens: list[str] = field(default_factory=list)
    authorize_requests: list[dict[str, str]] = field(default_factory=list)  # query of each authorize request
    token_requests: list[dict[str, str]] = field(default_factory=list)  # form of each token request
    browse_errors: list[BaseException] = field(default_factory=list)  # raised in as_default_browser's threads
    browsed: list[Browsed] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._id_token_key = secrets.token_bytes(32)
        self._lock = threading.RLock()
        self._codes: dict[str, _Grant] = {}
        self._refresh: dict[str, _Grant] = {}
        self._devices: dict[str, _Grant] = {}  # by device_code
        self._ca = trustme.CA()
        self._folder: Path | None = None
        self._httpd: _HTTPSServer | None = None
        self._thread: threading.Thread | None = None
        self._browser_threads: list[threading.Thread] = []

    # -- life ----------------------------------------------------------------------
    def start(self) -> AuthServer:
        self._folder = Path(tempfile.mkdtemp(prefix="auth-server-"))
        self._ca.cert_pem.write_to_path(str(self._folder / "ca.pem"))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
        httpd = _HTTPSServer(("127.0.0.1", 0), _Handler)
        httpd.ssl_context = context
        httpd.auth = self
        self._httpd = httpd
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="auth-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.join_browser()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __enter__(self) -> AuthServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "start() the server first"
        return f"https://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def cafile(self) -> Path:
        assert self._folder is not None, "start() the server first"
        return self._folder / "ca.pem"

    def ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts this server."""
        return ssl.create_default_context(cafile=str(self.cafile))

    # -- the two providers ---------------------------------------------------------------
    @property
    def microsoft_authority(self) -> str:
        return f"{self.base_url}/organizations"

    @property
    def microsoft_issuer(self) -> str:
        return f"{self.base_url}/{TENANT_ID}/v2.0"

    @property
    def google_issuer(self) -> str:
        return f"{self.base_url}/google"

    def google_client_config(self, client_id: str = "leakdesk-test.apps.googleusercontent.com",
                             client_secret: str = "test-client-secret") -> dict[str, dict[str, Any]]:
        """For InstalledAppFlow.from_client_config (it needs a client_secret, as Google's desktop clients have)."""
        return {"installed": {
            "client_id": client_id,
            "client_secret": client_secret,
            "auth_uri": f"{self.base_url}/google/o/oauth2/auth",
            "token_uri": f"{self.base_url}/google/token",
            "redirect_uris": ["http://localhost"],
        }}

    # -- faults and the person --------------------------------------------------------------
    def revoke(self, refresh_token: str | None = None, *, why: str = "revoked") -> None:
        """Refuse a refresh token (None: every one issued so far) from now on, with invalid_grant.
        why="revoked": an admin revoked the sessions or the password changed (AADSTS50173);
        why="inactive": it expired unused (AADSTS700082). Google says "Token has been expired or revoked." for both."""
        assert why in ("revoked", "inactive")
        with self._lock:
            tokens = list(self._refresh) if refresh_token is None else [refresh_token]
            for token in tokens:
                self._refresh[token].dead = why

    def approve_device(self, user_code: str) -> None:
        """The person (`user`) enters the device code at the verification page and accepts."""
        with self._lock:
            grant = self._device_by_user_code(user_code)
            grant.device_state, grant.user = "approved", self.user

    def pending_device_codes(self) -> list[str]:
        """The codes shown to people and not yet entered (what a person reads off the app's screen)."""
        with self._lock:
            return [g.user_code for g in self._devices.values() if g.device_state == "pending"]

    def decline_device(self, user_code: str) -> None:
        self._device_by_user_code(user_code).device_state = "declined"

    def _device_by_user_code(self, user_code: str) -> _Grant:
        with self._lock:
            for grant in self._devices.values():
                if grant.user_code == user_code:
                    return grant
        raise KeyError(user_code)

    def browse(self, url: str) -> Browsed:
        """What a browser does when the person clicks "Accept" (see ``browse``)."""
        self.browsed.append(browse(url, self.ssl_context()))
        return self.browsed[-1]

    def _browse_in_background(self, url: str) -> None:
        try:
            self.browse(url)
        except BaseException as error:  # kept for the test to see; a thread has nobody to raise to
            self.browse_errors.append(error)

    @contextmanager
    def as_default_browser(self) -> Iterator[AuthServer]:
        """While active, `webbrowser.open(url)` / `webbrowser.get().open(url)` run browse(url) in a
        background thread (the only browser Python knows of; $BROWSER names it, which also keeps
        msal from preferring Microsoft Edge)."""
        state = vars(webbrowser)
        with state["_lock"]:
            saved = {name: state[name] for name in ("_tryorder", "_browsers", "_os_preferred_browser")}
            state["_browsers"] = {BROWSER_NAME: [None, _TestBrowser(self)]}
            state["_tryorder"] = [BROWSER_NAME]
            state["_os_preferred_browser"] = None
        saved_env = os.environ.get("BROWSER")
        os.environ["BROWSER"] = BROWSER_NAME
        try:
            yield self
        finally:
            if saved_env is None:
                os.environ.pop("BROWSER", None)
            else:
                os.environ["BROWSER"] = saved_env
            with state["_lock"]:
                state.update(saved)
            self.join_browser()

    def join_browser(self) -> None:
        for thread in self._browser_threads:
            thread.join(10)
        self._browser_threads.clear()

    # -- tokens ------------------------------------------------------------------------------
    def mint(self, user: str | None = None) -> str:
        """An access token for ``user`` (default: who signs in) without a sign-in: the tests' own
        deliveries into a mailbox that has no password (the shared one, through its delegate)."""
        grant = _Grant("microsoft", "test-delivery", user or self.user, [MICROSOFT_IMAP_SCOPE])
        with self._lock:
            token, _ = self._access_token(grant)
            self.issued_access_tokens.remove(token)  # not one the product was given
        return token

    def _access_token(self, grant: _Grant) -> tuple[str, int]:
        now = self._now()
        exp = now + self.access_lifetime
        iat = now if exp > now else exp - 3600  # an already-expired token was issued an hour before it expired
        claims = {
            "iss": self.microsoft_issuer if grant.provider == "microsoft" else self.google_issuer,
            "aud": "https://outlook.office.com" if grant.provider == "microsoft" else grant.client_id,
            "sub": grant.user, "email": grant.user, "iat": iat, "exp": exp,
            "scope": " ".join(grant.scope), "jti": uuid.uuid4().hex,
        }
        if grant.provider == "microsoft":
            claims.update(tid=TENANT_ID, oid=self._oid(grant.user), upn=grant.user)
        token = jwt.encode(claims, self.key, algorithm="HS256")
        self.issued_access_tokens.append(token)
        return token, self.access_lifetime

    def _id_token(self, grant: _Grant, nonce: str | None) -> str:
        now = self._now()
        if grant.provider == "microsoft":
            claims: dict[str, Any] = {
                "ver": "2.0", "iss": self.microsoft_issuer, "aud": grant.client_id, "tid": TENANT_ID,
                "oid": self._oid(grant.user), "sub": self._subject(grant.user, grant.client_id),
                "preferred_username": grant.user, "name": grant.user.split("@")[0].title(),
                "iat": now, "nbf": now, "exp": now + 3600,
            }
        else:
            claims = {
                "iss": self.google_issuer, "azp": grant.client_id, "aud": grant.client_id,
                "sub": str(int(hashlib.sha256(grant.user.encode()).hexdigest()[:15], 16)),
                "email": grant.user, "email_verified": True, "iat": now, "exp": now + 3600,
            }
        if nonce is not None:
            claims["nonce"] = nonce
        return jwt.encode(claims, self._id_token_key, algorithm="HS256", headers={"kid": "id-token-key"})

    def _now(self) -> int:
        return int(self.clock.now().timestamp())

    @staticmethod
    def _oid(user: str) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, f"oid:{user}"))

    @staticmethod
    def _subject(user: str, client_id: str) -> str:  # pairwise, as Microsoft's `sub` is
        return base64.urlsafe_b64encode(hashlib.sha256(f"{user}|{client_id}".encode()).digest()[:24]).decode()

    def _tokens(self, grant: _Grant, *, nonce: str | None = None, new_refresh: bool = True) -> dict[str, Any]:
        access, lifetime = self._access_token(grant)
        answer: dict[str, Any] = {"token_type": "Bearer", "scope": " ".join(grant.scope), "expires_in": lifetime,
                                  "access_token": access}
        if grant.provider == "microsoft":
            answer["ext_expires_in"] = lifetime
            answer["client_info"] = _b64url_json({"uid": self._oid(grant.user), "utid": TENANT_ID})
        if "openid" in grant.requested_scope_words:
            answer["id_token"] = self._id_token(grant, nonce)
        if grant.offline and new_refresh:
            token = ("0.A" if grant.provider == "microsoft" else "1//") + secrets.token_urlsafe(48)
            self._refresh[token] = _Grant(grant.provider, grant.client_id, grant.user, grant.scope,
                                          offline=True, requested_scope_words=grant.requested_scope_words)
            self.issued_refresh_tokens.append(token)
            answer["refresh_token"] = token
        return answer

    # -- HTTP --------------------------------------------------------------------------------
    def _dispatch(self, handler: _Handler, method: str) -> None:
        parts = urlsplit(handler.path)
        path = parts.path.rstrip("/").split("/")[1:]
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        try:
            if method == "GET" and path == ["google", "o", "oauth2", "auth"]:
                self._authorize(handler, "google", query)
            elif method == "POST" and path == ["google", "token"]:
                self._token(handler, "google", handler.form())
            elif len(path) == 4 and path[1:] == ["v2.0", ".well-known", "openid-configuration"] and method == "GET":
                handler.send_json(200, self._openid_configuration(path[0]))
            elif len(path) == 4 and path[1:3] == ["oauth2", "v2.0"]:
                if method == "GET" and path[3] == "authorize":
                    self._authorize(handler, "microsoft", query)
                elif method == "POST" and path[3] == "token":
                    self._token(handler, "microsoft", handler.form())
                elif method == "POST" and path[3] == "devicecode":
                    self._device_code(handler, path[0], handler.form())
                else:
                    handler.send_json(404, {"error": "not_found"})
            else:
                handler.send_json(404, {"error": "not_found"})
        except OAuthError as error:
            handler.send_json(error.status, self._error_body(error))

    def _error_body(self, error: OAuthError) -> dict[str, Any]:
        body: dict[str, Any] = {"error": error.error, "error_description": error.description}
        if error.code is not None:  # Microsoft's shape
            body.update(error_codes=[error.code], timestamp=self.clock.now().strftime("%Y-%m-%d %H:%M:%SZ"),
                        trace_id=str(uuid.uuid4()), correlation_id=str(uuid.uuid4()),
                        error_uri=f"{self.base_url}/error?code={error.code}")
        return body

    def _openid_configuration(self, tenant: str) -> dict[str, Any]:
        base = f"{self.base_url}/{tenant}"
        return {
            "issuer": f"{self.base_url}/{{tenantid}}/v2.0" if tenant in ("organizations", "common") else
            self.microsoft_issuer,
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
            "jwks_uri": f"{base}/discovery/v2.0/keys",
            "response_modes_supported": ["query", "fragment", "form_post"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["plain", "S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "tenant_region_scope": "EU",
        }

    def _authorize(self, handler: _Handler, provider: str, query: dict[str, str]) -> None:
        with self._lock:
            self.authorize_requests.append(dict(query))
        redirect_uri = query.get("redirect_uri", "")
        if not query.get("client_id") or not _is_loopback(redirect_uri):
            # Never redirected: the provider shows this on its own page.
            handler.send(400, b"<html><body>AADSTS50011: The redirect URI does not match.</body></html>",
                         "text/html; charset=utf-8")
            return
        response_mode = query.get("response_mode", "query")
        state = query.get("state")

        def answer(params: dict[str, str]) -> None:
            if state is not None:
                params["state"] = state
            if response_mode == "form_post":
                inputs = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}"/>'
                                 for k, v in params.items())
                page = ('<html><head><title>Working...</title></head><body>'
                        f'<form method="POST" name="hiddenform" action="{html.escape(redirect_uri)}">{inputs}'
                        '<noscript><p>Script is disabled. Click Submit to continue.</p>'
                        '<input type="submit" value="Submit" /></noscript></form>'
                        '<script language="javascript">document.forms[0].submit();</script></body></html>')
                handler.send(200, page.encode(), "text/html; charset=utf-8")
            else:
                separator = "&" if "?" in redirect_uri else "?"
                handler.redirect(f"{redirect_uri}{separator}{urlencode(params)}")

        if query.get("response_type") != "code":
            answer({"error": "unsupported_response_type",
                    "error_description": "AADSTS700054: response_type 'id_token' is not enabled for the application."
                    if provider == "microsoft" else "Invalid response_type"})
            return
        challenge, method = query.get("code_challenge"), query.get("code_challenge_method", "plain")
        if provider == "microsoft" and not challenge:
            answer({"error": "invalid_request", "error_description":
                    "AADSTS9002325: Proof Key for Code Exchange is required for cross-origin authorization code "
                    "redemption."})
            return
        if challenge and method not in ("S256", "plain"):
            answer({"error": "invalid_request", "error_description": "Invalid code_challenge_method"})
            return
        with self._lock:
            declined, self.decline_next = self.decline_next, False
            admin, self.admin_consent_next = self.admin_consent_next, False
        if declined:  # the person clicked "Cancel" on the consent page
            answer({"error": "access_denied", "error_subcode": "cancel",
                    "error_description": "AADSTS65004: User declined to consent to access the app."}
                   if provider == "microsoft" else {"error": "access_denied"})
            return
        if admin:
            # Microsoft shows "Need admin approval" (AADSTS90094) and sends the person back without
            # consent; Google Workspace refuses scopes its admin has not allowed.
            answer({"error": "consent_required", "error_description":
                    "AADSTS90094: The grant requires admin permission."}
                   if provider == "microsoft" else
                   {"error": "admin_policy_enforced", "error_description":
                    "The Google Account is unable to authorize one or more scopes requested due to the policies "
                    "of their Google Workspace administrator."})
            return
        words = query.get("scope", "").split()
        offline = "offline_access" in words if provider == "microsoft" else query.get("access_type") == "offline"
        grant = _Grant(provider, query["client_id"], self.user, self._granted(provider, words), redirect_uri,
                       challenge, method if challenge else "plain", query.get("nonce"), offline,
                       requested_scope_words=words)
        code = secrets.token_urlsafe(32)
        with self._lock:
            self._codes[code] = grant
        params = {"code": code}
        if provider == "microsoft":
            params["client_info"] = _b64url_json({"uid": self._oid(self.user), "utid": TENANT_ID})
            params["session_state"] = str(uuid.uuid4())
        else:
            params.update(scope=" ".join(words), authuser="0", prompt="consent")
        answer(params)

    @staticmethod
    def _granted(provider: str, words: list[str]) -> list[str]:
        if provider == "microsoft":  # the resource's scopes; openid & co only shape the answer
            return [w for w in words if w not in _OIDC_SCOPES] or words
        return words  # Google echoes what was asked for (oauthlib warns when the scope changes)

    def _token(self, handler: _Handler, provider: str, form: dict[str, str]) -> None:
        with self._lock:
            self.token_requests.append(dict(form))
            client_id = form.get("client_id") or self._basic_client_id(handler)
            grant_type = form.get("grant_type")
            if grant_type == "authorization_code":
                answer = self._code_grant(provider, client_id, form)
            elif grant_type == "refresh_token":
                answer = self._refresh_grant(provider, client_id, form)
            elif grant_type == "urn:ietf:params:oauth:grant-type:device_code" and provider == "microsoft":
                answer = self._device_grant(client_id, form)
            else:
                raise self._invalid(provider, "unsupported_grant_type", 70003,
                                    f"The app requested an unsupported grant type '{grant_type}'.")
        handler.send_json(200, answer)

    @staticmethod
    def _basic_client_id(handler: _Handler) -> str:
        value = handler.headers.get("Authorization", "")
        if not value.lower().startswith("basic "):
            return ""
        return base64.b64decode(value[6:]).decode().split(":", 1)[0]

    @staticmethod
    def _invalid(provider: str, error: str, code: int, description: str, google: str | None = None) -> OAuthError:
        if provider == "microsoft":
            return OAuthError(error, f"AADSTS{code}: {description}", code)
        return OAuthError(error, google or description)

    def _code_grant(self, provider: str, client_id: str, form: dict[str, str]) -> dict[str, Any]:
        grant = self._codes.pop(form.get("code", ""), None)  # single use
        if grant is None or grant.provider != provider:
            raise self._invalid(provider, "invalid_grant", 70000,
                                "The provided value for the 'code' parameter is not valid.", "Bad Request")
        if client_id != grant.client_id:
            raise self._invalid(provider, "invalid_client", 700016,
                                f"Application with identifier '{client_id}' was not found.", "The OAuth client was "
                                "not found.")
        if form.get("redirect_uri") != grant.redirect_uri:
            raise self._invalid(provider, "invalid_grant", 50148,
                                "The redirect_uri does not match the one used in the authorization request.",
                                "Bad Request")
        if grant.code_challenge is not None:
            verifier = form.get("code_verifier", "")
            computed = _pkce_s256(verifier) if grant.code_challenge_method == "S256" else verifier
            if not verifier or not secrets.compare_digest(computed, grant.code_challenge):
                raise self._invalid(provider, "invalid_grant", 501481,
                                    "The Code_Verifier does not match the code_challenge supplied in the "
                                    "authorization request.", "Invalid code verifier.")
        self.code_grants += 1
        return self._tokens(grant, nonce=grant.nonce)

    def _refresh_grant(self, provider: str, client_id: str, form: dict[str, str]) -> dict[str, Any]:
        self.refresh_grants += 1
        token = form.get("refresh_token", "")
        grant = self._refresh.get(token)
        if grant is None or grant.provider != provider:
            raise self._invalid(provider, "invalid_grant", 9002313,
                                "Invalid request. Request is malformed or invalid.", "Bad Request")
        if grant.dead is not None:
            if grant.dead == "inactive":
                raise self._invalid(provider, "invalid_grant", 700082,
                                    "The refresh token has expired due to inactivity. The token was issued on "
                                    "2026-08-01T09:00:00Z and was inactive for 90.00:00:00.",
                                    "Token has been expired or revoked.")
            if grant.dead == "used":
                raise self._invalid(provider, "invalid_grant", 70000,
                                    "The provided value for the 'refresh_token' is not valid: it was already used.",
                                    "Token has been expired or revoked.")
            raise self._invalid(provider, "invalid_grant", 50173,
                                "The provided grant has expired due to it being revoked, a fresh auth token is "
                                "needed. The user might have changed or reset their password.",
                                "Token has been expired or revoked.")
        if client_id != grant.client_id:
            raise self._invalid(provider, "invalid_grant", 700005,
                                "Provided Authorization Code is intended to use against other tenant, "
                                "corrupted or not issued for this client.", "Unauthorized")
        words = form.get("scope", "").split() or grant.requested_scope_words
        asked = _Grant(provider, grant.client_id, grant.user, self._granted(provider, words) if words else grant.scope,
                       offline=grant.offline, requested_scope_words=words)
        if provider == "google":  # Google keeps the refresh token: none comes back
            return self._tokens(asked, new_refresh=False)
        if self.strict_rotation:
            grant.dead = "used"
        return self._tokens(asked)

    def _device_code(self, handler: _Handler, tenant: str, form: dict[str, str]) -> None:
        client_id = form.get("client_id", "")
        if not client_id:
            raise self._invalid("microsoft", "invalid_request", 900144,
                                "The request body must contain the following parameter: 'client_id'.")
        words = form.get("scope", "").split()
        device_code = secrets.token_urlsafe(48)
        user_code = "".join(secrets.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(9))
        with self._lock:
            self._devices[device_code] = _Grant(
                "microsoft", client_id, self.user, self._granted("microsoft", words),
                offline="offline_access" in words, user_code=user_code, requested_scope_words=words)
        verification = f"{self.base_url}/devicelogin"
        handler.send_json(200, {
            "user_code": user_code, "device_code": device_code, "verification_uri": verification,
            "expires_in": 900, "interval": 1,
            "message": f"To sign in, use a web browser to open the page {verification} and enter the code "
                       f"{user_code} to authenticate.",
        })

    def _device_grant(self, client_id: str, form: dict[str, str]) -> dict[str, Any]:
        self.device_polls += 1
        grant = self._devices.get(form.get("device_code", ""))
        if grant is None or grant.client_id != client_id or grant.device_state == "redeemed":
            raise self._invalid("microsoft", "expired_token", 70020,
                                "The provided value for the input parameter 'device_code' is not valid.")
        if grant.device_state == "pending":
            raise self._invalid("microsoft", "authorization_pending", 70016,
                                "OAuth 2.0 device flow error. Authorization is pending. Continue polling.")
        if grant.device_state == "declined":
            raise self._invalid("microsoft", "authorization_declined", 70000,
                                "The user declined to authorize the device.")
        grant.device_state = "redeemed"
        return self._tokens(grant)


def browse(url: str, context: ssl.SSLContext) -> Browsed:
    """What a browser does when the person clicks "Accept": open the authorize URL, then follow
    the 302 to the app's loopback redirect, or submit the form_post form to it."""
    status, headers, body = _request("GET", url, context=context)
    if status in (301, 302, 303, 307):
        target, method, data = headers["location"], "GET", None
    elif status == 200 and "<form" in body:
        parser = _FormParser()
        parser.feed(body)
        assert parser.action, body
        target, method, data = parser.action, parser.method, urlencode(parser.fields)
    else:  # the provider's own page (a bad request is never redirected)
        return Browsed(url, status, body)
    assert _is_loopback(target), f"the browser would leave the machine: {target}"
    status, _, body = _request(method, target, data=data)
    return Browsed(target, status, body)


def _request(method: str, url: str, *, data: str | None = None,
             context: ssl.SSLContext | None = None) -> tuple[int, dict[str, str], str]:
    """One HTTP(S) request, no redirects followed, the connection closed after it."""
    parts = urlsplit(url)
    assert parts.hostname is not None
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.hostname, parts.port, context=context, timeout=10)
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if data is not None else {}
        connection.request(method, target, body=data, headers=headers)
        response = connection.getresponse()
        body = response.read().decode("utf-8", errors="replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        connection.close()

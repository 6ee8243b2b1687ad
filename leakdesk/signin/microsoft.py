"""Sign-in with Microsoft 365 / Outlook.com through msal (Microsoft's own library).

The browser sign-in listens on a loopback redirect (RFC 8252) with PKCE, both done by msal; the
device code is for machines where the loopback is blocked; the refresh grant renews the access
token. msal's own token cache is not used: LeakDesk keeps only the refresh token, in the keyring.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

import msal
import requests

from leakdesk.errors import MailError, ServerUnreachable
from leakdesk.signin.apps import OAuthApp
from leakdesk.signin.grants import Grant, person_in, refusal

PAGE = ("<html><body style='font-family:sans-serif;margin:3em'><h2>{title}</h2><p>{text}</p></body></html>")
SIGNED_IN = PAGE.format(title="LeakDesk is signed in", text="You can close this tab and go back to LeakDesk.")
NOT_SIGNED_IN = PAGE.format(title="LeakDesk is not signed in",
                            text="Go back to LeakDesk: it says what happened and how to try again.")


def _client(app: OAuthApp) -> msal.PublicClientApplication:
    app.check()
    official = urlparse(app.authority).hostname == "login.microsoftonline.com"
    try:  # msal checks the authority (and reads its metadata) here
        return msal.PublicClientApplication(app.client_id, authority=app.authority,
                                            instance_discovery=None if official else False)
    except (requests.RequestException, ValueError) as exc:
        raise ServerUnreachable(f"Microsoft's sign-in service at {urlparse(app.authority).hostname} cannot be "
                                f"reached now ({type(exc).__name__}); check the network and try again.") from None


def _grant(result: dict[str, Any] | None, who: str) -> Grant:
    if not result or "access_token" not in result:
        result = result or {"error": "timeout", "error_description": ""}
        raise refusal("Microsoft", str(result.get("error", "")), str(result.get("error_description", "")), who)
    return Grant(result["access_token"], result.get("refresh_token"), float(result.get("expires_in", 3600)),
                 person_in(result.get("id_token"), result.get("id_token_claims")))


def _network(call: Callable[[], dict[str, Any] | None], who: str) -> Grant:
    try:
        return _grant(call(), who)
    except requests.RequestException as exc:
        raise ServerUnreachable(f"Microsoft's sign-in service cannot be reached now ({type(exc).__name__}); "
                                "check the network and try again.") from None
    except RuntimeError as exc:  # msal: the loopback port is taken, or no browser could be opened
        raise MailError(f"LeakDesk could not start the sign-in in your browser ({exc}); try the device code "
                        "instead.") from None


def sign_in_in_browser(app: OAuthApp, login_hint: str, timeout: float = 300) -> Grant:
    """The system browser opens Microsoft's page; the answer comes back to a loopback port."""
    client = _client(app)
    return _network(lambda: client.acquire_token_interactive(
        list(app.scopes), login_hint=login_hint or None, prompt="select_account", timeout=int(timeout),
        success_template=SIGNED_IN, error_template=NOT_SIGNED_IN), login_hint)


def sign_in_with_code(app: OAuthApp, login_hint: str, show: Callable[[str, str, str], None],
                      cancelled: Callable[[], bool] = lambda: False) -> Grant:
    """The device code: ``show(message, url, code)`` tells the person where to type the code (on any
    device); this waits until they did, the code expired, or ``cancelled()``."""
    client = _client(app)
    try:
        flow = client.initiate_device_flow(scopes=list(app.scopes))
    except requests.RequestException as exc:
        raise ServerUnreachable(f"Microsoft's sign-in service cannot be reached now ({type(exc).__name__}); "
                                "check the network and try again.") from None
    if "user_code" not in flow:
        raise refusal("Microsoft", str(flow.get("error", "")), str(flow.get("error_description", "")), login_hint)
    show(str(flow.get("message", "")), str(flow.get("verification_uri", "")), str(flow["user_code"]))
    return _network(lambda: client.acquire_token_by_device_flow(flow, exit_condition=lambda _flow: cancelled()),
                    login_hint)


def refresh(app: OAuthApp, refresh_token: str, who: str) -> Grant:
    """A new access token (and, as Microsoft rotates them, usually a new refresh token)."""
    client = _client(app)
    return _network(lambda: client.acquire_token_by_refresh_token(refresh_token, scopes=list(app.scopes)), who)

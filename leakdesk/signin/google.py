"""Sign-in with Google through google-auth-oauthlib and google-auth (Google's own libraries).

The browser sign-in listens on a loopback redirect (RFC 8252) with PKCE, both done by
InstalledAppFlow; the refresh grant renews the access token. Google returns a refresh token on
consent (access_type=offline, prompt=consent) and does not rotate it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC

import google.auth.exceptions
import requests
from google.auth.transport.requests import Request
from google.oauth2.credentials import Credentials
from google_auth_oauthlib.flow import InstalledAppFlow
from oauthlib.oauth2.rfc6749.errors import OAuth2Error

from leakdesk.clock import Clock, SystemClock
from leakdesk.errors import LeakDeskError, MailError, ServerUnreachable
from leakdesk.signin.apps import OAuthApp
from leakdesk.signin.grants import Grant, person_in, refusal

SIGNED_IN = "LeakDesk is signed in. You can close this tab and go back to LeakDesk."
NO_BROWSER = "If no browser opened, open this address to sign in with Google:\n{url}"  # as msal says it


def _config(app: OAuthApp) -> dict[str, dict[str, object]]:
    return {"installed": {"client_id": app.client_id, "client_secret": app.client_secret,
                          "auth_uri": app.authority, "token_uri": app.token_uri,
                          "redirect_uris": ["http://127.0.0.1"]}}


def _seconds_left(credentials: Credentials, clock: Clock) -> float:
    expiry = credentials.expiry  # naive UTC, as google-auth keeps it
    if expiry is None:
        return 3600.0
    return float((expiry.replace(tzinfo=UTC) - clock.now()).total_seconds())


def _said(call: Callable[[], Grant], who: str) -> Grant:
    """Google's and oauthlib's exceptions, each as LeakDesk's sentence."""
    try:
        return call()
    except LeakDeskError:
        raise
    except OAuth2Error as exc:
        raise refusal("Google", exc.error, exc.description or "", who) from None
    except google.auth.exceptions.RefreshError as exc:
        text = str(exc.args[0]) if exc.args else str(exc)
        error, _, description = text.partition(":")
        raise refusal("Google", error.strip(), description.strip(), who) from None
    except (google.auth.exceptions.TransportError, requests.RequestException) as exc:
        raise ServerUnreachable(f"Google's sign-in service cannot be reached now ({type(exc).__name__}); "
                                "check the network and try again.") from None
    except OSError as exc:  # the loopback port could not be opened
        raise MailError(f"LeakDesk could not listen for Google's answer on this computer ({exc}).") from None
    except Exception as exc:
        if type(exc).__name__ == "WSGITimeoutError":
            raise refusal("Google", "timeout", "", who) from None
        raise


def sign_in_in_browser(app: OAuthApp, login_hint: str, timeout: float = 300,
                       clock: Clock | None = None) -> Grant:
    """The system browser opens Google's page; the answer comes back to a loopback port."""
    app.check()
    now = clock or SystemClock()

    def run() -> Grant:
        flow = InstalledAppFlow.from_client_config(_config(app), scopes=list(app.scopes))
        credentials = flow.run_local_server(
            host="127.0.0.1", port=0, open_browser=True, timeout_seconds=int(timeout),
            authorization_prompt_message=NO_BROWSER, success_message=SIGNED_IN,
            access_type="offline", prompt="consent", login_hint=login_hint or None)
        return Grant(str(credentials.token), credentials.refresh_token, _seconds_left(credentials, now),
                     person_in(getattr(credentials, "id_token", None)))

    return _said(run, login_hint)


def refresh(app: OAuthApp, refresh_token: str, who: str, clock: Clock | None = None) -> Grant:
    """A new access token for the stored refresh token (Google keeps the same refresh token)."""
    app.check()
    now = clock or SystemClock()

    def run() -> Grant:
        credentials = Credentials(  # type: ignore[no-untyped-call]
            None, refresh_token=refresh_token, token_uri=app.token_uri, client_id=app.client_id,
            client_secret=app.client_secret, scopes=list(app.scopes))
        credentials.refresh(Request())  # type: ignore[no-untyped-call]
        return Grant(str(credentials.token), credentials.refresh_token or refresh_token,
                     _seconds_left(credentials, now), person_in(getattr(credentials, "id_token", None)))

    return _said(run, who)

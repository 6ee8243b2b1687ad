"""LeakDesk's app registrations with Microsoft and Google: the one place their client ids live.

A release replaces the placeholders below with LeakDesk's registered client ids (installer/README.md
has the registration steps). A business with its own app registration sets ``signin.microsoft_client_id``
or ``signin.google_client_id``; the environment variables override both, and also move the endpoints
(the tests point them at a local authorization server).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from leakdesk.domain.accounts import SignIn
from leakdesk.errors import AuthFailed

MICROSOFT_CLIENT_ID = "LEAKDESK-MICROSOFT-CLIENT-ID-NOT-REGISTERED"
GOOGLE_CLIENT_ID = "LEAKDESK-GOOGLE-CLIENT-ID-NOT-REGISTERED"
# Google gives "Desktop app" clients a secret that its documentation says is not treated as one
# (it ships inside every copy of the app); its token endpoint still asks for it.
GOOGLE_CLIENT_SECRET = "LEAKDESK-GOOGLE-CLIENT-SECRET-NOT-REGISTERED"
PLACEHOLDERS = (MICROSOFT_CLIENT_ID, GOOGLE_CLIENT_ID)

MICROSOFT_AUTHORITY = "https://login.microsoftonline.com/common"  # work, school and personal accounts
GOOGLE_AUTH_URI = "https://accounts.google.com/o/oauth2/auth"
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"
# msal adds openid, profile and offline_access (the refresh token) by itself and refuses them as input.
MICROSOFT_SCOPES = ("https://outlook.office.com/IMAP.AccessAsUser.All",)
GOOGLE_SCOPES = ("https://mail.google.com/", "openid", "https://www.googleapis.com/auth/userinfo.email")
IMAP_HOSTS = {SignIn.MICROSOFT: "outlook.office365.com", SignIn.GOOGLE: "imap.gmail.com"}
# The providers' IMAP servers under every name they have had: an account on one of them signs in with OAuth2.
SERVERS = {"outlook.office365.com": SignIn.MICROSOFT, "outlook.office.com": SignIn.MICROSOFT,
           "imap-mail.outlook.com": SignIn.MICROSOFT, "imap.outlook.com": SignIn.MICROSOFT,
           "imap.gmail.com": SignIn.GOOGLE, "imap.googlemail.com": SignIn.GOOGLE}
NAMES = {SignIn.MICROSOFT: "Microsoft", SignIn.GOOGLE: "Google"}

ENV = {
    "microsoft_client_id": "LEAKDESK_MICROSOFT_CLIENT_ID",
    "microsoft_authority": "LEAKDESK_MICROSOFT_AUTHORITY",
    "google_client_id": "LEAKDESK_GOOGLE_CLIENT_ID",
    "google_client_secret": "LEAKDESK_GOOGLE_CLIENT_SECRET",
    "google_auth_uri": "LEAKDESK_GOOGLE_AUTH_URI",
    "google_token_uri": "LEAKDESK_GOOGLE_TOKEN_URI",
}


@dataclass(frozen=True)
class OAuthApp:
    """One provider's registration as LeakDesk uses it."""

    provider: SignIn
    client_id: str
    authority: str           # Microsoft: the authority URL; Google: the authorization endpoint
    scopes: tuple[str, ...]
    token_uri: str = ""      # Google's token endpoint
    client_secret: str = ""  # Google's installed-app secret (public by design)

    @property
    def name(self) -> str:
        return NAMES[self.provider]

    def check(self) -> None:
        """Refuse to start a sign-in with a placeholder client id, in one sentence."""
        if self.client_id in PLACEHOLDERS or not self.client_id:
            setting = f"signin.{self.provider.value}_client_id"
            raise AuthFailed(f"This copy of LeakDesk has no {self.name} app registration yet; set {setting} "
                             f"(or {ENV[f'{self.provider.value}_client_id']}) to your organisation's client id "
                             "(installer/README.md says how to register one).")


def _pick(name: str, stored: Mapping[str, str], default: str) -> str:
    return os.environ.get(ENV[name]) or stored.get(f"signin.{name}") or default


def app_for(provider: SignIn, stored: Mapping[str, str], client_id: str | None = None) -> OAuthApp:
    """The registration to use: the environment, then the business's settings, then LeakDesk's own;
    ``client_id`` is the one an account's refresh token was issued to (it works with no other)."""
    if provider == SignIn.MICROSOFT:
        return OAuthApp(provider, client_id or _pick("microsoft_client_id", stored, MICROSOFT_CLIENT_ID),
                        _pick("microsoft_authority", {}, MICROSOFT_AUTHORITY), MICROSOFT_SCOPES)
    if provider == SignIn.GOOGLE:
        return OAuthApp(provider, client_id or _pick("google_client_id", stored, GOOGLE_CLIENT_ID),
                        _pick("google_auth_uri", {}, GOOGLE_AUTH_URI), GOOGLE_SCOPES,
                        token_uri=_pick("google_token_uri", {}, GOOGLE_TOKEN_URI),
                        client_secret=_pick("google_client_secret", {}, GOOGLE_CLIENT_SECRET))
    raise AuthFailed(f"'{provider}' is not an OAuth2 sign-in; use microsoft or google.")

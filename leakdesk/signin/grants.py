"""What a provider's token endpoint gave (a Grant), or why it refused, as one sentence.

Both providers speak RFC 6749 errors: ``invalid_grant`` (a refresh token revoked, expired or its
password changed), ``access_denied`` (the person declined), ``consent_required`` / Microsoft's
AADSTS65001 and AADSTS90094 (an administrator must approve the app first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jwt

from leakdesk.errors import AuthFailed, MailError, ServerUnreachable, SignInNeeded

ADMIN_CODES = ("aadsts65001", "aadsts90094", "aadsts90095", "aadsts65005", "admin_policy_enforced")
DECLINED_CODES = ("aadsts65004", "aadsts50126")


@dataclass(frozen=True)
class Grant:
    access_token: str
    refresh_token: str | None
    expires_in: float  # seconds the access token lasts from now
    person: str | None  # the address of who signed in, from the ID token (None when it had none)


def person_in(id_token: str | None, claims: dict[str, Any] | None = None) -> str | None:
    """Who signed in: preferred_username / upn / email of the ID token (never ``sub``, an opaque id).

    The ID token came straight from the token endpoint over TLS, so its claims are read without
    checking its signature (as msal does); the IMAP server checks the access token itself."""
    if claims is None and id_token:
        try:
            claims = jwt.decode(id_token, options={"verify_signature": False})
        except jwt.PyJWTError:
            claims = None
    for name in ("preferred_username", "upn", "email"):
        value = (claims or {}).get(name)
        if isinstance(value, str) and "@" in value:
            return value.strip().lower()
    return None


def refusal(provider: str, error: str, description: str, who: str) -> MailError:
    """The sentence for a refused sign-in or refresh; SignInNeeded where signing in again is the fix."""
    said = f"{error} {description}".lower()
    if error == "authorization_pending":
        return MailError(f"The sign-in with {provider} was stopped before it finished.")
    if error in ("expired_token", "code_expired"):
        return MailError(f"The sign-in code for {provider} expired before it was used; choose Sign in again.")
    if error in ("access_denied", "authorization_declined") or any(code in said for code in DECLINED_CODES):
        return SignInNeeded(f"The sign-in with {provider} for {who} was cancelled or declined, so LeakDesk "
                            "cannot read the inbox; choose Sign in again and accept LeakDesk's request.")
    if error == "consent_required" or any(code in said for code in ADMIN_CODES) or \
            ("admin" in said and ("consent" in said or "approv" in said)):
        return SignInNeeded(f"{provider} says an administrator of {who.partition('@')[2] or 'your organisation'} "
                            "must approve LeakDesk first; ask your admin to grant it (installer/README.md has the "
                            "steps), then choose Sign in again.")
    if error in ("invalid_grant", "interaction_required", "login_required"):
        return SignInNeeded(f"{provider} no longer accepts LeakDesk's sign-in for {who} (it was revoked, it "
                            "expired, or the password changed); choose Sign in again.")
    if error in ("invalid_client", "unauthorized_client", "invalid_scope", "unsupported_grant_type"):
        return AuthFailed(f"{provider} did not accept LeakDesk's app registration ({error}); check the "
                          "signin client id settings (installer/README.md).")
    if error in ("timeout", "WSGITimeoutError"):
        return MailError(f"The sign-in with {provider} was not finished in time; choose Sign in again when "
                         "you are ready.")
    if error in ("temporarily_unavailable", "server_error", "unreachable"):
        return ServerUnreachable(f"{provider}'s sign-in service cannot be reached now ({clip(description)}); "
                                 "LeakDesk tries again later.")
    return AuthFailed(f"{provider} refused the sign-in for {who} ({error}: {clip(description)}).")


def clip(text: str, limit: int = 120) -> str:
    """The first sentence of a provider's description (Microsoft's run on with trace and correlation ids)."""
    first = " ".join(str(text).split()).split(" Trace ID:")[0]
    return first if len(first) <= limit else first[:limit - 1] + "…"

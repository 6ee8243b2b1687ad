"""OAuth2 sign-in's parts against each other, for real: msal and google-auth-oauthlib
sign in at the local authorization server (tests/support/auth_server.py) through
the test browser, and Dovecot (tests/support/dovecot.py with oauth2) takes the
tokens over XOAUTH2 and OAUTHBEARER, including a Microsoft 365 style shared
mailbox. The product's sign-in tests stand on these."""

from __future__ import annotations

import threading

import google.auth.exceptions
import google.auth.transport.requests
import imapclient
import jwt
import msal
import pytest
import requests
from google_auth_oauthlib.flow import InstalledAppFlow
from imapclient.exceptions import LoginError
from oauthlib.oauth2.rfc6749.errors import AccessDeniedError

from tests.mail.conftest import mail
from tests.support.auth_server import GOOGLE_MAIL_SCOPE, MICROSOFT_IMAP_SCOPE, TENANT_ID, AuthServer
from tests.support.dovecot import PASSWORD, SHARED_MAILBOX, USER, Dovecot

CLIENT_ID = "3f6b5c2a-8d41-4e2b-9c1f-5a7e0d9b2c64"  # LeakDesk's (pretend) Entra app registration
SCOPES = [MICROSOFT_IMAP_SCOPE]
NOT_A_DELEGATE = "maya@clinic.test"


@pytest.fixture(autouse=True)
def ca_bundle(auth_server: AuthServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The libraries trust the test CA the requests way. Needed by msal too: requests lets
    REQUESTS_CA_BUNDLE (or CURL_CA_BUNDLE) in the environment win over a session's `verify`,
    which is where msal puts its `verify=`."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(auth_server.cafile))
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)


@pytest.fixture(autouse=True)
def empty_inbox(oauth2_dovecot: Dovecot) -> None:
    """The session's server, with USER's mailbox empty whatever tests ran before."""
    oauth2_dovecot.reset_mailbox()


@pytest.fixture
def app(auth_server: AuthServer) -> msal.PublicClientApplication:
    # What the product passes: its authority and the CA, no instance discovery at login.microsoftonline.com.
    return msal.PublicClientApplication(CLIENT_ID, authority=auth_server.microsoft_authority,
                                        instance_discovery=False, verify=str(auth_server.cafile))


def sign_in(app: msal.PublicClientApplication, server: AuthServer, **kwargs: object) -> dict[str, object]:
    with server.as_default_browser():
        result: dict[str, object] = app.acquire_token_interactive(SCOPES, login_hint=USER, timeout=30, **kwargs)
    assert not server.browse_errors
    return result


def device_sign_in(app: msal.PublicClientApplication, server: AuthServer) -> dict[str, object]:
    """The quickest way to a Microsoft token: a device code the person has already approved."""
    flow = app.initiate_device_flow(SCOPES)
    server.approve_device(flow["user_code"])
    result: dict[str, object] = app.acquire_token_by_device_flow(flow)
    return result


def opens_inbox(server: Dovecot, user: str, token: str, mechanism: str = "XOAUTH2") -> int:
    with server.oauth2_client(user, token, mechanism) as c:
        return int(c.select_folder("INBOX")[b"EXISTS"])


# -- Microsoft ------------------------------------------------------------------------------

def test_microsoft_interactive_sign_in_opens_the_mailbox(auth_server: AuthServer, app: msal.PublicClientApplication,
                                                         oauth2_dovecot: Dovecot) -> None:
    result = sign_in(app, auth_server)
    assert "access_token" in result, result
    claims = result["id_token_claims"]
    assert isinstance(claims, dict)
    assert claims["preferred_username"] == USER and claims["tid"] == TENANT_ID and claims["aud"] == CLIENT_ID
    asked = auth_server.authorize_requests[-1]
    assert asked["response_mode"] == "form_post" and asked["code_challenge_method"] == "S256"
    assert asked["login_hint"] == USER and MICROSOFT_IMAP_SCOPE in asked["scope"].split()
    assert asked["redirect_uri"].startswith("http://localhost:")
    assert auth_server.browsed[-1].status == 200, auth_server.browsed[-1]  # msal's "Authentication complete"
    assert auth_server.code_grants == 1 and result["refresh_token"] == auth_server.issued_refresh_tokens[-1]
    assert opens_inbox(oauth2_dovecot, USER, str(result["access_token"])) == 0
    assert opens_inbox(oauth2_dovecot, USER, str(result["access_token"]), "OAUTHBEARER") == 0


def test_microsoft_access_token_is_what_dovecot_checks(auth_server: AuthServer,
                                                       app: msal.PublicClientApplication) -> None:
    result = device_sign_in(app, auth_server)
    claims = jwt.decode(str(result["access_token"]), auth_server.key, algorithms=["HS256"],
                        audience="https://outlook.office.com")
    assert claims["sub"] == claims["email"] == USER and "azp" not in claims
    assert claims["exp"] - claims["iat"] == auth_server.access_lifetime == result["expires_in"]
    assert claims["scope"] == MICROSOFT_IMAP_SCOPE


def test_refresh_gives_a_new_refresh_token_and_the_old_one_still_works(
        auth_server: AuthServer, app: msal.PublicClientApplication, oauth2_dovecot: Dovecot) -> None:
    first = device_sign_in(app, auth_server)
    old = str(first["refresh_token"])
    renewed = app.acquire_token_by_refresh_token(old, SCOPES)
    assert "access_token" in renewed, renewed
    assert renewed["refresh_token"] != old and renewed["access_token"] != first["access_token"]
    assert opens_inbox(oauth2_dovecot, USER, renewed["access_token"]) == 0
    again = app.acquire_token_by_refresh_token(old, SCOPES)  # as Microsoft does: not single use
    assert "access_token" in again, again
    assert auth_server.refresh_grants == 2 and len(auth_server.issued_refresh_tokens) == 3


def test_strict_rotation_refuses_a_used_refresh_token(auth_server: AuthServer,
                                                      app: msal.PublicClientApplication) -> None:
    auth_server.strict_rotation = True
    old = str(device_sign_in(app, auth_server)["refresh_token"])
    renewed = app.acquire_token_by_refresh_token(old, SCOPES)
    assert "access_token" in renewed, renewed
    refused = app.acquire_token_by_refresh_token(old, SCOPES)
    assert refused["error"] == "invalid_grant", refused
    assert "access_token" in app.acquire_token_by_refresh_token(renewed["refresh_token"], SCOPES)


def test_device_flow_waits_for_the_person(auth_server: AuthServer, app: msal.PublicClientApplication,
                                          oauth2_dovecot: Dovecot) -> None:
    flow = app.initiate_device_flow(SCOPES)
    assert flow["user_code"] in flow["message"] and flow["interval"] == 1
    approve = threading.Timer(0.2, auth_server.approve_device, args=(flow["user_code"],))
    approve.start()
    try:
        result = app.acquire_token_by_device_flow(flow)
    finally:
        approve.join()
    assert "access_token" in result, result
    assert auth_server.device_polls == 2  # authorization_pending, then the tokens
    assert opens_inbox(oauth2_dovecot, USER, result["access_token"]) == 0


def test_device_flow_declined(auth_server: AuthServer, app: msal.PublicClientApplication) -> None:
    flow = app.initiate_device_flow(SCOPES)
    auth_server.decline_device(flow["user_code"])
    assert app.acquire_token_by_device_flow(flow)["error"] == "authorization_declined"


def test_microsoft_revoked_refresh_token_is_invalid_grant(auth_server: AuthServer,
                                                          app: msal.PublicClientApplication) -> None:
    token = str(device_sign_in(app, auth_server)["refresh_token"])
    auth_server.revoke()
    result = app.acquire_token_by_refresh_token(token, SCOPES)
    assert result["error"] == "invalid_grant" and "access_token" not in result
    assert result["error_description"].startswith("AADSTS50173:") and 50173 in result["error_codes"]


def test_microsoft_refresh_token_expired_by_inactivity(auth_server: AuthServer,
                                                       app: msal.PublicClientApplication) -> None:
    token = str(device_sign_in(app, auth_server)["refresh_token"])
    auth_server.revoke(token, why="inactive")
    result = app.acquire_token_by_refresh_token(token, SCOPES)
    assert result["error"] == "invalid_grant" and result["error_description"].startswith("AADSTS700082:")


def test_microsoft_declined_consent(auth_server: AuthServer, app: msal.PublicClientApplication) -> None:
    auth_server.decline_next = True
    result = sign_in(app, auth_server)
    assert result["error"] == "access_denied" and "access_token" not in result
    assert str(result["error_description"]).startswith("AADSTS65004:")
    assert auth_server.code_grants == 0 and not auth_server.decline_next  # only the next sign-in


def test_microsoft_admin_approval_required(auth_server: AuthServer, app: msal.PublicClientApplication) -> None:
    auth_server.admin_consent_next = True
    result = sign_in(app, auth_server)
    assert result["error"] == "consent_required", result
    assert str(result["error_description"]).startswith("AADSTS90094:")


# -- Google ---------------------------------------------------------------------------------

def google_flow(server: AuthServer) -> InstalledAppFlow:
    return InstalledAppFlow.from_client_config(server.google_client_config(), scopes=[GOOGLE_MAIL_SCOPE])


def test_google_installed_app_flow_then_refresh(auth_server: AuthServer, oauth2_dovecot: Dovecot) -> None:
    flow = google_flow(auth_server)
    with flow.oauth2session, auth_server.as_default_browser():
        credentials = flow.run_local_server(port=0, timeout_seconds=30, authorization_prompt_message="")
    assert not auth_server.browse_errors
    asked = auth_server.authorize_requests[-1]
    assert asked["code_challenge_method"] == "S256" and asked["access_type"] == "offline"
    assert credentials.refresh_token == auth_server.issued_refresh_tokens[-1]
    assert opens_inbox(oauth2_dovecot, USER, credentials.token, "OAUTHBEARER") == 0

    first = credentials.token
    with requests.Session() as session:
        credentials.refresh(google.auth.transport.requests.Request(session))
    assert credentials.token != first and credentials.valid
    assert credentials.refresh_token == auth_server.issued_refresh_tokens[-1]  # Google sends none back: kept
    assert auth_server.refresh_grants == 1 and len(auth_server.issued_refresh_tokens) == 1
    assert opens_inbox(oauth2_dovecot, USER, credentials.token) == 0


def test_google_revoked_refresh_token_raises_refresh_error(auth_server: AuthServer) -> None:
    flow = google_flow(auth_server)
    with flow.oauth2session, auth_server.as_default_browser():
        credentials = flow.run_local_server(port=0, timeout_seconds=30, authorization_prompt_message="")
    auth_server.revoke()
    with requests.Session() as session, pytest.raises(google.auth.exceptions.RefreshError) as refused:
        credentials.refresh(google.auth.transport.requests.Request(session))
    assert "invalid_grant" in str(refused.value) and "Token has been expired or revoked." in str(refused.value)


def test_google_declined_consent(auth_server: AuthServer) -> None:
    auth_server.decline_next = True
    flow = google_flow(auth_server)
    with flow.oauth2session, auth_server.as_default_browser(), pytest.raises(AccessDeniedError):
        flow.run_local_server(port=0, timeout_seconds=30, authorization_prompt_message="")
    assert auth_server.code_grants == 0


# -- Dovecot --------------------------------------------------------------------------------

def test_expired_access_token_is_refused(auth_server: AuthServer, app: msal.PublicClientApplication,
                                         oauth2_dovecot: Dovecot) -> None:
    auth_server.access_lifetime = -60
    expired = str(device_sign_in(app, auth_server)["access_token"])
    for mechanism in ("XOAUTH2", "OAUTHBEARER"):
        with pytest.raises(LoginError):
            oauth2_dovecot.oauth2_client(USER, expired, mechanism)
    auth_server.access_lifetime = 3600
    fresh = app.acquire_token_by_refresh_token(auth_server.issued_refresh_tokens[-1], SCOPES)
    assert opens_inbox(oauth2_dovecot, USER, fresh["access_token"]) == 0


def test_token_of_someone_else_or_signed_elsewhere_is_refused(auth_server: AuthServer,
                                                              app: msal.PublicClientApplication,
                                                              oauth2_dovecot: Dovecot) -> None:
    auth_server.user = NOT_A_DELEGATE
    theirs = str(device_sign_in(app, auth_server)["access_token"])
    with pytest.raises(LoginError):
        oauth2_dovecot.oauth2_client(USER, theirs)
    forged = jwt.encode(jwt.decode(theirs, options={"verify_signature": False}) | {"sub": USER, "email": USER},
                        b"not the key" * 3, algorithm="HS256")
    with pytest.raises(LoginError):
        oauth2_dovecot.oauth2_client(USER, forged)


def test_passwords_still_work_and_a_token_is_no_password(auth_server: AuthServer, app: msal.PublicClientApplication,
                                                         oauth2_dovecot: Dovecot) -> None:
    with oauth2_dovecot.client() as c:
        c.select_folder("INBOX")
    token = str(device_sign_in(app, auth_server)["access_token"])
    for user, secret in ((USER, token), (SHARED_MAILBOX, PASSWORD)):  # the shared mailbox has no password
        with imapclient.IMAPClient("127.0.0.1", port=oauth2_dovecot.port, ssl=False, timeout=10) as c, \
                pytest.raises(LoginError):
            c.login(user, secret)


def test_shared_mailbox_opens_with_the_delegates_own_token(auth_server: AuthServer,
                                                           app: msal.PublicClientApplication,
                                                           oauth2_dovecot: Dovecot) -> None:
    token = str(device_sign_in(app, auth_server)["access_token"])
    subject = f"Shared {auth_server.base_url}"  # unique per run: the session's Dovecot keeps the mail
    with oauth2_dovecot.oauth2_client(SHARED_MAILBOX, token) as c:
        c.append("INBOX", mail(to=SHARED_MAILBOX, subject=subject))
    with oauth2_dovecot.oauth2_client(SHARED_MAILBOX, token, "OAUTHBEARER") as c:
        c.select_folder("INBOX", readonly=True)
        assert c.search(["SUBJECT", subject])
    with oauth2_dovecot.client() as c:  # the delegate's own mailbox is another one
        c.select_folder("INBOX", readonly=True)
        assert not c.search(["SUBJECT", subject])


def test_shared_mailbox_refuses_someone_who_is_not_a_delegate(auth_server: AuthServer,
                                                              app: msal.PublicClientApplication,
                                                              oauth2_dovecot: Dovecot) -> None:
    auth_server.user = NOT_A_DELEGATE
    theirs = str(device_sign_in(app, auth_server)["access_token"])
    for mechanism in ("XOAUTH2", "OAUTHBEARER"):
        with pytest.raises(LoginError):
            oauth2_dovecot.oauth2_client(SHARED_MAILBOX, theirs, mechanism)
    auth_server.user, auth_server.access_lifetime = USER, -60
    expired = str(device_sign_in(app, auth_server)["access_token"])
    with pytest.raises(LoginError):  # a delegate's expired token neither
        oauth2_dovecot.oauth2_client(SHARED_MAILBOX, expired)

"""The sign-in's own rules, without a server: which app registration, what a refusal says, who signed in,
which mailbox opens. tests/mail/test_oauth_sign_in.py runs the real flows end to end."""

from __future__ import annotations

import re

import jwt
import pytest

from leakdesk.domain.accounts import SignIn
from leakdesk.errors import AuthFailed, MailError, ServerUnreachable, SignInNeeded
from leakdesk.mail import service
from leakdesk.signin import apps
from leakdesk.signin.apps import app_for
from leakdesk.signin.grants import Grant, person_in, refusal


def test_the_shipped_placeholders_refuse_to_start_a_sign_in_in_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in apps.ENV.values():
        monkeypatch.delenv(name, raising=False)
    app = app_for(SignIn.MICROSOFT, {})
    assert app.client_id == apps.MICROSOFT_CLIENT_ID
    with pytest.raises(AuthFailed, match=re.escape("no Microsoft app registration yet; set signin.microsoft")):
        app.check()


def test_a_business_registration_then_the_environment_then_the_account_own_client_id_win(
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name in apps.ENV.values():
        monkeypatch.delenv(name, raising=False)
    stored = {"signin.google_client_id": "business-google-id"}
    assert app_for(SignIn.GOOGLE, stored).client_id == "business-google-id"
    monkeypatch.setenv("LEAKDESK_GOOGLE_CLIENT_ID", "env-google-id")
    monkeypatch.setenv("LEAKDESK_GOOGLE_TOKEN_URI", "https://127.0.0.1:9/token")
    app = app_for(SignIn.GOOGLE, stored)
    assert (app.client_id, app.token_uri) == ("env-google-id", "https://127.0.0.1:9/token")
    # a refresh token only works with the client id it was issued to
    assert app_for(SignIn.GOOGLE, stored, client_id="issued-to").client_id == "issued-to"
    assert "https://mail.google.com/" in app.scopes
    assert app_for(SignIn.MICROSOFT, {}).scopes == ("https://outlook.office.com/IMAP.AccessAsUser.All",)


@pytest.mark.parametrize(("error", "description", "kind", "words"), [
    ("invalid_grant", "AADSTS70008: The provided authorization code or refresh token has expired", SignInNeeded,
     "no longer accepts LeakDesk's sign-in for ann@shop.test"),
    ("invalid_grant", "AADSTS65001: The user or administrator has not consented to use the application",
     SignInNeeded, "an administrator of shop.test must approve LeakDesk"),
    ("consent_required", "AADSTS90094: Admin approval required", SignInNeeded, "administrator"),
    ("access_denied", "The user has denied access to the scope requested by the client application.",
     SignInNeeded, "cancelled or declined"),
    ("invalid_grant", "Token has been expired or revoked.", SignInNeeded, "choose Sign in again"),
    ("temporarily_unavailable", "try later", ServerUnreachable, "cannot be reached now"),
    ("invalid_client", "AADSTS700016: Application not found in the directory", AuthFailed, "app registration"),
    ("timeout", "", MailError, "not finished in time"),
])
def test_each_refusal_is_one_sentence_and_says_when_signing_in_again_is_the_fix(
        error: str, description: str, kind: type[Exception], words: str) -> None:
    said = refusal("Microsoft", error, description, "ann@shop.test")
    assert type(said) is kind
    assert words in str(said)
    assert "Trace ID" not in str(said) and "\n" not in str(said)


def test_who_signed_in_comes_from_the_id_token_address_never_its_opaque_subject() -> None:
    token = jwt.encode({"sub": "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ", "preferred_username": "Ann@Shop.test"},
                       "k" * 32, algorithm="HS256")
    assert person_in(token) == "ann@shop.test"
    assert person_in(jwt.encode({"sub": "123", "email": "bo@shop.test"}, "k" * 32, algorithm="HS256")) == \
        "bo@shop.test"
    assert person_in(jwt.encode({"sub": "123"}, "k" * 32, algorithm="HS256")) is None
    assert person_in("not a token") is None
    assert person_in(None, {"upn": "cy@shop.test"}) == "cy@shop.test"


def _signed(provider: SignIn, person: str) -> service.SignedIn:
    return service.SignedIn(provider, app_for(provider, {}, client_id="id"), Grant("a", "r", 3600, person), person)


def test_a_microsoft_delegate_opens_the_shared_mailbox_typed_but_google_has_no_such_thing() -> None:
    delegate = _signed(SignIn.MICROSOFT, "ann@shop.test")
    draft = service.oauth_draft(delegate, "Enquiries@Shop.test")
    assert (draft.username, draft.signed_in_as, draft.delegated) == ("enquiries@shop.test", "ann@shop.test", True)
    assert draft.host == "outlook.office365.com" and draft.port == 993
    assert service.oauth_draft(delegate, "ann@shop.test", mailbox="sales@shop.test").username == "sales@shop.test"
    own = service.oauth_draft(_signed(SignIn.GOOGLE, "ann@shop.test"), "ann@shop.test")
    assert (own.host, own.delegated) == ("imap.gmail.com", False)
    with pytest.raises(MailError, match=re.escape(
            "You signed in to Google as ann@shop.test, but the inbox is bo@shop.test")):
        service.oauth_draft(_signed(SignIn.GOOGLE, "ann@shop.test"), "bo@shop.test")


def test_a_secret_longer_than_windows_credential_manager_takes_is_kept_in_parts() -> None:
    import keyring

    from leakdesk import secrets
    from tests.support.memory_keyring import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        token = "0.AXkA" + "x9-_" * 700                                    # 2,806 characters, as Entra's can be
        secrets.save_password("oauth2+imap://a@b:993", token)
        assert secrets.get_password("oauth2+imap://a@b:993") == token
        assert max(len(v) for v in backend.items.values()) <= 1000       # each entry fits 2,560 bytes of UTF-16
        secrets.save_password("oauth2+imap://a@b:993", "short")           # a shorter one replaces it whole
        assert secrets.get_password("oauth2+imap://a@b:993") == "short"
        assert list(backend.items.values()) == ["short"]                 # no part of the old one is left
    finally:
        keyring.set_keyring(previous)

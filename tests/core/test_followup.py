"""Reply templates: placeholders, safe rendering, and the draft's headers."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from leakdesk.clock import FakeClock
from leakdesk.domain.templates import BY_NAME, DEFAULTS, PLACEHOLDERS, Template, context_values, render
from leakdesk.followup.drafts import DraftError, compose, thread_headers
from tests.core.test_cli import run


def values(**changes: str) -> dict[str, str]:
    base = {"contact_name": "Ann Lee", "business_name": "Brightside Physio", "owner_name": "Aisha Khan",
            "subject": "Knee pain", "booking_link": "https://book.example/b"}
    return context_values(**(base | changes))  # type: ignore[arg-type]


def test_every_default_renders_with_every_placeholder_known() -> None:
    assert {t.name for t in DEFAULTS} == {"acknowledge", "follow_up_1", "follow_up_2", "last_try", "no_show",
                                          "check_in"}
    for template in DEFAULTS:
        out = render(template, values(), "Knee pain")
        assert "{" not in out.text and out.text.startswith("Hi Ann,"), template.name
        assert out.text.rstrip().endswith("Aisha Khan\nBrightside Physio")
    assert set(values()) == set(PLACEHOLDERS)


def test_subject_is_a_reply_unless_the_template_sets_one() -> None:
    assert render(BY_NAME["acknowledge"], values(), "Knee pain").subject == "Re: Knee pain"
    assert render(BY_NAME["acknowledge"], values(), "RE: Knee pain").subject == "RE: Knee pain"
    assert render(BY_NAME["no_show"], values(), "Knee pain").subject == "Sorry we missed you"


def test_an_unknown_placeholder_stays_visible() -> None:
    out = render(Template("t", "T", "", "Hi {first_name}, {frist_name}"), values(), "s")
    assert out.text == "Hi Ann, {frist_name}"


def test_values_cannot_break_lines_or_markup() -> None:
    hostile = values(contact_name="<b>Eve</b>\r\nBcc: x@evil.test", subject="A\r\nB" + "z" * 1000)
    out = render(Template("t", "T", "{subject}", "Dear {contact_name}"), hostile, "ignored")
    assert "\r" not in out.subject and "\n" not in out.subject and len(out.subject) <= 160
    assert out.text == "Dear <b>Eve</b> Bcc: x@evil.test"
    assert "&lt;b&gt;Eve&lt;/b&gt;" in out.html and "<b>" not in out.html


def test_a_missing_name_and_owner_read_naturally() -> None:
    out = render(BY_NAME["acknowledge"], values(contact_name="", owner_name=""), "s")
    assert out.text.startswith("Hi there,") and "we will call you today" in out.text


def test_the_composed_draft_threads_and_refuses_bad_addresses() -> None:
    rendered = render(BY_NAME["follow_up_2"], values(), "Knee pain")
    draft = compose(rendered=rendered, from_name="Brightside", from_email="front@clinic.test", to_name="Ann",
                    to_email="ann@example.com", reply_to_ids=["<a@x>", "bogus", "<b@x>"], last_inbound_id="<a@x>",
                    at=datetime(2026, 11, 17, 10, 0, tzinfo=UTC))
    message = message_from_bytes(draft.raw, policy=policy.default)
    assert (message["In-Reply-To"], message["References"]) == ("<a@x>", "<a@x> <b@x>")
    assert message["Message-ID"] == draft.message_id and draft.message_id.endswith("@clinic.test>")
    with pytest.raises(DraftError, match="is not an email address"):
        compose(rendered=rendered, from_name="B", from_email="front@clinic.test", to_name="Ann",
                to_email="ann@example.com\r\nBcc: x@y", reply_to_ids=[], last_inbound_id=None,
                at=datetime(2026, 11, 17, 10, 0, tzinfo=UTC))
    many = [f"<m{i}@x>" for i in range(50)]
    in_reply_to, references = thread_headers(many)
    assert in_reply_to == "<m49@x>" and references is not None and len(references.split()) == 20
    assert references.startswith("<m0@x> <m31@x>")


def test_templates_list_and_draft_without_an_inbox(tmp_path: Path, clock: FakeClock,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(["--data-dir", str(tmp_path), "templates", "list"], clock)
    assert code == 0 and text.splitlines()[0].split()[0] == "acknowledge" and len(text.splitlines()) == 6
    run(["--data-dir", str(tmp_path), "settings", "set", "followup.from", "owner"], clock)
    assert run(["--data-dir", str(tmp_path), "settings", "set", "followup.from", "me"], clock)[0] == 2
    assert "followup.from must be 'shared' or 'owner', not 'me'." in capsys.readouterr().err
    assert run(["--data-dir", str(tmp_path), "draft", "1"], clock)[0] == 2
    assert capsys.readouterr().err == "leakdesk: There is no lead 1.\n"

"""Capture parsing of hostile input: nothing but UnparseableMessage ever escapes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leakdesk.mail.parse import UnparseableMessage, fingerprint, parse_message

HEADERS = st.sampled_from([b"From", b"To", b"Cc", b"Subject", b"Date", b"Message-ID", b"In-Reply-To",
                           b"References", b"X-Junk", b"Received", b"FROM", b"from "])
VALUES = st.binary(max_size=80) | st.sampled_from([
    b"=?utf-8?q?Ren=C3=A9e?= <r@x.org>", b"=?bogus?b?!!!?=", b"<a@b> <c@d>", b"\xff\xfe\x00", b"", b" ",
    b"Tue, 99 Foo 2026 25:61:00 +9999", b"undisclosed-recipients:;", b"\"Smith, J\" <j@x.org>, k@y.org",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(HEADERS, VALUES), max_size=8), st.binary(max_size=200),
       st.sampled_from([b"\r\n", b"\n"]))
def test_any_headers_and_body(pairs: list[tuple[bytes, bytes]], body: bytes, eol: bytes) -> None:
    raw = eol.join(name + b": " + value for name, value in pairs) + eol + eol + body
    try:
        parsed = parse_message(raw)
    except UnparseableMessage as exc:
        assert str(exc)
        return
    assert parsed.from_addr and "@" in parsed.from_addr
    assert isinstance(parsed.to_addrs, tuple)
    parsed.date  # noqa: B018  (must not raise either)
    assert len(parsed.fingerprint) == 64


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes(raw: bytes) -> None:
    try:
        parsed = parse_message(raw)
    except UnparseableMessage as exc:
        assert str(exc)  # a reason a person can read
        return
    assert parsed.from_addr and "@" in parsed.from_addr


def test_fingerprint_ignores_delivery_headers_and_line_endings() -> None:
    msg = b"From: a@b.c\r\nSubject: Hi\r\nMessage-ID: <1@x>\r\n\r\nBody\r\n"
    redelivered = b"Received: from mx; today\r\nDelivered-To: z@q\r\n" + msg
    assert fingerprint(msg) == fingerprint(redelivered) == fingerprint(msg.replace(b"\r\n", b"\n"))
    assert fingerprint(msg) != fingerprint(msg.replace(b"Body", b"Other body"))
    assert fingerprint(msg) != fingerprint(msg.replace(b"Subject: Hi", b"Subject: Hello"))


@pytest.mark.parametrize(("raw", "reason"), [
    (b"", "the message is empty"),
    (b"\r\n\r\n", "the message is empty"),
    (b"no colon anywhere\r\nat all", "it has no headers"),
    (b"Subject: hello\r\n\r\nbody", "it has no sender address"),
    (b"From: Just A Name\r\n\r\nbody", "it has no sender address"),
])
def test_reasons(raw: bytes, reason: str) -> None:
    with pytest.raises(UnparseableMessage, match=reason):
        parse_message(raw)


def test_folded_headers_and_encoded_words() -> None:
    raw = (b"From: =?iso-8859-1?q?Jos=E9?= <JOSE@Example.COM>\r\nSubject: =?utf-8?b?S25lZSBwYWlu?=\r\n"
           b"References: <a@x>\r\n\t<b@x>\r\nIn-Reply-To: <b@x>\r\n\r\nhi")
    parsed = parse_message(raw)
    assert (parsed.from_name, parsed.from_addr, parsed.subject) == ("José", "jose@example.com", "Knee pain")
    assert parsed.references == ("<a@x>", "<b@x>") and parsed.thread_keys == ("<b@x>", "<a@x>")


LINES = st.sampled_from([b"From: Ann <ann@x.test>", b"Subject: Hi", b" folded on", b"\tand on", b"To:", b"cc : b@y",
                         b"\x0bFrom: c@z", b"Date\x0c: today", b"X-Junk: 1", b"Received: from a", b"no colon here",
                         b"two words: no", b"", b"\r", b"REPLY-TO:\td@w", b"Message-ID: <m@x>", b":", b"from\t:x"])


@settings(max_examples=500, deadline=None)
@given(st.lists(LINES | st.binary(max_size=12), max_size=14), st.sampled_from([b"\r\n", b"\n"]))
def test_the_header_search_reads_as_the_line_by_line_reading(lines: list[bytes], eol: bytes) -> None:
    """_split finds the wanted headers with one search; _split_lines (still used for huge heads) is its
    definition: the same headers, values and order for any head."""
    from leakdesk.mail.parse import _split, _split_lines, blank_line

    raw = eol.join(lines) + eol + eol + b"body"
    end, _ = blank_line(raw)
    found, _, any_header = _split(raw)
    assert (found, any_header) == _split_lines(raw if end < 0 else raw[:end])


def _simple_fingerprint(raw: bytes) -> str:
    """The definition the stepped reading must keep (stored fingerprints depend on it)."""
    import hashlib

    from leakdesk.mail.parse import _FINGERPRINTED, _split

    found, body_start, _ = _split(raw)
    digest = hashlib.sha256()
    for key in _FINGERPRINTED:
        if key in found:
            digest.update(key + b":" + found[key][0] + b"\n")
    digest.update(b"\n" + raw[body_start:].replace(b"\r\n", b"\n").rstrip(b"\n"))
    return digest.hexdigest()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([b"a", b"\r", b"\n", b"\r\n", b"xyz", b"\n\n"]), max_size=40),
       st.integers(1, 6))
def test_a_big_body_is_fingerprinted_in_steps_as_in_one(pieces: list[bytes], step: int) -> None:
    import leakdesk.mail.parse as parse

    raw = b"From: a@b.test\r\nSubject: Hi\r\n\r\n" + b"".join(pieces)
    expected = _simple_fingerprint(raw)
    saved = parse.STEP
    parse.STEP = step  # steps of a few bytes cross every CR LF and trailing-newline boundary
    try:
        assert fingerprint(raw) == expected
        assert parse.find_stepped(raw, b"\r\n", 20) == raw.find(b"\r\n", 20)
        assert parse.count_stepped(raw, b"\n", 5, len(raw)) == raw.count(b"\n", 5, len(raw))
    finally:
        parse.STEP = saved


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[A-Za-zÀ-ÿ'.-]{1,12}( [A-Za-zÀ-ÿ'.-]{1,12}){0,2}", fullmatch=True),
       st.from_regex(r"[a-z0-9._+-]{1,12}@[a-z0-9-]{1,10}\.[a-z]{2,4}", fullmatch=True),
       st.sampled_from(["{name} <{addr}>", '"{name}" <{addr}>', "{addr}", "<{addr}>", "  {name}<{addr}>  "]))
def test_the_quick_address_reading_agrees_with_the_standard_library(name: str, addr: str, form: str) -> None:
    from email.utils import getaddresses

    from leakdesk.domain.messages import addresses

    value = form.format(name=name, addr=addr)
    assert addresses([value]) == getaddresses([value])


def test_addresses_the_pattern_does_not_read_go_to_the_standard_library() -> None:
    from leakdesk.domain.messages import addresses

    assert addresses(['"Lee, Ann" <ann@lee.test>, bob@x.test']) == [("Lee, Ann", "ann@lee.test"), ("", "bob@x.test")]
    assert addresses(["Ann (home) <ann@lee.test>"]) == [("Ann (home)", "ann@lee.test")]

"""A message as capture read it: identity, thread keys, sender (made by leakdesk.mail.parse,
kept by the store)."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache

import webencodings


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    from_name: str
    from_addr: str | None
    subject: str
    fingerprint: str
    recipients_header: tuple[str, ...] = ()
    date_header: str | None = None
    headers: tuple[tuple[str, str], ...] = ()  # CLASSIFY_HEADERS present, first value each

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key == name:
                return value
        return None

    @property
    def to_addrs(self) -> tuple[str, ...]:
        """To and Cc addresses (parsed on demand: most messages never need them)."""
        try:
            pairs = addresses([decode(h) for h in self.recipients_header])
        except (TypeError, ValueError, IndexError):
            return ()
        return tuple(a.strip().lower() for _, a in pairs if "@" in a)

    @property
    def date(self) -> datetime | None:
        """The Date header (a fallback: INTERNALDATE is when the server got it)."""
        if not self.date_header:
            return None
        try:
            value = parsedate_to_datetime(self.date_header)
        except (TypeError, ValueError, IndexError):
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value

    @property
    def thread_keys(self) -> tuple[str, ...]:
        """Message-IDs this message answers, nearest first."""
        keys = ([self.in_reply_to] if self.in_reply_to else []) + list(reversed(self.references))
        return tuple(dict.fromkeys(keys))


# 'Name <addr>', '"Name" <addr>' or a bare address: what nearly every header holds.
_SIMPLE_ADDRESS = re.compile(r'^\s*(?:([^"<>,;:@()\\]*|"[^"\\]*")\s*<([^<>@\s",;]+@[^<>@\s",;]+)>|'
                             r'([^<>@\s",;()]+@[^<>@\s",;()]+))\s*$')


def addresses(values: Sequence[str]) -> list[tuple[str, str]]:
    """(display name, address) in header ``values``: one pattern reads the simple forms, the standard
    library's RFC 5322 parser (thirty times slower) the rest. Raises what ``getaddresses`` raises."""
    out = []
    for value in values:
        simple = _SIMPLE_ADDRESS.match(value)
        if simple is None:
            return getaddresses(values)
        out.append(((simple.group(1) or "").strip().strip('"'), simple.group(2) or simple.group(3)))
    return out


# Hebrew and Arabic mail names its charset "ISO-8859-8-I" (logical order) or "-E" (explicit): the same bytes
# as the base charset, the only one Python's codecs know by name.
_ORDER_SUFFIX = re.compile(r"(?<=8859-[68])-[ie]$|(?<=8859_[68])-[ie]$", re.IGNORECASE)
_ENCODED_CHARSET = re.compile(r"=\?([^?\s*]+)(?:\*[^?\s]*)?\?")  # an encoded word's charset, and "*en" (RFC 2231)


@lru_cache(maxsize=256)
def codec_name(label: str) -> str | None:
    """The name of Python's codec for a charset as mail names it, or None when there is none.

    "ISO-8859-8-I" is ISO-8859-8; labels mail and web clients write that Python's codecs do not know
    (Outlook's "windows-874" for Thai, "x-sjis", "x-gbk", "x-mac-roman") are read by the WHATWG Encoding
    Standard's table of labels (webencodings)."""
    name = _ORDER_SUFFIX.sub("", label.strip().strip('"').lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        pass
    encoding = webencodings.lookup(name)
    try:
        return codecs.lookup(encoding.codec_info.name).name if encoding is not None else None
    except LookupError:  # a table entry Python has no codec for ("x-user-defined", "replacement")
        return None


def _known_charset(found: re.Match[str]) -> str:
    return f"=?{codec_name(found.group(1)) or found.group(1)}?"


def composed(text: str) -> str:
    """``text`` in Unicode's composed form (NFC), as words are written here: Outlook's windows-1258 gives
    Vietnamese as letters and separate tone marks ("Tha\u0300nh" for "Thành"), and mail typed on some phones
    writes Bengali's "য়" as one letter where NFC writes two."""
    return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def decode(value: str | None) -> str:
    """An RFC 2047 header as text; undecodable bytes become replacement characters."""
    if not value:
        return ""
    if "=?" not in value:
        return composed(value.strip())
    value = _ENCODED_CHARSET.sub(_known_charset, value)
    try:
        return composed(str(make_header(decode_header(value))).strip())
    except (LookupError, UnicodeError, ValueError, TypeError, HeaderParseError):
        # Broken encoded words (bad base64, unknown charsets) keep their raw text.
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace").strip()

"""The readable content of a message: its text, and its attachments listed.

text/plain is preferred; HTML becomes text (tables as "label: value" lines,
which is what web-form extraction reads). Single-part mail, the common
case, is decoded straight from the raw bytes; multipart goes through the
stdlib parser. Broken MIME, unknown charsets and bad encodings degrade to
replacement characters, never to an exception.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import quopri
import re
from dataclasses import dataclass
from email import message_from_bytes
from email.message import Message
from email.policy import compat32
from html import unescape
from html.parser import HTMLParser

MAX_TEXT = 200_000  # characters of text kept per message


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True, slots=True)
class Content:
    text: str
    html: str | None
    attachments: tuple[Attachment, ...]
    content_type: str


def _charset(name: str | None) -> str:
    if not name:
        return "utf-8"
    name = name.strip().strip('"').lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


def _decode_bytes(data: bytes, charset: str | None) -> str:
    cs = _charset(charset)
    try:
        return data.decode(cs)
    except (UnicodeDecodeError, LookupError):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", "replace")


def _transfer_decode(data: bytes, encoding: str | None) -> bytes:
    encoding = (encoding or "").strip().lower()
    try:
        if encoding == "base64":
            return base64.b64decode(data, validate=False)
        if encoding == "quoted-printable":
            return quopri.decodestring(data)
    except (binascii.Error, ValueError):
        return data
    return data


class _TextFromHtml(HTMLParser):
    """HTML to readable text: blocks become lines, table rows "cell: cell"."""

    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
                        "section", "article", "header", "footer", "blockquote", "dt", "dd", "hr"})
    SKIP = frozenset({"script", "style", "head", "title", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.cells: list[str] | None = None
        self.cell: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag == "tr":
            self._flush()
            self.cells = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag in self.BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.cells is not None:
            self.cells.append(" ".join("".join(self.cell).split()))
            self.cell = []
        elif tag == "tr" and self.cells is not None:
            cells = [c for c in self.cells if c]
            if cells:
                first = cells[0].rstrip(":")
                self.lines.append(f"{first}: {' '.join(cells[1:])}" if len(cells) > 1 else first)
            self.cells = None
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cells is not None:
            self.cell.append(data)
        else:
            self.line.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self.line).split())
        if text:
            self.lines.append(text)
        self.line = []

    def text(self) -> str:
        self._flush()
        return "\n".join(self.lines)


def html_to_text(html: str) -> str:
    parser = _TextFromHtml()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # HTMLParser is tolerant; a pathological input falls back to tag stripping
        return unescape(re.sub(r"<[^>]+>", " ", html))
    return parser.text()


_CT = re.compile(rb"^content-type:[ \t]*([^;\r\n]+)(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)
_CTE = re.compile(rb"^content-transfer-encoding:[ \t]*([^\r\n]+)", re.IGNORECASE | re.MULTILINE)
_CHARSET = re.compile(rb"charset\s*=\s*\"?([^\";\s]+)", re.IGNORECASE)


def _single_part(raw: bytes) -> Content | None:
    """Fast path: a single text part, decoded without the MIME parser."""
    end = raw.find(b"\r\n\r\n")
    cut = 4
    if end < 0 or (0 <= raw.find(b"\n\n") < end):
        end, cut = raw.find(b"\n\n"), 2
    head, body = (raw, b"") if end < 0 else (raw[:end], raw[end + cut:])
    ct = _CT.search(head)
    ctype = ct.group(1).strip().lower().decode("latin-1") if ct else "text/plain"
    if not ctype.startswith("text/"):
        return None
    params = ct.group(2) if ct else b""
    charset_match = _CHARSET.search(params)
    charset = charset_match.group(1).decode("latin-1") if charset_match else None
    cte = _CTE.search(head)
    data = _transfer_decode(body, cte.group(1).decode("latin-1") if cte else None)
    text = _decode_bytes(data, charset)
    if ctype == "text/html":
        return Content(html_to_text(text)[:MAX_TEXT], text, (), ctype)
    return Content(text[:MAX_TEXT], None, (), ctype)


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    return _decode_bytes(payload, part.get_content_charset())


def extract(raw: bytes) -> Content:
    """Text, HTML and attachments of ``raw``; never raises."""
    fast = _single_part(raw)
    if fast is not None:
        return fast
    try:
        message = message_from_bytes(raw, policy=compat32)
    except Exception:
        return Content(_decode_bytes(raw, None)[:MAX_TEXT], None, (), "application/octet-stream")
    plain: str | None = None
    html: str | None = None
    attachments: list[Attachment] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        filename = part.get_filename()
        disposition = (part.get("Content-Disposition") or "").lower()
        if filename or "attachment" in disposition or not ctype.startswith("text/"):
            if ctype in ("message/delivery-status", "message/rfc822"):
                continue
            payload = part.get_payload(decode=True)
            size = len(payload) if isinstance(payload, bytes) else 0
            attachments.append(Attachment(str(filename or "unnamed"), ctype, size))
            continue
        try:
            if ctype == "text/plain" and plain is None:
                plain = _part_text(part)
            elif ctype == "text/html" and html is None:
                html = _part_text(part)
        except Exception:  # a broken part is skipped, not fatal
            continue
    text = plain if plain and plain.strip() else (html_to_text(html) if html else "")
    return Content(text[:MAX_TEXT], html, tuple(attachments), message.get_content_type())

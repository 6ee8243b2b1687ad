"""The readable content of a message: its text, and its attachments listed.

text/plain is preferred; HTML becomes text (tables as "label: value" lines,
which is what web-form extraction reads), parsed by lxml (libxml2, this
package's one home of it). Single-part mail, the common case, is decoded
straight from the raw bytes; multipart is walked by its boundaries, and
only unusual MIME goes through the stdlib parser. Broken MIME, unknown
charsets and bad encodings degrade to replacement characters, never to an
exception.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
import threading
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from email import message_from_bytes
from email.message import Message
from email.policy import compat32
from html import unescape

from lxml import etree

from leakdesk.domain.messages import codec_name, composed
from leakdesk.mail.labels import field_of
from leakdesk.mail.parse import blank_line, count_stepped, decode, find_stepped

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
    attached: tuple[bytes, ...] = ()  # messages forwarded as attachments (message/rfc822), raw
    calendar: str | None = None  # the METHOD of a text/calendar part (REQUEST, REPLY, CANCEL ...)
    report: str | None = None  # a multipart/report's report-type (delivery-status, disposition-notification)


def _charset(name: str | None) -> str:
    if not name:
        return "utf-8"
    return codec_name(name) or "utf-8"


def _decode_bytes(data: bytes, charset: str | None) -> str:
    """``data`` as text in its charset (else UTF-8, else Windows' Western), composed (NFC): see composed()."""
    cs = _charset(charset)
    try:
        return composed(data.decode(cs))
    except (UnicodeDecodeError, LookupError):
        try:
            return composed(data.decode("utf-8"))
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


class _Table:
    """One HTML table being read: its rows of cells."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None


class _TextFromHtml:
    """HTML to readable text, as the parser's target: blocks become lines; a table
    row of a label and a value becomes "label: value", and a header row of labels
    over rows of values becomes one "label: value" line per cell (both
    orientations of form tables). Layout tables around them only break lines."""

    BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "section",
                        "article", "header", "footer", "blockquote", "dt", "dd", "dl", "hr", "center", "pre"})
    SKIP = frozenset({"script", "style", "head", "title", "noscript", "template"})
    VOID = frozenset({"img", "input", "meta", "link", "wbr", "col", "source", "area", "base", "embed"})

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.lines: list[str] = []
        self.line: list[str] = []
        self.tables: list[_Table] = []
        self.skip = 0
        self.inline: list[tuple[str, bool]] = []  # open inline elements, and whether a style makes each a block

    def _sink(self) -> list[str]:
        table = self.tables[-1] if self.tables else None
        if table is not None and table.cell is not None:
            return table.cell
        return self.line

    def start(self, tag: str, attrib: object) -> None:
        if tag in self.SKIP:
            self.skip += 1
            return
        if tag == "table":
            if self.tables:
                self._break_outer()
            self._flush()
            self.tables.append(_Table())
        elif tag == "tr" and self.tables:
            self._end_row()
            self.tables[-1].row = []
        elif tag in ("td", "th") and self.tables:
            table = self.tables[-1]
            self._end_cell()
            if table.row is None:
                table.row = []
            table.cell = []
        elif tag in self.BLOCKS:
            self._break()
        elif tag not in self.VOID:
            # '<strong style="display:block">Name</strong>Ann': a label the sender's CSS puts on a line of its own
            block = _DISPLAY_BLOCK.search(_style(attrib)) is not None
            self.inline.append((tag, block))
            if block:
                self._break()

    def _break(self) -> None:
        """A block starts or ends: a new line (within a table cell, a line of the cell)."""
        sink = self._sink()
        if sink is self.line:
            self._flush()
        else:
            sink.append("\n")

    def end(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "table" and self.tables:
            self._end_row()
            self._emit(self.tables.pop())
        elif tag == "tr" and self.tables:
            self._end_row()
        elif tag in ("td", "th") and self.tables:
            self._end_cell()
        elif tag in self.BLOCKS:
            self._break()
        elif tag not in self.VOID:
            for at in range(len(self.inline) - 1, max(-1, len(self.inline) - 20), -1):
                if self.inline[at][0] == tag:
                    if self.inline.pop(at)[1]:
                        self._break()
                    break

    def data(self, data: str) -> None:
        if not self.skip:
            self._sink().append(data)

    def _break_outer(self) -> None:
        """A table inside a cell: what the outer cell held so far becomes lines of its own."""
        outer = self.tables[-1]
        if outer.cell is not None:
            self._add_lines("".join(outer.cell))
            outer.cell = []
        for cell in outer.row or []:
            self._add_lines(cell)
        if outer.row:
            outer.row = []

    def _end_cell(self) -> None:
        table = self.tables[-1]
        if table.cell is not None:
            if table.row is None:
                table.row = []
            table.row.append("\n".join(" ".join(p.split()) for p in "".join(table.cell).split("\n")).strip())
            table.cell = None

    def _end_row(self) -> None:
        table = self.tables[-1]
        self._end_cell()
        if table.row is not None:
            if any(table.row):
                table.rows.append(table.row)
            table.row = None

    def _emit(self, table: _Table) -> None:
        rows = [[c for c in row] for row in table.rows]
        header = [field_of(c.rstrip(":：").strip()) if c else None for c in rows[0]] if rows else []
        if len(rows) > 1 and len(rows[0]) >= 2 and sum(f is not None for f in header) >= 2:
            for row in rows[1:]:
                for label, value in zip(rows[0], row, strict=False):
                    if label and value:
                        self.lines.append(f"{label.rstrip(':：').strip()}: {' '.join(value.split())}")
            return
        for row in rows:
            cells = [c for c in row if c]
            if len(cells) >= 2 and "\n" not in cells[0] and len(cells[0]) <= 60:
                rest = " ".join(" ".join(c.split()) for c in cells[1:])
                self.lines.append(f"{cells[0].rstrip(':：').strip()}: {rest}")
            else:
                for cell in cells:
                    self._add_lines(cell)

    def _add_lines(self, text: str) -> None:
        for part in text.split("\n"):
            part = " ".join(part.split())
            if part:
                self.lines.append(part)

    def _flush(self) -> None:
        text = " ".join("".join(self.line).split())
        if text:
            self.lines.append(text)
        self.line = []

    def close(self) -> str:
        while self.tables:
            self._end_row()
            self._emit(self.tables.pop())
        self._flush()
        text = "\n".join(self.lines)
        self._reset()  # ready for the parser's next document
        return text


_DISPLAY_BLOCK = re.compile(r"(?:^|;)\s*display\s*:\s*(?:block|flex|list-item|table)\b", re.IGNORECASE)


def _style(attrib: object) -> str:
    style = attrib.get("style") if isinstance(attrib, Mapping) else None
    return style if isinstance(style, str) else ""


# One parser a thread, kept: making one (and its target's inspection) cost as much as reading a form's mail.
_PARSERS = threading.local()


def html_to_text(html: str) -> str:
    """The readable text of ``html``, read by libxml2's forgiving HTML parser (no network, no entities
    from outside): an order of magnitude faster than html.parser on form builders' table mail."""
    if not html.strip():
        return ""
    parser = getattr(_PARSERS, "parser", None)
    if parser is None:
        parser = _PARSERS.parser = etree.HTMLParser(target=_TextFromHtml(), no_network=True, huge_tree=True,
                                                    remove_comments=True)
    try:
        parser.feed(html)
        text: str = parser.close()
    except (etree.LxmlError, ValueError):  # a pathological input falls back to tag stripping
        _PARSERS.parser = None  # (and the next mail gets a parser in a known state)
        return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    except BaseException:
        _PARSERS.parser = None  # (cut short by anything else: nothing of this mail reaches the next)
        raise
    return text


class _Head:
    """A header block, lowercased once: a field is found with ``bytes.find`` and read with its
    regex only there (a case-blind regex search tried every position of 2 KB of DKIM and Received
    lines, 16 us a message)."""

    def __init__(self, head: bytes) -> None:
        self.raw, self.lower = head, head.lower()

    def field(self, name: bytes, pattern: re.Pattern[bytes]) -> re.Match[bytes] | None:
        at = self.lower.find(name)
        while at >= 0:
            if at == 0 or self.lower[at - 1] == 10:  # at the start of a line
                match = pattern.match(self.raw, at)
                if match:
                    return match
            at = self.lower.find(name, at + 1)
        return None

    def content_type(self) -> re.Match[bytes] | None:
        return self.field(b"content-type:", _CT)

    def encoding(self) -> str:
        match = self.field(b"content-transfer-encoding:", _CTE)
        return match.group(1).strip().lower().decode("latin-1") if match else ""

    def disposition(self) -> re.Match[bytes] | None:
        return self.field(b"content-disposition:", _CD)


_CT = re.compile(rb"^content-type:[ \t]*([^;\r\n]+)(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)
_CTE = re.compile(rb"^content-transfer-encoding:[ \t]*([^\r\n]+)", re.IGNORECASE | re.MULTILINE)
_CD = re.compile(rb"^content-disposition:[ \t]*([^;\r\n]+)(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)
_CHARSET = re.compile(rb"charset\s*=\s*\"?([^\";\s]+)", re.IGNORECASE)


def _single_part(raw: bytes, head: _Head, ct: re.Match[bytes] | None, body_start: int) -> Content:
    """Fast path: a single text part, decoded without the MIME parser."""
    ctype = ct.group(1).strip().lower().decode("latin-1") if ct else "text/plain"
    body = raw[body_start:]
    params = ct.group(2) if ct else b""
    charset_match = _CHARSET.search(params)
    charset = charset_match.group(1).decode("latin-1") if charset_match else None
    data = _transfer_decode(body, head.encoding() or None)
    text = _decode_bytes(data, charset)
    if ctype == "text/html":
        return Content(html_to_text(text)[:MAX_TEXT], text, (), ctype)
    return Content(text[:MAX_TEXT], None, (), ctype)


_PARAM = re.compile(rb'([\w*-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]+)')
MAX_DEPTH = 10
HEAD_WINDOW = 65_536  # where a part's headers must end


class _Unusual(Exception):
    """MIME the fast walker does not read itself (the stdlib parser does it)."""


def _params(blob: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in _PARAM.findall(blob.replace(b"\r\n", b"").replace(b"\n", b"")):
        key = name.decode("latin-1").lower()
        if "*" in key:
            raise _Unusual  # RFC 2231 parameters: leave them to the stdlib
        text = value.decode("utf-8", "replace")
        if text.startswith('"') and text.endswith('"'):
            text = text[1:-1].replace('\\"', '"')
        out.setdefault(key, text)
    return out


class _FastWalk:
    """Reads multipart mail by its boundaries without building a Message tree, and without
    copying an attachment: parts are ranges of the one buffer (a 30 MB attachment is sized by
    counting, in C, never sliced; copies held the GIL long enough to stall the window)."""

    def __init__(self, buf: bytes) -> None:
        self.buf = buf
        self.plain: str | None = None
        self.html: str | None = None
        self.attachments: list[Attachment] = []
        self.attached: list[bytes] = []
        self.calendar: str | None = None

    def part(self, start: int, end: int, depth: int) -> None:
        buf = self.buf
        if buf.startswith(b"\r\n", start) or buf.startswith(b"\n", start):
            head, body_start = b"", start + (2 if buf.startswith(b"\r\n", start) else 1)
        else:
            window = min(end, start + HEAD_WINDOW)
            head_end, body_start = blank_line(buf, start, window)
            if head_end >= 0:
                head = buf[start:head_end]
            else:
                head, body_start = buf[start:window], end
        fields = _Head(head)
        ct = fields.content_type()
        ctype = ct.group(1).strip().lower().decode("latin-1") if ct else "text/plain"
        params = _params(ct.group(2)) if ct else {}
        encoding = fields.encoding()
        if ctype.startswith("multipart/"):
            self.multipart(body_start, end, params, depth)
            return
        cd = fields.disposition()
        disposition = cd.group(1).strip().lower().decode("latin-1") if cd else ""
        filename = (_params(cd.group(2)).get("filename") if cd else None) or params.get("name")
        if filename and "=?" in filename:
            filename = decode(filename)
        if ctype == "message/rfc822":
            if len(self.attached) < MAX_ATTACHED:
                self.attached.append(_transfer_decode(buf[body_start:end], encoding))
            self.attachments.append(Attachment(filename or "forwarded message", ctype, 0))
            return
        if ctype == "text/calendar" and self.calendar is None:
            method = params.get("method")
            if not method:
                found = _METHOD.search(_decode_bytes(_transfer_decode(buf[body_start:min(end, body_start + 60_000)],
                                                                      encoding), params.get("charset"))[:20_000])
                method = found.group(1) if found else "PUBLISH"
            self.calendar = method.upper()
        if filename or "attachment" in disposition or not ctype.startswith("text/") or ctype == "text/calendar":
            if ctype in ("message/delivery-status", "message/disposition-notification"):
                return
            self.attachments.append(Attachment(filename or "unnamed", ctype,
                                               self._size(body_start, end, encoding)))
            return
        if ctype == "text/plain" and self.plain is None:
            self.plain = _decode_bytes(_transfer_decode(buf[body_start:end], encoding), params.get("charset"))
        elif ctype == "text/html" and self.html is None:
            self.html = _decode_bytes(_transfer_decode(buf[body_start:end], encoding), params.get("charset"))

    def _size(self, start: int, end: int, encoding: str) -> int:
        """An attachment's decoded size, counted in place (base64: its characters less line breaks)."""
        buf = self.buf
        if encoding == "base64":
            breaks = count_stepped(buf, b"\n", start, end)
            chars = end - start - breaks - count_stepped(buf, b"\r", start, end)
            tail = buf[max(start, end - 4):end].rstrip()
            return max(0, chars * 3 // 4 - tail[-2:].count(b"="))
        if encoding == "quoted-printable":
            return len(quopri.decodestring(buf[start:end]))
        return end - start

    def multipart(self, start: int, end: int, params: dict[str, str], depth: int) -> None:
        boundary = params.get("boundary")
        if not boundary or depth >= MAX_DEPTH:
            raise _Unusual
        buf = self.buf
        marker = b"--" + boundary.encode("utf-8", "replace")
        positions = []
        at = find_stepped(buf, marker, start, end)
        while at >= 0:
            if at == start or buf[at - 1:at] == b"\n":
                positions.append(at)
            at = find_stepped(buf, marker, at + len(marker), end)
        if not positions:
            raise _Unusual
        for i, at in enumerate(positions):
            after = at + len(marker)
            if buf.startswith(b"--", after):
                return  # the closing boundary
            line_end = buf.find(b"\n", after, end)
            if line_end < 0:
                return
            part_end = positions[i + 1] if i + 1 < len(positions) else end
            if buf.startswith(b"\r\n", part_end - 2) and part_end - 2 > line_end:
                part_end -= 2
            elif buf.startswith(b"\n", part_end - 1) and part_end - 1 > line_end:
                part_end -= 1
            self.part(line_end + 1, part_end, depth + 1)


def _fast_multipart(raw: bytes, ct: re.Match[bytes], body_start: int) -> Content | None:
    """Multipart mail read by its boundaries (several times faster than the stdlib parser); None
    when it is unusual enough (RFC 2231 parameters, no boundary) to leave to the stdlib."""
    ctype = ct.group(1).strip().lower().decode("latin-1")
    walk = _FastWalk(raw)
    try:
        params = _params(ct.group(2))
        walk.multipart(body_start, len(raw), params, 0)
    except (_Unusual, LookupError, ValueError):
        return None
    text = walk.plain if walk.plain and walk.plain.strip() else (html_to_text(walk.html) if walk.html else "")
    report = params.get("report-type") if ctype == "multipart/report" else None
    return Content(text[:MAX_TEXT], walk.html, tuple(walk.attachments), ctype, tuple(walk.attached), walk.calendar,
                   report.lower() if report else None)


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    return _decode_bytes(payload, part.get_content_charset())


_METHOD = re.compile(r"^METHOD:\s*([A-Za-z-]+)", re.MULTILINE)
MAX_ATTACHED = 3


def _calendar_method(part: Message) -> str:
    method = part.get_param("method")
    if isinstance(method, str) and method:
        return method.upper()
    found = _METHOD.search(_part_text(part)[:20_000])
    return found.group(1).upper() if found else "PUBLISH"


def extract(raw: bytes) -> Content:
    """Text, HTML, attachments and the facts classification reads of ``raw``; never raises."""
    end, body_start = blank_line(raw)
    head = _Head(raw if end < 0 else raw[:end])
    ct = head.content_type()
    ctype = ct.group(1).strip().lower() if ct else b"text/plain"
    if ctype.startswith(b"text/"):  # before the body is copied: a 40 MB multipart is never sliced here
        fast = _single_part(raw, head, ct, len(raw) if end < 0 else body_start)
        if fast.content_type == "text/calendar":
            found = _METHOD.search(fast.text[:20_000])
            return Content(fast.text, None, (), fast.content_type, calendar=found.group(1).upper() if found
                           else "PUBLISH")
        return fast
    if ct is not None and end >= 0 and ctype.startswith(b"multipart/"):
        multipart = _fast_multipart(raw, ct, body_start)
        if multipart is not None:
            return multipart
    return parsed_content(raw)


def parsed_content(raw: bytes) -> Content:
    """Any message through the stdlib parser (the reference the fast paths agree with)."""
    try:
        message = message_from_bytes(raw, policy=compat32)
    except Exception:
        return Content(_decode_bytes(raw, None)[:MAX_TEXT], None, (), "application/octet-stream")
    parts: dict[str, str | None] = {"plain": None, "html": None, "calendar": None}
    attachments: list[Attachment] = []
    attached: list[bytes] = []

    def visit(part: Message, depth: int) -> None:
        ctype = part.get_content_type()
        if ctype == "message/rfc822":
            inner = part.get_payload()
            if isinstance(inner, list) and inner and len(attached) < MAX_ATTACHED:
                with suppress(Exception):  # an attached message that cannot be written back is only listed
                    if isinstance(inner[0], Message):
                        attached.append(inner[0].as_bytes())
            attachments.append(Attachment(str(part.get_filename() or "forwarded message"), ctype, 0))
            return
        if part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list) and depth < 20:
                for child in payload:
                    if isinstance(child, Message):
                        visit(child, depth + 1)
            return
        filename = part.get_filename()
        disposition = (part.get("Content-Disposition") or "").lower()
        if ctype == "text/calendar" and parts["calendar"] is None:
            try:
                parts["calendar"] = _calendar_method(part)
            except Exception:
                parts["calendar"] = "PUBLISH"
        if filename or "attachment" in disposition or not ctype.startswith("text/") or ctype == "text/calendar":
            if ctype in ("message/delivery-status", "message/disposition-notification"):
                return
            payload = part.get_payload(decode=True)
            size = len(payload) if isinstance(payload, bytes) else 0
            attachments.append(Attachment(str(filename or "unnamed"), ctype, size))
            return
        try:
            if ctype == "text/plain" and parts["plain"] is None:
                parts["plain"] = _part_text(part)
            elif ctype == "text/html" and parts["html"] is None:
                parts["html"] = _part_text(part)
        except Exception:  # a broken part is skipped, not fatal
            return

    visit(message, 0)
    plain, html = parts["plain"], parts["html"]
    text = plain if plain and plain.strip() else (html_to_text(html) if html else "")
    report = message.get_param("report-type") if message.get_content_type() == "multipart/report" else None
    return Content(text[:MAX_TEXT], html, tuple(attachments), message.get_content_type(), tuple(attached),
                   parts["calendar"], report.lower() if isinstance(report, str) else None)

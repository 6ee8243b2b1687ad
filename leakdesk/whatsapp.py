"""Read the files WhatsApp and WhatsApp Business make with "Export chat".

An export is a text file with one message per line, each message starting with the phone's local
date and time (no zone is written), or a ``.zip`` "with media" that holds that text file
(``_chat.txt`` from iPhones, ``WhatsApp Chat with X.txt`` from Android) and the media files.

Line shapes read (as WhatsApp writes them in various phone languages and regions)::

    Android  12/31/23, 9:41 PM - Ann Lee: Hello        (US: M/D/YY, 12-hour, often U+202F before PM)
             31/12/2023, 21:41 - Ann Lee: Hello        (UK/EU: D/M/YYYY, 24-hour)
             31.12.23, 21:41 - Ann Lee: Hallo          (DE)
             31/12/2023 21:41 - Ann Lee: Hello         (no comma, some regions)
             28/3/2025, 9:29 p. m. - Ann Lee: Hola     (ES: "a. m." / "p. m.")
             2023-12-31, 9:41 p.m. - Ann Lee: Hello    (year first, e.g. Canada)
             31/12/2023, 21:41 - Messages and calls are end-to-end encrypted. ...   (system: no author)
    iPhone   [31/12/2023, 21:41:05] Ann Lee: Hello     (seconds; U+200E marks at line starts and
             [12/31/23, 9:41:05 PM] Ann Lee: Hello      before "<attached: ...>", "image omitted", notices)
             [31.12.23, 21:41:05] Ann Lee: Hallo

The author ends at the first ": " after the timestamp; a line with no ": " is a system line.
iPhones attribute the encryption notice to the contact, so that notice (in a few languages) is a
system line wherever it appears. A line that does not start with a timestamp continues the message
above it (empty lines included). Two-digit years are 20YY. Media placeholders are flagged and kept
as written: "<Media omitted>", "<Medien ausgeschlossen>", "<Médias omis>", "IMG-….jpg (file
attached)", "<attached: 00000012-PHOTO-….jpg>", "<Anhang: …>", "image omitted", ...

Day-first or month-first is decided once per file from all its dates: the order under which fewer
dates are impossible wins (a first number above 12 settles it), then the order that keeps more of
the lines in time order. When nothing settles it the dates are read day-first, as most of the world
writes them, except for the US shape (slashes, a two-digit year and an uppercase AM/PM clock),
which is read month-first.

Text is UTF-8 with or without a BOM; UTF-16 with a BOM (a file re-saved by an editor) and, as a
last resort, Windows-1252 are read too. Not read: clocks written before the time (上午, 오전),
Arabic digits, and other shapes not listed above.
"""

from __future__ import annotations

import codecs
import io
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from leakdesk.errors import LeakDeskError

__all__ = ["ChatLine", "chat_name", "read_export"]


@dataclass(frozen=True)
class ChatLine:
    at: datetime  # naive: the phone's local time as written in the export (no zone in the file)
    author: str | None  # None for system lines; "You deleted this message" is a normal message
    text: str  # multi-line messages joined with "\n"; media placeholders kept as written
    media: bool = False  # "<Media omitted>", "IMG-….jpg (file attached)", "<attached: ….jpg>", "image omitted" …
    system: bool = False  # WhatsApp's own notices: encryption, "X created group", "Y left" …


_MAX_TEXT = 256 * 1024 * 1024  # years of a busy chat are tens of MB

_MARKS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
_SP = "[ \u00a0\u202f]"
_DATE = r"(?P<d1>\d{1,4})(?P<sep>[./-])(?P<d2>\d{1,2})(?P=sep)(?P<d3>\d{1,4})"
_TIME = (rf"(?P<h>\d{{1,2}})[:.](?P<mi>\d{{2}})(?:[:.](?P<s>\d{{2}}))?"
         rf"(?:{_SP}?(?P<ampm>[AaPp]\.?{_SP}?[Mm]\.?))?")
_ANDROID = re.compile(rf"[{_MARKS}]*{_DATE},?{_SP}{_TIME}{_SP}-{_SP}(?P<rest>.*)")
_IOS = re.compile(rf"[{_MARKS}]*\[{_DATE},?{_SP}{_TIME}\]{_SP}?(?P<rest>.*)")

# Notices iPhones (and newer Android versions) write under the contact's or group's name.
_NOTICE = re.compile(
    r"(?:Messages (?:and calls|to this (?:group|chat))|Nachrichten und Anrufe|Los mensajes y (?:las )?llamadas"
    r"|Les messages et (?:les )?appels|I messaggi e (?:le )?chiamate|As mensagens e (?:as )?chamadas)"
    r"[^.]*(?:encrypt|verschlüssel|cifrad|chiffr|crittograf|criptograf|protegid)"
    r"|This (?:chat is with a business account|business uses a secure service from Meta)",
    re.IGNORECASE)

_MEDIA = re.compile(
    r"^<(?:Media omitted|Medien ausgeschlossen|Médias omis|Multimedia omitido|Media omessi"
    r"|Arquivo de mídia oculto|Media weggelaten)>$"
    r"|^\S.*\.\w{1,5} \((?:file attached|Datei angehängt|fichier joint|archivo adjunto|file allegato"
    r"|arquivo anexado|bestand bijgevoegd)\)$"
    r"|<(?:attached|Anhang|pièce jointe|adjunto|allegato|anexado|bijlage) ?: ?[^<>]+>"
    r"|\b(?:(?:image|video|audio|sticker|GIF|document|Contact card) omitted"
    r"|(?:Bild|Video|Audio|Sticker|GIF|Dokument) weggelassen"
    r"|(?:imagen|video|audio|sticker|GIF|documento) omitid[oa])$",
    re.IGNORECASE)

_NAME = re.compile(
    r"(?:WhatsApp[ -]Chat (?:with|mit|met)|WhatsApp Chat -|Chat de WhatsApp con|Chat WhatsApp con"
    r"|Discussion WhatsApp avec|Conversa do WhatsApp com)\s+(?P<name>.+)", re.IGNORECASE)
_NAME_END = re.compile(r"(?:\s*\(\d+\))?\.(?:txt|zip)$", re.IGNORECASE)  # "… (1).txt": a second download


@dataclass(frozen=True)
class _Head:
    """A line's timestamp, still in pieces: the day/month order is decided per file."""

    d1: str
    sep: str
    d2: str
    d3: str
    hour: int
    minute: int
    second: int
    ampm: str | None
    rest: str

    def stamp(self, day_first: bool) -> datetime | None:
        if len(self.d1) == 4:
            year, month, day = self.d1, self.d2, self.d3
        elif day_first:
            day, month, year = self.d1, self.d2, self.d3
        else:
            month, day, year = self.d1, self.d2, self.d3
        if len(year) not in (2, 4) or len(day) > 2:
            return None
        hour = self.hour
        if self.ampm is not None:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if self.ampm[0] in "pP" else 0)
        try:
            return datetime(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day),
                            hour, self.minute, self.second)
        except ValueError:
            return None


def read_export(data: bytes, name: str = "") -> list[ChatLine]:
    """The chat lines of an export: the .txt itself, or the .zip WhatsApp makes "with media" (its _chat.txt /
    "WhatsApp Chat with X.txt" inside). Raises leakdesk.errors.LeakDeskError (one sentence) when it is not a
    WhatsApp export."""
    label = f"“{_base(name)}”" if _base(name) else "The file"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):  # the content decides, not the name
        data = _chat_from_zip(data, label)
    if not data.strip():
        raise LeakDeskError(f"{label} is empty, so it is not a WhatsApp chat export.")
    if len(data) > _MAX_TEXT:
        raise LeakDeskError(f"{label} is too large to be a WhatsApp chat export (over 256 MB of text).")
    lines = _decode(data).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    heads = [_head(line) for line in lines]
    first = next((i for i, line in enumerate(lines) if line.strip(_MARKS + " \t")), 0)
    dated = [h for h in heads if h is not None]
    day_first = _day_first(dated)
    opening = heads[first]
    if opening is None or opening.stamp(day_first) is None:
        raise LeakDeskError(f"{label} is not a WhatsApp chat export: its first line does not start with a date "
                            "and time the way WhatsApp writes them.")
    chat: list[ChatLine] = []
    at: datetime | None = None
    rest = ""
    more: list[str] = []
    for line, head in zip(lines[first:], heads[first:], strict=True):
        stamp = head.stamp(day_first) if head is not None else None
        if head is None or stamp is None:
            more.append(line)
            continue
        if at is not None:
            chat.append(_line(at, rest, more))
        at, rest, more = stamp, head.rest, []
    assert at is not None  # the opening line is dated
    chat.append(_line(at, rest, more))
    return chat


def chat_name(name: str) -> str | None:
    """The contact's name from the file's name ("WhatsApp Chat with Ann Lee.txt", "WhatsApp-Chat mit Ann Lee.txt",
    "Chat de WhatsApp con Ann Lee.txt", "Discussion WhatsApp avec Ann Lee.txt" ...), else None."""
    found = _NAME.fullmatch(_NAME_END.sub("", unicodedata.normalize("NFC", _base(name)).strip()))
    return found["name"].strip() if found else None


def _base(name: str) -> str:
    return re.split(r"[\\/]", name)[-1]


def _chat_from_zip(data: bytes, label: str) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            texts = [info for info in archive.infolist()
                     if not info.is_dir() and info.filename.lower().endswith(".txt")
                     and not info.filename.startswith("__MACOSX/")]
            named = [info for info in texts if _base(info.filename) == "_chat.txt"] or \
                    [info for info in texts if chat_name(info.filename)] or texts
            if len(named) != 1:
                raise LeakDeskError(f"{label} holds no single chat text file (_chat.txt or "
                                    "“WhatsApp Chat with ….txt”), so it is not a WhatsApp chat export.")
            with archive.open(named[0]) as member:
                text = member.read(_MAX_TEXT + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError, zlib.error) as exc:
        raise LeakDeskError(f"{label} cannot be opened as a zip file: export the chat again, or use its .txt "
                            "file.") from exc
    return text


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _head(line: str) -> _Head | None:
    found = _IOS.match(line) or _ANDROID.match(line)
    if found is None:
        return None
    return _Head(found["d1"], found["sep"], found["d2"], found["d3"], int(found["h"]), int(found["mi"]),
                 int(found["s"] or 0), found["ampm"], found["rest"])


def _day_first(heads: list[_Head]) -> bool:
    def misfits(day_first: bool) -> tuple[int, int]:
        stamps = [h.stamp(day_first) for h in heads]
        valid = [s for s in stamps if s is not None]
        return len(stamps) - len(valid), sum(1 for a, b in pairwise(valid) if b < a)

    as_dmy, as_mdy = misfits(True), misfits(False)
    if as_dmy != as_mdy:
        return as_dmy < as_mdy
    american = all(h.sep == "/" and len(h.d3) == 2 for h in heads) and any(h.ampm in ("AM", "PM") for h in heads)
    return not american


def _line(at: datetime, rest: str, more: list[str]) -> ChatLine:
    while more and not more[-1].strip(_MARKS + " \t"):
        more.pop()  # the blank end of the file: WhatsApp trims messages
    author: str | None
    author, colon, text = rest.partition(": ")
    if not colon and rest.endswith(":"):
        author, text = rest[:-1], ""
    elif not colon:
        author, text = None, rest
    author = author.strip(_MARKS + " ") if author is not None else None
    text = "\n".join([text.lstrip(_MARKS), *more])
    if author and not _NOTICE.match(text):
        return ChatLine(at, author, text, media=_MEDIA.search(text.split("\n", 1)[0]) is not None)
    return ChatLine(at, None, text, system=True)

"""Reading WhatsApp "Export chat" files: the real line shapes, the day/month order, and hostile input."""

from __future__ import annotations

import codecs
import io
import random
import zipfile
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leakdesk.errors import LeakDeskError
from leakdesk.whatsapp import ChatLine, chat_name, read_export

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "whatsapp"
ENC = ("Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, "
       "can read or listen to them.")


def read(name: str) -> list[ChatLine]:
    return read_export((FIXTURES / name).read_bytes(), name)


@dataclass(frozen=True)
class Case:
    file: str
    count: int
    first: ChatLine
    last: ChatLine
    multiline: tuple[int, str]
    media: tuple[int, ...]
    system: tuple[int, ...]
    contact: str | None


CASES = [
    Case("WhatsApp Chat with Ann Lee.txt", 13,  # Android, US, 12-hour with U+202F before AM/PM
         ChatLine(datetime(2023, 12, 28, 21, 2), None, ENC + " Tap to learn more.", system=True),
         ChatLine(datetime(2023, 12, 29, 12, 40), "Harbor Physio",
                  "Booked! See you Wed 1/3 at 4:00 PM. Address: 12 Pier St, Suite 3"),
         (3, "Hi Ann, thanks for reaching out!\nA 60 minute sports massage is $95.\n"
             "First visits include a short assessment."),
         (6,), (0,), "Ann Lee"),
    Case("WhatsApp Chat with Tom Baker.txt", 11,  # Android, UK, 24-hour
         ChatLine(datetime(2024, 1, 15, 18, 47), None, ENC + " Tap to learn more.", system=True),
         ChatLine(datetime(2024, 1, 16, 8, 2), "Oak & Stone Builds", "👍 See you Thursday"),
         (5, "Evening Tom, thanks for the photos.\nFor a refit that size we're usually between £9,500 and "
             "£14,000 fitted, depending on:\n\n- units and worktops\n- whether the boiler moves\n"
             "- electrics / plastering\n\nHappy to pop round for a free survey."),
         (3, 4), (0,), "Tom Baker"),
    Case("WhatsApp-Chat mit Jana Schmidt.txt", 11,  # Android, German
         ChatLine(datetime(2024, 2, 5, 8, 14), None,
                  "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats kann sie "
                  "lesen oder anhören, nicht einmal WhatsApp. Tippe, um mehr zu erfahren.", system=True),
         ChatLine(datetime(2024, 2, 7, 7, 56), "Physio am Markt",
                  "Erinnerung: heute 17:15 Uhr, bitte Handtuch mitbringen."),
         (3, "Guten Morgen Frau Schmidt,\neine Einheit MT (30 Min.) kostet als Selbstzahler 42 €, 60 Min. "
             "entsprechend 84 €.\nMit Verordnung rechnen wir direkt mit der Kasse ab."),
         (4,), (0,), "Jana Schmidt"),
    Case("WhatsApp Chat - Priya Shah.txt", 11,  # iPhone, UK, seconds, U+200E marks, CRLF
         ChatLine(datetime(2024, 3, 9, 10, 15, 22), None, ENC, system=True),
         ChatLine(datetime(2024, 3, 14, 16, 45, 9), "Priya Shah",
                  "Thanks for coming out. When can we expect the written quote?"),
         (5, "Hi Priya, yes we do!\nA rear dormer with en-suite typically runs £48k–£60k including building "
             "regs.\n\nWe'd need to see it to firm that up. Are you free for a site visit next week?"),
         (3, 4), (0,), "Priya Shah"),
    Case("_chat.txt", 10,  # iPhone, US, 12-hour with seconds and U+202F
         ChatLine(datetime(2024, 3, 4, 19, 58, 31), None, ENC, system=True),
         ChatLine(datetime(2024, 3, 5, 12, 5, 9), "Peak Performance PT", "Thursday 12:30 PM works, see you then!"),
         (3, "Hi Mike! No referral needed in our state.\nInitial eval is $140 cash pay, follow-ups are $95.\n"
             "We can also give you a superbill for your insurer."),
         (4, 5), (0,), None),
    Case("WhatsApp Chat with Dan Cole.zip", 9,  # Android "with media": the .txt and the files
         ChatLine(datetime(2024, 3, 11, 20, 14), None, ENC + " Tap to learn more.", system=True),
         ChatLine(datetime(2024, 3, 13, 8, 47), "Dan Cole", "Perfect, thanks"),
         (2, "IMG-20240311-WA0004.jpg (file attached)\nThis is it after last night's rain"),
         (2, 3, 6), (0,), "Dan Cole"),
    Case("WhatsApp Chat - Sofia Rossi.zip", 8,  # iPhone "with media", German: _chat.txt and the photo
         ChatLine(datetime(2024, 4, 2, 18, 30, 12), None,
                  "Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt. Niemand außerhalb dieses Chats kann sie "
                  "lesen oder anhören, nicht einmal WhatsApp.", system=True),
         ChatLine(datetime(2024, 4, 3, 8, 11, 2), "Malerbetrieb Krause", "Freitag, 05.04., 16 Uhr?"),
         (4, "Guten Morgen Frau Rossi,\ngrob geschätzt 1.450 € inkl. Material für beide Räume.\n"
             "Genaues Angebot nach Besichtigung."),
         (3,), (0,), "Sofia Rossi"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_fixture(case: Case) -> None:
    lines = read(case.file)
    assert len(lines) == case.count
    assert lines[0] == case.first
    assert lines[-1] == case.last
    index, text = case.multiline
    assert lines[index].text == text
    assert tuple(i for i, line in enumerate(lines) if line.media) == case.media
    assert tuple(i for i, line in enumerate(lines) if line.system) == case.system
    assert all((line.author is None) == line.system for line in lines)
    assert all(a.at <= b.at for a, b in pairwise(lines))
    assert chat_name(case.file) == case.contact


def test_fixture_details() -> None:
    us = read("WhatsApp Chat with Ann Lee.txt")
    assert us[10] == ChatLine(datetime(2023, 12, 29, 0, 14), "Ann Lee", "Sorry, one more question: is parking free?")
    assert (us[5].author, us[5].text, us[5].media) == ("Ann Lee", "This message was deleted", False)
    assert (us[8].author, us[8].text) == ("Harbor Physio", "You deleted this message")
    assert us[6].text == "<Media omitted>"
    ios_us = read("_chat.txt")
    assert ios_us[4].text == "Intake form.pdf • \u200e2 pages \u200edocument omitted"
    assert (ios_us[5].author, ios_us[5].text) == ("Mike Ross", "image omitted")
    assert ios_us[7] == ChatLine(datetime(2024, 3, 5, 9, 2, 14), "Mike Ross", "This message was deleted.")
    ios_uk = read("WhatsApp Chat - Priya Shah.txt")
    assert ios_uk[8] == ChatLine(datetime(2024, 3, 9, 11, 20, 3), "Brightside Renovations", "You deleted this message.")
    assert read("WhatsApp Chat - Sofia Rossi.zip")[3].text == "<Anhang: 00000004-PHOTO-2024-04-02-18-31-07.jpg>"
    assert read("WhatsApp Chat with Dan Cole.zip")[6].text == "PTT-20240311-WA0006.opus (file attached)"


@pytest.mark.parametrize(("name", "contact"), [
    ("WhatsApp Chat with Ann Lee.txt", "Ann Lee"),
    ("WhatsApp Chat with Ann Lee.zip", "Ann Lee"),
    ("WhatsApp-Chat mit Ann Lee.txt", "Ann Lee"),
    ("Chat de WhatsApp con Ann Lee.txt", "Ann Lee"),
    ("Discussion WhatsApp avec Ann Lee.txt", "Ann Lee"),
    ("Chat WhatsApp con Ann Lee.txt", "Ann Lee"),
    ("Conversa do WhatsApp com Ann Lee.txt", "Ann Lee"),
    ("WhatsApp-chat met Ann Lee.txt", "Ann Lee"),
    ("WhatsApp Chat - Ann Lee.zip", "Ann Lee"),
    ("WhatsApp Chat with Ann Lee (1).txt", "Ann Lee"),
    ("WhatsApp Chat with +44 7700 900123.txt", "+44 7700 900123"),
    ("C:\\Users\\desk\\Downloads\\WhatsApp Chat with Zoë Kraus.txt", "Zoë Kraus"),
    ("/home/desk/WhatsApp Chat with Zoe\u0308 Kraus.txt", "Zoë Kraus"),  # macOS writes names decomposed
    ("_chat.txt", None),
    ("chat.txt", None),
    ("WhatsApp Chat with .txt", None),
    ("", None),
])
def test_chat_name(name: str, contact: str | None) -> None:
    assert chat_name(name) == contact


# ---- line shapes and the day/month order ----

def lines_of(text: str) -> list[ChatLine]:
    return read_export(text.encode())


def test_spanish_and_dotted_clocks_and_year_first() -> None:
    es = lines_of("28/3/2025, 9:29\u00a0p.\u00a0m. - Ana: Hola, ¿cuánto cuesta?\n"
                  "29/3/2025, 1:23 a. m. - Clínica Sol: 45 € la sesión\n")
    assert [(x.at, x.author) for x in es] == [(datetime(2025, 3, 28, 21, 29), "Ana"),
                                             (datetime(2025, 3, 29, 1, 23), "Clínica Sol")]
    ca = lines_of("2023-12-20, 5:46 p.m. - Farid: Hi\n2023-12-21, 12:01 a.m. - Farid: Still there?\n")
    assert [x.at for x in ca] == [datetime(2023, 12, 20, 17, 46), datetime(2023, 12, 21, 0, 1)]


def test_a_first_number_above_12_settles_day_first() -> None:
    chat = lines_of("3/4/24, 9:00 PM - Ann: a\n13/4/24, 9:00 PM - Ann: b\n")  # US-looking, yet 13 is a day
    assert [x.at.date() for x in chat] == [datetime(2024, 4, 3).date(), datetime(2024, 4, 13).date()]


def test_a_second_number_above_12_settles_month_first() -> None:
    chat = lines_of("[4/3/2024, 09:00:00] Ann: a\n[4/13/2024, 09:00:00] Ann: b\n")
    assert [x.at.date() for x in chat] == [datetime(2024, 4, 3).date(), datetime(2024, 4, 13).date()]


def test_time_order_settles_what_numbers_cannot() -> None:
    # 5 Jan, 6 Jan, 1 Feb read day-first; month-first would run May, June, then back to January.
    chat = lines_of("5/1/24, 9:00 PM - Ann: a\n6/1/24, 9:00 PM - Ann: b\n1/2/24, 9:00 PM - Ann: c\n")
    assert [x.at.date() for x in chat] == [datetime(2024, 1, 5).date(), datetime(2024, 1, 6).date(),
                                           datetime(2024, 2, 1).date()]
    # 9 May, 10 May, 2 June read month-first; day-first would run September, October, then back to February.
    chat = lines_of("[05/09/2024, 10:00:00] Ann: a\n[05/10/2024, 10:00:00] Ann: b\n[06/02/2024, 10:00:00] Ann: c\n")
    assert [x.at.date() for x in chat] == [datetime(2024, 5, 9).date(), datetime(2024, 5, 10).date(),
                                           datetime(2024, 6, 2).date()]


@pytest.mark.parametrize(("text", "day"), [
    ("3/4/24, 9:41 PM - Ann: a\n", datetime(2024, 3, 4)),  # the US shape: month-first
    ("3/4/24, 9:41\u202fPM - Ann: a\n", datetime(2024, 3, 4)),
    ("[3/4/24, 9:41:05 PM] Ann: a\n", datetime(2024, 3, 4)),
    ("3/4/24, 21:41 - Ann: a\n", datetime(2024, 4, 3)),  # no AM/PM: day-first
    ("3/4/2024, 9:41 PM - Ann: a\n", datetime(2024, 4, 3)),  # four-digit year: day-first (e.g. India)
    ("03/04/2024, 9:41 pm - Ann: a\n", datetime(2024, 4, 3)),  # lowercase am/pm: UK, India, Australia
    ("03.04.24, 21:41 - Ann: a\n", datetime(2024, 4, 3)),
    ("03-04-24 21:41 - Ann: a\n", datetime(2024, 4, 3)),
])
def test_what_is_assumed_when_nothing_settles_it(text: str, day: datetime) -> None:
    assert lines_of(text)[0].at.date() == day.date()


def test_system_lines_and_authors() -> None:
    chat = lines_of("\u200e[04/03/2021, 10:18:18] \u200eYou created group “Export group”\n"
                    "[04/03/2021, 10:18:18] Export group: \u200e" + ENC + "\n"
                    "[04/03/2021, 10:18:30] Adrian: Re: the quote: fine\n"
                    "[04/03/2021, 10:18:31] Adrian: \n"
                    "[04/03/2021, 10:18:32] Adrian: Are messages and calls encrypted here?\n"
                    "[04/03/2021, 10:19:00] +44 7700 900123 left\n")
    assert [(x.author, x.text, x.system) for x in chat] == [
        (None, "You created group “Export group”", True),
        (None, ENC, True),
        ("Adrian", "Re: the quote: fine", False),
        ("Adrian", "", False),
        ("Adrian", "Are messages and calls encrypted here?", False),
        (None, "+44 7700 900123 left", True),
    ]


def test_continuation_lines_and_impossible_dates() -> None:
    chat = lines_of("\ufeff31/12/2023, 21:41 - Ann: line one\n"
                    "\n"
                    "31/13/2023, 21:42 - not a date, so part of the message\n"
                    "  indented\n"
                    "01/01/2024, 00:05 - Ann: Happy new year\n\n\n")
    assert [x.text for x in chat] == [
        "line one\n\n31/13/2023, 21:42 - not a date, so part of the message\n  indented", "Happy new year"]


def test_media_markers() -> None:
    texts = ["<Media omitted>", "<Médias omis>", "<Medien ausgeschlossen>", "<Multimedia omitido>",
             "IMG-20240101-WA0001.jpg (file attached)", "DOC-20240101-WA0002.pdf (Datei angehängt)",
             "PTT-20240101-WA0003.opus (archivo adjunto)", "\u200e<attached: 00000012-PHOTO-2024-01-01-10-00-00.jpg>",
             "Look <pièce jointe : 00000013-PHOTO-2024-01-01-10-00-00.jpg>", "\u200eimage omitted",
             "\u200evideo omitted", "\u200esticker omitted", "\u200eBild weggelassen", "\u200eimagen omitida"]
    chat = lines_of("".join(f"01/02/2024, 10:{i:02d} - Ann: {t}\n" for i, t in enumerate(texts)))
    assert all(x.media for x in chat), [x.text for x in chat if not x.media]
    plain = lines_of("01/02/2024, 10:00 - Ann: The photo omitted the roof\n"
                     "01/02/2024, 10:01 - Ann: <3 see quote.pdf (attached earlier)\n")
    assert not any(x.media for x in plain)


def test_encodings() -> None:
    raw = (FIXTURES / "WhatsApp-Chat mit Jana Schmidt.txt").read_bytes()
    expected = read_export(raw)
    text = raw.decode()
    assert read_export(codecs.BOM_UTF8 + raw) == expected
    assert read_export(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == expected
    assert read_export(codecs.BOM_UTF16_BE + text.encode("utf-16-be")) == expected
    latin = read_export("05.02.24, 08:15 - Jana Schmidt: Grüße\n".encode("cp1252"))
    assert latin[0].text == "Grüße"


def test_the_content_decides_not_the_name() -> None:
    assert read_export(b"12/31/23, 9:41 PM - Ann: text named .zip", "export.zip")[0].author == "Ann"
    assert read_export((FIXTURES / "WhatsApp Chat with Dan Cole.zip").read_bytes(), "upload.bin")[-1].author \
        == "Dan Cole"


def test_a_zip_takes_its_chat_text() -> None:
    def zipped(members: dict[str, bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for member, content in members.items():
                archive.writestr(member, content)
        return buffer.getvalue()

    chat = b"[02.04.24, 18:30:12] Sofia Rossi: Hallo\n"
    assert read_export(zipped({"__MACOSX/._chat.txt": b"\x00\x05", "notes.txt": b"x", "_chat.txt": chat}))[0].text \
        == "Hallo"
    assert read_export(zipped({"a/WhatsApp Chat with Sofia.txt": chat, "readme.txt": b"x"}))[0].text == "Hallo"
    with pytest.raises(LeakDeskError, match="no single chat text file"):
        read_export(zipped({"IMG-20240311-WA0004.jpg": b"\xff\xd8"}), "photos.zip")
    with pytest.raises(LeakDeskError, match="no single chat text file"):
        read_export(zipped({"a.txt": chat, "b.txt": chat}))


# ---- what is not an export ----

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n%%EOF\n"


@pytest.mark.parametrize(("data", "name", "says"), [
    (PDF, "Quote 2024-031.pdf", "“Quote 2024-031.pdf” is not a WhatsApp chat export"),
    (b"", "WhatsApp Chat with Ann Lee.txt", "“WhatsApp Chat with Ann Lee.txt” is empty"),
    (b" \r\n\n", "", "The file is empty"),
    (b"Shopping list\n- 2 tins of primer\n12/31/23, 9:41 PM - Ann: not the first line\n", "list.txt",
     "“list.txt” is not a WhatsApp chat export"),
    (b"Date,From,Text\n2024-01-01,Ann,Hello\n", "sms.csv", "is not a WhatsApp chat export"),
    (b"31/02/2024, 10:00 - Ann: no such day\n", "", "is not a WhatsApp chat export"),
    (b"PK\x03\x04 this is not really a zip", "chat.zip", "“chat.zip” cannot be opened as a zip file"),
    (b"\xff\xfe", "", "is not a WhatsApp chat export"),
])
def test_not_an_export(data: bytes, name: str, says: str) -> None:
    with pytest.raises(LeakDeskError) as raised:
        read_export(data, name)
    assert says in str(raised.value)
    assert str(raised.value).endswith(".") and str(raised.value).count(". ") == 0


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=600), st.sampled_from(["", "x.txt", "x.zip", "_chat.txt"]))
def test_any_bytes(data: bytes, name: str) -> None:
    try:
        lines = read_export(data, name)
    except LeakDeskError as exc:
        assert str(exc)
        return
    assert lines and all(isinstance(line.at, datetime) for line in lines)


PIECES = st.sampled_from([
    "[", "]", "\u200e", "\u202f", " ", ", ", " - ", ": ", ":", "\n", "\r\n", "/", ".", "-", "PM", "a. m.", "p.m.",
    "00", "0", "1", "12", "13", "31", "99", "2024", "0000", "24", "9:41", "25:61", "12:00:60", "Ann", "<Media omitted>",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=60))
def test_any_text_shaped_like_a_chat(pieces: list[str]) -> None:
    try:
        lines = read_export("".join(pieces).encode())
    except LeakDeskError as exc:
        assert str(exc)
        return
    assert lines and all(isinstance(line.text, str) for line in lines)


@pytest.mark.parametrize("file", ["WhatsApp Chat with Dan Cole.zip", "WhatsApp Chat - Sofia Rossi.zip"])
def test_damaged_zips(file: str) -> None:
    good = (FIXTURES / file).read_bytes()
    chance = random.Random(20240311)
    for _ in range(300):
        data = bytearray(good)
        for _ in range(chance.randint(1, 6)):
            data[chance.randrange(len(data))] = chance.randrange(256)
        cut = bytes(data[: chance.randint(len(data) // 2, len(data))]) if chance.random() < 0.3 else bytes(data)
        try:
            read_export(cut, file)
        except LeakDeskError as exc:
            assert str(exc)

"""Reading mail: the general form reader, quotes and signatures, the evidence
and its verdict, and learning from people's corrections (no server)."""

from __future__ import annotations

import base64
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leakdesk import overrides
from leakdesk.clock import FakeClock
from leakdesk.domain import MessageRole
from leakdesk.mail.authored import best_phone, forwarded, own_text, signature_name
from leakdesk.mail.classify import Context, Decision, classify
from leakdesk.mail.content import extract, html_to_text
from leakdesk.mail.fields import read_fields
from leakdesk.mail.labels import Field, field_of
from leakdesk.mail.learned import LEAD, NOT_A_LEAD, Example, Learned
from leakdesk.mail.parse import parse_message
from leakdesk.mail.signals import Kind, scan
from leakdesk.store import Store

FIXTURES = Path(__file__).parent.parent / "fixtures"


def mail(sender: str, subject: str, body: str, *headers: str, ctype: str = "text/plain") -> bytes:
    head = [f"From: {sender}", "To: front@clinic.test", f"Subject: {subject}", "Message-ID: <m@x.test>",
            f"Content-Type: {ctype}; charset=utf-8", *headers]
    return ("\r\n".join(head) + "\r\n\r\n" + body.replace("\n", "\r\n")).encode()


def verdict(raw: bytes, region: str = "GB", team: frozenset[str] = frozenset({"front@clinic.test"}),
            learned: Learned | None = None) -> object:
    return classify(parse_message(raw), extract(raw), Context(team, region=region, learned=learned))


@pytest.mark.parametrize(("label", "field"), [
    ("Your Name", Field.NAME), ("Full name *", Field.NAME), ("E-mail address (required)", Field.EMAIL),
    ("Your e-mail", Field.EMAIL), ("Mobile number", Field.PHONE), ("Tel.", Field.PHONE),
    ("First Name", Field.FIRST), ("Last name", Field.LAST), ("Company name", Field.OTHER),
    ("Mailing address", Field.OTHER), ("How did you hear about us?", Field.OTHER),
    ("Vorname", Field.FIRST), ("Nachname", Field.LAST), ("E-Mail-Adresse", Field.EMAIL),
    ("Telefonnummer", Field.PHONE), ("Ihre Nachricht", Field.MESSAGE), ("Prénom", Field.FIRST),
    ("Nom", Field.NAME), ("Adresse e-mail", Field.EMAIL), ("Téléphone portable", Field.PHONE),
    ("Nombre", Field.NAME), ("Apellidos", Field.LAST), ("Correo electrónico", Field.EMAIL),
    ("Teléfono", Field.PHONE), ("Mensaje", Field.MESSAGE), ("Nome e cognome", Field.NAME),
    ("Cognome", Field.LAST), ("Cellulare", Field.PHONE), ("Voornaam", Field.FIRST),
    ("Achternaam", Field.LAST), ("Telefoonnummer", Field.PHONE), ("Sobrenome", Field.LAST),
    ("Telemóvel", Field.PHONE), ("姓名", Field.NAME), ("手机号码", Field.PHONE), ("电子邮箱", Field.EMAIL),
    ("公司名称", Field.OTHER), ("Visitor Email", Field.EMAIL), ("Invitee Phone Number", Field.PHONE),
    ("Please tell us about the project you have in mind for your kitchen and garden", None),
])
def test_labels_are_read_by_their_words_in_eight_languages(label: str, field: Field | None) -> None:
    assert field_of(label) is field


LAYOUTS = {
    "label: value": "Name: Ann Lee\nEmail: ann@lee.test\nPhone: 07700 900111\nMessage: Hi",
    "label line, value line": "Name\nAnn Lee\n\nEmail\nann@lee.test\n\nPhone\n07700 900111",
    "wpforms lite blocks": "--- Name ---\n\nAnn Lee\n\n--- Email ---\n\nann@lee.test\n\n--- Phone ---\n\n"
                           "07700 900111\n\n--- Comment or Message ---\n\nHello",
    "markdown bold": "**Name:** Ann Lee\n**Email:** ann@lee.test\n**Phone:** 07700 900111",
    "markdown star lines": "*Name*\nAnn Lee\n*Email*\nann@lee.test\n*Phone*\n07700 900111",
    "markdown rows": "| Field | Value |\n|---|---|\n| Name | Ann Lee |\n| Email | ann@lee.test |\n"
                     "| Phone | 07700 900111 |",
    "markdown columns": "| Name | Email | Phone |\n|---|---|---|\n| Ann Lee | ann@lee.test | 07700 900111 |",
    "tabs": "Name\tAnn Lee\nEmail\tann@lee.test\nPhone\t07700 900111",
    "first and last": "First Name: Ann\nLast Name: Lee\nEmail: ann@lee.test\nPhone: 07700 900111",
    "french nom and prénom": "Nom : Lee\nPrénom : Ann\nCourriel : ann@lee.test\nTéléphone : 07700 900111",
    "spanish nombre and apellidos": "Nombre: Ann\nApellidos: Lee\nCorreo electrónico: ann@lee.test\n"
                                    "Teléfono: 07700 900111",
    "a heading before the fields": "New Form Submission\n\nName: Ann Lee\nEmail: ann@lee.test\n"
                                   "Phone: 07700 900111",
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_common_form_layout_gives_the_prospect(layout: str) -> None:
    fields = read_fields(LAYOUTS[layout], "GB")
    assert (fields.name, fields.email, fields.phone) == ("Ann Lee", "ann@lee.test", "+447700900111")


@pytest.mark.parametrize("html", [
    "<table><tr><td>Name</td><td>Ann Lee</td></tr><tr><td>Email</td><td>ann@lee.test</td></tr>"
    "<tr><td>Phone</td><td>07700 900111</td></tr></table>",
    "<table><tr><th>Name</th><th>Email</th><th>Phone</th></tr>"
    "<tr><td>Ann Lee</td><td>ann@lee.test</td><td>07700 900111</td></tr></table>",
    "<table><tr><td><table><tr><td><b>Name</b></td></tr><tr><td>Ann Lee</td></tr><tr><td><b>Email</b></td></tr>"
    "<tr><td>ann@lee.test</td></tr><tr><td><b>Phone</b></td></tr><tr><td>07700 900111</td></tr></table></td></tr>"
    "</table>",
    "<dl><dt>Name</dt><dd>Ann Lee</dd><dt>Email</dt><dd>ann@lee.test</dd><dt>Phone</dt><dd>07700 900111</dd></dl>",
])
def test_html_forms_in_both_orientations_and_nested_layout_tables(html: str) -> None:
    fields = read_fields(html_to_text(html), "GB")
    assert (fields.name, fields.email, fields.phone) == ("Ann Lee", "ann@lee.test", "+447700900111")


def test_each_mail_s_html_is_read_as_if_it_were_the_first() -> None:
    """The HTML parser is kept between mails (one a thread): nothing of one mail's open table, skipped
    style block or broken bytes reaches the next, and threads reading at once read their own."""
    import threading

    unfinished = {"<table><tr><td>Name</td><td>Ann Lee": "Name: Ann Lee", "<style>p { color: red }": "",
                  "<p>a\x00b\ud800<td>": None}  # (broken text: read somehow, never raised)
    for html, text in unfinished.items():
        assert html_to_text(html) == text or text is None
        assert html_to_text("<p>Hello</p>") == "Hello"
    forms = {n: f"<table><tr><td>Name</td><td>Person {n}</td></tr><tr><td>Email</td><td>p{n}@x.test</td></tr>"
                f"</table>" for n in range(8)}
    got: dict[int, set[str]] = {}

    def read(n: int) -> None:
        got[n] = {html_to_text(forms[n]) for _ in range(200)}

    threads = [threading.Thread(target=read, args=(n,)) for n in forms]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == {n: {f"Name: Person {n}\nEmail: p{n}@x.test"} for n in forms}


def test_chinese_names_join_family_name_first() -> None:
    assert read_fields("姓: 王\n名: 小明\n邮箱: wang@qq.test", "CN").name == "王小明"


def test_the_quote_below_a_reply_is_not_the_senders_text() -> None:
    text = ("Tuesday works, thanks!\n\nOn Mon, 9 Nov 2026 at 10:02, Brightside <front@clinic.test> wrote:\n"
            "> Call us on 020 7946 0000\n> Maya")
    assert own_text(text) == "Tuesday works, thanks!"
    outlook = ("Yes please.\n\nFrom: Maya <maya@clinic.test>\nSent: Monday\nTo: Ann\nSubject: Re: x\n\n"
               "Call 020 7946 0000")
    assert own_text(outlook) == "Yes please."
    german = "Danke!\n\nAm 09.11.2026 um 10:02 schrieb Jan Koch <jan@maler.test>:\n> Tel. 030 1234567"
    assert own_text(german) == "Danke!"


def test_signature_names_and_phones() -> None:
    assert signature_name("Can I book?\n\nThanks,\nAnn Lee\n07700 900111") == "Ann Lee"
    assert signature_name("Hola\n\nSaludos,\nLucía Gómez") == "Lucía Gómez"
    assert signature_name("Hi\n\nThanks, Ann") == "Ann"
    assert best_phone("call me on 0412 345 678 after 5", "AU") == "+61412345678"
    assert best_phone("Order 2026-11-09 ref 12345", "GB") is None


def test_the_words_behind_a_reason_are_quoted_in_reading_order() -> None:
    # The same mail gives the same reason on every seat and every run (not the hash seed's order).
    text = "could you give me a price and check availability? what would it cost, do you offer weekends"
    assert scan(text)[Kind.ENQUIRY] == ["could you", "price", "availab", "cost", "do you offer"]
    assert scan(text, limit=2)[Kind.ENQUIRY] == ["could you", "price"]


def test_a_forward_names_its_original_sender() -> None:
    found = forwarded("Fwd: Kitchen", "FYI\n\n---------- Forwarded message ---------\n"
                                     "From: Sam Ode <sam@ode.test>\nDate: Mon\nSubject: Kitchen\n\nQuote please?")
    assert found is not None and (found.name, found.address, found.text) == ("Sam Ode", "sam@ode.test",
                                                                             "Quote please?")


@pytest.mark.parametrize(("sender", "channel", "referrer"), [
    ("Sam Okafor <sam.okafor82@gmail.test>", "email", None),  # a team member from their own phone's mail
    ('"SAM  OKAFOR" <s.okafor@outlook.test>', "email", None),  # names compare without case, spaces or quotes
    ("Sam Brown <sam.brown@gmail.test>", "referral", "sam.brown@gmail.test"),  # the same first name: a client
])
def test_a_forward_by_a_team_member_from_a_personal_address_is_the_team_s(sender: str, channel: str,
                                                                          referrer: str | None) -> None:
    raw = mail(sender, "Fwd: Outside lights", "Priya can you book this one in? She found my own address.\n\n"
               "Sam\n\n---------- Forwarded message ---------\nFrom: Niamh Gallagher <niamh@gallagher.test>\n"
               "Date: Mon, 11 May 2026 at 21:17\nSubject: Outside lights\n\nHi Sam, could you quote for two "
               "outside lights and a garden socket?\nNiamh")
    team = frozenset({"front@clinic.test", "sam@clinic.test"})
    found = classify(parse_message(raw), extract(raw), Context(team, region="GB",
                                                               team_names=frozenset({"Sam Okafor", "Priya"})))
    assert found.decision is Decision.LEAD and found.contact_email == "niamh@gallagher.test"
    assert (found.channel.value, found.extra.get("referrer")) == (channel, referrer)


def test_a_form_without_reply_to_from_the_business_own_address_is_a_lead() -> None:
    raw = mail("Brightside <front@clinic.test>", "New submission", "--- First Name ---\n\nAnn\n\n"
               "--- Last Name ---\n\nLee\n\n--- Email ---\n\nann@lee.test\n\n--- Phone ---\n\n07700 900111")
    found = verdict(raw)
    assert found.decision is Decision.LEAD  # type: ignore[attr-defined]
    assert (found.contact_name, found.contact_email, found.contact_phone) == (  # type: ignore[attr-defined]
        "Ann Lee", "ann@lee.test", "+447700900111")
    assert "+ form layout with an outside address" in [str(e) for e in found.evidence]  # type: ignore[attr-defined]


def test_a_reply_to_name_in_encoded_words_is_read_as_text() -> None:
    raw = mail("Website <wordpress@clinic-site.test>", "New enquiry", "Someone would like a quote for a filling.",
               "Reply-To: =?utf-8?q?Jos=C3=A9_Mart=C3=ADnez?= <jose@martinez.test>")
    found = verdict(raw)
    assert (found.contact_name, found.contact_email) == ("José Martínez", "jose@martinez.test")  # type: ignore[attr-defined]


def test_a_robot_alone_never_sets_aside_mail_that_carries_an_outside_address() -> None:
    raw = mail("Site <noreply@site.test>", "Hello", "Someone left this: ann@lee.test")
    assert verdict(raw).decision is not Decision.NOT_A_LEAD  # type: ignore[attr-defined]


def test_an_invoice_is_set_aside_with_its_reason_and_evidence() -> None:
    raw = mail("Supplies <billing@supplies.test>", "Invoice INV-2231", "Invoice INV-2231\nAmount due: £120.00\n"
               "Due date: 30 November 2026")
    found = verdict(raw)
    assert found.decision is Decision.NOT_A_LEAD and found.reason.startswith("invoice")  # type: ignore[attr-defined]
    assert any(str(e).startswith("− invoice") for e in found.evidence)  # type: ignore[attr-defined]


def test_an_introduction_by_cc_makes_the_introduced_person_the_contact() -> None:
    raw = mail("Leo Hart <leo@hart.test>", "Intro: Marguerite / remodel",
               "Hi both, Leo here - meet Marguerite, who is planning a remodel.", "Cc: Marguerite Blanc "
               "<marguerite@blanc.test>")
    found = verdict(raw)
    assert (found.contact_email, found.channel.value, found.extra) == (  # type: ignore[attr-defined]
        "marguerite@blanc.test", "referral", {"referrer": "leo@hart.test"})


def test_an_unsure_message_waits_for_a_person() -> None:
    raw = mail("Jo Hart <jo@jo.test>", "An idea", "We help local clinics. Do you have time next week?")
    found = verdict(raw)
    assert found.decision is Decision.UNDECIDED and found.reason.startswith("not sure")  # type: ignore[attr-defined]


def test_three_corrections_of_a_kind_change_the_fourth_verdict() -> None:
    def pitch(n: int) -> bytes:
        return mail(f"Sam {n} <sam{n}@growth{n}.test>", "Quick question about your clinic",
                    f"Hi there, I'm Sam from Growth{n}. We make clinic booking pages load faster and would "
                    "love to show you what we did for other physiotherapy clinics in your town. Worth a chat?")

    tokens = []
    from leakdesk.mail.classify import learning_tokens
    for n in range(3):
        raw = pitch(n)
        tokens.append(Example(NOT_A_LEAD, learning_tokens(parse_message(raw), extract(raw))))
    before = verdict(pitch(9))
    after = verdict(pitch(9), learned=Learned(tokens))
    assert before.decision is not Decision.NOT_A_LEAD  # type: ignore[attr-defined]
    assert after.decision is Decision.NOT_A_LEAD  # type: ignore[attr-defined]
    assert "like 3 mails you marked not a lead" in after.reason  # type: ignore[attr-defined]
    one = verdict(pitch(9), learned=Learned([*tokens[:1], Example(LEAD, tokens[1].tokens)]))
    assert one.decision is before.decision  # type: ignore[attr-defined]


def test_check_these_decided_is_remembered(tmp_path: Path) -> None:
    from leakdesk.domain import Message

    store = Store.open(tmp_path / "d.sqlite")
    clock = FakeClock(datetime(2026, 11, 10, 9, tzinfo=UTC))
    raw = mail("Jo <jo@jo.test>", "Our partnership", "We help businesses like yours. Free trial this week.")
    store.messages.add_many([(Message("INBOX", 1, 1, "<m@x.test>", MessageRole.UNDECIDED, reason="not sure"),
                              clock.now(), clock.now(), raw)])
    [waiting] = store.reading.undecided()
    overrides.dismiss(store, clock, waiting.row, None)
    assert store.reading.undecided_count() == 0
    [(label, tokens)] = store.reading.examples()
    assert label == NOT_A_LEAD and "from:jo@jo.test" in tokens
    store.close()


def test_a_schema_0005_database_migrates_with_its_messages(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "schema_0005.sqlite", path)
    store = Store.open(path)
    [message] = store.messages.all()
    assert message.role is MessageRole.NOT_A_LEAD and store.messages.evidence(message.id or 0) == []
    assert [x.contact_name for x in store.leads.all()] == ["Ann Lee", "Bob Ray", "Cy Dean"]
    assert store.reading.undecided_count() == 0 and store.reading.examples() == []
    store.close()


def test_a_marketplace_writing_from_a_person_like_address_is_a_platform_not_the_prospect() -> None:
    raw = mail("Bark <team@bark.com>", "Rhys is looking for an electrician in Croydon",
               "Rhys is looking for an electrician.\n\nJob: full rewire of a 3-bed semi\nWhen: within 2 weeks\n\n"
               "Buy this lead to see Rhys's contact details.")
    found = verdict(raw)
    assert found.decision is Decision.LEAD  # type: ignore[attr-defined]
    assert (found.contact_name, found.contact_email, found.channel.value) == (  # type: ignore[attr-defined]
        "Rhys", None, "other")


def test_a_referral_letter_makes_the_referred_person_the_contact() -> None:
    raw = mail("Huisartsenpraktijk De Linde <assistente@huisartsdelinde.nl>", "Verwijzing fysiotherapie",
               "Geachte collega,\n\nHierbij verwijs ik mevrouw Johanna Kuipers naar uw praktijk.\n"
               "Mevrouw is telefonisch bereikbaar op 06-38291046 en per e-mail via j.kuipers58@ziggo.nl.\n\n"
               "Met collegiale groet,\n\nP. Hoekstra, huisarts\nT 050 313 2244")
    found = verdict(raw, region="NL")
    assert found.decision is Decision.LEAD  # type: ignore[attr-defined]
    assert (found.contact_name, found.contact_email, found.contact_phone, found.channel.value,  # type: ignore[attr-defined]
            found.extra["referrer"]) == ("Johanna Kuipers", "j.kuipers58@ziggo.nl", "+31638291046",  # type: ignore[attr-defined]
                                         "referral", "assistente@huisartsdelinde.nl")


def test_an_introducers_own_signature_number_is_not_the_introduced_persons() -> None:
    raw = (b"From: Tom Hargreaves <tom@hargreaves.test>\r\nTo: Sam <front@clinic.test>\r\n"
           b"Cc: Jo Mensah <jo.mensah@gmail.test>\r\nSubject: Intro\r\nMessage-ID: <i@x.test>\r\n\r\n"
           b"Sam, meet Jo, who needs a rewire.\r\n\r\nTom\r\n\r\nTom Hargreaves\r\nDirector\r\nT: 020 7946 0855\r\n")
    found = verdict(raw)
    assert (found.contact_email, found.contact_phone) == ("jo.mensah@gmail.test", None)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "region", "phone"), [
    ("Ik ben bereikbaar op 06 23456781 na 17 uur.", "NL", "+31623456781"),
    ("Sie erreichen mich unter 0176 23456789.", "DE", "+4917623456789"),
    ("Best number is (510) 555-0147.", "US", "+15105550147"),
    ("Chloe Nguyen\n0491 570 159\nLocation: Neutral Bay", "AU", "+61491570159"),
])
def test_the_writers_number_is_claimed_by_the_words_or_a_line_of_its_own(text: str, region: str,
                                                                           phone: str) -> None:
    assert best_phone(text, region, need_cue=True) == phone


def test_a_payment_notification_naming_the_payer_is_set_aside() -> None:
    raw = mail("Mollie <no-reply@mollie.com>", "Je hebt een betaling ontvangen",
               "Goed nieuws! Je hebt een betaling ontvangen.\n\nBedrag: € 42,50\nBetaalmethode: iDEAL\n"
               "Van: J. Kuipers, NL44 RABO 0123 4567 89\n\n"
               "Je ontvangt deze e-mail omdat je meldingen hebt ingeschakeld.")
    found = verdict(raw, region="NL")
    assert found.decision is Decision.NOT_A_LEAD and found.reason.startswith("invoice")  # type: ignore[attr-defined]


@pytest.mark.parametrize(("transcript", "name"), [
    ("Hi, it's Gareth Llewellyn here, calling about a new consumer unit.", "Gareth Llewellyn"),
    ("Goedemiddag, u spreekt met Henk Mulder. Ik bel voor een afspraak.", "Henk Mulder"),
    ("Hello, this is Mark Jensen, please call me back.", "Mark Jensen"),
    ("Dzień dobry, tu Barbara Kaczmarek, dzwonię w sprawie implantu.", "Barbara Kaczmarek"),
    ("Hej, det är Göran Holm, jag ringer om en laddbox.", "Göran Holm"),
    ("お世話になっております。中村と申します。エアコンの件でお電話しました。", "中村"),
    ("hi there, calling about the quote, bye", None),
])
def test_a_caller_says_their_name_in_the_ways_people_do(transcript: str, name: str | None) -> None:
    from leakdesk.mail.authored import caller_name

    assert caller_name(transcript) == name


@pytest.mark.parametrize(("text", "region", "phone"), [
    ("折り返しは080-9876-5432までお願いします。", "JP", "+818098765432"),  # Japanese writes numbers against words
    ("携帯：０８０－２３４５－６７８９", "JP", "+818023456789"),  # full-width digits and dashes
    ("電話 080−2345−6789 まで", "JP", "+818023456789"),  # U+2212 from an ISO-2022-JP mail
    ("Nagrano 2026-05-12 10:14, prosze o telefon: +48 607 112 233", "PL", "+48607112233"),
    ("Röstmeddelande mottaget på 2026-05-12 10 sekunder", "SE", None),  # a date and an hour, not a number
    ("Ref INV-20261110 and order AB1234567", "GB", None),  # a number touching Latin letters is a reference
])
def test_numbers_are_found_in_every_script_and_dates_are_not_numbers(text: str, region: str,
                                                                    phone: str | None) -> None:
    assert best_phone(text, region) == phone


def test_words_with_cjk_in_them_are_found_without_spaces_around() -> None:
    assert scan("弊社はseo対策のご提案をしております。")[Kind.PITCH] == ["seo対策", "ご提案"]
    assert Kind.ENQUIRY in scan("お見積もりをいただくことは可能でしょうか")


@pytest.mark.parametrize("quote", [
    '13.05.2026, 16:20, "İlker Şahin" <ilker@patidostuvet.test>:',  # Yandex: no word of any language
    "Ви писали 12 травня 2026 р., 10:15:",  # The Bat! in Ukrainian
    "Dne 12. 5. 2026 v 9:41 Petr Dvořák <petr@instalater.test> napsal(a):",  # Seznam, Thunderbird in Czech
])
def test_a_quote_starts_where_its_attribution_is_in_any_language(quote: str) -> None:
    text = f"Teşekkürler, cuma uygun.\n\n{quote}\n> Randevu için 0212 555 44 33 arayın."
    assert own_text(text) == "Teşekkürler, cuma uygun."


def test_a_bat_quote_with_the_writers_initials_is_a_quote() -> None:
    assert own_text("Дякую, домовились.\n\nІК> Доброго дня!\nІК> Наш номер +380 44 390 12 45") == "Дякую, домовились."


def test_an_amount_is_not_a_number_to_call() -> None:
    assert best_phone("Rozpočet: 30 000 – 50 000 Kč, volejte 603 123 456", "CZ") == "+420603123456"
    assert best_phone("Budget € 1 250 000 for the whole project", "IE") is None


@pytest.mark.parametrize(("region", "body", "name", "phone"), [
    ("UA", "Ім'я: Наталія Гончаренко\nТелефон: (067) 318-45-27\nКоментар: Потрібні вантажники",
     "Наталія Гончаренко", "+380673184527"),
    ("GR", "Ονοματεπώνυμο: Αναστασία Ζαφειρίου\nΚινητό τηλέφωνο: 694 731 2208\nΜήνυμα: Πόνος στον ώμο",
     "Αναστασία Ζαφειρίου", "+306947312208"),
    ("TR", "Ad Soyad: Mehmet Yıldız\nCep Telefonu: 0532 123 45 67\nMesajınız: Aşı randevusu",
     "Mehmet Yıldız", "+905321234567"),
    ("CZ", "Jméno a příjmení: Radek Šimek\nTelefonní číslo: 603 123 456\nZpráva: Kape baterie",
     "Radek Šimek", "+420603123456"),
])
def test_form_labels_in_cyrillic_greek_turkish_and_czech(region: str, body: str, name: str, phone: str) -> None:
    found = verdict(mail("Website <wordpress@site.test>", "Form", body), region=region)
    assert found.decision is Decision.LEAD  # type: ignore[attr-defined]
    assert (found.contact_name, found.contact_phone) == (name, phone)  # type: ignore[attr-defined]


def test_a_referral_letter_naming_the_patient_and_their_number_makes_them_the_prospect() -> None:
    body = ("Αγαπητέ Γιώργο,\n\nσου παραπέμπω τον ασθενή μου κ. Παναγιώτη Σταματόπουλο, 58 ετών. Αν μπορείτε καλέστε "
            "τον στο κινητό του 6972 550 118.\n\nΜε φιλικούς χαιρετισμούς,\nΑλέξανδρος Μαυρίδης\nΤηλ. 210 7241 900")
    found = verdict(mail("Αλέξανδρος Μαυρίδης <a.mavridis@ortho.test>", "Παραπομπή ασθενούς", body), region="GR")
    assert (found.decision, found.channel.value) == (Decision.LEAD, "referral")  # type: ignore[attr-defined]
    assert (found.contact_name, found.contact_email, found.contact_phone) == (  # type: ignore[attr-defined]
        "Παναγιώτη Σταματόπουλο", None, "+306972550118")
    assert found.extra["referrer"] == "a.mavridis@ortho.test"  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "region", "phone"), [
    ("Maksu viitteellä RF39 1148 7730 2615, eräpäivä 20.5.", "FI", None),  # a creditor reference
    ("IBAN FI21 1234 5600 0007 85. Soita 040 123 4567", "FI", "+358401234567"),
    ("2026. 05. 12. 9:12 Tóth Ferenc írta:", "HU", None),  # a Hungarian date line
])
def test_references_and_dates_are_no_numbers(text: str, region: str, phone: str | None) -> None:
    assert best_phone(text, region) == phone


@pytest.mark.parametrize(("subject", "decision"), [
    ("Új munka a közelében: fékbetét csere Debrecenben", Decision.LEAD),  # a job the marketplace announces
    ("Heti összefoglaló: 12 új megtekintés", Decision.UNDECIDED),  # its weekly digest announces nobody
])
def test_a_marketplace_announcing_a_request_with_the_customer_withheld_is_a_lead(subject: str,
                                                                                 decision: Decision) -> None:
    body = "Fékbetét csere, 2012-es Opel Astra. Időpont: jövő hét. Jelentkezzen a részletekért a profiljában."
    raw = mail("Szakilisták <ertesito@szakilistak.hu>", subject, body,
               "List-Unsubscribe: <https://szakilistak.hu/leiratkozas>")
    assert verdict(raw, region="HU").decision is decision  # type: ignore[attr-defined]


def test_one_billing_word_in_a_persons_enquiry_is_about_the_bill_to_come() -> None:
    raw = mail("Sean Gallagher <sean@outlook.test>", "Leaking water heater",
               "Hello,\nthe water heater is leaking. My landlord will pay the invoice. Could someone come and "
               "have a look this week?\n\nThanks,\nSean")
    assert verdict(raw, region="CZ").decision is Decision.LEAD  # type: ignore[attr-defined]


@pytest.mark.parametrize(("label", "field"), [
    ("연락처", Field.PHONE), ("예약자", Field.NAME), ("문의 내용", Field.MESSAGE), ("Số điện thoại", Field.PHONE),
    ("Họ và tên", Field.NAME), ("رقم الجوال", Field.PHONE), ("البريد الإلكتروني", Field.EMAIL),
    ("ご用件", Field.MESSAGE),
])
def test_labels_in_korean_vietnamese_and_arabic(label: str, field: Field) -> None:
    assert field_of(label) is field


@pytest.mark.parametrize(("name", "ok"), [
    ("Pieter van der Merwe", True), ("María de la Cruz", True), ("سعيد الكتبي", True), ("Die Anfrage", False),
    ("Hi all", False), ("Hallo zusammen", False), ("Dear Team", False), ("Bonjour à tous", False),
])
def test_names_with_particles_and_in_scripts_without_capitals(name: str, ok: bool) -> None:
    from leakdesk.mail.fields import looks_like_name

    assert looks_like_name(name) is ok


def test_a_chat_a_team_member_pastes_from_their_own_address_gives_the_customers_number() -> None:
    body = ("Zalo chat hôm nay:\n\nLan (09:12): Chào phòng khám, em muốn hỏi giá niềng răng Invisalign ạ?\n"
            "Lan (09:13): Số của em là 0977 340 512\nPhòng khám (09:20): Dạ em gửi báo giá ngay ạ")
    raw = mail("Nguyễn Thu Hà <thuha.nguyen88@gmail.test>", "Khách hỏi qua Zalo", body)
    found = classify(parse_message(raw), extract(raw), Context(frozenset({"front@clinic.test"}), region="VN",
                                                               team_names=frozenset({"Nguyễn Thu Hà"})))
    assert (found.decision, found.channel.value, found.contact_phone) == (Decision.LEAD, "chat", "+84977340512")


def test_hebrew_mail_in_iso_8859_8_i_is_read() -> None:
    from leakdesk.domain.messages import decode

    assert decode("=?ISO-8859-8-I?B?+ezl7Q==?= <a@b.test>") == "שלום <a@b.test>"
    raw = (b"From: a@b.test\r\nSubject: x\r\nContent-Type: text/plain; charset=ISO-8859-8-I\r\n\r\n") \
        + "שלום, כמה עולה?".encode("iso-8859-8")
    assert extract(raw).text == "שלום, כמה עולה?"


@pytest.mark.parametrize(("label", "text"), [
    ("windows-874", "สวัสดีครับ ขอใบเสนอราคา"),  # Outlook's Thai: a WHATWG label Python's codecs do not know
    ("x-sjis", "見積もりをお願いします"), ("x-gbk", "请问价格多少"), ("x-mac-roman", "Grüße, café"),
])
def test_mail_in_charsets_named_the_way_mail_clients_name_them_is_read(label: str, text: str) -> None:
    from leakdesk.domain.messages import codec_name, decode

    codec = codec_name(label)
    assert codec is not None
    data = text.encode(codec)
    encoded = base64.b64encode(data).decode()
    assert decode(f"=?{label.upper()}?B?{encoded}?= <a@b.test>") == f"{text} <a@b.test>"
    raw = f"From: a@b.test\r\nSubject: x\r\nContent-Type: text/plain; charset={label}\r\n\r\n".encode() + data
    assert extract(raw).text == text


def test_an_unknown_charset_leaves_the_text_readable() -> None:
    from leakdesk.domain.messages import codec_name, decode

    assert codec_name("x-user-defined") is None and codec_name("no-such-charset") is None
    assert decode("=?no-such-charset?Q?abc?=") == "=?no-such-charset?Q?abc?="
    assert decode("=?utf-8*en?Q?caf=C3=A9?=") == "café"  # RFC 2231's language after the charset
    raw = b"From: a@b.test\r\nSubject: x\r\nContent-Type: text/plain; charset=no-such-charset\r\n\r\nHello, caf\xc3\xa9"
    assert extract(raw).text == "Hello, café"


def test_a_pasted_whatsapp_export_is_a_whatsapp_lead_with_the_speakers_number() -> None:
    body = ("Ada chat dari WA tadi pagi:\n\n[17/06/26 09.14.22] +62 812-9034-6671: Selamat pagi kak, berapa harga "
            "katering 100 orang?\n[17/06/26 09.20.05] Dapur Sari Rasa: Pagi kak, bisa kak.\n"
            "[17/06/26 09.22.47] +62 812-9034-6671: Untuk tanggal 20 Juli kak")
    raw = mail("Rina Wulandari <rina@dapur.test>", "Calon pelanggan", body)
    found = classify(parse_message(raw), extract(raw), Context(frozenset({"rina@dapur.test"}), region="ID"))
    assert (found.decision, found.channel.value, found.contact_phone) == (Decision.LEAD, "whatsapp", "+6281290346671")


def test_a_text_message_from_an_sms_gateway_gives_its_number() -> None:
    raw = mail("6235550144@vtext.com", "", "Need a quote to replace my AC unit. Call me after 5 -Mike")
    assert verdict(raw, region="US").contact_phone == "+16235550144"  # type: ignore[attr-defined]


def test_a_persons_mail_through_the_offices_own_group_is_theirs() -> None:
    raw = mail("\"'Heather Lindqvist' via Office\" <front@clinic.test>", "Mini split quote",
               "Hi, could I get an estimate for a mini split? Thanks, Heather", "Reply-To: Heather <h.l@yahoo.test>",
               "List-ID: <office.clinic.test>", "Precedence: list",
               "List-Unsubscribe: <mailto:googlegroups-manage+1+unsubscribe@googlegroups.com>")
    found = verdict(raw)
    assert (found.decision, found.channel.value, found.contact_email) == (  # type: ignore[attr-defined]
        Decision.LEAD, "email", "h.l@yahoo.test")


def test_a_prospect_who_shares_a_team_members_name_is_not_set_aside_unweighed() -> None:
    raw = mail("Sam Okafor <sam.okafor.home@gmail.test>", "Quote for a rewire",
               "Hi, could you quote for rewiring a two-bed flat? Thanks, Sam")
    found = classify(parse_message(raw), extract(raw), Context(frozenset({"front@clinic.test", "sam@clinic.test"}),
                                                               region="GB", team_names=frozenset({"Sam Okafor"})))
    assert found.decision is not Decision.NOT_A_LEAD  # weighed: a lead or Check these, never silently away


def test_an_auto_reply_with_an_empty_return_path_is_no_bounce() -> None:
    raw = mail("Олег <oleh@pereizd.test>", "Автовідповідь: Re: переїзд", "Я у відпустці до 20 травня.",
               "Auto-Submitted: auto-replied", "Return-Path: <>")
    assert verdict(raw, region="UA").reason.startswith("auto-reply")  # type: ignore[attr-defined]


def test_a_dmarc_aggregate_report_is_never_a_lead() -> None:
    raw = mail("DMARC Aggregate Report <dmarcreport@microsoft.test>",
               "Report Domain: bialyzab.test Submitter: enterprise.protection.outlook.com Report-ID: <a1b2c3>",
               "This is a DMARC aggregate report for bialyzab.test. Tel 2026-05-12 10")
    found = verdict(raw, region="PL")
    assert found.decision is Decision.NOT_A_LEAD and "DMARC" in found.reason  # type: ignore[attr-defined]


def test_a_japanese_signature_boxed_in_rules_is_no_form() -> None:
    body = ("さくらハウスクリーニング\nご担当者様\n\n株式会社みなと不動産管理の高橋と申します。\n"
            "原状回復クリーニングのお見積もりをいただくことは可能でしょうか。\n\n"
            "お忙しいところ恐れ入りますが、ご検討のほどよろしくお願いいたします。\n\n"
            "━━━━━━━━━━━━━━━━━━━━\n株式会社みなと不動産管理\n賃貸管理部　高橋 健太\n"
            "TEL：045-678-9012　FAX：045-678-9013\n携帯：080-1111-2222\nE-mail：k.takahashi@minato.test\n"
            "━━━━━━━━━━━━━━━━━━━━")
    found = verdict(mail("=?utf-8?b?6auY5qmLIOWBpeWkqg==?= <k.takahashi@minato.test>", "お見積りのお願い", body),
                    region="JP")
    assert found.decision is Decision.LEAD and found.channel.value == "email"  # type: ignore[attr-defined]
    assert found.contact_email == "k.takahashi@minato.test"  # type: ignore[attr-defined]


def test_an_outlook_forward_in_polish_names_its_original_sender() -> None:
    found = forwarded("PD: Implant", "Proszę oddzwonić.\n\n________________________________\n"
                                     "Od: Katarzyna Nowicka <kasia.nowicka@onet.test>\n"
                                     "Wysłane: poniedziałek, 11 maja 2026 09:12\nDo: Anna Maj <dr.maj@bialyzab.test>\n"
                                     "Temat: Implant\n\nDzień dobry, ile kosztuje implant?")
    assert found is not None and (found.name, found.address) == ("Katarzyna Nowicka", "kasia.nowicka@onet.test")
    assert found.text == "Dzień dobry, ile kosztuje implant?"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Hi", "Ann", "quote", "please", " ", "\n", "\r\n", "?", ",", "!", "é", "报价"]),
                max_size=60))
def test_text_with_nothing_a_quote_starts_with_is_all_the_writers_own(parts: list[str]) -> None:
    text = "".join(parts)
    assert own_text(text) == text.replace("\r\n", "\n").strip()
    assert forwarded("Fwd: kitchen", text) is None  # no "From:" line of an original to read


def test_a_persons_signature_with_labelled_lines_is_not_a_web_form() -> None:
    raw = mail("Petra Vogel <p.vogel@hausverwaltung-vogel.test>", "Rohrbruch im Keller",
               "Guten Tag,\n\nkönnten Sie sich einen Rohrbruch im Keller ansehen?\n\nMit freundlichen Grüßen\n"
               "Petra Vogel\nHausverwaltung Vogel GmbH\nTel.: 030 1234567\nFax: 030 1234568\n"
               "E-Mail: p.vogel@hausverwaltung-vogel.test", ctype="text/plain")
    found = verdict(raw, region="DE")
    assert found.decision is Decision.LEAD  # type: ignore[attr-defined]
    assert (found.reason, found.channel.value, found.contact_email) == (  # type: ignore[attr-defined]
        "direct enquiry", "email", "p.vogel@hausverwaltung-vogel.test")


def test_a_question_mark_in_a_link_asks_nothing_and_a_footer_asks_for_no_service() -> None:
    raw = mail("Shop <shipment-tracking@shop.test>", "Your order has shipped",
               "Your order has shipped.\nTrack it: https://shop.test/track?orderId=1234&ref=mail\n\n"
               "Order total: $84.20\n\nMore information and prices: https://shop.test/help",
               "List-Unsubscribe: <https://shop.test/unsubscribe>")
    found = verdict(raw, region="US")
    assert "+ asks a question" not in [str(e) for e in found.evidence]  # type: ignore[attr-defined]
    assert not any("asks about a service" in str(e) for e in found.evidence)  # type: ignore[attr-defined]
    assert found.decision is Decision.NOT_A_LEAD  # type: ignore[attr-defined]


@pytest.mark.parametrize("sender", ["notificacion@banco.test", "benachrichtigung@bank.test", "notifiche@poste.test",
                                    "no-responder@clinica.test", "ne-pas-repondre@site.test"])
def test_robots_are_known_in_their_own_languages(sender: str) -> None:
    from leakdesk.mail.classify import _is_robot

    assert _is_robot(sender)


def test_a_builders_name_is_a_whole_word() -> None:
    from leakdesk.mail.classify import _builder

    assert _builder("x@y.test", "Individual session", "an individual lesson please") is None
    assert _builder("noreply@crm.wix.com", "New form", "Name: Ann") == "Wix"


def test_a_phone_services_brand_is_not_the_callers_name() -> None:
    raw = mail("Placetel <voicemail@placetel.test>", "Neue Sprachnachricht von +49 30 9876543",
               "Sie haben eine neue Sprachnachricht.\nVon: +49 30 9876543\n\nTranskription:\n"
               "Ja, hallo, hier spricht Brigitte Hoffmann, ich hätte gern einen Termin. Danke.")
    found = verdict(raw, region="DE")
    assert (found.contact_name, found.contact_phone) == ("Brigitte Hoffmann", "+49309876543")  # type: ignore[attr-defined]


def test_a_one_word_brand_as_display_name_is_no_person_writing() -> None:
    raw = mail("Nubank <atendimento@nubank-seguranca.test>", "Sua conta foi suspensa",
               "Olá,\n\nSua conta foi suspensa por motivos de segurança. Regularize em até 24 horas:\n"
               "https://nubank-seguranca.test/regularizar")
    found = verdict(raw, region="BR")
    assert found.decision is Decision.NOT_A_LEAD  # type: ignore[attr-defined]
    assert not any(str(e).startswith("+ written by a person") for e in found.evidence)  # type: ignore[attr-defined]


def test_a_marketplace_request_with_the_customer_withheld_is_a_lead() -> None:
    raw = mail("Oneflare <jobs@oneflare.com.au>", "New job: Logbook service in Rozelle NSW 2039",
               "A new job matching your services has been posted near you.\n\n"
               "Hannah in Rozelle NSW 2039 is looking for a Mechanic\n\nService: Logbook service\n"
               "Additional information: Would like a quote including a regas.\n\n"
               "The customer's contact details are unlocked when you send a quote.",
               "List-Unsubscribe: <https://oneflare.test/unsubscribe>")
    found = verdict(raw, region="AU")
    assert found.decision is Decision.LEAD  # type: ignore[attr-defined]
    assert (found.contact_name, found.channel.value) == ("Hannah", "other")  # type: ignore[attr-defined]


def test_a_cv_file_named_with_underscores_is_a_cv() -> None:
    from leakdesk.mail.classify import _CV_FILE

    assert _CV_FILE.search("cv_ines_martin_2026.pdf") and _CV_FILE.search("curriculo_gustavo.pdf")
    assert not _CV_FILE.search("cvs_pharmacy_receipt.pdf")


@pytest.mark.parametrize(("sender", "text", "region", "phone"), [
    ("hilde@telenet.be", "GSM: 0476 52 18 30", "NL", "+32476521830"),  # a Belgian mobile, read in Belgium
    ("sanne@ziggo.nl", "Mobiel: 06 12345678", "NL", "+31612345678"),  # the business's own country first
    ("ann@startup.io", "Mob: 07700 900123", "GB", "+447700900123"),  # ".io" names no country
])
def test_a_number_no_business_country_reads_is_read_in_the_writers(sender: str, text: str, region: str,
                                                                     phone: str) -> None:
    from leakdesk.mail.fields import writer_region

    assert best_phone(text, writer_region(region, sender)) == phone


@pytest.mark.parametrize(("language", "phone"), [
    ("fr-CA", "+15145550192"),  # a Montréal writer on outlook.com: their client writes Québec French
    (None, None),  # nothing says where they live: "514 555-0192" is no French number
    ("fr-FR", None),
])
def test_the_language_a_writers_mail_client_names_tells_where_their_numbers_are(language: str | None,
                                                                               phone: str | None) -> None:
    headers = [f"Content-Language: {language}"] if language else []
    raw = mail("Geneviève Tremblay <gen.tremblay@outlook.test>", "Photographe pour notre mariage",
               "Bonjour,\nest-ce que vous êtes disponible le 17 juillet 2027 ? Quels sont vos tarifs ?\n\n"
               "Geneviève Tremblay\nCell. : 514 555-0192", *headers)
    found = verdict(raw, region="FR")
    assert found.decision is Decision.LEAD  # type: ignore[attr-defined]
    assert found.contact_phone == phone  # type: ignore[attr-defined]


@pytest.mark.parametrize("line", [
    "Rohit Verma: mera number 70147 33892 hai", "[6:07 PM] Rohit Verma: mera number 70147 33892 hai",
    "Rohit Verma (6:07 PM): mera number 70147 33892 hai", "18/06/2026 18:07 - Rohit Verma: mera number 70147 33892",
    "Rohit Verma [18:07]: mera number 70147 33892 hai",
])
def test_a_chat_visitor_gives_their_number_in_their_own_lines_whatever_the_transcripts_shape(line: str) -> None:
    body = ("Chat transcript\n\nVisitor: Rohit Verma\nEmail: rohitverma.delhi@outlook.test\n\n"
            "Ritu Sharma (6:06 PM): Aap hume 0141-4045566 par call kar sakte hain\n" + line + "\n")
    raw = mail("LiveChat <no-reply@livechat.test>", "Chat transcript: Rohit Verma", body)
    found = verdict(raw, region="IN")
    assert (found.decision, found.contact_email, found.contact_phone) == (  # type: ignore[attr-defined]
        Decision.LEAD, "rohitverma.delhi@outlook.test", "+917014733892")


@pytest.mark.parametrize(("body", "decision"), [
    ("Nyaraka za kazi 2291 zimefika. Asante.", Decision.UNDECIDED),  # a person, and nothing else known
    ("Could you send me a quote for two rooms?", Decision.LEAD),
    ("ขอใบเสนอราคาติดแอร์ 2 เครื่องครับ?", Decision.LEAD),  # a question, in any language
])
def test_that_a_person_wrote_is_not_enough_to_be_a_lead(body: str, decision: Decision) -> None:
    raw = mail("Jana Horakova <jana.h@post.test>", "Re", body)
    assert verdict(raw, region="CZ").decision is decision  # type: ignore[attr-defined]


@pytest.mark.parametrize("block", [
    "________________________________\nNuo: Kauno Ratų Servisas <info@ratai.test>\nIšsiųsta: 2026 m. birželio 3 d. "
    "10:15\nKam: Tomas Petrauskas <tomas.p@gmail.test>\nTema: RE: Stabdžių keitimas",
    "-------- Оригинално писмо --------\nОт: Десислава Петрова desi@remonti.test\nОтносно: Re: Оферта\n"
    "До: nik.georgiev@abv.test\nИзпратено: 16.06.2026 10:12",
    "\nDe: Marta Vidal Puig <marta@estudi.test>\nEnviat: dimarts, 16 de juny de 2026 12:40\n"
    "Per a: pau.riera@telefonica.test\nTema: RE: Sol·licitud de pressupost",
])
def test_a_quoted_header_block_in_a_language_without_its_words_starts_the_quote(block: str) -> None:
    from leakdesk.mail.authored import own_text

    text = f"Dobro, četvrtak mi odgovara.\n\nTomas\n\n{block}\n\nPoštovani, nazovite nas na 021 456 789."
    assert own_text(text) == "Dobro, četvrtak mi odgovara.\n\nTomas"


@pytest.mark.parametrize("forward", [
    "-------- Edastatud kiri --------\nTeema: \tterrass\nKuupäev: \tSun, 14 Jun 2026 21:37:12 +0300\n"
    "Saatja: \tRein Lepik <rein.lepik@gmail.test>\nAdressaat: \tkadri@kivisild.test\n\n\n",
    "-------- Προωθημένο μήνυμα --------\nΘέμα: Βεράντα\nΗμερομηνία: Κυρ, 14 Ιουν 2026 21:37:12 +0300\n"
    "Από: Rein Lepik <rein.lepik@gmail.test>\nΠρος: kadri@kivisild.test\nΚοιν.: margus@kivisild.test\n\n",
])
def test_thunderbirds_header_block_in_any_language_names_the_original_sender(forward: str) -> None:
    """Thunderbird heads a forward with the subject and the date, then the sender and the recipient."""
    from leakdesk.mail.authored import forwarded, own_text

    text = f"Margus, palun helista talle.\n\nKadri\n\n\n{forward}Tere! Soovime terrassi, kas jõuaksite sel suvel?"
    original = forwarded("Fwd: terrass", text)
    assert original is not None
    assert (original.name, original.address) == ("Rein Lepik", "rein.lepik@gmail.test")
    assert original.text == "Tere! Soovime terrassi, kas jõuaksite sel suvel?"
    assert own_text(text) == "Margus, palun helista talle.\n\nKadri"


def test_a_long_form_with_two_addresses_and_a_timestamp_is_no_header_block() -> None:
    from leakdesk.mail.authored import own_text

    form = ("Laikspiedols: 16.06.2026 13:02:44\nVārds, uzvārds: Kristīne Eglīte\nE-pasta adrese: kristine@eg.test\n"
            "Tālruņa numurs: 28075194\nKomentārs: Vai pirms balināšanas jāveic higiēna?\n"
            "Ieteicējs: anna@eg.test\nVēlamais laiks: darba dienās")
    assert own_text(f"Jauna atbilde\n\n{form}") == f"Jauna atbilde\n\n{form}"


def test_a_phone_services_name_inside_a_persons_name_is_no_channel() -> None:
    raw = mail("Toomas Mägi <toomas.magi@mail.test>", "Hinnapäring – trepikodade remont",
               "Tere! Soovime hinnapakkumist trepikodade remondiks. Kas saate tulla vaatama?\n\nToomas")
    assert verdict(raw, region="EE").channel.value == "email"  # type: ignore[attr-defined]
    raw = mail("Ooma <voicemail@ooma.test>", "New voicemail from (510) 555-0148", "You have a new voicemail.")
    assert verdict(raw, region="US").channel.value == "phone"  # type: ignore[attr-defined]


def test_a_forms_address_and_date_lines_are_no_header_block() -> None:
    from leakdesk.mail.authored import forwarded, own_text

    form = "Name: Ana Puig\nCorreu electrònic: ana@puig.test\nData: 12/06/2026 10:00\nTelèfon: 612 34 56 78\n"
    assert own_text(form) == form.strip()
    forward = ("Sveiki,\n\n---------- Persiųstas laiškas ---------\nNuo: Rasa Jankauskienė <rasa.j@inbox.test>\n"
               "Data: 2026 m. birž. 3 d., tr, 10:15\nTema: Fotosesija\nKam: <info@studija.test>\n\n"
               "Laba diena, norėčiau užsisakyti fotosesiją.")
    original = forwarded("Fwd: Fotosesija", forward)
    assert original is not None
    assert (original.address, original.text) == ("rasa.j@inbox.test", "Laba diena, norėčiau užsisakyti fotosesiją.")


def test_a_notification_quoting_its_customers_question_has_somebody_behind_it() -> None:
    body = ("Poštovani,\n\nkorisnik ivan_zg85 poslao vam je poruku vezano uz oglas „Dvosoban stan Split“:\n\n"
            "„Poštovani, zanima me najam od 1.10. do 31.5. Je li uz stan moguć i parking? Molim vas da me nazovete "
            "na 091 234 5678.“\n\nPoruku možete pročitati u svom profilu.\n\nOva poruka poslana je automatski.")
    found = verdict(mail("Njuskalo <noreply@oglasi.test>", "Nova poruka za oglas", body), region="HR")
    assert (found.decision, found.contact_phone) == (Decision.LEAD, "+385912345678")  # type: ignore[attr-defined]
    testimonial = body.replace("Je li uz stan moguć i parking?", "Sve je bilo odlično.").replace(
        "Molim vas da me nazovete na 091 234 5678.", "Preporučujem svima.")
    assert verdict(mail("Njuskalo <noreply@oglasi.test>", "Nova recenzija", testimonial),  # type: ignore[attr-defined]
                   region="HR").decision is not Decision.LEAD


def test_a_notifications_reply_to_a_conversation_address_names_the_person_behind_it() -> None:
    raw = mail("Airbnb <automated@airbnb.test>", "Upit za Apartman Varoš",
               "Odgovorite na Katarinin upit\n\nKatarina\nZagreb, Hrvatska\n\nDolazimo suprug, ja i dvoje djece.\n",
               "Reply-To: Katarina <ox3c2xjkiknswc4cf7my@reply.airbnb.test>")
    found = verdict(raw, region="HR")
    assert (found.decision, found.contact_name, found.contact_email) == (  # type: ignore[attr-defined]
        Decision.LEAD, "Katarina", None)


@pytest.mark.parametrize("masked", ["0927****382", "2547••••••906", "+63 9** *** 1234", "xxx-xxx-1234"])
def test_a_number_shown_in_part_is_nobodys_to_call(masked: str) -> None:
    from leakdesk.mail.fields import normalise_phone

    assert normalise_phone(masked, "PH") is None


def test_a_payment_notice_naming_its_payer_is_no_lead() -> None:
    raw = mail("Banco Inter <no-reply@inter.test>", "Você recebeu um Pix",
               "Você recebeu um Pix de Maria Souza\n\nValor: R$ 250,00\nData: 12/06/2026\nComprovante de pagamento "
               "disponível no app.")
    assert verdict(raw, region="BR").decision is not Decision.LEAD  # type: ignore[attr-defined]


def test_a_transcripts_visitor_number_comes_before_the_agents_office_line() -> None:
    body = ("Chat transcript\n\nVisitor: Nina Simić\nEmail: nina.simic@gmail.test\n\n"
            "[10:02] Nina Simić: Dobar dan, trebam studio za 3 noći.\n"
            "[10:03] Ivana: Nazovite nas na 021 456 789, moj broj je 021 456 789.\n"
            "[10:04] Nina Simić: Nazovite me na 091 765 4321.\n")
    found = verdict(mail("tawk.to <no-reply@tawk.test>", "Chat Transcript - Nina Simić", body), region="HR")
    assert found.contact_phone == "+385917654321"  # type: ignore[attr-defined]


def test_a_pasted_chat_gives_the_address_the_customer_typed_in_it() -> None:
    body = ("Conversa do WhatsApp Business de hoje:\n\n[12/06/26 09:14] +55 31 99602-3318: Bom dia, vocês atendem "
            "gato em casa? Meu e-mail é renata.alves.bh@gmail.test\n[12/06/26 09:20] Clínica: Atendemos sim!\n"
            "[12/06/26 09:22] +55 31 99602-3318: Ótimo, quanto custa?")
    raw = mail("Thiago Lima <thiago@clinica.test>", "Fwd: cliente do WhatsApp", body)
    found = classify(parse_message(raw), extract(raw), Context(frozenset({"thiago@clinica.test"}), region="BR"))
    assert (found.channel.value, found.contact_email, found.contact_phone) == (
        "whatsapp", "renata.alves.bh@gmail.test", "+5531996023318")


def test_asking_others_not_to_answer_automatically_is_no_auto_reply() -> None:
    body = "Elena Reyes sent a message to your Page:\n\n\"Hi po, magkano po ang window type aircon install?\"\n"
    headers = ("X-Auto-Response-Suppress: All",)
    found = verdict(mail("Facebook <notification@facebookmail.test>", "New message from Elena Reyes", body, *headers))
    assert "auto-reply" not in found.reason  # type: ignore[attr-defined]
    ooo = mail("Ana Cruz <ana@cruz.test>", "Re: quote", "I am away until Monday.", "X-Auto-Response-Suppress: OOF")
    assert verdict(ooo).reason.startswith("auto-reply")  # type: ignore[attr-defined]


def test_a_forms_one_outside_address_is_its_prospects_under_any_label() -> None:
    body = ("Nou enviament del formulari «Contacte»\n\nNom: Núria Ferrer\nAdreça de correu: nuria.ferrer@gmail.test\n"
            "Telèfon: 612 34 56 78\nMissatge: Voldríem ampliar l'àtic, quan podríeu venir?\n")
    found = verdict(mail("Webflow <no-reply-forms@webflow.test>", "Nou formulari: Contacte", body), region="ES")
    assert (found.decision, found.contact_email) == (Decision.LEAD, "nuria.ferrer@gmail.test")  # type: ignore[attr-defined]


def test_a_chat_pasted_from_any_app_by_a_team_member_is_a_chat_lead_with_the_customers_number() -> None:
    body = ("Customer from our LINE account this morning, can you confirm Saturday?\n\n"
            "09:02\tWanna Sriwong\tHello, two Mitsubishi units smell musty, I'd like them cleaned\n"
            "09:10\tFahsai Air\tCleaning is 600 baht per unit\n"
            "09:14\tWanna Sriwong\tOK, Saturday afternoon?\n09:18\tWanna Sriwong\t081-662-0934\n\nNida")
    raw = mail("Nida Srisuk <nida@fahsai.test>", "LINE customer - 2 units", body)
    found = classify(parse_message(raw), extract(raw), Context(frozenset({"nida@fahsai.test"}), region="TH"))
    assert (found.decision, found.channel.value, found.contact_phone) == (Decision.LEAD, "chat", "+66816620934")


def test_a_request_any_service_announces_has_somebody_behind_it_though_its_contact_is_withheld() -> None:
    body = ("Olá, Bicho Feliz!\n\nUm cliente está procurando Veterinário perto de você.\n\nJuliana M. · Buritis\n\n"
            "Qual serviço você precisa? Consulta a domicílio\nPara quando? Nos próximos dias\n\n"
            "Quer falar com a Juliana? Desbloqueie o contato: https://servicos.test/pedidos/58997943\n")
    raw = mail("Servicos <naoresponda@servicos.test>", "Novo pedido: Veterinário em Belo Horizonte", body,
               "List-Unsubscribe: <https://servicos.test/unsubscribe/hAGu>")
    assert verdict(raw, region="BR").decision is not Decision.NOT_A_LEAD  # type: ignore[attr-defined]
    newsletter = raw.replace("Novo pedido: Veterinário em Belo Horizonte".encode(), b"Dicas da semana")
    assert verdict(newsletter, region="BR").decision is Decision.NOT_A_LEAD  # type: ignore[attr-defined]


@pytest.mark.parametrize("amount", ["€ 1.250,00", "1.250,00 EUR", "USD 300", "฿ 2,400", "Rs. 15,000", "RM 480"])
def test_an_amount_of_money_is_read_in_its_common_shapes(amount: str) -> None:
    from leakdesk.mail.classify import MONEY

    assert MONEY.search(amount.lower())


def test_a_number_written_the_north_american_way_that_is_no_number_at_home_is_north_american() -> None:
    from leakdesk.mail.fields import normalise_phone

    assert normalise_phone("(510) 555-0148", "PH") == "+15105550148"
    assert normalise_phone("0917 123 4567", "PH") == "+639171234567"  # a number valid at home stays home's


def test_a_voicemail_callers_callback_number_comes_before_the_caller_id() -> None:
    body = ("You have a new voicemail.\n\nFrom: GARY WHITMORE (713) 555-0186\nTo: Taller US Line (713) 555-0150\n"
            "Received: Jun 17, 2026 9:12 AM CDT\nLength: 1 min 4 sec\n\nTranscription:\n\"Hi, this is Gary Whitmore. "
            "My Honda has a check engine light. Please give me a call back, best is my Mexican cell, 33 1204 7789, "
            "or this U.S. number works too. Thanks.\"\n")
    found = verdict(mail("Grasshopper <voicemail@grasshopper.test>", "New voicemail from GARY WHITMORE", body),
                    region="MX")
    assert (found.channel.value, found.contact_phone) == ("phone", "+523312047789")  # type: ignore[attr-defined]


def test_a_payment_notice_listing_its_payer_under_labels_is_no_web_form() -> None:
    body = ("Payment successful\n\nYou have received a payment of ₹ 25,000.00\n\nCustomer email: neha.k91@yahoo.test\n"
            "Customer contact: +91 98106 62347\nPayment ID: pay_QZ81kL2mN4\nDescription: Booking advance\n")
    raw = mail("Razorpay <no-reply@razorpay.test>", "Payment received for Shubh Mangal", body)
    assert verdict(raw, region="IN").decision is Decision.NOT_A_LEAD  # type: ignore[attr-defined]


@pytest.mark.parametrize(("sender", "subject", "body", "region", "phone"), [
    # a service quotes a named customer's message; the number is in the words they wrote, in their digits
    ("Facebook <notification@facebookmail.test>", "Tanvir Ahmed sent a message to Shikkha Setu",
     'Tanvir Ahmed sent a message to your Page.\n\n"উত্তরা সেক্টর ৭ এ ক্লাস ৫ এর জন্য টিউটর লাগবে। বেতন কত? '
     'যোগাযোগ: ০১৭৭৯-৮৮২৫১৩"\n\nReply: https://business.facebook.test/inbox', "BD", "+8801779882513"),
    # a classifieds site announces a request and quotes it: "call me on …" in Banglish
    ("Bikroy <no-reply@bikroy.test>", "New message on your ad: Home Tutor for Class 1-10",
     'You have a new message about your ad "Home Tutor for Class 1-10".\n\n'
     '"Apnader ki O level er jonno Chemistry tutor ache? Amake call korben 01911-734026"\n\n'
     "Reply: https://bikroy.test/chat/4cb1a4", "BD", "+8801911734026"),
])
def test_a_number_in_the_customers_own_words_a_notification_quotes_is_theirs(
        sender: str, subject: str, body: str, region: str, phone: str) -> None:
    got = verdict(mail(sender, subject, body), region=region)
    assert got.contact_phone == phone  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "region", "phone"), [
    ("Enw: Siân Hughes\nE-bost: sian@btinternet.test\nRhif ffôn: 029 2087 0000\nNeges: Oes lle ddydd Sadwrn?",
     "GB", "+442920870000"),  # (Welsh: no word of it is known here)
    ("Ainm: Niamh\nUimhir ghutháin: 087 123 4567", "IE", "+353871234567"),
    ("Nafn: Jón Jónsson\nNetfang: jon@simnet.test\nSímanúmer: 581 2345", "IS", "+3545812345"),
    ("Laikspiedols: 16.06.2026 13:02:44\nDatums: 16.06.2026\nAttālā IP: 85.254.76.142", "LV", None),  # no number
    ("Company: Ace Ltd\nPhone: 020 7946 0000", "GB", None),  # a known label: read_fields' work, not this
    ("Skaits: 3\nSumma: 1250", "LV", None),  # too short for a number
])
def test_a_forms_number_under_a_label_in_a_language_not_known_here(text: str, region: str,
                                                                   phone: str | None) -> None:
    from leakdesk.mail.fields import labelled_phone

    assert labelled_phone(text, region) == phone


def test_a_bills_bank_number_is_no_phone_under_any_label() -> None:
    body = ("Här kommer faktura 48812.\n\nFakturanummer: 48812\nAtt betala: 23 418,00 kr\nBankgiro: 5050-1234\n"
            "OCR: 4881220260512\n\nMed vänlig hälsning\nElgrossisten AB")
    raw = mail("Fortnox <noreply@fortnox.test>", "Faktura 48812", body, "Reply-To: ekonomi@elgrossisten.test")
    assert verdict(raw, region="SE").contact_phone is None  # type: ignore[attr-defined]


def test_a_label_the_senders_css_puts_on_a_line_of_its_own_is_read_as_one() -> None:
    html = ('<table><tr><td><strong style="display:block;margin-bottom:6px;">Name</strong>Mehwish Tariq</td></tr>'
            '<tr><td><strong style="display: block">Phone / WhatsApp</strong>0321 4567890</td></tr>'
            '<tr><td><p>Email</p>mehwish@gmail.test</td></tr></table>'
            '<p>Kya aap <b>sirf</b> catering karte hain?<img src="x"><span style="color:red">Shukriya</span></p>')
    text = html_to_text(html)
    assert text == ("Name\nMehwish Tariq\nPhone / WhatsApp\n0321 4567890\nEmail\nmehwish@gmail.test\n"
                    "Kya aap sirf catering karte hain?Shukriya")
    fields = read_fields(text, "PK")
    assert (fields.name, fields.email, fields.phone) == ("Mehwish Tariq", "mehwish@gmail.test", "+923214567890")


def test_a_word_cut_in_half_before_a_number_is_read_whole() -> None:
    """30 characters before the number begin inside "tour": read as "our", the number was the business's."""
    from leakdesk.mail.authored import writer_phones

    text = "Could you send us the price for rooms and the tour? You can also reach me on +49 176 3482 9910."
    assert writer_phones(text, "GE|DE") == ("+4917634829910", "+4917634829910")
    assert writer_phones("Please price your whole materials list. Call 020 7946 0600.", "GB")[0] is None


def test_names_in_a_script_without_capitals_and_sentences_ending_in_any_script() -> None:
    from leakdesk.mail.fields import _label_of, looks_like_name

    assert looks_like_name("ნათია ლომიძე")  # Georgian writes names in letters Unicode calls lowercase
    assert not looks_like_name("hello there")  # (Latin letters still need a capital)
    assert _label_of("آپ کا بہت شکریہ۔") is None  # Urdu's full stop ends a sentence, never a label
    assert _label_of("আপনাকে ধন্যবাদ।") is None  # and Bengali's


@pytest.mark.parametrize("display", ["শিক্ষা সেতু লিমিটেড", "บริษัท ดีดี จำกัด", "ஸ்ரீ சாய் நிறுவனம்", "अग्रवाल लिमिटेड",
                                     "Дентал Депо – Сметководство", "Dental Depo Albania - Financa", "Պապիրուս ՍՊԸ",
                                     "Þvottahúsið Grýta ehf."])
def test_an_organisations_name_in_a_script_with_vowel_signs_is_read_word_by_word(display: str) -> None:
    """(and in any language, a firm and its department: "… – Сметководство")"""
    from leakdesk.mail.classify import looks_like_org

    assert looks_like_org(display)
    assert not looks_like_org("Anna-Maria Kovač") and not looks_like_org("Jean-Pierre Dupont")


@pytest.mark.parametrize(("charset", "body", "words"), [
    # Bengali's "য়" typed as one letter (U+09DF): NFC writes it as two, as the words here are written
    ("utf-8", "আমার ছেলের জন্য একজন টিউটর প্র\u09dfোজন, বেতন কত?", "প্রয়োজন"),
    # Outlook's windows-1258 gives Vietnamese as letters and separate tone marks
    ("windows-1258", "Cha\u0300o anh, c\u00f4ng ty t\u00f4i c\u00e2\u0300n ba\u0301o gia\u0301 v\u00e2\u0323n "
                     "chuy\u00ea\u0309n.", "báo giá"),  # (its tone marks are letters of their own)
])
def test_mail_is_read_in_composed_unicode_whatever_its_sender_wrote(charset: str, body: str, words: str) -> None:
    import unicodedata

    encoded = body.encode(charset)
    raw = (f"From: Khach <khach@mail.test>\r\nTo: front@clinic.test\r\nSubject: =?utf-8?b?"
           f"{__import__('base64').b64encode(unicodedata.normalize('NFD', words).encode()).decode()}?=\r\n"
           f"Content-Type: text/plain; charset={charset}\r\n\r\n").encode() + encoded
    text, subject = extract(raw).text, parse_message(raw).subject
    assert unicodedata.is_normalized("NFC", text) and unicodedata.is_normalized("NFC", subject)
    assert words in text.lower() or words in subject


def with_pdf(sender: str, subject: str, body: str, filename: str, *headers: str) -> bytes:
    """A plain-text mail with a PDF attached, as a mail client or a billing service sends one."""
    head = [f"From: {sender}", "To: front@clinic.test", f"Subject: {subject}", "Message-ID: <p@x.test>",
            "MIME-Version: 1.0", 'Content-Type: multipart/mixed; boundary="b1"', *headers]
    parts = ["--b1", "Content-Type: text/plain; charset=utf-8", "", body, "--b1",
             f'Content-Type: application/pdf; name="{filename}"',
             f'Content-Disposition: attachment; filename="{filename}"', "Content-Transfer-Encoding: base64", "",
             "JVBERi0xLjQKJeLjz9MK", "--b1--", ""]
    return "\r\n".join([*head, "", *parts]).encode()


@pytest.mark.parametrize(("sender", "body", "filename", "region"), [
    ("Ана Стефановска <ana.stef@gmail.test>", "Почитувани,\n\nВо прилог ја испраќам мојата биографија.\n\nАна",
     "CV_Ana_Stefanovska.pdf", "MK"),
    ("Նարե Հակոբյան <nare.h@gmail.test>", "Բարև Ձեզ,\n\nԿցում եմ իմ ինքնակենսագրականը։\n\nՆարե", "Nare_CV.pdf", "AM"),
])
def test_a_cv_with_no_word_of_asking_is_an_application_in_any_language(sender: str, body: str, filename: str,
                                                                       region: str) -> None:
    got = verdict(with_pdf(sender, "Пријава / Դիմում", body, filename), region=region)
    assert got.decision is Decision.NOT_A_LEAD  # type: ignore[attr-defined]


def test_a_service_delivering_a_document_its_subject_names_is_no_lead_in_any_language() -> None:
    body = ("Góðan dag,\n\nmeðfylgjandi er reikningur nr. 1847 frá Þvottahúsinu Grýtu ehf.\n\nUpphæð: 184.560 kr.\n"
            "Eindagi: 29.05.2026\n\nKveðja,\nÞvottahúsið Grýta ehf.")
    raw = with_pdf('"Þvottahúsið Grýta ehf." <noreply@payday.test>', "Reikningur nr. 1847 frá Grýtu ehf.", body,
                   "Reikningur_1847.pdf", "Reply-To: grytathvottur@simnet.test")
    got = verdict(raw, region="IS")
    assert got.decision is not Decision.LEAD  # type: ignore[attr-defined]
    assert any("a document the subject names" in str(e) for e in got.evidence)  # type: ignore[attr-defined]


def test_a_signatures_phone_after_one_word_in_any_language() -> None:
    from leakdesk.mail.authored import writer_phones

    signed = "Endilega sendið mér verðhugmynd.\n\nMeð kveðju,\nÞórunn Björk\nLjósop\nSími 699 2145\n"
    assert writer_phones(signed, "IS") == (None, "+3546992145")
    assert writer_phones("Pöntun 1234567 er tilbúin.\n\nKveðja\nJón", "IS") == (None, None)  # (not a signature's)


@pytest.mark.parametrize(("sender", "cc", "body", "region", "introduced"), [
    ("Игор Талевски <igor.t@gmail.test>", "Сашо Јовановски <sasho.j@yahoo.test>",
     "Колеги, добар ден,\n\nви го упатувам пациентот Сашо Јовановски (во копија) за имплантологија.\n"
     "Сашо, ова е ординацијата за која ви зборував.\n\nКолегијален поздрав,\nд-р Игор Талевски", "MK",
     "sasho.j@yahoo.test"),
    ("Արմեն Գրիգորյան <armen@law.test>", "Կարեն Մանուկյան <karen.m@gmail.test>",
     "Հարգելի՛ գործընկերներ,\n\nՆերկայացնում եմ իմ վստահորդին՝ պրն. Կարեն Մանուկյանին։\n"
     "Կարեն, Անահիտը կկապվի Ձեզ հետ։\n\nՀարգանքով՝\nԱրմեն Գրիգորյան", "AM", "karen.m@gmail.test"),
])
def test_an_introduction_turns_to_the_person_it_copies_in_by_name_in_any_language(
        sender: str, cc: str, body: str, region: str, introduced: str) -> None:
    got = verdict(mail(sender, "Упат / Ներկայացում", body, f"Cc: {cc}"), region=region)
    assert (got.decision, got.contact_email, got.channel.value) == (  # type: ignore[attr-defined]
        Decision.LEAD, introduced, "referral")
    assert got.extra == {"referrer": sender.split("<")[1].rstrip(">")}  # type: ignore[attr-defined]


def test_a_customer_who_copies_in_their_partner_without_turning_to_them_stays_the_contact() -> None:
    body = "Hi, my wife Anna (in copy) and I would like a quote for a new bathroom. Are you free next week?\n\nTom"
    got = verdict(mail("Tom Baker <tom.b@gmail.test>", "Bathroom quote", body, "Cc: Anna Baker <anna@gmail.test>"))
    assert got.contact_email == "tom.b@gmail.test"  # type: ignore[attr-defined]


def test_the_number_an_introduction_gives_the_person_it_introduces_is_theirs() -> None:
    body = ("Sæl Sigrún,\n\nmig langar að kynna ykkur fyrir Mark Jensen (í cc).\n\nMark, meet Sigrún at Jökulsá. "
            "Your number is +45 20 45 67 89 if she needs to reach you.\n\nBest regards,\nElín Rós\nNorðurljós ehf.")
    got = verdict(mail("Elín Rós <elin@nordurljos.test>", "Mark Jensen", body, "Cc: Mark Jensen <mark@gmail.test>"),
                  region="IS")
    assert (got.contact_email, got.contact_phone) == ("mark@gmail.test", "+4520456789")  # type: ignore[attr-defined]

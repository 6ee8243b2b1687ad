"""Label/value pairs in a message's text, and the prospect they describe.

One reader for every common layout a form builder, booking tool, chat
widget or marketplace uses:

- ``Label: value`` (also ``*Label:* value``, ``**Label**: value``, a tab
  instead of the colon, full-width colons);
- a label line, then the value on the next line(s) (WPForms, Gravity Forms,
  Typeform, definition lists, tables that content.html_to_text flattens);
- ``--- Label ---`` blocks (WPForms Lite's plain text) and ``*Label*`` /
  ``**Label**`` lines (Markdown);
- Markdown pipe tables in either orientation (labels in the first column,
  or a header row of labels over a row of values).

What a label means comes from leakdesk.mail.labels; a value is only taken
when it looks like what its label asks for (an address, a phone number in
the business's region, a name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
import phonenumbers.re_util

from leakdesk.mail.labels import CJK, Field, field_of
from leakdesk.mail.parse import decode

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_INLINE = re.compile(r"^[\s>*_#•·-]*([^:：\t]{1,60}?)[\s*_]*[:：\t][\s*_]*(.*)$")
_BLOCK = re.compile(r"^\s*(?:-{2,}|={2,}|\*{1,2}|#{1,4}|_{1,2})\s*([^*_=#-][^*_=#]{0,58}?)\s*[:：]?\s*"
                    r"(?:-{2,}|={2,}|\*{1,2}|_{1,2})?\s*$")
# Particles inside names ("Pieter van der Merwe", "María de la Cruz", "Ursula von der Leyen"): no articles.
_PARTICLES = re.compile(r"\b(van|von|de|da|di|del|della|dos|das|du|ten|ter)\s+(der|den|de|la|las|los|le|lo|di)\b")
_NAME_BAD = re.compile(r"[@?!<>{}\[\]=/\\|]|https?:|www\.|\d{3,}")
MAX_LINES = 400


@dataclass(frozen=True, slots=True)
class FormFields:
    """The prospect a form describes, and how many labelled fields it had."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    message: str | None = None
    labelled: int = 0  # label/value pairs of any kind (a form's layout)

    @property
    def found(self) -> bool:
        return bool(self.email or self.phone)


_NOT_DIGIT = re.compile(r"\D")
_EXTENSION = re.compile(r"(?i)\s*(ext|x|extension|durchwahl|poste|ต่อ|samb|sambungan|داخلی|داخلي|एक्सटेंशन|"
                        r"loc|local|lokal|kl|klapka|вътр|вътрешен|ramal|extensión|extensão)\.?\s*\d+\s*$")
_INTERNATIONAL = re.compile(r"^\s*00(?=[1-9])")
_ASIDE = re.compile(r"\s*\([^)]*\)\s*$")
_HONORIFIC = re.compile(r"\s*(様|さま|さん|殿|先生)$")  # Japanese puts the honorific after the name


# Two-letter top-level domains that name no country a writer lives in ("io" startups, "tv", "me").
_GENERIC_TLDS = frozenset({"io", "ai", "me", "tv", "fm", "ly", "to", "co", "cc", "ws", "so", "sh", "gg", "im", "am"})


# The country subtag of a language tag ("fr-CA", "zh-Hant-TW"; not "es-419", a continent).
_LANGUAGE_COUNTRY = re.compile(r"^\s*[a-z]{2,3}(?:-[a-z]{4})?-([a-z]{2})(?![a-z])", re.IGNORECASE)


def writer_region(region: str, sender: str, language: str | None = None) -> str:
    """``region`` for reading a writer's numbers, with their country after a "|" when it is another one:
    their address's ("NL|BE" for a Belgian writing to a Dutch salon from telenet.be) or, from an address
    that names no country (outlook.com), the one their mail client writes in (Content-Language "fr-CA":
    a Montréal writer's "514 555-0192" to a French photographer). A number valid at home stays home's."""
    tld = sender.rpartition(".")[2].lower()
    country = "GB" if tld == "uk" else tld.upper()
    if len(tld) != 2 or tld in _GENERIC_TLDS or country not in phonenumbers.SUPPORTED_REGIONS:
        spoken = _LANGUAGE_COUNTRY.match(language or "")
        country = spoken.group(1).upper() if spoken else ""
    if country == region or country not in phonenumbers.SUPPORTED_REGIONS:
        return region
    return f"{region}|{country}"


# phonenumbers compiles its metadata's patterns on every use unless asked to keep them: re's own cache
# (512 patterns, shared with every other module) then does the keeping, a lookup dearer than a dict's.
phonenumbers.re_util.enable_pattern_cache()


def _possible(candidate: str, region: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(candidate, region or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number) or len(str(number.national_number)) < 6:
        return None
    return number


# A number shown in part ("0927****382", "2547•••••906", "xxx-xxx-1234"): a payment notice's, nobody's to call.
_MASKED = re.compile(r"[*•●#]{2,}|\d[xX]{2,}|[xX]{3}")


# North America's way of writing a number: "(510) 555-0148", "510-555-0148", "510.555.0148".
_NANP = re.compile(r"^\s*(?:1[ .-]?)?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[.-])[2-9]\d{2}[.-]\d{4}\s*$")


@lru_cache(maxsize=4096)
def normalise_phone(text: str, region: str) -> str | None:
    """E.164 when ``text`` is a possible number in ``region`` (or carries its own +code). A region
    "NL|BE" (writer_region) reads a number in Belgium when it is no Dutch number and is a Belgian one; a
    number written the North American way that is no valid number at home is read as North American.

    Remembered: a mailbox repeats its numbers (the business's own in every quoted signature,
    a prospect's in each of their mails), and phonenumbers takes 20-40 us to read one."""
    if not 6 <= len(_NOT_DIGIT.sub("", text)) <= 17 or _MASKED.search(text):
        return None
    candidate = _INTERNATIONAL.sub("+", _EXTENSION.sub("", text.strip()))
    home, _, abroad = region.partition("|")
    number = _possible(candidate, home)
    # Where else a number that is no valid one at home may be: the writer's country, then North America for
    # one written its way ("(510) 555-0148" from a US phone service to a Manila business).
    elsewhere = [] if candidate.startswith("+") else [abroad] if abroad else []
    if home != "US" and _NANP.match(candidate):
        elsewhere.append("US")
    for there_region in elsewhere:
        if number is not None and phonenumbers.is_valid_number(number):
            break
        there = _possible(candidate, there_region)
        if there is not None and phonenumbers.is_valid_number(there):
            number = there
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


NOT_NAMES = frozenset({
    "wireless caller", "unknown", "anonymous", "unknown caller", "private", "private number", "visitor", "guest",
    "webchat", "web chat", "chat", "customer", "client", "caller", "kunde", "anonym", "unbekannt", "inconnu",
    "desconocido", "sconosciuto", "onbekend", "desconhecido", "n/a", "none", "test", "website", "new lead",
    "new message", "new voicemail", "voicemail", "missed call", "someone", "somebody", "a customer", "ลูกค้า",
    "ผู้เยี่ยมชม", "pelanggan", "pelawat", "مهمان", "بازدیدکننده", "کاربر", "ناشناس", "ग्राहक", "अज्ञात",
    "gost", "nepoznat", "nepoznati pozivatelj", "klijent", "kupac", "непознат", "клиент", "гост", "nežinomas",
    "klientas", "desconegut", "client anònim", "cliente", "bisita", "mgeni", "mteja", "neznámy", "zákazník",
    "نامعلوم", "گاہک", "کسٹمر", "assalam o alaikum", "assalam-o-alaikum", "asalam o alaikum", "assalamu alaikum",
    "السلام علیکم", "وعلیکم السلام", "walaikum assalam", "வாடிக்கையாளர்", "தெரியாத எண்", "பார்வையாளர்", "வணக்கம்",
    "kliënt", "besoeker", "onbekende beller", "goeiedag", "haai", "i panjohur", "numër i panjohur", "vizitor",
    "përshëndetje", "უცნობი", "უცნობი ნომერი", "სტუმარი", "ვიზიტორი", "კლიენტი", "gamarjoba", "გამარჯობა",
    "külastaja", "tundmatu", "anonüümne", "apmeklētājs", "klients", "nezināms", "obiskovalec", "stranka", "neznan",
    "neznani klicatelj", "posetilac", "посетилац", "korisnik", "корисник", "клијент", "купац",
    "অতিথি", "দর্শনার্থী", "অজানা", "গ্রাহক", "ভিজিটর"})


NOT_IN_NAMES = frozenset({
    "this", "that", "the", "was", "is", "are", "has", "have", "message", "your", "you", "we", "our", "new", "a",
    "an", "to", "for", "of", "and", "with", "ce", "cette", "le", "la", "les", "votre", "dieser", "diese", "das",
    "der", "die", "ihre", "ist", "este", "esta", "el", "su", "questo", "questa", "il", "dit", "deze", "het", "uw",
    "neue", "neuer", "nouveau", "nouvelle", "nuevo", "nueva", "nuovo", "nuova", "nieuw", "nieuwe", "novo", "nova",
    "form", "website", "submission", "request", "enquiry", "inquiry", "lead", "notification", "que", "lo", "os",
    "che", "und", "et", "ou", "dass", "qui", "dat", "wat", "paso", "aquí", "hier", "pentru", "pour", "für",
    "voor", "para", "per", "dla", "för", "için", "για", "для", "mesaj", "mensaje", "messaggio", "nachricht", "acest",
    "această", "üzenet", "viesti", "tämä", "ez",
    # greetings and who they greet ("Hi all", "Hallo zusammen", "Bonjour à tous"): a salutation, no name
    "hi", "hello", "hey", "hiya", "dear", "all", "everyone", "team", "hallo", "zusammen", "liebe", "lieber",
    "bonjour", "salut", "tous", "hola", "buenos", "buenas", "todos", "ciao", "buongiorno", "tutti", "goedemorgen",
    "goedemiddag", "allemaal", "olá", "bom", "hej", "allihopa", "witam", "cześć", "merhaba", "szia", "hei",
    "สวัสดี", "สวัสดีค่ะ", "สวัสดีครับ", "assalamualaikum", "سلام", "درود", "नमस्ते", "नमस्कार", "namaste",
    "poštovani", "poštovana", "postovani", "postovana", "dobar", "pozdrav", "zdravo", "здравейте", "здравей",
    "уважаеми", "уважаема", "добър", "sveiki", "laba", "gerbiamas", "gerbiama", "gerbiamieji", "bon", "tarda",
    "estimat", "estimada", "estimado", "benvolgut", "benvolguda", "kumusta", "kamusta", "magandang", "habari",
    "hujambo", "jambo", "mpendwa", "dobrý", "vážený", "vážená", "ahoj", "prezado", "prezada", "oi", "saludos",
    "querido", "querida",
    "assalam", "assalamu", "asalam", "aoa", "alaikum", "alaykum", "walaikum", "السلام", "علیکم", "وعلیکم", "محترم",
    "محترمہ", "جناب", "janab", "வணக்கம்", "அன்புள்ள", "மதிப்பிற்குரிய", "vanakkam", "goeiedag", "goeiemôre",
    "goeiemore", "môre", "goeiemiddag", "goeienaand", "haai", "geagte", "liewe", "almal", "përshëndetje",
    "pershendetje", "mirëdita", "miredita", "mirëmëngjes", "mirembrema", "mirëmbrëma", "tungjatjeta", "nderuar",
    "gamarjoba", "გამარჯობა", "გამარჯობათ", "სალამი", "ძვირფასო", "ბატონო", "ქალბატონო", "tere", "tervist",
    "lugupeetud", "hea", "kõigile", "labdien",
    "labrīt", "labvakar", "cienījamā", "cienījamais", "cienījamie", "dārgie", "visiem", "pozdravljeni",
    "pozdravljena", "pozdravljen", "spoštovani", "spoštovana", "živjo", "dober", "dobro", "ćao", "поштовани",
    "поштована", "здраво", "добар", "добро", "драги", "ћао", "поздрав", "korisnik", "корисник", "আসসালামু",
    "আলাইকুম", "আসসালামুআলাইকুম", "হ্যালো", "হাই", "নমস্কার", "প্রিয়", "সুপ্রভাত", "assalamualikum", "adab", "nomoskar"})


# Georgian's letters are lowercase to Unicode, but Georgian writes names without capitals ("ნათია ლომიძე").
_UNCAPITALISED = re.compile("[\u10d0-\u10ff]")


def looks_like_name(value: str) -> bool:
    """A person's name, not a sentence, an address or a reference."""
    value = value.strip()
    if not value or len(value) > 70 or _NAME_BAD.search(value) or value.lower().strip(" .") in NOT_NAMES:
        return False
    if any(word in NOT_IN_NAMES for word in _PARTICLES.sub(" ", value.lower().replace(",", " ")).split()):
        return False
    parts = value.replace(",", " ").split()
    if len(parts) > 5:
        return False
    if CJK.search(value):
        return len(value) <= 12
    letters = [p for p in parts if p[:1].isalpha()]
    cased = [p for p in letters if (p[:1].isupper() or p[:1].islower()) and not _UNCAPITALISED.match(p)]
    # A capital starts a name in the scripts that have them; Arabic, Hebrew or Thai letters have none.
    return bool(letters) and (any(p[:1].isupper() for p in cased) or not cased)


def _clean(line: str) -> str:
    return line.strip().strip("*_").strip()


# How a sentence ends in the scripts mail is written in (Latin, CJK, Urdu's "۔", Devanagari's and Bengali's danda,
# Ethiopic, Myanmar, Khmer, Armenian, Syriac): a line that ends so is no label.
_SENTENCE_ENDS = ".!,。！、۔।॥።။។։܂"


def _label_of(line: str) -> Field | None:
    """The field of a line that is only a label (``Name``, ``--- Name ---``, ``**Name**``, ``Name:``)."""
    text = line.strip()
    if not text or text[-1] in _SENTENCE_ENDS or len(text) > (100 if text[-1] in "?？؟" else 64):
        return None
    block = _BLOCK.match(text) if text[0] in "-=*#_" else None  # a block line starts with its rule or stars
    if block:
        return field_of(block.group(1))
    if text.endswith((":", "：")):
        text = text[:-1]
    if ":" in text or "：" in text or "\t" in text or "@" in text:
        return None  # "Label: value" is read by the inline rule
    return field_of(_clean(text))


def _cells(line: str) -> list[str] | None:
    if line.count("|") < 2:
        return None
    cells = [c.strip().strip("*_").strip() for c in line.strip().strip("|").split("|")]
    return cells


def _pipe_pairs(lines: list[str], out: list[tuple[Field, str]]) -> None:
    """Markdown tables: a header row of labels over value rows, or label | value rows."""
    i = 0
    while i < len(lines):
        header = _cells(lines[i])
        if header is None:
            i += 1
            continue
        rows: list[list[str]] = []
        j = i
        while j < len(lines) and (cells := _cells(lines[j])) is not None:
            if not all(set(c) <= set("-: ") for c in cells):
                rows.append(cells)
            j += 1
        if rows:
            fields = [field_of(c) for c in rows[0]]
            if len(rows) > 1 and sum(f is not None for f in fields) >= 2:
                for row in rows[1:]:
                    for field, value in zip(fields, row, strict=False):
                        if field is not None and value:
                            out.append((field, value))
            else:
                for row in rows:
                    if len(row) >= 2 and (field := field_of(row[0])) is not None and row[1]:
                        out.append((field, row[1]))
        i = max(j, i + 1)


def _inline_field(line: str) -> bool:
    """Whether ``line`` is itself a "Label: value" pair (so it is not the value of the label above)."""
    inline = _INLINE.match(line)
    if not inline or not inline.group(2).strip() or "@" in inline.group(1) or "//" in inline.group(2)[:3]:
        return False
    label = _clean(inline.group(1))
    return field_of(label) is not None or (len(label) <= 30 and len(label.split()) <= 3 and label[:1].isupper())


def pairs(text: str) -> list[tuple[Field, str]]:
    """(field, value) in order of appearance."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")[:MAX_LINES]]
    out: list[tuple[Field, str]] = []
    if "|" in text:
        _pipe_pairs(lines, out)
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if not line or line.count("|") >= 2:
            i += 1
            continue
        field = _label_of(line) if len(line) <= 100 else None
        if field is not None:
            j = i + 1  # a label on its own line: the value is the next non-empty line
            while j < n and not lines[j]:
                j += 1
            if j < n and _label_of(lines[j]) is None and j - i <= 3 and not _inline_field(lines[j]):
                out.append((field, _clean(lines[j])))
                i = j + 1
                continue
            i += 1
            continue
        inline = _INLINE.match(line) if (":" in line[:64] or "：" in line[:64] or "\t" in line) else None
        if inline:
            label, value = inline.group(1), _clean(inline.group(2))
            field = field_of(_clean(label))
            if field is not None and value:
                out.append((field, value))
        i += 1
    return out


def _email_in(value: str) -> str | None:
    found = EMAIL.search(value)
    return found.group(0).lower().rstrip(".") if found else None


def read_fields(text: str, region: str, own: frozenset[str] = frozenset()) -> FormFields:
    """The prospect's details among the labelled fields of ``text``.

    ``own`` holds the business's addresses: a field holding one of them (a
    form's "to" or "reply to us" line) is not the prospect's.
    """
    values: dict[Field, str] = {}
    labelled = 0
    for field, value in pairs(text):
        labelled += 1
        if "=?" in value:
            value = decode(value)
        if field in values or field is Field.OTHER:
            continue
        if field is Field.EMAIL:
            email = _email_in(value)
            if email and email not in own:
                values[field] = email
        elif field is Field.PHONE:
            phone = normalise_phone(value, region)
            if phone:
                values[field] = phone
        elif field in (Field.NAME, Field.FIRST, Field.LAST):
            email = _email_in(value)
            if email:  # CF7's "From: Name <address>" (or without the brackets)
                if email not in own:
                    values.setdefault(Field.EMAIL, email)
                value = value.split("<", 1)[0].replace(email, "").strip().strip('"(),')
            elif field is Field.NAME and not looks_like_name(value) and (phone := normalise_phone(value, region)):
                values.setdefault(Field.PHONE, phone)  # "Caller: +1 503 …"
                continue
            value = _HONORIFIC.sub("", _ASIDE.sub("", value))  # "Sabine K. (privat)", "中村 様"
            if looks_like_name(value):
                values[field] = " ".join(value.split())
        elif field is Field.MESSAGE:
            values[field] = value
    return FormFields(name=_full_name(values), email=values.get(Field.EMAIL), phone=values.get(Field.PHONE),
                      message=values.get(Field.MESSAGE), labelled=labelled)


# A value that is a phone number and nothing else, written as people type one.
_PHONE_ONLY = re.compile(r"^\+?\(?\d[\d ()./\-\u00a0\u2010\u2011\u2013]{5,20}\d$")
_CALENDAR_DATE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")


def labelled_phone(text: str, region: str) -> str | None:
    """The number a form gives under a label in a language whose words are not known here ("Tālrunis:
    26 481 309"): a labelled line whose whole value is a valid number where the business is (or carries
    its own +code), under a short label that is no other known field. For a form's text only: a person's
    letter says whose a number is in words."""
    for line in text.split("\n")[:MAX_LINES]:
        inline = _INLINE.match(line) if ":" in line or "：" in line else None
        if inline is None:
            continue
        label, value = inline.group(1).strip(), inline.group(2).strip().strip("*_").strip()
        if not _PHONE_ONLY.match(value) or _CALENDAR_DATE.match(value) or any(c.isdigit() for c in label) \
                or len(label.split()) > 3 or field_of(label) is not None:
            continue
        number = normalise_phone(value, region)
        if number is not None and phonenumbers.is_valid_number(phonenumbers.parse(number)):
            return number
    return None


def _full_name(values: dict[Field, str]) -> str | None:
    name, first, last = values.get(Field.NAME), values.get(Field.FIRST), values.get(Field.LAST)
    if first and name and not last and first.lower() not in name.lower():
        last, name = name, None  # "Nom" beside "Prénom", "Name" beside "First name": the family name
    if name and last and not first and last.lower() not in name.lower():
        first, name = name, None  # "Nombre" beside "Apellidos"
    if name:
        return name
    if first or last:
        parts = [p for p in (first, last) if p]
        if all(CJK.search(p) for p in parts):
            return "".join(reversed(parts))  # Chinese and Japanese names: family name first, no space
        return " ".join(parts)
    return None

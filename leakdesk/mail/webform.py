"""The prospect behind a web-form notification: name, email, phone, message.

Reads "Label: value" lines and label-then-value lines (a form's HTML table
becomes either, see content.html_to_text), with the label variants that
Contact Form 7, WPForms, Gravity Forms, Elementor, Squarespace, Wix,
Jotform, Typeform and Calendly-style booking mails use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import getaddresses

import phonenumbers

ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "your name", "full name", "fullname", "contact name", "invitee", "invitee name", "client name",
             "customer name", "patient name", "what's your name", "what is your name", "name of patient",
             "your full name", "names", "from"),
    "first": ("first name", "firstname", "first", "given name", "forename", "name (first)"),
    "last": ("last name", "lastname", "surname", "family name", "last", "name (last)"),
    "email": ("email", "e-mail", "email address", "e-mail address", "your email", "your e-mail", "invitee email",
              "mail", "what's your email", "what is your email", "what's your email address", "email adress",
              "your email address", "contact email"),
    "phone": ("phone", "phone number", "telephone", "tel", "mobile", "mobile number", "mobile phone", "cell",
              "cell phone", "your phone", "your phone number", "contact number", "invitee phone number",
              "phone no", "what's your phone number", "what is your phone number", "whatsapp", "telephone number"),
    "message": ("message", "your message", "enquiry", "inquiry", "your enquiry", "your inquiry", "how can we help",
                "how can we help you", "comments", "comment", "comment or message", "details", "questions",
                "message body", "tell us more", "what can we help with", "additional information",
                "please share anything that will help prepare for our meeting"),
}
_BY_LABEL = {alias: field for field, aliases in ALIASES.items() for alias in aliases}
_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_LABEL_LINE = re.compile(r"^\s*\**\s*([A-Za-z][A-Za-z '()/?\-]{0,60}?)\s*\**\s*[:：]\s*(.*)$")


@dataclass(frozen=True, slots=True)
class FormFields:
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    message: str | None = None

    @property
    def found(self) -> bool:
        return bool(self.email or self.phone)


def label_key(text: str) -> str | None:
    key = re.sub(r"[*:：?!]+", "", text).strip().lower()
    key = re.sub(r"\s+", " ", key).removesuffix(" (required)").removesuffix(" required").strip()
    return _BY_LABEL.get(key)


def normalise_phone(text: str, region: str) -> str | None:
    """E.164 when the number is valid for ``region`` (or carries its own +code)."""
    digits = re.sub(r"[^\d+]", "", text)
    if len(re.sub(r"\D", "", digits)) < 6:
        return None
    try:
        number = phonenumbers.parse(text, region or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _pairs(text: str) -> list[tuple[str, str]]:
    """(field, value) candidates in order of appearance."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _LABEL_LINE.match(line)
        if match and label_key(match.group(1)):
            field, value = label_key(match.group(1)), match.group(2).strip()
            if not value:  # "Name:" then the value on the next non-empty line
                j = i + 1
                while j < len(lines) and not lines[j]:
                    j += 1
                if j < len(lines) and not (_LABEL_LINE.match(lines[j]) and label_key(
                        _LABEL_LINE.match(lines[j]).group(1))):  # type: ignore[union-attr]
                    value, i = lines[j], j
            if value and field:
                out.append((field, value))
        elif line and label_key(line) and len(line) <= 70:
            j = i + 1  # a label on its own line (Gravity Forms, WPForms, Typeform)
            while j < len(lines) and not lines[j]:
                j += 1
            if j < len(lines) and not label_key(lines[j]):
                field = label_key(line)
                if field:
                    out.append((field, lines[j]))
                i = j
        i += 1
    return out


def extract_fields(text: str, region: str = "") -> FormFields:
    values: dict[str, str] = {}
    for field, value in _pairs(text):
        values.setdefault(field, value)
    name = values.get("name")
    if not name and (values.get("first") or values.get("last")):
        name = " ".join(v for v in (values.get("first"), values.get("last")) if v)
    email = None
    raw_email = values.get("email")
    if raw_email:
        found = _EMAIL.search(raw_email)
        email = found.group(0).lower() if found else None
    if name and not email:  # CF7's "From: Name <address>" line
        pairs = getaddresses([name])
        if pairs and "@" in pairs[0][1]:
            name, email = pairs[0][0] or None, pairs[0][1].lower()
    phone = normalise_phone(values["phone"], region) if values.get("phone") else None
    if name:
        name = re.sub(r"\s+", " ", name).strip(" -") or None
    return FormFields(name=name, email=email, phone=phone, message=values.get("message"))

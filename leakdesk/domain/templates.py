"""Reply templates with placeholders, and rendering them safely.

A placeholder is a name in braces, ``{first_name}``. Values come from the
lead and the settings, which is to say from strangers: rendering never lets
one add a header line (no CR, LF or other control character reaches the
subject), never lets one add markup to the HTML part (values are escaped),
and cuts absurd lengths. An unknown placeholder stays as written, so a typo
shows in the preview instead of vanishing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from leakdesk.errors import LeakDeskError

PLACEHOLDERS = {
    "first_name": "The contact's first name (or 'there')",
    "contact_name": "The contact's full name",
    "business_name": "The business's name (setting business.name)",
    "owner_name": "The lead owner's name (or the business's)",
    "owner_first_name": "The lead owner's first name",
    "signature": "The owner's signature: name and business",
    "subject": "The subject of the enquiry",
    "booking_link": "The booking link (setting followup.booking_link)",
}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\u0085]+")
MAX_VALUE = 200       # characters of one value in a body
MAX_SUBJECT = 160


@dataclass(frozen=True)
class Template:
    name: str          # a short key: 'acknowledge', 'follow_up_1' ...
    title: str         # what the list shows
    subject: str       # '' keeps "Re: <the enquiry's subject>"
    body: str
    builtin: bool = True


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


DEFAULTS: tuple[Template, ...] = (
    Template("acknowledge", "Acknowledgement", "",
             "Hi {first_name},\n\nThank you for getting in touch with {business_name}. We have your enquiry and "
             "{owner_first_name} will call you today to talk it through.\n\nIf it is easier, you can pick a time "
             "here: {booking_link}\n\n{signature}"),
    Template("follow_up_1", "First follow-up", "",
             "Hi {first_name},\n\nI wanted to check you saw my last message about your enquiry. Would a short "
             "call this week help? You can choose a time that suits you here: {booking_link}\n\n{signature}"),
    Template("follow_up_2", "Second follow-up", "",
             "Hi {first_name},\n\nJust following up once more. If you still need help, reply with a good time "
             "to call and I will make it happen.\n\n{signature}"),
    Template("last_try", "Last try", "",
             "Hi {first_name},\n\nI have not heard back, so I do not want to keep filling your inbox. Shall I "
             "close your file for now? If you would still like help, just reply and we will pick it up "
             "straight away.\n\n{signature}"),
    Template("no_show", "Missed appointment", "Sorry we missed you",
             "Hi {first_name},\n\nWe were sorry to miss you today. These things happen; would you like to "
             "rebook? Here is a link with the next free times: {booking_link}\n\n{signature}"),
    Template("check_in", "Not-ready check-in", "",
             "Hi {first_name},\n\nWhen we last spoke the timing was not right. Is now a better moment? I am "
             "happy to answer any questions, or you can book a time here: {booking_link}\n\n{signature}"),
)
BY_NAME = {t.name: t for t in DEFAULTS}


def clean_line(value: str, limit: int) -> str:
    """One line of plain text: control characters become spaces, length is cut."""
    line = " ".join(_CONTROL.sub(" ", value).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def context_values(*, contact_name: str, business_name: str, owner_name: str | None, subject: str,
                   booking_link: str) -> dict[str, str]:
    contact = clean_line(contact_name, MAX_VALUE)
    owner = clean_line(owner_name or "", MAX_VALUE)
    business = clean_line(business_name, MAX_VALUE)
    return {
        "first_name": contact.split()[0] if contact else "there",
        "contact_name": contact or "there",
        "business_name": business,
        "owner_name": owner or business,
        "owner_first_name": owner.split()[0] if owner else "we",
        "signature": f"{owner}\n{business}" if owner else business,
        "subject": clean_line(subject, MAX_VALUE),
        "booking_link": clean_line(booking_link, MAX_VALUE) or "(reply to this email)",
    }


def _fill(text: str, values: Mapping[str, str], escape: bool) -> str:
    def one(match: re.Match[str]) -> str:
        value = values.get(match.group(1))
        if value is None:
            return match.group(0)
        return html.escape(value) if escape else value

    return _PLACEHOLDER.sub(one, text)


def reply_subject(subject: str) -> str:
    line = clean_line(subject, MAX_SUBJECT)
    return line if line.lower().startswith("re:") else f"Re: {line}" if line else "Re: your enquiry"


def render(template: Template, values: Mapping[str, str], enquiry_subject: str) -> Rendered:
    subject = clean_line(_fill(template.subject, values, escape=False), MAX_SUBJECT) if template.subject else ""
    text = _fill(template.body, values, escape=False)
    escaped = _fill(html.escape(template.body, quote=False), values, escape=True)
    paragraphs = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in escaped.split("\n\n") if p.strip())
    return Rendered(subject or reply_subject(enquiry_subject), text, f"<html><body>{paragraphs}</body></html>")


def unknown_placeholders(*texts: str) -> list[str]:
    """Placeholders in ``texts`` that are not known (they would show as written)."""
    found = {m.group(1) for text in texts for m in _PLACEHOLDER.finditer(text)}
    return sorted(found - set(PLACEHOLDERS))


def name_for(title: str, taken: set[str]) -> str:
    """A key for a new template from its title: 'Price question' -> 'price_question' (unique)."""
    base = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:30] or "template"
    if not base[0].isalpha():
        base = f"t_{base}"
    name, n = base, 2
    while name in taken or name == "close":
        name, n = f"{base}_{n}", n + 1
    return name


def checked(template: Template) -> Template:
    """The template, trimmed; raises TemplateError with the one thing to fix."""
    title, body = " ".join(template.title.split()), template.body.strip()
    if not title:
        raise TemplateError("Give the template a title, e.g. 'Price question'.")
    if not body:
        raise TemplateError("Write the text of the message; placeholders like {first_name} fill in the details.")
    if _CONTROL.search(template.subject):
        raise TemplateError("The subject must be one line.")
    return Template(template.name, title[:80], template.subject.strip(), body, template.builtin)


class TemplateError(LeakDeskError):
    """A template cannot be saved as written."""

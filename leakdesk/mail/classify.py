"""Is an inbox message an enquiry, and from whom? Or why is it not a lead?

Reads mail the way a good front-desk person does: web-form robots stand
for the prospect they carry; forwarded enquiries belong to the original
sender; auto-replies, bounces, bulk and list mail, team mail and robots
with nobody behind them are set aside, each with the reason said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.utils import getaddresses
from typing import TypeVar

import phonenumbers

from leakdesk.domain import Channel
from leakdesk.mail.content import Content
from leakdesk.mail.parse import ParsedMessage, decode
from leakdesk.mail.webform import extract_fields, normalise_phone

T = TypeVar("T")
AUTO_SUBJECTS = re.compile(
    r"^\s*(automatic reply|auto(matic)?[- ]?(reply|response)|out of (the )?office|autoreply|auto:|"
    r"abwesenheitsnotiz|automatische antwort|r[ée]ponse automatique|absence|respuesta autom[aá]tica|"
    r"fuera de la oficina|risposta automatica|fuori ufficio|automatisch antwoord|afwezig|autosvar|"
    r"resposta autom[aá]tica|ausente|automaattinen vastaus|odpowied[źz] automatyczna)",
    re.IGNORECASE)
ROBOT_LOCALS = re.compile(r"^(no-?reply|do-?not-?reply|donotreply|wordpress|forms?|notifications?|notify|mailer|"
                          r"webmaster|website|web|info-noreply|automailer|submissions?|bookings?-noreply|"
                          r"form-submission|alerts?|system|billing|invoices?|receipts?|statements?|accounts-payable|"
                          r"voicemail|calls?|security|support-noreply)([+._-].*)?$", re.IGNORECASE)
FORM_SUBJECTS = re.compile(r"(new (form )?(submission|entry|enquiry|inquiry|response|lead|message) |"
                           r"form submission|contact form|new (form )?submission|got a new submission|"
                           r"new response|website (enquiry|inquiry|form)|web enquiry|new event:|new booking|"
                           r"booking request|enquiry from|inquiry from|new message from)", re.IGNORECASE)
# Literal markers, matched as substrings of lowercased text: case-insensitive
# regex alternations over kilobytes of body cost 28 us each (5 s per 10,000 mails).
BUILDERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Contact Form 7", ("sent from a contact form on", "contact form 7")),
    ("WPForms", ("wpforms",)),
    ("Gravity Forms", ("gravity forms", "gravityforms", "gform")),
    ("Elementor", ("powered by: elementor", "powered by elementor")),
    ("Squarespace", ("squarespace",)),
    ("Wix", ("wix-forms", "wixforms", "@crm.wix.com", "wix.com")),
    ("Jotform", ("jotform",)),
    ("Typeform", ("typeform",)),
    ("Calendly", ("calendly", "invitee")),
)
FORWARD_SUBJECT = re.compile(r"^\s*(fwd?|fw|wg|tr|rv|enc|vs|doorst|i)\s*:", re.IGNORECASE)
FORWARD_MARKER = re.compile(r"(-{2,}\s*(forwarded message|original message|weitergeleitete nachricht|"
                            r"message transf[ée]r[ée]|mensaje reenviado)\s*-{2,}|begin forwarded message:|"
                            r"^_{5,}$)", re.IGNORECASE | re.MULTILINE)
FORWARD_FROM = re.compile(r"^\s*\**(from|von|de|da|van|fra|från)\**\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
CHANNEL_HINTS: tuple[tuple[Channel, tuple[str, ...]], ...] = (
    (Channel.PHONE, ("voicemail", "voice mail", "voice message", "missed call", "call from", "callrail",
                     "ringcentral", "aircall", "dialpad", "call tracking", "new call")),
    (Channel.WHATSAPP, ("whatsapp", "whats app")),
    (Channel.CHAT, ("chat transcript", "livechat", "live chat", "new chat", "chat with", "tawk.to", "intercom",
                    "crisp.chat", "tidio", "drift.com", "conversation transcript")),
    (Channel.REFERRAL, ("referral", "referred", "recommended by", "recommendation from")),
)
SUBJECT_PREFIX = re.compile(r"^\s*((re|fwd?|fw|aw|wg|sv|vs|tr|rv|antw|enc|odp|r)\s*(\[\d+\])?\s*:\s*)+",
                            re.IGNORECASE)


@dataclass(frozen=True)
class Rules:
    """What people told LeakDesk (rules table): ignore, web-form senders, channels."""

    ignore_senders: frozenset[str] = frozenset()
    ignore_domains: frozenset[str] = frozenset()
    form_senders: frozenset[str] = frozenset()
    lead_senders: frozenset[str] = frozenset()
    channel_rules: tuple[tuple[str, Channel], ...] = ()


@dataclass(frozen=True)
class Verdict:
    is_lead: bool
    reason: str
    channel: Channel = Channel.EMAIL
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def normalise_subject(subject: str) -> str:
    return " ".join(SUBJECT_PREFIX.sub("", subject or "").lower().split())


def _first_marked(table: tuple[tuple[T, tuple[str, ...]], ...], text: str) -> T | None:
    """The first entry one of whose markers is in ``text`` (plain loops: this runs per message)."""
    for value, marks in table:
        for mark in marks:
            if mark in text:
                return value
    return None


def _domain(addr: str) -> str:
    return addr.rpartition("@")[2].lower()


def _first_phone(text: str, region: str) -> str | None:
    """The first phone number in free text: possible (fictional ranges included),
    with a national number long enough not to be a year or a reference."""
    try:
        for match in phonenumbers.PhoneNumberMatcher(text[:5000], region or "US", phonenumbers.Leniency.POSSIBLE):
            if len(str(match.number.national_number)) >= 9:
                return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    except Exception:  # the matcher is defensive already; a pathological text yields no phone
        return None
    return None


def _not_a_lead(parsed: ParsedMessage, content: Content, team: set[str]) -> str | None:
    sender = parsed.from_addr or ""
    local = sender.partition("@")[0]
    ctype = (parsed.header("content-type") or content.content_type).lower()
    return_path = parsed.header("return-path")
    if ("multipart/report" in ctype and "delivery-status" in ctype) or local in ("mailer-daemon", "postmaster") \
            or (return_path is not None and return_path.strip() in ("<>", "")) or parsed.header("x-failed-recipients"):
        return "bounce (a delivery failure report)"
    auto = (parsed.header("auto-submitted") or "").strip().lower()
    if auto and auto != "no":
        return f"auto-reply (Auto-Submitted: {auto})"
    for name in ("x-autoreply", "x-autorespond", "x-auto-response-suppress"):
        if parsed.header(name):
            return f"auto-reply ({name})"
    if parsed.header("x-ms-exchange-generated-message-source"):
        return "auto-reply (Exchange generated)"
    if AUTO_SUBJECTS.match(parsed.subject or ""):
        return "auto-reply (out-of-office subject)"
    if parsed.header("list-id"):
        return "mailing list (List-Id)"
    if parsed.header("list-unsubscribe"):
        return "bulk mail (List-Unsubscribe)"
    precedence = (parsed.header("precedence") or "").strip().lower()
    if precedence in ("bulk", "list", "junk"):
        return f"bulk mail (Precedence: {precedence})"
    if sender in team:
        return "from a team address"
    return None


def _forwarded(parsed: ParsedMessage, content: Content) -> tuple[str | None, str] | None:
    if not FORWARD_SUBJECT.match(parsed.subject or ""):
        return None
    marker = FORWARD_MARKER.search(content.text)
    start = marker.end() if marker else 0
    found = FORWARD_FROM.search(content.text, start)
    if not found:
        return None
    pairs = getaddresses([decode(found.group(2))])
    name, addr = pairs[0] if pairs else ("", "")
    if "@" not in addr:
        addr_match = re.search(r"[\w.%+'-]+@[\w.-]+\.\w+", found.group(2))
        if not addr_match:
            return None
        addr = addr_match.group(0)
    return (name.strip() or None), addr.strip().lower()


def _web_form(parsed: ParsedMessage, content: Content, rules: Rules) -> str | None:
    """The builder's name when this looks like a web-form notification."""
    sender = parsed.from_addr or ""
    local = sender.partition("@")[0]
    text = content.text
    haystack = f"{sender}\n{parsed.subject}\n{text[:500]}\n{text[-1500:]}".lower()
    builder = _first_marked(BUILDERS, haystack)
    if sender in rules.form_senders or _domain(sender) in rules.form_senders:
        return builder or "your rule"
    if builder or ROBOT_LOCALS.match(local) or FORM_SUBJECTS.search(parsed.subject or ""):
        return builder or "web form"
    return None


def _channel(parsed: ParsedMessage, content: Content, rules: Rules) -> Channel:
    haystack = f"{parsed.from_addr}\n{parsed.subject}".lower()
    for pattern, channel in rules.channel_rules:
        if pattern and pattern in haystack:
            return channel
    found = _first_marked(CHANNEL_HINTS, haystack)
    if found is None:
        found = _first_marked(CHANNEL_HINTS[:3], content.text[:400].lower())  # phone, WhatsApp, chat
    return found or Channel.EMAIL


def classify(parsed: ParsedMessage, content: Content, team: set[str], rules: Rules, region: str) -> Verdict:
    sender = parsed.from_addr or ""
    if sender in rules.ignore_senders or _domain(sender) in rules.ignore_domains:
        return Verdict(False, "ignored sender (your rule)")
    forwarded = _forwarded(parsed, content)
    if forwarded is not None:
        name, addr = forwarded
        by_team = sender in team
        channel = Channel.EMAIL if by_team else Channel.REFERRAL
        return Verdict(True, f"forwarded by {sender}", channel, name or addr, addr,
                       _first_phone(content.text, region), {"referrer": sender} if not by_team else {})
    builder = _web_form(parsed, content, rules)
    if builder is not None:
        fields = extract_fields(content.text, region)
        reply_to = [a.lower() for _, a in getaddresses([parsed.header("reply-to") or ""]) if "@" in a]
        email = fields.email or next((a for a in reply_to if a != sender), None)
        if fields.found or email:
            name = fields.name or next((n for n, a in getaddresses([parsed.header("reply-to") or ""]) if n), None)
            hinted = _channel(parsed, content, rules)
            channel = hinted if hinted in (Channel.CHAT, Channel.WHATSAPP, Channel.PHONE) else Channel.WEB_FORM
            what = f"web form ({builder})" if channel is Channel.WEB_FORM else f"{channel.label} via {builder}"
            return Verdict(True, what, channel, name or email or fields.phone, email, fields.phone)
    reason = _not_a_lead(parsed, content, team)
    if reason is not None and sender not in rules.lead_senders:
        return Verdict(False, reason)
    channel = _channel(parsed, content, rules)
    robot = bool(ROBOT_LOCALS.match(sender.partition("@")[0])) and sender not in rules.lead_senders
    phone = _first_phone(f"{parsed.subject}\n{content.text}", region) \
        if channel in (Channel.PHONE, Channel.WHATSAPP) else None
    if robot:
        if channel in (Channel.PHONE, Channel.WHATSAPP) and phone:
            # A voicemail or WhatsApp service: the caller, not the robot, is the contact.
            return Verdict(True, f"{channel.label} message via {_domain(sender)}", channel, phone, None, phone)
        return Verdict(False, "automated message with nobody behind it")
    return Verdict(True, "direct enquiry", channel, parsed.from_name or sender, sender, phone)


__all__ = ["Rules", "Verdict", "classify", "normalise_phone", "normalise_subject"]

"""A reply draft as an RFC 5322 message, threaded to the conversation.

LeakDesk sends nothing: the draft goes to the account's Drafts folder and a
person sends it from their own mail client. It threads like a reply: its
In-Reply-To is the prospect's last message, its References the whole
conversation, and it carries a fresh Message-ID so LeakDesk recognises the
sent copy when it appears in the sent folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from leakdesk.domain.templates import Rendered, clean_line
from leakdesk.errors import LeakDeskError

MAX_REFERENCES = 20  # enough to thread; long chains are cut from the middle


class DraftError(LeakDeskError):
    """A draft cannot be prepared (no address to write to, say)."""


@dataclass(frozen=True)
class Draft:
    message_id: str      # '<...@...>'
    raw: bytes
    to: str
    subject: str


def _address(name: str, email: str) -> Address:
    user, _, domain = email.strip().partition("@")
    if not user or not domain or any(c in email for c in "\r\n<>,; \t"):
        raise DraftError(f"'{clean_line(email, 80)}' is not an email address LeakDesk can write to.")
    return Address(display_name=clean_line(name, 80), username=user, domain=domain)


def thread_headers(message_ids: Sequence[str]) -> tuple[str | None, str | None]:
    """(In-Reply-To, References) for a conversation's Message-IDs, oldest first."""
    ids = [m for m in message_ids if m and m.startswith("<") and m.endswith(">")
           and not any(c in m for c in "\r\n \t")]
    if not ids:
        return None, None
    if len(ids) > MAX_REFERENCES:
        ids = [ids[0], *ids[-(MAX_REFERENCES - 1):]]
    return ids[-1], " ".join(ids)


def compose(*, rendered: Rendered, from_name: str, from_email: str, to_name: str, to_email: str,
            reply_to_ids: Sequence[str], last_inbound_id: str | None, at: datetime) -> Draft:
    """The draft's bytes (CRLF line endings, as IMAP APPEND wants them)."""
    msg = EmailMessage(policy=SMTP)
    sender = _address(from_name, from_email)
    recipient = _address(to_name, to_email)
    msg["From"] = sender
    msg["To"] = recipient
    msg["Subject"] = clean_line(rendered.subject, 160)
    msg["Date"] = format_datetime(at)
    message_id = make_msgid(idstring="leakdesk", domain=sender.domain)
    msg["Message-ID"] = message_id
    in_reply_to, references = thread_headers(reply_to_ids)
    if last_inbound_id is not None and thread_headers([last_inbound_id])[0]:
        in_reply_to = last_inbound_id
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = references
    msg["X-LeakDesk"] = "draft"
    msg.set_content(rendered.text)
    msg.add_alternative(rendered.html, subtype="html")
    return Draft(message_id, msg.as_bytes(), str(recipient), msg["Subject"])

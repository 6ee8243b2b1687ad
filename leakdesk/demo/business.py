"""Who the demo business is: its settings, team, prospects and their enquiries."""

from __future__ import annotations

import random

from leakdesk.domain import Channel

SETTINGS = {
    "business.name": "Brightside Physio",
    "business.timezone": "Europe/London",
    "business.hours": "mon-fri 08:00-18:00; sat 09:00-13:00",
    "business.holidays_country": "GB-ENG",
    "business.phone_region": "GB",
    "figures.currency": "GBP",
    "figures.cost_per_lead": "35",
    "followup.booking_link": "https://brightsidephysio.co.uk/book",
}

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
TEAM = (
    ("Maya Patel", "MP", "#0072B2", "maya@brightsidephysio.co.uk"),
    ("Tom Reid", "TR", "#E69F00", "tom@brightsidephysio.co.uk"),
    ("Aisha Khan", "AK", "#009E73", "aisha@brightsidephysio.co.uk"),
    ("Luca Rossi", "LR", "#CC79A7", "luca@brightsidephysio.co.uk"),
    ("Ellie Brooks", "EB", "#D55E00", "ellie@brightsidephysio.co.uk"),
)

FIRST = (
    "Olivia", "Jack", "Amelia", "Harry", "Isla", "George", "Ava", "Noah", "Mia", "Leo",
    "Sophie", "Oscar", "Grace", "Arthur", "Freya", "Jacob", "Chloe", "Ethan", "Zara", "Samuel",
    "Priya", "Daniel", "Hannah", "Kwame", "Ruth", "Tomasz", "Niamh", "Omar", "Lily", "Ben",
)
LAST = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Wright", "Walker", "Evans", "Thomas", "Roberts", "Green", "Hall", "Wood", "Hughes",
    "Clarke", "Nowak", "O'Brien", "Ahmed", "Murphy", "Mensah", "Campbell", "Kelly",
)
DOMAINS = ("gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "btinternet.com", "hotmail.co.uk")

SUBJECTS = {
    Channel.WEB_FORM: (
        "New enquiry: back pain assessment",
        "Website form: sports massage booking",
        "New submission - Contact us",
        "Booking request: initial assessment",
        "Web enquiry: knee rehab after surgery",
        "New form entry: pregnancy pilates",
    ),
    Channel.EMAIL: (
        "Do you treat frozen shoulder?",
        "Prices for a course of sessions",
        "Physio for my son's ankle sprain",
        "Question about insurance (Bupa)",
        "Evening appointments available?",
        "Running injury - shin splints",
    ),
    Channel.PHONE: (
        "Missed call - wants a call back about neck pain",
        "Phoned: hip pain, asked about Saturday slots",
        "Call: post-op rehab enquiry",
    ),
    Channel.WHATSAPP: (
        "WhatsApp: any slots this week?",
        "WhatsApp: price for sports massage",
        "WhatsApp: tennis elbow",
    ),
    Channel.REFERRAL: (
        "Referral from Dr Hughes (GP): lower back",
        "Referred by Anna (client): shoulder",
        "Referral from Harbour Gym",
    ),
    Channel.CHAT: ("Website chat: do you do home visits?",),
}

CHANNEL_WEIGHTS = (
    (Channel.WEB_FORM, 35),
    (Channel.EMAIL, 25),
    (Channel.PHONE, 15),
    (Channel.WHATSAPP, 12),
    (Channel.REFERRAL, 10),
    (Channel.CHAT, 3),
)

PROSPECT_LINES = (
    "Hello,\n\nI've had pain in my lower back for about three weeks. Could I book an assessment?\n"
    "Evenings or Saturday mornings suit me best.\n\nThanks",
    "Hi there,\n\nHow much is an initial appointment, and do you accept Bupa?\n\nMany thanks",
    "Hello,\n\nMy son twisted his ankle at football on Sunday. Is there anything this week?\n\nBest wishes",
    "Hi,\n\nThanks for getting back to me. Thursday afternoon would be perfect.\n\nSee you then",
)
REPLY_LINES = (
    "Hi,\n\nThanks for getting in touch. We have Thursday at 4pm or Saturday at 10am - which suits?\n\n"
    "Kind regards,\nBrightside Physio",
    "Hello,\n\nAn initial assessment is £55 and yes, we're registered with Bupa.\n\nBrightside Physio",
    "Hi,\n\nSorry to hear that. I've pencilled you in for tomorrow at 9:30 - reply to confirm.\n\n"
    "Brightside Physio",
)

NEXT_STEPS = (
    "Call back to book the assessment",
    "Send price list and available slots",
    "Follow up on insurance authorisation",
    "Check in after GP appointment",
    "Confirm Saturday slot",
)


def prospect(rng: random.Random, channel: Channel) -> dict[str, str | None]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    handle = f"{first}.{last}".lower().replace("'", "")
    email = f"{handle}@{rng.choice(DOMAINS)}" if channel is not Channel.PHONE else None
    phone: str | None = f"07{rng.randint(100, 999)} {rng.randint(100000, 999999)}"
    if channel in (Channel.EMAIL, Channel.CHAT) and rng.random() < 0.6:
        phone = None
    return {
        "contact_name": f"{first} {last}",
        "contact_email": email,
        "contact_phone": phone,
        "channel": channel.value,
        "subject": rng.choice(SUBJECTS[channel]),
    }


def pick_channel(rng: random.Random) -> Channel:
    channels, weights = zip(*CHANNEL_WEIGHTS, strict=True)
    chosen: Channel = rng.choices(channels, weights)[0]
    return chosen

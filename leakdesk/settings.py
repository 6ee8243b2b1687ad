"""Every setting, declared once: name, default, help and how it is read.

The command line's ``settings list``, the settings dialog and the docs all
come from ``SETTINGS``. Values are stored as text by the store; ``Settings``
hands out typed values. A bad value raises ``SettingsError`` with one
sentence naming the expected form. Secrets never live here (keyring).
"""

from __future__ import annotations

import contextlib
import locale
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from leakdesk.domain import cadences
from leakdesk.errors import SettingsError
from leakdesk.sla.calendar import WeeklyHours, parse_hours


def _local_zone_name() -> str:
    try:
        import tzlocal

        name = tzlocal.get_localzone_name()
    except Exception:  # tzlocal raises several kinds on odd systems
        name = None
    return name or "UTC"


def _local_currency() -> str:
    with contextlib.suppress(locale.Error):
        locale.setlocale(locale.LC_MONETARY, "")
    code = str(locale.localeconv().get("int_curr_symbol") or "").strip()
    return code if re.fullmatch(r"[A-Z]{3}", code) else "USD"


def _local_region() -> str:
    name = (locale.getlocale()[0] or "") if hasattr(locale, "getlocale") else ""
    region = name.partition("_")[2][:2].upper()
    return region if re.fullmatch(r"[A-Z]{2}", region) else "US"


def _region(text: str) -> str:
    import phonenumbers

    code = text.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise SettingsError(f"business.phone_region must be a two-letter country code such as GB, not '{text}'.")
    return code


def _timezone(text: str) -> ZoneInfo:
    try:
        if not text or text.startswith(("/", ".")):
            raise ValueError(text)
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"business.timezone must be an IANA time zone name such as Europe/London, not '{text}'."
        ) from None


def _country(text: str) -> str:
    text = text.strip().upper()
    if text and not _has_holidays(text):
        raise SettingsError(
            "business.holidays_country must be a country code such as GB or US, "
            f"optionally with a region such as GB-SCT, not '{text}'."
        )
    return text


@lru_cache(maxsize=64)
def _has_holidays(place: str) -> bool:
    """Whether the holidays package knows ``place`` ("GB", "GB-SCT"). Asked once per place: building
    its calendar takes under a millisecond (listing every country took 60 ms), and settings are read
    again at every load."""
    import holidays  # only where a holiday country is set: 50 ms to import

    country, _, subdiv = place.partition("-")
    try:
        holidays.country_holidays(country, subdiv=subdiv or None)
    except (NotImplementedError, KeyError, ValueError):
        return False
    return True


def _dates(text: str) -> tuple[date, ...]:
    out = []
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        try:
            out.append(date.fromisoformat(part))
        except ValueError:
            raise SettingsError(
                f"business.holidays_extra must be dates like 2026-12-24, 2026-12-31 ('{part}' is not one)."
            ) from None
    return tuple(sorted(set(out)))


def _positive_int(name: str, unit: str) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = -1
        if value <= 0:
            raise SettingsError(f"{name} must be a whole number of {unit} above 0, not '{text}'.")
        return value

    return parse


def _number(name: str, low: float, high: float | None, form: str) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not (value >= low and (high is None or value <= high)):
            raise SettingsError(f"{name} must be {form}, not '{text}'.")
        return value

    return parse


YES, NO = ("yes", "true", "on"), ("no", "false", "off")


def is_yes(text: str) -> bool:
    """Whether a yes/no setting's text says yes (the one reading of it, for the settings and their form)."""
    return text.strip().lower() in YES


def _yes_no(name: str) -> Callable[[str], bool]:
    def parse(text: str) -> bool:
        if text.strip().lower() not in YES + NO:
            raise SettingsError(f"{name} must be yes or no, not '{text}'.")
        return is_yes(text)

    return parse


def _quiet_hours(text: str) -> tuple[int, int] | None:
    text = text.strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})\s*-\s*(\d{1,2})", text)
    if not match or not all(0 <= int(h) <= 23 for h in match.groups()) or match.group(1) == match.group(2):
        raise SettingsError(f"alerts.quiet_hours must look like '20-8' (from hour to hour), not '{text}'.")
    return int(match.group(1)), int(match.group(2))


ALERT_KINDS = ("new_lead", "unowned", "response_due_soon", "response_breached", "next_step_due", "assigned_to_me")


def _alert_kinds(text: str) -> frozenset[str]:
    kinds = frozenset(k.strip() for k in text.split(",") if k.strip())
    unknown = kinds - set(ALERT_KINDS)
    if unknown:
        raise SettingsError(f"alerts.kinds takes {', '.join(ALERT_KINDS)}; '{sorted(unknown)[0]}' is not one.")
    return kinds


def _currency(text: str) -> str:
    code = text.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise SettingsError(f"figures.currency must be a three-letter code such as EUR, not '{text}'.")
    return code


def _hours(text: str) -> WeeklyHours:
    return parse_hours(text)


def _choice(name: str) -> Callable[[str], str]:
    """A setting that takes one of CHOICES[name] (the dialog offers them in a list)."""

    def parse(text: str) -> str:
        value = text.strip().lower()
        values = CHOICES[name]
        if value not in values:
            listed = ", ".join(f"'{v}'" for v in values[:-1]) + f" or '{values[-1]}'"
            raise SettingsError(f"{name} must be {listed}, not '{text}'.")
        return value

    return parse


def _steps(name: str) -> Callable[[str], tuple[cadences.Step, ...]]:
    return lambda text: cadences.parse_steps(name, text)


def _text(text: str) -> str:
    return text.strip()


T = TypeVar("T")
THEMES = ("system", "light", "dark")
# The settings dialog's tabs, by the part of the name before the dot (business.name and
# business.phone_region are the business's own; its hours and holidays go with the SLA).
GROUPS = ("Inbox", "Business", "Hours & SLA", "Alerts", "Follow-up", "Figures", "Appearance")
_GROUP_OF = {
    "mail": "Inbox",
    "sla": "Hours & SLA",
    "alerts": "Alerts",
    "followup": "Follow-up",
    "figures": "Figures",
    "report": "Figures",
    "app": "Appearance",
    "signin": "Inbox",
}
# Settings with a fixed set of values (the dialog offers them in a list).
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CHOICES = {"followup.from": ("shared", "owner"), "app.theme": THEMES, "report.day": WEEKDAYS}
# What the settings dialog calls each setting.
LABELS = {
    "business.name": "Business name", "business.timezone": "Time zone", "business.hours": "Opening hours",
    "business.holidays_country": "Public holidays of", "business.holidays_extra": "Extra closed days",
    "business.phone_region": "Phone numbers country", "sla.ownership_minutes": "Claim within (minutes)",
    "sla.response_minutes": "First reply within (minutes)", "sla.stale_business_days": "Stalled after (days)",
    "sla.due_soon_minutes": "Due soon (minutes before)", "mail.history_days": "Import history (days)",
    "mail.poll_seconds": "Check inbox every (s)", "mail.sent_poll_seconds": "Check sent folder every (s)",
    "alerts.outside_hours": "Alert outside opening hours", "alerts.quiet_hours": "Quiet hours",
    "alerts.kinds": "Alerts to send", "app.close_to_tray": "Keep watching in the tray when closed",
    "app.theme": "Appearance", "followup.booking_link": "Booking link", "followup.from": "Drafts come from",
    "followup.channel_cadences": "Cadence by channel", "followup.cadence.standard": "Standard follow-up",
    "followup.cadence.check_in": "Not-ready check-in", "followup.cadence.no_show": "Missed appointment",
    "followup.instant_ack": "Instant acknowledgement draft", "figures.cost_per_lead": "Cost per lead",
    "figures.qualified_conversion_rate": "Qualified conversion rate",
    "figures.target_booking_rate": "Target booking rate", "figures.currency": "Currency",
    "figures.stuck_business_days": "Stuck in a stage after (days)",
    "report.weekly_mail": "Weekly report in the inbox", "report.day": "Weekly report on",
    "report.folder": "Weekly report folder", "report.to": "Weekly report to",
    "signin.microsoft_client_id": "Microsoft app (client) ID", "signin.google_client_id": "Google client ID",
}


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One setting, declared once: its name, default text, the one parser of its text (whose result
    type is the setting's type) and help; ``kind`` is the widget the settings dialog gives it."""

    name: str
    default: Callable[[], str]
    parse: Callable[[str], T]
    help: str
    kind: str = "text"  # "yes_no": a tick box in the dialog

    @property
    def label(self) -> str:
        """What the settings dialog calls it."""
        return LABELS.get(self.name, self.name)

    @property
    def group(self) -> str:
        if self.name in ("business.name", "business.phone_region"):
            return "Business"
        if self.name.startswith("business."):
            return "Hours & SLA"
        return _GROUP_OF[self.name.partition(".")[0]]


def _const(value: str) -> Callable[[], str]:
    return lambda: value


BUSINESS_NAME = Setting(
    "business.name", _const("My business"), _text, "The business's name, shown in the window title and reports."
)
BUSINESS_TIMEZONE = Setting(
    "business.timezone", _local_zone_name, _timezone, "IANA time zone of the opening hours, e.g. Europe/London."
)
BUSINESS_HOURS = Setting(
    "business.hours",
    _const("mon-fri 09:00-17:00"),
    _hours,
    "Weekly opening hours, e.g. 'mon-fri 09:00-17:00; sat 10:00-13:00'.",
)
BUSINESS_HOLIDAYS_COUNTRY = Setting(
    "business.holidays_country",
    _const(""),
    _country,
    "Public holidays of this country (and region), e.g. GB or GB-SCT; empty for none.",
)
BUSINESS_HOLIDAYS_EXTRA = Setting(
    "business.holidays_extra", _const(""), _dates, "Extra closed dates, e.g. '2026-12-24, 2026-12-31'."
)
BUSINESS_PHONE_REGION = Setting(
    "business.phone_region", _local_region, _region, "Country for phone numbers written without +code, e.g. GB or US."
)
SLA_OWNERSHIP_MINUTES = Setting(
    "sla.ownership_minutes",
    _const("15"),
    _positive_int("sla.ownership_minutes", "minutes"),
    "Business minutes a new lead may stay without an owner.",
)
SLA_RESPONSE_MINUTES = Setting(
    "sla.response_minutes",
    _const("60"),
    _positive_int("sla.response_minutes", "minutes"),
    "Business minutes until the first response is due.",
)
SLA_STALE_BUSINESS_DAYS = Setting(
    "sla.stale_business_days",
    _const("5"),
    _positive_int("sla.stale_business_days", "business days"),
    "Business days without activity after which an open lead is stalled.",
)
SLA_DUE_SOON_MINUTES = Setting(
    "sla.due_soon_minutes",
    _const("15"),
    _positive_int("sla.due_soon_minutes", "minutes"),
    "A clock turns 'due soon' this many business minutes before its deadline.",
)
MAIL_HISTORY_DAYS = Setting(
    "mail.history_days",
    _const("90"),
    _positive_int("mail.history_days", "days"),
    "Days of mail imported when an inbox is first connected.",
)
MAIL_POLL_SECONDS = Setting(
    "mail.poll_seconds",
    _const("60"),
    _positive_int("mail.poll_seconds", "seconds"),
    "How often the inbox is checked on servers without IMAP IDLE.",
)
MAIL_SENT_POLL_SECONDS = Setting(
    "mail.sent_poll_seconds",
    _const("120"),
    _positive_int("mail.sent_poll_seconds", "seconds"),
    "How often the sent folder is checked for replies.",
)
ALERTS_OUTSIDE_HOURS = Setting(
    "alerts.outside_hours",
    _const("no"),
    _yes_no("alerts.outside_hours"),
    "Send alerts outside opening hours too (yes or no).",
    kind="yes_no",
)
ALERTS_QUIET_HOURS = Setting(
    "alerts.quiet_hours", _const(""), _quiet_hours, "No alerts between these local hours, e.g. '20-8'; empty for none."
)
ALERTS_KINDS = Setting(
    "alerts.kinds",
    _const("new_lead, unowned, response_due_soon, response_breached, next_step_due, assigned_to_me"),
    _alert_kinds,
    "Which alerts to send, separated by commas.",
)
APP_CLOSE_TO_TRAY = Setting(
    "app.close_to_tray",
    _const("yes"),
    _yes_no("app.close_to_tray"),
    "Closing the window keeps LeakDesk watching in the tray (yes or no).",
    kind="yes_no",
)
APP_THEME = Setting(
    "app.theme",
    _const("system"),
    _choice("app.theme"),
    "Light or dark appearance: 'system' follows the computer, or 'light' or 'dark'.",
)
FOLLOWUP_BOOKING_LINK = Setting(
    "followup.booking_link",
    _const(""),
    _text,
    "A link where prospects book a time, used by reply templates ({booking_link}); empty for none.",
)
FOLLOWUP_FROM = Setting(
    "followup.from",
    _const("shared"),
    _choice("followup.from"),
    "Reply drafts come from the shared inbox's address ('shared') or the lead owner's ('owner').",
)
FOLLOWUP_CHANNEL_CADENCES = Setting(
    "followup.channel_cadences",
    _const("all=standard"),
    cadences.parse_channel_cadences,
    "The cadence a new lead gets, by channel, e.g. 'all=standard, phone=none' (standard, check_in, no_show or none).",
)
FOLLOWUP_INSTANT_ACK = Setting(
    "followup.instant_ack",
    _const("no"),
    _yes_no("followup.instant_ack"),
    "Prepare an acknowledgement draft the moment a new lead arrives (yes or no).",
    kind="yes_no",
)
FIGURES_COST_PER_LEAD = Setting(
    "figures.cost_per_lead",
    _const("40"),
    _number("figures.cost_per_lead", 0, None, "an amount of 0 or more, e.g. 40"),
    "What one lead costs to acquire, in the business's currency.",
)
FIGURES_QUALIFIED_CONVERSION_RATE = Setting(
    "figures.qualified_conversion_rate",
    _const("0.08"),
    _number("figures.qualified_conversion_rate", 0, 1, "a fraction from 0 to 1, e.g. 0.08"),
    "Share of leads that would become qualified opportunities.",
)
FIGURES_TARGET_BOOKING_RATE = Setting(
    "figures.target_booking_rate",
    _const("0.25"),
    _number("figures.target_booking_rate", 0.0001, 1, "a fraction above 0 up to 1, e.g. 0.25"),
    "The booking rate the business aims for.",
)
FIGURES_CURRENCY = Setting(
    "figures.currency", _local_currency, _currency, "Currency code for costs, e.g. EUR, GBP, USD."
)
FIGURES_STUCK_BUSINESS_DAYS = Setting(
    "figures.stuck_business_days",
    _const("10"),
    _positive_int("figures.stuck_business_days", "business days"),
    "Business days in one pipeline stage after which an open lead counts as stuck there.",
)
REPORT_WEEKLY_MAIL = Setting(
    "report.weekly_mail",
    _const("yes"),
    _yes_no("report.weekly_mail"),
    "Last week's review arrives in the inbox as a mail each week (yes or no).",
    kind="yes_no",
)
REPORT_DAY = Setting(
    "report.day",
    _const("monday"),
    _choice("report.day"),
    "The day the weekly report arrives, from 07:00 in the business's time zone.",
)
REPORT_FOLDER = Setting(
    "report.folder",
    _const("INBOX"),
    _text,
    "The mail folder the weekly report is put in; INBOX for the inbox.",
)
REPORT_TO = Setting(
    "report.to",
    _const(""),
    _text,
    "The owner's address for the weekly report; empty: the inbox's own address.",
)

SIGNIN_MICROSOFT_CLIENT_ID = Setting(
    "signin.microsoft_client_id", _const(""), _text,
    "Your organisation's own Microsoft Entra app registration for signing in; empty for LeakDesk's.",
)
SIGNIN_GOOGLE_CLIENT_ID = Setting(
    "signin.google_client_id", _const(""), _text,
    "Your organisation's own Google OAuth client for signing in; empty for LeakDesk's.",
)
SETTINGS: tuple[Setting[Any], ...] = (
    BUSINESS_NAME,
    BUSINESS_TIMEZONE,
    BUSINESS_HOURS,
    BUSINESS_HOLIDAYS_COUNTRY,
    BUSINESS_HOLIDAYS_EXTRA,
    BUSINESS_PHONE_REGION,
    SLA_OWNERSHIP_MINUTES,
    SLA_RESPONSE_MINUTES,
    SLA_STALE_BUSINESS_DAYS,
    SLA_DUE_SOON_MINUTES,
    MAIL_HISTORY_DAYS,
    MAIL_POLL_SECONDS,
    MAIL_SENT_POLL_SECONDS,
    SIGNIN_MICROSOFT_CLIENT_ID,
    SIGNIN_GOOGLE_CLIENT_ID,
    ALERTS_OUTSIDE_HOURS,
    ALERTS_QUIET_HOURS,
    ALERTS_KINDS,
    APP_CLOSE_TO_TRAY,
    APP_THEME,
    FOLLOWUP_BOOKING_LINK,
    FOLLOWUP_FROM,
    FOLLOWUP_CHANNEL_CADENCES,
    *(
        Setting(
            f"followup.cadence.{name}",
            _const(spec),
            _steps(f"followup.cadence.{name}"),
            f"Steps of the '{cadences.TITLES[name]}' cadence: business day and template, e.g. '{spec}'; "
            "'close' is a task to close the file.",
        )
        for name, spec in cadences.DEFAULT_SPECS.items()
    ),
    FOLLOWUP_INSTANT_ACK,
    FIGURES_COST_PER_LEAD,
    FIGURES_QUALIFIED_CONVERSION_RATE,
    FIGURES_TARGET_BOOKING_RATE,
    FIGURES_CURRENCY,
    FIGURES_STUCK_BUSINESS_DAYS,
    REPORT_WEEKLY_MAIL,
    REPORT_DAY,
    REPORT_FOLDER,
    REPORT_TO,
)
BY_NAME: Mapping[str, Setting[Any]] = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting[Any]:
    try:
        return BY_NAME[name]
    except KeyError:
        raise SettingsError(f"There is no setting called '{name}'; 'leakdesk settings list' shows them all.") from None


def validate(name: str, text: str) -> str:
    """The text to store for ``name`` (checked); raises SettingsError."""
    s = setting(name)
    s.parse(text)
    return text.strip()


class Settings:
    """Typed, validated view of the stored setting texts."""

    def __init__(self, stored: Mapping[str, str]) -> None:
        self._stored = dict(stored)
        self._cache: dict[str, Any] = {}

    def text(self, name: str) -> str:
        s = setting(name)
        if name in self._stored:
            return self._stored[name]
        return s.default()  # only when nothing is stored: finding the system's zone took 24 ms the first time

    def is_default(self, name: str) -> bool:
        return name not in self._stored

    def get(self, name: str) -> Any:
        """The value of the setting called ``name`` (for code that only has a name: the settings
        dialog, the command line, the SLA policy); typed code reads ``settings[A_SETTING]``."""
        if name not in self._cache:
            self._cache[name] = setting(name).parse(self.text(name))
        return self._cache[name]

    def __getitem__(self, declared: Setting[T]) -> T:
        """The value of a declared setting, of its type (``settings[SLA_RESPONSE_MINUTES]`` is an int)."""
        value: T = self.get(declared.name)
        return value

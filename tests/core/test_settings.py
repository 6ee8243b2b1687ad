"""Settings: declared once, documented, validated with one clear sentence."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest

from leakdesk import settings as settings_mod
from leakdesk.errors import SettingsError
from leakdesk.store import Store

DESIGN_KEYS = {
    "business.timezone", "business.hours", "business.holidays_country", "business.holidays_extra",
    "sla.ownership_minutes", "sla.response_minutes", "sla.stale_business_days", "figures.cost_per_lead",
    "figures.qualified_conversion_rate", "figures.target_booking_rate", "figures.currency",
}


def test_every_design_key_is_declared_with_help() -> None:
    assert set(settings_mod.BY_NAME) >= DESIGN_KEYS
    for s in settings_mod.SETTINGS:
        assert s.help.endswith(".") and len(s.help) > 20
        s.parse(s.default())  # every default is valid


def test_defaults_match_design() -> None:
    values = settings_mod.Settings({})
    assert values.text("business.hours") == "mon-fri 09:00-17:00"
    assert values.get("sla.ownership_minutes") == 15 and values.get("sla.response_minutes") == 60
    assert values.get("sla.stale_business_days") == 5 and values.get("figures.cost_per_lead") == 40
    assert values.get("figures.qualified_conversion_rate") == 0.08
    assert values.get("figures.target_booking_rate") == 0.25
    assert isinstance(values.get("business.timezone"), ZoneInfo)


def test_a_stored_setting_never_works_out_its_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """The system's zone, locale and currency are looked up only for what the business has not set (the
    zone took 24 ms the first time, on the window's first paint)."""
    from dataclasses import replace

    asked: list[str] = []

    def counted(name: str, default: Callable[[], str]) -> Callable[[], str]:
        def looked_up() -> str:
            asked.append(name)
            return default()
        return looked_up

    names = ("business.timezone", "figures.currency", "business.phone_region")
    by_name = dict(settings_mod.BY_NAME)
    for name in names:
        by_name[name] = replace(by_name[name], default=counted(name, by_name[name].default))
    monkeypatch.setattr(settings_mod, "BY_NAME", by_name)
    values = settings_mod.Settings({"business.timezone": "America/Los_Angeles", "figures.currency": "AUD"})
    assert values.get("business.timezone") == ZoneInfo("America/Los_Angeles")
    assert values.text("figures.currency") == "AUD" and not asked
    assert values.text("business.phone_region") and asked == ["business.phone_region"]


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("business.timezone", "Mars/Olympus", "IANA time zone name such as Europe/London"),
        ("business.timezone", "../etc/passwd", "IANA time zone name"),
        ("business.hours", "9 to 5", "must look like 'mon-fri 09:00-17:00"),
        ("business.holidays_country", "XX", "country code such as GB"),
        ("business.holidays_extra", "24/12/2026", "dates like 2026-12-24"),
        ("sla.response_minutes", "0", "whole number of minutes above 0"),
        ("sla.response_minutes", "soon", "whole number of minutes above 0"),
        ("figures.qualified_conversion_rate", "8%", "fraction from 0 to 1"),
        ("figures.currency", "pounds", "three-letter code"),
        ("no.such.key", "1", "no setting called 'no.such.key'"),
    ],
)
def test_bad_values_are_refused_with_a_sentence(store: Store, key: str, value: str, fragment: str) -> None:
    with pytest.raises(SettingsError) as err:
        store.settings.set(key, value)
    assert fragment in str(err.value)
    assert str(err.value).endswith((".", ")."))
    assert store.settings.stored() == {}


def test_good_values_are_stored_and_typed(store: Store) -> None:
    store.settings.set("business.holidays_country", "gb-sct")
    store.settings.set("figures.currency", "gbp")
    loaded = store.settings.load()
    assert loaded.get("business.holidays_country") == "GB-SCT"
    assert loaded.get("figures.currency") == "GBP"
    assert not loaded.is_default("figures.currency")

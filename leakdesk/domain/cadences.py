"""Cadences: the ordered touches a lead gets, in business days from its start.

A cadence is written the way a person says it, ``0 acknowledge, 2
follow_up_1, 5 follow_up_2, 10 last_try, 14 close``: each step is a
business-day offset and a reply template (or ``close``, a task for a person:
close the file if there is still no answer). Three are shipped, each a
setting a business can rewrite; which one a new lead gets depends on its
channel (setting ``followup.channel_cadences``), and a person can change it
per lead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from leakdesk.domain import Channel
from leakdesk.errors import SettingsError

CLOSE = "close"  # a step that is a task, not a draft
NONE = "none"    # no cadence
NAMES = ("standard", "check_in", "no_show")
TITLES = {"standard": "Standard follow-up", "check_in": "Not-ready check-in", "no_show": "Missed appointment",
          NONE: "No cadence"}
DEFAULT_SPECS = {
    "standard": "0 acknowledge, 2 follow_up_1, 5 follow_up_2, 10 last_try, 14 close",
    "check_in": "0 check_in, 3 follow_up_2, 7 last_try, 10 close",
    "no_show": "0 no_show, 2 follow_up_1, 5 last_try, 8 close",
}
_STEP = re.compile(r"(\d{1,3})\s+([a-z][a-z0-9_]*)")


@dataclass(frozen=True)
class Step:
    day: int               # business days after the cadence's start
    template: str | None   # the reply template; None for the closing task

    def action(self, titles: Mapping[str, str], has_email: bool) -> str:
        """What the step says as the lead's next step."""
        if self.template is None:
            return "Close the file if there is still no reply"
        title = titles.get(self.template, self.template.replace("_", " "))
        return f"Send: {title}" if has_email else f"Call: {title}"


@dataclass(frozen=True)
class Cadence:
    name: str
    steps: tuple[Step, ...]

    @property
    def title(self) -> str:
        return TITLES.get(self.name, self.name)


def parse_steps(setting: str, text: str) -> tuple[Step, ...]:
    """The steps of ``text``; raises SettingsError naming ``setting``."""
    steps: list[Step] = []
    for part in (p.strip() for p in text.split(",")):
        match = _STEP.fullmatch(part)
        if not match:
            raise SettingsError(f"{setting} must be steps like '0 acknowledge, 2 follow_up_1, 10 close' "
                                f"(business day, then template), and '{part}' is not one.")
        day, template = int(match.group(1)), match.group(2)
        if steps and day <= steps[-1].day:
            raise SettingsError(f"{setting} must list its steps in order of day; day {day} comes after "
                                f"day {steps[-1].day}.")
        steps.append(Step(day, None if template == CLOSE else template))
    return tuple(steps)


def parse_channel_cadences(text: str) -> dict[Channel, str]:
    """``all=standard, phone=none`` as a cadence name per channel."""
    chosen: dict[Channel, str] = {}
    known = ", ".join(c.value for c in Channel)
    for part in (p.strip() for p in text.split(",") if p.strip()):
        key, _, value = (x.strip().lower() for x in part.partition("="))
        if value not in (*NAMES, NONE):
            raise SettingsError(f"followup.channel_cadences gives each channel one of {', '.join(NAMES)} or none, "
                                f"like 'all=standard, phone=none'; '{part}' is not that.")
        if key == "all":
            chosen.update({c: value for c in Channel})
        elif key in {c.value for c in Channel}:
            chosen[Channel(key)] = value
        else:
            raise SettingsError(f"followup.channel_cadences names channels ({known}) or 'all', not '{key}'.")
    return chosen

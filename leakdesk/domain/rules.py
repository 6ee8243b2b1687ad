"""What people told LeakDesk about senders (the rules table), as reading uses it."""

from __future__ import annotations

from dataclasses import dataclass

from leakdesk.domain import Channel


@dataclass(frozen=True)
class Rules:
    """What people told LeakDesk (rules table): ignore, web-form senders, channels."""

    ignore_senders: frozenset[str] = frozenset()
    ignore_domains: frozenset[str] = frozenset()
    form_senders: frozenset[str] = frozenset()
    lead_senders: frozenset[str] = frozenset()
    channel_rules: tuple[tuple[str, Channel], ...] = ()

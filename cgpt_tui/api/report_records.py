"""PROVISIONAL (helper E): the contract's DateRange, until helper B's module lands (h-B)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class DateRange:
    since: date | None = None
    until: date | None = None

"""Tolerant field readers for the API's quirks (see customgpt-api-notes.md, last section).

Every reader takes whatever JSON value arrived and returns the typed value or None; none of
them raises on a strange value, because one odd field must not hide a whole record.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any


def as_datetime(value: Any) -> datetime | None:
    """Any of the API's date formats as an aware UTC datetime; None when unreadable.

    `2023-09-29T11:29:14.000000Z`, `2023-04-30 16:43:53` and `25 Jun 2023 05:01:11`, plus
    any ISO 8601 form. A date without a zone is taken as UTC (the API's zone).
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or not text.isascii():
        return None
    try:
        parsed = _parse_iso(text) or _parse_day_month_year(text)
        if parsed is None:
            return None
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def _parse_iso(text: str) -> datetime | None:
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _parse_day_month_year(text: str) -> datetime | None:
    """`25 Jun 2023 05:01:11` (RFC 2822, weekday and zone optional), whatever the locale."""
    from email.utils import parsedate_to_datetime  # the email package: only for this form

    try:
        return parsedate_to_datetime(text)
    except Exception:  # the email parser's failures are not all ValueError
        return None


def as_int(value: Any) -> int | None:
    """Ints, numeric strings and integral floats (`12061.0`, `"12061.0"`) as int."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 40:
            return None
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if math.isfinite(number) and number.is_integer() else None
    return None


_TRUE = frozenset(("1", "true", "yes", "on"))
_FALSE = frozenset(("0", "false", "no", "off", ""))


def as_bool(value: Any, default: bool = False) -> bool:
    """true/false, 0/1, "0"/"1", "true"/"false"; null and anything else: `default`."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    return default


def as_optional_bool(value: Any) -> bool | None:
    """Like as_bool, but None when the value is null, missing or unreadable."""
    readable = as_bool(value, default=True)
    return readable if readable == as_bool(value, default=False) else None


def as_str(value: Any) -> str | None:
    """A string; numbers become their text; null, objects and lists become None."""
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_dict(value: Any) -> dict[str, Any]:
    """An object; PHP's `[]` for an empty object (and null, and anything else) become `{}`."""
    return value if isinstance(value, dict) else {}


def as_int_list(value: Any) -> tuple[int, ...]:
    """A list of ids, each coerced; unreadable items dropped; null or `[]`: empty."""
    if not isinstance(value, list):
        return ()
    ids = (as_int(item) for item in value)
    return tuple(item for item in ids if item is not None)


def as_str_list(value: Any) -> tuple[str, ...]:
    """A list of non-blank strings; anything else in the list dropped."""
    if not isinstance(value, list):
        return ()
    return tuple(text for item in value if (text := as_str(item)) is not None and text.strip())


def as_float(value: Any) -> float | None:
    """Numbers and numeric strings as float; null and anything else: None."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and value.strip() and len(value) <= 40:
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def as_date(value: Any) -> date | None:
    """`YYYY-MM-DD` or a date-time as its (UTC) day; None when unreadable."""
    if isinstance(value, str):
        text = value.strip()
        if len(text) == 10:
            try:
                return date.fromisoformat(text)
            except ValueError:
                return None
    moment = as_datetime(value)
    return moment.date() if moment is not None else None

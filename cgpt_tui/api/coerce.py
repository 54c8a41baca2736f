"""Tolerant field readers for the API's quirks (see customgpt-api-notes.md, last section).

Every reader takes whatever JSON value arrived and returns the typed value or None; none of
them raises on a strange value, because one odd field must not hide a whole record.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

_DATE_FORMATS = (
    "%Y-%m-%dT%H:%M:%S.%fZ",  # 2023-09-29T11:29:14.000000Z (usual)
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%d %H:%M:%S",  # 2023-04-30 16:43:53
    "%d %b %Y %H:%M:%S",  # 25 Jun 2023 05:01:11
)


def as_datetime(value: Any) -> datetime | None:
    """Any of the API's date formats as an aware UTC datetime; None when unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def as_int(value: Any) -> int | None:
    """Ints, numeric strings and integral floats (`"12061.0"`) as int."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                return None
            return int(number) if math.isfinite(number) and number.is_integer() else None
    return None


def as_bool(value: Any, default: bool = False) -> bool:
    """true/false, 0/1, "0"/"1", "true"/"false"; null and anything else: `default`."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off", ""):
            return False
    return default


def as_str(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_dict(value: Any) -> dict[str, Any]:
    """An object; PHP's `[]` for an empty object (and null) become `{}`."""
    return value if isinstance(value, dict) else {}


def as_int_list(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list):
        return ()
    ids = (as_int(item) for item in value)
    return tuple(item for item in ids if item is not None)


def as_str_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(text for item in value if (text := as_str(item)) is not None and text.strip())

"""The API key as a value that never shows itself.

A crash report that prints frame locals (Textual's crash screen renders a Rich traceback
with `show_locals=True`) or a stray `repr()` in a log shows `ApiKey('[redacted]')`, never the
key: `str()`, `repr()` and formatting are all redacted. The real text comes out only through
`reveal()`, called where the Authorization header is built and where the key is stored.
"""

from __future__ import annotations

import re
import weakref
from typing import ClassVar
from urllib.parse import quote

REDACTED = "[redacted]"
MIN_SCRUB = 4  # shorter "keys" are not scrubbed from text: they would mangle ordinary words


class ApiKey:
    """An API key. Not a `str` on purpose: nothing that renders values can show it."""

    __slots__ = ("__weakref__", "_pattern", "_value")
    _live: ClassVar[weakref.WeakSet[ApiKey]] = weakref.WeakSet()

    def __init__(self, value: str) -> None:
        self._value = value.strip()
        # The key as it may appear in text: plain, and url-quoted (a server echoing a URL).
        forms = sorted({self._value, quote(self._value, safe=""), quote(self._value)}, key=len)
        self._pattern = re.compile("|".join(re.escape(form) for form in reversed(forms)))
        ApiKey._live.add(self)

    @classmethod
    def of(cls, value: ApiKey | str) -> ApiKey:
        return value if isinstance(value, ApiKey) else cls(value)

    def reveal(self) -> str:
        """The key itself: only for the Authorization header and the key store."""
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ApiKey) and other._value == self._value

    def __hash__(self) -> int:
        return hash((ApiKey, self._value))

    def __repr__(self) -> str:
        return f"ApiKey({REDACTED!r})"

    def __str__(self) -> str:
        return REDACTED

    def __format__(self, spec: str) -> str:
        return REDACTED

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("an ApiKey is not pickled")

    def scrub(self, text: str, mask: str = REDACTED) -> str:
        """`text` with this key (plain or url-quoted) replaced by `mask`."""
        if len(self._value) < MIN_SCRUB:
            return text
        return self._pattern.sub(mask, text)


def scrub_all(text: str, mask: str = REDACTED) -> str:
    """`text` with every key this process holds replaced by `mask` (the last resort before
    a traceback is written anywhere)."""
    for key in list(ApiKey._live):
        text = key.scrub(text, mask)
    return text

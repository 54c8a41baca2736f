"""Small rules of wording shared by every message: counts and sentences.

Messages are often built around the server's own words, which may or may not end in a
period; `sentence` adds one only where it is missing, so no message ends in "..".
"""

from __future__ import annotations

ENDINGS = (".", "!", "?", "…")


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 message`, `2 messages`, `1,234 messages`."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


def sentence(text: str) -> str:
    """`text` as a sentence: stripped, with a full stop unless it already ends in one."""
    text = text.strip()
    return text if not text or text.endswith(ENDINGS) else text + "."


def sentences(*parts: str) -> str:
    """The non-empty parts as sentences, one after the other."""
    return " ".join(sentence(part) for part in parts if part.strip())

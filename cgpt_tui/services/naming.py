"""Names the app gives things."""

from __future__ import annotations

import unicodedata

NAME_LIMIT = 60
FILE_NAME_BYTES = 255  # NAME_MAX of ext4, APFS, NTFS (UTF-16 units there: fewer than bytes)
_ZWJ = "\u200d"


def conversation_name(question: str) -> str:
    """Name a new conversation after its first question, trimmed to a readable length."""
    name = " ".join(question.split())
    if len(name) <= NAME_LIMIT:
        return name
    return name[:NAME_LIMIT].rsplit(" ", 1)[0].rstrip(" ,.;:?!") + "…"


def _extends(char: str) -> bool:
    """Whether `char` belongs to the character before it (a cut before it splits what the
    reader sees as one): combining marks, joiners, variation selectors, skin tones, tags."""
    code = ord(char)
    return (
        unicodedata.category(char)[0] == "M"
        or char in "\u200c\u200d"
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF  # two of them make a flag


def cut_to_bytes(text: str, limit: int) -> str:
    """The longest start of `text` whose UTF-8 takes at most `limit` bytes, never cut inside
    a character, nor (for the common cases) inside what shows as one: an accented letter, an
    emoji sequence joined by ZWJ, a flag."""
    if len(text.encode("utf-8")) <= limit:
        return text
    end, used = 0, 0
    while end < len(text) and used + len(text[end].encode("utf-8")) <= limit:
        used += len(text[end].encode("utf-8"))
        end += 1
    while 0 < end < len(text) and (_extends(text[end]) or text[end - 1] == _ZWJ):
        end -= 1
    if 0 < end < len(text) and _regional(text[end]):
        run = end
        while run > 0 and _regional(text[run - 1]):
            run -= 1
        end -= (end - run) % 2  # half a flag goes
    return text[:end]

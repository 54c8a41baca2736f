"""One cleaner for every piece of server-provided text before it reaches the terminal.

Rich and Textual pass ESC and C1 bytes inside widget text straight to the terminal, so an
answer holding `ESC ] 52 ; ...` could rewrite the user's clipboard. Whole escape sequences are
removed first (so their payload does not show up as garbage), then every remaining C0/C1
control character except newline and tab.

Bidirectional controls go too: an override makes "invoice \u202egpj.exe" read as
"invoice exe.jpg", and terminals apply them inconsistently. Embeddings, overrides, isolates
and the directional marks are removed, as browsers' safe views do; right-to-left letters
keep their own direction, which needs no control. Zero-width characters with no use in text
are removed; the zero-width joiner and non-joiner are kept where they join two characters
(emoji sequences, Indic and Persian words) and removed where they join nothing.
"""

from __future__ import annotations

import re
import unicodedata

# 7-bit and 8-bit introducers: CSI = ESC [ or 0x9b; OSC = ESC ] or 0x9d; DCS = ESC P or 0x90;
# SOS = ESC X or 0x98; PM = ESC ^ or 0x9e; APC = ESC _ or 0x9f. ST = ESC \ or 0x9c (OSC also
# ends at BEL). An unterminated string sequence swallows the rest of the text: a terminal would
# do the same, and showing its payload could be just as misleading.
_CSI = r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
_OSC = r"(?:\x1b\]|\x9d)[^\x07\x9c\x1b]*(?:\x07|\x9c|\x1b\\|$)"
_STRING = r"(?:\x1b[P_X^]|[\x90\x98\x9e\x9f])[^\x9c\x1b]*(?:\x9c|\x1b\\|$)"
_OTHER_ESC = r"\x1b[\x20-\x2f]*[\x30-\x7e]?"
_SEQUENCES = re.compile("|".join((_OSC, _STRING, _CSI, _OTHER_ESC)), re.DOTALL)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CRLF = re.compile(r"\r\n?")
# ALM; Mongolian vowel separator; ZWSP; LRM, RLM; LRE, RLE, PDF, LRO, RLO; word joiner and
# invisible operators; LRI, RLI, FSI, PDI; deprecated format controls; BOM; annotations.
_FORMAT = "\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
_INVISIBLE = re.compile(f"[{_FORMAT}]")
_JOINERS = "\u200c\u200d"
_JOINER_RUN = re.compile(f"[{_JOINERS}]+")
_SUSPECT = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_FORMAT}{_JOINERS}]")
# Letters and symbols that draw nothing: the combining grapheme joiner, Hangul fillers, the
# braille blank. (Variation selectors are marks, category Mn.)
_BLANK_GLYPHS = frozenset("\u034f\u115f\u1160\u2800\u3164\uffa0")
_UNSEEN_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})


def clean_text(text: str | None) -> str:
    """Return `text` with escape sequences and control characters removed.

    Carriage returns become newlines (CRLF counts once); tabs and newlines are kept.
    """
    if not text:
        return ""
    text = _CRLF.sub("\n", text)
    if not _SUSPECT.search(text):
        return text
    if _CONTROLS.search(text):
        text = _CONTROLS.sub("", _SEQUENCES.sub("", text))
    text = _INVISIBLE.sub("", text)
    return _JOINER_RUN.sub(_joiner_run, text) if _JOINER_RUN.search(text) else text


def _joiner_run(match: re.Match[str]) -> str:
    """Joiners stay between two characters; at an edge or beside whitespace they go."""
    text, (start, end) = match.string, match.span()
    joins = start > 0 and end < len(text) and not text[start - 1].isspace()
    return match.group() if joins and not text[end].isspace() else ""


def clean_line(text: str | None) -> str:
    """Like `clean_text`, for one-line places (names, titles): whitespace runs become a space.

    A line that would draw nothing (only invisible characters) is "", so the caller's
    placeholder shows instead of a blank row."""
    line = " ".join(clean_text(text).split())
    return line if is_visible(line) else ""


def is_visible(text: str) -> bool:
    """Whether `text` draws at least one visible character."""
    return any(
        char not in _BLANK_GLYPHS and unicodedata.category(char) not in _UNSEEN_CATEGORIES
        for char in text
    )

"""One cleaner for every piece of server-provided text before it reaches the terminal.

Rich and Textual pass ESC and C1 bytes inside widget text straight to the terminal, so an
answer holding `ESC ] 52 ; ...` could rewrite the user's clipboard. Whole escape sequences are
removed first (so their payload does not show up as garbage), then every remaining C0/C1
control character except newline and tab.
"""

from __future__ import annotations

import re

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


def clean_text(text: str | None) -> str:
    """Return `text` with escape sequences and control characters removed.

    Carriage returns become newlines (CRLF counts once); tabs and newlines are kept.
    """
    if not text:
        return ""
    text = _CRLF.sub("\n", text)
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


def clean_line(text: str | None) -> str:
    """Like `clean_text`, for one-line places (names, titles): whitespace runs become a space."""
    return " ".join(clean_text(text).split())

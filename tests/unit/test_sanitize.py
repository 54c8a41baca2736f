"""Server text never carries escape sequences or control characters to the terminal."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cgpt_tui.sanitize import clean_line, clean_text

HOSTILE = [
    ("a\x1b]0;PWNED\x07b", "ab"),
    ("\x1b]52;c;UFdORUQ=\x07copied", "copied"),
    ("\x1b[2Jclear", "clear"),
    ("\x9b31mred", "red"),
    ("\x1bPq#0\x1b\\sixel", "sixel"),
    ("\x1b_apc\x1b\\x", "x"),
    ("\x1bX sos \x9cy", "y"),
    ("\x1b^pm\x1b\\z", "z"),
    ("bell\x07 and nul\x00", "bell and nul"),
    ("line\r\nbreak\rs", "line\nbreak\ns"),
]


@pytest.mark.parametrize(("raw", "clean"), HOSTILE)
def test_known_sequences_are_removed(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_markup_is_left_as_text() -> None:
    assert clean_text("[@click=app.quit]x[/]") == "[@click=app.quit]x[/]"


def test_tabs_newlines_and_unicode_are_kept() -> None:
    text = "tab\there\nשלום 世界 🎉"
    assert clean_text(text) == text


def test_clean_line_folds_whitespace() -> None:
    assert clean_line("  two\n lines\t") == "two lines"


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF)))
def test_no_escape_or_c1_survives(text: str) -> None:
    cleaned = clean_text(text)
    assert "\x1b" not in cleaned
    assert not any(0x80 <= ord(c) <= 0x9F or (ord(c) < 0x20 and c not in "\n\t") for c in cleaned)
    assert "\x7f" not in cleaned

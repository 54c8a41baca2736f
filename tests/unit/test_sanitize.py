"""Server text never carries escape sequences or control characters to the terminal."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cgpt_tui.sanitize import clean_line, clean_text, is_visible

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


BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u2060\ufeff\u180e"
JOINERS = "\u200c\u200d"
REMOVED = BIDI_CONTROLS + ZERO_WIDTH
# Letters of several scripts (RTL among them), spaces, emoji parts and the characters above.
UNICODE_PARTS = st.one_of(
    st.sampled_from(list(BIDI_CONTROLS + ZERO_WIDTH + JOINERS + " \n\tab")),
    st.sampled_from(list("שלוםمرحبا世界éñ👩💻🏽\ufe0f\u0301\u3164")),
    st.characters(max_codepoint=0x2FFF),
)


def test_a_reversed_file_extension_reads_as_sent() -> None:
    """A right-to-left override made "invoice gpj.exe" show as "invoice exe.jpg"."""
    assert clean_text("invoice \u202egpj.exe\u202c done") == "invoice gpj.exe done"
    assert clean_line("\u2067x\u2069 \u200fy\u200e\u061c") == "x y"


def test_right_to_left_letters_keep_their_order() -> None:
    text = "שלום עולם and مرحبا بالعالم"
    assert clean_text(text) == text


def test_an_emoji_sequence_keeps_its_joiners() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467 and \U0001f469\U0001f3fd\u200d\U0001f4bb"
    assert clean_text(family) == family
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # a joiner inside a word
    assert clean_text(persian) == persian


def test_joiners_that_join_nothing_are_removed() -> None:
    assert clean_text("\u200dstart end\u200c and \u200d alone") == "start end and  alone"


def test_a_name_of_only_invisible_characters_is_empty_so_a_placeholder_shows() -> None:
    for name in ("\u200b\u200b\u200b", "\u3164\u3164", "\u200d", " \u2800 ", "\ufeff\u0301"):
        assert clean_line(name) == "", repr(name)
    assert clean_line("\u200bx") == "x"


@given(st.text(alphabet=UNICODE_PARTS))
def test_no_bidi_control_or_stray_zero_width_character_survives(text: str) -> None:
    cleaned = clean_text(text)
    assert not set(cleaned) & set(REMOVED)
    for index, char in enumerate(cleaned):
        if char in JOINERS:
            assert 0 < index < len(cleaned) - 1
            assert not cleaned[index - 1].isspace() and not cleaned[index + 1].isspace()


@given(st.text(alphabet=UNICODE_PARTS))
def test_cleaning_twice_changes_nothing_more(text: str) -> None:
    assert clean_text(clean_text(text)) == clean_text(text)
    assert clean_line(clean_line(text)) == clean_line(text)


@given(st.text(alphabet=UNICODE_PARTS.filter(lambda c: c not in "\x1b\x90\x98\x9b\x9d\x9e\x9f")))
def test_every_letter_digit_and_symbol_is_kept_in_order(text: str) -> None:
    """Without escape sequences, cleaning only ever removes characters that draw nothing."""
    kept = [c for c in clean_text(text) if unicodedata.category(c)[0] in "LNS"]
    assert kept == [c for c in text.replace("\r", "") if unicodedata.category(c)[0] in "LNS"]


@given(st.text(alphabet=UNICODE_PARTS))
def test_a_clean_line_is_one_visible_line_or_empty(text: str) -> None:
    line = clean_line(text)
    assert "\n" not in line and "\t" not in line
    assert line == "" or is_visible(line)
    assert line == line.strip()

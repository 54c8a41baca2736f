"""Inline citation markers and code blocks found in rendered Markdown (ui/render/marks.py):
where they are, what a code block holds, and that marking changes nothing on screen."""

from __future__ import annotations

from rich.console import Console
from rich.style import Style
from textual.strip import Strip

from cgpt_tui.ui.render.markdown import render_markdown
from cgpt_tui.ui.render.marks import CLOSE, OPEN, render_marked
from cgpt_tui.ui.render.spans import MarkerSpan
from cgpt_tui.ui.transcript.packed import StyleTable
from tests.bench.corpus import SECTIONS

CONSOLE = Console(width=120, color_system="truecolor")


def test_marking_renders_every_kind_of_block_exactly_as_before() -> None:
    extra = "Text [1], **bold [2]**, `code [3]`, a [link](https://example.com) [4].[5]"
    for block in [*SECTIONS, extra, "```py\nx = [1]\n```", "- a [1]\n\n  ```\n  b\n  ```"]:
        for width in (80, 23):
            plain = render_markdown(CONSOLE, block, width)
            marked = render_marked(CONSOLE, block, width).strips
            assert [s.text for s in marked] == [s.text for s in plain], block
            assert all(strip.cell_length == width for strip in marked)
            marked_chars = "".join(s.text for s in marked)
            assert OPEN not in marked_chars and CLOSE not in marked_chars


def test_markers_in_text_are_found_by_row_and_cell_and_not_in_code() -> None:
    block = "See [1] and **[2]** but not `[3]`, [0] or [x].\n\n```\ncode [4]\n```"
    marked = render_marked(CONSOLE, block, 60)
    assert marked.marks.markers == [MarkerSpan(0, 4, 7, 1), MarkerSpan(0, 12, 15, 2)]
    text = marked.strips[0].text
    assert text[4:7] == "[1]" and text[12:15] == "[2]"


def test_a_marker_wrapped_to_the_next_row_is_found_there() -> None:
    marked = render_marked(CONSOLE, "one two three four [12]", 19)
    assert [s.text.rstrip() for s in marked.strips] == ["one two three four", "[12]"]
    assert marked.marks.markers == [MarkerSpan(1, 0, 4, 12)]


def test_the_sentinels_in_server_text_are_not_taken_for_markers() -> None:
    marked = render_marked(CONSOLE, f"Fake {OPEN}1{CLOSE} marker", 40)
    assert marked.marks.markers == []
    assert marked.strips[0].text.startswith("Fake \ufffd1\ufffd marker")


def test_code_blocks_keep_their_code_language_and_place_even_in_a_list() -> None:
    block = "Steps:\n\n```bash\npip install x\nx login\n```\n\n- then\n\n  ~~~\n  [y]\n  ~~~"
    marks = render_marked(CONSOLE, block, 50).marks
    assert [(c.code, c.language, c.column, c.width) for c in marks.code] == [
        ("pip install x\nx login", "bash", 0, 50),
        ("[y]", "", 3, 47),
    ]
    first, second = marks.code
    assert first.end - first.first == 4  # padding, two lines of code, padding
    assert second.first > first.end


def test_the_tags_leave_no_meta_behind() -> None:
    for strip in render_marked(CONSOLE, "```py\nprint(1)\n```", 30).strips:
        assert all(not (s.style and s.style.meta) for s in strip)


def test_restyle_and_overlay_change_only_their_cells() -> None:
    table = StyleTable()
    line = table.pack(Strip.blank(10))
    red = Style(color="red")
    restyled = table.segments(table.restyle(line, 2, 5, red))
    assert [(s.text, s.style and s.style.color) for s in restyled] == [
        ("  ", None),
        ("   ", red.color),
        ("     ", None),
    ]
    over = table.segments(table.overlay(line, 3, "abc", red))
    assert "".join(s.text for s in over) == "   abc    "

"""Repainting only what changed: which cells of a row differ, which rows of a view, and the
terminal write that starts at the first changed cell (ui/transcript/repaint.py,
ui/partial_writes.py)."""

from __future__ import annotations

import io

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual._compositor import ChopsUpdate
from textual.geometry import Region
from textual.strip import Strip

from cgpt_tui.ui import partial_writes
from cgpt_tui.ui.transcript.repaint import DrawnRows, changed_cells

BOLD = Style(bold=True)


def strip(*parts: tuple[str, Style | None], width: int = 20) -> Strip:
    segments = [Segment(text, style) for text, style in parts]
    used = sum(len(text) for text, _ in parts)
    return Strip([*segments, Segment(" " * (width - used))], width)


def test_words_added_at_the_end_of_a_row_change_only_their_cells() -> None:
    old = strip(("Export your", None))
    new = strip(("Export your data", None))
    assert changed_cells(old, new) == (12, 16)  # the space before "data" was blank already


def test_cells_are_compared_one_by_one_whatever_the_segments() -> None:
    old = strip(("Export ", None), ("your data", None))
    new = strip(("Export your data", None))
    assert changed_cells(old, new) == (20, 20)  # the same cells: nothing to repaint


def test_a_word_that_turns_bold_is_a_change() -> None:
    old = strip(("a **b** c", None))
    new = strip(("a ", None), ("b", BOLD), (" c", None))
    start, end = changed_cells(old, new)
    assert (start, end) == (2, 9)


def test_strips_of_other_widths_differ_everywhere() -> None:
    assert changed_cells(strip(("x", None), width=10), strip(("x", None))) == (0, 20)


def draw_all(drawn: DrawnRows[str], rows: list[str], width: int = 20) -> None:
    for y, key in enumerate(rows):
        drawn.draw(y, width, key)


def strip_of(key: str) -> Strip:
    return strip((key, None))


def test_nothing_drawn_yet_means_a_whole_repaint() -> None:
    drawn: DrawnRows[str] = DrawnRows()
    assert drawn.changed(20, 3, ["a", "b", "c"].__getitem__, strip_of) is None


def test_only_the_changed_row_is_repainted_from_its_first_changed_cell() -> None:
    drawn: DrawnRows[str] = DrawnRows()
    before = ["You", "How do I export?", "", "Export your"]
    draw_all(drawn, before)
    after = [*before[:3], "Export your data"]
    assert drawn.changed(20, 4, after.__getitem__, strip_of) == [Region(12, 3, 4, 1)]
    assert drawn.changed(20, 4, before.__getitem__, strip_of) == []


def test_a_row_never_drawn_is_repainted_whole() -> None:
    drawn: DrawnRows[str] = DrawnRows()
    draw_all(drawn, ["a", "b"])
    rows = ["a", "b", "c"]
    assert drawn.changed(20, 3, rows.__getitem__, strip_of) == [Region(0, 2, 20, 1)]


def test_when_most_rows_differ_the_view_is_repainted_whole() -> None:
    drawn: DrawnRows[str] = DrawnRows()
    draw_all(drawn, ["a", "b", "c", "d"])
    scrolled = ["b", "c", "d", "e"]  # every row shows something else
    assert drawn.changed(20, 4, scrolled.__getitem__, strip_of) is None


def test_another_width_or_forgetting_means_a_whole_repaint() -> None:
    drawn: DrawnRows[str] = DrawnRows()
    draw_all(drawn, ["a", "b"])
    assert drawn.changed(30, 2, ["a", "b"].__getitem__, strip_of) is None
    drawn.forget()
    assert drawn.changed(20, 2, ["a", "b"].__getitem__, strip_of) is None


def render(update: ChopsUpdate, *, cropped: bool) -> str:
    console = Console(file=io.StringIO(), force_terminal=True, color_system="truecolor")
    if cropped:
        return partial_writes.render_cropped(update, console)
    return partial_writes.TEXTUAL_RENDER_SEGMENTS(update, console)  # Textual's own


def update(x1: int, x2: int) -> ChopsUpdate:
    row = Strip([Segment("hello ", BOLD), Segment("world")], 11)
    return ChopsUpdate([{0: row}], [(0, x1, x2)], [[11]])


def test_a_partial_write_starts_at_the_first_changed_cell() -> None:
    assert render(update(3, 8), cropped=False) == "\x1b[1;1H\x1b[1mhello \x1b[0mwo"
    assert render(update(3, 8), cropped=True) == "\x1b[1;4H\x1b[1mlo \x1b[0mwo"


def test_a_whole_row_is_written_as_textual_writes_it() -> None:
    assert render(update(0, 11), cropped=True) == render(update(0, 11), cropped=False)


def test_installing_twice_keeps_one_replacement() -> None:
    assert partial_writes.install()
    assert partial_writes.install()
    assert ChopsUpdate.render_segments is partial_writes.render_cropped


def screen_of(written: str, columns: int = 30) -> list[list[tuple[str, str, str, bool]]]:
    """What a terminal shows after `written`: each cell's text, colours and boldness."""
    import pyte

    screen = pyte.Screen(columns, 2)
    pyte.Stream(screen).feed(written)
    return [
        [(c.data, c.fg, c.bg, c.bold) for c in (screen.buffer[y][x] for x in range(columns))]
        for y in range(2)
    ]


def test_segments_of_one_look_are_written_under_one_set_of_attributes() -> None:
    blue = Style(color="blue", bgcolor="black")
    parts = [
        Segment("ab", blue + Style(meta={"offset": (0, 0)})),
        Segment("cd", blue + Style(meta={"offset": (2, 0)})),
        Segment("ef", BOLD),
        Segment("gh", None),
        Segment("ij", blue),
    ]
    row = Strip(parts, 10)
    one = ChopsUpdate([{0: row}], [(0, 0, 10)], [[10]])
    ours, textuals = render(one, cropped=True), render(one, cropped=False)
    assert ours.count("\x1b[34;40m") == 2 and textuals.count("\x1b[34;40m") == 3
    assert len(ours) < len(textuals)
    assert screen_of(ours) == screen_of(textuals)

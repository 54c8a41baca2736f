"""Write a partly changed row from its first changed cell, not from the widget's edge.

Textual's partial screen update (`ChopsUpdate.render_segments`) crops a changed span at its
end but writes it from the left edge of the widget it falls in. A streaming answer changes a
few cells at the end of one row, so most of what reached the terminal was the unchanged
start of that row, rewritten on every paint. This update writes each span from its first
cell; `install()` puts it in place of Textual's.

It also writes a run of segments of one look with one set of attributes: Textual writes each
segment's in full and resets after it, and the transcript's segments are cut wherever the
mouse's offsets change, so most of a repainted row was the same colours again (40% of what
a streamed answer sent the terminal).
"""

from __future__ import annotations

import inspect

from rich.color import ColorSystem
from rich.console import Console
from rich.control import Control
from textual._compositor import ChopsUpdate
from textual.strip import Strip

TEXTUAL_RENDER_SEGMENTS = ChopsUpdate.render_segments  # Textual's own, before install()


def render_cropped(self: ChopsUpdate, console: Console) -> str:
    """`ChopsUpdate.render_segments`, with each span written from its first cell."""
    sequences: list[str] = []
    append = sequences.append
    move_to = Control.move_to
    last_y = self.spans[-1][0]
    for y, x1, x2 in self.spans:
        line = self.chops[y]
        for end, (x, strip) in zip(self.chop_ends[y], line.items(), strict=False):
            if strip is None or x > x2 or end <= x1:
                continue
            start = max(x, x1)
            strip = strip.crop(start - x, min(end, x2) - x)
            append(move_to(start, y).segment.text)
            append(render_runs(strip, console))
        if y != last_y:
            append("\n")
    return "".join(sequences)


def render_runs(strip: Strip, console: Console) -> str:
    """`Strip.render`, with neighbouring segments of the same attributes under one SGR."""
    color_system = console._color_system or ColorSystem.TRUECOLOR  # as Strip.render does
    out: list[str] = []
    append = out.append
    open_sgr = ""  # the attributes in force ("" when none)
    for segment in strip:
        text, style = segment.text, segment.style
        sgr = ""
        if style is not None:
            sgr = style._ansi if style._ansi is not None else Strip.render_ansi(style, color_system)
        if style is not None and style._link:  # a link is written whole, as Textual does
            if open_sgr:
                append("\x1b[0m")
                open_sgr = ""
            append(Strip.render_style(style, text, color_system))
            continue
        if sgr != open_sgr:
            if open_sgr:
                append("\x1b[0m")
            if sgr:
                append(f"\x1b[{sgr}m")
            open_sgr = sgr
        append(text)
    if open_sgr:
        append("\x1b[0m")
    return "".join(out)


def install() -> bool:
    """Use `render_cropped` for Textual's partial updates; False (and Textual's own kept)
    where this Textual's update is not the shape it was written for."""
    if ChopsUpdate.render_segments is render_cropped:
        return True
    fields = inspect.signature(ChopsUpdate.__init__).parameters
    if not {"chops", "spans", "chop_ends"} <= fields.keys():
        return False
    ChopsUpdate.render_segments = render_cropped  # type: ignore[method-assign]
    return True

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

And it renders, for a partial update, only the widgets whose region meets the changed area,
and only their rows in it: Textual tests the area against each widget's clip (its
container's view), so every widget of an outer layout (the header, the footer, the side
panes, ~11 here) was rendered, every row, for a few changed cells of the transcript, at
every paint while an answer streams.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable

from rich.color import ColorSystem
from rich.console import Console
from rich.control import Control
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

TEXTUAL_RENDER_SEGMENTS = ChopsUpdate.render_segments  # Textual's own, before install()
TEXTUAL_GET_RENDERS = Compositor._get_renders
Render = tuple[Region, Region, list[Strip]]  # a widget's region, its clip, its lines


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
        if style is not None and style._link:  # a link is written whole, as Textual does
            if open_sgr:
                append("\x1b[0m")
                open_sgr = ""
            append(Strip.render_style(style, text, color_system))
            continue
        sgr = ""
        if style is not None:
            sgr = style._ansi if style._ansi is not None else Strip.render_ansi(style, color_system)
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


def renders_meeting(self: Compositor, crop: Region | None = None) -> Iterable[Render]:
    """`Compositor._get_renders`; for a crop, only the widgets whose region meets it (as
    drawn: within its clip), and of each only the rows of the crop (Textual renders every
    row of the widget, to draw a few)."""
    if crop is None:
        return TEXTUAL_GET_RENDERS(self, crop)
    renders: list[Render] = []
    for widget, (region, clip) in self.visible_widgets.items():
        drawn = region.intersection(clip)
        rows = drawn.intersection(crop)
        if not rows:
            continue
        rows = Region(drawn.x, rows.y, drawn.width, rows.height)  # whole rows: chops are cut
        lines = widget.render_lines(rows.translate((-region.x, -region.y)))
        renders.append((rows, clip, lines))
    return renders


def install() -> bool:
    """Use `render_cropped` for Textual's partial updates and `renders_meeting` for the
    widgets they render; False (and Textual's own kept) where this Textual is not the shape
    they were written for."""
    if ChopsUpdate.render_segments is render_cropped:
        return True
    fields = inspect.signature(ChopsUpdate.__init__).parameters
    if not {"chops", "spans", "chop_ends"} <= fields.keys():
        return False
    renders = inspect.signature(Compositor._get_renders).parameters
    if list(renders) != ["self", "crop"]:
        return False
    if "_visible_widgets" not in Compositor.__init__.__code__.co_names:  # the cache it reads
        return False
    ChopsUpdate.render_segments = render_cropped  # type: ignore[method-assign]
    Compositor._get_renders = renders_meeting  # type: ignore[method-assign]
    return True

"""Charts drawn in the terminal, for the insights screen.

`SeriesChart` is a textual-plotext plot (bars when there are few points, a braille line when
there are many) coloured with the app theme's colours, read from the app and handed to
plotext as RGB tuples; it draws again when the theme changes. `BarChart` draws horizontal
bars itself, one row each, label and count beside the bar: plotext's horizontal bars put a
bar on its neighbour's row when each has a single row (what fits at 80x24), so the rows
would lie. Its colours are component classes, styled from theme variables in the .tcss.

Importing this module imports plotext: only the insights screen does, when it is opened
(tests/cli/test_start_path_imports.py keeps it off the start path).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import RenderResult
from textual.color import Color
from textual.geometry import Size
from textual.theme import Theme
from textual.widget import Widget
from textual_plotext import PlotextPlot

from cgpt_tui.api import Interval, SeriesPoint
from cgpt_tui.api.frozen import record

RGB = tuple[int, int, int]
MOST_BARS = 31  # more points than this: a line (bars would be thinner than a cell)
TICK_SPACING = 10  # cells per x label, at least
EIGHTHS = " ▏▎▍▌▋▊▉█"


def theme_rgb(variables: dict[str, str], name: str, fallback: str = "#808080") -> RGB:
    """A colour of the app's theme (`primary`, `success`…) as plotext takes it."""
    try:
        return Color.parse(variables.get(name) or fallback).rgb
    except Exception:  # a theme variable that is not a plain colour ("auto 60%")
        return Color.parse(fallback).rgb


def nice_step(top: float, rows: int) -> int:
    """A whole step for the y ticks: 1, 2, 5, 10, 20, 50… so about `rows` ticks fit."""
    rough = max(top / max(rows, 1), 1.0)
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        if factor * power >= rough:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def tick_label(day: date | None, label: str, span_days: int) -> str:
    if day is None:
        return label[:8]
    return f"{day:%b} {day.year}" if span_days > 300 else f"{day:%b} {day.day}"


class SeriesChart(PlotextPlot):
    """Queries per interval, oldest first."""

    COLOUR = "primary"  # the theme colour of the bars or line

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.points: tuple[SeriesPoint, ...] = ()
        self.interval: Interval = "weekly"
        self.colour: RGB = (128, 128, 128)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)
        self._take_colours()

    def _theme_changed(self, theme: Theme) -> None:
        self._take_colours()
        self.refresh()

    def _take_colours(self) -> None:
        self.colour = theme_rgb(self.app.theme_variables, self.COLOUR)

    def show(self, points: Sequence[SeriesPoint], interval: Interval) -> None:
        self.points = tuple(points)
        self.interval = interval
        self.refresh()

    @property
    def as_bars(self) -> bool:
        return len(self.points) <= MOST_BARS

    def render(self) -> RenderResult:
        width, height = self.size.width, self.size.height
        plt = self.plt
        plt.clear_figure()
        plt.plotsize(width, height)
        plt._set_size(width, height)
        plt.theme("clear")  # no colours but the data's: the widget's own show through
        if self.points and width > 8 and height > 3:
            self._draw(width, height)
        return Text.from_ansi(plt.build(), no_wrap=True)

    def _draw(self, width: int, height: int) -> None:
        plt = self.plt
        xs = list(range(1, len(self.points) + 1))
        values = [max(point.value, 0.0) for point in self.points]
        if self.as_bars:
            plt.bar(xs, values, marker="hd", color=self.colour, width=0.7)
        else:
            plt.plot(xs, values, marker="braille", color=self.colour)
        top = max(max(values), 1.0)
        step = nice_step(top, max((height - 3) // 2, 1))
        ticks = list(range(0, math.ceil(top / step) * step + 1, step))
        plt.ylim(0, ticks[-1])
        plt.yticks([float(tick) for tick in ticks], [f"{tick:,}" for tick in ticks])
        plt.xlim(0.5, len(xs) + 0.5)
        plt.xticks(*self._x_ticks(xs, width))

    def _x_ticks(self, xs: list[int], width: int) -> tuple[list[float], list[str]]:
        days = [point.day for point in self.points]
        known = [day for day in days if day is not None]
        span_days = (known[-1] - known[0]).days if len(known) > 1 else 0
        room = max((width - 8) // TICK_SPACING, 1)
        every = max(math.ceil(len(xs) / room), 1)
        chosen = xs[::every]
        labels = [tick_label(days[x - 1], self.points[x - 1].label, span_days) for x in chosen]
        return [float(x) for x in chosen], labels


@record
class Bar:
    label: str  # plain text (cleaned by the caller)
    value: int
    kind: str = "bar"  # the component class `bar-chart--<kind>` colours it


class BarChart(Widget):
    """Horizontal bars, one row each: `label ████▌ count` (and its share, if asked)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "bar-chart--label",
        "bar-chart--count",
        "bar-chart--bar",
        "bar-chart--liked",
        "bar-chart--disliked",
        "bar-chart--none",
    }
    DEFAULT_CSS = """
    BarChart { height: auto; }
    """
    LABEL_MOST = 16  # cells of a label at most; longer ones end in …

    def __init__(
        self, *, shares: bool = False, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.bars: tuple[Bar, ...] = ()
        self.shares = shares

    def show(self, bars: Sequence[Bar]) -> None:
        self.bars = tuple(bars)
        self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(len(self.bars), 1)

    def render(self) -> RenderResult:
        if not self.bars:
            return Text("")
        width = self.size.width
        labels = [self._fit(bar.label) for bar in self.bars]
        label_width = max(cell_len(label) for label in labels)
        total = sum(bar.value for bar in self.bars)
        counts = [self._count(bar.value, total) for bar in self.bars]
        count_width = max(len(count) for count in counts)
        room = max(width - label_width - count_width - 3, 1)
        top = max(max(bar.value for bar in self.bars), 1)
        label_style = self.get_component_rich_style("bar-chart--label")
        count_style = self.get_component_rich_style("bar-chart--count")
        text = Text(no_wrap=True, overflow="crop", end="")
        for row, (bar, label, count) in enumerate(zip(self.bars, labels, counts, strict=True)):
            if row:
                text.append("\n")
            text.append(" " * (label_width - cell_len(label)) + label, label_style)
            text.append(" ")
            blocks = self._blocks(bar.value, top, room)
            text.append(blocks, self.get_component_rich_style(f"bar-chart--{bar.kind}"))
            text.append(" " * (room - len(blocks) + 1))
            text.append(count.rjust(count_width), count_style)
        return text

    def _fit(self, label: str) -> str:
        if cell_len(label) <= self.LABEL_MOST:
            return label
        cut = label
        while cell_len(cut) > self.LABEL_MOST - 1:
            cut = cut[:-1]
        return cut + "…"

    def _count(self, value: int, total: int) -> str:
        if not self.shares:
            return f"{value:,}"
        share = round(100 * value / total) if total else 0
        return f"{value:,} {share:>3}%"

    @staticmethod
    def _blocks(value: int, top: int, room: int) -> str:
        """The bar in eighths of a cell; a value above 0 shows at least a sliver."""
        eighths = round(8 * room * value / top) if top else 0
        if value > 0:
            eighths = max(eighths, 1)
        full, part = divmod(eighths, 8)
        return "█" * full + (EIGHTHS[part] if part else "")

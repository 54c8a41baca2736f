"""The row of totals at the top of the insights screen: each figure over its name.

One widget drawing both lines (not a widget per figure: the screen opens faster with fewer
to style); the figures' colours are component classes, styled in insights.tcss.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget

from cgpt_tui.services.insights import Insight

UNKNOWN = "—"
GAP = 2  # cells between two figures

# (key, name under the figure, the report it comes from)
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("queries", "queries", "queries"),
    ("conversations", "conversations", "conversations"),
    ("average", "per conv.", "conversations"),
    ("answered", "answered", "queries"),
    ("unanswered", "unanswered", "queries"),
    ("liked", "liked", "intelligence"),
    ("disliked", "disliked", "intelligence"),
)
COLOURED = ("unanswered", "liked", "disliked")  # a class of their own: figures--<key>


def figure_values(insight: Insight) -> dict[str, str]:
    """Each figure as shown; a report that failed shows as a dash, not as 0."""
    totals = insight.totals
    values = {
        "queries": f"{totals.queries:,}",
        "conversations": f"{totals.conversations:,}",
        "average": f"{totals.average_queries:.2f}".rstrip("0").rstrip("."),
        "answered": f"{totals.answered:,}",
        "unanswered": f"{totals.unanswered:,}",
        "liked": f"{totals.liked:,}",
        "disliked": f"{totals.disliked:,}",
    }
    for key, _name, report in FIGURES:
        if report in insight.problems:
            values[key] = UNKNOWN
    return values


class Figures(Widget):
    """Seven figures in a row (dashes until the first answer)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "figures--value",
        "figures--name",
        *(f"figures--{key}" for key in COLOURED),
    }
    DEFAULT_CSS = """
    Figures { height: 2; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.values = {key: UNKNOWN for key, _name, _report in FIGURES}

    def show(self, insight: Insight) -> None:
        self.values = figure_values(insight)
        self.refresh()

    def value(self, key: str) -> str:
        """What the figure `key` shows (for tests and the benchmark)."""
        return self.values[key]

    def render(self) -> RenderResult:
        value_style = self.get_component_rich_style("figures--value")
        name_style = self.get_component_rich_style("figures--name")
        top, bottom = Text(no_wrap=True, end=""), Text(no_wrap=True, end="")
        for n, (key, name, _report) in enumerate(FIGURES):
            value = self.values[key]
            width = max(len(value), len(name)) + (GAP if n < len(FIGURES) - 1 else 0)
            style = value_style
            if key in COLOURED and value != UNKNOWN:
                style = value_style + self.get_component_rich_style(f"figures--{key}")
            top.append(value, style)
            top.append(" " * (width - len(value)))
            bottom.append(name.ljust(width), name_style)
        return Text("\n", end="").join([top, bottom])

"""The row of totals at the top of the insights screen: a figure over its name, each."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from cgpt_tui.services.insights import Insight

UNKNOWN = "—"

# (id, name under the figure, the report it comes from)
FIGURES: tuple[tuple[str, str, str], ...] = (
    ("queries", "queries", "queries"),
    ("conversations", "conversations", "conversations"),
    ("average", "per conv.", "conversations"),
    ("answered", "answered", "queries"),
    ("unanswered", "unanswered", "queries"),
    ("liked", "liked", "intelligence"),
    ("disliked", "disliked", "intelligence"),
)


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


class Figures(Horizontal):
    """Seven figures in a row (dashes until the first answer)."""

    def compose(self) -> ComposeResult:
        for key, name, _report in FIGURES:
            with Vertical(classes="figure", id=f"figure-{key}"):
                yield Static(UNKNOWN, classes="figure-value", markup=False)
                yield Static(Content(name), classes="figure-name")

    def show(self, insight: Insight) -> None:
        for key, value in figure_values(insight).items():
            self.query_one(f"#figure-{key} .figure-value", Static).update(Content(value))

    def value(self, key: str) -> str:
        """What the figure `key` shows (for tests and the benchmark)."""
        return str(self.query_one(f"#figure-{key} .figure-value", Static).render())

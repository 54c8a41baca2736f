"""The insights screen's chart widgets, given hand-made values: bars proportional to their
values with the label and count on the same row, the series as bars or a line with readable
ticks, colours from the theme."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import App, ComposeResult

from cgpt_tui.api import SeriesPoint
from cgpt_tui.ui.widgets.charts import Bar, BarChart, SeriesChart, nice_step, theme_rgb


class ChartApp(App[None]):
    CSS = "SeriesChart { height: 10; width: 60; } BarChart { width: 40; }"

    def compose(self) -> ComposeResult:
        yield BarChart(id="plain")
        yield BarChart(shares=True, id="shares")
        yield SeriesChart()


def points(values: list[float], start: date = date(2026, 11, 2), step: int = 7):
    return [
        SeriesPoint(
            (start + timedelta(days=step * n)).isoformat(), start + timedelta(days=step * n), v
        )
        for n, v in enumerate(values)
    ]


async def test_bars_are_proportional_and_each_row_is_its_own() -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 30)) as pilot:
        chart = app.query_one("#plain", BarChart)
        chart.show([Bar("web", 80), Bar("api", 20), Bar("a-very-long-source-name", 1), Bar("x", 0)])
        await pilot.pause()
        rows = str(chart.render()).splitlines()
        assert len(rows) == 4 and chart.size.height == 4
        assert rows[0].startswith("             web █") and rows[0].endswith(" 80")
        assert rows[2].startswith("a-very-long-sou… ")  # 16 cells at most
        full = rows[0].count("█")
        assert abs(rows[1].count("█") - full / 4) <= 1  # 20 is a quarter of 80
        assert rows[2].strip().endswith("1") and any(c in rows[2] for c in "▏▎▍▌▋▊▉█")
        assert rows[3].rstrip().endswith("0") and "█" not in rows[3]
        assert len({len(row) for row in rows}) == 1  # the counts line up


async def test_shares_are_of_the_bars_total() -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 30)) as pilot:
        chart = app.query_one("#shares", BarChart)
        chart.show(
            [Bar("liked", 1, "liked"), Bar("disliked", 1, "disliked"), Bar("none", 2, "none")]
        )
        await pilot.pause()
        rows = str(chart.render()).splitlines()
        assert [row.split()[-1] for row in rows] == ["25%", "25%", "50%"]


async def test_few_points_are_bars_and_many_a_line_with_dated_ticks() -> None:
    app = ChartApp()
    async with app.run_test(size=(80, 30)) as pilot:
        chart = app.query_one(SeriesChart)
        chart.show(points([0, 4, 10, 2]), "weekly")
        await pilot.pause()
        drawn = chart.render().plain
        assert chart.as_bars and "█" in drawn
        assert "Nov 2" in drawn and "10" in drawn  # a date tick and the top of the scale
        chart.show(points([n % 5 for n in range(90)], date(2026, 8, 23), 1), "daily")
        await pilot.pause()
        drawn = chart.render().plain
        assert not chart.as_bars and any("\u2800" <= c <= "\u28ff" for c in drawn)  # braille
        assert "Aug 23" in drawn
        assert chart.colour == theme_rgb(app.theme_variables, "primary")


def test_steps_are_round_numbers() -> None:
    assert [nice_step(top, 4) for top in (3, 10, 40, 130, 9000)] == [1, 5, 10, 50, 5000]
    assert theme_rgb({"primary": "auto 60%"}, "primary") == (128, 128, 128)

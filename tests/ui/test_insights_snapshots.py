"""SVG snapshots of the insights screen (fixed clock, a still stand-in): at 80x24 in the
default theme and a light one, and whole at 120x45 with a failing report.

Update with `pytest tests/ui/test_insights_snapshots.py --snapshot-update`, then look at the
SVGs in tests/ui/__snapshots__/ before committing.
"""

from __future__ import annotations

import pytest

from .helpers import make_app
from .insights_helpers import NORTHWIND, open_insights
from .test_snapshots import settle, still_server  # noqa: F401

SMALL = (80, 24)
LARGE = (120, 45)


async def ready(pilot, theme: str) -> None:
    await settle(pilot)  # the main screen below, and the account line, drawn
    pilot.app.theme = theme
    await open_insights(pilot, NORTHWIND)
    await pilot.pause(0.3)


@pytest.mark.parametrize("theme", ["customgpt", "customgpt-light"])
def test_insights_80x24(snap_compare, still_server, theme) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        await ready(pilot, theme)

    assert snap_compare(
        make_app(still_server, demo=True), terminal_size=SMALL, run_before=run_before
    )


def test_insights_whole_with_a_failing_report(snap_compare, still_server) -> None:  # noqa: F811
    async def run_before(pilot) -> None:
        still_server.faults.fail_next(
            1, status=500, message="Traffic is being recounted", path="/reports/traffic"
        )
        await ready(pilot, "customgpt")

    assert snap_compare(
        make_app(still_server, demo=True), terminal_size=LARGE, run_before=run_before
    )

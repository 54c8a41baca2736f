"""The review screen in an app of its own, given its answers (for snapshots and benchmarks:
the items are made up; loading them from a stand-in is tested in test_review_queue.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from cgpt_tui.api import Agent
from cgpt_tui.services.reading import Origin
from cgpt_tui.ui.app_services import AppServices
from cgpt_tui.ui.screens.review import ReviewScreen
from cgpt_tui.ui.session import Session

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
AGENT = Agent(1, "Northwind Support", True, None, NOW, NOW, False, None)


class GivenReview(ReviewScreen):
    """The real screen, its answers handed in instead of loaded."""

    def load(self, keep: int | None = None) -> None:
        pass


class ReviewHost(AppServices):
    """Just enough app for the review screen: its services, no server."""

    def __init__(self) -> None:
        super().__init__(Session(base_url="http://127.0.0.1:9", api_key=None, clock=lambda: NOW))

    async def show(self, items, origin: Origin = Origin.SERVER) -> GivenReview:
        screen = GivenReview(AGENT)
        await self.push_screen(screen)
        screen.show_items(items, origin)
        return screen

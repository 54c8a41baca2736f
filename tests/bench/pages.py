"""Every page of a big agent in the workshop's Pages tab: mount, filter by status, search.

The pages are records as the client makes them (`AgentPage.from_api` of wire dicts), 10 % of
them failed with a reason. Each time runs from the call to the first frame that shows the
result. The baseline is a plain Textual DataTable given the same rows (built, or rebuilt with
the matches), measured in the same run. After mounting, survivors are collected and frozen as
the Pages tab does (see pages_tab.py): without it a full GC pass over the 50,000 records
(~150 ms) lands in the middle of whichever filter comes next.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from cgpt_tui.api import AgentPage
from cgpt_tui.ui.memory import freeze_survivors
from cgpt_tui.ui.widgets.pages_table import PagesTable, page_name, status_words
from tests.bench.harness import SIZE, FrameClock, timed_display, until


@dataclass(frozen=True)
class PagesRun:
    pages: int
    mount_seconds: float
    filter_seconds: float
    search_seconds: float


def make_pages(count: int) -> list[AgentPage]:
    pages = []
    for n in range(count):
        failed = n % 10 == 3
        pages.append(
            AgentPage.from_api(
                {
                    "id": 100_000 + n,
                    "page_url": f"https://docs.example.com/section-{n % 97}/page-{n}",
                    "page_url_hash": f"{n:032x}",
                    "project_id": 1,
                    "crawl_status": "failed" if failed else "ok",
                    "index_status": "n/a" if failed else ("queued" if n % 50 == 7 else "ok"),
                    "is_file": False,
                    "is_refreshable": True,
                    "is_file_kept": False,
                    "filename": None,
                    "filesize": 1_000 + n,
                    "failure_reason": "HTTP 404 from docs.example.com" if failed else None,
                    "created_at": "2026-11-01T10:00:00.000000Z",
                    "updated_at": "2026-11-01T10:00:00.000000Z",
                }
            )
        )
    return pages


class Host(App[None]):
    def compose(self) -> ComposeResult:
        return iter(())


async def _timed(clock: FrameClock, act: Callable[[], Awaitable[object] | None]) -> float:
    """From calling `act` (and awaiting what it returns) to the first frame composed after."""
    started = time.perf_counter()
    pending = act()
    if pending is not None:
        await pending
    return await clock.first_frame_after(time.perf_counter()) - started


async def ours(pages: list[AgentPage], search: str) -> PagesRun:
    app = Host()
    clock = FrameClock()
    timed_display(app, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = PagesTable()

        async def mount() -> None:
            await app.screen.mount(table)
            table.set_pages(pages)

        mounted = await _timed(clock, mount)
        await until(lambda: table.shown)
        freeze_survivors()  # as the Pages tab does once a big list shows
        await pilot.pause()
        filtered = await _timed(clock, lambda: table.filter(status="failed"))
        assert table.shown and len(table.shown) < len(pages)
        table.filter(status="all")
        await pilot.pause()
        searched = await _timed(clock, lambda: table.filter(search=search))
        assert len(table.shown) == 1, "the search found the wrong pages"
        return PagesRun(len(pages), mounted, filtered, searched)


def _row(page: AgentPage) -> tuple[str, str, str, str]:
    status = "failed" if page.crawl_status == "failed" else page.index_status
    size = str(page.filesize or "")
    return (status_words(page, status), page_name(page), size, page.failure_reason or "")


async def stock_table(pages: list[AgentPage], search: str) -> PagesRun:
    """A DataTable given every row; filtering and searching rebuild it with the matches."""
    app = Host()
    clock = FrameClock()
    timed_display(app, clock)
    rows = [_row(page) for page in pages]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table: DataTable[str] = DataTable()

        async def mount() -> None:
            await app.screen.mount(table)
            table.add_columns("Status", "URL or file", "Size", "Why it failed")
            table.add_rows(rows)

        def show(keep: Callable[[tuple[str, str, str, str]], bool]) -> None:
            table.clear()
            table.add_rows([row for row in rows if keep(row)])

        mounted = await _timed(clock, mount)
        await pilot.pause()
        filtered = await _timed(clock, lambda: show(lambda r: r[0].startswith("failed")))
        show(lambda r: True)
        await pilot.pause()
        searched = await _timed(clock, lambda: show(lambda r: search in r[1]))
        return PagesRun(len(pages), mounted, filtered, searched)


async def pages_times(count: int, repeats: int = 1) -> tuple[PagesRun, PagesRun]:
    """(ours, a stock DataTable) over `count` pages; ours is the median of `repeats` runs
    for each figure (the shared machine varies by ±30 %), the DataTable is timed once."""
    pages = make_pages(count)
    search = f"/page-{count - 2}"  # one page: the last but one
    runs = [await ours(pages, search) for _ in range(repeats)]
    median = PagesRun(
        count,
        statistics.median(r.mount_seconds for r in runs),
        statistics.median(r.filter_seconds for r in runs),
        statistics.median(r.search_seconds for r in runs),
    )
    return median, await stock_table(pages, search)

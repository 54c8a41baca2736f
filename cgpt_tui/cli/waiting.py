"""`agents create --wait`: follow an agent's indexing until it is done.

Progress is read as the workshop reads it (contract: stats pages_found / pages_indexed, the
count of queued and failed pages, the agent's is_chat_active), polled with backoff. On a
terminal a one-line bar on stderr is redrawn in place; on a pipe nothing is shown until the
end, so a script's stderr holds only what went wrong.
"""

from __future__ import annotations

import asyncio
import sys
import time

from cgpt_tui.api import CustomGPTClient
from cgpt_tui.cli.content import every_page
from cgpt_tui.sanitize import clean_line
from cgpt_tui.services.workshop import IndexProgress
from cgpt_tui.wording import plural

BAR_WIDTH = 30
FIRST_POLL = 0.25  # seconds; then ×BACKOFF up to LONGEST_POLL
BACKOFF = 1.5
LONGEST_POLL = 3.0
NOTHING_FOUND_WAIT = 30.0  # seconds without a single page before the wait gives up
REASONS_SHOWN = 20  # failed pages named one by one; the rest are counted


async def _count(
    client: CustomGPTClient,
    agent_id: int,
    *,
    crawl_status: str | None = None,
    index_status: str | None = None,
) -> int:
    listed = await client.list_pages(
        agent_id, limit=1, crawl_status=crawl_status, index_status=index_status
    )
    return listed.pages.total if listed.pages.total is not None else len(listed.pages.items)


async def fetch_progress(client: CustomGPTClient, agent_id: int) -> IndexProgress:
    """One look, counted as the workshop counts (services/workshop.py): failed pages are
    those whose index failed, and those whose crawl failed without (also) their index."""
    agent = await client.get_agent(agent_id)
    stats = await client.get_agent_stats(agent_id)
    queued = await _count(client, agent_id, index_status="queued")
    failed = await _count(client, agent_id, index_status="failed")
    if failed_crawl := await _count(client, agent_id, crawl_status="failed"):
        both = await _count(client, agent_id, crawl_status="failed", index_status="failed")
        failed += failed_crawl - both
    return IndexProgress(
        agent_id=agent_id,
        found=stats.pages_found or 0,
        indexed=stats.pages_indexed or 0,
        failed=failed,
        queued=queued,
        active=agent.chat_ready is True,
    )


def progress_line(progress: IndexProgress) -> str:
    """`\\r[#####.....] 12/40 pages indexed, 1 failed`: redrawn in place on a terminal."""
    total = max(progress.found, 1)
    filled = round(BAR_WIDTH * (progress.indexed + progress.failed) / total)
    failed = f", {progress.failed:,} failed" if progress.failed else ""
    return (
        f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] agent {progress.agent_id}: "
        f"{progress.indexed:,}/{plural(progress.found, 'page')} indexed{failed}\x1b[K"
    )


def _nothing_found(progress: IndexProgress) -> bool:
    return progress.found == 0 and progress.queued == 0 and not progress.active


async def wait_until_indexed(
    client: CustomGPTClient, agent_id: int, *, show: bool
) -> IndexProgress:
    """Poll until the agent's indexing is done; draw the bar on stderr when `show`.

    An agent that has found no page at all, none queued, and is not active, for
    NOTHING_FOUND_WAIT seconds on end (an empty sitemap), would never be done: the wait
    ends then, with a progress that is not `done`."""
    pause = FIRST_POLL
    empty_since: float | None = None
    while True:
        progress = await fetch_progress(client, agent_id)
        if show:
            print(progress_line(progress), end="", file=sys.stderr, flush=True)
        now = time.monotonic()
        empty_since = (empty_since or now) if _nothing_found(progress) else None
        gave_up = empty_since is not None and now - empty_since >= NOTHING_FOUND_WAIT
        if progress.done or gave_up:
            if show:
                print(file=sys.stderr, flush=True)
            return progress
        await asyncio.sleep(pause)
        pause = min(pause * BACKOFF, LONGEST_POLL)


async def describe_failures(client: CustomGPTClient, agent_id: int, done: IndexProgress) -> str:
    """What failed, page by page (its URL or file name and why), or "" when nothing did."""
    if not done.failed and done.active:
        return ""
    lines = []
    count = 0
    for page in await every_page(client, agent_id):
        if "failed" not in (page.crawl_status, page.index_status):
            continue
        count += 1
        if count <= REASONS_SHOWN:
            where = clean_line(page.filename if page.is_file else page.url) or f"page {page.id}"
            lines.append(f"  {where}: {clean_line(page.failure_reason) or 'no reason given'}")
    if count > REASONS_SHOWN:
        lines.append(f"  … and {plural(count - REASONS_SHOWN, 'more page')}")
    if not count:
        return f"no page of agent {agent_id} was indexed"
    head = f"{plural(count, 'page')} of agent {agent_id} failed"
    return head + ":\n" + "\n".join(lines)

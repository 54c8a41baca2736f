"""An agent's content from the command line: `cgpt-tui sources list|add|sync|delete` and
`cgpt-tui pages [reindex|delete]`.

`pages` lists every page (it walks all the server's pages), optionally those of one index
status; a page's PAGE column is its file name for an upload, else its URL, and REASON is
the server's `failure_reason` when it failed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from cgpt_tui.api import Agent, AgentPage, AgentSources, ApiError, CustomGPTClient, Page, Source
from cgpt_tui.api.pages import walk_pages
from cgpt_tui.cli.context import resolve
from cgpt_tui.cli.tables import table, to_json
from cgpt_tui.cli.workshop_common import (
    USAGE,
    CommandFailed,
    confirm_by_name,
    look_ask_act,
    need_agent,
    with_client,
)
from cgpt_tui.sanitize import clean_line

SOURCE_HEADERS = ("ID", "TYPE", "PAGES", "WHAT", "REFRESH", "CREATED")
PAGE_HEADERS = ("ID", "CRAWL", "INDEX", "PAGE", "REASON")
PAGES_A_REQUEST = 100  # the most the API's pages list takes
FILES_NAMED = 3  # an upload source's WHAT names this many files, then counts the rest


def _what(source: Source) -> str:
    if source.type != "upload":
        return clean_line(source.settings.sitemap_path) or "-"
    names = [clean_line(page.filename) or f"page {page.id}" for page in source.pages]
    shown = ", ".join(names[:FILES_NAMED])
    return shown + (f" (+{len(names) - FILES_NAMED})" if len(names) > FILES_NAMED else "")


def sources_table(sources: Iterable[Source]) -> str:
    return table(
        SOURCE_HEADERS,
        (
            (
                s.id,
                s.type,
                len(s.pages),
                _what(s),
                s.settings.data_refresh_frequency,
                s.created_at,
            )
            for s in sources
        ),
    )


def all_sources(listed: AgentSources) -> list[Source]:
    return [*listed.sitemaps, *([listed.uploads] if listed.uploads else [])]


def pages_table(pages: Iterable[AgentPage]) -> str:
    return table(
        PAGE_HEADERS,
        (
            (
                p.id,
                p.crawl_status,
                p.index_status,
                (p.filename if p.is_file else p.url) or p.url,
                p.failure_reason,
            )
            for p in pages
        ),
    )


def _source_output(source: Source, as_json: bool) -> str:
    return to_json(source) if as_json else sources_table([source])


def _sources_list(args: argparse.Namespace) -> int:
    async def work(client: CustomGPTClient) -> int:
        listed = await client.list_sources(args.agent)
        sys.stdout.write(to_json(listed) if args.json else sources_table(all_sources(listed)))
        return 0

    return with_client(args, work)


def _sources_add(args: argparse.Namespace) -> int:
    path = None
    if args.file is not None:
        path = Path(args.file).expanduser()
        if not path.is_file():
            why = "it is a directory" if path.is_dir() else "no such file"
            raise CommandFailed(f"cannot upload {args.file}: {why}", USAGE)

    async def work(client: CustomGPTClient) -> int:
        source = await client.add_source(args.agent, sitemap=args.sitemap, file=path)
        sys.stdout.write(_source_output(source, args.json))
        return 0

    return with_client(args, work)


def _sources_sync(args: argparse.Namespace) -> int:
    async def work(client: CustomGPTClient) -> int:
        source = await client.sync_source(args.agent, args.source_id)
        sys.stdout.write(_source_output(source, args.json))
        return 0

    return with_client(args, work)


def _source_what(source: Source) -> str:
    return f"{source.type} source {source.id}" + (
        f" ({_what(source)})" if source.type != "upload" else ""
    )


def _sources_delete(args: argparse.Namespace) -> int:
    async def look(client: CustomGPTClient) -> tuple[Agent, Source]:
        agent = await client.get_agent(args.agent)
        known = {s.id: s for s in all_sources(await client.list_sources(agent.id))}
        if args.source_id not in known:
            raise CommandFailed(f"agent {agent.id} has no source {args.source_id}")
        return agent, known[args.source_id]

    def ask(found: tuple[Agent, Source]) -> None:
        agent, source = found
        confirm_by_name(
            args,
            agent.name,
            str(agent.id),
            f"Deleting {_source_what(source)} removes its {len(source.pages):,} page(s) from "
            f"agent {agent.id} “{clean_line(agent.name)}”.",
        )

    async def delete(client: CustomGPTClient, found: tuple[Agent, Source]) -> int:
        agent, source = found
        await client.delete_source(agent.id, source.id)
        if args.json:
            sys.stdout.write(to_json({"deleted": True, "agent_id": agent.id, "id": source.id}))
        else:
            print(f"Deleted {_source_what(source)} of agent {agent.id}.")
        return 0

    return look_ask_act(args, resolve(args), look, ask, delete)


def run_sources(args: argparse.Namespace) -> int:
    actions = {
        "list": _sources_list,
        "add": _sources_add,
        "sync": _sources_sync,
        "delete": _sources_delete,
    }
    return actions[args.sources_action](args)


async def every_page(
    client: CustomGPTClient, agent_id: int, *, index_status: str | None = None
) -> list[AgentPage]:
    """Every page of the agent, PAGES_A_REQUEST a request (the server's own page size if it
    refuses that limit), as the workshop walks them."""
    limit: int | None = PAGES_A_REQUEST
    try:
        first = await client.list_pages(agent_id, limit=limit, index_status=index_status)
    except ApiError as error:
        if error.status not in (400, 422):
            raise
        limit = None
        first = await client.list_pages(agent_id, index_status=index_status)

    async def fetch(number: int) -> Page[AgentPage]:
        if number == 1:
            return first.pages
        listed = await client.list_pages(agent_id, number, limit=limit, index_status=index_status)
        return listed.pages

    return [page async for page in walk_pages(fetch)]


def _pages_list(args: argparse.Namespace, agent_id: int) -> int:
    async def work(client: CustomGPTClient) -> int:
        pages = await every_page(client, agent_id, index_status=args.status)
        sys.stdout.write(to_json(pages) if args.json else pages_table(pages))
        return 0

    return with_client(args, work)


def _page_action(args: argparse.Namespace, agent_id: int) -> int:
    reindex = args.pages_action == "reindex"

    async def work(client: CustomGPTClient) -> int:
        if reindex:
            await client.reindex_page(agent_id, args.page_id)
        else:
            await client.delete_page(agent_id, args.page_id)
        done = "reindexed" if reindex else "deleted"
        if args.json:
            sys.stdout.write(to_json({done: True, "agent_id": agent_id, "id": args.page_id}))
        elif reindex:
            print(f"Page {args.page_id} of agent {agent_id} is queued to be indexed again.")
        else:
            print(f"Deleted page {args.page_id} of agent {agent_id}.")
        return 0

    return with_client(args, work)


def run_pages(args: argparse.Namespace) -> int:
    agent_id = need_agent(args)
    if args.pages_action is None:
        return _pages_list(args, agent_id)
    return _page_action(args, agent_id)

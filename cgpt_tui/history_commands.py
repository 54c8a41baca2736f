"""The history commands of the command line: `sync`, `cache clear` and `export`."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from cgpt_tui.api import CustomGPTClient, CustomGPTError, NetworkError
from cgpt_tui.commands import resolve
from cgpt_tui.history.pages import CachedPages
from cgpt_tui.history.store import CacheError, HistoryStore
from cgpt_tui.history.sync import SyncProgress, cache_path, sync_history
from cgpt_tui.sanitize import clean_line
from cgpt_tui.services.account import explain
from cgpt_tui.services.citations import CitationCache
from cgpt_tui.services.export import ConversationDump, fetch_conversation, write_export
from cgpt_tui.wording import plural

BAR_WIDTH = 30


def _bar(progress: SyncProgress) -> str:
    total = max(progress.conversations, 1)
    filled = round(BAR_WIDTH * progress.conversations_done / total)
    return (
        f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
        f"{progress.conversations_done}/{plural(progress.conversations, 'conversation')}, "
        f"{plural(progress.messages, 'message')}"
    )


def sync(args: argparse.Namespace) -> int:
    context = resolve(args)
    found = context.store.find()
    if found is None:
        print("cgpt-tui: no API key; run `cgpt-tui login` first", file=sys.stderr)
        return 2
    path = cache_path(context.profile.name)
    show = sys.stderr.isatty()

    def report(progress: SyncProgress) -> None:
        if show:
            print(_bar(progress), end="", file=sys.stderr, flush=True)

    async def run() -> SyncProgress:
        async with CustomGPTClient(context.base_url, found.key) as client:
            with HistoryStore(path) as store:
                return await sync_history(client, store, agent_id=args.agent, on_progress=report)

    try:
        done = asyncio.run(run())
    except CustomGPTError as error:
        print(
            ("\n" if show else "") + f"cgpt-tui: sync stopped: "
            f"{clean_line(explain(error, context.base_url))}",
            file=sys.stderr,
        )
        return 1
    except CacheError as error:
        print(f"cgpt-tui: cannot use the history cache: {error}", file=sys.stderr)
        return 1
    if show:
        print(file=sys.stderr)
    removed = f"; {done.removed:,} deleted on the server, forgotten" if done.removed else ""
    print(
        f"Synced {plural(done.agents, 'agent')}, {plural(done.conversations, 'conversation')}, "
        f"{plural(done.messages, 'message')}, {plural(done.citations, 'source')} "
        f"into {path}{removed}."
    )
    return 0


def cache_clear(args: argparse.Namespace) -> int:
    context = resolve(args)
    path = cache_path(context.profile.name)
    removed = []
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            candidate.unlink()
            removed.append(candidate)
        except FileNotFoundError:
            pass
        except OSError as error:
            print(
                f"cgpt-tui: cannot remove {candidate}: {error.strerror or error}", file=sys.stderr
            )
            return 1
    if removed:
        print(f"Cleared the history cache of profile “{context.profile.name}” ({path}).")
    else:
        print(f"Profile “{context.profile.name}” has no history cache.")
    return 0


def _from_cache(profile: str, agent_id: int, session_id: str) -> ConversationDump | None:
    path = cache_path(profile)
    if not path.exists():
        return None
    with HistoryStore(path) as store:
        return CachedPages(store).dump(agent_id, session_id)


def export(args: argparse.Namespace) -> int:
    """A conversation as Markdown or JSON, from the server, else from the history cache."""
    if args.output not in (None, "-") and (
        args.output.endswith(("/", os.sep)) or Path(args.output).expanduser().is_dir()
    ):
        print(
            f"cgpt-tui: {args.output} is a directory; give a file name, "
            f"e.g. -o {Path(args.output) / f'conversation.{args.format}'}",
            file=sys.stderr,
        )
        return 1
    context = resolve(args)
    found = context.store.find()

    async def fetch() -> ConversationDump:
        assert found is not None
        async with CustomGPTClient(context.base_url, found.key) as client:
            agent = await client.get_agent(args.agent)
            opened = await client.list_messages(args.agent, args.conversation, 1)
            return await fetch_conversation(
                client, CitationCache(client), agent, opened.conversation
            )

    dump: ConversationDump | None = None
    problem = "no API key (run `cgpt-tui login`)"
    if found is not None:
        try:
            dump = asyncio.run(fetch())
        except NetworkError as error:
            problem = clean_line(explain(error, context.base_url)).rstrip(".")
        except CustomGPTError as error:
            print(f"cgpt-tui: {clean_line(explain(error, context.base_url))}", file=sys.stderr)
            return 1
    if dump is None:
        try:
            dump = _from_cache(context.profile.name, args.agent, args.conversation)
        except CacheError as error:
            print(f"cgpt-tui: cannot use the history cache: {error}", file=sys.stderr)
            return 1
        if dump is None:
            print(
                f"cgpt-tui: {problem}, and the conversation is not in the history cache "
                "(`cgpt-tui sync` keeps it there)",
                file=sys.stderr,
            )
            return 1
        print(f"cgpt-tui: {problem}; exporting the cached copy", file=sys.stderr)
    text = dump.render(args.format)
    if args.output in (None, "-"):
        sys.stdout.write(text)
        return 0
    try:
        path = write_export(Path(args.output), text)
    except FileExistsError:
        print(f"cgpt-tui: {args.output} exists already; not overwritten", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"cgpt-tui: cannot write {args.output}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"Exported {plural(len(dump.messages), 'message')} to {path}.", file=sys.stderr)
    return 0

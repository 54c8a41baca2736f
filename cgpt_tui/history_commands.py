"""The history commands of the command line: `sync` and `cache clear`."""

from __future__ import annotations

import argparse
import asyncio
import sys

from cgpt_tui.api import CustomGPTClient, CustomGPTError
from cgpt_tui.commands import resolve
from cgpt_tui.history.store import CacheError, HistoryStore
from cgpt_tui.history.sync import SyncProgress, cache_path, sync_history
from cgpt_tui.sanitize import clean_line
from cgpt_tui.services.account import explain

BAR_WIDTH = 30


def _bar(progress: SyncProgress) -> str:
    total = max(progress.conversations, 1)
    filled = round(BAR_WIDTH * progress.conversations_done / total)
    return (
        f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
        f"{progress.conversations_done}/{progress.conversations} conversations, "
        f"{progress.messages:,} messages"
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
    removed = f"; {done.removed} deleted on the server, forgotten" if done.removed else ""
    print(
        f"Synced {done.agents} agent{'s' * (done.agents != 1)}, "
        f"{done.conversations} conversations, {done.messages:,} messages, "
        f"{done.citations} sources into {path}{removed}."
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

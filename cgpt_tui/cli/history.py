"""The history commands of the command line: `sync`, `cache clear` and `export`."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

from cgpt_tui.api import CustomGPTClient, CustomGPTError, NetworkError
from cgpt_tui.cli.context import Context, resolve
from cgpt_tui.history.db import CacheBusy, CacheError, CacheInUse, exclusive
from cgpt_tui.history.files import companions
from cgpt_tui.history.opening import cache_exists, clear_hint, find_cache
from cgpt_tui.history.pages import CachedPages
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.history.sync import SyncProgress, sync_history
from cgpt_tui.sanitize import clean_line
from cgpt_tui.services.account import explain
from cgpt_tui.services.citations import CitationCache
from cgpt_tui.services.export import ConversationDump, fetch_conversation, write_export
from cgpt_tui.wording import plural

BAR_WIDTH = 30
LOCK_WAIT = 120.0  # seconds a command waits for another process's lock on the cache


def _cache_of(context: Context) -> Path:
    return find_cache(context.profile.name, context.base_url, context.profile.base_url)


def _cache_problem(error: CacheError) -> str:
    if isinstance(error, CacheBusy):  # waited LOCK_WAIT already
        return (
            f"The history cache {error.path} is still locked by another process after "
            f"{LOCK_WAIT:.0f} s ({error.detail}); try again once it is done"
        )
    return error.advice()


def _open(context: Context, path: Path) -> HistoryStore:
    """The cache, for a command: it waits out another process's lock (say, the app's)."""
    hint = clear_hint(context.profile.name, context.base_url, context.profile.base_url)
    return HistoryStore(path, lock_wait=LOCK_WAIT, on_wait=_waiting, hint=hint)


def _waiting(busy: CacheBusy) -> None:
    print(
        ("\n" if sys.stderr.isatty() else "")  # below sync's progress bar
        + f"cgpt-tui: waiting for the history cache {busy.path}: another process holds it "
        f"({busy.detail}; up to {LOCK_WAIT:.0f} s)",
        file=sys.stderr,
        flush=True,
    )


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
    show = sys.stderr.isatty()

    def report(progress: SyncProgress) -> None:
        if show:
            print(_bar(progress), end="", file=sys.stderr, flush=True)

    async def run() -> SyncProgress:
        async with CustomGPTClient(context.base_url, found.key) as client:
            with _open(context, path) as store:
                return await sync_history(client, store, agent_id=args.agent, on_progress=report)

    try:
        path = _cache_of(context)
        done = asyncio.run(run())
    except CustomGPTError as error:
        print(
            ("\n" if show else "") + f"cgpt-tui: sync stopped: "
            f"{clean_line(explain(error, context.base_url))}",
            file=sys.stderr,
        )
        return 1
    except CacheError as error:
        print(("\n" if show else "") + f"cgpt-tui: {_cache_problem(error)}", file=sys.stderr)
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
    """Remove the cache of the profile on its server; refused while a cgpt-tui has it open
    (it would go on writing into the removed file)."""
    context = resolve(args)
    removed = []
    try:
        path = _cache_of(context)
        with exclusive(path):
            for candidate in companions(path):
                try:
                    candidate.unlink()
                    removed.append(candidate)
                except FileNotFoundError:
                    pass
    except CacheInUse as error:
        print(
            f"cgpt-tui: the history cache {error.path} is open in a running cgpt-tui; "
            "quit it first (nothing was removed)",
            file=sys.stderr,
        )
        return 1
    except CacheError as error:
        print(f"cgpt-tui: {error.advice()}", file=sys.stderr)
        return 1
    except OSError as error:
        print(
            f"cgpt-tui: cannot remove {error.filename}: {error.strerror or error}", file=sys.stderr
        )
        return 1
    if removed:
        print(f"Cleared the history cache of profile “{context.profile.name}” ({path}).")
    else:
        print(f"Profile “{context.profile.name}” has no history cache.")
    return 0


def _from_cache(context: Context, agent_id: int, session_id: str) -> ConversationDump | None:
    """The cached conversation; raises CacheError."""
    path = _cache_of(context)
    if not cache_exists(path):
        return None
    with _open(context, path) as store:
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
            dump = _from_cache(context, args.agent, args.conversation)
        except CacheError as error:
            print(f"cgpt-tui: {problem}. {_cache_problem(error)}", file=sys.stderr)
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

"""What the workshop commands (`agents`, `sources`, `pages`, `settings`) share: the key and
the client, how a failure ends the command, and the typed confirmation before a deletion.

Errors end like the other commands': one line on stderr, `cgpt-tui: ` first; exit 1 when
the server refused or could not be reached, 2 when the command line itself is wrong (no key,
a missing --agent, a refusal to delete without --yes on a pipe). The key comes from
`CredentialStore.find` (environment, keyring, file), never from the command line.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import TypeVar
from urllib.parse import urlsplit

from cgpt_tui.api import CustomGPTClient, CustomGPTError, PermissionDenied
from cgpt_tui.cli.context import Context, resolve
from cgpt_tui.sanitize import clean_line
from cgpt_tui.services.account import explain
from cgpt_tui.wording import sentence

USAGE = 2


class CommandFailed(Exception):
    """The command cannot go on: `message` is said, the exit status is `code`."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


Work = Callable[[CustomGPTClient], Awaitable[int]]
T = TypeVar("T")


def say(line: str) -> None:
    print(f"cgpt-tui: {line}", file=sys.stderr, flush=True)


def explain_refusal(error: CustomGPTError, base_url: str) -> str:
    """The failure in one line. A 403 here is the server refusing this one change (an
    instant sync too soon, a plan without it), said in its words, not as a key that may not
    use the agent (which is what a 403 means for chat)."""
    if isinstance(error, PermissionDenied) and error.message:
        host = urlsplit(base_url).netloc or base_url
        return clean_line(sentence(f"{host} refused: {error.message}"))
    return clean_line(explain(error, base_url))


def with_client(args: argparse.Namespace, work: Work, context: Context | None = None) -> int:
    """Run `work` with a client for the profile's server and key (of `context`, resolved
    from `args` when not given); failures end as one line."""
    context = context or resolve(args)
    found = context.store.find()
    if found is None:
        say("no API key; run `cgpt-tui login` first")
        return USAGE

    async def run() -> int:
        async with CustomGPTClient(context.base_url, found.key) as client:
            return await work(client)

    try:
        return asyncio.run(run())
    except CommandFailed as failed:
        say(failed.message)
        return failed.code
    except CustomGPTError as error:
        say(explain_refusal(error, context.base_url))
        return 1


def look_ask_act(
    args: argparse.Namespace,
    context: Context,
    look: Callable[[CustomGPTClient], Awaitable[T]],
    ask: Callable[[T], None],
    act: Callable[[CustomGPTClient, T], Awaitable[int]],
) -> int:
    """Read what is to be changed, ask the user (`ask` raises CommandFailed to stop), then
    change it: two server sessions, and the question between them outside the event loop,
    where Ctrl-C stops a blocked read at once (inside it, asyncio's handler only cancels
    the task, and the read goes on until Enter)."""
    seen: list[T] = []

    async def first(client: CustomGPTClient) -> int:
        seen.append(await look(client))
        return 0

    if code := with_client(args, first, context):
        return code
    ask(seen[0])
    return with_client(args, lambda client: act(client, seen[0]), context)


def confirm_by_name(args: argparse.Namespace, name: str, fallback: str, what: str) -> None:
    """Go on only with --yes, or when the user types the agent's `name` (`fallback` when the
    name shows nothing) on a terminal; raises CommandFailed otherwise. `what` says what
    would be deleted, as a sentence."""
    if args.yes:
        return
    if not sys.stdin.isatty():
        raise CommandFailed(f"{what} Not deleted: stdin is not a terminal; add --yes.", USAGE)
    expected = clean_line(name) or fallback
    try:
        print(f"{what}\nType {expected} to confirm: ", end="", file=sys.stderr, flush=True)
        typed = sys.stdin.readline()
    except KeyboardInterrupt:
        print(file=sys.stderr)  # "stopped" goes below the question, not after it
        raise
    if not typed:
        raise CommandFailed("not deleted: nothing was typed")
    if " ".join(typed.split()) != expected:
        raise CommandFailed(f"not deleted: {clean_line(typed)!r} is not {expected!r}")


def need_agent(args: argparse.Namespace) -> int:
    """The --agent of a command that takes it optionally at parse time (`pages`)."""
    agent = getattr(args, "agent", None)
    if agent is None:
        raise CommandFailed(f"`{args.command}` needs --agent ID", USAGE)
    return int(agent)

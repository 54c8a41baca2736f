"""`cgpt-tui agents list|create|update|replicate|delete`.

Each prints the agents it lists or made as a table whose first column is the id (or JSON
with --json). `create --wait` follows the indexing (cli/waiting.py) and ends 0 once the
agent is active, 1 with each page's reason when no page could be indexed, and 130 on
Ctrl-C, saying the agent exists and goes on indexing on the server.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from cgpt_tui.api import Agent, CustomGPTClient, CustomGPTError
from cgpt_tui.cli.context import Context, resolve
from cgpt_tui.cli.tables import plain, table, to_json
from cgpt_tui.cli.workshop_common import (
    USAGE,
    CommandFailed,
    confirm_by_name,
    look_ask_act,
    say,
    with_client,
)
from cgpt_tui.sanitize import clean_line

AGENT_HEADERS = ("ID", "NAME", "STATUS", "SHARED", "CREATED")


def agent_status(agent: Agent) -> str:
    """From `is_chat_active` as sent: null is a new agent, not an active one."""
    if agent.chat_ready is None:
        return "not ready"
    return "active" if agent.chat_ready else "not active"


def agents_output(
    agents: Sequence[Agent], as_json: bool, statuses: dict[int, str] | None = None
) -> str:
    """The agents as a table (or JSON); `statuses` overrides the STATUS of some."""
    if as_json:
        return to_json(list(agents))
    shown = statuses or {}
    return table(
        AGENT_HEADERS,
        (
            (a.id, a.name, shown.get(a.id) or agent_status(a), a.is_shared, a.created_at)
            for a in agents
        ),
    )


def agent_output(agent: Agent, as_json: bool, status: str | None = None) -> str:
    """One agent: a table of one row, or one JSON object."""
    if as_json:
        return to_json(agent)
    return agents_output([agent], False, {agent.id: status} if status else None)


def _list(args: argparse.Namespace) -> int:
    async def work(client: CustomGPTClient) -> int:
        agents = [agent async for agent in client.iter_agents()]
        sys.stdout.write(agents_output(agents, args.json))
        return 0

    return with_client(args, work)


def _readable_files(names: Sequence[str]) -> list[Path]:
    paths = [Path(name).expanduser() for name in names]
    for name, path in zip(names, paths, strict=True):
        if not path.is_file():
            why = "it is a directory" if path.is_dir() else "no such file"
            raise CommandFailed(f"cannot upload {name}: {why}", USAGE)
    return paths


def _stopped(agent: Agent | None, waiting: bool) -> str:
    """What Ctrl-C during `create` left on the server."""
    if agent is None:
        return "stopped; the agent may have been created (see `cgpt-tui agents list`)"
    named = f"agent {agent.id} “{clean_line(agent.name)}”"
    if waiting:
        return (
            f"stopped waiting; {named} exists and keeps indexing "
            f"(see `cgpt-tui pages --agent {agent.id}`)"
        )
    return (
        f"stopped; {named} was created, but perhaps not with every file "
        f"(see `cgpt-tui sources list --agent {agent.id}`)"
    )


async def _add_files(client: CustomGPTClient, agent: Agent, files: Sequence[Path]) -> str:
    """Add each file as an upload source; what was not added and why ("" when all were)."""
    refused = []
    for path in files:
        try:
            await client.add_source(agent.id, file=path)
        except CustomGPTError as error:
            refused.append(f"{path}: {clean_line(error.message) or type(error).__name__}")
    return "; ".join(refused)


async def _wait_and_show(client: CustomGPTClient, agent: Agent, as_json: bool) -> int:
    """Follow the indexing, print the agent and how it ended; raise when it failed."""
    from cgpt_tui.cli.waiting import NOTHING_FOUND_WAIT, describe_failures, wait_until_indexed

    done = await wait_until_indexed(client, agent.id, show=sys.stderr.isatty())
    agent = await client.get_agent(agent.id)
    status = (done.label or "active") if done.done else "no pages"
    if as_json:  # the agent, and how its indexing ended
        progress = {**plain(done), "label": status}
        sys.stdout.write(to_json({**plain(agent), "progress": progress}))
    else:
        sys.stdout.write(agent_output(agent, False, status))
    sys.stdout.flush()
    if not done.done:
        raise CommandFailed(
            f"agent {agent.id} found no page to index in {NOTHING_FOUND_WAIT:.0f} s: "
            f"is the sitemap empty? (`cgpt-tui pages --agent {agent.id}` shows any later)"
        )
    failures = await describe_failures(client, agent.id, done)
    if not done.active:
        raise CommandFailed(f"indexing failed: {failures}")
    if failures:
        say(failures)
    return 0


def _create(args: argparse.Namespace) -> int:
    files = _readable_files(args.files or [])
    made: list[Agent] = []  # what exists on the server already, if Ctrl-C comes
    waiting: list[bool] = []  # not empty once every file is in and the wait began

    async def work(client: CustomGPTClient) -> int:
        agent = await client.create_agent(
            args.name, sitemap=args.sitemap, file=files[0] if files else None
        )
        made.append(agent)
        if refused := await _add_files(client, agent, files[1:]):
            sys.stdout.write(agent_output(agent, args.json))
            raise CommandFailed(f"agent {agent.id} was created, but not with {refused}")
        if not args.wait:
            sys.stdout.write(agent_output(agent, args.json))
            return 0
        waiting.append(True)
        return await _wait_and_show(client, agent, args.json)

    try:
        return with_client(args, work)
    except KeyboardInterrupt:
        line = "\n" if waiting and sys.stderr.isatty() else ""  # below the progress bar
        stopped = _stopped(made[0] if made else None, bool(waiting))
        print(f"{line}cgpt-tui: {stopped}", file=sys.stderr)
        return 130


def _update(args: argparse.Namespace) -> int:
    if args.name is None and args.is_shared is None:
        raise CommandFailed("nothing to change: give --name, --shared or --not-shared", USAGE)

    async def work(client: CustomGPTClient) -> int:
        agent = await client.update_agent(args.agent_id, name=args.name, is_shared=args.is_shared)
        sys.stdout.write(agent_output(agent, args.json))
        return 0

    return with_client(args, work)


def _replicate(args: argparse.Namespace) -> int:
    async def work(client: CustomGPTClient) -> int:
        copy = await client.replicate_agent(args.agent_id)
        sys.stdout.write(agent_output(copy, args.json))
        return 0

    return with_client(args, work)


def _forget_cached(context: Context, agent_id: int) -> None:
    """Drop the deleted agent from the history cache too, as the app does; a cache that
    cannot be written now is only mentioned (`sync` forgets deleted agents)."""
    from cgpt_tui.history.db import CacheError
    from cgpt_tui.history.opening import cache_exists, find_cache
    from cgpt_tui.history.store import HistoryStore

    try:
        path = find_cache(context.profile.name, context.base_url, context.profile.base_url)
        if not cache_exists(path):
            return
        with HistoryStore(path) as store:
            store.forget_agent(agent_id)
    except CacheError as error:
        say(
            f"the history cache still holds agent {agent_id} ({error.detail}); "
            "`cgpt-tui sync` forgets it once the cache is free"
        )


def _delete(args: argparse.Namespace) -> int:
    def ask(agent: Agent) -> None:
        confirm_by_name(
            args,
            agent.name,
            str(agent.id),
            f"Deleting agent {agent.id} “{clean_line(agent.name)}” deletes its pages, sources "
            "and conversations.",
        )

    async def delete(client: CustomGPTClient, agent: Agent) -> int:
        await client.delete_agent(agent.id)
        if args.json:
            sys.stdout.write(to_json({"deleted": True, "id": agent.id, "name": agent.name}))
        else:
            print(f"Deleted agent {agent.id} “{clean_line(agent.name)}”.")
        return 0

    context = resolve(args)
    code = look_ask_act(args, context, lambda client: client.get_agent(args.agent_id), ask, delete)
    if code == 0:
        _forget_cached(context, args.agent_id)
    return code


def run_agents(args: argparse.Namespace) -> int:
    actions = {
        "list": _list,
        "create": _create,
        "update": _update,
        "replicate": _replicate,
        "delete": _delete,
    }
    return actions[args.agents_action](args)

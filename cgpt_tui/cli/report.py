"""`cgpt-tui report --agent ID [--since DAY] [--until DAY] [--interval daily|weekly] [--json]`.

The agent's insights as the insights screen shows them, through the same `DataService`
(`insights.load`): the server's five reports and its customer-intelligence pages, or, when
the server cannot be reached, what the history cache holds (said so: "computed from the
history cache", `"origin": "cache"` in JSON). The parser is cli/report_args.py, the output
cli/report_output.py.

Ends like the other commands: one line on stderr, `cgpt-tui: ` first; exit 2 when the
command line is wrong (no key, --since after --until; a date argparse cannot read), 1 when
the agent cannot be read (unknown: the server's 404 in the same words as `settings`) or
every report failed (then only the reasons are said, nothing is printed on stdout). A
report that failed while others answered is named with its reason on stderr (and under
`problems` in JSON); the command still ends 0. Progress (reports done, intelligence pages
read) is drawn on stderr on a terminal only. The key comes from the
environment, the keyring or the key file, never from the command line.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from cgpt_tui.api import Agent, CustomGPTError
from cgpt_tui.api.report_records import DateRange
from cgpt_tui.cli.context import Context, resolve
from cgpt_tui.cli.report_output import all_failed, problem_lines, report_json, report_text
from cgpt_tui.cli.workshop_common import USAGE, explain_refusal, say
from cgpt_tui.history.db import CacheError
from cgpt_tui.history.opening import cache_exists, find_cache, open_cache
from cgpt_tui.history.store import HistoryStore
from cgpt_tui.secret import ApiKey
from cgpt_tui.services.data import DataService
from cgpt_tui.services.insights import SECTIONS, Insight

TIMEOUT = 30.0  # seconds a request may take (the client's default)
CACHE_WAIT = 5.0  # seconds the cache's lock is waited for (the app may hold it)


async def _no_new_key() -> ApiKey | None:
    """A refused key is not asked for again on the command line: the error is said."""
    return None


class Progress:
    """`\rreading the reports: 3 of 5, intelligence page 4/10` redrawn in place on stderr
    (on a terminal only; a pipe's stderr holds only what went wrong)."""

    def __init__(self, show: bool) -> None:
        self.show = show
        self.drawn = False
        self.finished: set[str] = set()
        self.pages = ""

    def __call__(self, section: str, done: int, total: int | None) -> None:
        if not self.show:
            return
        if total is not None and done >= total:
            self.finished.add(section)
        if section == "intelligence":
            self.pages = f", intelligence page {done}/{total if total is not None else '?'}"
        line = f"reading the reports: {len(self.finished)} of {len(SECTIONS)}{self.pages}"
        print(f"\r{line}\x1b[K", end="", file=sys.stderr, flush=True)
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            print("\r\x1b[K", end="", file=sys.stderr, flush=True)
            self.drawn = False


def _history(context: Context) -> HistoryStore | None:
    """The profile's cache on this server when there is one (a report never makes one);
    one that cannot be opened is said, and the report reads the server only."""
    try:
        path = find_cache(context.profile.name, context.base_url, context.profile.base_url)
        if not cache_exists(path):
            return None
        return open_cache(
            context.profile.name, context.base_url, context.profile.base_url, lock_wait=CACHE_WAIT
        )
    except CacheError as error:
        say(f"{error.advice()} The report reads the server only.")
        return None


async def _load(
    args: argparse.Namespace, context: Context, key: ApiKey, progress: Progress
) -> tuple[Agent, Insight]:
    data = DataService(_history(context), warn=say)
    data.connect(
        context.base_url,
        key,
        timeout=TIMEOUT,
        stream_timeout=None,
        reauthenticate=_no_new_key,
    )
    try:
        agent = await data.agent(args.agent)
        insight = await data.insights.load(
            agent,
            dates=DateRange(args.since, args.until),
            interval=args.interval,
            progress=progress,
        )
        return agent, insight
    finally:
        await data.close()


def report(args: argparse.Namespace) -> int:
    if args.since is not None and args.until is not None and args.since > args.until:
        say(f"--since {args.since} is after --until {args.until}")
        return USAGE
    context = resolve(args)
    found = context.store.find()
    if found is None:
        say("no API key; run `cgpt-tui login` first")
        return USAGE
    progress = Progress(sys.stderr.isatty())
    try:
        agent, insight = asyncio.run(_load(args, context, found.key, progress))
    except CustomGPTError as error:
        progress.clear()
        say(explain_refusal(error, context.base_url))
        return 1
    finally:
        progress.clear()
    if all_failed(insight):  # nothing of it is the agent's: only why
        for line in problem_lines(insight):
            say(line)
        return 1
    if args.json:
        sys.stdout.write(report_json(agent, insight))
    else:
        sys.stdout.write(report_text(agent, insight, bars=sys.stdout.isatty()))
    sys.stdout.flush()
    for line in problem_lines(insight):
        say(line)
    return 0

"""The workshop commands (`agents`, `sources`, `pages`, `settings`), each handed to its module
(their parser is cli/workshop_args.py, what they share cli/workshop_common.py)."""

from __future__ import annotations

import argparse

from cgpt_tui.cli.workshop_common import CommandFailed, say


def run_workshop_command(args: argparse.Namespace) -> int:
    """Hand the command to its module; a wrong command line found there ends as one line."""
    try:
        return _run(args)
    except CommandFailed as failed:
        say(failed.message)
        return failed.code


def _run(args: argparse.Namespace) -> int:
    if args.command == "agents":
        from cgpt_tui.cli.agents import run_agents

        return run_agents(args)
    if args.command == "sources":
        from cgpt_tui.cli.content import run_sources

        return run_sources(args)
    if args.command == "pages":
        from cgpt_tui.cli.content import run_pages

        return run_pages(args)
    from cgpt_tui.cli.settings_cmd import run_settings

    return run_settings(args)

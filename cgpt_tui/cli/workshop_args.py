"""The parser of the workshop commands: `agents`, `sources`, `pages` and `settings`.

Kept apart from cli/main.py (which only calls `add_workshop_commands`) and free of heavy
imports, so `cgpt-tui --help` stays fast.

`pages` lists by itself and acts through an optional sub-action: `pages --agent 3` lists,
`pages reindex --agent 3 12` reindexes. The sub-actions are subparsers (not an optional
positional, which argparse would fill with the word before `--agent` and then refuse the id),
and `--agent` may come before or after the action word.
"""

from __future__ import annotations

import argparse

PAGE_STATUSES = ("ok", "failed", "queued", "n/a", "limited")
WORKSHOP_COMMANDS = ("agents", "sources", "pages", "settings")


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def _agent_option(
    parser: argparse.ArgumentParser, *, default: object = None, required: bool = True
) -> None:
    parser.add_argument(
        "--agent",
        type=int,
        metavar="ID",
        default=default,
        required=required,
        help="the agent (required)",
    )


def _yes_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--yes",
        action="store_true",
        help="do not ask; without it a terminal asks you to type the agent's name, "
        "and a pipe is refused",
    )


def _leaf(
    actions: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    common: argparse.ArgumentParser,
    help_text: str,
    description: str | None = None,
) -> argparse.ArgumentParser:
    parser = actions.add_parser(
        name, parents=[common], help=help_text, description=description or help_text
    )
    _json_flag(parser)
    return parser


def _add_agents(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    agents = commands.add_parser(
        "agents", parents=[common], help="list, create, update, replicate or delete agents"
    )
    actions = agents.add_subparsers(dest="agents_action", metavar="ACTION", required=True)
    _leaf(actions, "list", common, "list every agent")
    create = _leaf(
        actions,
        "create",
        common,
        "create an agent from a sitemap or from files; prints it, its id first",
        "Create an agent from a sitemap URL or from files (the first file creates it, the "
        "others are added as upload sources), and print it, its id first.",
    )
    create.add_argument("name", metavar="NAME", help="the agent's name")
    content = create.add_mutually_exclusive_group(required=True)
    content.add_argument("--sitemap", metavar="URL", help="crawl the pages of this sitemap")
    content.add_argument(
        "--file",
        metavar="PATH",
        action="append",
        dest="files",
        help="a document to index (.txt, .md, .html, .pdf, .docx); repeat for more",
    )
    create.add_argument(
        "--wait",
        action="store_true",
        help="return once the agent is active (progress on a terminal); non-zero when "
        "indexing fails",
    )
    update = _leaf(actions, "update", common, "rename an agent or share it")
    update.add_argument("agent_id", type=int, metavar="ID", help="the agent")
    update.add_argument("--name", metavar="NAME", help="its new name")
    sharing = update.add_mutually_exclusive_group()
    sharing.add_argument(
        "--shared", dest="is_shared", action="store_const", const=True, help="share it"
    )
    sharing.add_argument(
        "--not-shared", dest="is_shared", action="store_const", const=False, help="stop sharing"
    )
    replicate = _leaf(actions, "replicate", common, "copy an agent: its settings and pages")
    replicate.add_argument("agent_id", type=int, metavar="ID", help="the agent to copy")
    delete = _leaf(actions, "delete", common, "delete an agent and its conversations")
    delete.add_argument("agent_id", type=int, metavar="ID", help="the agent")
    _yes_flag(delete)


def _add_sources(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    sources = commands.add_parser(
        "sources", parents=[common], help="list, add, sync or delete an agent's sources"
    )
    actions = sources.add_subparsers(dest="sources_action", metavar="ACTION", required=True)
    listing = _leaf(actions, "list", common, "list the agent's sitemaps and uploads")
    _agent_option(listing)
    add = _leaf(actions, "add", common, "add a sitemap or a file to the agent")
    _agent_option(add)
    what = add.add_mutually_exclusive_group(required=True)
    what.add_argument("--sitemap", metavar="URL", help="a sitemap to crawl")
    what.add_argument("--file", metavar="PATH", help="a document to upload")
    sync = _leaf(actions, "sync", common, "crawl a sitemap source again now (instant sync)")
    _agent_option(sync)
    sync.add_argument("source_id", type=int, metavar="SOURCE_ID", help="the source")
    delete = _leaf(actions, "delete", common, "delete a source and its pages")
    _agent_option(delete)
    delete.add_argument("source_id", type=int, metavar="SOURCE_ID", help="the source")
    _yes_flag(delete)


def _add_pages(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    pages = commands.add_parser(
        "pages",
        parents=[common],
        help="list an agent's pages (every one), or reindex or delete one",
        usage="cgpt-tui pages --agent ID [--status STATUS] [--json]\n"
        "       cgpt-tui pages {reindex,delete} --agent ID [--json] PAGE_ID",
        description="Without an action: list every page of the agent, with its crawl and "
        "index status and why it failed. `reindex` and `delete` act on one page.",
    )
    _agent_option(pages, required=False)  # checked by the command: it may follow the action
    pages.add_argument(
        "--status", choices=PAGE_STATUSES, help="only pages whose index status is this"
    )
    _json_flag(pages)
    actions = pages.add_subparsers(dest="pages_action", metavar="ACTION")
    for name, help_text in (("reindex", "index a page again"), ("delete", "delete a page")):
        action = actions.add_parser(name, parents=[common], help=help_text, description=help_text)
        # SUPPRESS: a value given before the action word is kept, not reset to None.
        _agent_option(action, default=argparse.SUPPRESS, required=False)
        action.add_argument("--json", action="store_true", default=argparse.SUPPRESS)
        action.add_argument("page_id", type=int, metavar="PAGE_ID", help="the page")


def _add_settings(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    settings = commands.add_parser(
        "settings",
        parents=[common],
        help="show an agent's settings, or change some (KEY=VALUE …)",
        description="Without pairs: show the agent's settings. With KEY=VALUE pairs: change "
        "those (the others keep their values) and show the result. KEY is the API's name "
        "(persona_instructions, example_questions, chatbot_model, ...); example_questions "
        "takes a JSON list or a|b|c; booleans true/false/yes/no/1/0.",
    )
    _agent_option(settings)
    _json_flag(settings)
    settings.add_argument("pairs", nargs="*", metavar="KEY=VALUE", help="settings to change")


def add_workshop_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add `agents`, `sources`, `pages` and `settings` to the top-level commands."""
    _add_agents(commands, common)
    _add_sources(commands, common)
    _add_pages(commands, common)
    _add_settings(commands, common)

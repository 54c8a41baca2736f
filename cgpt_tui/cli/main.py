"""Command line: argument parsing, and each command handed to its module (`app`, `account`,
`ask`, `history`, `report` (its parser in `report_args`), `workshop` for
agents/sources/pages/settings (its parser in `workshop_args`); `serve-demo` is served from
here), inside `guard.run_guarded`.

Heavy modules (Textual, the stand-in server) are imported inside the functions that need
them, so `cgpt-tui --help` and the normal start path stay fast. The API key is never an
argument: it would show in `ps`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from cgpt_tui import __version__

DEMO_DEFAULT_PORT = 8799
DEMO_DEFAULT_KEY = "demo-key"
DEMO_PACE = 60.0  # tokens per second: a believable streaming speed for the demo
DEMO_INDEX_PACE = 0.5  # seconds a page: indexing a new agent is visible, not slow
DEMO_PACE_ENV = "CGPT_TUI_DEMO_PACE"
API_KEY_ENV = "CUSTOMGPT_API_KEY"
# Textual draws a frame at the next tick of a 1/FPS timer once something changed; at its
# default 60 a typed key waited 20 ms or more for its frame while an answer streamed. Frames
# are still only drawn when something changed. A value the user set is kept.
FRAME_RATE_ENV, FRAME_RATE = "TEXTUAL_FPS", "240"


def _common_options(default: object) -> argparse.ArgumentParser:
    """Options every command takes, before or after the command name."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--profile",
        metavar="NAME",
        default=default,
        help="settings profile (default: from the config file)",
    )
    common.add_argument(
        "--base-url",
        metavar="URL",
        default=default,
        help="CustomGPT API base URL (default: from the profile)",
    )
    common.add_argument(
        "--config",
        metavar="PATH",
        default=default,
        help="settings file (default: $CGPT_TUI_CONFIG or the config dir)",
    )
    return common


class _NotTheApp(Exception):
    """What `_AppOptions` met instead of the app's own options: the full parser decides."""


class _AppOptions(argparse.ArgumentParser):
    """The app's options alone, which raise instead of printing an error."""

    def error(self, message: str) -> NoReturn:
        raise _NotTheApp(message)


def _add_app_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"cgpt-tui {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run against the built-in stand-in server with demo agents (no key, no network)",
    )
    parser.add_argument("--agent", type=int, metavar="ID", help="open this agent")
    parser.add_argument("--conversation", metavar="SESSION_ID", help="open this conversation")


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line, as `build_parser()` reads it. The usual start (the app, maybe with
    its options) is read by a parser of the app's options alone: building every command's
    parser took ~12 ms of each start. Anything else (a command, help, an unknown or wrong
    option) goes to the full parser, which answers as it always has."""
    given = sys.argv[1:] if argv is None else list(argv)
    quick = _AppOptions(prog="cgpt-tui", parents=[_common_options(None)], add_help=False)
    _add_app_options(quick)
    try:
        args, rest = quick.parse_known_args(given)
    except _NotTheApp:
        rest = given
    if rest:
        return build_parser().parse_args(given)
    args.command = None
    return args


def build_parser() -> argparse.ArgumentParser:
    from cgpt_tui.cli.report_args import add_report_command
    from cgpt_tui.cli.workshop_args import add_workshop_commands

    common = _common_options(None)
    # Repeated after a command, without defaults that would undo the ones given before it.
    sub_common = _common_options(argparse.SUPPRESS)
    parser = argparse.ArgumentParser(
        prog="cgpt-tui",
        parents=[common],
        description="A keyboard-first terminal client for CustomGPT.ai agents.",
        epilog=(
            f"The API key comes from {API_KEY_ENV}, the system keyring or `cgpt-tui login`; "
            "it is never accepted on the command line."
        ),
    )
    _add_app_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    login = commands.add_parser(
        "login",
        parents=[sub_common],
        help="check an API key and store it for the profile",
        description="Read an API key from a prompt (or from stdin when piped), check it, "
        "and store it in the system keyring.",
    )
    login.add_argument(
        "--insecure-storage",
        action="store_true",
        help="store the key in a plain-text file (mode 0600) when no keyring is available",
    )
    commands.add_parser("logout", parents=[sub_common], help="remove the profile's stored key")
    commands.add_parser(
        "status",
        parents=[sub_common],
        help="show profile, server, signed-in user, usage, key location",
    )
    sync = commands.add_parser(
        "sync",
        parents=[sub_common],
        help="fetch all history into the local cache, for search and offline use",
        description="Fetch every agent, conversation, message and source of the profile "
        "(or of one agent) into the local history cache.",
    )
    sync.add_argument("--agent", type=int, metavar="ID", help="only this agent")
    cache = commands.add_parser(
        "cache", parents=[sub_common], help="manage the local history cache"
    )
    cache_commands = cache.add_subparsers(dest="cache_command", metavar="ACTION", required=True)
    cache_commands.add_parser(
        "clear", parents=[sub_common], help="delete the profile's history cache"
    )
    add_workshop_commands(commands, sub_common)
    add_report_command(commands, sub_common)
    ask = commands.add_parser(
        "ask",
        parents=[sub_common],
        help="ask an agent one question; the answer streams to stdout",
        description="Ask an agent one question and stream the answer to stdout (plain text "
        "when piped, Markdown on a terminal), then its sources. Exits non-zero on failure.",
    )
    ask.add_argument("--agent", type=int, metavar="ID", required=True, help="the agent")
    where = ask.add_mutually_exclusive_group()
    where.add_argument("--conversation", metavar="SESSION_ID", help="ask in this conversation")
    where.add_argument("--new", action="store_true", help="ask in a new conversation (the default)")
    ask.add_argument(
        "--json", action="store_true", help="print the finished message and its sources as JSON"
    )
    ask.add_argument("question", metavar="QUESTION", help="the question, or - to read stdin")
    export = commands.add_parser(
        "export",
        parents=[sub_common],
        help="write a conversation as Markdown or JSON (from the cache when offline)",
        description="Write a conversation, every message and its sources, as Markdown or "
        "JSON to stdout or a file; from the server, or from the history cache when the "
        "server cannot be reached.",
    )
    export.add_argument("--agent", type=int, metavar="ID", required=True, help="the agent")
    export.add_argument(
        "--conversation", metavar="SESSION_ID", required=True, help="the conversation"
    )
    export.add_argument("--format", choices=("md", "json"), default="md", help="default: md")
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write here (never overwritten); default stdout"
    )
    serve = commands.add_parser(
        "serve-demo",
        help="serve the stand-in CustomGPT API in the foreground",
        description="Serve the stand-in CustomGPT API (demo agents) until Ctrl-C.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument(
        "--port",
        type=int,
        default=DEMO_DEFAULT_PORT,
        help=f"port to listen on; 0 picks a free one (default {DEMO_DEFAULT_PORT})",
    )
    serve.add_argument(
        "--api-key",
        default=DEMO_DEFAULT_KEY,
        metavar="KEY",
        help=f"the key clients must send (default {DEMO_DEFAULT_KEY}; a demo key, not a secret)",
    )
    serve.add_argument(
        "--pace",
        type=float,
        default=DEMO_PACE,
        metavar="TOKENS_PER_S",
        help=f"tokens per second; 0 streams as fast as possible (default {DEMO_PACE:g})",
    )
    serve.add_argument(
        "--index-pace",
        type=float,
        default=DEMO_INDEX_PACE,
        metavar="SECONDS",
        help=f"seconds the indexer takes per page; 0 indexes at once (default {DEMO_INDEX_PACE:g})",
    )
    serve.add_argument(
        "--data",
        metavar="DIR",
        help="keep agents, conversations and uploaded files in DIR across restarts "
        "(default: in memory, gone at exit)",
    )
    return parser


def serve_demo(args: argparse.Namespace) -> int:
    from cgpt_tui.demo.server import serve_forever

    if args.pace < 0 or args.index_pace < 0:
        print("cgpt-tui serve-demo: --pace and --index-pace cannot be negative", file=sys.stderr)
        return 2
    if args.data is not None:
        from pathlib import Path

        try:
            Path(args.data).mkdir(parents=True, exist_ok=True)
        except OSError as problem:
            reason = problem.strerror or type(problem).__name__
            print(f"cgpt-tui serve-demo: --data {args.data}: {reason}", file=sys.stderr)
            return 2
    serve_forever(
        host=args.host,
        port=args.port,
        api_key=args.api_key,
        pace=args.pace,
        index_pace=args.index_pace,
        data_dir=args.data,
    )
    return 0


def _check_base_url(args: argparse.Namespace) -> str | None:
    """Normalise `--base-url` in place; the problem with it, if any (the same check as
    `base_url` in the settings file)."""
    given = getattr(args, "base_url", None)
    if given is None:
        return None
    from cgpt_tui.local.config import parse_base_url

    try:
        args.base_url = parse_base_url(given)
    except ValueError as error:
        return f"--base-url {given!r} cannot be used: {error}"
    return None


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault(FRAME_RATE_ENV, FRAME_RATE)  # before Textual is imported
    args = parse_arguments(argv)
    if args.command is None:  # the app: no garbage collection until its first frame is out
        from cgpt_tui.ui.memory import hold_collections

        hold_collections()
    if args.command == "serve-demo":
        return serve_demo(args)
    from cgpt_tui.cli.guard import run_guarded, say

    if problem := _check_base_url(args):
        say(problem)
        return 2
    from cgpt_tui.local.config import state_dir
    from cgpt_tui.local.error_log import LOG_NAME

    full_screen = args.demo or args.command is None
    return run_guarded(
        lambda: _dispatch(args),
        state_dir() / LOG_NAME,
        f"cgpt-tui {args.command or 'app'}",
        wrap_stdout=not full_screen,
    )


def _dispatch(args: argparse.Namespace) -> int:
    from cgpt_tui.api import tls

    if not (args.demo or tls.plain_http(getattr(args, "base_url", None))):
        tls.prepare()  # on a thread, while Textual is imported
    try:
        return _run(args)
    finally:
        tls.settle()


def _run(args: argparse.Namespace) -> int:
    if args.demo:
        from cgpt_tui.cli.app import run_demo_app

        return run_demo_app(args, float(os.environ.get(DEMO_PACE_ENV) or DEMO_PACE))
    if args.command is None:
        from cgpt_tui.cli.app import run_app

        return run_app(args)
    if args.command == "ask":
        from cgpt_tui.cli.ask import ask

        return ask(args)
    if args.command == "report":
        from cgpt_tui.cli.report import report

        return report(args)
    from cgpt_tui.cli.workshop_args import WORKSHOP_COMMANDS

    if args.command in WORKSHOP_COMMANDS:
        from cgpt_tui.cli.workshop import run_workshop_command

        return run_workshop_command(args)
    if args.command in ("sync", "cache", "export"):
        from cgpt_tui.cli import history

        history_handlers = {
            "sync": history.sync,
            "cache": history.cache_clear,
            "export": history.export,
        }
        return history_handlers[args.command](args)
    from cgpt_tui.cli import account

    handlers = {"login": account.login, "logout": account.logout, "status": account.status}
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())

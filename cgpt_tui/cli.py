"""Command line: argument parsing and subcommands.

Heavy modules (Textual, the stand-in server) are imported inside the functions that need
them, so `cgpt-tui --help` and the normal start path stay fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from cgpt_tui import __version__

DEFAULT_BASE_URL = "https://app.customgpt.ai"
DEMO_DEFAULT_PORT = 8799
DEMO_DEFAULT_KEY = "demo-key"
DEMO_PACE = 60.0  # tokens per second: a believable streaming speed for the demo
DEMO_PACE_ENV = "CGPT_TUI_DEMO_PACE"
API_KEY_ENV = "CUSTOMGPT_API_KEY"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cgpt-tui",
        description="A keyboard-first terminal client for CustomGPT.ai agents.",
        epilog=(
            f"The API key is read from the {API_KEY_ENV} environment variable; "
            "it is never accepted on the command line."
        ),
    )
    parser.add_argument("--version", action="version", version=f"cgpt-tui {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run against the built-in stand-in server with demo agents (no key, no network)",
    )
    parser.add_argument(
        "--base-url",
        default=None,
        metavar="URL",
        help=f"CustomGPT API base URL (default {DEFAULT_BASE_URL})",
    )
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    serve = subcommands.add_parser(
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
    return parser


def serve_demo(args: argparse.Namespace) -> int:
    from cgpt_tui.demo.server import serve_forever

    serve_forever(host=args.host, port=args.port, api_key=args.api_key, pace=args.pace)
    return 0


def run_app(args: argparse.Namespace) -> int:
    """Start the terminal app, on the stand-in server when --demo is given."""
    if args.demo:
        return run_demo_app()
    api_key = os.environ.get(API_KEY_ENV)
    if not api_key:
        print(
            f"cgpt-tui: no API key. Set {API_KEY_ENV}, or try the demo: cgpt-tui --demo",
            file=sys.stderr,
        )
        return 2
    return launch_ui(args.base_url or DEFAULT_BASE_URL, api_key)


def run_demo_app() -> int:
    import secrets

    from cgpt_tui.demo.server import DemoServer

    pace = float(os.environ.get(DEMO_PACE_ENV) or DEMO_PACE)
    key = secrets.token_urlsafe(16)
    # Nothing of the server may write to the terminal while the app draws on it.
    with DemoServer(
        host="127.0.0.1", port=0, api_key=key, pace=pace, log_level="critical"
    ) as server:
        return launch_ui(server.base_url, server.api_key, demo=True)


def launch_ui(base_url: str, api_key: str, *, demo: bool = False) -> int:
    from cgpt_tui.ui.launch import launch

    return launch(base_url=base_url, api_key=api_key, demo=demo)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve-demo":
        return serve_demo(args)
    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())

"""Running the app: `cgpt-tui` against the profile's server, and `cgpt-tui --demo`."""

from __future__ import annotations

import argparse
import os
import sys

from cgpt_tui.api.prefetch import FirstAgents
from cgpt_tui.cli.context import resolve
from cgpt_tui.history.opening import open_cache
from cgpt_tui.history.store import CacheError, HistoryStore
from cgpt_tui.local.config import data_dir, state_dir
from cgpt_tui.local.credentials import API_KEY_ENV
from cgpt_tui.local.drafts import DRAFTS_FILE, Drafts
from cgpt_tui.local.error_log import LOG_NAME, ErrorLog
from cgpt_tui.local.state import STATE_FILE, AppState, Location
from cgpt_tui.secret import ApiKey
from cgpt_tui.services.data import READ_RETRIES

APP_BUSY_TIMEOUT = 0.25  # seconds the app waits for another process's cache lock
REQUEST_TIMEOUT = 30.0  # seconds for each request, the first page asked ahead too


def run_app(args: argparse.Namespace) -> int:
    """`cgpt-tui`: the app against the profile's server, where the user left off."""
    context = resolve(args)
    found = context.store.find()
    if found is None and not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            f"cgpt-tui: no API key for profile “{context.profile.name}”. Run `cgpt-tui login`, "
            f"set {API_KEY_ENV}, or try the demo: cgpt-tui --demo",
            file=sys.stderr,
        )
        return 2
    # Asked by a child process while Textual is imported and the screen built (prefetch.py).
    first_agents = None
    if found is not None:
        first_agents = FirstAgents.ask(
            context.base_url,
            found.key,
            timeout=REQUEST_TIMEOUT,
            read_retries=READ_RETRIES,
            environment={name: value for name, value in os.environ.items() if name != API_KEY_ENV},
        )
    from cgpt_tui.ui.app import CgptApp
    from cgpt_tui.ui.session import Session

    state = AppState.load(data_dir() / STATE_FILE)
    start = None
    if args.agent is not None or args.conversation is not None:
        start = Location(args.agent or context.profile.default_agent, args.conversation)
    elif state.location(context.profile.name).agent_id is None and context.profile.default_agent:
        start = Location(context.profile.default_agent, None)
    problems: list[object] = list(context.problems)  # the settings', then the cache's
    try:  # every write of the app holds the screen: a lock is waited out later instead
        history: HistoryStore | None = open_cache(
            context.profile.name,
            context.base_url,
            context.profile.base_url,
            busy_timeout=APP_BUSY_TIMEOUT,
        )
    except CacheError as error:
        history = None
        problems.append(f"{error.advice()} Until then search is off.")
    session = Session(
        base_url=context.base_url,
        api_key=found.key if found else None,
        timeout=REQUEST_TIMEOUT,
        profile=context.profile.name,
        store=context.store,
        app_state=state,
        start=start,
        settings=context.settings,
        settings_problems=problems,
        error_log=ErrorLog(state_dir() / LOG_NAME),
        drafts=Drafts(data_dir() / DRAFTS_FILE, context.profile.name),
        config_path=context.config_path,
        history=history,
        first_agents=first_agents,
    )
    app = CgptApp(session)
    app.run()
    unsaved = app.unsaved.problems()  # what could not be written is not lost silently
    try:
        for problem in unsaved:
            print(f"cgpt-tui: {problem}", file=sys.stderr)
    except OSError:
        pass  # the terminal is gone (a hang-up)
    return app.return_code or (1 if unsaved else 0)


def run_demo_app(args: argparse.Namespace, pace: float) -> int:
    """`cgpt-tui --demo`: the app against the stand-in server, started in this process."""
    import secrets

    from cgpt_tui.demo.server import DemoServer

    key = ApiKey(secrets.token_urlsafe(16))
    # Nothing of the server may write to the terminal while the app draws on it.
    with DemoServer(
        host="127.0.0.1", port=0, api_key=key.reveal(), pace=pace, log_level="critical"
    ) as server:
        from cgpt_tui.ui.app import CgptApp
        from cgpt_tui.ui.session import Session

        session = Session(
            base_url=server.base_url,
            api_key=key,
            demo=True,
            error_log=ErrorLog(state_dir() / LOG_NAME),
            history=HistoryStore(":memory:"),  # filled from the stand-in, for search
            fill_history=True,
            start=Location(args.agent, args.conversation),
        )
        app = CgptApp(session)
        app.run()
        return app.return_code or 0

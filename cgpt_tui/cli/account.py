"""The commands behind the command line: the app itself, login, logout and status."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from dataclasses import dataclass
from pathlib import Path

from cgpt_tui.api import CustomGPTError
from cgpt_tui.history.opening import open_cache
from cgpt_tui.history.store import CacheError, HistoryStore
from cgpt_tui.local.config import (
    ConfigProblem,
    Profile,
    Settings,
    config_dir,
    config_path,
    data_dir,
    load_settings,
    state_dir,
)
from cgpt_tui.local.credentials import (
    API_KEY_ENV,
    PLAINTEXT_NAME,
    CredentialError,
    CredentialStore,
    KeySource,
    keyring_available,
)
from cgpt_tui.local.drafts import DRAFTS_FILE, Drafts
from cgpt_tui.local.error_log import LOG_NAME, ErrorLog
from cgpt_tui.local.state import STATE_FILE, AppState, Location
from cgpt_tui.sanitize import clean_line
from cgpt_tui.secret import ApiKey
from cgpt_tui.services.account import check_key, explain

APP_BUSY_TIMEOUT = 0.25  # seconds the app waits for another process's cache lock


@dataclass(frozen=True)
class Context:
    """What every command resolves first: settings, profile, server and key store."""

    settings: Settings
    profile: Profile
    base_url: str
    store: CredentialStore
    problems: tuple[ConfigProblem, ...] = ()
    config_path: Path | None = None


def resolve(args: argparse.Namespace) -> Context:
    path = config_path(getattr(args, "config", None))
    settings, problems = load_settings(path)
    for problem in problems:
        print(f"cgpt-tui: {problem}", file=sys.stderr)
    profile = settings.profile(getattr(args, "profile", None))
    # --base-url was checked and normalised in cli.main; the profile's in load_settings.
    base_url = getattr(args, "base_url", None) or profile.base_url
    store = CredentialStore(profile.name, plaintext_path=config_dir() / PLAINTEXT_NAME)
    return Context(settings, profile, base_url, store, tuple(problems), path)


def run_app(args: argparse.Namespace) -> int:
    from cgpt_tui.ui.app import CgptApp

    context = resolve(args)
    found = context.store.find()
    if found is None and not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            f"cgpt-tui: no API key for profile “{context.profile.name}”. Run `cgpt-tui login`, "
            f"set {API_KEY_ENV}, or try the demo: cgpt-tui --demo",
            file=sys.stderr,
        )
        return 2
    state = AppState.load(data_dir() / STATE_FILE)
    start = None
    if args.agent is not None or args.conversation is not None:
        start = Location(args.agent or context.profile.default_agent, args.conversation)
    elif state.location(context.profile.name).agent_id is None and context.profile.default_agent:
        start = Location(context.profile.default_agent, None)
    problems = list(context.problems)
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
    app = CgptApp(
        base_url=context.base_url,
        api_key=found.key if found else None,
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
    )
    app.run()
    problems = app.unsaved.problems()  # what could not be written is not lost silently
    try:
        for problem in problems:
            print(f"cgpt-tui: {problem}", file=sys.stderr)
    except OSError:
        pass  # the terminal is gone (a hang-up)
    return app.return_code or (1 if problems else 0)


def _read_key() -> ApiKey:
    if sys.stdin.isatty():
        return ApiKey(getpass.getpass("API key (input hidden): "))
    return ApiKey(sys.stdin.readline())


def login(args: argparse.Namespace) -> int:
    context = resolve(args)
    try:
        key = _read_key()
    except (EOFError, KeyboardInterrupt):
        print("cgpt-tui: no key given", file=sys.stderr)
        return 1
    if not key:
        print("cgpt-tui: no key given", file=sys.stderr)
        return 1
    insecure = getattr(args, "insecure_storage", False)
    if not insecure and not keyring_available():
        print(
            "cgpt-tui: no system keyring is available here. Set "
            f"{API_KEY_ENV} instead, or run `cgpt-tui login --insecure-storage` to keep the key "
            f"in {context.store.plaintext_path} (plain text, readable only by you).",
            file=sys.stderr,
        )
        return 1
    try:
        account = asyncio.run(check_key(context.base_url, key))
    except CustomGPTError as error:
        print(f"cgpt-tui: {clean_line(explain(error, context.base_url))}", file=sys.stderr)
        return 1
    try:
        source = context.store.save(key, insecure=insecure)
    except CredentialError as error:
        print(f"cgpt-tui: signed in, but the key was not stored: {error}", file=sys.stderr)
        return 1
    where = (
        "the system keyring"
        if source is KeySource.KEYRING
        else f"{context.store.plaintext_path} (plain text)"
    )
    print(f"Signed in to {context.base_url} as {clean_line(account.greeting)}; key in {where}.")
    return 0


def logout(args: argparse.Namespace) -> int:
    context = resolve(args)
    try:
        removed = context.store.delete()
    except CredentialError as error:
        print(f"cgpt-tui: {error}", file=sys.stderr)
        return 1
    if removed:
        print(
            f"Signed out of profile “{context.profile.name}”: removed the key from "
            + " and ".join(removed)
            + "."
        )
    else:
        print(f"No stored key for profile “{context.profile.name}”.")
    if context.store.find() is not None:
        print(f"Note: {API_KEY_ENV} is still set in this environment.")
    return 0


def status(args: argparse.Namespace) -> int:
    context = resolve(args)
    print(f"Profile:  {context.profile.name}")
    print(f"Server:   {context.base_url}")
    found = context.store.find()
    if found is None:
        print("Key:      none stored (run `cgpt-tui login`)")
        return 1
    print(f"Key:      from {found.where}")
    try:
        account = asyncio.run(check_key(context.base_url, found.key))
    except CustomGPTError as error:
        print(f"Account:  {clean_line(explain(error, context.base_url))}")
        return 1
    print(f"Account:  {clean_line(account.greeting)}")
    print(f"Usage:    {account.usage}")
    return 0

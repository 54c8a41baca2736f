"""What the commands share: the settings, profile, server and key store they resolve first."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cgpt_tui.api.frozen import record
from cgpt_tui.local.config import (
    ConfigProblem,
    Profile,
    Settings,
    config_dir,
    config_path,
    load_settings,
)
from cgpt_tui.local.credentials import PLAINTEXT_NAME, CredentialStore


@record
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

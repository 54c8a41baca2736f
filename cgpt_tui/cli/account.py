"""`cgpt-tui login`, `logout` and `status`: the profile's key and the account behind it."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from cgpt_tui.api import CustomGPTError
from cgpt_tui.cli.context import resolve
from cgpt_tui.local.credentials import (
    API_KEY_ENV,
    CredentialError,
    KeySource,
    keyring_available,
)
from cgpt_tui.sanitize import clean_line
from cgpt_tui.secret import ApiKey
from cgpt_tui.services.account import check_key, explain


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

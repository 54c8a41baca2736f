"""Where the API key lives: the environment, the system keyring, or an opted-in plain-text file.

Lookup order: `CUSTOMGPT_API_KEY`, then the keyring entry of the profile (service `cgpt-tui`,
account = profile name), then the plain-text store, which exists only when the user chose it
because no keyring backend was available (as `gh auth login --insecure-storage` does).
The key itself is never printed, logged or put in an error message.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import ModuleType

from cgpt_tui.local.files import write_atomically
from cgpt_tui.secret import ApiKey

SERVICE = "cgpt-tui"
API_KEY_ENV = "CUSTOMGPT_API_KEY"
PLAINTEXT_NAME = "credentials-insecure.json"


class CredentialError(Exception):
    """The key could not be stored or removed; the message says where and why."""


class KeySource(Enum):
    ENVIRONMENT = "environment"
    KEYRING = "keyring"
    PLAINTEXT = "plaintext"


@dataclass(frozen=True)
class FoundKey:
    key: ApiKey
    source: KeySource
    where: str  # human words for `status`, never the key

    def __repr__(self) -> str:
        return f"FoundKey(source={self.source.value!r}, where={self.where!r})"


def _keyring() -> ModuleType:
    """The keyring package, imported when first needed: finding its backends costs ~40 ms,
    which a start with the key in the environment need not pay."""
    import keyring

    return keyring


def keyring_available() -> bool:
    """True when a real keyring backend is installed and usable."""
    from keyring.backends import chainer, fail

    backend = _keyring().get_keyring()
    if isinstance(backend, fail.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return bool(backend.backends)
    return getattr(backend, "priority", 1) > 0


def _plaintext_json(profiles: dict[str, ApiKey]) -> str:
    """The file's text; the keys are revealed only inside this expression."""
    return (
        json.dumps(
            {
                "warning": "API keys in plain text, stored at the user's request",
                "profiles": {name: key.reveal() for name, key in profiles.items()},
            },
            indent=2,
        )
        + "\n"
    )


class CredentialStore:
    """The key of one profile."""

    def __init__(
        self,
        profile: str,
        *,
        plaintext_path: Path,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.profile = profile
        self.plaintext_path = plaintext_path
        self._environ = os.environ if environ is None else environ

    # ------------------------------------------------------------------ reading

    def find(self) -> FoundKey | None:
        # Each key is an ApiKey from the moment it is read: no frame holds it as a str.
        key = ApiKey(self._environ.get(API_KEY_ENV, ""))
        if key:
            return FoundKey(key, KeySource.ENVIRONMENT, f"the {API_KEY_ENV} environment variable")
        if keyring_available():
            from keyring.errors import KeyringError

            try:
                key = ApiKey(_keyring().get_password(SERVICE, self.profile) or "")
            except KeyringError:
                key = ApiKey("")
            if key:
                return FoundKey(key, KeySource.KEYRING, f"the system keyring ({SERVICE})")
        key = self._plaintext().get(self.profile, ApiKey(""))
        if key:
            where = f"the plain-text file {self.plaintext_path} (insecure)"
            return FoundKey(key, KeySource.PLAINTEXT, where)
        return None

    def _plaintext(self) -> dict[str, ApiKey]:
        try:
            data = json.loads(self.plaintext_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        profiles = data.get("profiles") if isinstance(data, dict) else None
        if not isinstance(profiles, dict):
            return {}
        return {name: ApiKey(key) for name, key in profiles.items() if isinstance(key, str)}

    # ------------------------------------------------------------------ writing

    def save(self, key: ApiKey | str, *, insecure: bool = False) -> KeySource:
        """Store in the keyring, or in the plain-text file when `insecure` was chosen."""
        key = ApiKey.of(key)
        if insecure:
            self.save_plaintext(key)
            return KeySource.PLAINTEXT
        self.save_to_keyring(key)
        return KeySource.KEYRING

    def save_to_keyring(self, key: ApiKey) -> None:
        if not keyring_available():
            raise CredentialError("no system keyring is available on this machine")
        from keyring.errors import KeyringError

        try:
            _keyring().set_password(SERVICE, self.profile, key.reveal())
        except KeyringError as error:
            raise CredentialError(f"the system keyring refused the key: {error}") from None

    def save_plaintext(self, key: ApiKey) -> Path:
        profiles = self._plaintext()
        profiles[self.profile] = key
        self._write_plaintext(profiles)
        return self.plaintext_path

    def _write_plaintext(self, profiles: dict[str, ApiKey]) -> None:
        if not profiles:
            self.plaintext_path.unlink(missing_ok=True)
            return
        try:
            write_atomically(self.plaintext_path, _plaintext_json(profiles), mode=0o600)
        except OSError as error:
            raise CredentialError(f"cannot write {self.plaintext_path}: {error.strerror}") from None

    def delete(self) -> list[str]:
        """Remove the stored key everywhere; say where it was removed from."""
        removed: list[str] = []
        if keyring_available():
            from keyring.errors import KeyringError, PasswordDeleteError

            keyring = _keyring()
            try:
                if keyring.get_password(SERVICE, self.profile):
                    keyring.delete_password(SERVICE, self.profile)
                    removed.append("the system keyring")
            except (PasswordDeleteError, KeyringError):
                pass
        profiles = self._plaintext()
        if self.profile in profiles:
            del profiles[self.profile]
            self._write_plaintext(profiles)
            removed.append(str(self.plaintext_path))
        return removed

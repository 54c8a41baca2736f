"""The settings file and the app's directories.

The settings file is TOML, by default `config.toml` in the user config directory
(`~/.config/cgpt-tui/` on Linux), or the file named by `--config` or `$CGPT_TUI_CONFIG`::

    default_profile = "work"    # the profile used without --profile
    theme = "nord"              # a Textual theme name
    lang = "en"                 # answer language sent with questions
    streaming = true            # stream answers as they are written
    follow_stream = true        # keep a streaming answer in view while at the bottom
    read_timeout = 30           # seconds a streaming answer may stall before it counts as cut
    reading_width = 100         # columns of answer text on a wide terminal; 0 or "none": all

    [profiles.work]
    base_url = "https://app.customgpt.ai"
    default_agent = 1234        # opened when there is no remembered agent

    [profiles.demo]
    base_url = "http://127.0.0.1:8799"

    [keymap]                    # binding id = comma-separated keys
    "transcript.like" = "plus,l"

Every key is optional. A profile named "default" with the CustomGPT.ai URL always exists unless
the file defines its own. A bad file never stops the app: a wrong value or an unknown key is
reported and ignored, and a file that cannot be read or parsed is reported and defaults apply.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import platformdirs

APP_NAME = "cgpt-tui"
DEFAULT_BASE_URL = "https://app.customgpt.ai"
CONFIG_ENV = "CGPT_TUI_CONFIG"
DEFAULT_PROFILE = "default"
DEFAULT_READ_TIMEOUT = 30.0  # seconds a stream may stay silent before it counts as stalled
MAX_READ_TIMEOUT = 600.0
DEFAULT_READING_WIDTH = 100  # columns of text the transcript keeps on a wide terminal
MIN_READING_WIDTH = 40


def config_dir() -> Path:
    return platformdirs.user_config_path(APP_NAME)


def data_dir() -> Path:
    return platformdirs.user_data_path(APP_NAME)


def state_dir() -> Path:
    return platformdirs.user_state_path(APP_NAME)


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--config`, else `$CGPT_TUI_CONFIG`, else config.toml in the config directory."""
    if explicit:
        return Path(explicit).expanduser()
    if from_env := os.environ.get(CONFIG_ENV):
        return Path(from_env).expanduser()
    return config_dir() / "config.toml"


@dataclass(frozen=True)
class Profile:
    name: str
    base_url: str = DEFAULT_BASE_URL
    default_agent: int | None = None


def _default_profiles() -> dict[str, Profile]:
    return {DEFAULT_PROFILE: Profile(DEFAULT_PROFILE)}


@dataclass(frozen=True)
class Settings:
    profiles: dict[str, Profile] = field(default_factory=_default_profiles)
    default_profile: str = DEFAULT_PROFILE
    theme: str | None = None
    lang: str | None = None
    streaming: bool = True
    follow_stream: bool = True
    read_timeout: float = DEFAULT_READ_TIMEOUT
    reading_width: int | None = DEFAULT_READING_WIDTH  # None: the transcript's full width
    keymap: dict[str, str] = field(default_factory=dict)

    def profile(self, name: str | None) -> Profile:
        """The named profile, else the default one; an unknown name gets the default URL."""
        name = name or self.default_profile
        return self.profiles.get(name) or Profile(name)


@dataclass(frozen=True)
class ConfigProblem:
    path: Path
    message: str
    line: int | None = None
    key: str | None = None
    fatal: bool = False  # the file could not be used at all, defaults apply

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f", line {self.line}"
        # "unknown key 'x' (ignored)" names the key itself; do not say it twice.
        if self.key is not None and f"'{self.key}'" not in self.message:
            where += f", key '{self.key}'"
        return f"{where}: {self.message}"


# [table] or [[array]] headers; the key pattern keeps `[1, 2]` inside an array from matching.
TABLE_HEADER = re.compile(r"""^\s*\[\[?\s*((?:[\w\s.-]|"[^"]*"|'[^']*')+?)\s*\]\]?\s*(?:#.*)?$""")
_KEY_PART = re.compile(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([A-Za-z0-9_-]+)')


def _split_key(text: str) -> tuple[str, ...]:
    return tuple(a or b or c for a, b, c in _KEY_PART.findall(text))


def _dotted(parts: tuple[str, ...]) -> str:
    return ".".join(p if re.fullmatch(r"[A-Za-z0-9_-]+", p) else f'"{p}"' for p in parts)


class _Lines:
    """Finds the line of a key by scanning the text, since tomllib keeps no positions."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()

    def find(self, table: tuple[str, ...], key: str) -> int | None:
        assignment = re.compile(
            rf"""^\s*(?:"{re.escape(key)}"|'{re.escape(key)}'|"""
            rf"""{re.escape(key)})\s*="""
        )
        current: tuple[str, ...] = ()
        for number, line in enumerate(self._lines, start=1):
            if header := TABLE_HEADER.match(line):
                current = _split_key(header.group(1))
                if current[: len(table) + 1] == (*table, key):
                    return number  # the key is a table of its own: [profiles.work]
            elif current == table and assignment.match(line):
                return number
        return None


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def _fatal(path: Path, message: str, line: int | None = None) -> ConfigProblem:
    return ConfigProblem(path, f"{message}; using the default settings", line, fatal=True)


def _read(path: Path) -> tuple[dict[str, Any] | None, str, list[ConfigProblem]]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, "", []
    except OSError as error:
        return None, "", [_fatal(path, f"cannot read the file: {error.strerror or error}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, "", [_fatal(path, "not UTF-8 text", line)]
    try:
        return tomllib.loads(text), text, []
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        at: int | None = None
        if position := _TOML_POSITION.search(message):
            at = int(position.group(1))
            message = f"{message[: position.start()]} (column {position.group(2)})"
        return None, text, [_fatal(path, f"not valid TOML: {message}", at)]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_base_url(value: str) -> str:
    """`value` as a server's base URL, without trailing slashes; ValueError says what is
    wrong. One check for `--base-url` and for `base_url` in the settings file: http or
    https, a host, a port from 1 to 65535, nothing after the path."""
    text = value.strip()
    if not text:
        raise ValueError("it is empty")
    if any(c.isspace() or not c.isprintable() for c in text):
        raise ValueError("a URL has no spaces or control characters")
    try:
        parts = urlsplit(text)
    except ValueError:  # "http://[::1": an unclosed IPv6 address
        raise ValueError("the host is not a valid name or address") from None
    if parts.scheme.lower() not in ("http", "https") or not text.lower().startswith(
        f"{parts.scheme.lower()}://"
    ):
        raise ValueError("it must start with http:// or https://")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        raise ValueError("the port must be a number from 1 to 65535") from None
    if not host:
        raise ValueError("it names no host")
    if port is not None and not 1 <= port <= 65535:
        raise ValueError("the port must be a number from 1 to 65535")
    if parts.username is not None or parts.password is not None:
        raise ValueError("a user name or password does not belong in the URL")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise ValueError("a base URL has no query (?) or fragment (#)")
    return urlunsplit((parts.scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


class _Reader:
    """Takes the values it knows from a parsed file and collects a problem for the rest."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = _Lines(text)
        self.problems: list[ConfigProblem] = []

    def problem(self, table: tuple[str, ...], key: str, message: str) -> None:
        line = self.lines.find(table, key)
        self.problems.append(ConfigProblem(self.path, message, line, _dotted((*table, key))))

    def unknown(self, table: tuple[str, ...], key: str) -> None:
        self.problem(table, key, f"unknown key '{_dotted((*table, key))}' (ignored)")

    def take(
        self,
        table: tuple[str, ...],
        data: dict[str, Any],
        key: str,
        convert: Callable[[Any], Any],
        expected: str,
    ) -> Any:
        """`convert(value)`, or None (after a problem) when it gives None; None if absent."""
        if key not in data:
            return None
        value = convert(data[key])
        if value is None:
            self.problem(table, key, f"expected {expected} (ignored)")
        return value


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _agent(value: Any) -> int | None:
    return value if _is_int(value) and value > 0 else None


_TOP = {
    "default_profile",
    "theme",
    "lang",
    "streaming",
    "follow_stream",
    "read_timeout",
    "reading_width",
    "profiles",
    "keymap",
}


def _seconds(value: Any) -> float | None:
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    return float(number) if number is not None and 0 < number <= MAX_READ_TIMEOUT else None


_FULL_WIDTH = 0  # what `reading_width = 0` or `"none"` reads as: no limit


def _columns(value: Any) -> int | None:
    """A reading width: a number of columns, or 0 (also "none") for the full width."""
    if isinstance(value, str) and value.strip().lower() == "none":
        return _FULL_WIDTH
    if _is_int(value) and (value == 0 or MIN_READING_WIDTH <= value <= 1000):
        return int(value)
    return None


_PROFILE = {"base_url", "default_agent"}


def _profile_url(reader: _Reader, table: tuple[str, ...], body: dict[str, Any]) -> str | None:
    """The profile's base_url, checked like --base-url; a problem saying why if it is bad."""
    if "base_url" not in body:
        return None
    value = body["base_url"]
    try:
        if not isinstance(value, str):
            raise ValueError("it is not a string")
        return parse_base_url(value)
    except ValueError as error:
        reader.problem(table, "base_url", f"expected an http:// or https:// URL; {error} (ignored)")
        return None


def _profiles(reader: _Reader, data: Any) -> dict[str, Profile]:
    profiles = _default_profiles()
    if not isinstance(data, dict):
        reader.problem((), "profiles", "expected a table of profiles (ignored)")
        return profiles
    for name, body in data.items():
        table = ("profiles", name)
        if not isinstance(body, dict):
            reader.problem(("profiles",), name, "expected a table (ignored)")
            continue
        for key in sorted(body.keys() - _PROFILE):
            reader.unknown(table, key)
        url = _profile_url(reader, table, body)
        agent = reader.take(table, body, "default_agent", _agent, "a positive agent id")
        profiles[name] = Profile(name, url or DEFAULT_BASE_URL, agent)
    return profiles


def _keymap(reader: _Reader, data: Any) -> dict[str, str]:
    if not isinstance(data, dict):
        reader.problem((), "keymap", "expected a table of binding id = keys (ignored)")
        return {}
    keymap: dict[str, str] = {}
    for binding in data:
        value = reader.take(("keymap",), data, binding, _text, 'keys as a string, e.g. "ctrl+k"')
        if value is not None:
            keymap[binding] = value.strip()
    return keymap


def load_settings(path: Path) -> tuple[Settings, list[ConfigProblem]]:
    """The settings in `path` and what was wrong with it; never raises."""
    path = Path(path)
    try:
        return _load(path)
    except Exception as error:  # a last resort: a bad settings file must never stop the app
        return Settings(), [_fatal(path, f"cannot load the file: {error}")]


def _load(path: Path) -> tuple[Settings, list[ConfigProblem]]:
    data, text, problems = _read(path)
    if data is None:
        return Settings(), problems
    reader = _Reader(path, text)
    for key in sorted(data.keys() - _TOP):
        reader.unknown((), key)
    profiles = _profiles(reader, data["profiles"]) if "profiles" in data else _default_profiles()
    default = reader.take((), data, "default_profile", _text, "a profile name")
    if default is not None and default not in profiles:
        reader.problem((), "default_profile", f"no profile named '{default}'; using 'default'")
        default = None
    streaming = reader.take((), data, "streaming", _flag, "true or false")
    follow = reader.take((), data, "follow_stream", _flag, "true or false")
    read_timeout = reader.take(
        (), data, "read_timeout", _seconds, f"seconds, above 0 and at most {MAX_READ_TIMEOUT:g}"
    )
    reading_width = reader.take(
        (),
        data,
        "reading_width",
        _columns,
        f'columns from {MIN_READING_WIDTH} to 1000, or 0 or "none" for the full width',
    )
    settings = Settings(
        profiles=profiles,
        default_profile=default or DEFAULT_PROFILE,
        theme=reader.take((), data, "theme", _text, "a theme name"),
        lang=reader.take((), data, "lang", _text, 'a language code, e.g. "en"'),
        streaming=True if streaming is None else streaming,
        follow_stream=True if follow is None else follow,
        read_timeout=DEFAULT_READ_TIMEOUT if read_timeout is None else read_timeout,
        reading_width=(DEFAULT_READING_WIDTH if reading_width is None else reading_width or None),
        keymap=_keymap(reader, data["keymap"]) if "keymap" in data else {},
    )
    reader.problems.sort(key=lambda problem: (problem.line is None, problem.line or 0))
    return settings, reader.problems

"""What one run of the app is given: the server and key, the user's local files, the cache,
where to start. The command line builds it (`cli/app.py`); `CgptApp` takes it whole."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cgpt_tui.api.frozen import record
from cgpt_tui.local.config import Settings
from cgpt_tui.local.credentials import CredentialStore
from cgpt_tui.local.drafts import Drafts
from cgpt_tui.local.error_log import ErrorLog
from cgpt_tui.local.state import AppState, Location
from cgpt_tui.secret import ApiKey
from cgpt_tui.services.data import HistoryStore
from cgpt_tui.ui.timefmt import utc_now

if TYPE_CHECKING:
    from cgpt_tui.api.prefetch import FirstAgents


@record(kw_only=True)
class Session:
    """`api_key` None: the sign-in screen asks for one (if there is a `store` to keep it).
    A key given as a str is held as an ApiKey, so not even this record's repr shows it."""

    base_url: str
    api_key: ApiKey | None
    demo: bool = False  # the stand-in's demo: nothing of the user's is written
    clock: Callable[[], datetime] = utc_now
    timeout: float = 30.0  # seconds for each request
    profile: str = "default"
    store: CredentialStore | None = None  # where a key signed in with is kept
    app_state: AppState | None = None  # where the user left off, per profile
    start: Location | None = None  # where to open instead (--agent, --conversation)
    settings: Settings | None = None
    settings_problems: Sequence[object] = ()  # said as notifications at start
    error_log: ErrorLog | None = None
    drafts: Drafts | None = None
    config_path: Path | None = None  # where a theme chosen in the app is saved
    history: HistoryStore | None = None  # the local history cache, if it opened
    fill_history: bool = False  # the demo: fill the cache from the stand-in after start
    first_agents: FirstAgents | None = None  # the first page, asked ahead (api/prefetch.py)

    def __post_init__(self) -> None:
        key = self.api_key
        if isinstance(key, str):
            object.__setattr__(self, "api_key", ApiKey(key) if key.strip() else None)

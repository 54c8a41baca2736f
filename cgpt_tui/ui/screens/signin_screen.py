"""The sign-in screen: a masked key, checked against the API, then stored.

Where no keyring backend exists it says so and offers the environment variable or an
explicit, named-as-insecure plain-text file; without that choice the key is used for this
session only.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Static

from cgpt_tui.api import CustomGPTError
from cgpt_tui.api.frozen import record
from cgpt_tui.local.credentials import API_KEY_ENV, CredentialError, CredentialStore, KeySource
from cgpt_tui.sanitize import clean_line
from cgpt_tui.secret import ApiKey
from cgpt_tui.services.account import Account, check_key, explain
from cgpt_tui.ui.widgets.keys_footer import KeysFooter
from cgpt_tui.ui.worker_errors import ReportsWorkerErrors
from cgpt_tui.wording import sentence


@record
class SignedIn:
    api_key: ApiKey
    account: Account
    stored: KeySource | None  # None: kept for this session only


class SignInScreen(ReportsWorkerErrors, Screen[SignedIn]):
    """Dismisses with `SignedIn` once a key works."""

    CSS_PATH = "signin_screen.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "app.quit", "Quit", priority=True, id="signin.quit"),
    ]

    def __init__(self, *, base_url: str, store: CredentialStore, keyring_ok: bool) -> None:
        super().__init__()
        self.base_url = base_url
        self.store = store
        self.keyring_ok = keyring_ok

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="signin"):
            yield Static(Content("Sign in to CustomGPT.ai"), id="signin-title")
            yield Static(
                Content.assemble(
                    "Paste an API key from your CustomGPT.ai account (",
                    ("Profile → API", "bold"),
                    f"). Profile “{self.store.profile}” at {self.base_url}.",
                ),
                classes="signin-text",
            )
            yield Input(placeholder="API key", password=True, id="signin-key")
            if self.keyring_ok:
                yield Static(
                    Content("The key will be kept in your system keyring."),
                    classes="signin-text muted",
                )
            else:
                yield Static(
                    Content(
                        "No system keyring is available here, so the key cannot be stored "
                        f"securely: set {API_KEY_ENV} in your environment, or keep it in a "
                        "plain-text file."
                    ),
                    id="signin-no-keyring",
                    classes="signin-text warning",
                )
                yield Checkbox(
                    Content("Store the key in a plain-text file (insecure)"), id="signin-insecure"
                )
                yield Static(
                    Content(f"File: {self.store.plaintext_path} (mode 0600)"),
                    classes="signin-text muted",
                )
            yield Button("Sign in", variant="primary", id="signin-submit")
            yield Static(id="signin-status", classes="signin-text")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#signin-key", Input).focus()

    def _status(self, text: str, kind: str = "") -> None:
        status = self.query_one("#signin-status", Static)
        status.set_classes(f"signin-text {kind}".strip())
        status.update(Content(text))

    @on(Input.Submitted, "#signin-key")
    @on(Button.Pressed, "#signin-submit")
    def _submit(self) -> None:
        key = ApiKey(self.query_one("#signin-key", Input).value)
        if not key:
            self._status("Paste your API key first.", "warning")
            return
        self.query_one("#signin-submit", Button).disabled = True
        self._status("Checking the key…")
        self._check(key)

    @work(exclusive=True, group="signin", exit_on_error=False)
    async def _check(self, key: ApiKey) -> None:
        try:
            account = await check_key(self.base_url, key)
        except CustomGPTError as error:
            self._status(clean_line(explain(error, self.base_url)), "error")
            self.query_one("#signin-submit", Button).disabled = False
            return
        stored: KeySource | None = None
        try:
            if self.keyring_ok:
                stored = self.store.save(key)
            elif self.query_one("#signin-insecure", Checkbox).value:
                stored = self.store.save(key, insecure=True)
        except CredentialError as error:
            self.notify(f"Signed in, but the key was not stored: {error}", severity="warning")
        if stored is None and not self.keyring_ok:
            self.notify("Signed in for this session only; the key was not stored.")
        self.notify(sentence(f"Signed in as {clean_line(account.greeting)}"))
        self.dismiss(SignedIn(key, account, stored))

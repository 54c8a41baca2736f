"""The app's session record: the key inside it never shows, whatever prints the record."""

from __future__ import annotations

from cgpt_tui.secret import ApiKey
from cgpt_tui.ui.session import Session

KEY = "1234|AbCdSessionKeyNeverShown"


def test_a_session_given_the_key_as_text_holds_it_redacted() -> None:
    session = Session(base_url="https://app.customgpt.ai", api_key=KEY)
    assert isinstance(session.api_key, ApiKey)
    assert session.api_key.reveal() == KEY
    assert KEY not in repr(session) and KEY not in str(session)


def test_a_blank_key_is_no_key() -> None:
    assert Session(base_url="https://app.customgpt.ai", api_key="  ").api_key is None

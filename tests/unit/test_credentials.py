"""Key lookup order and storage, with a real keyring backend registered through keyring."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from cgpt_tui.local.credentials import (
    API_KEY_ENV,
    SERVICE,
    CredentialError,
    CredentialStore,
    KeySource,
    keyring_available,
)
from tests.support.file_keyring import FILE_ENV, FileKeyring

KEY = "1234|SecretKeyForTests"


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FileKeyring]:
    monkeypatch.setenv(FILE_ENV, str(tmp_path / "keyring.json"))
    previous = keyring.get_keyring()
    backend = FileKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def store(tmp_path: Path, env: dict[str, str] | None = None, profile: str = "work"):
    return CredentialStore(profile, plaintext_path=tmp_path / "creds.json", environ=env or {})


def test_keyring_entry_is_found_and_removed(file_keyring, tmp_path: Path) -> None:
    credentials = store(tmp_path)
    assert keyring_available()
    assert credentials.find() is None
    assert credentials.save(KEY) is KeySource.KEYRING
    assert keyring.get_password(SERVICE, "work") == KEY
    found = credentials.find()
    assert found is not None and found.key.reveal() == KEY and found.source is KeySource.KEYRING
    assert KEY not in repr(found) and KEY not in found.where
    assert credentials.delete() == ["the system keyring"]
    assert credentials.find() is None


def test_environment_wins_over_the_keyring(file_keyring, tmp_path: Path) -> None:
    store(tmp_path).save(KEY)
    found = store(tmp_path, {API_KEY_ENV: "from-env"}).find()
    assert found is not None and found.key.reveal() == "from-env"
    assert found.source is KeySource.ENVIRONMENT


def test_profiles_have_separate_keys(file_keyring, tmp_path: Path) -> None:
    store(tmp_path, profile="a").save("key-a")
    store(tmp_path, profile="b").save("key-b")
    assert store(tmp_path, profile="a").find().key.reveal() == "key-a"
    assert store(tmp_path, profile="b").find().key.reveal() == "key-b"


def test_without_a_backend_only_the_chosen_plaintext_store_is_used(
    no_keyring, tmp_path: Path
) -> None:
    credentials = store(tmp_path)
    assert not keyring_available()
    with pytest.raises(CredentialError, match="no system keyring"):
        credentials.save(KEY)
    assert not (tmp_path / "creds.json").exists()
    assert credentials.save(KEY, insecure=True) is KeySource.PLAINTEXT
    mode = stat.S_IMODE((tmp_path / "creds.json").stat().st_mode)
    assert mode == 0o600
    found = credentials.find()
    assert found is not None and found.source is KeySource.PLAINTEXT and found.key.reveal() == KEY
    assert "insecure" in found.where
    other = store(tmp_path, profile="other")
    other.save("other-key", insecure=True)
    assert credentials.delete() == [str(tmp_path / "creds.json")]
    assert other.find().key.reveal() == "other-key", "other profiles keep their keys"
    other.delete()
    assert not (tmp_path / "creds.json").exists()


def test_a_broken_plaintext_file_is_no_key(no_keyring, tmp_path: Path) -> None:
    (tmp_path / "creds.json").write_text("{not json")
    assert store(tmp_path).find() is None

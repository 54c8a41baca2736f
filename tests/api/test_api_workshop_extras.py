"""Settings updates, plugins, licences and the user update through the client, against the
real stand-in over loopback; uploads go from disk and their files are closed however the
request ends."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from cgpt_tui.api import (
    ApiError,
    CustomGPTClient,
    LocalFileError,
    NewLicense,
    NotFound,
    Plugin,
)
from cgpt_tui.demo.server import DemoServer

NORTHWIND, LUMEN = 103, 102
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture
async def client(demo_server: DemoServer) -> AsyncIterator[CustomGPTClient]:
    async with CustomGPTClient(demo_server.base_url, demo_server.api_key) as client:
        yield client


def open_handles(path: Path) -> int:
    """How many of this process's file descriptors point at `path` now."""
    target = path.resolve()
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if Path(os.readlink(f"/proc/self/fd/{fd}")) == target:
                count += 1
        except OSError:
            continue
    return count


def image(tmp_path: Path, name: str = "avatar.png", content: bytes = PNG) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


# ---------------------------------------------------------------------- settings


async def test_a_json_settings_update_changes_what_it_names_and_keeps_the_rest(
    client: CustomGPTClient,
) -> None:
    before = await client.get_agent_settings(NORTHWIND)
    await client.update_agent_settings(
        NORTHWIND,
        {
            "persona_instructions": "You are terse.",
            "example_questions": ["Where is my order?", "How do refunds work?"],
            "agent_capability": "advanced-reasoning",
            "enable_inline_citations_api": True,
            "markdown_enabled": False,
        },
    )
    after = await client.get_agent_settings(NORTHWIND)
    assert after.persona_instructions == "You are terse."
    assert after.example_questions == ("Where is my order?", "How do refunds work?")
    assert after.agent_capability == "advanced-reasoning"
    assert after.inline_citations is True and after.markdown_enabled is False
    assert after.default_prompt == before.default_prompt  # not named: kept
    assert after.chatbot_title == before.chatbot_title


async def test_a_multipart_settings_update_sends_numbered_questions_string_booleans_and_files(
    client: CustomGPTClient, tmp_path: Path
) -> None:
    avatar = image(tmp_path)
    await client.update_agent_settings(
        NORTHWIND,
        {
            "example_questions": [f"Question {n}?" for n in range(12)],
            "markdown_enabled": False,
            "enable_inline_citations_api": True,
            "chatbot_title": "Bracketed",
        },
        files={"chat_bot_avatar": avatar},
    )
    after = await client.get_agent_settings(NORTHWIND)
    assert after.example_questions == tuple(f"Question {n}?" for n in range(12))
    assert after.markdown_enabled is False and after.inline_citations is True
    assert after.chatbot_title == "Bracketed"
    assert (
        after.chatbot_avatar == f"https://cdn.customgpt.ai/avatars/{NORTHWIND}-chatbot_avatar.png"
    )
    assert open_handles(avatar) == 0


async def test_none_clears_a_setting_in_json_and_in_multipart(
    client: CustomGPTClient, tmp_path: Path
) -> None:
    await client.update_agent_settings(NORTHWIND, {"persona_instructions": None})
    assert (await client.get_agent_settings(NORTHWIND)).persona_instructions is None
    await client.update_agent_settings(NORTHWIND, {"persona_instructions": "Back"})
    assert (await client.get_agent_settings(NORTHWIND)).persona_instructions == "Back"
    await client.update_agent_settings(
        NORTHWIND, {"persona_instructions": None}, files={"user_avatar": image(tmp_path)}
    )
    assert (await client.get_agent_settings(NORTHWIND)).persona_instructions is None


async def test_a_refused_setting_raises_the_servers_words_and_nothing_changes(
    client: CustomGPTClient, tmp_path: Path
) -> None:
    before = await client.get_agent_settings(NORTHWIND)
    with pytest.raises(ApiError) as caught:
        await client.update_agent_settings(
            NORTHWIND, {"persona_instructions": "Not kept", "response_source": "everything"}
        )
    assert caught.value.status == 400
    assert caught.value.message == "The selected response source is invalid."
    not_an_image = image(tmp_path, "notes.png", b"just text")
    with pytest.raises(ApiError) as refused:
        await client.update_agent_settings(
            NORTHWIND, {"default_prompt": "No"}, files={"chat_bot_bg": not_an_image}
        )
    assert refused.value.message == "Please upload a valid image file for background"
    assert open_handles(not_an_image) == 0, "closed after a refused upload too"
    assert await client.get_agent_settings(NORTHWIND) == before


async def test_settings_of_an_unknown_agent_are_not_found(client: CustomGPTClient) -> None:
    with pytest.raises(NotFound) as caught:
        await client.update_agent_settings(4242, {"default_prompt": "x"})
    assert caught.value.message == "Agent with id 4242 not found"


async def test_a_file_that_cannot_be_read_is_refused_here_and_nothing_is_sent(
    client: CustomGPTClient, demo_server: DemoServer, tmp_path: Path
) -> None:
    before = await client.get_agent_settings(NORTHWIND)
    for missing in (tmp_path / "gone.png", tmp_path):
        with pytest.raises(LocalFileError) as caught:
            await client.update_agent_settings(
                NORTHWIND, {"default_prompt": "Sent?"}, files={"chat_bot_avatar": missing}
            )
        assert str(missing) in caught.value.message
    assert await client.get_agent_settings(NORTHWIND) == before
    with pytest.raises(ValueError, match="not a settings file"):
        await client.update_agent_settings(NORTHWIND, {}, files={"logo": image(tmp_path)})


async def test_an_upload_cancelled_midway_closes_its_file(
    client: CustomGPTClient, tmp_path: Path
) -> None:
    big = tmp_path / "big.png"
    with big.open("wb") as out:
        out.write(PNG)
        out.truncate(64 * 1024 * 1024)  # sparse: 64 MB to send, nothing on disk
    task = asyncio.ensure_future(
        client.update_agent_settings(NORTHWIND, {}, files={"chat_bot_avatar": big})
    )
    for _ in range(200):
        if open_handles(big):
            break
        await asyncio.sleep(0.005)
    assert open_handles(big) == 1, "the upload is under way, its file open"
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert open_handles(big) == 0


# ---------------------------------------------------------------------- a new key mid-upload


async def test_an_upload_refused_for_its_key_is_sent_again_whole_with_the_new_key(
    demo_server: DemoServer, tmp_path: Path
) -> None:
    asked: list[int] = []

    async def new_key() -> str:
        asked.append(1)
        return "rotated-key"

    content = PNG * 64  # 66 KB: more than one 64 KB chunk, so a resend must start over
    photo = image(tmp_path, "me.png", content)
    async with CustomGPTClient(
        demo_server.base_url, demo_server.api_key, reauthenticate=new_key
    ) as client:
        demo_server.context.api_key = "rotated-key"
        user = await client.update_user(name="Dana D.", profile_photo=photo)
    assert asked == [1]
    digest = hashlib.sha256(content).hexdigest()[:12]
    assert user.profile_photo_url == f"https://cdn.customgpt.ai/profile-photos/1-{digest}.png"
    assert user.name == "Dana D."
    assert open_handles(photo) == 0


# ---------------------------------------------------------------------- plugins


async def test_a_plugin_is_not_found_until_created_then_read_and_changed(
    client: CustomGPTClient,
) -> None:
    with pytest.raises(NotFound) as caught:
        await client.get_plugin(NORTHWIND)
    assert caught.value.message == f"Plugin for agent with id {NORTHWIND} not found"
    created = await client.create_plugin(
        NORTHWIND,
        model_name="NorthwindHelp",
        human_name="Northwind Help",
        keywords="help, billing",
        description="Answers about Northwind.",
    )
    assert created == Plugin(
        model_name="NorthwindHelp",
        human_name="Northwind Help",
        keywords="help, billing",
        description="Answers about Northwind.",
        logo="https://app.customgpt.ai/logo.svg",
        is_active=True,
    )
    assert await client.get_plugin(NORTHWIND) == created
    changed = await client.update_plugin(NORTHWIND, human_name="Northwind", is_active=False)
    assert (changed.human_name, changed.is_active, changed.keywords) == (
        "Northwind",
        False,
        "help, billing",
    )
    with pytest.raises(ApiError) as again:
        await client.create_plugin(
            NORTHWIND, model_name="x", human_name="x", keywords="x", description="x"
        )
    assert again.value.message == f"Plugin for agent with id {NORTHWIND} already exists"


# ---------------------------------------------------------------------- licences


async def test_licences_are_created_read_renamed_and_deleted(client: CustomGPTClient) -> None:
    assert await client.list_licenses(NORTHWIND) == []
    created = await client.create_license(NORTHWIND, "Reseller")
    assert isinstance(created, NewLicense)
    licence = created.license
    assert created.key is not None and created.key == licence.key and len(created.key) == 36
    assert (licence.name, licence.agent_id) == ("Reseller", NORTHWIND)
    assert licence.id is not None and licence.created_at is not None
    assert await client.get_license(NORTHWIND, licence.id) == licence  # `license`, no `data`
    renamed = await client.update_license(NORTHWIND, licence.id, "Partner")
    assert (renamed.id, renamed.name, renamed.key) == (licence.id, "Partner", licence.key)
    assert await client.list_licenses(NORTHWIND) == [renamed]
    await client.delete_license(NORTHWIND, licence.id)
    with pytest.raises(NotFound) as caught:
        await client.get_license(NORTHWIND, licence.id)
    assert caught.value.message == f"Agent license with id {licence.id} not found"
    assert await client.list_licenses(NORTHWIND) == []


async def test_a_licence_of_another_agent_or_a_refused_name_is_the_servers_error(
    client: CustomGPTClient,
) -> None:
    licence = (await client.create_license(NORTHWIND, "One")).license
    assert licence.id is not None
    with pytest.raises(NotFound):
        await client.get_license(LUMEN, licence.id)
    with pytest.raises(ApiError) as caught:
        await client.update_license(NORTHWIND, licence.id, "x" * 256)
    assert caught.value.status == 422
    assert caught.value.message == "The name may not be greater than 255 characters."


# ---------------------------------------------------------------------- the user


async def test_the_user_is_renamed_by_json_and_given_a_photo_by_multipart(
    client: CustomGPTClient, tmp_path: Path
) -> None:
    before = await client.get_user()
    renamed = await client.update_user(name="Dana")
    assert renamed.name == "Dana" and renamed.profile_photo_url == before.profile_photo_url
    photo = image(tmp_path, "me.png")
    with_photo = await client.update_user(profile_photo=photo)
    assert with_photo.name == "Dana"
    assert with_photo.profile_photo_url != before.profile_photo_url
    assert (with_photo.profile_photo_url or "").endswith(".png")
    assert await client.get_user() == with_photo
    with pytest.raises(ApiError) as caught:
        await client.update_user(profile_photo=image(tmp_path, "t.png", b"text"))
    assert caught.value.message == "The profile photo must be an image."

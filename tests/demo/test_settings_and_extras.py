"""The stand-in's settings update, plugins, licences and user update, over raw HTTP."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest

from cgpt_tui.demo.server import DemoServer
from tests.conftest import TEST_KEY

from .conftest import LUMEN, NORTHWIND, messages_path, new_conversation, wait_for

SETTINGS = f"/api/v1/projects/{NORTHWIND}/settings"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def settings(http: httpx.Client, agent_id: int = NORTHWIND) -> dict:
    response = http.get(f"/api/v1/projects/{agent_id}/settings")
    assert response.status_code == 200
    return response.json()["data"]


def update(http: httpx.Client, **kwargs) -> httpx.Response:
    return http.post(SETTINGS, **kwargs)


def assert_updated(response: httpx.Response) -> None:
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "success", "data": {"updated": True}}


def refused(response: httpx.Response, status: int = 400) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["status"] == "error" and body["data"]["code"] == status
    return body["data"]["message"]


def test_a_json_update_changes_what_it_names_and_keeps_the_rest(http) -> None:
    before = settings(http)
    changes = {
        "persona_instructions": "You are terse.",
        "default_prompt": "Ask me",
        "chatbot_model": "gpt-4-1",
        "agent_capability": "advanced-reasoning",
        "enable_inline_citations_api": True,
        "enable_citations": 1,
    }
    assert_updated(update(http, json=changes))
    after = settings(http)
    assert after == {**before, **changes}
    assert_updated(update(http, json={"default_prompt": "Ask again"}))
    assert settings(http) == {**before, **changes, "default_prompt": "Ask again"}


def test_multipart_questions_in_the_bracket_form_keep_their_index_order(http) -> None:
    questions = [f"Question {n}?" for n in range(12)]
    fields = [
        (f"example_questions[{n}]", (None, q)) for n, q in reversed(list(enumerate(questions)))
    ]
    assert_updated(update(http, files=[*fields, ("chatbot_title", (None, "Bracketed"))]))
    after = settings(http)
    assert after["example_questions"] == questions  # 10 and 11 after 9: numeric order
    assert after["chatbot_title"] == "Bracketed"
    assert after["persona_instructions"] == "You are Northwind's friendly support assistant."


@pytest.mark.parametrize(
    "body",
    [
        {
            "files": [
                ("example_questions[]", (None, "One?")),
                ("example_questions[]", (None, "Two?")),
            ]
        },
        {"data": {"example_questions[]": ["One?", "Two?"]}},
        {"json": {"example_questions": ["One?", "Two?"]}},
        {"json": {"example_questions[]": ["One?", "Two?"]}},  # the description's name
        {"json": {"example_questions": ["One?", "  ", "Two?"]}},  # blank ones dropped
    ],
    ids=["multipart-[]", "urlencoded-[]", "json-list", "json-[]-list", "json-with-blank"],
)
def test_every_questions_form_is_read(http, body: dict) -> None:
    assert_updated(update(http, **body))
    assert settings(http)["example_questions"] == ["One?", "Two?"]


@pytest.mark.parametrize(
    ("sent", "kept"), [("true", True), ("false", False), ("1", True), ("0", False), ("TRUE", True)]
)
def test_string_booleans(http, sent: str, kept: bool) -> None:
    names = ("markdown_enabled", "enable_feedbacks", "enable_inline_citations_api")
    assert_updated(update(http, files={name: (None, sent) for name in names}))
    after = settings(http)
    assert [after[name] for name in names] == [kept] * 3


def test_multipart_numbers_become_numbers(http) -> None:
    assert_updated(
        update(http, data={"enable_citations": "2", "conversation_retention_days": "30"})
    )
    after = settings(http)
    assert after["enable_citations"] == 2
    assert after["conversation_retention_days"] == 30


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("response_source", "everything", "The selected response source is invalid."),
        ("citations_view_type", "sometimes", "The selected citations view type is invalid."),
        ("chatbot_msg_lang", "xx", "The selected chatbot msg lang is invalid."),
        ("chatbot_msg_lang", None, "Language Proficiency is required."),
        ("enable_citations", 4, "The selected enable citations is invalid."),
        ("enable_citations", "three", "The selected enable citations is invalid."),
        ("chatbot_model", "gpt-2", "The selected chatbot model is invalid."),
        ("agent_capability", "slowest", "The selected agent capability is invalid."),
        ("markdown_enabled", "maybe", "The markdown enabled field must be true or false."),
        ("default_prompt", "x" * 256, "The default prompt may not be greater than 255 characters."),
        ("chatbot_title", "x" * 31, "The chatbot title may not be greater than 30 characters."),
        ("persona_instructions", 42, "The persona instructions must be a string."),
        ("default_prompt", None, "The default prompt field is required."),
        (
            "conversation_retention_days",
            "soon",
            "The conversation retention days must be an integer.",
        ),
    ],
)
def test_a_refused_value_is_named_and_nothing_changes(http, field, value, message) -> None:
    before = settings(http)
    body = {"persona_instructions": "Should not be kept", field: value}
    assert refused(update(http, json=body)) == message
    assert settings(http) == before


def test_a_broken_form_is_refused_not_a_server_error(http) -> None:
    broken = b"--xyz\r\nbroken header line\r\n\r\nHi\r\n--xyz--\r\n"
    headers = {"Content-Type": "multipart/form-data; boundary=xyz"}
    response = update(http, content=broken, headers=headers)
    assert refused(response).startswith("The request body is not a valid form")


def test_unknown_fields_are_ignored(http) -> None:
    before = settings(http)
    assert_updated(update(http, json={"no_such_setting": 1, "license_slug": "x"}))
    assert settings(http) == before


def test_null_or_an_empty_multipart_value_clears_a_nullable_field(http) -> None:
    assert_updated(update(http, json={"persona_instructions": None}))
    assert settings(http)["persona_instructions"] is None
    assert_updated(update(http, json={"persona_instructions": "Back"}))
    assert_updated(update(http, files={"persona_instructions": (None, "")}))
    assert settings(http)["persona_instructions"] is None


def test_images_are_checked_and_served_back_as_urls(http) -> None:
    files = {
        "chat_bot_avatar": ("me.png", PNG, "image/png"),
        "chat_bot_bg": ("bg.jpg", JPEG, "image/jpeg"),
        "user_avatar": ("u.png", PNG, "image/png"),
        "spotlight_avatar": ("s.png", PNG, "image/png"),
    }
    assert_updated(update(http, files=files))
    after = settings(http)
    base = "https://cdn.customgpt.ai/avatars"
    assert after["chatbot_avatar"] == f"{base}/{NORTHWIND}-chatbot_avatar.png"
    assert after["chatbot_background"] == f"{base}/{NORTHWIND}-chatbot_background.jpg"
    assert after["user_avatar"] == f"{base}/{NORTHWIND}-user_avatar.png"
    assert after["spotlight_avatar"] == f"{base}/{NORTHWIND}-spotlight_avatar.png"


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("chat_bot_avatar", "Please upload a valid image file for avatar"),
        ("chat_bot_bg", "Please upload a valid image file for background"),
        ("user_avatar", "Please upload a valid image file for avatar"),
    ],
)
def test_a_file_that_is_no_image_is_refused(http, field: str, message: str) -> None:
    before = settings(http)
    files = {field: ("notes.png", b"just text", "image/png"), "default_prompt": (None, "No")}
    assert refused(update(http, files=files)) == message
    assert settings(http) == before


def test_an_image_past_five_megabytes_is_refused(http) -> None:
    big = PNG + b"\x00" * (5 * 1024 * 1024)
    files = {"chat_bot_avatar": ("big.png", big, "image/png")}
    assert refused(update(http, files=files)) == "Please upload a valid image file for avatar"
    assert http.post(SETTINGS, files={"chat_bot_avatar": ("ok.png", PNG, "image/png")}).is_success


def test_the_no_answer_message_is_what_retrieval_answers_with(http) -> None:
    assert_updated(update(http, data={"no_answer_message": "Ask our humans instead."}))
    path = messages_path(NORTHWIND, new_conversation(http))
    answer = http.post(path, json={"prompt": "zzz qqq"}).json()["data"]
    assert answer["openai_response"] == "Ask our humans instead."
    assert answer["citations"] == []
    lumen = http.post(messages_path(LUMEN, new_conversation(http, LUMEN)), json={"prompt": "zzz"})
    assert lumen.json()["data"]["openai_response"] == "The X100 manual does not cover that."


def test_inline_citations_mark_the_sources_in_citation_order(http) -> None:
    question = "Can I export my data with an API token?"
    path = messages_path(NORTHWIND, new_conversation(http))
    plain = http.post(path, json={"prompt": question}).json()["data"]
    assert "[1]" not in plain["openai_response"]
    assert_updated(update(http, files={"enable_inline_citations_api": (None, "true")}))
    marked = http.post(path, json={"prompt": question}, headers={"Cache-Control": "no-cache"})
    answer = marked.json()["data"]
    assert answer["citations"] == plain["citations"] == [9004, 9005]
    text = answer["openai_response"]
    assert text.index(" [1]") < text.index(" [2]")
    assert "store it in a password manager. [2]" in text
    completion = http.post(
        f"/api/v1/projects/{NORTHWIND}/chat/completions",
        json={"messages": [{"role": "user", "content": question}]},
    )
    assert completion.json()["choices"][0]["message"]["content"] == text


def test_an_unknown_agent_is_404(http) -> None:
    response = http.post("/api/v1/projects/4242/settings", json={"default_prompt": "x"})
    assert refused(response, 404) == "Agent with id 4242 not found"


PLUGINS = f"/api/v1/projects/{NORTHWIND}/plugins"
PLUGIN = {
    "model_name": "NorthwindHelp",
    "human_name": "Northwind Help",
    "keywords": "help, billing",
    "description": "Answers about Northwind.",
}


def test_a_plugin_is_404_until_created_then_201_then_200(http) -> None:
    assert refused(http.get(PLUGINS), 404) == f"Plugin for agent with id {NORTHWIND} not found"
    assert refused(http.put(PLUGINS, json={"is_active": True}), 404).startswith("Plugin for")
    created = http.post(PLUGINS, json={**PLUGIN, "is_active": True})
    assert created.status_code == 201
    plugin = created.json()["data"]
    assert plugin == {**PLUGIN, "is_active": True, "logo": "https://app.customgpt.ai/logo.svg"}
    assert http.get(PLUGINS).json()["data"] == plugin
    changed = http.put(PLUGINS, json={"human_name": "Northwind", "is_active": "false"})
    assert changed.status_code == 200
    assert changed.json()["data"] == {**plugin, "human_name": "Northwind", "is_active": False}
    assert http.get(PLUGINS).json()["data"]["human_name"] == "Northwind"
    again = http.post(PLUGINS, json=PLUGIN)
    assert refused(again) == f"Plugin for agent with id {NORTHWIND} already exists"
    assert refused(http.get(f"/api/v1/projects/{LUMEN}/plugins"), 404).endswith(
        f"{LUMEN} not found"
    )


def test_a_plugin_needs_its_texts(http) -> None:
    incomplete = {**PLUGIN, "keywords": " "}
    assert refused(http.post(PLUGINS, json=incomplete)) == "The keywords field is required."
    assert refused(http.get(PLUGINS), 404)
    assert http.post(PLUGINS, json=PLUGIN).json()["data"]["is_active"] is False  # the default
    bad = http.put(PLUGINS, json={"is_active": "sometimes"})
    assert refused(bad) == "The is active field must be true or false."


LICENSES = f"/api/v1/projects/{NORTHWIND}/licenses"


def test_licences_answer_in_their_own_envelopes(http) -> None:
    assert http.get(LICENSES).json() == {"status": "success", "data": []}
    created = http.post(LICENSES, json={"name": "Reseller"})
    assert created.status_code == 201
    data = created.json()["data"]
    license_row = data["license"]
    assert data["licenseKey"] == license_row["key"] and len(license_row["key"]) == 36
    assert license_row["name"] == "Reseller" and license_row["project_id"] == NORTHWIND
    one = f"{LICENSES}/{license_row['id']}"
    shown = http.get(one)
    assert shown.status_code == 200
    assert shown.json() == {"status": "success", "license": license_row}  # no `data`
    renamed = http.put(one, json={"name": "Partner"})
    assert renamed.status_code == 200
    body = renamed.json()
    assert "data" not in body and body["license"]["name"] == "Partner"
    assert body["license"]["key"] == license_row["key"]
    assert http.get(LICENSES).json()["data"] == [body["license"]]
    deleted = http.delete(one)
    assert deleted.json() == {"status": "success", "data": {"deleted": True}}
    assert refused(http.get(one), 404) == f"Agent license with id {license_row['id']} not found"
    assert http.get(LICENSES).json()["data"] == []


def test_licence_ids_are_per_agent_and_checked(http) -> None:
    first = http.post(LICENSES, json={"name": "One"}).json()["data"]["license"]
    second = http.post(f"/api/v1/projects/{LUMEN}/licenses", json={"name": "Two"})
    assert second.json()["data"]["license"]["id"] == first["id"] + 1
    elsewhere = http.get(f"/api/v1/projects/{LUMEN}/licenses/{first['id']}")
    assert refused(elsewhere, 404) == f"Agent license with id {first['id']} not found"
    assert refused(http.get(f"{LICENSES}/abc"), 422) == "License id must be integer"
    assert refused(http.post(LICENSES, json={}), 422) == "The name field is required."
    too_long = http.put(f"{LICENSES}/{first['id']}", json={"name": "x" * 256})
    assert refused(too_long, 422) == "The name may not be greater than 255 characters."


def test_the_user_is_updated_from_multipart_or_json(http) -> None:
    before = http.get("/api/v1/user").json()["data"]
    photo = {"profile_photo": ("me.png", PNG, "image/png"), "name": (None, "Dana D.")}
    updated = http.post("/api/v1/user", files=photo)
    assert updated.status_code == 200
    user = updated.json()["data"]
    assert user["name"] == "Dana D."
    assert user["profile_photo_url"].startswith("https://cdn.customgpt.ai/profile-photos/1-")
    assert user["profile_photo_url"].endswith(".png")
    assert user["profile_photo_url"] != before["profile_photo_url"]
    assert {k: user[k] for k in ("id", "email", "created_at")} == {
        k: before[k] for k in ("id", "email", "created_at")
    }
    assert http.get("/api/v1/user").json()["data"] == user
    renamed = http.post("/api/v1/user", json={"name": "Dana"}).json()["data"]
    assert renamed["name"] == "Dana" and renamed["profile_photo_url"] == user["profile_photo_url"]


def test_a_user_update_is_checked(http) -> None:
    before = http.get("/api/v1/user").json()["data"]
    not_a_photo = {"profile_photo": ("me.png", b"text", "image/png"), "name": (None, "X")}
    assert refused(http.post("/api/v1/user", files=not_a_photo), 422) == (
        "The profile photo must be an image."
    )
    assert refused(http.post("/api/v1/user", json={"name": ""}), 422) == (
        "The name field is required."
    )
    assert http.get("/api/v1/user").json()["data"] == before


def test_settings_plugin_licences_and_user_survive_a_restart_with_a_data_folder(tmp_path) -> None:
    def client(server: DemoServer) -> httpx.Client:
        headers = {"Authorization": f"Bearer {TEST_KEY}"}
        return httpx.Client(base_url=server.base_url, headers=headers, timeout=10)

    with (
        DemoServer(port=0, api_key=TEST_KEY, pace=0, data_dir=tmp_path) as server,
        client(server) as http,
    ):
        assert_updated(update(http, json={"example_questions": ["Kept?"], "chatbot_title": "T"}))
        assert http.post(PLUGINS, json=PLUGIN).status_code == 201
        made = http.post(LICENSES, json={"name": "Kept"}).json()["data"]["license"]
        user = http.post("/api/v1/user", json={"name": "Kept Name"}).json()["data"]
        kept_settings = settings(http)
        saved = tmp_path / "state.json"

        def saved_with(*parts: str) -> Callable[[], bool]:
            def check() -> bool:
                text = saved.read_text(encoding="utf-8") if saved.exists() else ""
                return all(part in text for part in parts)

            return check

        assert wait_for(saved_with("Kept Name", made["key"], "NorthwindHelp"), timeout=5)
        time.sleep(1.5)  # past the saver's debounce: nothing else is pending
        renamed = http.put(f"{LICENSES}/{made['id']}", json={"name": "Renamed last"})
        made = renamed.json()["license"]
        assert wait_for(saved_with("Renamed last"), timeout=5), "saved while running, not at stop"
    with (
        DemoServer(port=0, api_key=TEST_KEY, pace=0, data_dir=tmp_path) as server,
        client(server) as http,
    ):
        assert settings(http) == kept_settings
        assert http.get(PLUGINS).json()["data"]["model_name"] == PLUGIN["model_name"]
        assert http.get(LICENSES).json()["data"] == [made]
        assert http.get("/api/v1/user").json()["data"] == user
        again = http.post(LICENSES, json={"name": "Next"}).json()["data"]["license"]
        assert again["id"] == made["id"] + 1  # the licence ids go on

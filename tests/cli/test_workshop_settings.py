"""`cgpt-tui settings` as a script would use it, against the stand-in."""

from __future__ import annotations

import json

from tests.cli.workshop_run import cli

NORTHWIND = 103


def test_without_pairs_the_settings_show_under_their_api_names(demo_server, tmp_path) -> None:
    shown = cli(demo_server, tmp_path, "settings", "--agent", str(NORTHWIND))
    assert shown.returncode == 0, shown.stderr
    rows = dict(line.split(None, 1) for line in shown.stdout.splitlines())
    assert rows["chatbot_title"] == "Northwind Assistant"
    assert rows["chatbot_msg_lang"] == "en"
    assert rows["example_questions"].startswith("How do I reset my password? | ")
    document = json.loads(cli(demo_server, tmp_path, "settings", "--agent", "103", "--json").stdout)
    assert document["persona_instructions"] == rows["persona_instructions"]
    assert demo_server.api_key not in shown.stdout + shown.stderr


def test_pairs_change_those_settings_keep_the_others_and_show_the_result(
    demo_server, tmp_path
) -> None:
    before = json.loads(cli(demo_server, tmp_path, "settings", "--agent", "103", "--json").stdout)
    changed = cli(
        demo_server,
        tmp_path,
        "settings",
        "--agent",
        "103",
        "--json",
        "persona_instructions=Answer like a pirate",
        "example_questions=Where is the treasure?|Who is the captain?",
        "markdown_enabled=no",
        "enable_citations=1",
    )
    assert changed.returncode == 0, changed.stderr
    after = json.loads(changed.stdout)
    assert after["persona_instructions"] == "Answer like a pirate"
    assert after["example_questions"] == ["Where is the treasure?", "Who is the captain?"]
    assert after["markdown_enabled"] is False and after["enable_citations"] == 1
    assert after["chatbot_title"] == before["chatbot_title"] == "Northwind Assistant"
    assert after["chatbot_model"] == before["chatbot_model"]  # unnamed settings are kept
    # What the server holds, not only what was printed:
    listed = cli(demo_server, tmp_path, "settings", "--agent", "103", 'example_questions=["a|b"]')
    assert listed.returncode == 0, listed.stderr
    rows = dict(line.split(None, 1) for line in listed.stdout.splitlines())
    assert rows["example_questions"] == "a|b" and rows["persona_instructions"].endswith("pirate")


def test_an_unknown_key_is_a_usage_error_listing_the_known_ones(demo_server, tmp_path) -> None:
    refused = cli(demo_server, tmp_path, "settings", "--agent", "103", "persona=x")
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert "unknown setting 'persona'" in refused.stderr
    assert "persona_instructions" in refused.stderr and "example_questions" in refused.stderr
    wrong_bool = cli(
        demo_server, tmp_path, "settings", "--agent", "103", "markdown_enabled=perhaps"
    )
    assert wrong_bool.returncode == 2 and "true or false" in wrong_bool.stderr


def test_a_refused_change_exits_non_zero_with_the_servers_message(demo_server, tmp_path) -> None:
    refused = cli(
        demo_server,
        tmp_path,
        "settings",
        "--agent",
        "103",
        "persona_instructions=Not saved",
        "chatbot_model=no-such-model",
    )
    assert refused.returncode == 1
    assert refused.stdout == ""
    assert refused.stderr.strip().splitlines() == [
        f"cgpt-tui: {demo_server.base_url.split('//')[1]} answered HTTP 400: "
        "The selected chatbot model is invalid."
    ]
    shown = cli(demo_server, tmp_path, "settings", "--agent", "103", "--json")
    assert json.loads(shown.stdout)["persona_instructions"] != "Not saved"  # nothing applied
    missing = cli(demo_server, tmp_path, "settings", "--agent", "999999")
    assert missing.returncode == 1 and "999999" in missing.stderr


def test_hostile_setting_text_is_cleaned_in_the_table(demo_server, tmp_path) -> None:
    changed = cli(
        demo_server,
        tmp_path,
        "settings",
        "--agent",
        "103",
        "chatbot_title=Evil\x1b[2J\x1b]52;c;aGk=\x07 \u202eTitle",
    )
    assert changed.returncode == 0, changed.stderr
    assert "\x1b" not in changed.stdout and "\u202e" not in changed.stdout
    rows = dict(line.split(None, 1) for line in changed.stdout.splitlines())
    assert rows["chatbot_title"] == "Evil Title"


def test_no_key_says_to_log_in(demo_server, tmp_path) -> None:
    done = cli(demo_server, tmp_path, "settings", "--agent", "103", key=None)
    assert done.returncode == 2 and "cgpt-tui login" in done.stderr


PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f80f00000101000518d84e0000000049454e44ae426082"
)


def test_an_avatar_key_takes_a_file_and_uploads_it(demo_server, tmp_path) -> None:
    image = tmp_path / "face.png"
    image.write_bytes(PNG_1X1)
    changed = cli(
        demo_server, tmp_path, "settings", "--agent", "103", "--json", f"chat_bot_avatar={image}"
    )
    assert changed.returncode == 0, changed.stderr
    avatar = json.loads(changed.stdout)["chatbot_avatar"]
    assert avatar != "https://cdn.customgpt.ai/avatars/default.png" and avatar.endswith(".png")
    text = tmp_path / "face.txt"
    text.write_text("not an image", encoding="utf-8")
    refused = cli(demo_server, tmp_path, "settings", "--agent", "103", f"chat_bot_avatar={text}")
    assert refused.returncode == 1 and "valid image" in refused.stderr

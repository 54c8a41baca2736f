"""The drafts file: two instances on one profile keep each other's drafts."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from cgpt_tui.local.drafts import Drafts


def test_two_instances_on_one_profile_keep_each_others_drafts(tmp_path: Path) -> None:
    path = tmp_path / "drafts.json"
    first = Drafts(path, "default")
    first.put("kept", "typed before the second one started")
    first.put("sent-later", "sent from the second terminal")
    first.save()

    left, right = Drafts(path, "default"), Drafts(path, "default")
    left.put("left-only", "typed on the left")
    right.put("right-only", "typed on the right")
    right.put("sent-later", "")  # sent on the right: cleared
    right.save()
    left.save()  # the last to quit used to write its start-up snapshot over everything

    again = Drafts(path, "default")
    assert again.get("left-only") == "typed on the left"
    assert again.get("right-only") == "typed on the right"
    assert again.get("kept") == "typed before the second one started"
    assert again.get("sent-later") == ""


def test_a_save_with_nothing_changed_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "drafts.json"
    drafts = Drafts(path, "work")
    drafts.put("a", "  ")
    drafts.save()
    assert not path.exists()
    drafts.put("a", "words")
    assert drafts.unsaved
    drafts.save()
    assert not drafts.unsaved
    path.write_text(json.dumps({"work": {"a": "changed elsewhere"}, "home": {"b": "x"}}))
    drafts.put("a", "words")  # the same as it holds: nothing to write
    drafts.save()
    assert json.loads(path.read_text())["work"]["a"] == "changed elsewhere"
    drafts.put("c", "more")
    drafts.save()
    assert json.loads(path.read_text()) == {
        "work": {"a": "changed elsewhere", "c": "more"},
        "home": {"b": "x"},
    }


def test_two_instances_saving_at_the_same_time_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "drafts.json"

    def typing(name: str) -> None:
        drafts = Drafts(path, "default")
        for n in range(30):
            drafts.put(f"{name}-{n}", f"draft {n} of {name}")
            drafts.save()

    threads = [threading.Thread(target=typing, args=(name,)) for name in ("left", "right")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = Drafts(path, "default")
    missing = [
        f"{name}-{n}"
        for name in ("left", "right")
        for n in range(30)
        if not saved.get(f"{name}-{n}")
    ]
    assert not missing

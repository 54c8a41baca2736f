"""The README's screenshots are current: generating them again gives the committed files."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_committed_screenshots_are_what_the_script_makes(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate", ROOT / "screenshots" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.generate(tmp_path)
    assert len(made) == 5
    for path in made:
        committed = ROOT / "screenshots" / path.name
        assert committed.exists(), f"{path.name} is not committed: run screenshots/generate.py"
        assert path.read_text() == committed.read_text(), (
            f"{path.name} is out of date: run python screenshots/generate.py and look at it"
        )
        assert "screenshot-key" not in path.read_text()  # no key in a picture

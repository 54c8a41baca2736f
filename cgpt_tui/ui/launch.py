"""Start the app (imported only when the UI is really wanted, to keep `--help` fast)."""

from __future__ import annotations


def launch(*, base_url: str, api_key: str, demo: bool = False) -> int:
    from cgpt_tui.ui.app import CgptApp

    app = CgptApp(base_url=base_url, api_key=api_key, demo=demo)
    app.run()
    return app.return_code or 0

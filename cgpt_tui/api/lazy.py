"""Modules loaded at their first use rather than when imported.

The records of the workshop (content_records), the reports (report_records) and the
OpenAI-compatible endpoint (completions) are ~12 ms of dataclass building that the app's
first frame does not need; the endpoint modules that use them hold them through
`lazy_module`, and `cgpt_tui.api` names them through its module `__getattr__`.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_module(name: str) -> ModuleType:
    """The module `name`, run when one of its attributes is first read (the standard
    library's LazyLoader); the module itself if it is loaded already."""
    module = sys.modules.get(name)
    if module is not None:
        return module
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module

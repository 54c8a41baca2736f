"""httpx, imported without its command-line tool.

httpx imports its command-line tool whenever click is installed (uvicorn brings it): click,
rich.progress and pygments, ~90 ms, for a tool never run here. A None entry in sys.modules
makes that one import fail at once, and httpx then puts in the stand-in it has for a missing
tool; `python -m httpx` and `import httpx._main` work as before. (The import system documents
None entries; typeshed's sys.modules holds modules only.)

The modules that speak HTTP import httpx from here, when they are first imported: the app
imports none of them before its first frame (see prefetch.py).
"""

import sys
from types import ModuleType
from typing import cast

if "httpx" not in sys.modules:
    cast(dict[str, ModuleType | None], sys.modules)["httpx._main"] = None
    try:
        import httpx
    finally:
        del sys.modules["httpx._main"]
else:
    import httpx

__all__ = ["httpx"]

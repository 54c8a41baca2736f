"""Keeping the garbage collector's full passes short.

A full collection walks every tracked object; with Textual's styles and a long history
painted that took 40–80 ms, and it came every few seconds while answers streamed or pages
loaded. Objects that will live as long as what they belong to (the app's widgets, a painted
conversation) are collected once more and then frozen: later passes skip them. Frozen objects
are still freed when nothing refers to them; only a reference cycle among them would stay.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def freeze_survivors(*, collect: bool = True) -> None:
    """Collect garbage now (unless told not to), then leave everything still alive out of
    later full passes. Starting up, the collection is skipped: it walks every object the
    start made (~150 ms) and would hold back the frame that shows the agents."""
    if collect:
        gc.collect()
    gc.freeze()


@contextmanager
def bulk_allocation() -> Iterator[None]:
    """No collection while a batch of long-lived objects is made (10,000 list rows make
    enough objects to set off a full pass in the middle, 100–200 ms); the next pass after
    the batch sees whatever garbage it left."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_held = False  # collections are off until the first frame is out (hold_collections)


def hold_collections() -> None:
    """No collection while the app starts, until `resume_collections` (after its first
    frame): the young passes that imports and building the first screen set off took
    ~25 ms of a ~0.55 s start (`python -X importtime` of the start path, gc on and off).
    The garbage cycles of the start are then kept (frozen with the start's objects by
    `freeze_survivors`): ~50,000 objects, ~0.8 MB of memory, once."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def resume_collections() -> None:
    """Collections on again, if `hold_collections` turned them off."""
    global _held
    if _held:
        _held = False
        gc.enable()

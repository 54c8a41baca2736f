"""`record`: a frozen dataclass whose `__eq__`, `__hash__` and `__repr__` are shared.

Python 3.11's dataclasses write each method they add as source text and compile it, one
`exec` per method: six for a frozen class. For the ~40 frozen classes a start imports that
was 156 M instructions of a ~2.1 G start (cachegrind), 54 M of them comparing, hashing and
printing. `record` is `dataclass(frozen=True)` with those three written once, here, and
meaning what dataclass's mean: equal when of the same class with equal compared fields,
the hash of those fields' tuple (`field(compare=False)` and `hash=` honoured), and
`Name(field=value, …)` of the fields shown (`field(repr=False)` honoured; a record holding
itself prints `...`). A method the class writes itself is kept, as dataclass keeps it.
`__init__` and the frozen `__setattr__`/`__delattr__` are still dataclass's own.
"""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from dataclasses import MISSING, Field, dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")

_KEY = "__record_key__"  # per class: self -> the tuple of the fields compared
_HASHED = "__record_hashed__"  # per class: self -> the tuple of the fields hashed
_SHOWN = "__record_shown__"  # per class: the names of the fields in the repr


def _getter(names: tuple[str, ...]) -> Callable[[object], tuple[Any, ...]]:
    """self -> the tuple of these attributes (attrgetter gives a bare value for one)."""
    if not names:
        return lambda self: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda self: (one(self),)
    return attrgetter(*names)


def _record_eq(self: object, other: object) -> bool:
    if other.__class__ is self.__class__:
        key = getattr(self.__class__, _KEY)
        return bool(key(self) == key(other))
    return NotImplemented


def _record_hash(self: object) -> int:
    return hash(getattr(self.__class__, _HASHED)(self))


@reprlib.recursive_repr()
def _record_repr(self: object) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in getattr(self, _SHOWN))
    return f"{self.__class__.__qualname__}({shown})"


def _hashed(each: Field[Any]) -> bool:
    return bool(each.compare) if each.hash is None else bool(each.hash)


def _share_methods(cls: type[T]) -> type[T]:
    every = fields(cls)  # type: ignore[arg-type]
    setattr(cls, _KEY, _getter(tuple(each.name for each in every if each.compare)))
    setattr(cls, _HASHED, _getter(tuple(each.name for each in every if _hashed(each))))
    setattr(cls, _SHOWN, tuple(each.name for each in every if each.repr))
    own = cls.__dict__
    # As dataclass decides: a hash written in the class is kept, the None that Python puts
    # there for a written __eq__ is not.
    written_hash = own.get("__hash__", MISSING)
    if written_hash is MISSING or (written_hash is None and "__eq__" in own):
        cls.__hash__ = _record_hash  # type: ignore[method-assign]
    if "__eq__" not in own:
        cls.__eq__ = _record_eq  # type: ignore[method-assign]
    if "__repr__" not in own:
        cls.__repr__ = _record_repr  # type: ignore[method-assign]
    return cls


@overload
def record(cls: type[T], /) -> type[T]: ...
@overload
def record(*, kw_only: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(
    cls: type[T] | None = None, /, *, kw_only: bool = False
) -> type[T] | Callable[[type[T]], type[T]]:
    """`@record` or `@record(kw_only=True)`: `@dataclass(frozen=True)`, built cheaper."""

    def build(cls: type[T]) -> type[T]:
        built = dataclass(frozen=True, eq=False, repr=False, kw_only=kw_only)(cls)
        return _share_methods(built)

    return build if cls is None else build(cls)

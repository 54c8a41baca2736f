"""`record` means what `dataclass(frozen=True)` means: each class here is built both ways, and
the two must agree on equality, hashing, repr, freezing and the dataclass functions."""

from __future__ import annotations

import dataclasses
from dataclasses import FrozenInstanceError, field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cgpt_tui.api.frozen import record

values = st.one_of(st.none(), st.integers(-3, 3), st.text(max_size=3), st.booleans())


def both(body: dict[str, Any], annotations: dict[str, str]) -> tuple[type, type]:
    """The class `Point` with these fields, as a record and as a frozen dataclass."""

    def make() -> type:
        namespace = {"__annotations__": dict(annotations), "__module__": __name__, **body}
        cls = type("Point", (), namespace)
        cls.__qualname__ = "Point"
        return cls

    return record(make()), dataclasses.dataclass(frozen=True)(make())


PLAIN = both({}, {"x": "object", "y": "object"})
SKIPPING = both(  # a field out of comparison (and so of the hash), one out of the repr
    {"note": field(default=None, compare=False), "secret": field(default=None, repr=False)},
    {"x": "object", "note": "object", "secret": "object"},
)
HASH_ONLY_X = both({"y": field(default=None, hash=False)}, {"x": "object", "y": "object"})
EMPTY = both({}, {})


def hash_or_error(value: object) -> object:
    try:
        return hash(value)
    except TypeError as error:
        return type(error)


@given(values, values, values, values)
def test_equality_hash_and_repr_agree_with_dataclass(a: object, b: object, c: object, d: object):
    for ours, theirs in (PLAIN, HASH_ONLY_X):
        left, right = ours(a, b), ours(c, d)
        twin_left, twin_right = theirs(a, b), theirs(c, d)
        assert (left == right) == (twin_left == twin_right)
        assert (left != right) == (twin_left != twin_right)
        assert hash_or_error(left) == hash_or_error(twin_left)
        assert repr(left) == repr(twin_left)
    ours, theirs = SKIPPING
    assert (ours(a, b, c) == ours(a, d, d)) == (theirs(a, b, c) == theirs(a, d, d))
    assert hash_or_error(ours(a, b, c)) == hash_or_error(theirs(a, b, c))
    assert repr(ours(a, b, c)) == repr(theirs(a, b, c))


def test_unhashable_values_are_unhashable_records():
    ours, theirs = PLAIN
    for make in (ours, theirs):
        with pytest.raises(TypeError):
            hash(make([1], 2))
    assert hash(HASH_ONLY_X[0](1, [2])) == hash(HASH_ONLY_X[1](1, [2]))  # y is not hashed


def test_other_classes_are_never_equal():
    ours, theirs = PLAIN
    assert ours(1, 2) != theirs(1, 2)
    assert ours(1, 2) != (1, 2)
    assert ours(1, 2).__eq__((1, 2)) is NotImplemented
    assert EMPTY[0]() == EMPTY[0]() and hash(EMPTY[0]()) == hash(EMPTY[1]())
    assert repr(EMPTY[0]()) == "Point()"


def test_a_record_holding_itself_prints_dots():
    ours, theirs = PLAIN
    mine, twin = ours([], 0), theirs([], 0)
    mine.x.append(mine)
    twin.x.append(twin)
    assert repr(mine) == repr(twin) == "Point(x=[...], y=0)"


def test_frozen_and_a_dataclass_still():
    ours, _ = PLAIN
    point = ours(1, 2)
    with pytest.raises(FrozenInstanceError):
        point.x = 3  # type: ignore[attr-defined]
    with pytest.raises(FrozenInstanceError):
        del point.y  # type: ignore[attr-defined]
    assert dataclasses.is_dataclass(point)
    assert [each.name for each in dataclasses.fields(point)] == ["x", "y"]
    assert dataclasses.replace(point, y=5) == ours(1, 5)
    assert dataclasses.asdict(point) == {"x": 1, "y": 2}
    assert ours.__match_args__ == ("x", "y")


def test_methods_the_class_writes_are_kept():
    @record
    class Redacted:
        key: str

        def __repr__(self) -> str:
            return "Redacted(key=…)"

    @record
    class ByLength:
        word: str

        def __eq__(self, other: object) -> bool:
            return isinstance(other, ByLength) and len(other.word) == len(self.word)

        def __hash__(self) -> int:
            return len(self.word)

    @record
    class EqOnly:  # Python sets __hash__ = None for it; dataclass adds the fields' hash
        word: str

        def __eq__(self, other: object) -> bool:
            return isinstance(other, EqOnly)

    assert repr(Redacted("k")) == "Redacted(key=…)"
    assert ByLength("ab") == ByLength("cd") and hash(ByLength("abc")) == 3
    assert EqOnly("a") == EqOnly("b") and hash(EqOnly("a")) == hash(("a",))


def test_keyword_only():
    @record(kw_only=True)
    class Options:
        size: int
        name: str = ""

    assert Options(size=1) == Options(size=1, name="")
    with pytest.raises(TypeError):
        Options(1)  # type: ignore[misc]


def test_subclass_records_compare_their_own_fields():
    @record
    class Base:
        x: int

    @record
    class Child(Base):
        y: int

    assert Child(1, 2) != Child(1, 3)
    assert Child(1, 2) != Base(1)
    assert repr(Child(1, 2)).endswith("Child(x=1, y=2)")

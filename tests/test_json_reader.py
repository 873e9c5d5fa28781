"""The one strict, bounded JSON reader (govtasks._json) on its own: what it refuses, and how it tells."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest

from govtasks import _json
from govtasks._json import Refusal, Refused


def marked(refused: Refused) -> Refused:
    return refused


def read(text: Any, max_depth: int = 64) -> Any:
    return _json.loads(text, refuse=marked, max_depth=max_depth)


def test_what_strict_json_may_not_hold_is_handed_to_refuse_where_it_stands() -> None:
    assert read('{"a": [1, {"b": 2, "b": 3}], "c": NaN, "d": -Infinity, "e": Infinity}') == {
        "a": [1, Refused(kind=Refusal.KEY_TWICE, text="b")],
        "c": Refused(kind=Refusal.CONSTANT, text="NaN"),
        "d": Refused(kind=Refusal.CONSTANT, text="-Infinity"),
        "e": Refused(kind=Refusal.CONSTANT, text="Infinity"),
    }


def test_integers_of_up_to_19_digits_are_read_and_longer_ones_refused() -> None:
    assert read(f"[{'9' * 19}, -{'9' * 19}, 0, -0]") == [int("9" * 19), -int("9" * 19), 0, 0]
    long, negative = read(f"[{'9' * 20}, -{'9' * 5_000}]")
    assert long == Refused(kind=Refusal.LONG_INTEGER, text="9" * 20)
    assert (long.digits, negative.digits, len(negative.text)) == (20, 5_000, 5_001)
    assert read("[1.5, 1e400]") == [1.5, float("inf")]  # floats are the caller's to refuse by type


def test_refuse_may_raise_instead() -> None:
    class Stop(Exception):
        pass

    def stop(refused: Refused) -> Any:
        raise Stop(refused.kind)

    for text in ('{"a": 1, "a": 2}', "[NaN]", "[" + "1" * 30 + "]"):
        with pytest.raises(Stop):
            _json.loads(text, refuse=stop, max_depth=32)
    assert _json.loads('{"a": [1]}', refuse=stop, max_depth=32) == {"a": [1]}


def test_bytes_are_utf8_and_a_byte_order_mark_is_ignored() -> None:
    assert read(b'\xef\xbb\xbf{"a": "\xe5\xad\x97"}') == {"a": "字"}
    assert read('\ufeff["x"]') == ["x"]
    assert read(bytearray(b"[1]")) == read(memoryview(b"[1]")) == [1]
    with pytest.raises(_json.NotUtf8) as caught:
        read(b'{"a":\n "\xc3\x28"}')
    error = caught.value
    assert (error.offset, error.line, error.column) == (8, 2, 3)
    assert str(error) == "not UTF-8: invalid continuation byte at byte 8 (line 2, column 3 in bytes)"
    with pytest.raises(_json.NotUtf8):
        read('{"a": 1}'.encode("utf-16"))  # json.loads would guess it
    with pytest.raises(TypeError, match="expected JSON as str or bytes, not NoneType"):
        read(None)


def test_text_that_is_not_json_keeps_jsons_own_message() -> None:
    with pytest.raises(_json.NotJson) as caught:
        read('{"a": }')
    error = caught.value
    with pytest.raises(json.JSONDecodeError) as original:
        json.loads('{"a": }')
    assert str(error) == str(original.value)
    assert (error.reason, error.line, error.column) == ("Expecting value", 1, 7)
    assert isinstance(error, ValueError)


def test_nesting_deeper_than_python_reads_is_placed_at_the_limit() -> None:
    with pytest.raises(_json.TooDeep) as caught:
        read('{"a":\n' + "[" * 100_000, max_depth=10)
    error = caught.value
    assert (error.depth, error.line, error.column) == (10, 2, 10)
    assert read("[" * 100 + "]" * 100, max_depth=10) == json.loads("[" * 100 + "]" * 100)  # Python reads it


def test_deeper_than_skips_strings_even_unclosed_ones() -> None:
    assert _json.deeper_than('["[[[", {"a": "]]]{"}]', 2) is None
    assert _json.deeper_than('[[["x"]]]', 2) == (1, 3)
    assert _json.deeper_than('["\\"[[[[', 1) is None  # a string that never closes runs to the end
    assert _json.deeper_than("\n  [\n [", 1) == (3, 2)
    hostile = "[" * 5_000 + '"' + '\\"' * 200_000  # linear: each character is read once
    assert _json.deeper_than(hostile, 64) == (1, 65)


def test_native_integers_are_converted_by_python_within_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """For a caller whose types refuse large numbers anyway: no call per integer, and still linear."""

    def native(text: str) -> Any:
        return _json.loads(text, refuse=marked, max_depth=8, native_integers=True)

    within, beyond = f"[{'9' * 30}, 7]", f"[{'9' * 30}, -{'9' * 5_000}]"
    assert native(within) == [int("9" * 30), 7]
    assert native(beyond) == read(beyond)  # one integer past Python's bound: read again, every one bounded
    assert native(beyond)[1] == Refused(kind=Refusal.LONG_INTEGER, text="-" + "9" * 5_000)
    for limit in (0, 100_000):  # Python's bound lifted: every integer is bounded again
        monkeypatch.setattr(sys, "get_int_max_str_digits", lambda limit=limit: limit)
        assert native(within) == read(within) == [Refused(kind=Refusal.LONG_INTEGER, text="9" * 30), 7]

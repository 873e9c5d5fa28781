"""Mutations of real texts (the bundled source, the corpus) for fuzzing the parser: seeded, so every
failure can be replayed.

:func:`cases` mutates a text in place; :func:`hostile_cases` also grows it up to 1 MB with runs
of the grammar's own pieces, breaks its lines with every Unicode line separator, writes deadline
sentences into it, and gives it as bytes in mixed encodings.

Run the full set with ``GOVTASKS_FUZZ_CASES=10000 python -m pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import contextlib
import random
import signal
from collections.abc import Callable, Iterator

Mutation = Callable[[random.Random, str], str]

_WIDE = str.maketrans("():;,.", "（）：；，．")
_NARROW = str.maketrans("（）：；，．", "():;,.")
_GARBAGE = [
    "(", ")", "（", "）", "〈", "〉", "《", "》", "、", ",", ":", ";", "——", "一、", "(三)", "12.", "共", "项",
    "牵头单位:", "责任单位:", "\x00", "\u3000", "\ufeff", "\r", "\t", "\ud800", "😀", "Ω", "年", "月", "日",
    "2020年2月3日", "【字号】", "∙", "正文", "文章属性", "\n", "\n\n", " ", "9" * 30,
]  # fmt: skip


def _lines(rng: random.Random, text: str) -> tuple[list[str], int]:
    lines = text.split("\n")
    return lines, rng.randrange(len(lines))


def delete_line(rng: random.Random, text: str) -> str:
    lines, i = _lines(rng, text)
    return "\n".join(lines[:i] + lines[i + 1 :])


def duplicate_line(rng: random.Random, text: str) -> str:
    lines, i = _lines(rng, text)
    return "\n".join(lines[: i + 1] + lines[i:])


def swap_lines(rng: random.Random, text: str) -> str:
    lines, i = _lines(rng, text)
    j = rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def swap_width(rng: random.Random, text: str) -> str:
    """Turn the punctuation of a stretch of text full-width, or back to ASCII."""
    start = rng.randrange(len(text))
    end = min(len(text), start + rng.randrange(1, 400))
    table = _WIDE if rng.random() < 0.5 else _NARROW
    return text[:start] + text[start:end].translate(table) + text[end:]


def insert_garbage(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    junk = "".join(rng.choice(_GARBAGE) for _ in range(rng.randrange(1, 6)))
    return text[:at] + junk + text[at:]


def unbalance(rng: random.Random, text: str) -> str:
    """Drop or double one bracket."""
    positions = [i for i, c in enumerate(text) if c in "()（）〈〉《》【】"]
    if not positions:
        return text
    i = rng.choice(positions)
    return text[:i] + (text[i] * 2 if rng.random() < 0.5 else "") + text[i + 1 :]


def truncate(rng: random.Random, text: str) -> str:
    return text[: rng.randrange(len(text) + 1)]


MUTATIONS: tuple[Mutation, ...] = (
    delete_line, duplicate_line, swap_lines, swap_width, insert_garbage, unbalance, truncate,
)  # fmt: skip

MAX_BYTES = 1 << 20
"""The largest input the hostile cases grow to: 1 MB."""
LINE_BREAKS = ("\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e")
"""Every line separator Python's str.splitlines knows besides LF."""
_PIECES = [
    *_GARBAGE, "要", "经", "于", "前", "将", "报送", "同时,一并上报", "甲要于1月1日前将", "1月1日", " ", "一",
    "(共1项)", "(1)", "(一)", "①", "1.", "1、", "|", "牵头", "配合", "责任单位", "市财政局、", "等", "★",
    "列第一位的为牵头单位", "zhèng", "【标题】", "索引号", "—", "-", "·", "\t",
]  # fmt: skip
_DEADLINE = (
    "各责任单位要分别于2020年4月15日、7月15日前,将第一、第二季度工作进展情况,"
    "经分管领导审核后报送市政府督查室,同时一并上报电子版。"
)


def _size(text: str) -> int:
    """The bytes of ``text`` in UTF-8, counting a lone surrogate as three."""
    return len(text.encode("utf-8", "surrogatepass"))


def _log_size(rng: random.Random, limit: int) -> int:
    """A size from 1 to ``limit``, as likely in each power of two: most cases small, some near the limit."""
    return max(1, int(2 ** rng.uniform(0, limit.bit_length() - 1)))


def run_of_piece(rng: random.Random, text: str) -> str:
    """Insert one piece of the grammar, repeated into a run of up to 1 MB."""
    piece = rng.choice(_PIECES)
    at = rng.randrange(len(text) + 1)
    return text[:at] + piece * max(1, _log_size(rng, MAX_BYTES) // max(1, _size(piece))) + text[at:]


def grow(rng: random.Random, text: str) -> str:
    """Repeat a stretch of the text (whole items, half items) until the text is up to 1 MB."""
    start = rng.randrange(len(text))
    stretch = text[start : start + rng.randrange(1, 2000)]
    copies = max(1, _log_size(rng, MAX_BYTES) // max(1, _size(stretch)))
    return text[:start] + stretch * copies + text[start:]


def break_lines(rng: random.Random, text: str) -> str:
    """End some lines, or all, with another line separator."""
    breaks = [rng.choice(LINE_BREAKS) for _ in range(rng.choice((1, 3)))]
    share = rng.choice((0.2, 1.0))
    return "".join(line + (rng.choice(breaks) if rng.random() < share else "\n") for line in text.split("\n"))[:-1]


def deadline_sentences(rng: random.Random, text: str) -> str:
    """Write deadline sentences, whole or cut, into the notice at the top of the text."""
    lines = text.split("\n")
    at = rng.randrange(min(len(lines), 20))
    sentence = _DEADLINE[: rng.randrange(len(_DEADLINE) + 1)] * rng.choice((1, 2, 50, 5000))
    lines[at] = lines[at] + sentence
    return "\n".join(lines)


HOSTILE_MUTATIONS: tuple[Mutation, ...] = (*MUTATIONS, run_of_piece, grow, break_lines, deadline_sentences)
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "big5")


def encoded(rng: random.Random, text: str) -> bytes:
    """The text as bytes: in one encoding, in two (split at a random place), or with some bytes flipped."""

    def encode(part: str) -> bytes:
        return part.encode(rng.choice(ENCODINGS), "replace")

    kind = rng.randrange(3)
    if kind == 0:
        return encode(text)
    at = rng.randrange(len(text) + 1)
    data = encode(text[:at]) + encode(text[at:])
    if kind == 1:
        return data
    flipped = bytearray(data)
    for _ in range(rng.randrange(1, 8)):
        if flipped:
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
    return bytes(flipped)


def _at_most(size: int, text: str) -> str:
    """``text`` cut to about ``size`` bytes of UTF-8 (lone surrogates kept: they are part of the test)."""
    length = _size(text)
    return text if length <= size else text[: len(text) * size // length]


def hostile_cases(source: str, count: int, seed: int = 2026) -> Iterator[tuple[str, str | bytes]]:
    """``count`` (name, text or bytes) cases: one to three hostile mutations, a fifth of them given as bytes."""
    rng = random.Random(seed)
    for k in range(count):
        text, names = source, []
        for _ in range(rng.randrange(1, 4)):
            mutation = rng.choice(HOSTILE_MUTATIONS)
            text = mutation(rng, text)[:MAX_BYTES] if text else text
            names.append(mutation.__name__)
        if rng.random() < 0.2:
            yield f"hostile case {k}: {' + '.join(names)}, as bytes", encoded(rng, text)
        else:
            yield f"hostile case {k}: {' + '.join(names)}", text


def cases(source: str, count: int, seed: int = 2020) -> Iterator[tuple[str, str]]:
    """``count`` (name, text) cases: truncations spread over every offset, then mixed mutations.

    With ``count`` at least the source's length plus one, the source is cut at every offset.
    """
    cuts = min(count // 2, len(source) + 1)
    step = (len(source) + 1) / cuts if cuts else 1
    for k in range(cuts):
        offset = round(k * step)
        yield f"truncated at {offset}", source[:offset]
    rng = random.Random(seed)
    for k in range(count - cuts):
        text = source
        names = []
        for _ in range(rng.randrange(1, 4)):  # one to three mutations on top of each other
            mutation = rng.choice(MUTATIONS)
            text = mutation(rng, text) if text else text
            names.append(mutation.__name__)
        yield f"case {k}: {' + '.join(names)}", text


_JSON_GARBAGE = [
    "NaN", "Infinity", "-1", "0", "1" * 30, '"\\ud800"', '{"a":' * 200, "[" * 200, "null", "true", '""', "{}",
    "[]", '"x"', ",", ":", "}", "]", "\u00e9", "\xff",
]  # fmt: skip
"""Pieces that JSON readers mishandle: bad numbers, deep nesting, lone surrogate escapes, wrong types."""


def damaged(rng: random.Random, data: bytes, pieces: list[str]) -> bytes:
    """``data`` with one to three edits: a byte flipped, a span cut or doubled, a piece inserted,
    or an object's key written twice (``"k": 1, "k": 1``)."""
    for _ in range(rng.randrange(1, 4)):
        at = rng.randrange(len(data) + 1)
        span = rng.randrange(1, 64)
        edit = rng.randrange(5)
        if edit == 0 and data:
            data = data[: min(at, len(data) - 1)] + bytes([rng.randrange(256)]) + data[min(at, len(data) - 1) + 1 :]
        elif edit == 1:
            data = data[:at] + data[at + span :]
        elif edit == 2:
            data = data[: at + span] + data[at : at + span] + data[at + span :]
        elif edit == 3:
            data = data[:at] + rng.choice(pieces).encode("utf-8", "surrogatepass") + data[at:]
        elif (key := data.find(b'"', at)) >= 0 and (end := data.find(b",", key)) >= 0:
            data = data[: end + 1] + data[key : end + 1] + data[end + 1 :]
    return data


def json_cases(text: str, count: int, seed: int) -> Iterator[bytes]:
    """``count`` damaged copies of a JSON document."""
    rng = random.Random(seed)
    for _ in range(count):
        yield damaged(rng, text.encode("utf-8"), _JSON_GARBAGE)


class Hang(Exception):
    """A case ran over its limit of CPU time."""


@contextlib.contextmanager
def cpu_limit(name: str, size: int) -> Iterator[None]:
    """Fail the case as a hang if it uses more CPU time than 10 s, plus 20 s for each MB of input.

    Linear readers take a few seconds for a megabyte of the most hostile shapes; a quadratic one
    takes hours. The limit counts this process's CPU time (SIGPROF), so a busy machine does not trip it.
    """
    seconds = 10 + 20 * size / 1e6

    def interrupt(signum: int, frame: object) -> None:
        raise Hang(f"{name}: more than {seconds:.0f} s of CPU time on {size:,} characters or bytes")

    previous = signal.signal(signal.SIGPROF, interrupt)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    except Hang as hang:  # a fresh failure: the interrupted frames can lack line numbers, which pytest needs
        raise AssertionError(str(hang)) from None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@contextlib.contextmanager
def no_limit(name: str, size: int) -> Iterator[None]:
    """No limit: the mutations of :func:`cases` keep the input's size."""
    yield

"""Mutations of real texts (the bundled source, the corpus) for fuzzing the parser: seeded, so every
failure can be replayed.

Run the full set with ``GOVTASKS_FUZZ_CASES=10000 python -m pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import random
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

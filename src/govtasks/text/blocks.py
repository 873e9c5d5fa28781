"""Splitting a text into blocks: a marker (一、, (一), ——, 1., (1), ①, ▲) and what follows it.

Web copies run paragraphs together and wrap lines inside words, so a block is a
logical unit: a marked line with its hard-wrapped continuations, or an unmarked
paragraph. A line that begins with a label or a bracketed list belongs to the block
before it. Blocks nest by the rank of their markers, as official documents number
their levels (一、 > (一) > —— > 1. > (1) > ① > ▲).
"""

from __future__ import annotations

import re

from attrs import define, field

from govtasks._text import Joined, Line, numeral_value
from govtasks.text import grammar
from govtasks.text.tails import find_tail

_SENTENCE_END = ("。", "!", "?", ";", ":", ".")
_CLOSING_QUOTES = "”’」』)]"
_HEADING_RANKS = 2  # 一、 (一) —— end at their line's end
TOPIC_RANK = 2.5
"""An unmarked topic line (打好防范化解重大风险攻坚战。) stands between —— and 1."""


@define
class Block:
    rank: float | None
    """The marker's rank (lower encloses higher); None for an unmarked paragraph."""
    number: int | None
    marker: str | None
    joined: Joined
    parent: int | None = None
    children: list[int] = field(factory=list)
    depth: int = 0
    """Brackets left open at the end of the text so far, counted as lines arrive (so a long block costs its length)."""
    listed: bool | None = None
    """Whether the block carries a list of its own, once asked; forgotten when a line is added."""
    folded_parts: list[str] = field(factory=list)

    @classmethod
    def start(
        cls, line: Line, folded: str, skip: int, rank: float | None, number: int | None, marker: str | None
    ) -> Block:
        block = cls(rank=rank, number=number, marker=marker, joined=Joined())
        block.add(line, folded, skip)
        return block

    def add(self, line: Line, folded: str, skip: int = 0) -> None:
        """Append a line (``folded`` is its matching copy) after its first ``skip`` characters."""
        self.joined.add(line, skip)
        part = folded[skip:]
        self.folded_parts.append(part)
        self.listed = None
        for mark in _BRACKETS.finditer(part):
            self.depth = self.depth + 1 if mark.group() in "([【" else max(self.depth - 1, 0)

    @property
    def folded(self) -> str:
        """The matching copy of the block's text."""
        return "".join(self.folded_parts)

    @property
    def first_line(self) -> int:
        return self.joined.first_line

    def has_list(self) -> bool:
        """Whether the block's own text carries a responsibility list."""
        if self.listed is None:
            self.listed = find_tail(self.folded, self.joined.starts) is not None
        return self.listed


def split_run_on(lines: list[Line]) -> list[Line]:
    """Lines split where a marker follows a space mid-line (a text run into one paragraph)."""
    out: list[Line] = []
    for line in lines:
        if not _INNER_SPACE.search(line.content):
            out.append(line)
            continue
        folded = grammar.matching(line.content)
        cuts = [m.start() for m in grammar.RUN_ON_MARKER.finditer(folded)]
        start = 0
        for cut in [*cuts, len(line.content)]:
            piece = line.content[start:cut]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                out.append(line.part(start + lead, start + lead + len(piece.strip())))
            start = cut
    return out


def marker_of(folded: str) -> tuple[float, int | None, int] | None:
    """(rank, number, marker length) of the marker ``folded`` starts with, if any."""
    if folded[:1] not in grammar.MARKER_STARTS:
        return None
    for pattern, rank in grammar.MARKERS:
        match = pattern.match(folded)
        if match is None:
            continue
        raw = match.groupdict().get("num")
        if raw is None:
            return rank, None, match.end()
        number = _circled(raw) if rank == _CIRCLED_RANK else numeral_value(raw)
        if not number or not folded[match.end() :].strip():
            return None
        return rank, number, match.end()
    return None


def _circled(char: str) -> int:
    return ord(char) - ord("①") + 1


def finished(block: Block) -> bool:
    """Whether a block's text is complete, so an unmarked line after it starts a new block."""
    if block.depth:
        return False
    if block.rank is not None and block.rank <= _HEADING_RANKS:
        return True
    text = block.folded_parts[-1].rstrip()
    return text.rstrip(_CLOSING_QUOTES).endswith(_SENTENCE_END) or _ends_list(text)


def _ends_list(text: str) -> bool:
    return text.endswith((")", "]", "】"))


_INNER_SPACE = re.compile(r"\S\s+\S")
"""Only a line with a space inside can run several paragraphs together."""
_BRACKETS = re.compile(r"[(\[【)\]】]")


def attaches(folded: str) -> bool:
    """Whether a line belongs to the block before it: it opens with a label or a bracketed list."""
    if grammar.LABEL.match(folded):
        return True
    if folded[:1] in "([【":
        inner = folded[1:]
        return bool(grammar.LABEL.match(inner)) or _phrase_list(inner) or _unit_like_start(inner)
    return False


def _phrase_list(inner: str) -> bool:
    close = next((i for i, c in enumerate(inner) if c in ")]】"), len(inner))
    content = inner[:close]
    return any(content.rstrip("。").endswith(w) for w in grammar.LEAD_PHRASES + grammar.RESPONSIBLE_PHRASES)


def _unit_like_start(inner: str) -> bool:
    return inner.startswith(("责任", "牵头"))


def read_blocks(lines: list[Line]) -> list[Block]:
    """The blocks of ``lines`` in document order, each knowing its parent by marker rank."""
    blocks: list[Block] = []
    for line in lines:
        folded = grammar.matching(line.content)
        marker = marker_of(folded)
        current = blocks[-1] if blocks else None
        if marker is not None:
            rank, number, length = marker
            blocks.append(Block.start(line, folded, length, rank, number, line.content[:length].strip()))
            _place(blocks)
        elif current is not None and (attaches(folded) or not finished(current)):
            _attach(blocks, line, folded)
        else:
            topic = TOPIC_RANK if _topic(line.content, folded, current) else None
            blocks.append(Block.start(line, folded, 0, topic, None, None))
            _place(blocks)
    return blocks


def _attach(blocks: list[Block], line: Line, folded: str) -> None:
    """Add a continuation; a list on its own line after sub-items with no lists of their own
    belongs to the item that heads them (1. with (1)…(4), then (责任单位:…))."""
    current = blocks[-1]
    target = current
    if folded[:1] in "([【" and current.parent is not None and current.rank is not None and not current.depth:
        parent = blocks[current.parent]
        earlier = [blocks[i] for i in parent.children[:-1]]
        if (
            parent.rank is not None
            and parent.rank >= _ITEM_RANK
            and not parent.has_list()
            and not current.has_list()
            and not any(b.depth or b.has_list() for b in earlier)
        ):
            target = parent
    target.add(line, folded)


_ITEM_RANK = 3
_CIRCLED_RANK = 5
_UNMARKED = 99.0
"""An unmarked paragraph sits under any marked block before it."""


def _topic(content: str, folded: str, previous: Block | None) -> bool:
    """A short unmarked line with no list may head the items after it (打好防范化解重大风险攻坚战。),
    where it follows a heading or ends its sentence; a stray word after an item (广告) does not."""
    if len(content) > _TOPIC_LENGTH or folded.rstrip().endswith(":") or find_tail(folded) is not None:
        return False
    after_heading = previous is not None and previous.rank is not None and previous.rank <= TOPIC_RANK
    return after_heading or folded.rstrip().endswith("。")


_TOPIC_LENGTH = 40


def _place(blocks: list[Block]) -> None:
    """Give the newest block its parent: the nearest block before it of lower rank."""
    index = len(blocks) - 1
    block = blocks[index]
    rank = block.rank if block.rank is not None else _UNMARKED
    j = index - 1
    while j >= 0:
        candidate = blocks[j]
        candidate_rank = candidate.rank
        if candidate_rank is not None and candidate_rank < rank:
            break
        j = candidate.parent if candidate.parent is not None else -1
    if j >= 0:
        block.parent = j
        blocks[j].children.append(index)

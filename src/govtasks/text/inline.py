"""The inline layouts: each item is followed by its list, in brackets, after labels or in a phrase.

Blocks (see :mod:`govtasks.text.blocks`) that carry a list are items; leaves at the
rank of such items are items still waiting for theirs (a cut copy); other blocks are
the divisions items sit in. Sub-items of an item (its (1)…(4) or ▲ lines) are part
of its text. A block that runs several items together is split after each list.
"""

from __future__ import annotations

from collections import Counter

from govtasks._text import numeral_value
from govtasks.model import DivisionKind, Layout, Leader
from govtasks.text import grammar
from govtasks.text.blocks import TOPIC_RANK, Block, finished
from govtasks.text.draft import Draft, DraftDivision, DraftItem
from govtasks.text.tails import Tail, find_tails
from govtasks.text.unitlists import Reading, read_list

_KINDS = {0: DivisionKind.PART, 1: DivisionKind.AREA}
_PUNCTUATION = "。.;, \t"


def read(blocks: list[Block], draft: Draft) -> None:
    """Fill ``draft`` with the divisions and items of ``blocks``; the layout is the commonest kind of list."""
    tails = [_tails(block) for block in blocks]
    item_ranks = {block.rank for block, found in zip(blocks, tails, strict=True) if found}
    reader = _Reader(blocks, tails, item_ranks, draft)
    for index, block in enumerate(blocks):
        if block.parent is None:
            reader.emit(index, None)
    kinds = Counter(t.layout for found in tails for t in found)
    draft.layout = kinds.most_common(1)[0][0] if kinds else Layout.NONE


def _tails(block: Block) -> list[Tail]:
    return find_tails(block.folded, block.joined.starts)


class _Reader:
    def __init__(self, blocks: list[Block], tails: list[list[Tail]], item_ranks: set[float | None], draft: Draft):
        self.blocks, self.tails, self.item_ranks, self.draft = blocks, tails, item_ranks, draft
        self.last = len(blocks) - 1
        self.holds = _holding(blocks, tails)
        self.lists: dict[str, Reading] = {}

    def emit(self, index: int, division: int | None) -> None:
        """Place block ``index`` (and what it holds) under draft division ``division``."""
        stack = [(index, division)]
        while stack:
            i, parent = stack.pop()
            block = self.blocks[i]
            if self.tails[i]:
                self._items(i, parent)
                stack += [(c, parent) for c in reversed(self._standing_below(i))]
            elif block.rank in self.item_ranks and block.rank is not None and not self.holds[i]:
                self._waiting_item(i, parent)
            elif block.rank is None or (block.rank == TOPIC_RANK and not block.children):
                self._leftover(block)
            else:
                here = self._division(block, parent)
                stack += [(c, here) for c in reversed(block.children)]

    def _standing_below(self, index: int) -> list[int]:
        """Blocks under an item that carry a list of their own, at any depth through its sub-items: items in
        their own right, in document order (the sub-items without lists are the item's text)."""
        found, stack = [], list(reversed(self.blocks[index].children))
        while stack:
            below = stack.pop()
            if self.tails[below]:
                found.append(below)
            else:
                stack += reversed(self.blocks[below].children)
        return found

    def _division(self, block: Block, parent: int | None) -> int:
        title = block.joined.text.strip()
        declared = grammar.DECLARED.search(grammar.matching(title))
        if declared:
            title = title[: declared.start()].rstrip()
        areas = grammar.DECLARED_AREAS.search(grammar.matching(title))
        group = grammar.LEADER_GROUP.search(grammar.matching(title)) if block.rank is not None else None
        kind = (
            DivisionKind.GROUP
            if group
            else _KINDS.get(int(block.rank), DivisionKind.THEME)
            if block.rank is not None
            else DivisionKind.THEME
        )
        leaders = [Leader(name=title[group.start("name") : group.end("name")], label=group["label"])] if group else []
        self.draft.divisions.append(
            DraftDivision(
                kind=kind,
                parent=parent,
                number=block.number,
                marker=block.marker,
                title=title or None,
                line=block.first_line,
                declared=int(declared["count"]) if declared else None,
                declared_areas=numeral_value(areas["num"]) if areas else None,
                leaders=leaders,
            )
        )
        return len(self.draft.divisions) - 1

    def _items(self, index: int, division: int | None) -> None:
        block = self.blocks[index]
        text, folded = block.joined.text, block.folded
        start = 0
        for n, tail in enumerate(self.tails[index]):
            first = n == 0
            body = text[start : tail.start].strip()
            below = block.first_line
            if first:
                sub_text, below = self._sub_items(block)
                body += sub_text
            reading = self._read_list(text, folded, tail)
            whole = index < self.last or tail.layout is Layout.PARENTHESIS or _ends_whole(block)
            complete = tail.closed and whole and not (first and self._cut_inside(block))
            line, _ = block.joined.locate(start)
            self.draft.items.append(
                DraftItem(
                    number=block.number if first else None,
                    marker=block.marker if first else None,
                    division=division,
                    text=body,
                    first_line=line if not first else block.first_line,
                    last_line=max(block.joined.locate(max(tail.end - 1, 0))[0], below),
                    reading=reading,
                    complete=complete,
                    locate=block.joined.locate,
                )
            )
            start = tail.end
            while start < len(folded) and folded[start] in _PUNCTUATION:
                start += 1
        rest = text[start:]
        if rest.strip():
            line, column = block.joined.locate(start + len(rest) - len(rest.lstrip()))
            self.draft.leftover(rest, line, column)

    def _read_list(self, text: str, folded: str, tail: Tail) -> Reading:
        """The list's reading; documents repeat their lists, and equal lists read alike
        (unless they state a convention, whose place is its own)."""
        content = text[tail.content_start : tail.content_end]
        reading = self.lists.get(content)
        if reading is None:
            reading = read_list(text, folded, tail.content_start, tail.content_end)
            if not (reading.conventions or reading.leftovers):  # these have a place of their own
                self.lists[content] = reading
        return reading

    def _cut_inside(self, block: Block) -> bool:
        """Whether the text stops inside one of the item's sub-items (a cut ▲ line under it)."""
        last = self.blocks[self.last]
        marked = last.rank is not None and last.rank != TOPIC_RANK  # unmarked lines under an item are residue
        return marked and last is not block and not finished(last) and self._descends(self.last, block)

    def _descends(self, index: int, ancestor: Block) -> bool:
        parent = self.blocks[index].parent
        while parent is not None:
            if self.blocks[parent] is ancestor:
                return True
            parent = self.blocks[parent].parent
        return False

    def _sub_items(self, block: Block) -> tuple[str, int]:
        """The text of an item's sub-items without lists of their own, with their markers, and the
        last line they reach."""
        out = []
        last_line = block.joined.last_line
        stack = list(reversed(block.children))
        while stack:
            index = stack.pop()
            child = self.blocks[index]
            if self.tails[index]:
                continue
            if child.rank is None:
                self._leftover(child)
                continue
            out.append(f"{child.marker or ''}{child.joined.text.strip()}")
            last_line = max(last_line, child.joined.last_line)
            stack += reversed(child.children)
        return "".join(out), last_line

    def _waiting_item(self, index: int, division: int | None) -> None:
        block = self.blocks[index]
        sub_text, last_line = self._sub_items(block)
        self.draft.items.append(
            DraftItem(
                number=block.number,
                marker=block.marker,
                division=division,
                text=block.joined.text.strip() + sub_text,
                first_line=block.first_line,
                last_line=last_line,
                reading=Reading(),
                complete=not (index == self.last and not finished(block)) and not self._cut_inside(block),
                locate=block.joined.locate,
            )
        )

    def _leftover(self, block: Block) -> None:
        text = block.joined.text
        line, column = block.joined.locate(0)
        self.draft.leftover(text, line, column)


def _holding(blocks: list[Block], tails: list[list[Tail]]) -> list[bool]:
    """For each block, whether it or a block under it carries a list (children come after their parent)."""
    holds = [bool(found) for found in tails]
    for index in range(len(blocks) - 1, -1, -1):
        parent = blocks[index].parent
        if holds[index] and parent is not None:
            holds[parent] = True
    return holds


def _ends_whole(block: Block) -> bool:
    """Whether the text's last list looks whole where the text stops right after it: it ends a
    sentence, a bracket or a unit's name, or its last line gives a deadline or a source. (A cut
    copy that stops inside a name, 牵头单位:区商, does not.)"""
    if finished(block):
        return True
    last = block.folded_parts[-1].strip().rstrip("。;")
    label = grammar.LABEL.match(last)
    if label is not None and grammar.label_word(label["label"]) in _WHOLE_LABELS:
        return True
    return bool(last) and (last[-1] in grammar.UNIT_ENDINGS or last[-1] in ")]】〉》" + grammar.OPEN_ENDED)


_WHOLE_LABELS = frozenset(grammar.DUE_LABELS + grammar.SOURCE_LABELS)

"""Reading the text of a plan of any common layout into a :class:`Plan`.

The reader finds where the plan's body begins (after the covering notice's
signature, or at the heading that leads to its first responsibility list), reads
the notice before it, and reads the body with a layout strategy: the inline
layouts (:mod:`govtasks.text.inline`) or the table layouts (:mod:`govtasks.text.tables`).
Whatever it cannot place goes to ``Plan.residue`` with its line and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from govtasks._text import Line, fold, numeral_value, split_lines
from govtasks.errors import ParseError
from govtasks.model import DocumentInfo, Layout, Notice, Plan, Residue
from govtasks.text import grammar, header, inline, tables
from govtasks.text.blocks import marker_of, read_blocks, split_run_on
from govtasks.text.draft import Draft, build
from govtasks.text.notice import NoticeReader, addresses
from govtasks.text.tails import find_tail
from govtasks.units import Unit, UnitRegistry, lookup_key, unregistered

_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")
_TITLE_WORDS = re.compile(r"方案|分解|分工|任务|清单|要点|计划|安排|目标")


DefaultUnits = Callable[[DocumentInfo, "Notice | None"], UnitRegistry]
"""Chooses the registry for a text when the caller gives none, from what the text says of itself."""


def read(text: str, digest: str, units: UnitRegistry | DefaultUnits, layout: Layout | None) -> Plan:
    """The plan in ``text`` (already decoded and with LF line ends); ``units`` is the registry, or what chooses it."""
    residue: list[Residue] = []
    lines = _without_pinyin(split_lines(text), residue)
    notice_reader = NoticeReader()
    texts, dates, start = notice_reader.attributes(lines)
    facts, lines = _header(lines, start, residue)
    pieces = split_run_on(lines[start:]) if start < len(lines) else []
    chosen, body = _body_start(pieces, layout)
    title_at = _title(pieces, body) if chosen is not Layout.TABLE else None
    notice_lines = pieces[: title_at if title_at is not None else body]
    doc_title, addressees, notice = notice_reader.notice(notice_lines)
    draft = Draft(layout=chosen)
    _notice_conventions(notice_lines, draft)
    body_lines = pieces[(title_at + 1 if title_at is not None else body) :]
    if chosen is Layout.TABLE:
        tables.read(body_lines, 0, draft)
    else:
        inline.read(read_blocks(body_lines), draft)
    info = DocumentInfo(
        title=doc_title,
        issuer=texts.get("issuer") or facts.get("issuer"),
        doc_number=texts.get("doc_number") or facts.get("doc_number"),
        promulgated=dates.get("promulgated") or header.date(facts.get("promulgated", "")),
        released=header.date(facts.get("released", "")),
        written=header.date(facts.get("written", "")),
        effective=dates.get("effective"),
        index_number=facts.get("index_number"),
        level=texts.get("level"),
        status=texts.get("status"),
        topic=texts.get("topic"),
        addressees=addressees,
    )
    if not draft.items and not _is_notice(info, notice):
        first = lines[0] if lines else Line(1, "", 1)
        raise ParseError(
            "expected a responsibility plan; tried the parenthesis, labels, prose and table layouts and found no "
            "responsibility list, no table header and no notice (addressees, 字号 or signature) from here on",
            line=first.number, column=first.column,
        )  # fmt: skip
    registry = units if isinstance(units, UnitRegistry) else units(info, notice)
    resolver = _Resolver(registry)
    divisions, items = build(draft, resolver.unit)
    declared_items, declared_areas = _plan_counts(notice_lines)
    return Plan(
        source_sha256=digest,
        layout=draft.layout if items else Layout.NONE,
        info=info,
        notice=notice,
        title=pieces[title_at].content if title_at is not None else None,
        declared_items=declared_items,
        declared_areas=declared_areas,
        divisions=divisions,
        items=items,
        conventions=tuple(draft.conventions),
        residue=tuple(sorted([*residue, *notice_reader.residue, *draft.residue], key=lambda r: (r.line, r.column))),
        units=registry.including(tuple(resolver.unregistered.values())),
    )


def _is_notice(info: DocumentInfo, notice: Notice | None) -> bool:
    """Whether the text is at least a notice (a plan whose list is missing), not some other text."""
    addressed = any(_GOVERNMENT.search(a) for a in info.addressees)
    return bool(addressed or info.doc_number or (notice and (notice.signed_on or notice.doc_number)))


_GOVERNMENT = re.compile(r"政府|部门|单位|委员会|管委会|办事处|[局厅办委]$")


class _Resolver:
    """Printed names to units: the registry's, or one stand-in per unknown name."""

    def __init__(self, registry: UnitRegistry) -> None:
        self.registry = registry
        self.unregistered: dict[str, Unit] = {}
        self._known: dict[str, Unit] = {}

    def unit(self, printed: str) -> Unit:
        unit = self._known.get(printed)
        if unit is None:
            unit = self.registry.get(printed) or self._stand_in(printed)
            self._known[printed] = unit
        return unit

    def _stand_in(self, printed: str) -> Unit:
        key = lookup_key(printed)
        if key not in self.unregistered:
            self.unregistered[key] = unregistered(printed)
        return self.unregistered[key]


def _without_pinyin(lines: list[Line], residue: list[Residue]) -> list[Line]:
    """Lines without the pinyin a mirror site inserted after characters (工(gōng)作); each removal is residue."""
    out = []
    for line in lines:
        found = list(_PINYIN.finditer(line.content)) if "(" in line.content else []
        if not found:
            out.append(line)
            continue
        residue += [Residue(text=m.group(), line=line.number, column=line.column_at(m.start())) for m in found]
        taken = [m.end() - m.start() for m in found]
        removed = tuple((m.start() - sum(taken[:i]), taken[i]) for i, m in enumerate(found))
        out.append(Line(line.number, _PINYIN.sub("", line.content), line.column, removed))
    return out


def _header(lines: list[Line], start: int, residue: list[Residue]) -> tuple[dict[str, str], list[Line]]:
    """Header facts from the lines before the body, and the lines without those that were read whole."""
    facts: dict[str, str] = {}
    kept = lines[:start]
    for line in lines[start:]:
        found = header.facts(line) if len(kept) < _HEADER_REACH else None
        if found is None:
            kept.append(line)
            continue
        values, complete = found
        for name, value in values.items():
            facts.setdefault(name, value)
        if not complete:
            residue.append(Residue(text=line.content, line=line.number, column=line.column))
    return facts, kept


_HEADER_REACH = 40


def _body_start(pieces: list[Line], forced: Layout | None) -> tuple[Layout, int]:
    """The layout to read with and the index of the first line of the body.

    A table wins where its header comes before the first list after the notice: lists
    seen before the notice's signature are the notice's own words, not items."""
    table = tables.header_at(pieces) if forced in (None, Layout.TABLE) else None
    first = _first_list(pieces, len(pieces) if table is None else table + 1) if forced is not Layout.TABLE else None
    if table is not None:
        start = _after_signature(pieces, table)
        if forced is Layout.TABLE or first is None or first < start or first > table:
            return Layout.TABLE, start
    if forced is Layout.TABLE:
        raise ParseError("expected a table header (序号 / 重点工作 / 牵头单位 …); the text has none", line=1, column=1)
    if first is None:
        if forced is not None and forced is not Layout.NONE:
            raise ParseError(
                f"expected a responsibility list in the {forced.value} layout; the text has none",
                line=pieces[-1].number if pieces else 1,
                column=1,
            )
        date = _last_date(pieces, len(pieces))
        return Layout.NONE, len(pieces) if date is None else date + 1
    signature = _last_date(pieces, first)
    return forced or Layout.PARENTHESIS, signature + 1 if signature is not None else _root_of(pieces, first)


def _first_list(pieces: list[Line], stop: int) -> int | None:
    """The first line before ``stop`` that ends in a list. Where a table's header comes first, only the lines up to
    it decide which layout wins, so a long table is not searched for lists its cells cannot end in."""
    for i in range(stop):
        line = pieces[i]
        if find_tail(grammar.matching(line.content)) is not None:
            return i
    return None


def _last_date(pieces: list[Line], before: int) -> int | None:
    """The last line before ``before`` that is only a date and can sign the notice: it follows the
    addressees where there are any (a date printed above them is the notice's, not its signature)."""
    floor = next((i for i in range(before) if addresses(pieces[i].content)), -1)
    for i in range(before - 1, floor, -1):
        if grammar.DATE_LINE.fullmatch(fold(pieces[i].content)):
            return i
    return None


def _after_signature(pieces: list[Line], at: int) -> int:
    """Where a table's part of the text starts: after the notice's signature, else at the lines
    just above its header that head it (附件, the table's title, a note)."""
    date = _last_date(pieces, at)
    if date is not None:
        return date + 1
    start = at
    while start > 0 and _heads_a_table(fold(pieces[start - 1].content)):
        start -= 1
    return start


def _heads_a_table(content: str) -> bool:
    """A short line that ends no sentence and addresses no one: 附件1, a table's title, a note."""
    return len(content) <= _TABLE_HEAD_LENGTH and not content.endswith(("。", ":", ";"))


_TABLE_HEAD_LENGTH = 60


def _root_of(pieces: list[Line], first: int) -> int:
    """The first line of the outermost heading the first list stands under."""
    blocks = read_blocks(pieces[: first + 1])
    index = len(blocks) - 1
    while blocks[index].parent is not None:
        index = blocks[index].parent  # type: ignore[assignment]
    line = blocks[index].joined.first_line
    column = blocks[index].joined.locate(0)[1]
    return next(
        i for i, p in enumerate(pieces) if p.number == line and p.column <= column <= p.column_at(len(p.content))
    )


def _title(pieces: list[Line], body: int) -> int | None:
    """The plan's own title: a heading-like line at the start of the body, or just before it."""
    candidates = range(body, min(body + _TITLE_REACH, len(pieces))) if body < len(pieces) else range(0)
    for i in [body - 1, *candidates] if body > 0 else candidates:
        if i < 0 or i >= len(pieces):
            continue
        content = fold(pieces[i].content)
        if marker_of(grammar.matching(content)) or find_tail(grammar.matching(content)):
            if i >= body:
                return None
            continue
        if _TITLE_WORDS.search(content) and not content.endswith(("。", ":", ")", ";")) and len(content) <= 80:
            return i
    return None


_TITLE_REACH = 4


def _notice_conventions(lines: list[Line], draft: Draft) -> None:
    for line in lines:
        folded = grammar.matching(line.content)
        for kind, pattern in grammar.CONVENTIONS:
            for found in pattern.finditer(folded):
                draft.convention(
                    kind, line.content[found.start() : found.end()], line.number, line.column_at(found.start())
                )


def _plan_counts(lines: list[Line]) -> tuple[int | None, int | None]:
    """Counts the notice declares for the whole plan (共细分出171项; 7大方面)."""
    items = areas = None
    for line in lines:
        folded = grammar.matching(line.content)
        if items is None and (found := grammar.PLAN_COUNT.search(folded)):
            items = int(found["num"])
        if areas is None and (found_areas := grammar.DECLARED_AREAS.search(folded)):
            areas = numeral_value(found_areas["num"])
    return items, areas

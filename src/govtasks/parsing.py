"""Reading the published text of a responsibility plan into a :class:`Plan`.

The parser is syntactic: it recognises the document's markers and records what
they hold, whatever the numbering or counts say (judging those is validation's
job). The text it expects, each part optional except the plan's parts:

- an attribute block (文章属性) of ``∙【key】value`` lines, then 正文 (main text);
- the covering notice: title, 字号 (document number), addressees ending in a
  colon, a preamble, clauses 一、二、…, and a signature (office, then date);
- the plan's title, then parts headed ``一、…(共4项)`` (main targets, whose
  items are (一)…) and ``二、…(共268项)`` (key work: areas (一)…, "——" themes
  and numbered tasks). Each target and task ends in a responsibility list
  ``(牵头单位:…;责任单位:…)``.

Hard wraps are joined: a line without a marker continues the open item, one
whose sentence or responsibility list is not finished yet. A line that
continues nothing, and text after a closed responsibility list, go to
``Plan.residue`` with their place. Markers out of place, an unclosed
responsibility list and impossible dates raise :class:`ParseError`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TypedDict

from attrs import define, field

from govtasks._collector import collector_paused
from govtasks._deadlines import deadlines_in
from govtasks._text import CN_NUMERAL, Joined, Line, cn_to_int, fold, make_date, place, split_lines
from govtasks.bundled import load_units
from govtasks.errors import ParseError
from govtasks.model import (
    Assignment,
    Clause,
    Division,
    DivisionKind,
    DocumentInfo,
    Item,
    ItemKind,
    Layout,
    Notice,
    Plan,
    Residue,
    Role,
    RoleBasis,
)
from govtasks.units import Unit, UnitRegistry, lookup_key, unregistered

_ATTRIBUTES_HEADING = "文章属性"
_MAIN_TEXT_HEADING = "正文"
_ATTRIBUTE = re.compile(r"[∙•·・*-]?\s*【(?P<key>[^】]+)】\s*(?P<value>.*)")
_ATTRIBUTE_FIELDS = {
    "制定机关": "issuer",
    "公布日期": "published",
    "字号": "doc_number",
    "施行日期": "effective",
    "效力等级": "level",
    "时效性": "status",
    "主题分类": "topic",
}
_DATE_FIELDS = ("published", "effective")
_DOTTED_DATE = re.compile(r"(?P<year>\d{4})\s*[.\-/年]\s*(?P<month>\d{1,2})\s*[.\-/月]\s*(?P<day>\d{1,2})\s*日?")
_DOC_NUMBER = re.compile(r"\S+[〔\[(]\s*\d{4}\s*[〕\])]\s*\d+\s*号")
_DATE_LINE = re.compile(r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日")
_PART = re.compile(rf"(?P<num>{CN_NUMERAL})、(?P<title>.*?)\s*\(\s*共\s*(?P<count>\d+)\s*项\s*\)")
_CLAUSE = re.compile(rf"(?P<num>{CN_NUMERAL})、")
_PAREN_NUMBERED = re.compile(rf"\(\s*(?P<num>{CN_NUMERAL})\s*\)")
_THEME = re.compile(r"[—―─-]{2,}\s*(?P<title>\S.*)")
_TASK = re.compile(r"(?P<num>\d+)\s*[.、](?!\d)")
_AREA_COUNT = re.compile(rf"(?P<num>{CN_NUMERAL})个方面")
_RESPONSIBILITY = re.compile(r"\(\s*(?:牵头单位|责任单位)\s*:")
_ROLE_LABEL = re.compile(r"\s*(?P<label>牵头单位|责任单位)\s*:")
_SENTENCE_END = ("。", "!", "?", ";", ":")
_CLOSING_QUOTES = "”’」』)"
_OPENERS, _CLOSERS = "(〈《<[【「“", ")〉》>]】」”"
_STRUCTURE = re.compile("[" + re.escape(_OPENERS + _CLOSERS) + "、,;]")
_PARENS = re.compile("[()]")
_ROLES = {role.value: role for role in Role}
_TARGETS_PART, _WORK_PART = 1, 2
_SURROGATE = re.compile("[\ud800-\udfff]")


def parse(
    source: str | bytes | os.PathLike[str], units: UnitRegistry | None = None, *, layout: Layout | str | None = None
) -> Plan:
    """Parse the text of a plan (such as the bundled source) into a :class:`Plan`.

    ``source`` is the text itself (a ``str`` is never taken for a file name),
    its bytes (UTF-8 with or without a BOM, or GB18030/GBK), or the path of a
    file holding them. Line ends may be LF, CRLF or CR. Printed unit names are
    resolved in ``units`` (the bundled registry by default); a name it does
    not know becomes an ``UNREGISTERED`` stand-in. Raises :class:`ParseError`,
    with ``line`` and ``column``, for input that cannot be read as a plan.
    """
    if isinstance(source, os.PathLike):
        source = Path(source).read_bytes()
    if isinstance(source, bytes):
        digest, text = hashlib.sha256(source).hexdigest(), _decode(source)
    else:
        digest, text = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest(), source
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if surrogate := _SURROGATE.search(text):
        line, column = place(text, surrogate.start())
        code = f"U+{ord(surrogate.group()):04X}"
        raise ParseError(
            f"a lone surrogate ({code}) is not a character; expected Unicode text", line=line, column=column
        )
    from govtasks.text import reader

    forced = Layout(layout) if isinstance(layout, str) else layout
    with collector_paused():
        return reader.read(text, digest, units, forced)


def _decode(data: bytes) -> str:
    """UTF-8 (a BOM allowed), else GB18030 if the bytes decode cleanly as that; else a ParseError."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            line, column = place(data, utf8.start)
            raise ParseError(
                f"the bytes are neither UTF-8 ({utf8.reason} at byte {utf8.start}) nor GB18030; "
                "expected text in one of these encodings",
                line=line,
                column=column,
            ) from None


def _numbered(pattern: re.Pattern[str], folded: str) -> tuple[int, int] | None:
    """(number, marker length) if ``folded`` starts with ``pattern``'s marker."""
    match = pattern.match(folded)
    if match is None:
        return None
    number = int(match["num"]) if match["num"].isdigit() else cn_to_int(match["num"])
    return None if number is None else (number, match.end())


def _is_finished(sentence: str) -> bool:
    """Whether a notice paragraph ends its sentence, so the next line is not a wrap."""
    return fold(sentence).rstrip(_CLOSING_QUOTES).endswith(_SENTENCE_END)


def _closing(folded: str, opener: int, end: int | None = None) -> int | None:
    """The offset of the ``)`` that closes the ``(`` at ``opener``, or None if it stays open."""
    depth = 0
    for paren in _PARENS.finditer(folded, opener, len(folded) if end is None else end):
        depth += 1 if paren.group() == "(" else -1
        if depth == 0:
            return paren.start()
    return None


def _responsibility_span(folded: str) -> tuple[int, int | None] | None:
    """Offsets of the last ``(牵头单位:``/``(责任单位:`` and its ``)`` (None if unclosed)."""
    openers = list(_RESPONSIBILITY.finditer(folded))
    if not openers:
        return None
    opener = openers[-1].start()
    return opener, _closing(folded, opener)


def _split(folded: str, start: int, end: int, separators: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, separator before it) of each piece of ``folded[start:end]``.

    Separators inside brackets (〈含开发区、风景区管委会〉) do not split.
    """
    depth, piece_start, before = 0, start, ""
    for mark in _STRUCTURE.finditer(folded, start, end):
        char = mark.group()
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(depth - 1, 0)
        elif depth == 0 and char in separators:
            yield piece_start, mark.start(), before
            piece_start, before = mark.start() + 1, char
    yield piece_start, end, before


class _ItemFields(TypedDict):
    text: str
    assignments: tuple[Assignment, ...]
    leaders: tuple[()]
    due: None
    source: None
    details: tuple[()]
    open_ended: bool
    complete: bool
    first_line: int
    last_line: int


class _OpenItem:
    """A target or task being read line by line, knowing whether its responsibility list
    has closed without rescanning the whole item (so a long item costs its length)."""

    _OVERLAP = 256  # an opener such as "(牵头单位:" may be split over two lines

    def __init__(self, line: Line, skip: int) -> None:
        self.joined = Joined()
        self._tail = ""  # the folded text's last _OVERLAP characters
        self._length = 0
        self._opener: int | None = None
        self._depth = 0
        self.closed = False
        self.add(line, skip)

    def add(self, line: Line, skip: int = 0) -> None:
        self.joined.add(line, skip)
        window_start = self._length - len(self._tail)
        window = self._tail + fold(self.joined.last_part)
        count_from = self._length
        for match in _RESPONSIBILITY.finditer(window):
            start = window_start + match.start()
            if self._opener is None or start > self._opener:
                self._opener, self._depth, self.closed, count_from = start, 0, False, start
        if self._opener is not None and not self.closed:
            for paren in _PARENS.finditer(window, count_from - window_start):
                self._depth += 1 if paren.group() == "(" else -1
                if self._depth == 0:
                    self.closed = True
                    break
        self._length = window_start + len(window)
        self._tail = window[-self._OVERLAP :]


@define
class _Part:
    ordinal: int
    marker: str
    title: str
    declared: int
    line: int


class _Parser:
    """One pass over the lines; holds what is found so far and the residue."""

    def __init__(self, text: str, digest: str, units: UnitRegistry) -> None:
        self.digest = digest
        self.lines = split_lines(text)
        self.residue: list[Residue] = []
        self.units = units
        self.unregistered: dict[str, Unit] = {}
        self.lists: dict[str, tuple[Assignment, ...]] = {}

    def plan(self) -> Plan:
        lines = self.lines
        texts, dates, start = self._attributes(lines)
        first_part = next((i for i in range(start, len(lines)) if self._part(lines[i])), None)
        if first_part is None:
            last = lines[-1].number if lines else 1
            raise ParseError("expected a part heading such as '一、…(共4项)'; the text has none", line=last, column=1)
        title_at = first_part - 1
        has_title = title_at >= start and not _DATE_LINE.fullmatch(fold(lines[title_at].content))
        notice_end = title_at if has_title else first_part
        doc_title, addressees, notice = self._notice(lines[start:notice_end])
        divisions, items = self._body(lines[first_part:])
        return Plan(
            source_sha256=self.digest,
            layout=Layout.PARENTHESIS,
            info=DocumentInfo(
                title=doc_title,
                issuer=texts.get("issuer"),
                doc_number=texts.get("doc_number"),
                published=dates.get("published"),
                written=None,
                effective=dates.get("effective"),
                index_number=None,
                level=texts.get("level"),
                status=texts.get("status"),
                topic=texts.get("topic"),
                addressees=addressees,
            ),
            notice=notice,
            title=lines[title_at].content if has_title else None,
            declared_items=None,
            declared_areas=None,
            divisions=divisions,
            items=items,
            conventions=(),
            residue=tuple(sorted(self.residue, key=lambda r: (r.line, r.column))),
            units=self.units.including(tuple(self.unregistered.values())),
        )

    def _leftover(self, line: Line) -> None:
        self.residue.append(Residue(text=line.content, line=line.number, column=line.column))

    # -- attribute block (文章属性) ---------------------------------------

    def _attributes(self, lines: list[Line]) -> tuple[dict[str, str], dict[str, dt.date], int]:
        """The attribute block's text and date fields, and the index of the line after it."""
        texts: dict[str, str] = {}
        dates: dict[str, dt.date] = {}
        i = 1 if lines and lines[0].content == _ATTRIBUTES_HEADING else 0
        while i < len(lines) and (match := _ATTRIBUTE.fullmatch(fold(lines[i].content))):
            line = lines[i]
            name = _ATTRIBUTE_FIELDS.get("".join(match["key"].split()))
            if name is None or name in texts or name in dates:
                self._leftover(line)
            elif name in _DATE_FIELDS:
                dates[name] = self._dotted_date(line, match.start("value"))
            elif match["value"]:
                texts[name] = line.content[match.start("value") :]
            i += 1
        if i < len(lines) and lines[i].content == _MAIN_TEXT_HEADING:
            i += 1
        return texts, dates, i

    @staticmethod
    def _dotted_date(line: Line, offset: int) -> dt.date:
        column = line.column + offset
        match = _DOTTED_DATE.fullmatch(fold(line.content[offset:]))
        if match is None:
            raise line.error("expected a date such as 2020.01.17", offset)
        return make_date(int(match["year"]), int(match["month"]), int(match["day"]), line=line.number, column=column)

    # -- the covering notice (通知) ---------------------------------------

    def _notice(self, lines: list[Line]) -> tuple[str | None, tuple[str, ...], Notice | None]:
        """(document title, addressees, notice) from the lines before the plan's title."""
        if not lines:
            return None, (), None
        folded = [fold(line.content) for line in lines]
        first_clause = next((i for i, f in enumerate(folded) if _numbered(_CLAUSE, f)), len(lines))
        i = 0
        title = Joined()
        while i < first_clause and not _DOC_NUMBER.fullmatch(folded[i]) and not folded[i].endswith(":"):
            title.add(lines[i])
            i += 1
        doc_number = None
        if i < first_clause and _DOC_NUMBER.fullmatch(folded[i]):
            doc_number, i = lines[i].content, i + 1
        addressees: tuple[str, ...] = ()
        colon = next((j for j in range(i, first_clause) if folded[j].endswith(":")), None)
        if colon is not None:
            listed = Joined()
            for line in lines[i : colon + 1]:
                listed.add(line)
            addressees = tuple(
                listed.text[s:e].strip().rstrip(":：")
                for s, e, _ in _split(fold(listed.text), 0, len(listed.text), ",、")
            )
            i = colon + 1
        end, signed_by, signed_on = self._signature(lines, folded, i)
        preamble = Joined()
        for line in lines[i : min(first_clause, end)]:
            preamble.add(line)
        clauses = self._clauses(lines[first_clause:end])
        notice = Notice(
            doc_number=doc_number,
            preamble=preamble.text or None,
            clauses=tuple(
                Clause(ordinal=n, text=j.text.strip(), first_line=j.first_line, last_line=j.last_line)
                for n, j in clauses
            ),
            deadlines=tuple(d for n, j in clauses for d in deadlines_in(n, j)),
            signed_by=signed_by,
            signed_on=signed_on,
        )
        return title.text or None, addressees, notice

    @staticmethod
    def _signature(lines: list[Line], folded: list[str], floor: int) -> tuple[int, str | None, dt.date | None]:
        """(index where the signature starts, office, date) from the notice's last lines."""
        last = len(lines) - 1
        if last < floor or not (date := _DATE_LINE.fullmatch(folded[last])):
            return len(lines), None, None
        line = lines[last]
        signed_on = make_date(
            int(date["year"]), int(date["month"]), int(date["day"]), line=line.number, column=line.column
        )
        office = last - 1
        if office >= floor and not _numbered(_CLAUSE, folded[office]) and not _is_finished(folded[office]):
            return office, lines[office].content, signed_on
        return last, None, signed_on

    def _clauses(self, lines: list[Line]) -> list[tuple[int, Joined]]:
        clauses: list[tuple[int, Joined]] = []
        for line in lines:
            marker = _numbered(_CLAUSE, fold(line.content))
            if marker is not None:
                clauses.append((marker[0], Joined()))
                clauses[-1][1].add(line, skip=marker[1])
            elif clauses and not _is_finished(clauses[-1][1].last_part):
                clauses[-1][1].add(line)
            else:
                self._leftover(line)
        return clauses

    # -- the plan's parts --------------------------------------------------

    def _part(self, line: Line) -> _Part | None:
        match = _PART.fullmatch(fold(line.content))
        ordinal = cn_to_int(match["num"]) if match else None
        if match is None or ordinal is None:
            return None
        title = line.content[match.start("title") : match.end("title")]
        marker = line.content[: match.start("title")].strip()
        return _Part(ordinal=ordinal, marker=marker, title=title, declared=int(match["count"]), line=line.number)

    def _body(self, lines: list[Line]) -> tuple[tuple[Division, ...], tuple[Item, ...]]:
        """The divisions and items from the first part heading on."""
        parts: dict[int, _Part] = {}
        divisions: list[Division] = []
        pending: list[tuple[ItemKind, int, str, Joined, int]] = []
        open_item: _OpenItem | None = None
        part: int | None = None
        part_id: int | None = None
        area_id: int | None = None
        theme_id: int | None = None

        def division(**fields: object) -> int:
            divisions.append(Division(id=len(divisions) + 1, leaders=(), **fields))  # type: ignore[arg-type]
            return len(divisions)

        for line in lines:
            folded = fold(line.content)
            heading = self._part(line)
            if heading is not None:
                if heading.ordinal not in (_TARGETS_PART, _WORK_PART):
                    raise line.error(
                        f"expected part 一 (targets, 主要预期目标) or 二 (key work, 重点工作), not {heading.ordinal}"
                    )
                if heading.ordinal in parts:
                    raise line.error(
                        f"part {heading.ordinal} is headed a second time (first at line {parts[heading.ordinal].line})"
                    )
                parts[heading.ordinal] = heading
                area_count = _AREA_COUNT.search(heading.title)
                part_id = division(
                    kind=DivisionKind.PART, parent=None, number=heading.ordinal, marker=heading.marker,
                    title=heading.title, line=heading.line, declared=heading.declared,
                    declared_areas=cn_to_int(area_count["num"]) if area_count else None,
                )  # fmt: skip
                part, open_item, area_id, theme_id = heading.ordinal, None, None, None
            elif (numbered := _numbered(_PAREN_NUMBERED, folded)) is not None and part == _TARGETS_PART:
                open_item = _OpenItem(line, numbered[1])
                marker = line.content[: numbered[1]].strip()
                pending.append((ItemKind.TARGET, numbered[0], marker, open_item.joined, part_id or 0))
            elif numbered is not None:
                title = line.content[numbered[1] :].strip()
                if part != _WORK_PART:
                    raise line.error(
                        f"area {numbered[0]} cannot stand in part {part or '(none)'}; areas belong to part 二 (key work)"
                    )
                area_id = division(
                    kind=DivisionKind.AREA, parent=part_id, number=numbered[0],
                    marker=line.content[: numbered[1]].strip(), title=title, line=line.number,
                    declared=None, declared_areas=None,
                )  # fmt: skip
                theme_id, open_item = None, None
            elif (subheading := _THEME.fullmatch(folded)) is not None:
                self._enclosing(area_id, part, line, "a theme heading (——)")
                theme_id = division(
                    kind=DivisionKind.THEME, parent=area_id, number=None,
                    marker=line.content[: subheading.start("title")].strip(),
                    title=line.content[subheading.start("title") :], line=line.number, declared=None,
                    declared_areas=None,
                )  # fmt: skip
                open_item = None
            elif (numbered := _numbered(_TASK, folded)) is not None:
                self._enclosing(area_id, part, line, f"task {numbered[0]}")
                open_item = _OpenItem(line, numbered[1])
                marker = line.content[: numbered[1]].strip()
                pending.append((ItemKind.TASK, numbered[0], marker, open_item.joined, theme_id or area_id or 0))
            elif open_item is not None and not open_item.closed:
                open_item.add(line)
            else:
                self._leftover(line)
        items = tuple(
            Item(id=i, kind=kind, number=number, marker=marker, division=where or None, **self._item(joined))
            for i, (kind, number, marker, joined, where) in enumerate(pending, start=1)
        )
        return tuple(divisions), items

    @staticmethod
    def _enclosing(area: int | None, part: int | None, line: Line, what: str) -> None:
        """Raise a ParseError where a theme or task has no area to stand in."""
        if part != _WORK_PART:
            raise line.error(
                f"{what} cannot stand in part {part or '(none)'}; themes and tasks belong to part 二 (key work)"
            )
        if area is None:
            raise line.error(f"{what} comes before any area heading such as '(一)…'")

    # -- targets, tasks and their responsibility lists ----------------------

    def _item(self, item: Joined) -> _ItemFields:
        """What a target or task holds; text after its responsibility list is residue."""
        text, assignments = self._responsible(item)
        return _ItemFields(
            text=text, assignments=assignments, leaders=(), due=None, source=None, details=(), open_ended=False,
            complete=True, first_line=item.first_line, last_line=item.last_line,
        )  # fmt: skip

    def _responsible(self, item: Joined) -> tuple[str, tuple[Assignment, ...]]:
        """(sentence, assignments) of a target or task."""
        folded = fold(item.text)
        span = _responsibility_span(folded)
        if span is None:
            return item.text.strip(), ()
        opened, closed = span
        if closed is None:
            raise item.error("the responsibility list opened here is not closed; expected ')'", opened)
        trailing = item.text[closed + 1 :]
        if trailing.strip():
            offset = closed + 1 + len(trailing) - len(trailing.lstrip())
            line, column = item.locate(offset)
            self.residue.append(Residue(text=trailing.strip(), line=line, column=column))
        content = item.text[opened + 1 : closed]
        assignments = self.lists.get(content)
        if assignments is None:  # documents repeat their lists; equal lists share frozen Assignments
            assignments = self.lists[content] = self._assignments(item, folded, opened + 1, closed)
        return item.text[:opened].strip(), assignments

    def _unit(self, printed: str) -> Unit:
        """The registry's unit for a printed name, or a stand-in for an unknown one."""
        unit = self.units.get(printed)
        if unit is None:
            unit = self.unregistered.setdefault(lookup_key(printed), unregistered(printed))
        return unit

    def _assignments(self, item: Joined, folded: str, start: int, end: int) -> tuple[Assignment, ...]:
        assignments: list[Assignment] = []
        positions = dict.fromkeys(_ROLES, 0)
        text = item.text
        for seg_start, seg_end, _ in _split(folded, start, end, ";"):
            label = _ROLE_LABEL.match(folded, seg_start, seg_end)
            if label is None:
                at = seg_start + len(folded[seg_start:seg_end]) - len(folded[seg_start:seg_end].lstrip())
                raise item.error(
                    "expected '牵头单位:' (lead) or '责任单位:' (responsible) in the responsibility list", at
                )
            name, group = label["label"], 1
            role = _ROLES[name]
            for name_start, name_end, before in _split(folded, label.end(), seg_end, "、,"):
                printed = text[name_start:name_end].strip()
                if not printed:
                    raise item.error(f"expected a unit name in the list of {name}", name_start)
                group += before == ","
                positions[name] += 1
                assignments.append(
                    Assignment(
                        unit=self._unit(printed), role=role, position=positions[name], group=group, printed=printed,
                        label=label["label"], basis=RoleBasis.PRINTED, convention_line=None,
                    )  # fmt: skip
                )
        return tuple(assignments)

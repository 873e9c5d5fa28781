"""The covering notice (通知) and a legal database's attribute block (文章属性).

The notice: title, 字号 (document number), addressees ending in a colon, a
preamble, clauses 一、二、…, and a signature (office, then date). Clauses carry the
deadlines (:mod:`govtasks.text.deadlines`). The attribute block: ``∙【key】value`` lines,
then 正文 (main text). What the notice holds that has no place goes to residue.
"""

from __future__ import annotations

import datetime as dt
import re

from govtasks._text import CN_NUMERAL, Joined, Line, fold, make_date, numeral_value
from govtasks.model import Clause, Notice, Residue
from govtasks.text import grammar
from govtasks.text.deadlines import deadlines_in
from govtasks.text.unitlists import split_names

_ATTRIBUTES_HEADING = "文章属性"
_MAIN_TEXT_HEADING = "正文"
_ATTRIBUTE = re.compile(r"[∙•·・*-]?\s*【(?P<key>[^】]+)】\s*(?P<value>.*)")
_ATTRIBUTE_FIELDS = {
    "制定机关": "issuer",
    "公布日期": "promulgated",
    "字号": "doc_number",
    "施行日期": "effective",
    "效力等级": "level",
    "时效性": "status",
    "主题分类": "topic",
}
_DATE_FIELDS = ("promulgated", "effective")
_DOTTED_DATE = re.compile(r"(?P<year>\d{4})\s*[.\-/年]\s*(?P<month>\d{1,2})\s*[.\-/月]\s*(?P<day>\d{1,2})\s*日?")
_DOC_NUMBER = re.compile(r"\S+[〔\[(]\s*\d{4}\s*[〕\])]\s*\d+\s*号")
_DATE_LINE = re.compile(r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日")
_CLAUSE = re.compile(rf"(?P<num>{CN_NUMERAL})、")
_SENTENCE_END = ("。", "!", "?", ";", ":")
_CLOSING_QUOTES = "”’」』)"


def _numbered(pattern: re.Pattern[str], folded: str) -> tuple[int, int] | None:
    """(number, marker length) if ``folded`` starts with ``pattern``'s marker."""
    match = pattern.match(folded)
    if match is None:
        return None
    number = numeral_value(match["num"])
    return None if number is None else (number, match.end())


def _is_finished(sentence: str) -> bool:
    """Whether a notice paragraph ends its sentence, so the next line is not a wrap."""
    return fold(sentence).rstrip(_CLOSING_QUOTES).endswith(_SENTENCE_END)


def addresses(content: str) -> bool:
    """Whether a line ends the addressees (各区人民政府,市人民政府各部门:), not a page's 【字体:."""
    folded = grammar.matching(content)
    return folded.endswith(":") and not grammar.FURNITURE.search(folded)


class NoticeReader:
    """Reads the attribute block and the notice; keeps what it cannot place as residue."""

    def __init__(self) -> None:
        self.residue: list[Residue] = []

    def _leftover(self, line: Line) -> None:
        self.residue.append(Residue(text=line.content, line=line.number, column=line.column))

    # -- attribute block (文章属性) ---------------------------------------

    def attributes(self, lines: list[Line]) -> tuple[dict[str, str], dict[str, dt.date], int]:
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
        column = line.column_at(offset)
        match = _DOTTED_DATE.fullmatch(fold(line.content[offset:]))
        if match is None:
            raise line.error("expected a date such as 2020.01.17", offset)
        return make_date(int(match["year"]), int(match["month"]), int(match["day"]), line=line.number, column=column)

    # -- the covering notice (通知) ---------------------------------------

    def notice(self, lines: list[Line]) -> tuple[str | None, tuple[str, ...], Notice | None]:
        """(document title, addressees, notice) from the lines before the plan's title."""
        if not lines:
            return None, (), None
        folded = [fold(line.content) for line in lines]
        first_clause = next((i for i, f in enumerate(folded) if _numbered(_CLAUSE, f)), len(lines))
        head = next((j for j in range(first_clause) if addresses(lines[j].content)), first_clause)
        title, doc_number, opening = self._head(lines[:head], folded[:head])
        i = head if opening is None or head < first_clause else opening
        addressees: tuple[str, ...] = ()
        colon = next((j for j in range(i, first_clause) if folded[j].endswith(":")), None)
        if colon is not None:
            listed = Joined()
            for line in lines[i : colon + 1]:
                listed.add(line)
            addressees = tuple(split_names(listed.text.strip().rstrip(":：")))
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

    def _head(self, lines: list[Line], folded: list[str]) -> tuple[Joined, str | None, int | None]:
        """(title, document number, where a preamble starts if there is no title) from the lines
        above the addressees.

        Web copies put site furniture, metadata and a repeated title there; the title is the
        last run of lines that ends in a title word (…的通知), and the rest is residue. Lines
        with no title among them are the notice's opening words."""
        doc_number = None
        candidates: list[int] = []
        for j, line in enumerate(lines):
            bare = folded[j].strip("()")
            if doc_number is None and _DOC_NUMBER.fullmatch(bare):
                doc_number = lines[j].content
            elif grammar.FURNITURE.search(grammar.matching(folded[j])) or grammar.DATE_LINE.fullmatch(folded[j]):
                self._leftover(line)
            else:
                candidates.append(j)
        ends = [j for j in candidates if grammar.TITLE_END.search(folded[j])]
        if not ends:
            return Joined(), doc_number, candidates[0] if candidates else None
        last = ends[-1]
        first = last
        while first - 1 in candidates and not grammar.DOCUMENT_END.search(folded[first - 1]) and last - first < 2:
            first -= 1
        first = max((j for j in range(first, last + 1) if "关于" in folded[j]), default=first)
        run = [j for j in candidates if first <= j <= last]
        title = Joined()
        for j in candidates:
            if j in run:
                title.add(lines[j])
            else:
                self._leftover(lines[j])
        return title, doc_number, None

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

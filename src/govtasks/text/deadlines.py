"""Deadlines (报送时限) read from the notice's clauses.

The notice words each deadline as one sentence: who (各责任单位) 要[分别]于 dates 前,
将 what, 经…报送 whom, optionally followed by 同时,一并上报 a second item due
with it. Where 分别 (respectively) pairs several dates with a list of periods
(第一、第二、第三季度及全年…), each date gets its own period; otherwise every
date gets the whole phrase, so nothing is guessed.

The sentence is found by a scanner, not one regular expression: a pattern with
three open-ended parts backtracks without bound on a clause of many 要 or 经
(an hour on 4 KB). The scanner reads the same sentences in linear time: each
search moves forward, and a search that fails is remembered, so no stretch of
the clause is searched twice for the same word.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from attrs import define, field

from govtasks._text import DATE_CN, Joined, fold, make_date
from govtasks.model import Deadline

_DATE = r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日"
_OPENING = re.compile(rf"(?P<respectively>分别)?于(?P<dates>{_DATE}(?:[、,及和]{_DATE})*)前,?将")
"""What follows 要 in a deadline sentence, up to the start of what is due."""
_SENTENCE_END = re.compile("[。;]")
_SUBMITTER_END = re.compile("[。;,]")


@define(frozen=True)
class _Search:
    """A pattern sought at each place its first ``word`` stands: str.find skips between them."""

    word: str
    pattern: re.Pattern[str]


_VIA = _Search("经", re.compile("经"))
_REPORT = _Search("报送", re.compile("报送(?P<recipient>[^,;。(]+)"))
_ALSO = _Search("同时", re.compile(r"同时,?一并(?:上报|报送)(?P<also>[^(;。]+)"))
_PERIOD = r"(?:第[一二三四]+(?:季度)?|上半年|下半年|全年)"
_PERIODS = re.compile(rf"(?P<periods>{_PERIOD}(?:[、及和]{_PERIOD})+)(?P<object>.+)", re.DOTALL)


@define
class _Spans:
    """The folded text of a clause with its stops, and the last answer of each search.

    Sentences are sought in order, so each search starts no earlier than the one before
    it that ends at the same stop: an answer found from an earlier start is still the
    answer if it lies at or after the new start, and no stretch is searched twice.
    """

    text: str
    sentence_ends: list[int]
    full_stops: list[int]
    submitter_ends: list[int]
    answers: dict[tuple[_Search, int], tuple[int, re.Match[str] | None]] = field(factory=dict)

    @classmethod
    def of(cls, text: str) -> _Spans:
        def stops(pattern: re.Pattern[str]) -> list[int]:
            return [match.start() for match in pattern.finditer(text)] + [len(text)]

        return cls(text, stops(_SENTENCE_END), stops(re.compile("。")), stops(_SUBMITTER_END))

    @staticmethod
    def next_stop(stops: list[int], at: int) -> int:
        return stops[bisect.bisect_left(stops, at)]

    @staticmethod
    def last_stop(stops: list[int], before: int) -> int:
        """The index just after the last stop before ``before``, or 0."""
        index = bisect.bisect_left(stops, before)
        return stops[index - 1] + 1 if index else 0

    def first(self, search: _Search, start: int, stop: int) -> re.Match[str] | None:
        """The first match of ``search`` in ``text[start:stop]``."""
        searched_from, answer = self.answers.get((search, stop), (stop + 1, None))
        if searched_from <= start and (answer is None or answer.start() >= start):
            return answer
        at, answer = self.text.find(search.word, start, stop), None
        while at >= 0 and (answer := search.pattern.match(self.text, at, stop)) is None:
            at = self.text.find(search.word, at + 1, stop)
        self.answers[(search, stop)] = (start, answer)
        return answer


@define(frozen=True)
class _Sentence:
    """Where the parts of one deadline sentence lie in the folded clause."""

    submitter: tuple[int, int]
    respectively: bool
    dates: tuple[int, int]
    due: tuple[int, int]
    recipient: tuple[int, int]
    also: tuple[int, int] | None
    end: int


def deadlines_in(clause: int, body: Joined) -> tuple[Deadline, ...]:
    """Every deadline that clause number ``clause`` (its text in ``body``) sets."""
    text, folded = body.text, fold(body.text)

    def part(span: tuple[int, int]) -> str:
        return text[span[0] : span[1]].strip()

    found: list[Deadline] = []
    for sentence in _sentences(folded):
        dates = _dates(body, folded, *sentence.dates)
        due = part(sentence.due)
        dues = _per_period(due, len(dates)) if sentence.respectively else [due] * len(dates)
        items = list(zip(dates, dues, strict=True))
        if sentence.also is not None:
            items += [(date, part(sentence.also)) for date in dates]
        submitter, recipient = part(sentence.submitter), part(sentence.recipient)
        found += [
            Deadline(date=date, due=due, submitter=submitter, recipient=recipient, clause=clause, line=line)
            for (line, date), due in items
        ]
    return tuple(found)


def _sentences(folded: str) -> list[_Sentence]:
    """Each deadline sentence in the folded clause, in order, none overlapping."""
    spans = _Spans.of(folded)
    sentences: list[_Sentence] = []
    start, at = 0, folded.find("要")
    while at >= 0:
        sentence = _sentence_at(spans, start, at)
        if sentence is not None:
            sentences.append(sentence)
            start = sentence.end
        at = folded.find("要", max(at + 1, start))
    return sentences


def _sentence_at(spans: _Spans, start: int, at: int) -> _Sentence | None:
    """The deadline sentence whose 要 is at ``at``, if one is; none begins before ``start``."""
    text = spans.text
    submitter = max(start, spans.last_stop(spans.submitter_ends, at))
    opening = _OPENING.match(text, at + 1)
    if submitter >= at or opening is None:
        return None
    due_start, stop = opening.end(), spans.next_stop(spans.sentence_ends, opening.end())
    via = spans.first(_VIA, due_start + 1, stop)
    recipient = spans.first(_REPORT, via.end(), stop) if via else None
    if via is None or recipient is None:
        return None
    due_end = via.start() - 1 if text[via.start() - 1] == "," and via.start() - 1 > due_start else via.start()
    also = spans.first(_ALSO, recipient.end(), spans.next_stop(spans.full_stops, recipient.end()))
    return _Sentence(
        submitter=(submitter, at), respectively=opening["respectively"] is not None,
        dates=opening.span("dates"), due=(due_start, due_end), recipient=recipient.span("recipient"),
        also=also.span("also") if also else None, end=also.end() if also else recipient.end(),
    )  # fmt: skip


def _dates(body: Joined, folded: str, start: int, end: int) -> list[tuple[int, dt.date]]:
    """The dates in ``folded[start:end]`` (``body``'s folded text) with their lines; a missing year carries over."""
    dates: list[tuple[int, dt.date]] = []
    year: int | None = None
    for match in DATE_CN.finditer(folded, start, end):
        line, column = body.locate(match.start())
        year = int(match["year"]) if match["year"] else year
        if year is None:
            continue
        dates.append((line, make_date(year, int(match["month"]), int(match["day"]), line=line, column=column)))
    return dates


def _per_period(due: str, count: int) -> list[str]:
    """Split 第一、第二、第三季度及全年X into one item per period when they number ``count``."""
    match = _PERIODS.fullmatch(due)
    if match is None:
        return [due] * count
    periods = re.split(r"[、及和]", match["periods"])
    if len(periods) != count:
        return [due] * count
    for i in reversed(range(len(periods) - 1)):
        if periods[i].startswith("第") and not periods[i].endswith("季度") and periods[i + 1].endswith("季度"):
            periods[i] += "季度"
    return [period + match["object"] for period in periods]

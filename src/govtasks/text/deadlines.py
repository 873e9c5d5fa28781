"""Deadlines (报送时限) read from the notice's clauses.

The notice words each deadline as one sentence: who (各责任单位) 要[分别]于 dates 前,
将 what, 经…报送 whom, optionally followed by 同时,一并上报 a second item due
with it. Where 分别 (respectively) pairs several dates with a list of periods
(第一、第二、第三季度及全年…), each date gets its own period; otherwise every
date gets the whole phrase, so nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import re

from govtasks._text import DATE_CN, Joined, fold, make_date
from govtasks.model import Deadline

_DATE = r"(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日"
_SENTENCE = re.compile(
    rf"(?P<submitter>[^。;,]+?)要(?P<respectively>分别)?于(?P<dates>{_DATE}(?:[、,及和]{_DATE})*)前,?"
    r"将(?P<due>[^。;]+?),?经[^。;]*?报送(?P<recipient>[^,;。(]+)"
    r"(?:[^。]*?同时,?一并(?:上报|报送)(?P<also>[^(;。]+))?"
)
_PERIODS = re.compile(
    r"(?P<periods>(?:第[一二三四]+(?:季度)?|上半年|下半年|全年)(?:[、及和](?:第[一二三四]+(?:季度)?|上半年|下半年|全年))+)"
    r"(?P<object>.+)"
)


def deadlines_in(clause: int, body: Joined) -> tuple[Deadline, ...]:
    """Every deadline that clause number ``clause`` (its text in ``body``) sets."""
    text, folded = body.text, fold(body.text)
    found: list[Deadline] = []
    for match in _SENTENCE.finditer(folded):
        dates = _dates(body, folded, match.start("dates"), match.end("dates"))
        due = text[match.start("due") : match.end("due")].strip()
        dues = _per_period(due, len(dates)) if match["respectively"] else [due] * len(dates)
        submitter = text[match.start("submitter") : match.end("submitter")].strip()
        recipient = text[match.start("recipient") : match.end("recipient")].strip()
        items = list(zip(dates, dues, strict=True))
        if match["also"]:
            also = text[match.start("also") : match.end("also")].strip()
            items += [(date, also) for date in dates]
        found += [
            Deadline(date=date, due=due, submitter=submitter, recipient=recipient, clause=clause, line=line)
            for (line, date), due in items
        ]
    return tuple(found)


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

"""Text helpers for the parser: width folding, numerals, dates, joined lines.

Web copies of Chinese documents mix full-width and ASCII punctuation and wrap
lines inside words, so the parser matches markers on a *folded* copy of each
line (same length, full-width ASCII variants mapped to ASCII) and keeps the
original characters for what it stores.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right

from attrs import define, field

from govtasks.errors import ParseError

_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold(text: str) -> str:
    """Map full-width ASCII variants (（：；，．) and the ideographic space to ASCII.

    The result has the same length as ``text``, so offsets carry over.
    """
    return text.translate(_FOLD) if _WIDE.search(text) else text


_WIDE = re.compile("[\uff01-\uff5e\u3000]")


def surrogate_at(text: str) -> int | None:
    """The offset of the first lone surrogate in ``text`` (a code point that is not a character), or None.

    UTF-8 holds every character and no lone surrogate, so encoding finds it: no pattern is compiled
    at import for a check that ``str.isprintable`` (quicker) mostly settles, a surrogate being unprintable.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return error.start
    return None


def canonical_name(printed: str) -> str:
    """A unit name as a lookup key: folded, with all whitespace removed."""
    return "".join(fold(printed).split())


_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
CN_NUMERAL = "[零〇一二两三四五六七八九十百]+"
"""A regex fragment matching a Chinese numeral such as 九 or 二十一."""


def cn_to_int(numeral: str) -> int | None:
    """The value of a Chinese numeral below 1000 (一 → 1, 二十一 → 21), else None."""
    total, digit = 0, None
    for char, unit in (("百", 100), ("十", 10)):
        head, sep, numeral = numeral.rpartition(char)
        if sep:
            digit = _DIGITS.get(head, 1 if head == "" else -1)
            if digit < 0:
                return None
            total += digit * unit
    if numeral:
        tail = _DIGITS.get(numeral.lstrip("零〇") or "零")
        if tail is None:
            return None
        total += tail
    return total or None


def numeral_value(raw: str) -> int | None:
    """A number as printed, in decimal digits (17) or as a Chinese numeral (十七); None if neither,
    or if it has more digits than any count (nine), so that no run of digits becomes a number the
    model refuses or one too long for int() to convert."""
    if raw.isdecimal():
        return int(raw) if len(raw) <= 9 else None
    return cn_to_int(raw)


def int_to_cn(number: int) -> str:
    """The Chinese numeral for 1–999 (1 → 一, 21 → 二十一), as headings print ordinals."""
    if not 1 <= number <= 999:
        raise ValueError(f"{number} is outside 1–999")
    digits = "零一二三四五六七八九"
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    out = f"{digits[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    return out + (digits[ones] if ones else "")


DATE_CN = re.compile(r"(?:(?P<year>\d{4})\s*年\s*)?(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日")
"""A date as the notice prints it: 2020年2月3日, or 7月15日 with the year implied."""


def make_date(year: int, month: int, day: int, *, line: int, column: int) -> dt.date:
    """A date, or a ParseError at ``line``/``column`` naming the impossible date."""
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ParseError(f"{year}-{month}-{day} is not a date ({exc})", line=line, column=column) from None


@define
class Line:
    """One non-blank physical line: its number, stripped content and first column."""

    number: int
    content: str
    column: int
    removed: tuple[tuple[int, int], ...] = ()
    """(offset, length) of text taken out of ``content`` (a mirror site's pinyin), so that columns
    after it still point where the source has them."""

    def column_at(self, offset: int) -> int:
        """The source column of the character at ``offset`` of ``content``."""
        return self.column + offset + sum(length for at, length in self.removed if at <= offset)

    def part(self, start: int, end: int) -> Line:
        """The line's content from ``start`` to ``end``, as a line of its own with its own columns."""
        removed = tuple((at - start, length) for at, length in self.removed if start < at <= end)
        return Line(self.number, self.content[start:end], self.column_at(start), removed)

    def error(self, message: str, offset: int = 0) -> ParseError:
        """A ParseError placed at ``offset`` of the line's content."""
        return ParseError(message, line=self.number, column=self.column_at(offset))


@define
class Joined:
    """Physical lines joined into one logical line, mapping offsets back to lines.

    Hard wraps fall inside words, so pieces are joined with nothing between.
    Appending is constant time and locating an offset logarithmic, so a long
    item costs no more than its length.
    """

    _starts: list[int] = field(factory=list)
    _lines: list[Line] = field(factory=list)
    _parts: list[str] = field(factory=list)
    _length: int = 0
    _joined: str | None = None

    def add(self, line: Line, skip: int = 0) -> None:
        """Append ``line``'s content after its first ``skip`` characters."""
        self._starts.append(self._length - skip)
        self._lines.append(line)
        self._parts.append(line.content[skip:])
        self._length += len(line.content) - skip
        self._joined = None

    @property
    def text(self) -> str:
        if self._joined is None:
            self._joined = "".join(self._parts)
        return self._joined

    @property
    def starts(self) -> tuple[int, ...]:
        """The offsets of ``text`` where each physical line begins."""
        return (0, *self._starts[1:]) if self._starts else ()

    @property
    def last_part(self) -> str:
        """The text the last line added."""
        return self._parts[-1] if self._parts else ""

    @property
    def first_line(self) -> int:
        return self._lines[0].number

    @property
    def last_line(self) -> int:
        return self._lines[-1].number

    def locate(self, offset: int) -> tuple[int, int]:
        """The (line, column) of the character at ``offset`` of ``text``."""
        index = max(bisect_right(self._starts, offset) - 1, 0)
        line = self._lines[index]
        return line.number, line.column_at(offset - self._starts[index])

    def error(self, message: str, offset: int) -> ParseError:
        """A ParseError placed at ``offset`` of the joined text."""
        line, column = self.locate(offset)
        return ParseError(message, line=line, column=column)


def place(data: str | bytes, offset: int) -> tuple[int, int]:
    """The 1-based (line, column) of ``offset`` in text or bytes (columns count bytes in bytes)."""
    if isinstance(data, bytes):
        return data.count(b"\n", 0, offset) + 1, offset - data.rfind(b"\n", 0, offset)
    return data.count("\n", 0, offset) + 1, offset - data.rfind("\n", 0, offset)


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text``, stripped, with 1-based numbers and columns."""
    lines = []
    for number, raw in enumerate(text.split("\n"), start=1):
        content = raw.strip()
        if content:
            lines.append(Line(number, content, raw.index(content[0]) + 1))
    return lines


def grams(text: str) -> set[str]:
    """The characters and character pairs of ``text``: what two close texts share, and what an index of
    Chinese texts, which put no spaces between words, looks words up by."""
    return set(text) | {text[i : i + 2] for i in range(len(text) - 1)}


def plural(count: int, noun: str) -> str:
    """``1 error``, ``2 errors``: a count with its noun in the number it needs."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"

"""``parse``: the text of a responsibility plan, as text, bytes or a file, into a :class:`Plan`.

Decoding happens here; reading the decoded text is :mod:`govtasks.text`'s work.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from govtasks._collector import collector_paused
from govtasks._text import place
from govtasks.errors import ParseError
from govtasks.model import Layout, Plan
from govtasks.units import UnitRegistry

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

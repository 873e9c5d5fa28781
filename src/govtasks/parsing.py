"""``parse``: the text of a responsibility plan, as text, bytes or a file, into a :class:`Plan`.

Decoding happens here; reading the decoded text is :mod:`govtasks.text`'s work.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from govtasks._text import place
from govtasks.errors import ParseError
from govtasks.model import DocumentInfo, Layout, Notice, Plan
from govtasks.units import UnitRegistry

_SURROGATE = re.compile("[\ud800-\udfff]")


Source = str | bytes | bytearray | memoryview | os.PathLike[str]
"""What :func:`parse` reads: the text, its bytes, or the path of a file holding them."""


def parse(source: Source, units: UnitRegistry | None = None, *, layout: Layout | str | None = None) -> Plan:
    """Parse the text of a plan (such as the bundled source) into a :class:`Plan`.

    ``source`` is the text itself (a ``str`` is never taken for a file name),
    its bytes (``bytes``, ``bytearray`` or ``memoryview``; UTF-8 with or without a BOM,
    or GB18030/GBK), or the path of a file holding them. Line ends may be LF, CRLF or CR. The layout (parenthesis,
    labels, prose or table) is detected, or forced with ``layout``. Printed unit
    names are resolved in ``units``; by default that is the bundled Wuhan registry
    for a text the Wuhan government issued, and an empty registry otherwise. A name
    the registry does not know becomes an ``UNREGISTERED`` stand-in. Raises
    :class:`ParseError`, with ``line`` and ``column``, for input that is not a plan.
    """
    if isinstance(source, os.PathLike):
        source = Path(source).read_bytes()
    if isinstance(source, (bytearray, memoryview)):
        source = bytes(source)
    if isinstance(source, bytes):
        digest, text = hashlib.sha256(source).hexdigest(), _decode(source)
    elif isinstance(source, str):
        digest, text = hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest(), source
    else:
        raise TypeError(f"parse() reads text, bytes or a path, not {type(source).__name__}")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if surrogate := _SURROGATE.search(text):
        line, column = place(text, surrogate.start())
        code = f"U+{ord(surrogate.group()):04X}"
        raise ParseError(
            f"a lone surrogate ({code}) is not a character; expected Unicode text", line=line, column=column
        )
    from govtasks.text import reader

    forced = Layout(layout) if isinstance(layout, str) else layout
    return reader.read(text, digest, units if units is not None else _default_units, forced)


def _default_units(info: DocumentInfo, notice: Notice | None) -> UnitRegistry:
    """The bundled Wuhan registry for a text the Wuhan government issued; else an empty one, so that
    no other city's 市财政局 is taken for Wuhan's: its units are then unregistered stand-ins."""
    from govtasks.bundled import load_units

    signed = notice.signed_by if notice is not None and notice.signed_by else ""
    words = " ".join(filter(None, (info.issuer, info.doc_number, info.title, signed)))
    return load_units() if _WUHAN.search(words) else UnitRegistry(units=())


_WUHAN = re.compile(r"武汉市人民政府|武政")


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

"""``parse``: the text of a responsibility plan, as text, bytes or a file, into a :class:`Plan`.

Decoding happens here; reading the decoded text is :mod:`govtasks.text`'s work.
"""

from __future__ import annotations

import codecs
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

    ``source`` is the text itself (a ``str`` is never taken for a file name: pass
    ``pathlib.Path("plan.txt")`` to read a file), its bytes (``bytes``, ``bytearray`` or
    ``memoryview``: UTF-8 with or without a BOM, UTF-16 with a BOM as Windows Notepad saves
    "Unicode", or GB18030/GBK), or the path of a file holding them. Line ends may be LF, CRLF
    or CR. The layout (parenthesis, labels, prose or table) is detected, or forced with ``layout``. Printed unit
    names are resolved in ``units``; by default that is the bundled Wuhan registry
    for a text the Wuhan government issued, and an empty registry otherwise. A name
    the registry does not know becomes an ``UNREGISTERED`` stand-in. Raises
    :class:`ParseError`, with ``line`` and ``column``, for input that is not a plan.
    """
    digest, text = _text(source)
    from govtasks.text import reader

    forced = Layout(layout) if isinstance(layout, str) else layout
    try:
        return reader.read(text, digest, units if units is not None else _default_units, forced)
    except ParseError:
        if isinstance(source, str) and _looks_like_a_path(source):
            raise _not_a_path(source.strip()) from None
        raise


def _text(source: Source) -> tuple[str, str]:
    """The sha256 of what was given, and its text with LF line ends and no BOM."""
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
    return digest, text


_SUFFIX = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}\Z")
"""A file name's extension: .txt, .json, .html, .docx."""


def _looks_like_a_path(text: str) -> bool:
    """Whether ``text`` is one line shaped like a file's path (an extension, or a folder in it).
    Decided by its shape alone: what is on the disk never changes what a str means, nor the error."""
    name = text.strip()
    return 0 < len(name) <= 4096 and "\n" not in name and ("/" in name or "\\" in name or bool(_SUFFIX.search(name)))


def _not_a_path(name: str) -> ParseError:
    return ParseError(
        f"expected a responsibility plan, not a file name: parse() reads a str as the plan's text, and {name!r} "
        f"is one line that looks like a path; to read that file, pass pathlib.Path({name!r})",
        line=1,
        column=1,
    )


def _default_units(info: DocumentInfo, notice: Notice | None) -> UnitRegistry:
    """The bundled Wuhan registry for a text the Wuhan government issued; else an empty one, so that
    no other city's 市财政局 is taken for Wuhan's: its units are then unregistered stand-ins."""
    from govtasks.bundled import load_units

    signed = notice.signed_by if notice is not None and notice.signed_by else ""
    words = " ".join(filter(None, (info.issuer, info.doc_number, info.title, signed)))
    return load_units() if _WUHAN.search(words) else UnitRegistry(units=())


_WUHAN = re.compile(r"武汉市人民政府|武政")

_UTF16 = {codecs.BOM_UTF16_LE: "UTF-16-LE", codecs.BOM_UTF16_BE: "UTF-16-BE"}
"""The byte order marks that name a UTF-16 text (Notepad's "Unicode" and "Unicode big endian")."""


def _decode(data: bytes) -> str:
    """UTF-16 where a BOM says so; else UTF-8 (a BOM allowed), else GB18030 if the bytes decode cleanly
    as that; else a ParseError."""
    encoding = _UTF16.get(data[:2])
    if encoding is not None:
        return _decode_utf16(data[2:], encoding)
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


def _decode_utf16(body: bytes, encoding: str) -> str:
    """``body``, the bytes after a UTF-16 BOM, as text; a ParseError at the character where they stop being UTF-16."""
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as error:
        before = body[: error.start].decode(encoding)
        line, column = place(before, len(before))
        raise ParseError(
            f"the bytes begin with a {encoding} byte order mark but are not {encoding} "
            f"({error.reason} at byte {error.start + 2}); expected text in that encoding",
            line=line,
            column=column,
        ) from None

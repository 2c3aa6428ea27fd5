"""Reading a file and cleaning scan noise, keeping a map back to the text as read.

Every fact the parser extracts carries a span into the file as read, so cleaning never
loses offsets: each pass builds a `MappedText` whose positions map to the previous pass."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, NotADocumentError
from ..text import nfc

MAX_BYTES = 64 * 1024 * 1024
# control characters (Unicode category Cc) other than tab, line feed, form feed and carriage
# return: a handful is scan noise, more is a binary file. One regex, not a loop over characters,
# which cost a sixth of parsing
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def read_source(path: str | Path) -> str:
    """The file's text, NFC, newlines as \\n; a one-line InputError when it is no text."""
    return decode_source(read_bytes(path), str(path))


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes; a one-line InputError when it is missing or no file."""
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise InputError(name, "no such file")
    if p.is_dir():
        raise InputError(name, "is a directory, not a document")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    return data


def utf16_codec(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes are UTF-16 text, as Windows Notepad saves
    "Unicode": a byte-order mark, or (no mark) a NUL in every other byte of text whose letters
    are mostly Latin, as Vietnamese is."""
    if data.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if data.startswith(b"\xfe\xff"):
        return "utf-16-be"
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.6 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.6 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def decode_source(data: bytes, name: str = "<input>") -> str:
    """A text file's bytes (UTF-8, UTF-8 with BOM, UTF-16 LE or BE) as NFC text with \\n
    newlines; a one-line InputError when they are no text."""
    if not data.strip():
        raise InputError(name, "is empty")
    if len(data) > MAX_BYTES:
        raise InputError(name, f"is larger than {MAX_BYTES // (1024 * 1024)} MB")
    codec = utf16_codec(data)
    if codec is not None:
        body = data[2:] if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data
        try:
            text = body.decode(codec)
        except UnicodeDecodeError as exc:
            raise InputError(name, f"is not valid UTF-16 text (invalid bytes at offset {exc.start})") from None
        if not text.strip():
            raise InputError(name, "is empty")
    elif b"\x00" in data[:65536]:
        raise InputError(name, "is a binary file, not a text document")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                name, f"is not UTF-8 text (invalid byte at offset {exc.start}); convert it to UTF-8"
            ) from None
    controls = len(_CONTROLS.findall(text, 0, 65536))
    if controls > 8:
        raise InputError(name, "is a binary file, not a text document")
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass
class MappedText:
    """Text derived from a parent text; `to_source` maps an offset back to the original."""

    text: str
    _new: list[int] = field(default_factory=list)
    _old: list[int] = field(default_factory=list)
    parent: "MappedText | None" = None

    def to_parent(self, i: int) -> int:
        if not self._new:
            return i
        k = bisect_right(self._new, i) - 1
        if k < 0:
            return self._old[0]
        return self._old[k] + (i - self._new[k])

    def to_source(self, i: int) -> int:
        j = self.to_parent(i)
        return self.parent.to_source(j) if self.parent else j

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span of [start, end): the end maps from the last character, so a span
        never swallows a removed gap after it."""
        if end <= start:
            s = self.to_source(start)
            return (s, s)
        return (self.to_source(start), self.to_source(end - 1) + 1)


class _Builder:
    """Assembles a MappedText from kept slices of a parent and inserted strings."""

    def __init__(self, parent: MappedText) -> None:
        self.parent = parent
        self.parts: list[str] = []
        self.new: list[int] = []
        self.old: list[int] = []
        self.length = 0

    def keep(self, start: int, end: int) -> None:
        if end <= start:
            return
        self.new.append(self.length)
        self.old.append(start)
        self.parts.append(self.parent.text[start:end])
        self.length += end - start

    def insert(self, text: str, at_parent: int) -> None:
        if not text:
            return
        self.new.append(self.length)
        self.old.append(at_parent)
        self.parts.append(text)
        self.length += len(text)
        # the next kept slice gets its own anchor, so inserted text maps to one point only

    def build(self) -> MappedText:
        return MappedText("".join(self.parts), self.new, self.old, self.parent)


# the builder other passes (parse/layout.py) assemble their MappedText with
MappedBuilder = _Builder


# Pass 1: marks that are no text. Stamps like `*nk*`, `*Đone*` are short italic tokens
# left at a line end by the scanner; superscript marks `^(vn)`; markdown emphasis and
# heading markers; trailing spaces (markdown line breaks).
# Each alternative that opens with a run of blanks may start only where the run starts
# ((?<![ \t])): tried from every blank of a long run it would rescan the run each time, and
# a line of 80,000 spaces took 25 s.
_NOISE = re.compile(
    r"(?<![ \t])[ \t]*\*[^\s*]{1,6}\*[ \t]*(?=\n|$)"  # stamp at line end
    r"|\^\([^)\n]{0,12}\)"  # superscript mark
    r"|(?m:^[ \t]*#{1,6}[ \t]+)"  # heading marker
    r"|\*\*|__"  # bold
    r"|(?<![\w*])\*(?=[^\s*])|(?<=[^\s*])\*(?![\w*])"  # italic star
    r"|(?<![ \t])[ \t]+(?=\n)"  # trailing spaces
    # inline HTML left in a page's text ('<b>CỘNG HOÀ ...</b>'); <br> stays, it breaks a table cell
    r"|</?(?:b|i|u|s|em|strong|sub|sup|span|div|p|font|a|center|h[1-6])\b[^<>\n]{0,200}>"
)
# Whole lines that are scan artefacts: page numbers, signature images, rules.
_NOISE_LINE = re.compile(
    r"(?im)^[ \t]*(?:\d{1,3}|-\s*\d{1,3}\s*-|trang\s+\d{1,3}|handwritten signature|\(?đã ký\)?"
    r"|\[?chữ ký\]?|\[?signature\]?|\[?(?:dấu|con dấu|stamp)\]?|[-_=]{3,})[ \t]*$"
)


def remove_noise(source: MappedText) -> MappedText:
    text = source.text
    drops: list[tuple[int, int]] = [m.span() for m in _NOISE.finditer(text)]
    drops += [m.span() for m in _NOISE_LINE.finditer(text)]
    drops.sort()
    b = _Builder(source)
    pos = 0
    for s, e in drops:
        if s < pos:
            s = pos
        if e <= s:
            continue
        b.keep(pos, s)
        pos = e
    b.keep(pos, len(text))
    return b.build()


@dataclass
class Paragraph:
    text: str  # may hold single newlines (header lines)
    start: int  # offset in the MappedText it came from

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def lines(self) -> list[str]:
        return [ln.strip() for ln in self.text.split("\n") if ln.strip()]


_BLANKS = re.compile(r"\n[ \t]*\n\s*")


def paragraphs(mapped: MappedText) -> list[Paragraph]:
    out: list[Paragraph] = []
    pos = 0
    text = mapped.text
    for m in _BLANKS.finditer(text):
        _add_paragraph(out, text, pos, m.start())
        pos = m.end()
    _add_paragraph(out, text, pos, len(text))
    return out


def _add_paragraph(out: list[Paragraph], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    body = chunk.strip()
    if body:
        out.append(Paragraph(body, start + lead))


def join_paragraphs(mapped: MappedText, groups: list[list[Paragraph]]) -> tuple[MappedText, list[Paragraph]]:
    """Rebuild the text with each group of paragraphs joined by one space (a sentence cut
    by a page break) and groups separated by a blank line; returns the new paragraphs."""
    b = _Builder(mapped)
    out: list[Paragraph] = []
    for gi, group in enumerate(groups):
        if gi:
            b.insert("\n\n", group[0].start)
        start = b.length
        for pi, para in enumerate(group):
            if pi:
                b.insert(" ", para.start)
            b.keep(para.start, para.end)
        out.append(Paragraph("", start))
    result = b.build()
    for para, nxt in zip(out, out[1:] + [None]):
        end = nxt.start - 2 if nxt is not None else len(result.text)
        para.text = result.text[para.start:end]
    return result, out


def load(text: str) -> MappedText:
    return MappedText(text)


def require(condition: bool, source: str, reason: str) -> None:
    if not condition:
        raise NotADocumentError(source, reason)

"""Is a PDF file whole? Damage that pdfium repairs without a word (issue 18).

pdfium reads damaged files as well as it can: a cross-reference table pointing at the wrong bytes
is rebuilt, a stream that does not inflate is cut short, a truncated file gives the pages it still
has. The text it returns can then differ from the letter's without any sign. A bit flipped in a
copy of a real letter changed the result with no warning in 9 of 120 trials here. These checks
read the file's own bookkeeping, cheaply, and say what does not add up:

- the file ends with ``%%EOF`` and ``startxref`` points at a cross-reference section;
- every in-use entry of a classic cross-reference table points at ``N G obj`` of that number;
- every stream is as long as its ``/Length`` says (``endstream`` right after it);
- every stream whose first filter is ``/FlateDecode`` inflates to its end: zlib's Adler-32
  checksum catches any flipped bit in compressed data, which is most of a PDF.

``problems(data)`` returns short descriptions (at most a few), empty for a file that adds up.
Encrypted files skip the stream checks (their streams are ciphertext). A signed file whose last
signature covers it and whose digest matches (``signatures.file_as_signed``) is as its signer
made it, byte for byte: for it only the end of the file is checked (``as_signed=True``), which
spares inflating every stream of the large signed letters (about half of this check's time
on the speed benchmark's files).
"""
from __future__ import annotations

import re  # the standard module: on bytes it is several times faster than ``regex`` here

try:  # the same inflate and Adler-32 check, ~10x faster on these files (pyproject.toml says why)
    from zlib_ng import zlib_ng as zlib
except ImportError:  # pragma: no cover - a platform without its wheel
    import zlib

MAX_LISTED = 3

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF", re.S)
_OBJ_AT = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")
_XREF_SUB = re.compile(rb"(\d+)\s+(\d+)\s*\r?\n")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_STREAM = re.compile(rb"stream(?:\r\n|\n|\r)")
_OBJ_HEAD = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_LENGTH = re.compile(rb"/Length\s+(\d+)(\s+(\d+)\s+R)?")
_FILTER = re.compile(rb"/Filter\s*(?:\[\s*)?/(\w+)")
_PREV = re.compile(rb"/Prev\s+(\d+)")
_HEADER_SCAN = re.compile(rb"[\r\n](\d{1,7}) \d{1,5} obj\b")
_HIGH = re.compile(rb"[\x80-\xff]")
_STRINGS = re.compile(rb"\((?:\\.|[^\\()])*\)|<[0-9A-Fa-f\s]*>(?!>)", re.S)


def problems(data: bytes, *, as_signed: bool = False) -> list[str]:
    """``as_signed``: a signature's digest has shown every byte to be as signed
    (``signatures.file_as_signed``); nothing can have been damaged since, and only the end of the
    file is looked at (the cross-reference, dictionary and stream checks, inflating every stream,
    are left out)."""
    out: list[str] = []
    tail = data[-2048:]
    if b"%%EOF" not in tail:
        out.append("the file does not end with %%EOF (cut short?)")
    starts = list(_STARTXREF.finditer(data[-4096:]))
    offsets: dict[int, int] = {}
    if not starts:
        out.append("no startxref at the end of the file")
    elif not as_signed:
        out += _check_xref(data, int(starts[-1].group(1)), offsets)
        out += _check_dicts(data, offsets)
    if not as_signed and b"/Encrypt" not in data[-65536:] and b"/Encrypt" not in data[:4096]:
        out += _check_streams(data, offsets)
    return out[:MAX_LISTED] + ([f"... and {len(out) - MAX_LISTED} more"] if len(out) > MAX_LISTED else [])


def _check_xref(data: bytes, start: int, offsets: dict[int, int]) -> list[str]:
    out: list[str] = []
    seen: set[int] = set()
    pos: int | None = start
    while pos is not None and pos not in seen and len(seen) < 64:
        seen.add(pos)
        if pos >= len(data):
            return out + [f"startxref points past the end of the file ({pos})"]
        if data.startswith(b"xref", pos):
            end = data.find(b"trailer", pos)
            if end < 0:
                return out + ["a cross-reference table without a trailer"]
            out += _check_table(data, data[pos + 4:end], offsets)
            stop = data.find(b"startxref", end)
            prev = _PREV.search(data[end:stop if stop > 0 else end + 4096])
            pos = int(prev.group(1)) if prev else None
        elif _OBJ_AT.match(data, pos):
            return out  # a cross-reference stream: its entries are binary, its bytes checked as a stream
        else:
            return out + [f"startxref points at byte {pos}, which is not a cross-reference section"]
    return out


def _check_table(data: bytes, table: bytes, offsets: dict[int, int]) -> list[str]:
    out: list[str] = []
    i = 0
    while True:
        while i < len(table) and table[i:i + 1] in b" \r\n\t":
            i += 1
        sub = _XREF_SUB.match(table, i)
        if not sub:
            break
        first, count = int(sub.group(1)), int(sub.group(2))
        i = sub.end()
        for k in range(count):
            m = _XREF_ENTRY.match(table, i)
            if not m:
                return out + [f"cross-reference entry {first + k} is not readable"]
            i = m.end()
            while i < len(table) and table[i:i + 1] in b" \r\n":
                i += 1
            if m.group(3) != b"n":
                continue
            off = int(m.group(1))
            at = _OBJ_AT.match(data, off)
            if not at or int(at.group(1)) != first + k:
                out.append(f"cross-reference entry {first + k} points at byte {off}, not at that object")
            else:
                offsets[first + k] = off
    return out


def _check_streams(data: bytes, offsets: dict[int, int]) -> list[str]:
    out: list[str] = []
    last_end = 0
    pos = data.find(b"stream", 0)
    while pos >= 0:
        m = _STREAM.match(data, pos)
        pos = data.find(b"stream", pos + 6)
        if m is None or m.start() < last_end or data[m.start() - 3:m.start()] == b"end":
            continue
        before = data[max(last_end, m.start() - 4096):m.start()]
        if not before.rstrip().endswith(b">>"):
            continue  # the word inside something else (text, a name)
        at = before.rfind(b"obj")  # rfind, not a regex: digits in a content stream make \d+ backtrack
        head = _OBJ_HEAD.search(before[max(0, at - 24):at + 3]) if at >= 0 else None
        obj = int(head.group(1)) if head else -1
        d = before[at + 3:] if at >= 0 else before
        length_m = _LENGTH.search(d)
        if not length_m:
            continue
        length = _length(data, length_m, offsets)
        if length is None:
            continue
        start, end = m.end(), m.end() + length
        after = data[end:end + 12].lstrip(b"\r\n \t")
        if not after.startswith(b"endstream"):
            out.append(f"the stream of object {obj} is not as long as its /Length says")
            last_end = m.end()
            continue
        last_end = end
        f = _FILTER.search(d)
        if f and f.group(1) == b"FlateDecode" and not _inflates(data[start:end]):
            out.append(f"the compressed stream of object {obj} is damaged (it does not inflate)")
        elif not f and b"begincmap" in data[start:start + 256] and _HIGH.search(data, start, end):
            out.append(f"the character map (object {obj}) holds a byte a character map cannot")
    return out


def _check_dicts(data: bytes, offsets: dict[int, int]) -> list[str]:
    """The dictionaries of objects the table lists are plain ASCII outside their strings (names
    escape other bytes as ``#xx``): a byte above 127 there is damage (a flipped bit in a font's
    ``/ToUnicode 75 0 R`` silently changes every character of that font)."""
    out = []
    if not offsets:  # a cross-reference stream: find the object headers themselves
        offsets = {int(m.group(1)): m.start(1) for m in _HEADER_SCAN.finditer(data)}
    for num, off in offsets.items():
        end = off + 65536
        obj_end = data.find(b"endobj", off, end)  # then "stream" only before it (not 64 KiB on)
        at = data.find(b"stream", off, obj_end if obj_end >= 0 else end)
        stop = at if at >= 0 else obj_end if obj_end >= 0 else min(end, len(data))
        # strings are taken out only where a high byte is there at all (most dictionaries: none)
        if _HIGH.search(data, off, stop) and _HIGH.search(_STRINGS.sub(b"()", data[off:stop])):
            out.append(f"object {num} has a byte its dictionary cannot hold")
    return out


def _length(data: bytes, m, offsets: dict[int, int]) -> int | None:
    if not m.group(2):
        return int(m.group(1))
    off = offsets.get(int(m.group(1)))
    if off is None:
        return None
    at = re.compile(rb"\s*\d+\s+\d+\s+obj\s*(\d+)\s*endobj").match(data, off)
    return int(at.group(1)) if at else None


def _inflates(raw: bytes) -> bool:
    d = zlib.decompressobj()
    try:
        while raw:
            d.decompress(raw, 1 << 22)  # bounded output per step: a zip bomb cannot fill memory
            raw = d.unconsumed_tail
            if d.eof:
                break
        return d.eof
    except zlib.error:
        return False

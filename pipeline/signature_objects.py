"""The signature objects of a PDF as pdfium and the file's bytes give them: each signature
dictionary (CMS blob, byte range, sub-filter, reason, /M time) and the signature widgets (field,
page), read before any page is flattened; the field a dictionary belongs to and its /Location,
found in the file's bytes (pdfium does not give them); PDF dates. ``signatures`` checks them.
"""
from __future__ import annotations

import ctypes
import datetime as dt
import re
from functools import lru_cache
from typing import Any

import pypdfium2.raw as pdfium_c


def _buffer_call(fn, obj, ctype=ctypes.c_char) -> bytes:
    """pdfium's two-call pattern: the size, then the bytes."""
    n = fn(obj, None, 0)
    if n <= 0:
        return b""
    buf = (ctype * n)()
    fn(obj, buf, n)
    return bytes(memoryview(buf).cast("B"))[: n * ctypes.sizeof(ctype)]


def raw_signatures(pdf) -> list[dict[str, Any]]:
    """The signature dictionaries of an open pdfium document, in the form's order: the CMS blob,
    the byte range, the sub-filter, the reason and the /M time. Read before any page is flattened
    (flattening takes the signature fields out of the form)."""
    out = []
    for i in range(max(0, pdfium_c.FPDF_GetSignatureCount(pdf.raw))):
        sig = pdfium_c.FPDF_GetSignatureObject(pdf.raw, i)
        if not sig:
            continue
        n = pdfium_c.FPDFSignatureObj_GetByteRange(sig, None, 0)
        ranges = (ctypes.c_int * max(n, 1))()
        pdfium_c.FPDFSignatureObj_GetByteRange(sig, ranges, n)
        reason = _buffer_call(pdfium_c.FPDFSignatureObj_GetReason, sig)
        out.append({
            "contents": _buffer_call(pdfium_c.FPDFSignatureObj_GetContents, sig),
            "byte_range": list(ranges)[:n],
            "sub_filter": _buffer_call(pdfium_c.FPDFSignatureObj_GetSubFilter, sig).rstrip(b"\0").decode("latin-1"),
            "reason": reason.decode("utf-16-le", "replace").rstrip("\0") if reason else None,
            "time": _buffer_call(pdfium_c.FPDFSignatureObj_GetTime, sig).rstrip(b"\0").decode("latin-1") or None,
        })
    return out


def signature_widgets(pdf, page, page_no: int) -> list[tuple[str, int]]:
    """(field name, page) of the signature widgets on a page (before it is flattened)."""
    env = pdf.formenv
    if not env:
        return []
    found = []
    for k in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, k)
        if not annot:
            continue
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annot) != pdfium_c.FPDF_ANNOT_WIDGET or \
                    pdfium_c.FPDFAnnot_GetFormFieldType(env, annot) != pdfium_c.FPDF_FORMFIELD_SIGNATURE:
                continue
            n = pdfium_c.FPDFAnnot_GetFormFieldName(env, annot, None, 0)
            buf = (ctypes.c_ushort * max(n // 2, 1))()
            pdfium_c.FPDFAnnot_GetFormFieldName(env, annot, buf, n)
            name = bytes(memoryview(buf).cast("B")).decode("utf-16-le", "replace").rstrip("\0")
            found.append((name, page_no))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return found


_OBJ_HEAD = re.compile(rb"(\d+)\s+(\d+)\s+obj$")


def _pdf_string(raw: bytes) -> str:
    """A PDF literal string's bytes (between the parentheses) as text."""
    out = bytearray()
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == 0x5C and i + 1 < len(raw):  # backslash
            nxt = raw[i + 1]
            if 0x30 <= nxt <= 0x37:
                j = i + 1
                while j < len(raw) and j < i + 4 and 0x30 <= raw[j] <= 0x37:
                    j += 1
                out.append(int(raw[i + 1:j], 8) & 0xFF)
                i = j
                continue
            out += {0x6E: b"\n", 0x72: b"\r", 0x74: b"\t", 0x62: b"\b", 0x66: b"\f"}.get(nxt, bytes([nxt]))
            i += 2
            continue
        out.append(c)
        i += 1
    if out[:2] == b"\xfe\xff":
        return out[2:].decode("utf-16-be", "replace")
    return out.decode("latin-1")


def _dict_entry(text: bytes, key: bytes) -> str | None:
    """``/Key (string)`` or ``/Key <hex>`` in a dictionary's text, decoded."""
    m = re.search(rb"/" + key + rb"\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>)", text, re.S)
    if not m:
        return None
    v = m.group(1)
    if v[:1] == b"<":
        raw = bytes.fromhex(v[1:-1].decode().replace(" ", "").replace("\n", "").replace("\r", ""))
        return raw[2:].decode("utf-16-be", "replace") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")
    return _pdf_string(v[1:-1])


_VALUE_REF = re.compile(rb"/V (\d+) (\d+) R(?!\d)")


@lru_cache(maxsize=2)
def _value_refs(data: bytes) -> dict[tuple[bytes, bytes], int]:
    """Where each ``/V <num> <gen> R`` of the file first stands (a field's value pointing to its
    signature): one scan for every signature of a file, where each had searched the file again."""
    out: dict[tuple[bytes, bytes], int] = {}
    for m in _VALUE_REF.finditer(data):
        out.setdefault((m.group(1), m.group(2)), m.start())
    return out


def _field_of(data: bytes, contents_at: int) -> tuple[str | None, bytes]:
    """The field name of the signature whose /Contents starts at ``contents_at``, and the text of
    its signature dictionary, found in the file's bytes: the dictionary is the object around the
    contents, the field the object whose /V points to it. (None, ...) where either sits in a
    compressed object stream."""
    at = data.rfind(b" obj", max(0, contents_at - 4096), contents_at)  # memrchr, then a short regex
    head = _OBJ_HEAD.search(data[max(0, at - 24):at + 4]) if at >= 0 else None
    if head is None:
        return None, b""
    end = data.find(b"endobj", contents_at)
    sig_text = data[at + 4:contents_at] + data[data.find(b">", contents_at) + 1:end if end > 0 else None][:4096]
    # the first "/V <num> <gen> R" (as writers space it) that no digit follows, from one scan of the file
    at = _value_refs(data).get((head.group(1), head.group(2)), -1)
    if at < 0:
        return None, sig_text
    start = data.rfind(b"obj", 0, at)
    stop = data.find(b"endobj", at)
    return _dict_entry(data[start:stop if stop > 0 else None], b"T"), sig_text


def _pdf_date(value: str | None) -> str | None:
    """``D:20250821141308+07'00'`` -> ISO 8601."""
    m = re.match(r"D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+\-])?(\d{2})?'?(\d{2})?", value or "")
    if not m:
        return None
    y, mo, d, h, mi, sec, sign, th, tm = m.groups()
    t = dt.datetime(int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(sec or 0))
    if sign in ("+", "-"):
        off = dt.timedelta(hours=int(th or 0), minutes=int(tm or 0))
        t = t.replace(tzinfo=dt.timezone(off if sign == "+" else -off))
    elif sign in ("Z", "z"):
        t = t.replace(tzinfo=dt.timezone.utc)
    return t.isoformat()

"""What a file is by its first bytes, for files that are not letters (issue 18).

congvan reads PDFs and plain text; an inbox also holds photos, archives, office files and programs.
Their content says what they are whatever they are named: ``kind(head)`` gives a short label for
a file that is certainly not a PDF or a text letter, else None.
"""
from __future__ import annotations

READ_FORMATS = "PDF and plain-text letters (.pdf, .txt, .text, .md)"
HEAD_BYTES = 8192

# (magic at offset 0, what it is)
_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", None),  # BMP only with a plausible header, below
    (b"PK\x03\x04", "a ZIP archive or an office file (docx, xlsx, odt)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old office file (doc, xls, msg)"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", None),  # bzip2 only with its block header, below
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", None),  # a Windows program only with its PE header, below
    (b"\xca\xfe\xba\xbe", "a program (Mach-O or Java class)"),
    (b"\xcf\xfa\xed\xfe", "a program (Mach-O executable)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x00\x00\x00\x0cjP  ", "a JPEG 2000 image"),
    (b"OggS", "an audio or video file (Ogg)"),
    (b"ID3", "an audio file (MP3)"),
    (b"\x1aE\xdf\xa3", "a video file (Matroska/WebM)"),
]


def kind(head: bytes) -> str | None:
    """A label for content that is not a letter congvan reads (``"a JPEG image"``), else None."""
    if head[:5] == b"%PDF-":
        return None
    for magic, label in _MAGIC:
        if not head.startswith(magic):
            continue
        if label:
            return label
        if magic == b"BM" and len(head) >= 26 and head[6:10] == b"\x00\x00\x00\x00":
            return "a BMP image"
        if magic == b"BZh" and head[3:4].isdigit() and head[4:10] == b"1AY&SY":
            return "a bzip2 archive"
        if magic == b"MZ" and len(head) >= 64:
            off = int.from_bytes(head[60:64], "little")
            if off + 4 <= len(head) and head[off:off + 4] == b"PE\x00\x00":
                return "a Windows program (exe, dll)"
    if head[:4] == b"RIFF" and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return {b"WEBP": "a WebP image", b"WAVE": "an audio file (WAV)", b"AVI ": "a video file (AVI)"}[head[8:12]]
    if head[4:8] == b"ftyp":
        return "a video or HEIC image (ISO media)"
    if b"%PDF-" in head[:1024]:
        return None  # a PDF with junk before its header: pdfium reads those
    if b"\x00" in head and head[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        return "binary data (not text)"
    return None

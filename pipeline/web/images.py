"""Page images of the stored PDFs for the review page, rendered on demand with pypdfium2 and kept
in small caches: the page sizes per file content (read once, not on every view), PNG at 144 dpi for
the old route, and JPEG / WebP sized to the pane (a few width steps) for the page script. A file
that moved or changed since ingest gives none rather than a wrong page."""
from __future__ import annotations

import hashlib
import io
from collections import OrderedDict
from pathlib import Path
from threading import Lock

from ..paths import on_disk
from .security import page_scale

PAGE_SCALE = 2.0  # PNG page images at 144 dpi
WIDTH_STEP = 300  # compressed images are rendered at a multiple of this many pixels wide
QUALITY = {"jpeg": 72, "webp": 70}


class PageImages:
    def __init__(self, size: int = 96):
        self._cache: OrderedDict[tuple, bytes] = OrderedDict()
        self._ok: dict[tuple[str, float, int], bool] = {}
        self._sizes: dict[str, list[dict]] = {}
        self._size = size
        self._lock = Lock()

    def _file(self, row: dict) -> Path | None:
        p = on_disk(row["path"])  # a name stored with \xNN for bytes that are not UTF-8
        if not row.get("media_type") == "application/pdf" or not p.is_file():
            return None
        st = p.stat()
        key = (str(p), st.st_mtime, st.st_size)
        if key not in self._ok:
            self._ok[key] = hashlib.sha256(p.read_bytes()).hexdigest() == row["sha256"]
        return p if self._ok[key] else None

    def sizes(self, row: dict) -> list[dict]:
        """[{page, width, height}] in PDF points; empty where there is no PDF to show."""
        p = self._file(row)
        if p is None:
            return []
        if row["sha256"] not in self._sizes:
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(str(p))
            try:
                self._sizes[row["sha256"]] = [{"page": i + 1, "width": w, "height": h}
                                              for i, (w, h) in enumerate(pdf.get_page_size(i) for i in range(len(pdf)))]
            finally:
                pdf.close()
        return self._sizes[row["sha256"]]

    def _get(self, key: tuple) -> bytes | None:
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        return None

    def _put(self, key: tuple, data: bytes) -> bytes:
        with self._lock:
            self._cache[key] = data
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)
        return data

    def _render(self, row: dict, page: int, scale_for):
        p = self._file(row)
        if p is None:
            return None
        from ..stamped import open_document

        pdf = open_document(str(p))  # with its form environment: seals and signing stamps are drawn
        try:
            if not 1 <= page <= len(pdf):
                return None
            pg = pdf[page - 1]  # pixels bounded whatever the page size or the width asked for
            w, h = pg.get_width(), pg.get_height()
            return pg.render(scale=page_scale(w, h, scale_for(w))).to_pil()
        finally:
            pdf.close()

    def png(self, row: dict, page: int) -> bytes | None:
        key = (row["sha256"], page, "png", 0)
        data = self._get(key)
        if data is not None:
            return data
        image = self._render(row, page, lambda _w: PAGE_SCALE)
        if image is None:
            return None
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=False)
        return self._put(key, buf.getvalue())

    def compressed(self, row: dict, page: int, width: int, fmt: str = "jpeg") -> bytes | None:
        """The page ``width`` pixels wide (rounded up to a step) as JPEG or WebP."""
        width = -(-width // WIDTH_STEP) * WIDTH_STEP
        key = (row["sha256"], page, fmt, width)
        data = self._get(key)
        if data is not None:
            return data
        image = self._render(row, page, lambda w: width / w)
        if image is None:
            return None
        buf = io.BytesIO()
        image.convert("RGB").save(buf, format=fmt.upper(), quality=QUALITY[fmt], **({"method": 4} if fmt == "webp" else
                                                                                    {"optimize": True}))
        return self._put(key, buf.getvalue())

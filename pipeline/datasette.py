"""Datasette over the store, in Vietnamese: ``congvan datasette-metadata --db congvan.db -o metadata.json``
then ``datasette congvan.db -m metadata.json``.

The labels live in ``pipeline/data/datasette.json`` (table: title, description, column labels).
Datasette keys metadata by database name (the file's stem), so the file is made for one store.
Full-text search needs no setting: ``texts_fts`` and ``obligations_fts`` index both the text and
its folded copy (``pipeline/textfold.py``), so ``?_search=don vi`` finds ``đơn vị``.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path


def labels() -> dict:
    return json.loads(resources.files("congvan.pipeline").joinpath("data", "datasette.json").read_text(encoding="utf-8"))


def metadata(db_path: str | Path) -> dict:
    data = labels()
    tables = {name: {"title": title, "description": desc, "columns": columns}
              for name, (title, desc, columns) in data["tables"].items()}
    for name in data["hidden"]:
        tables[name] = {"hidden": True}
    return {"title": data["title"], "description": data["description"],
            "databases": {Path(db_path).stem: {"title": data["title"], "tables": tables}}}

"""The output contract: ``shared/contract/extraction.schema.json``.

The schema is looked up beside the project (``../shared/contract``) or where ``CONGVAN_SCHEMA``
points; a copy ships in the package so that an installed tool validates on its own.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

import jsonschema

_REPO = Path(__file__).resolve().parent.parent


def schema_path() -> Path | None:
    env = os.environ.get("CONGVAN_SCHEMA")
    for candidate in ([Path(env)] if env else []) + [_REPO.parent / "shared/contract/extraction.schema.json"]:
        if candidate.is_file():
            return candidate
    return None


@lru_cache(maxsize=1)
def schema() -> dict:
    path = schema_path()
    if path is not None:
        return json.loads(path.read_text(encoding="utf-8"))
    return json.loads(resources.files("congvan.pipeline").joinpath("extraction.schema.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def validate(result: dict) -> list[str]:
    """Schema errors of one result, as readable strings; empty when the result is valid."""
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in _validator().iter_errors(result)]

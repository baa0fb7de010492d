"""congvan pipeline: load a letter, normalise it, extract its fields, emit the contract result.

The public API is small:

- ``extract(path) -> Document``: run every stage on one file (never raises for bad input).
- ``extract_text(text) -> Document``: the same on text in memory.
- ``to_result(doc) -> dict``: the contract JSON of a document.
- ``validate(result) -> list[str]``: schema errors of a result (empty when valid).
"""
from __future__ import annotations

__version__ = "0.1.0"
EXTRACTOR_VERSION = __version__

__all__ = ["Document", "extract", "extract_text", "to_result", "validate", "EXTRACTOR_VERSION"]


def __getattr__(name: str):
    # imported lazily so that extractors can use congvan.pipeline.normalise without an import cycle
    if name == "Document":
        from .document import Document
        return Document
    if name in ("extract", "extract_text", "to_result"):
        import importlib
        return getattr(importlib.import_module("congvan.pipeline.run"), name)
    if name == "validate":
        from .contract import validate
        return validate
    raise AttributeError(name)

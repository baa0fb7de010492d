"""congvan pipeline: load a letter, normalise it, extract its fields, emit the contract result.

The public API is small:

- ``extract(path) -> Document``: run every stage on one file (never raises for bad input).
- ``to_result(doc) -> dict``: the contract JSON of a document.
- ``validate(result) -> list[str]``: schema errors of a result (empty when valid).
"""
from .document import Document
from .extract import extract, extract_text, to_result
from .contract import validate

__version__ = "0.1.0"
EXTRACTOR_VERSION = __version__

__all__ = ["Document", "extract", "extract_text", "to_result", "validate", "EXTRACTOR_VERSION"]

"""congvan: the duties Vietnamese agency letters impose, as contract JSON (written by namespace.py).

``import congvan`` gives the API:

- ``extract(path) -> Document``: run every stage on one file (never raises for bad input);
- ``extract_text(text) -> Document``: the same on text in memory;
- ``to_result(doc) -> dict``: the contract JSON of a document (through the contract's models);
- ``validate(result) -> list[str]``: schema errors of a result (empty when valid);
- ``typed(doc) -> models.Result`` and ``models``: the pydantic models of the contract;
- ``Document``, ``EXTRACTOR_VERSION``, ``__version__``.

The code is ``congvan.pipeline`` (stages, store, CLI, review app), ``congvan.extractors`` (one module
per extracted thing) and ``congvan.corpora`` (sample letter, rendering, scans): the project's
folders pipeline/, extractors/ and corpora/, installed under this one name.
"""
from __future__ import annotations

from .pipeline import EXTRACTOR_VERSION, __version__

__all__ = ["Document", "extract", "extract_text", "to_result", "validate", "typed", "models",
           "EXTRACTOR_VERSION", "__version__"]


def __getattr__(name: str):
    # lazy, as congvan.pipeline is: ``import congvan`` stays cheap and free of import cycles
    if name in ("Document", "extract", "extract_text", "to_result", "validate"):
        from . import pipeline

        return getattr(pipeline, name)
    if name in ("models", "typed"):
        from .pipeline import models

        return models if name == "models" else models.typed
    raise AttributeError(f"module 'congvan' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

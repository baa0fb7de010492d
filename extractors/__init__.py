"""Extractors: one module per extracted thing.

Each exposes pure functions ``text -> Iterator[Match]`` (or a single best ``Match``) whose
matches keep character offsets into the text they were given. Vocabulary lives in ``data/``.
"""
from .base import Match

__all__ = ["Match"]

"""Whole letters rewritten the ways real copies differ keep every value: ``benchmarks/robustness.py``'s
transformations (a flattened header, hard line breaks, decomposed Unicode, date spellings, label
spellings, a preamble or purpose clause before the duty, an adverb between unit and verb, other cue
words, abbreviations ...) run on the seed letters and the development texts, and the document fields,
recipients, cc and each obligation's units, action, deadline and data window must come out as they
do for the letter as written. The development letters held out as the blind set are left out, as the
benchmark's own runs leave them out."""
from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

import pytest

from congvan.pipeline import extract_text, to_result

ROOT = Path(__file__).resolve().parents[2]
# the third of ../shared/gold-dev held out from all tuning (README, "Letters nobody tuned on")
BLIND = {"txt03", "txt06", "txt09", "txt12", "txt15", "txt18"}


def _harness():
    spec = importlib.util.spec_from_file_location("robustness", ROOT / "benchmarks" / "robustness.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


robustness = _harness()


@pytest.fixture(scope="module")
def letters(shared: Path) -> list[tuple[str, str, dict]]:
    logging.disable(logging.WARNING)
    try:
        paths = sorted((shared / "corpora/seeds").glob("*.txt")) + sorted(
            p for p in (shared / "corpora/dev-text").glob("*.txt") if p.stem not in BLIND)
        out = []
        for p in paths:
            text = p.read_text(encoding="utf-8")
            out.append((p.name, text, robustness.values(to_result(extract_text(text)))))
        return out
    finally:
        logging.disable(logging.NOTSET)


@pytest.mark.parametrize("name", sorted(robustness.TRANSFORMS))
def test_rewrite_keeps_every_value(letters, name):
    fn = robustness.TRANSFORMS[name]
    changed = []
    for letter, text, base in letters:
        new = fn(text)
        if new == text:
            continue
        got = robustness.values(to_result(extract_text(new)))
        d = robustness.diff(robustness.rewritten(base, fn), got)
        if d:
            changed.append(f"{letter}: " + "; ".join(d)[:300])
    assert not changed, "\n".join(changed)


def test_the_rewrites_reach_the_letters(letters):
    """A transformation that rewrites none of these letters tests nothing: most must reach some."""
    reached = {name for name, fn in robustness.TRANSFORMS.items() if any(fn(t) != t for _, t, _ in letters)}
    assert len(reached) >= 0.8 * len(robustness.TRANSFORMS), sorted(set(robustness.TRANSFORMS) - reached)

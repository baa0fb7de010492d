"""congvan inside a spaCy pipeline (optional: ``pip install -e ".[spacy]"``).

    import spacy
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})  # or spacy.blank("xx")
    nlp.add_pipe("congvan")
    doc = nlp(letter_text)
    doc.spans["obligations"]   # one span per duty (its evidence sentence), kb_id_ = the obligation id
    doc.spans["units"]         # RESPONSIBLE / COOPERATING / RECIPIENT / CC / ISSUER
    doc.spans["dates"]         # ISSUED_DATE / DEADLINE / DATE
    doc._.congvan              # the contract result (dict), as ``congvan extract`` gives it

The component runs the same stages and extractors as ``congvan extract`` on ``doc.text``. Their
offsets point into the normalised text (joined lines, traditional tone placement ...); they are
carried back to ``doc.text`` by aligning the two texts letter by letter with accents, case and
spaces ignored, so every span covers the words as they stand in the text given. A value whose
words cannot be found again in ``doc.text`` (text the normalisation removed) gets no span.
The factory is registered through the ``spacy_factories`` entry point, so ``add_pipe("congvan")``
works without importing this module. Options are keyword-only: ``min_confidence`` (obligations
below it get no span).
"""
from __future__ import annotations

import bisect
import difflib
import logging
from typing import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from .textfold import fold

log = logging.getLogger(__name__)

if not Doc.has_extension("congvan"):
    Doc.set_extension("congvan", default=None)


class _Alignment:
    """Maps offsets of the normalised text to offsets of the original one."""

    def __init__(self, normalised: str, original: str):
        self.n_pos, n_chars = self._letters(normalised)
        self.o_pos, o_chars = self._letters(original)
        if n_chars == o_chars:
            self.map = list(range(len(n_chars)))
        else:
            self.map = [-1] * len(n_chars)
            sm = difflib.SequenceMatcher(None, n_chars, o_chars, autojunk=False)
            for a, b, size in sm.get_matching_blocks():
                for k in range(size):
                    self.map[a + k] = b + k

    @staticmethod
    def _letters(text: str) -> tuple[list[int], str]:
        pos, chars = [], []
        for i, c in enumerate(text):
            if not c.isspace():
                f = fold(c).lower()
                pos.append(i)
                chars.append(f[:1] or c)
        return pos, "".join(chars)

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Original (start, end) of the normalised [start, end), or None when it is not there."""
        i = bisect.bisect_left(self.n_pos, start)
        j = bisect.bisect_left(self.n_pos, end) - 1
        if i > j:
            return None
        a, b = self.map[i], self.map[j]
        if a < 0 or b < 0 or b < a:
            return None
        return self.o_pos[a], self.o_pos[b] + 1


class CongvanComponent:
    """Sets ``doc.spans["obligations"|"units"|"dates"]`` and ``doc._.congvan``."""

    def __init__(self, nlp: Language, name: str = "congvan", *, min_confidence: float = 0.0):
        self.name, self.min_confidence = name, min_confidence

    def __call__(self, doc: Doc) -> Doc:
        from congvan.extractors.obligations import _SUBMIT  # the extractor's own "gửi về X" pattern
        from congvan.extractors.units import unit_key

        from .run import extract_text, to_result

        result_doc = extract_text(doc.text)
        result = to_result(result_doc)
        doc._.congvan = result
        align = _Alignment(result_doc.text or "", doc.text)
        obligations, units, dates = [], [], []

        def add(group: list, start: int, end: int, label: str, kb_id: str = "") -> None:
            where = align.span(start, end)
            span = doc.char_span(*where, label=label, kb_id=kb_id, alignment_mode="expand") if where else None
            if span is None:
                log.debug("congvan: no span in the text for %s at %d-%d", label, start, end)
            else:
                group.append(span)

        ev = result_doc.evidence or {}
        for field, label in (("issuer", "ISSUER"), ("recipients", "RECIPIENT"), ("cc", "CC")):
            for start, end in ev.get(field) or []:
                add(units, start, end, label)
        for start, end in ev.get("issued_date") or []:
            add(dates, start, end, "ISSUED_DATE")
        taken: list[tuple[int, int]] = []
        for ob in result["obligations"]:
            if ob["confidence"] < self.min_confidence or not ob["evidence"]:
                continue
            first = ob["evidence"][0]
            add(obligations, first["start"], first["end"], "OBLIGATION", ob["id"])
            # a unit's words in the duty's sentence when they name it whole (a head shared in the
            # Kính gửi list, "Phòng: Nội vụ", leaves "Nội vụ", which also stands in "Sở Nội vụ"),
            # and not inside where the work is sent ("gửi về UBND huyện (qua Phòng Nội vụ)"); a
            # generic addressee resolved to the recipients has no words of its own there: no span
            besides = [m.span() for m in _SUBMIT.finditer(first["text"])]
            for role, label in (("responsible", "RESPONSIBLE"), ("cooperating", "COOPERATING")):
                for u in ob.get(role) or []:
                    key = unit_key(u["name"])
                    hits = [h for needle in dict.fromkeys((u["raw"], u["name"])) if unit_key(needle) == key
                            for h in _find(first["text"], needle)
                            if not any(bs < h[1] and h[0] < be for bs, be in besides)]
                    if hits:
                        s, e = min(hits)
                        add(units, first["start"] + s, first["start"] + e, label, ob["id"])
            raw = (ob.get("deadline") or {}).get("raw")
            for e in ob["evidence"][1:]:
                if raw and e["text"] == raw:
                    add(dates, e["start"], e["end"], "DEADLINE", ob["id"])
                    taken.append((e["start"], e["end"]))
        from congvan.extractors.dates import find_dates

        for m in find_dates(result_doc.text or ""):
            if not any(s < m.end and m.start < e for s, e in taken) and \
                    not any(s < m.end and m.start < e for s, e in ev.get("issued_date") or []):
                add(dates, m.start, m.end, "DATE")
        doc.spans["obligations"] = _dedupe(obligations)
        doc.spans["units"] = _dedupe(units)
        doc.spans["dates"] = _dedupe(dates)
        return doc


def _find(text: str, needle: str) -> Iterator[tuple[int, int]]:
    """Every place ``needle`` stands in ``text`` (case ignored), left to right."""
    if not needle:
        return
    low, n = text.lower(), needle.lower()
    k = low.find(n)
    while k >= 0:
        yield k, k + len(n)
        k = low.find(n, k + 1)


def _dedupe(spans: list[Span]) -> list[Span]:
    seen, out = set(), []
    for s in spans:
        key = (s.start, s.end, s.label_, s.kb_id_)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


@Language.factory("congvan", default_config={"min_confidence": 0.0})
def make_congvan(nlp: Language, name: str, min_confidence: float) -> CongvanComponent:
    return CongvanComponent(nlp, name, min_confidence=min_confidence)

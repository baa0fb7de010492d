"""For each letter, every body sentence that carries a directive cue, with the obligations the tool
produced for it (unit, action, deadline, window): the sheet a reader checks the extractor against.

    python benchmarks/obligation_audit.py PKL_DIR DUMP.json [--only KEY ...] > audit.txt

PKL_DIR and DUMP.json come from ``benchmarks/obligation_dump.py prepare`` / ``dump``. Sentences are
cut as the extractor cuts them (``obligations._sentences``); a cue is any word of ``CUES`` (the
issue's list), a ``X:`` item line under a cue, or a deadline phrase.
"""
from __future__ import annotations

import argparse
import json
import pickle
import re
from pathlib import Path

CUES = re.compile(r"(?i)\b(?:đề\s+nghị|yêu\s+cầu|giao|chỉ\s+đạo|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|chủ\s+trì|"
                  r"phối\s+hợp|tham\s+mưu|cần|phải|khẩn\s+trương|trước\s+ngày|chậm\s+nhất|gửi\s+về|thời\s+hạn|"
                  r"kính\s+trình|đôn\s+đốc|hoàn\s+thành|nhiệm\s+vụ)\b")


def main() -> None:
    from congvan.extractors.obligations import _sentences
    from congvan.pipeline.run import body_range

    ap = argparse.ArgumentParser()
    ap.add_argument("pkl")
    ap.add_argument("dump")
    ap.add_argument("--only", nargs="*")
    a = ap.parse_args()
    dump = json.loads(Path(a.dump).read_text())
    for p in sorted(Path(a.pkl).glob("*.pkl")):
        key = p.stem
        if a.only and not any(o in key for o in a.only):
            continue
        doc = pickle.loads(p.read_bytes())
        body = doc.body
        if not body.strip():
            print(f"##### {key}: no text\n")
            continue
        s, e = body_range(body)
        obs = dump.get(key, [])
        print(f"##### {key} ({doc.fields.get('doc_type')}, issuer {(doc.fields.get('issuer') or {}).get('name')}) "
              f"recipients {[r.get('name') for r in doc.fields.get('recipients') or []]}; {len(obs)} obligations")
        used = set()
        n = 0
        for a0, b0 in _sentences(body, s, e):
            sent = body[a0:b0]
            mine = [i for i, o in enumerate(obs) if a0 <= o["span"][0] < b0 or o["span"][0] <= a0 < o["span"][1]]
            if not CUES.search(sent) and not mine:
                continue
            n += 1
            print(f"[S{n} @{a0}] {' '.join(sent.split())[:700]}")
            for i in mine:
                used.add(i)
                o = obs[i]
                print(f"    -> OB{i}: {o['units']} coop={o['coop']} | {o['action']} | dl={o['deadline']} "
                      f"({o['deadline_rel']}) | win={o['window']} | {(o['description'] or '')[:120]}")
        for i, o in enumerate(obs):
            if i not in used:
                print(f"    (elsewhere @{o['span'][0]}) OB{i}: {o['units']} | {o['action']} | dl={o['deadline']} "
                      f"| win={o['window']} | {o['evidence'][:150]}")
        print()


if __name__ == "__main__":
    main()

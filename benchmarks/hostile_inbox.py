"""A 1,000-path hostile inbox through ``congvan ingest`` (issue 18): every path accounted for, no
crash, no lost letter, peak memory per worker under the limit.

    .venv/bin/python benchmarks/hostile_inbox.py [--workers 2] [--max-memory 2048] [--keep DIR]

Builds, outside the repository, an inbox of 1,000 paths as an agency's really gets them: letters
(rendered PDFs and texts, every one distinct), copies of them under other names, names that are not
UTF-8, hidden files and a hidden folder, photos, archives, office files and programs (some named
.pdf), empty, corrupt, truncated, bit-flipped and encrypted PDFs, PDFs whose page count is wrong,
scans without a text layer, 500-page blank PDFs, 14,400-point pages, links inside and outside the
inbox, broken links, a linked folder, named pipes and copies of files that will be quarantined.
Then ingests it twice into a fresh database and prints what became of every path, the seconds,
and the peak memory of the parent and of the largest worker (``ru_maxrss``). Asserts nothing
beyond exiting 1 when a path is unaccounted for or a letter is lost.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fpdf import FPDF  # noqa: E402

from congvan.corpora.render import FONTS, render_letter  # noqa: E402
from congvan.pipeline.ingest import ingest  # noqa: E402
from congvan.pipeline.load import sha256_of  # noqa: E402

SAMPLE = (ROOT / "corpora/sample/mau_cong_van.txt").read_text(encoding="utf-8")


def _variant(k: int) -> str:
    return SAMPLE.replace("Số: 215/UBND-NV", f"Số: {1000 + k}/UBND-NV") + f"\n\nBản số {k} của lô thử.\n"


def _font_pdf(**kw) -> FPDF:
    pdf = FPDF(**kw)
    pdf.add_font("Serif", "", str(FONTS / "LiberationSerif-Regular.ttf"))
    pdf.set_font("Serif", size=12)
    return pdf


def build(inbox: Path, *, seed: int = 18) -> dict[str, int]:
    """The inbox; returns how many paths of each kind were made (1,000 in all)."""
    rng = random.Random(seed)
    inbox.mkdir(parents=True)
    sub = inbox / "Phòng Nội vụ" / "2025"
    sub.mkdir(parents=True)
    made: dict[str, int] = {}
    letters: list[Path] = []

    def count(kind: str, n: int = 1) -> None:
        made[kind] = made.get(kind, 0) + n

    for k in range(300):  # letters as PDFs, distinct content
        letters.append(render_letter(_variant(k), (sub if k % 3 == 0 else inbox) / f"cv_{k:04d}.pdf"))
    count("letter_pdf", 300)
    for k in range(300, 533):  # letters as text
        p = inbox / f"cv_{k:04d}.txt"
        p.write_text(_variant(k), encoding="utf-8")
        letters.append(p)
    count("letter_txt", 233)
    for k in range(533, 573):  # names in a legacy code page: not UTF-8
        p = Path(os.fsdecode(os.path.join(os.fsencode(inbox), f"c\xf4ng v\xe3n {k}.txt".encode("latin-1"))))
        p.write_text(_variant(k), encoding="utf-8")
        letters.append(p)
    count("letter_non_utf8_name", 40)
    for k in range(120):  # copies under other names
        src = letters[rng.randrange(len(letters))]
        shutil.copy(src, (sub if k % 2 else inbox) / f"bản sao {k} {src.suffix}")
    count("duplicate", 120)
    for k in range(30):
        (inbox / f".~lock.{k}.pdf").write_bytes(letters[k].read_bytes())
    hidden = inbox / ".Trash-0"
    hidden.mkdir()
    for k in range(5):
        (hidden / f"xóa {k}.pdf").write_bytes(b"%PDF-1.4 x")
    count("hidden", 31)
    junk = {"jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "png": b"\x89PNG\r\n\x1a\n", "zip": b"PK\x03\x04",
            "docx": b"PK\x03\x04\x14\x00\x06\x00", "doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "gz": b"\x1f\x8b\x08",
            "rar": b"Rar!\x1a\x07\x00", "tif": b"II*\x00"}
    for k in range(72):
        ext = list(junk)[k % len(junk)]
        name = f"tệp {k}.{ext if k % 4 else 'pdf'}"  # a quarter named .pdf
        (inbox / name).write_bytes(junk[ext] + rng.randbytes(3000))
    for k in range(8):
        shutil.copy(sys.executable, inbox / f"cài đặt {k}.exe")
    count("not_a_letter", 80)
    for k in range(25):
        (inbox / f"rỗng {k}.pdf").write_bytes(b"")
    count("empty (24 of them copies of a quarantined file)", 25)
    for k in range(30):
        (inbox / f"hỏng {k}.pdf").write_bytes(b"%PDF-1.7\n" + rng.randbytes(5000))
    count("corrupt", 30)
    for k in range(30):
        data = letters[k].read_bytes()
        (inbox / f"cắt cụt {k}.pdf").write_bytes(data[: rng.randrange(200, len(data) - 200)])
    count("truncated", 30)
    for k in range(30):
        b = bytearray(letters[30 + k].read_bytes())
        pos = rng.randrange(len(b))
        b[pos] ^= 1 << rng.randrange(8)
        (inbox / f"lật bit {k}.pdf").write_bytes(bytes(b))
    count("bit_flipped", 30)
    for k in range(20):
        data = letters[60 + k].read_bytes()
        wrong = re.sub(rb"/Count (\d+)", lambda m: b"/Count %d" % (int(m.group(1)) + 7), data, count=1)
        assert wrong != data
        (inbox / f"sai số trang {k}.pdf").write_bytes(wrong)
    count("wrong_page_count", 20)
    for k in range(10):
        pdf = _font_pdf()
        pdf.set_encryption(owner_password="owner", user_password=f"mk{k}")
        pdf.add_page()
        pdf.multi_cell(0, 7, f"Công văn mật số {k}.")
        pdf.output(str(inbox / f"mật {k}.pdf"))
    count("encrypted", 10)
    for k in range(4):
        pdf = FPDF()
        pdf.add_page()
        for y in range(30, 260, 9):
            pdf.rect(20, y, 170, 4, style="F")
        pdf.set_title(f"scan {k}")
        pdf.output(str(inbox / f"bản quét {k}.pdf"))
    count("scan_without_text", 4)
    for k in range(4):
        pdf = FPDF()
        pdf.set_title(f"blank {k}")
        for _ in range(500):
            pdf.add_page()
        pdf.output(str(inbox / f"500 trang trắng {k}.pdf"))
    count("500_blank_pages", 4)
    for k in range(3):
        pdf = FPDF(unit="pt", format=(14400, 14400))
        pdf.set_title(f"huge {k}")
        pdf.add_page()
        pdf.rect(300, 300 + k, 13000, 200, style="F")
        pdf.output(str(inbox / f"trang khổng lồ {k}.pdf"))
    count("huge_page", 3)
    for k in range(15):
        os.symlink(os.path.relpath(letters[100 + k], inbox), inbox / f"liên kết {k}.pdf")
    count("link_inside", 15)
    for k, target in enumerate(["/etc/passwd", "/etc/hostname", "/etc/hosts", "/proc/self/environ",
                                "/etc/shadow"] * 3):
        os.symlink(target, inbox / f"ra ngoài {k}.txt")
    count("link_outside", 15)
    for k in range(5):
        os.symlink(f"không có {k}.pdf", inbox / f"liên kết hỏng {k}.pdf")
    count("broken_link", 5)
    os.symlink("/etc", inbox / "thư mục ngoài")
    os.symlink("Phòng Nội vụ", inbox / "thư mục trong")
    count("linked_folder", 2)
    for k in range(3):
        os.mkfifo(inbox / f"ống {k}.txt")
    count("named_pipe", 3)
    total = sum(made.values())
    assert total == 1000, total
    return made


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--max-memory", type=int, default=2048, metavar="MB")
    ap.add_argument("--keep", metavar="DIR", help="build the inbox here (must not exist) and keep it")
    args = ap.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="congvan-hostile-"))
    inbox = work / "inbox"
    t0 = time.perf_counter()
    made = build(inbox)
    print(f"built {sum(made.values())} paths in {time.perf_counter() - t0:.1f}s -> {inbox}")
    for kind, n in made.items():
        print(f"  {n:4d} {kind}")
    letters = {sha256_of(p.read_bytes()) for p in inbox.rglob("cv_*") if p.is_file() and not p.is_symlink()}
    letters |= {sha256_of(Path(os.fsdecode(os.path.join(os.fsencode(inbox), n))).read_bytes())
                for n in os.listdir(os.fsencode(inbox)) if n.startswith(b"c\xf4ng")}
    db = work / "hostile.db"
    ok = True
    for run in (1, 2):
        t = time.perf_counter()
        s = ingest(inbox, db, workers=args.workers, max_memory_mb=args.max_memory)
        print(f"\nrun {run}: {s.line()}")
        print(f"  {time.perf_counter() - t:.1f}s; every path accounted for: {s.accounted() == s.seen == 1000}")
        ok &= s.accounted() == s.seen == 1000
    con = sqlite3.connect(db)
    stored = {sha for (sha,) in con.execute("SELECT sha256 FROM documents")}
    lost = letters - stored
    crashes = con.execute("SELECT count(*) FROM quarantine WHERE reason IN ('crash', 'killed', 'memory')").fetchone()[0]
    reasons = dict(con.execute("SELECT reason, count(*) FROM quarantine GROUP BY reason"))
    skipped = dict(con.execute("SELECT reason, count(*) FROM skipped_paths GROUP BY reason"))
    print(f"\nletters: {len(letters)} distinct, {len(letters & stored)} stored, {len(lost)} lost")
    print(f"crashes (crash/killed/memory quarantine rows): {crashes}")
    print(f"quarantine by reason: {reasons}")
    print(f"skipped_paths by reason: {skipped}")
    print(f"load average (this machine is shared): {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"peak memory: parent {peak_mb(resource.RUSAGE_SELF):.0f} MB, largest worker "
          f"{peak_mb(resource.RUSAGE_CHILDREN):.0f} MB (limit {args.max_memory} MB address space)")
    ok &= not lost and not crashes
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

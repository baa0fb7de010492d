"""The code installs as ``congvan`` only (written by namespace.py, which renamed the imports):
``import congvan`` gives the API, nothing imports the top-level ``pipeline``, ``extractors`` or
``corpora``, and a wheel built from the repo holds only ``congvan/`` and works outside the repo.

namespace.py: leave this file alone
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OLD = ("pipe" + "line", "extrac" + "tors", "cor" + "pora")  # spelt apart: this file is never renamed
ALT = "|".join(OLD)
SKIP = {".git", ".venv", "venv", "build", "dist", "__pycache__", "node_modules", ".pytest_cache", "gold"}


def _files():
    for cur, dirs, names in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP and not d.endswith(".egg-info")]
        for n in names:
            if n.endswith((".py", ".ipynb", ".toml", ".md")):
                p = Path(cur) / n
                if p != Path(__file__).resolve():
                    yield p


LEFTOVERS = [
    re.compile(rf"(?<![\w.])from ({ALT})(\.\w+)* import\b"),
    re.compile(rf"^\s*import ({ALT})\b", re.M),
    re.compile(rf"(?<![\w.])import ({ALT})(\.\w+)* as\b"),
    re.compile(rf"(?<=[\"'])({ALT})\.[a-z_]+\b(?!/)"),
    re.compile(rf"-m ({ALT})\.\w"),
    re.compile(rf"files\(\s*[\"']({ALT})[\"'.]"),
]


def test_nothing_refers_to_the_top_level_packages():
    found = []
    for p in _files():
        for i, line in enumerate(p.read_text("utf-8", errors="replace").splitlines(), 1):
            if any(r.search(line) for r in LEFTOVERS):
                found.append(f"{p.relative_to(ROOT)}:{i}: {line.strip()[:120]}")
    assert not found, "run python namespace.py on the repo again:\n" + "\n".join(found)


def test_import_congvan_gives_the_api(sample):
    import congvan

    doc = congvan.extract(sample)
    result = congvan.to_result(doc)
    assert isinstance(doc, congvan.Document) and congvan.validate(result) == []
    assert result["document"]["symbol"] and result["obligations"]
    assert congvan.typed(congvan.extract_text(sample.read_text("utf-8"))).document.symbol == result["document"]["symbol"]
    assert congvan.models.Result.model_validate(result).schema_version == "1"
    assert congvan.EXTRACTOR_VERSION == congvan.__version__
    with pytest.raises(AttributeError):
        congvan.no_such_name


def test_the_code_loads_no_top_level_package(sample):
    """Every module of the three packages imported, a letter extracted and the CLI run, from the repo
    root (where the folders are on sys.path): no module named ``pipeline...`` etc. is ever loaded."""
    code = (
        "import importlib, pkgutil, sys, congvan\n"
        "for pkg in ('congvan.pipeline', 'congvan.extractors', 'congvan.corpora'):\n"
        "    for m in pkgutil.walk_packages(importlib.import_module(pkg).__path__, pkg + '.'):\n"
        "        try:\n"
        "            importlib.import_module(m.name)\n"
        "        except ModuleNotFoundError as exc:\n"
        "            if exc.name.split('.')[0] in ('congvan',) + OLD: raise\n"  # an optional extra is fine
        "congvan.to_result(congvan.extract(sys.argv[1]))\n"
        "from congvan.pipeline.cli import main\n"
        "assert main(['validate', sys.argv[2]]) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in OLD))\n"
    ).replace("OLD", repr(OLD))
    gold = next((ROOT / "gold").rglob("0*.json"))
    r = subprocess.run([sys.executable, "-c", code, str(sample), str(gold)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[]"


def test_python_m_congvan_runs_the_cli(sample):
    r = subprocess.run([sys.executable, "-m", "congvan", "extract", str(sample)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["schema_version"] == "1"


@pytest.mark.slow
def test_a_wheel_holds_only_congvan_and_works_outside_the_repo(tmp_path, sample):
    pytest.importorskip("setuptools", reason="building the wheel needs setuptools in this environment")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                        "-w", str(tmp_path / "wheel"), str(ROOT)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    [wheel] = (tmp_path / "wheel").glob("congvan-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"congvan"}, sorted(tops)
    for data in ("congvan/pipeline/extraction.schema.json", "congvan/corpora/sample/mau_cong_van.txt",
                 "congvan/pipeline/web/templates/", "congvan/extractors/data/", "congvan/pipeline/data/"):
        assert any(n.startswith(data) for n in names), data
    entry = next(n for n in names if n.endswith("entry_points.txt"))
    points = zipfile.ZipFile(wheel).read(entry).decode()
    assert "congvan = congvan.pipeline.cli:main" in points
    assert "congvan = congvan.pipeline.spacy_component:make_congvan" in points
    # installed on its own (the dependencies from this environment), run from outside the repo
    site = tmp_path / "site"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target", str(site),
                        str(wheel)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert {p.name for p in site.iterdir() if not p.name.endswith(".dist-info")} - {"bin"} == {"congvan"}
    code = (
        "import importlib.util, json, sys, congvan\n"
        "assert congvan.__file__.startswith(sys.argv[1]), congvan.__file__\n"
        "sample = importlib.resources.files('congvan.corpora').joinpath('sample', 'mau_cong_van.txt')\n"
        "r = congvan.to_result(congvan.extract_text(sample.read_text('utf-8')))\n"
        "assert congvan.validate(r) == [] and r['obligations']\n"
        "print(json.dumps([importlib.util.find_spec(n) is None for n in OLD]))\n"
    ).replace("OLD", repr(OLD)).replace("import importlib.util", "import importlib.resources, importlib.util")
    env = {k: v for k, v in os.environ.items() if k != "CONGVAN_SCHEMA"}  # the copy in the wheel is used
    env["PYTHONPATH"] = str(site)
    r = subprocess.run([sys.executable, "-c", code, str(site)], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == [True, True, True], (
        "a top-level package is importable outside the repo; an editable install made before the rename "
        "needs `pip install -e .` again")

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "corpora").is_dir():
        pytest.skip(f"shared corpora not found at {SHARED} (they sit beside the project in CI)")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> list[Path]:
    return sorted((shared / "corpora/seeds").glob("*.txt"))


@pytest.fixture(scope="session")
def public_pdfs(shared: Path) -> list[Path]:
    return sorted((shared / "corpora/public").glob("*.pdf"))


@pytest.fixture(scope="session")
def sample() -> Path:
    return ROOT / "corpora/sample/mau_cong_van.txt"


# gold folders scored on their own: the letters written by hand for issue 13r (``written_report``), whose floors
# are their own, so the floors measured on the real letters' gold stay measured on those letters
OWN_FLOORS = {"written", "pool"}  # scored by their own fixtures and floors (test_eval)


@pytest.fixture(scope="session")
def eval_report(shared: Path, tmp_path_factory) -> dict:
    """``congvan eval gold`` on the project's gold set of real letters (every folder but ``OWN_FLOORS``),
    baselines included when installed."""
    import shutil

    from congvan.pipeline.evaluate import evaluate

    root = tmp_path_factory.mktemp("gold-real") / "gold"
    for d in sorted((ROOT / "gold").iterdir()):
        if d.is_dir() and d.name not in OWN_FLOORS:
            shutil.copytree(d, root / d.name)  # (source paths resolve against ``shared``)
    return evaluate(root, shared=shared)


@pytest.fixture(scope="session")
def pool_report(shared: Path) -> dict:
    """``congvan eval gold/pool``: real pool letters nobody had tuned on, gold read from their rendered pages (issue 13,
    2026-12-02; a third of them a hold-out)."""
    from congvan.pipeline.evaluate import evaluate

    return evaluate(ROOT / "gold" / "pool", shared=shared, baselines=False)


@pytest.fixture(scope="session")
def written_report() -> dict:
    """``congvan eval gold/written``: the hand-written letters of issue 13r (their texts are in the repository)."""
    from congvan.pipeline.evaluate import evaluate

    return evaluate(ROOT / "gold" / "written", baselines=False)

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


@pytest.fixture(scope="session")
def eval_report(shared: Path) -> dict:
    """``congvan eval gold`` on the project's gold set, baselines included when installed."""
    from congvan.pipeline.evaluate import evaluate

    return evaluate(ROOT / "gold", shared=shared)

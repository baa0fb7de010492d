"""The error-analysis notebook runs top to bottom on a fresh eval report (no kernel needed: its
code cells are executed in order in one namespace, as Jupyter would)."""
import contextlib
import io
import json
import os

from ..conftest import ROOT

NOTEBOOK = ROOT / "notebooks" / "error_analysis.ipynb"


def run_notebook(path, env: dict) -> str:
    nb = json.loads(path.read_text(encoding="utf-8"))
    namespace: dict = {"__name__": "__main__"}
    out = io.StringIO()
    old_cwd, old_env = os.getcwd(), {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    os.chdir(path.parent)
    try:
        with contextlib.redirect_stdout(out):
            for i, cell in enumerate(nb["cells"]):
                if cell["cell_type"] == "code":
                    exec(compile("".join(cell["source"]), f"{path.name}[{i}]", "exec"), namespace)
    finally:
        os.chdir(old_cwd)
        for k, v in old_env.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    return out.getvalue()


def test_notebook_is_valid_nbformat_4():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4 and any(c["cell_type"] == "code" for c in nb["cells"])
    assert all(c.get("outputs", []) == [] for c in nb["cells"] if c["cell_type"] == "code"), "commit it cleared"


def test_notebook_runs_on_a_fresh_report(eval_report, tmp_path):
    report = tmp_path / "eval.json"
    report.write_text(json.dumps(eval_report, ensure_ascii=False), encoding="utf-8")
    text = run_notebook(NOTEBOOK, {"CONGVAN_EVAL": str(report)})
    assert f"{eval_report['documents']} documents scored" in text
    assert "obligation_units" in text and "unit_deadline_pairs" in text
    # the worst-documents section names a real gold file whenever something is wrong
    wrong = [r["gold"] for r in eval_report["per_document"] if r["errors"]]
    assert not wrong or any(w in text for w in wrong)

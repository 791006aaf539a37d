"""The analysis notebooks (issue: citation chains): each runs top to bottom with the notebook's
folder as working directory, draws figures, and is committed without outputs."""

import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_there_are_three_analysis_notebooks() -> None:
    assert [p.name for p in PATHS][:3] == ["01_citation_chains.ipynb", "02_responsibility.ipynb",
                                           "03_diffusion_timeline.ipynb"]


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_is_committed_clean_and_bilingual(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code), "clear the outputs"
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert CJK.search(markdown) and re.search(r"\b(the|and|of)\b", markdown), "explain in Chinese and English"


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs_top_to_bottom(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    figures = [o for o in outputs if o.output_type in ("display_data", "execute_result")
               and "image/png" in o.get("data", {})]
    assert figures, f"{path.name} draws no figure"

"""The walkthrough notebook runs top to bottom, headless, and shows what it promises.

The notebook is executed with nbclient in a fresh kernel of this test's own
Python (the project's venv): a kernel spec written to a temporary folder and
put first on JUPYTER_PATH, so no user or system kernel spec is used and
nothing outside the temporary folder is touched.
"""

from __future__ import annotations

import base64
import json
import re
import sys
from pathlib import Path

import nbclient
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "walkthrough.ipynb"
KERNEL = "python3"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def kernel_path(tmp_path_factory) -> Path:
    """A JUPYTER_PATH folder whose python3 kernel runs this very interpreter."""
    folder = tmp_path_factory.mktemp("jupyter")
    spec = folder / "kernels" / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (kg-builder venv)",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def executed(kernel_path):
    """The notebook after a headless run from the repository root."""
    patch = pytest.MonkeyPatch()
    patch.setenv("JUPYTER_PATH", str(kernel_path))
    patch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    try:
        nb = nbformat.read(NOTEBOOK, as_version=4)
        client = nbclient.NotebookClient(
            nb,
            timeout=300,
            kernel_name=KERNEL,
            resources={"metadata": {"path": str(ROOT)}},
        )
        manager = client.create_kernel_manager()  # kept: the client drops it when done
        # raises CellExecutionError (with the traceback) when a cell fails
        client.execute()
        spec_argv = manager.kernel_spec.argv
    finally:
        patch.undo()
    return nb, spec_argv


def _code_cells(nb):
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def _texts(cell) -> list[str]:
    """Every textual output of a cell: streams, plain text and HTML (unescaped)."""
    out = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            out.append(output.text)
        elif output.output_type in {"display_data", "execute_result"}:
            for mime in ("text/plain", "text/html"):
                if mime in output.data:
                    out.append(output.data[mime])
    return out


def _all_text(nb) -> str:
    return "\n".join(text for cell in _code_cells(nb) for text in _texts(cell))


def _cell_text(nb, marker: str) -> str:
    """The outputs of the one code cell whose source contains `marker`."""
    cells = [cell for cell in _code_cells(nb) if marker in cell.source]
    assert len(cells) == 1, f"expected one code cell containing {marker!r}, found {len(cells)}"
    return "\n".join(_texts(cells[0]))


def test_committed_notebook_is_clean():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    assert nb.metadata.get("kernelspec", {}).get("name") == KERNEL
    assert [cell for cell in nb.cells if cell.cell_type == "markdown"], "no explanations"
    dirty = [i for i, cell in enumerate(_code_cells(nb)) if cell.outputs or cell.execution_count]
    assert dirty == [], f"code cells {dirty} have outputs saved: clear them before committing"


def test_runs_in_the_project_python(executed):
    nb, spec_argv = executed
    assert spec_argv[0] == sys.executable
    printed = re.search(r"^environment: (.+)$", _cell_text(nb, "ROOT = Path.cwd()"), re.M)
    assert printed is not None, "the setup cell did not print its environment"
    assert Path(printed.group(1).strip()).resolve() == Path(sys.prefix).resolve()


def test_no_cell_errors(executed):
    nb, _ = executed
    errors = [
        (i, output.get("ename"), output.get("evalue"))
        for i, cell in enumerate(_code_cells(nb))
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert errors == []
    unrun = [i for i, cell in enumerate(_code_cells(nb)) if cell.execution_count is None]
    assert unrun == []


def test_extraction_and_rdf_outputs(executed):
    nb, _ = executed
    text = _all_text(nb)
    assert "Ministry of State Security" in text
    assert "counter-espionage law" in text
    counts = re.search(r"(\d+) entities, \d+ mentions, (\d+) triples", text)
    assert counts is not None and int(counts.group(1)) > 0 and int(counts.group(2)) > 0
    rdf = re.search(r"(\d+) RDF triples", text)
    assert rdf is not None and int(rdf.group(1)) > 0
    turtle = _cell_text(nb, "excerpt.serialize")
    assert 'rdfs:label "Ministry of State Security"' in turtle
    assert "kg:Statement" in turtle


def test_static_and_focus_plots_are_images(executed):
    nb, _ = executed
    pngs = [
        base64.b64decode(output.data["image/png"])
        for cell in _code_cells(nb)
        for output in cell.outputs
        if output.output_type in {"display_data", "execute_result"} and "image/png" in output.data
    ]
    assert len(pngs) >= 2, f"expected the static plot and the focus view, got {len(pngs)} image(s)"
    for png in pngs:
        assert png.startswith(PNG_MAGIC)
        assert len(png) > 10_000, "suspiciously small plot"
    focus = _cell_text(nb, "focus_subgraph(G, ")
    sizes = re.search(r"(\d+) entities, (\d+) edges", focus)
    assert sizes is not None and int(sizes.group(1)) > 1 and int(sizes.group(2)) > 0


def test_interactive_view_is_embedded(executed):
    nb, _ = executed
    html = _cell_text(nb, "write_html(")
    assert "<iframe srcdoc=" in html
    assert "window.kgViewer" in html and "kg-search" in html  # the viewer, inside the escaped page
    assert "MSS consultancy warning" in html


def test_sparql_answers(executed):
    nb, _ = executed
    consultancy = _cell_text(nb, 'ask("consultancy.rq")')
    assert "Chinese company" in consultancy
    assert "fact" in consultancy and "hedged: " in consultancy
    assert "Ministry of State Security" in consultancy  # said_by: the attribution
    facts = _cell_text(nb, 'ask("entity-facts.rq")')
    assert "Ministry of State Security" in facts
    negated = _cell_text(nb, 'ask("negated.rq")')
    assert "counter-espionage law" in negated
    assert "not limited to" in negated
    said = _cell_text(nb, 'ask("who-said-what.rq")')
    assert "speakers: Ministry of State Security" in said


def test_graph_conforms(executed):
    nb, _ = executed
    assert "conforms: True (0 violations)" in _cell_text(nb, "validate_graph(g)")

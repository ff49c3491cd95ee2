"""`kg build --engine dask` against a cluster whose workers can be made to die (issue 15, items 6 and 18).

One Dask cluster serves the module: one worker, a preload that kills the worker process as a task
starts while a flag file exists, and a scheduler that gives a task up after the first death
(`allowed-failures` 0) so the test does not wait for retries.
"""

from __future__ import annotations

import json
import textwrap

import pytest

pytest.importorskip("dask.distributed", reason="dask[distributed] is not installed")

from graph.cli import main as kg_main  # noqa: E402

_PRELOAD = """
import os
from distributed.diagnostics.plugin import WorkerPlugin

class DieOnTask(WorkerPlugin):
    def transition(self, key, start, finish, **kwargs):
        if finish == "executing" and os.path.exists({flag!r}):
            os._exit(1)  # as the OOM killer would: no exception, no goodbye

async def dask_setup(worker):
    await worker.plugin_add(DieOnTask(), name="die-on-task")
"""


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    import dask
    from dask.distributed import LocalCluster

    folder = tmp_path_factory.mktemp("dask")
    flag = folder / "die"
    preload = folder / "die_on_task.py"
    preload.write_text(textwrap.dedent(_PRELOAD.format(flag=str(flag))))
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            preload=[str(preload)],
        ) as running,
    ):
        yield running.scheduler_address, flag


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_lone_surrogate_through_the_dask_engine(nlp, tmp_path, capsys, cluster):
    address, _ = cluster
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "s1", "text": "The Port Authority fined a firm \ud800 on Monday."}) + "\n"
    )
    out = tmp_path / "g.ttl"
    argv = [
        "build",
        str(feed),
        "--id-column",
        "id",
        "--engine",
        "dask",
        "--scheduler",
        address,
        "-o",
        str(out),
        "-q",
    ]
    assert kg_main(argv) == 0
    lines = _lines(capsys.readouterr().err)
    assert len(lines) == 1 and "surrogates" in lines[0] and "'s1'" in lines[0], lines
    assert "Port Authority" in out.read_text(encoding="utf-8")


def test_workers_that_keep_dying_are_one_line(tmp_path, capsys, cluster):
    address, flag = cluster
    source = tmp_path / "harbour.txt"
    source.write_text("The Port Authority fined a shipping firm.")
    out = tmp_path / "g.ttl"
    flag.touch()
    try:
        code = kg_main(
            ["build", str(source), "--engine", "dask", "--scheduler", address, "-o", str(out), "-q"]
        )
    finally:
        flag.unlink()
    assert code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "KilledWorker" not in err
    lines = _lines(err)
    assert len(lines) == 1, err
    assert lines[0].startswith("kg: error:") and "died" in lines[0] and "'harbour'" in lines[0]
    assert not out.exists()

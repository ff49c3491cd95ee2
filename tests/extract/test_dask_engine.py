"""The Dask engine gives exactly what the in-process pipeline gives, in input order."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("dask.distributed", reason="dask[distributed] is not installed")

from extract.dask_engine import EngineError, extract_with_dask  # noqa: E402
from extract.pipeline import extract_documents  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

TEXTS = [
    ("first", "The Port Authority fined a shipping firm. The firm did not pay the fine."),
    ("second", "Maria Lopez founded a bakery in Lyon in 2019. She may open a second shop."),
    (
        "third",
        "The ministry said the consultancy obtained classified information from a Chinese company.",
    ),
]


@pytest.mark.slow  # a process per case: run once per CI, on the main Python only
def test_local_cluster_matches_in_process_extraction(nlp):
    expected = list(extract_documents(nlp, TEXTS))
    got = list(extract_with_dask(iter(TEXTS), partition_size=2))
    assert [g.doc for g in got] == ["first", "second", "third"]
    assert got == expected
    assert any(g.triples for g in got)


def _model_loads() -> int:
    from extract.nlp import load_nlp

    return load_nlp.cache_info().misses


@pytest.mark.slow  # a process per case: run once per CI, on the main Python only
def test_running_scheduler_loads_the_model_once_per_worker(nlp):
    from dask.distributed import Client, LocalCluster

    expected = list(extract_documents(nlp, TEXTS))
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        got = list(
            extract_with_dask(TEXTS * 3, scheduler=cluster.scheduler_address, partition_size=1)
        )
        loads = client.run(_model_loads)
    assert got == expected * 3
    assert sorted(loads.values()) in ([0, 1], [1, 1])  # 9 tasks, at most one load per worker


def test_unreachable_scheduler_is_one_line():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again below: nothing listens there
    with pytest.raises(
        EngineError, match=rf"^cannot reach the Dask scheduler at tcp://127\.0\.0\.1:{port}"
    ) as info:
        list(extract_with_dask(TEXTS, scheduler=f"tcp://127.0.0.1:{port}", connect_timeout=2))
    assert "\n" not in str(info.value)


def test_bad_partition_size():
    with pytest.raises(EngineError, match="at least 1"):
        list(extract_with_dask(TEXTS, partition_size=0))


def test_extract_package_imports_without_dask():
    code = (
        "import sys\nsys.modules['dask'] = None\nsys.modules['distributed'] = None\n"
        "import extract.dask_engine, extract.pipeline\n"
        "from extract.dask_engine import EngineError, extract_with_dask\n"
        "try:\n    list(extract_with_dask([('a', 'b')]))\n"
        "except EngineError as exc:\n    print(exc)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert "pip install 'dask[distributed]'" in out.stdout

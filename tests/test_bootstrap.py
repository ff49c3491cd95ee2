"""The Makefile's bootstrap works on a PEP 668 ("externally managed") Python.

Debian's and Ubuntu's python3 refuse `pip install uv`; with no uv around, the Makefile must
put uv into a private venv (.tools/) instead. `make -n` prints the commands without running
them (no network), against a Python that has no uv and a PATH that has none either.
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory) -> Path:
    """A Python without uv (and without pip): like a stock distribution python3 here."""
    folder = tmp_path_factory.mktemp("bare")
    venv.EnvBuilder(with_pip=False).create(folder)
    return folder / "bin" / "python"


def _tool_path() -> str:
    folders = {
        str(Path(shutil.which(tool)).parent) for tool in ("make", "sh") if shutil.which(tool)
    }
    if any((Path(folder) / "uv").exists() for folder in folders):
        pytest.skip("uv is installed next to make/sh: cannot hide it from the Makefile")
    return ":".join(sorted(folders))


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_without_uv_the_bootstrap_uses_a_private_venv_not_pip_into_python(bare_python):
    result = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "install", f"PYTHON={bare_python}"],
        capture_output=True,
        text=True,
        env={"PATH": _tool_path(), "HOME": str(bare_python.parent)},
        timeout=20,
    )
    assert result.returncode == 0, result.stderr
    commands = result.stdout
    assert f"{bare_python} -m venv .tools" in commands
    assert ".tools/bin/python -m pip install" in commands
    assert f"{bare_python} -m pip install" not in commands  # refused by PEP 668
    assert ".tools/bin/uv sync --frozen --no-dev" in commands


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_a_uv_on_path_is_used_and_nothing_is_installed(bare_python, tmp_path):
    fake = tmp_path / "uv"
    fake.write_text("#!/bin/sh\necho uv 0.0.0\n", encoding="utf-8")
    fake.chmod(0o755)
    result = subprocess.run(
        ["make", "-s", "-C", str(ROOT), "print-uv", f"PYTHON={bare_python}"],
        capture_output=True,
        text=True,
        env={"PATH": f"{tmp_path}:{_tool_path()}", "HOME": str(tmp_path)},
        timeout=20,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "uv"


def test_python_3_13_is_allowed_and_locked():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    assert project["project"]["requires-python"] == ">=3.11,<3.14"
    assert lock["requires-python"].replace(" ", "") == ">=3.11,<3.14"
    spacy = next(p for p in lock["package"] if p["name"] == "spacy")
    assert any("cp313-cp313-manylinux" in wheel["url"] for wheel in spacy["wheels"])

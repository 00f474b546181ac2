"""numba is loaded only for compiled kernels, and their on-disk cache is keyed
on every file they are made of, not only their own."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from twoway.engine import kernel_cache, kernels


def copy_sources(folder: Path) -> list[Path]:
    """The files of ``kernel_sources`` copied into ``folder``, same names."""
    copies = []
    for source in kernel_cache.kernel_sources():
        target = folder / source.relative_to(kernel_cache.ENGINE)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
        copies.append(target)
    return copies


def test_every_kernel_file_and_the_column_layout_are_sources() -> None:
    names = {str(p.relative_to(kernel_cache.ENGINE)) for p in kernel_cache.kernel_sources()}
    assert {"kernels/pairs.py", "kernels/scans.py", "kernels/ranges.py", "columns.py"} <= names


@pytest.mark.parametrize("shared", ["kernels/pairs.py", "columns.py"])
def test_a_change_in_a_shared_file_changes_the_cache_key_of_a_kernel_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared: str
) -> None:
    copies = copy_sources(tmp_path)
    monkeypatch.setattr(kernel_cache, "kernel_sources", lambda: copies)
    kernel_cache.shared_stamp.cache_clear()
    try:
        # ``person_scan`` is written in kernels/scans.py, not in the shared file.
        locator = kernel_cache.EngineCache(kernels.person_scan.py_func)._impl.locator
        before = locator.get_source_stamp()
        changed = tmp_path / shared
        changed.write_text(changed.read_text() + "\n# changed\n")
        kernel_cache.shared_stamp.cache_clear()
        after = locator.get_source_stamp()
    finally:
        kernel_cache.shared_stamp.cache_clear()
    assert before != after
    # numba's own part (the kernel's file) did not change: the shared part did.
    assert before[0] == after[0]


def test_the_stamp_follows_contents_not_times(tmp_path: Path) -> None:
    copies = copy_sources(tmp_path)
    stamp = kernel_cache.sources_stamp(copies)
    copies[0].touch()
    assert kernel_cache.sources_stamp(copies) == stamp


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip()


def test_importing_the_engine_and_its_kernels_imports_no_numba() -> None:
    code = (
        "import sys, twoway.engine.__main__, twoway.engine.kernels, twoway.engine.baselines\n"
        "print('numba' in sys.modules)"
    )
    assert run_python(code) == "False"


def test_explicit_scores_are_solved_without_numba_even_when_large(tmp_path: Path) -> None:
    # 100 x 100 is above the size at which kernels run compiled.
    problem = {
        "mentors": [{"id": f"m{j}"} for j in range(100)],
        "mentees": [{"id": f"e{i}"} for i in range(100)],
        "scores": [[f"m{(i * 7 + k) % 100}", f"e{i}", (i * k) % 11] for i in range(100)
                   for k in range(5)],
    }  # fmt: skip
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem))
    code = (
        "import sys\n"
        "from twoway.engine.__main__ import main\n"
        f"status = main(['solve', {str(path)!r}, '--out', {str(tmp_path / 'out.json')!r}])\n"
        "print(status, 'numba' in sys.modules)"
    )
    assert run_python(code) == "0 False"
    assert json.loads((tmp_path / "out.json").read_text())["certified_optimal"] is True

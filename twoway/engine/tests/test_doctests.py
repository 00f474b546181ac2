"""Every ``>>>`` example of the engine runs, and shows what it says it shows.

The examples are the engine's first documentation (the docstrings of the
public functions, and the matching pages under ``docs/``): one that has gone
stale fails here with doctest's own report.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import twoway.engine

ROOT = Path(__file__).resolve().parents[3]
DOCS = ("docs/matching-format.md", "docs/matching.md")


def _engine_modules() -> list[str]:
    found = pkgutil.walk_packages(twoway.engine.__path__, prefix="twoway.engine.")
    return sorted(m.name for m in found if ".tests" not in m.name)


def _run(tests: list[doctest.DocTest]) -> tuple[int, str]:
    """Runs ``tests``; the number of examples run, and the report of failures."""
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in tests:
        runner.run(test, out=report.append)
    return runner.tries, "".join(report)


@pytest.mark.parametrize("name", _engine_modules())
def test_every_example_in_the_module_runs(name: str) -> None:
    module = importlib.import_module(name)
    _, report = _run(doctest.DocTestFinder().find(module))
    assert not report, report


@pytest.mark.parametrize("path", DOCS)
def test_every_example_in_the_matching_docs_runs(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {}, path, str(ROOT / path), 0)
    _, report = _run([test])
    assert not report, report


def test_finds_the_examples_of_the_public_functions() -> None:
    # A finder that found nothing would pass every test above.
    for name, least in (("matching", 1), ("suggestions", 3), ("validation", 2)):
        module = importlib.import_module(f"twoway.engine.{name}")
        tries, _ = _run(doctest.DocTestFinder().find(module))
        assert tries >= least, name

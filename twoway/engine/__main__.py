"""``python -m twoway.engine solve PROBLEM.json [--out RESULT.json]``.

Reads a problem in the JSON format of ``docs/matching-format.md`` (``-`` reads
standard input), solves it and writes the result as compact JSON (standard
output without ``--out``; ``--indent 2`` for a file to read). Malformed input
ends with status 2 and one line on standard error, such as
``error: scores[3]: unknown mentee id "e9"``.
This is the engine's only edge that touches files and the clock.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

# The engine does no linear algebra, but numpy's OpenBLAS starts a thread per
# core when numpy is imported: 40 ms of CPU for nothing. Set before the
# imports below import numpy (importing the package does not).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from twoway.engine.jsonio import problem_from_json, result_to_json
from twoway.engine.matching import match
from twoway.engine.types import EngineInputError

USAGE_ERROR = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"error: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m twoway.engine", description="Twoway's matching engine.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    solve = commands.add_parser("solve", help="solve a matching problem given as JSON")
    solve.add_argument("problem", help="the problem file, or - for standard input")
    solve.add_argument("--out", help="where to write the result (default: standard output)")
    solve.add_argument("--seed", type=int, help="break ties with this seed (default: the file's)")
    solve.add_argument(
        "--indent", type=int, help="indent the JSON by this much (default: compact, on one line)"
    )
    return parser


def _read(path: str) -> object:
    where = "standard input" if path == "-" else path
    try:
        text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()  # noqa: SIM115
    except FileNotFoundError:
        raise EngineInputError(f"{path}: no such file") from None
    except OSError as exc:
        raise EngineInputError(f"{path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise EngineInputError(f"{path}: not UTF-8 text") from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise EngineInputError(
            f"{where}: not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except ValueError as exc:
        raise EngineInputError(f"{where}: {exc}") from None


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector for one command.

    Reading 500,000 scores makes about two million objects, none in a cycle,
    and every few hundred of them set off a collection that, now and then,
    walks every object read so far: parsing took 0.45 s against 0.13 s
    paused, and reading and solving the problem 0.35 s more.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def solve(args: argparse.Namespace) -> int:
    with _collector_paused():
        problem, names, seed = problem_from_json(_read(args.problem))
        result = match(
            problem, seed=args.seed if args.seed is not None else seed, clock=time.perf_counter
        )
    data = result_to_json(result, names)
    if args.indent:
        text = json.dumps(data, indent=args.indent, allow_nan=False)
    else:
        # Written by json's C encoder, which does not indent: 10,000 pairs
        # with their details take 0.02 s compact, 0.09 s indented.
        text = json.dumps(data, separators=(",", ":"), allow_nan=False)
    if args.out:
        try:
            with open(args.out, "w", encoding="utf-8") as out:
                out.write(text + "\n")
        except OSError as exc:
            raise EngineInputError(f"{args.out}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return solve(args)
    except EngineInputError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return USAGE_ERROR
    except Exception as exc:
        sys.stderr.write(f"error: internal error: {type(exc).__name__}: {exc}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())

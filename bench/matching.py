"""Benchmark the matching engine on synthetic programs shaped like the demo organisation.

Usage::

    .venv/bin/python bench/matching.py [--sizes 1000,10000,100000] [--capacities 1,3]
                                       [--modes exact,fast,greedy,stable,dense,json]
    .venv/bin/python bench/matching.py --sizes 10000 --modes json   # that case alone

For each size N (N mentors x N mentees) and each mentor capacity (1, or 1-3
drawn at random), every mode runs in a fresh process, so that its peak
memory (``ru_maxrss``) is its own:

* ``exact``: ``match`` with search="exact" (certified optimal over all pairs);
* ``fast``: search="fast" (no widening, a proven bound on the distance to the
  optimum);
* ``greedy`` and ``stable``: the engine's baselines on the same candidate graph;
* ``dense``: ``scipy.optimize.linear_sum_assignment`` on the full N x N score
  matrix (capacity expanded into slots, one "stay unmatched" column per
  mentee, forbidden pairs at -1e9), for N <= 10,000 only;
* ``json``: explicit scores, 50 per mentee, written as a problem file and
  solved by ``python -m twoway.engine solve`` in a fresh process, timed from
  its start to its result file; against ``linear_sum_assignment`` on the
  same scores (the N x N matrix, unlisted pairs at 0), for N <= 10,000 only.
  A separate process times the steps of the command one by one (CPU seconds).

The instances: about 200 skills whose popularity falls off exponentially (the
most popular is ~3.5x as common as the median), ~5 offered and ~5 wanted per
person (Poisson), offers at levels 2-5 and wants at 1-3, a level pyramid,
100 departments, 8 locations with their time zones, a manager tree, consented
self-descriptions for half of the people, availability windows and formats.
About 1 % of pairs are forbidden: pairs must cross departments (1 in 100
share one), plus reporting lines (two levels) and N/100 explicit exclusions.
A reverse program: mentees are the senior half.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from twoway.engine import Constraints, Options, Participant, Problem, match, validate  # noqa: E402
from twoway.engine.jsonio import problem_from_json, result_to_json  # noqa: E402

N_SKILLS = 200
N_DEPARTMENTS = 100
OFFSETS = np.array([-480, -300, 0, 60, 120, 330, 480, 600])
DENSE_LIMIT = 10_000
MODES = ("exact", "fast", "greedy", "stable", "dense", "json")
SCORES_PER_MENTEE = 50


def _skills(rng: np.random.Generator, n: int, popularity: np.ndarray, low: int, high: int):
    counts = np.clip(rng.poisson(5, n), 1, 12)
    out = []
    for c in counts:
        chosen = rng.choice(N_SKILLS, size=c, replace=False, p=popularity)
        levels = rng.integers(low, high + 1, size=c)
        out.append(tuple(zip(chosen.tolist(), levels.tolist(), strict=True)))
    return out


def instance(
    n: int, *, seed: int = 1, capacity_max: int = 1, options: Options | None = None
) -> Problem:
    """``n`` mentors and ``n`` mentees (2n different people)."""
    rng = np.random.default_rng(seed)
    popularity = np.exp(-np.arange(N_SKILLS) / 80.0)
    popularity /= popularity.sum()
    people = 2 * n
    # A level pyramid; a manager is someone one level up.
    level = rng.choice([1, 2, 3, 4, 5], size=people, p=[0.35, 0.3, 0.2, 0.1, 0.05])
    by_level = {lv: np.flatnonzero(level == lv) for lv in range(1, 6)}
    manager = np.full(people, -1)
    for lv in range(1, 5):
        above = by_level[lv + 1]
        if len(above):
            manager[by_level[lv]] = rng.choice(above, size=len(by_level[lv]))
    department = rng.integers(0, N_DEPARTMENTS, size=people)
    location = rng.integers(0, len(OFFSETS), size=people)
    consent = rng.random(people) < 0.5
    generation = rng.integers(0, 4, size=people)
    gender = rng.integers(0, 3, size=people)
    availability = rng.integers(0, 1 << 10, size=people) * (rng.random(people) < 0.7)
    formats = rng.integers(1, 4, size=people) * (rng.random(people) < 0.8)
    offers = _skills(rng, people, popularity, 2, 5)
    wants = _skills(rng, people, popularity, 1, 3)
    # Mentees are the more senior half.
    order = np.argsort(level, kind="stable")
    mentor_ids, mentee_ids = order[:n], order[n:]
    capacity = rng.integers(1, capacity_max + 1, size=people)

    def person(p: int, cap: int) -> Participant:
        chain = []
        m = manager[p]
        while m >= 0 and len(chain) < 2:
            chain.append(int(m))
            m = manager[m]
        return Participant(
            id=int(p),
            capacity=cap,
            offers=offers[p],
            wants=wants[p],
            level=int(level[p]),
            department=int(department[p]),
            location=int(location[p]),
            utc_offset_minutes=int(OFFSETS[location[p]]),
            managers=tuple(chain),
            generation=int(generation[p]) if consent[p] else None,
            gender=int(gender[p]) if consent[p] else None,
            background=frozenset({int(generation[p] + gender[p])}) if consent[p] else frozenset(),
            availability=int(availability[p]),
            formats=int(formats[p]),
        )

    mentors = tuple(person(int(p), int(capacity[p])) for p in mentor_ids)
    mentees = tuple(person(int(p), 1) for p in mentee_ids)
    picks = rng.integers(0, n, size=(n // 100, 2))
    excluded = frozenset((int(mentor_ids[a]), int(mentee_ids[b])) for a, b in picks.tolist())
    return Problem(
        mentors=mentors,
        mentees=mentees,
        constraints=Constraints(
            reporting_line_depth=2,
            senior_side="mentee",
            must_differ=frozenset({"department"}),
            valued_lines=frozenset({"department", "location", "generation"}),
            excluded=excluded,
        ),
        options=options or Options(),
    )


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _dense(problem: Problem) -> dict[str, float]:
    """The optimum by scipy's dense solver, from the engine's own pair scores."""
    from scipy.optimize import linear_sum_assignment

    from twoway.engine import kernels
    from twoway.engine.context import Context

    ctx = Context(problem)
    ctx.compiled = True
    n_e = ctx.n_mentees
    started = time.perf_counter()
    slot_owner = np.repeat(np.arange(ctx.n_mentors), ctx.capacity)
    forbidden = -1e9
    matrix = np.full((n_e, len(slot_owner) + n_e), forbidden)
    for i in range(n_e):
        masks, scores = kernels.scores_against(
            i, False, ctx.mentee_side, ctx.mentor_side, ctx.rules
        )
        row = np.where(masks == 0, scores, forbidden)
        matrix[i, : len(slot_owner)] = row[slot_owner]
        matrix[i, len(slot_owner) + i] = 0.0
    built = time.perf_counter()
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    solved = time.perf_counter()
    real = cols < len(slot_owner)
    chosen = matrix[rows[real], cols[real]]
    chosen = chosen[chosen > forbidden / 2]
    return {
        "build": built - started,
        "solve": solved - built,
        "wall": solved - started,
        "total": float(chosen.sum()),
        "pairs": len(chosen),
    }


def scored_json(n: int, *, seed: int = 1) -> dict[str, object]:
    """``n`` mentors and ``n`` mentees in the JSON format, with explicit scores:
    each mentee scored with ``SCORES_PER_MENTEE`` mentors drawn at random,
    0 to 10 with three decimals (non-negative, so that an unlisted pair at 0
    in the dense matrix is the same as leaving the mentee unmatched)."""
    rng = np.random.default_rng(seed)
    per = min(SCORES_PER_MENTEE, n)
    mentors = np.concatenate([rng.choice(n, size=per, replace=False) for _ in range(n)])
    values = np.round(rng.random(n * per) * 10, 3)
    mentees = np.repeat(np.arange(n), per)
    return {
        "mentors": [{"id": f"m{j}"} for j in range(n)],
        "mentees": [{"id": f"e{i}"} for i in range(n)],
        "scores": [
            [f"m{j}", f"e{i}", v]
            for j, i, v in zip(mentors.tolist(), mentees.tolist(), values.tolist(), strict=True)
        ],
    }


def _json_file(n: int, folder: str) -> Path:
    path = Path(folder) / f"scored-{n}.json"
    if not path.exists():
        path.write_text(json.dumps(scored_json(n)))
    return path


def _json_steps(path: Path) -> dict[str, Any]:
    """The steps of ``python -m twoway.engine solve`` one by one, in CPU seconds
    (steadier than wall time on a shared machine). The command pauses the
    cycle collector; so does this process."""
    gc.disable()
    clock = time.process_time
    started = clock()
    data = json.loads(path.read_text(encoding="utf-8"))
    parsed = clock()
    problem, names, _ = problem_from_json(data)
    read = clock()
    # The same check again, on a copy (a problem that passed is not checked twice).
    validate(replace(problem), label=names.label)
    checked = clock()
    result = match(problem, clock=clock)
    solved = clock()
    json.dumps(result_to_json(result, names), separators=(",", ":"), allow_nan=False)
    written = clock()
    return {
        "parse": parsed - started,
        "read": read - parsed,
        "validate": checked - read,
        "match": solved - checked,
        "timings": dict(result.timings),
        "output": written - solved,
        "total": result.total,
    }


def _json_cli(path: Path) -> dict[str, Any]:
    """The command in a fresh process, from its start to its result file."""
    out = path.with_suffix(".result.json")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "twoway.engine", "solve", str(path), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"python -m twoway.engine solve {path} failed:\n{done.stderr}")
    result = json.loads(out.read_text())
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return {"wall": wall, "cpu": cpu, "total": result["total"], "timings": result["timings"]}


def _json_dense(path: Path) -> dict[str, Any]:
    """scipy's dense solver on the same scores, from the parsed file."""
    from scipy.optimize import linear_sum_assignment

    data = json.loads(path.read_text(encoding="utf-8"))
    n_m, n_e = len(data["mentors"]), len(data["mentees"])
    started, cpu_started = time.perf_counter(), time.process_time()
    matrix = np.zeros((n_e, n_m))
    rows = np.array([int(e[1:]) for _, e, _ in data["scores"]])
    cols = np.array([int(m[1:]) for m, _, _ in data["scores"]])
    matrix[rows, cols] = [s for _, _, s in data["scores"]]
    built = time.perf_counter()
    r, c = linear_sum_assignment(matrix, maximize=True)
    solved = time.perf_counter()
    return {
        "build": built - started,
        "solve": solved - built,
        "wall": solved - started,
        "cpu": time.process_time() - cpu_started,
        "total": float(matrix[r, c].sum()),
    }


def run_case(n: int, capacity_max: int, mode: str) -> dict[str, object]:
    """One measurement, in this process; printed as a JSON line."""
    if mode.startswith("json-"):
        # The problem file, written once by the parent process.
        step = _json_steps if mode == "json-steps" else _json_dense
        measured = step(Path(os.environ["BENCH_JSON"]))
        return {"n": n, **measured, "peak_mb": _peak_mb()}
    search = "exact" if mode == "exact" else "fast"
    algorithm = mode if mode in ("greedy", "stable") else "optimal"
    problem = instance(
        n, capacity_max=capacity_max, options=Options(search=search, algorithm=algorithm)
    )
    before = _rss_mb()
    out: dict[str, object] = {"n": n, "capacity": capacity_max, "mode": mode}
    if mode == "dense":
        out.update(_dense(problem))
    else:
        started = time.perf_counter()
        result = match(problem, clock=time.perf_counter)
        out.update(
            wall=time.perf_counter() - started,
            timings=dict(result.timings),
            total=result.total,
            pairs=len(result.pairs),
            certified=result.certified_optimal,
            gap=result.optimality_gap,
            blocking=result.blocking_pairs,
            edges=result.stats.get("candidate_edges"),
            widenings=result.stats.get("widenings", 0),
        )
    out["peak_mb"] = _peak_mb()
    out["problem_mb"] = before
    return out


def _fresh(n: int, capacity_max: int, mode: str, path: Path | None = None) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--case", f"{n},{capacity_max},{mode}"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "BENCH_JSON": str(path or "")},
    )
    if done.returncode != 0:
        raise SystemExit(f"case {n},{capacity_max},{mode} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fmt(seconds: object) -> str:
    return "" if seconds is None else f"{float(seconds):.2f}"  # type: ignore[arg-type]


def _engine_rows(sizes: list[int], capacities: list[int], modes: list[str]) -> None:
    """The engine's modes on the synthetic programs: one table."""
    if not modes:
        return
    header = (
        "| N | cap | mode | candidates s | solve s | certify s | total s | peak MB | "
        "total score | % of optimum | certified | gap bound |"
    )
    print(header)
    print("|" + "---:|" * (header.count("|") - 1))
    for n in sizes:
        for cap in capacities:
            results = {}
            for mode in modes:
                if mode == "dense" and n > DENSE_LIMIT:
                    continue
                results[mode] = _fresh(n, cap, mode)
            best = results.get("exact", {}).get("total")
            for mode, r in results.items():
                t = r.get("timings", {})
                share = f"{100 * r['total'] / best:.3f}" if best else ""
                wall = r["wall"]
                extra = ""
                if mode == "dense":
                    extra = f" (matrix {r['build']:.1f} s + solve {r['solve']:.1f} s)"
                print(
                    f"| {n:,} | {'1' if cap == 1 else f'1-{cap}'} | {mode}{extra} | "
                    f"{_fmt(t.get('candidates'))} | {_fmt(t.get('solve'))} | "
                    f"{_fmt(t.get('certify'))} | {wall:.2f} | {r['peak_mb']:.0f} | "
                    f"{r['total']:.2f} | {share} | "
                    f"{'yes' if r.get('certified') else ('' if mode == 'dense' else 'no')} | "
                    f"{r.get('gap', 0.0):.2f} |"
                )
            if "dense" in results and "exact" in results:
                d, e = results["dense"], results["exact"]
                print(
                    f"  N={n:,} cap={cap}: exact/dense total {e['total'] / d['total']:.9f}, "
                    f"dense solve / exact wall {d['solve'] / e['wall']:.1f}x, "
                    f"dense (matrix + solve) / exact wall {d['wall'] / e['wall']:.1f}x"
                )
            sys.stdout.flush()


def _json_rows(sizes: list[int], modes: list[str]) -> None:
    """The ``json`` mode: its own table, after the others."""
    sizes = [n for n in sizes if n <= DENSE_LIMIT]
    if "json" not in modes or not sizes:
        return
    print(
        f"\nExplicit scores through `python -m twoway.engine solve`: {SCORES_PER_MENTEE} "
        "per mentee; the command: best of 3 fresh runs, wall and CPU seconds; its steps "
        "in CPU seconds, one by one in another process"
    )
    header = (
        "| N | scores | file MB | command s | command CPU s | parse | read | (validate) "
        "| match | (solve) | output | dense matrix s | dense solve s | dense CPU s "
        "| dense / command | dense / command, CPU | totals equal |"
    )
    print(header)
    print("|" + "---:|" * (header.count("|") - 1))
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            path = _json_file(n, folder)
            cli = min((_json_cli(path) for _ in range(3)), key=lambda r: r["wall"])
            steps = _fresh(n, 1, "json-steps", path)
            dense = _fresh(n, 1, "json-dense", path)
            wall = cli["wall"]
            same = abs(cli["total"] - dense["total"]) <= 1e-9 * abs(dense["total"])
            print(
                f"| {n:,} | {n * min(SCORES_PER_MENTEE, n):,} | "
                f"{path.stat().st_size / 2**20:.1f} | **{wall:.2f}** | {cli['cpu']:.2f} | "
                f"{_fmt(steps['parse'])} | {_fmt(steps['read'])} | {_fmt(steps['validate'])} | "
                f"{_fmt(steps['match'])} | {_fmt(steps['timings'].get('solve'))} | "
                f"{_fmt(steps['output'])} | {dense['build']:.2f} | {dense['solve']:.2f} | "
                f"{dense['cpu']:.2f} | **{dense['wall'] / wall:.1f}x** | "
                f"{dense['cpu'] / cli['cpu']:.1f}x | {'yes' if same else 'NO'} |"
            )
            print(
                f"  N={n:,}: dense solve alone / command {dense['solve'] / wall:.1f}x; "
                f"peak MB: command steps {steps['peak_mb']:.0f}, dense {dense['peak_mb']:.0f}"
            )
            sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--capacities", default="1,3", help="largest mentor capacity per run")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--case", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        n, cap, mode = args.case.split(",")
        print(json.dumps(run_case(int(n), int(cap), mode)))
        return

    # Compile (or load) the kernels once, outside the measurements.
    match(instance(200, options=Options(search="exact")))
    modes = [m for m in args.modes.split(",") if m]
    sizes = [int(x) for x in args.sizes.split(",") if x]
    print(
        f"Twoway matching benchmark · Python {platform.python_version()} · "
        f"{os.cpu_count()} CPUs · {platform.machine()}"
    )
    engine_modes = [m for m in modes if m != "json"]
    _engine_rows(sizes, [int(x) for x in args.capacities.split(",")], engine_modes)
    _json_rows(sizes, modes)


if __name__ == "__main__":
    main()

"""The candidate graph holds every person's true top-k, compiled or not.

Mentees rank by score; mentors by score minus the mentee's price (a share of
the mentee's k-th best score). The certificate relies on both: a pair left
out of the graph scores at most ``min(kth_mentee[i], kth_mentor[j] + price[i])``.
"""

from __future__ import annotations

import numpy as np
import pytest

from twoway.engine import Options, Problem
from twoway.engine.candidates import build_graph
from twoway.engine.context import Context
from twoway.engine.scoring import explain, violations
from twoway.engine.tests.problems import dense_problem


def true_top_k(
    problem: Problem, k: int, price_weight: float
) -> tuple[dict[int, set[int]], dict[int, set[int]], dict, dict, dict]:
    """Brute force: every allowed pair scored with the reference code."""
    scores = {}
    for j, m in enumerate(problem.mentors):
        for i, e in enumerate(problem.mentees):
            if not violations(problem, m, e):
                scores[i, j] = explain(problem, m, e).score
    by_e: dict[int, list[tuple[float, int]]] = {}
    for (i, j), w in scores.items():
        by_e.setdefault(i, []).append((-w, j))
    top_e = {i: {j for _, j in sorted(v)[:k]} for i, v in by_e.items()}
    kth_e = {i: -sorted(v)[k - 1][0] for i, v in by_e.items() if len(v) >= k}
    # Mentees with fewer than k partners have them all in the graph already.
    price = {i: price_weight * kth for i, kth in kth_e.items()}
    by_m: dict[int, list[tuple[float, int]]] = {}
    for (i, j), w in scores.items():
        if i in price:
            by_m.setdefault(j, []).append((-(w - price[i]), i))
    top_m = {j: {i for _, i in sorted(v)[:k]} for j, v in by_m.items()}
    kth_m = {j: -sorted(v)[k - 1][0] for j, v in by_m.items() if len(v) >= k}
    return top_e, top_m, kth_e, kth_m, price


@pytest.mark.parametrize("price_weight", [0.0, 0.8])
@pytest.mark.parametrize("compiled", [False, True])
def test_graph_holds_each_persons_top_k_on_both_sides(compiled: bool, price_weight: float) -> None:
    problem = dense_problem(70, seed=3, options=Options(top_k=4))
    ctx = Context(problem)
    ctx.compiled = compiled
    graph = build_graph(
        ctx,
        np.ones(70, bool),
        np.ones(70, bool),
        report=lambda f: None,
        price_weight=price_weight,
    )
    top_e, top_m, kth_e, kth_m, price = true_top_k(problem, 4, price_weight)
    edges = set(zip(graph.ei.tolist(), graph.ej.tolist(), strict=True))
    for i, js in top_e.items():
        assert {(i, j) for j in js} <= edges
    for j, is_ in top_m.items():
        assert {(i, j) for i in is_} <= edges
    for i in range(70):
        assert graph.kth_mentee[i] == kth_e.get(i, -np.inf)
        assert graph.kth_mentor[i] == kth_m.get(i, -np.inf)
        assert graph.price[i] == price.get(i, 0.0)
    for i, j, w in zip(graph.ei, graph.ej, graph.weight, strict=True):
        m, e = problem.mentors[j], problem.mentees[i]
        assert violations(problem, m, e) == ()
        assert w == explain(problem, m, e).score  # bit for bit

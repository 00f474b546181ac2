"""The explicit-score path in numpy: the hard rules over columns of pairs, and
the mentors' duals by rounds, against the kernels and the reference rules."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings

from twoway.engine import Problem, check_pair, kernels
from twoway.engine.assignment import solve_assignment
from twoway.engine.candidates import build_graph
from twoway.engine.certification import potentials_by_rounds
from twoway.engine.context import Context
from twoway.engine.kernels.pairs import B_NOT_LISTED, pair_inputs, pair_mask
from twoway.engine.pair_rules import listed_pairs, rule_bits
from twoway.engine.tests.problems import dense_problem, problems

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def all_pairs(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    i, j = np.divmod(np.arange(ctx.n_mentees * ctx.n_mentors, dtype=np.int64), ctx.n_mentors)
    return i, j


@FAST
@given(problems(max_side=7))
def test_rule_bits_are_the_kernels_pair_by_pair(problem: Problem) -> None:
    ctx = Context(problem)
    e_attr, m_attr, tags, links, hard, _ = pair_inputs(ctx.mentee_side, ctx.mentor_side, ctx.rules)
    i, j = all_pairs(ctx)
    # Whether a pair is listed is left to the list itself (see ``rule_bits``).
    expected = [
        pair_mask(a, b, hard, e_attr, m_attr, tags, links) & ~B_NOT_LISTED
        for a, b in zip(i.tolist(), j.tolist(), strict=True)
    ]
    assert rule_bits(ctx, i, j).tolist() == expected


def test_rule_bits_of_a_large_problem_are_the_kernels_too() -> None:
    problem = dense_problem(40, seed=3)
    ctx = Context(problem)
    e_attr, m_attr, tags, links, hard, _ = pair_inputs(ctx.mentee_side, ctx.mentor_side, ctx.rules)
    i, j = all_pairs(ctx)
    expected = [
        pair_mask(a, b, hard, e_attr, m_attr, tags, links)
        for a, b in zip(i.tolist(), j.tolist(), strict=True)
    ]
    bits = rule_bits(ctx, i, j)
    assert bits.tolist() == expected
    assert (bits != 0).any() and (bits == 0).any()


@FAST
@given(problems(explicit=True, locks=False))
def test_the_listed_graph_is_every_listed_pair_that_check_pair_allows(problem: Problem) -> None:
    ctx = Context(problem)
    ei, ej, w = listed_pairs(
        ctx, np.ones(ctx.n_mentees, dtype=np.bool_), np.ones(ctx.n_mentors, dtype=np.bool_)
    )
    found = {
        (problem.mentors[b].id, problem.mentees[a].id): s
        for a, b, s in zip(ei.tolist(), ej.tolist(), w.tolist(), strict=True)
    }
    allowed = {(m, e): s for m, e, s in problem.scores or () if check_pair(problem, m, e) == ()}
    assert found == allowed
    assert list(zip(ei.tolist(), ej.tolist(), strict=True)) == sorted(
        zip(ei.tolist(), ej.tolist(), strict=True)
    )


@FAST
@given(problems(explicit=True, locks=False))
def test_duals_by_rounds_are_the_kernels_shortest_paths(problem: Problem) -> None:
    ctx = Context(problem)
    graph = build_graph(
        ctx,
        np.ones(ctx.n_mentees, dtype=np.bool_),
        ctx.capacity > 0,
        report=lambda _: None,
    )
    partner = solve_assignment(
        ctx.n_mentees, ctx.n_mentors, graph.ei, graph.ej, graph.weight, ctx.capacity
    )
    steps = 200 * (len(graph.ei) + graph.n_mentors + 1)
    tol = 1e-11 * (float(np.abs(graph.weight).max()) if len(graph.ei) else 0.0)
    v, converged = potentials_by_rounds(graph, graph.weight, partner, steps, tol)
    v_kernel, converged_kernel = kernels.mentor_potentials.py_func(
        graph.n_mentors, graph.ptr, graph.ej, graph.weight, partner, steps, tol
    )
    assert converged and converged_kernel
    np.testing.assert_allclose(v, v_kernel, rtol=0, atol=1e-9)

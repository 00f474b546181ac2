"""The engine's loops over many pairs, in the subset of Python numba compiles.

Every kernel takes the tuples built by ``twoway.engine.context`` (``Side``,
``Index``, ``Rules``, laid out as ``twoway.engine.columns`` names their parts)
and plain arrays, and runs either compiled or as plain Python
(``kernel.py_func``) for small problems. The pair score is computed with the
same operations, in the same order, as ``twoway.engine.scoring``; topic
values are multiples of 1/8, so their sums are exact in any order.

Kernels take what the per-pair helpers read out of the tuples once, before
their loops (``pairs.pair_inputs``), and hand it over as scalars and small
flat tuples: an array taken out of a tuple can count a reference, an atomic
operation on memory both threads share, and doing that for every pair once
made each pair cost ~300 ns.

Top-k lists are kept sorted, best first, under one total order: a higher
score, then a lower index. That makes every list independent of the order in
which pairs were seen, so threads and blocks do not change the result.

By what they serve:

``pairs``   one pair: its rule bits, its score, bounds on its non-teaching parts
``lists``   top-k lists
``ranges``  candidate generation: range tables, bounds, ``top_k_range``
``duals``   certification: the mentors' duals, the pairs they leave uncovered
``scans``   one person against everyone opposite

Importing them imports no numba: a kernel compiles (or loads from the
on-disk cache) on its first compiled call (``twoway.engine.jit``). The cache
is keyed on every file of this package and on ``columns``, whose numbers are
frozen into the compiled code: a change in any of them recompiles every
kernel (``twoway.engine.kernel_cache``).
"""

from __future__ import annotations

from twoway.engine.kernels.duals import mentor_potentials, uncovered_range
from twoway.engine.kernels.lists import seed_lists
from twoway.engine.kernels.pairs import rest_bounds
from twoway.engine.kernels.ranges import BOUND, SHUT, fill_columns, top_k_range
from twoway.engine.kernels.scans import person_scan, scores_against

__all__ = [
    "BOUND",
    "SHUT",
    "fill_columns",
    "mentor_potentials",
    "person_scan",
    "rest_bounds",
    "scores_against",
    "seed_lists",
    "top_k_range",
    "uncovered_range",
]

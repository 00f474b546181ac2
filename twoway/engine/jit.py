"""numba, the way the engine uses it.

Kernels are written once, in the subset of Python that numba compiles. Large
problems call the compiled function; small ones call the same source as
plain Python (``kernel.py_func``): for a few hundred pairs that is faster
than compiling, and it keeps the test suite quick on a cold cache. The
compiled code is cached on disk so that a process compiles each kernel once
per installation, not once per run.

numba itself is imported on the first call of a compiled kernel, not with
the engine: importing it and loading the first cached kernel costs about
half a second of CPU, as much as the whole match of 10,000 x 10,000 with
explicit scores, which needs no kernel.

The on-disk cache is keyed on every file whose contents end up in the
compiled code of a kernel, not only the kernel's own file as numba does: a
kernel of ``kernels/scans.py`` inlines the helpers of ``kernels/pairs.py``
and freezes the numbers of ``columns.py``, so editing either makes every
cached kernel stale (``twoway.engine.kernel_cache``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import update_wrapper
from types import ModuleType
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def prange(*args: int) -> range:
    """``range`` in plain Python; numba's parallel ``prange`` once compiled.

    Kernel modules import this name rather than ``numba.prange`` so that
    importing them does not import numba; ``Kernel`` puts ``numba.prange``
    in its place in the module before compiling (numba recognises a parallel
    loop by that object).
    """
    return range(*args)


class _State:
    """The compiling side (``twoway.engine.kernel_cache``, which imports numba)
    once loaded, and the helpers to register with it."""

    compiler: ModuleType | None = None
    helpers: list[Callable[..., Any]] = []


def _compiler() -> ModuleType:
    """``twoway.engine.kernel_cache``, imported on first use, helpers registered."""
    if _State.compiler is None:
        # Imported here, not at the top: see the module docstring.
        from twoway.engine import kernel_cache  # noqa: PLC0415 (numba costs ~0.5 s)

        for func in _State.helpers:
            kernel_cache.register_helper(func)
        _State.compiler = kernel_cache
    return _State.compiler


def thread_count() -> int:
    """The threads numba's parallel loops spread over."""
    return int(_compiler().numba.get_num_threads())


class Kernel:
    """A kernel: ``py_func`` is the plain Python, a call runs the compiled code
    (compiled, or loaded from the on-disk cache, on the first call)."""

    def __init__(self, func: Callable[..., Any], *, parallel: bool) -> None:
        update_wrapper(self, func)
        self.py_func = func
        self.parallel = parallel
        self._compiled: Callable[..., Any] | None = None

    def __call__(self, *args: Any) -> Any:
        if self._compiled is None:
            compiler = _compiler()
            scope = self.py_func.__globals__
            if scope.get("prange") is prange:
                scope["prange"] = compiler.numba.prange
            self._compiled = compiler.compiled(self.py_func, parallel=self.parallel)
        return self._compiled(*args)


def jit(func: Callable[..., Any]) -> Any:
    """Compile ``func`` lazily, serially, with an on-disk cache.

    Returns a ``Kernel``: call it for the compiled code, or its ``py_func``
    for the plain Python.
    """
    return Kernel(func, parallel=False)


def jit_parallel(func: Callable[..., Any]) -> Any:
    """Like ``jit``, with ``prange`` loops spread over the threads."""
    return Kernel(func, parallel=True)


def helper(func: F) -> F:
    """A function kernels call: compiled into them, and plain Python otherwise.

    (A ``jit`` function called from a kernel's ``py_func`` would compile.)
    """
    _State.helpers.append(func)
    if _State.compiler is not None:
        _State.compiler.register_helper(func)
    return func

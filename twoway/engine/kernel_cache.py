# mypy: allow-untyped-calls
"""Compiling kernels with numba, and caching them on disk under the right key.

numba keys a cached kernel on the contents of the file the kernel is written
in. Ours also depend on other files: the helpers of ``kernels/pairs.py`` are
compiled into the kernels of every other kernel module, and the numbers of
``columns.py`` are frozen into all of them. The locators here add a digest
of all those files (``kernel_sources``) to the key, so that a change in
any of them makes every cached kernel stale; numba then compiles it afresh
and overwrites the cache.

Imported by ``twoway.engine.jit`` on the first call of a compiled kernel only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import numba
from numba.core.caching import (
    CompileResultCacheImpl,
    FunctionCache,
    InTreeCacheLocator,
    UserProvidedCacheLocator,
    UserWideCacheLocator,
    ZipCacheLocator,
)
from numba.extending import register_jitable

__all__ = [
    "compiled",
    "kernel_sources",
    "numba",
    "register_helper",
    "source_stamp",
    "sources_stamp",
]

ENGINE = Path(__file__).resolve().parent


def kernel_sources() -> list[Path]:
    """The files compiled kernels are made of: the kernels, the layout of
    their tuples (``columns.py``) and this file (the compile options)."""
    return sorted(
        [*(ENGINE / "kernels").glob("*.py"), ENGINE / "columns.py", ENGINE / "kernel_cache.py"]
    )


def sources_stamp(paths: Iterable[Path]) -> str:
    """A digest of the files' names and contents: the cache key's source part."""
    digest = hashlib.sha256()
    for path in paths:
        text = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + len(text).to_bytes(8, "little"))
        digest.update(text)
    return digest.hexdigest()


@cache
def shared_stamp() -> str:
    """The digest of ``kernel_sources()``, once per process."""
    return sources_stamp(kernel_sources())


def source_stamp(own: object) -> tuple[object, str]:
    """The cache key's source part: numba's own stamp (the kernel's file)
    and the digest of the files every kernel depends on."""
    return own, shared_stamp()


class _UserProvided(UserProvidedCacheLocator):
    def get_source_stamp(self) -> tuple[object, str]:
        return source_stamp(super().get_source_stamp())


class _InTree(InTreeCacheLocator):
    def get_source_stamp(self) -> tuple[object, str]:
        return source_stamp(super().get_source_stamp())


class _UserWide(UserWideCacheLocator):
    def get_source_stamp(self) -> tuple[object, str]:
        return source_stamp(super().get_source_stamp())


class _Impl(CompileResultCacheImpl):
    # numba's order: $NUMBA_CACHE_DIR, then __pycache__, then the user's cache;
    # an engine installed as a zip cannot be edited, numba's own key will do.
    _locator_classes = [_UserProvided, _InTree, _UserWide, ZipCacheLocator]


class EngineCache(FunctionCache):
    """numba's per-function cache, located as numba does, keyed as above."""

    _impl_class = _Impl


def compiled(func: Callable[..., Any], *, parallel: bool) -> Any:
    """numba's dispatcher for ``func``, cached on disk with ``EngineCache``."""
    dispatcher = numba.njit(nogil=True, parallel=parallel)(func)
    # What ``cache=True`` does (``Dispatcher.enable_caching``), with our cache.
    dispatcher._cache = EngineCache(func)  # type: ignore[attr-defined]
    return dispatcher


def register_helper(func: Callable[..., Any]) -> None:
    """Let kernels call ``func`` (compiled into them)."""
    register_jitable(func)

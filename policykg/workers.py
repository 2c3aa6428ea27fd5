"""Worker processes that end with their build.

A ProcessPoolExecutor's workers outlive a parent that is killed (SIGKILL, the OOM killer): they
wait on their queue for ever. Each worker here asks the kernel (Linux's PR_SET_PDEATHSIG) to
kill it when its parent dies; a failed build shuts its pool down before it reports the error."""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

PR_SET_PDEATHSIG = 1
PARALLEL_MIN = 64  # fewer letters parse faster in one process than a pool starts


def die_with_parent(parent: int) -> None:
    """In a worker: be killed when the process `parent` ends. Where the kernel offers no such
    call (not Linux), nothing is done; if the parent is already gone, exit now."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    # the parent may have died before the call above took effect
    if os.getppid() != parent:
        os._exit(1)


def _start(parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def pool(jobs: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
         ) -> ProcessPoolExecutor:
    """A process pool of `jobs` workers that die with this process, each first running
    `initializer(*initargs)`. Must be created and used from the thread that keeps running for
    the pool's life (the kernel signals when the creating thread ends): the builds use the main one."""
    return ProcessPoolExecutor(max_workers=jobs, initializer=_start, initargs=(os.getpid(), initializer, initargs))

"""Ordered, bounded fan-out: keep a few batches in flight and hand results back in input order.

Bounding the window is what keeps memory flat: the input is read only as fast as results
come back, however large the corpus (``Pool.imap`` would read the whole input ahead).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")
H = TypeVar("H")
R = TypeVar("R")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, max(size, 1))):
        yield batch


def ordered_window(
    tasks: Iterable[T], submit: Callable[[T], H], result: Callable[[H], R], depth: int
) -> Iterator[R]:
    """Submit tasks with at most ``depth`` pending; yield their results in submission order."""
    pending: deque[H] = deque()
    for task in tasks:
        pending.append(submit(task))
        if len(pending) >= max(depth, 1):
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())

"""One-to-one matching of system items to gold items (maximum bipartite matching).

Required gold items are matched before optional ones: a system item matched to a
required item is a true positive, one matched to an optional item merely is not a
false positive, so the matching maximises required matches first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

# A compatibility function returns None (no match) or a tie-break quality in [0, 1].
Compatible = Callable[[Any, Any], float | None]


def match(
    gold: Sequence[Any],
    system: Sequence[Any],
    compatible: Compatible,
    optional: Sequence[bool] | None = None,
) -> list[tuple[int, int]]:
    """Pairs (gold index, system index) of a maximum matching of compatible items."""
    if not gold or not system:
        return []
    optional = optional or [False] * len(gold)
    # Weights: a required match outweighs all optional matches together, and any
    # match outweighs all tie-break qualities together.
    unit = len(gold) + 1.0
    required_weight = unit * (len(gold) + 1.0)
    weights = np.zeros((len(gold), len(system)))
    for i, g in enumerate(gold):
        for j, s in enumerate(system):
            quality = compatible(g, s)
            if quality is not None:
                base = unit if optional[i] else required_weight
                weights[i, j] = base + min(max(quality, 0.0), 1.0) / (len(system) + 1.0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if weights[i, j] > 0]

"""Scoring predicted outcome records against gold, as pure functions.

The rule (docs/outcome_schema.md §5): a prediction matches a gold record when
``doc_id``, ``endpoint`` and ``unit`` are equal, ``value`` is within 0.05 and
``timepoint_months`` is equal or empty on both sides; each gold record matches at most
one prediction. Among the many one-to-one matchings the rule allows, the one with the
most pairs is taken, and among those the one whose pairs agree most on attribution.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from allextract.dataset import UNITS

VALUE_TOLERANCE = 0.05
_FORBIDDEN = 1e6


@dataclass(frozen=True)
class RecordScores:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def scored(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in the units that are scored (hazard ratios and the like are left out)."""
    return frame[frame["unit"].isin(UNITS)]


def match_records(predicted: pd.DataFrame, gold: pd.DataFrame) -> list[tuple[int, int]]:
    """One-to-one matched pairs of (predicted index label, gold index label)."""
    predicted, gold = scored(predicted), scored(gold)
    pairs: list[tuple[int, int]] = []
    keys = ["doc_id", "endpoint", "unit"]
    gold_groups = dict(tuple(gold.groupby(keys, sort=True)))
    for key, pred_group in predicted.groupby(keys, sort=True):
        gold_group = gold_groups.get(key)
        if gold_group is not None:
            pairs.extend(_assign(pred_group, gold_group))
    return sorted(pairs)


def _assign(pred: pd.DataFrame, gold: pd.DataFrame) -> list[tuple[int, int]]:
    cost = np.full((len(pred), len(gold)), _FORBIDDEN)
    for i, (_, p) in enumerate(pred.iterrows()):
        for j, (_, g) in enumerate(gold.iterrows()):
            if _compatible(p, g):
                cost[i, j] = 1.0 - 0.1 * _agreement(p, g)
    rows, cols = linear_sum_assignment(cost)
    return [
        (int(pred.index[i]), int(gold.index[j]))
        for i, j in zip(rows, cols, strict=True)
        if cost[i, j] < _FORBIDDEN
    ]


def _compatible(p: pd.Series, g: pd.Series) -> bool:
    if abs(float(p["value"]) - float(g["value"])) > VALUE_TOLERANCE + 1e-9:
        return False
    return _same_or_both_empty(p.get("timepoint_months"), g.get("timepoint_months"))


def _same_or_both_empty(a: object, b: object) -> bool:
    a_empty, b_empty = _empty(a), _empty(b)
    if a_empty or b_empty:
        return a_empty and b_empty
    return abs(float(a) - float(b)) < 1e-9  # type: ignore[arg-type]


def _empty(value: object) -> bool:
    return (
        value is None
        or value is pd.NA
        or value == ""
        or (isinstance(value, float) and np.isnan(value))
    )


def _agreement(p: pd.Series, g: pd.Series) -> float:
    """Share of attribution fields two records agree on, to prefer the better pairing."""
    fields = ("evidence", "trial", "arm", "population", "n", "source")
    same = sum(str(p.get(f, "")) == str(g.get(f, "")) for f in fields)
    return same / len(fields)


def score_records(predicted: pd.DataFrame, gold: pd.DataFrame) -> RecordScores:
    matched = len(match_records(predicted, gold))
    return RecordScores(
        true_positives=matched,
        false_positives=len(scored(predicted)) - matched,
        false_negatives=len(scored(gold)) - matched,
    )

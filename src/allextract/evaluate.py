"""Scoring predicted outcome records against gold, as pure functions.

The rule (docs/outcome_schema.md §5): a prediction matches a gold record when
``doc_id``, ``endpoint`` and ``unit`` are equal, ``value`` is within 0.05 and
``timepoint_months`` is equal or empty on both sides; each gold record matches at most
one prediction. Among the many one-to-one matchings the rule allows, the one with the
most pairs is taken, and among those the one whose pairs agree most on attribution.

Entity spans from the taggers are scored by ``span_scores``, per label, on exact or
overlapping character offsets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

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

    def __add__(self, other: RecordScores) -> RecordScores:
        """Pooled counts (folds, documents): micro-averaged scores."""
        return RecordScores(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )


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


ATTRIBUTION_FIELDS = ("n", "arm", "population", "trial", "ci_low", "ci_high", "grade_min")


def attribution_scores(
    predicted: pd.DataFrame, gold: pd.DataFrame, pairs: list[tuple[int, int]]
) -> dict[str, float]:
    """Share of matched pairs whose attribution agrees, field by field (schema §5):
    ``n`` exact, ``trial`` by token overlap or equal ``reference``, the rest equal."""
    if not pairs:
        return dict.fromkeys(ATTRIBUTION_FIELDS, 0.0)
    rows = [(cast(pd.Series, predicted.loc[p]), cast(pd.Series, gold.loc[g])) for p, g in pairs]
    scores = {}
    for field in ATTRIBUTION_FIELDS:
        agree = sum(
            _same_trial(p, g) if field == "trial" else _same_value(p.get(field), g.get(field))
            for p, g in rows
        )
        scores[field] = agree / len(pairs)
    return scores


def _same_value(a: object, b: object) -> bool:
    if _empty(a) or _empty(b):
        return _empty(a) and _empty(b)
    try:
        return abs(float(a) - float(b)) < 1e-9  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(a).strip().lower() == str(b).strip().lower()


def _same_trial(p: pd.Series, g: pd.Series) -> bool:
    if not _empty(g.get("reference")) and _same_value(p.get("reference"), g.get("reference")):
        return True
    return _same_value(p.get("trial"), g.get("trial")) or bool(
        _tokens(p.get("trial")) & _tokens(g.get("trial"))
    )


def _tokens(value: object) -> set[str]:
    if _empty(value):
        return set()
    stop = {"trial", "study", "phase", "in", "of", "and", "the", "a", "with", "et", "al"}
    words = "".join(ch if ch.isalnum() else " " for ch in str(value).lower()).split()
    return {w for w in words if w not in stop and len(w) > 1}


Spans = Sequence[tuple[int, int, str]]
"""The entity spans of one unit: ``(start, end, label)`` character offsets."""

ALL_LABELS = "ALL"


def span_scores(
    predicted: Sequence[Spans], gold: Sequence[Spans], *, overlap: bool = False
) -> dict[str, RecordScores]:
    """Span counts per label, and micro-averaged under ``"ALL"``.

    ``predicted[i]`` and ``gold[i]`` are the spans of the same unit. A prediction is a
    true positive when a gold span of the same label has the same offsets (or, with
    ``overlap``, shares at least one character); each gold span and each prediction is
    used at most once, and the pairing with the most matches is taken.
    """
    counts: dict[str, list[int]] = {}
    for unit_pred, unit_gold in zip(predicted, gold, strict=True):
        for label in {s[2] for s in unit_pred} | {s[2] for s in unit_gold}:
            pred = [s for s in unit_pred if s[2] == label]
            expected = [s for s in unit_gold if s[2] == label]
            matched = _matched_spans(pred, expected, overlap)
            tally = counts.setdefault(label, [0, 0, 0])
            tally[0] += matched
            tally[1] += len(pred) - matched
            tally[2] += len(expected) - matched
    scores = {label: RecordScores(*counts[label]) for label in sorted(counts)}
    scores[ALL_LABELS] = RecordScores(*(sum(t[k] for t in counts.values()) for k in range(3)))
    return scores


def _matched_spans(pred: Spans, gold: Spans, overlap: bool) -> int:
    """Size of the largest one-to-one pairing of compatible spans (one label, one unit)."""
    if not pred or not gold:
        return 0
    cost = np.full((len(pred), len(gold)), _FORBIDDEN)
    for i, (p_start, p_end, _) in enumerate(pred):
        for j, (g_start, g_end, _) in enumerate(gold):
            same = (p_start, p_end) == (g_start, g_end)
            if same or (overlap and p_start < g_end and g_start < p_end):
                cost[i, j] = 0.0
    rows, cols = linear_sum_assignment(cost)
    return int(sum(cost[i, j] < _FORBIDDEN for i, j in zip(rows, cols, strict=True)))


# --- Tables of results: what ``allextract evaluate`` prints and reports -----------------

SCORE_COLUMNS = (
    "level",
    "scope",
    "name",
    "match",
    "tp",
    "fp",
    "fn",
    "precision",
    "recall",
    "f1",
    "accuracy",
    "support",
)
ERROR_COLUMNS = (
    "kind",
    "doc_id",
    "source",
    "table",
    "endpoint",
    "endpoint_text",
    "value",
    "unit",
    "timepoint_months",
    "trial",
    "evidence",
)


def record_score_rows(predicted: pd.DataFrame, gold: pd.DataFrame) -> list[dict[str, object]]:
    """Record-level scores overall and per document, endpoint and source."""
    rows = [_score_row("record", "all", "all", score_records(predicted, gold))]
    for scope, column in (("document", "doc_id"), ("endpoint", "endpoint"), ("source", "source")):
        for name in sorted(set(gold[column].dropna()) | set(predicted[column].dropna())):
            scores = score_records(predicted[predicted[column] == name], gold[gold[column] == name])
            rows.append(_score_row("record", scope, str(name), scores))
    return rows


def attribution_rows(predicted: pd.DataFrame, gold: pd.DataFrame) -> list[dict[str, object]]:
    pairs = match_records(predicted, gold)
    return [
        {**_blank_row("attribution", "field", field), "accuracy": share, "support": len(pairs)}
        for field, share in attribution_scores(predicted, gold, pairs).items()
    ]


def span_score_rows(
    predicted: Sequence[Spans], gold: Sequence[Spans], labels: Sequence[str]
) -> list[dict[str, object]]:
    rows = []
    for match, overlap in (("exact", False), ("overlap", True)):
        kept = [[s for s in unit if s[2] in labels] for unit in predicted]
        scores = span_scores(kept, gold, overlap=overlap)
        for label in [*labels, ALL_LABELS]:
            row = _score_row("span", "label", label, scores.get(label, RecordScores(0, 0, 0)))
            rows.append({**row, "match": match})
    return rows


def scores_frame(rows: Sequence[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(SCORE_COLUMNS))


def _blank_row(level: str, scope: str, name: str) -> dict[str, object]:
    return {
        "level": level,
        "scope": scope,
        "name": name,
        "match": "",
        "tp": 0,
        "fp": 0,
        "fn": 0,
        "precision": np.nan,
        "recall": np.nan,
        "f1": np.nan,
        "accuracy": np.nan,
        "support": 0,
    }


def _score_row(level: str, scope: str, name: str, scores: RecordScores) -> dict[str, object]:
    return {
        **_blank_row(level, scope, name),
        "tp": scores.true_positives,
        "fp": scores.false_positives,
        "fn": scores.false_negatives,
        "precision": scores.precision,
        "recall": scores.recall,
        "f1": scores.f1,
        "support": scores.true_positives + scores.false_negatives,
    }


def error_frame(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Every false positive and false negative, with the text it was read from."""
    pairs = match_records(predicted, gold)
    matched_pred = {p for p, _ in pairs}
    matched_gold = {g for _, g in pairs}
    false_pos = scored(predicted).loc[lambda f: ~f.index.isin(matched_pred)]
    false_neg = scored(gold).loc[lambda f: ~f.index.isin(matched_gold)]
    parts = [
        frame.assign(kind=kind).reindex(columns=list(ERROR_COLUMNS))
        for kind, frame in (("false positive", false_pos), ("false negative", false_neg))
    ]
    errors = pd.concat(parts, ignore_index=True)
    return errors.sort_values(["doc_id", "kind", "endpoint", "value"], kind="stable").reset_index(
        drop=True
    )


def endpoint_confusion(predicted: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Gold and predicted endpoint codes of records that agree on everything else the
    scoring rule looks at (document, unit, value, timepoint): one-to-one, like matching."""
    relabelled = predicted.assign(endpoint="*")
    ignored_code = gold.assign(endpoint="*")
    pairs = match_records(relabelled, ignored_code)
    counts: dict[tuple[str, str], int] = {}
    for p, g in pairs:
        key = (str(gold.loc[g, "endpoint"]), str(predicted.loc[p, "endpoint"]))
        counts[key] = counts.get(key, 0) + 1
    rows = [
        {"gold_endpoint": g, "predicted_endpoint": p, "count": n} for (g, p), n in counts.items()
    ]
    frame = pd.DataFrame(rows, columns=["gold_endpoint", "predicted_endpoint", "count"])
    return frame.sort_values(["gold_endpoint", "predicted_endpoint"]).reset_index(drop=True)


def evaluation_scores(
    predicted: pd.DataFrame,
    gold: pd.DataFrame,
    spans: tuple[Sequence[Spans], Sequence[Spans], Sequence[str]] | None = None,
) -> pd.DataFrame:
    """All scores as one table (columns ``SCORE_COLUMNS``): records overall and per
    document, endpoint and source; attribution per field; spans per label when
    ``spans`` = (predicted units, gold units, labels) is given."""
    rows = record_score_rows(predicted, gold) + attribution_rows(predicted, gold)
    if spans is not None:
        rows += span_score_rows(*spans)
    return scores_frame(rows)

"""Results for the same trial that differ between reviews.

Two records are *the same result* when they come from different documents and agree on
``trial_key``, ``endpoint``, ``unit``, ``timepoint_months``, ``grade_min``, ``population``
(whitespace and case folded; a subgroup's result is not the whole trial's) and ``arm``. Arms
are compared by the treatments they name (``resources/arm_synonyms.csv``: ``CT``,
``standard chemotherapy`` and ``chemotherapy`` are one arm; ``no-blinatumomab`` is not
``blinatumomab``), else by their folded wording. A missing value only equals a missing value,
so a 2-year figure is never compared with one that gives no landmark.

Within such a group each document's distinct values are paired one to one with the other
document's by closeness; equal values are agreement and not reported. Every other pair is a
conflict, with a ``difference`` saying what kind:

- ``rounding``: one value is the other rounded to the decimals it prints (``54.4`` / ``54``);
- ``range``: one side is a range or carries a qualifier (``>90``, ``45–55``) the other value
  satisfies;
- ``value``: a real disagreement (``54.4`` / ``54.5``).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

GROUP_COLUMNS: tuple[str, ...] = (
    "trial_key",
    "endpoint",
    "unit",
    "timepoint_months",
    "grade_min",
    "population",
    "arm",
)
CONFLICT_COLUMNS: tuple[str, ...] = (
    "doc_a",
    "doc_b",
    "trial_key",
    "endpoint",
    "arm",
    "timepoint_months",
    "value_a",
    "value_b",
    "unit",
    "evidence_a",
    "evidence_b",
    "difference",
    "population",
    "grade_min",
    "n_a",
    "n_b",
)
_NUMBERS = {
    "timepoint_months": "Float64",
    "value_a": "Float64",
    "value_b": "Float64",
    "grade_min": "Int64",
    "n_a": "Int64",
    "n_b": "Int64",
}
CONFLICT_DTYPES: dict[str, str] = {c: _NUMBERS.get(c, "string") for c in CONFLICT_COLUMNS}
"""Nullable dtypes, as in the outcomes dataset."""
_SAME = 1e-9
"""Values this close are the same number (floats read from text)."""

Row = Mapping[Hashable, Any]


def find_conflicts(outcomes: pd.DataFrame) -> pd.DataFrame:
    """One row per disagreeing pair of results from different documents (:data:`CONFLICT_COLUMNS`),
    sorted by trial, endpoint, documents and values. ``outcomes`` has the dataset columns and
    ``trial_key``; rows without a key are ignored."""
    import pandas as pd

    groups: dict[tuple[str, ...], dict[str, list[Row]]] = {}
    for row in outcomes.to_dict("records"):
        if _missing(row.get("trial_key")) or _missing(row.get("value")):
            continue
        groups.setdefault(_group_key(row), {}).setdefault(str(row["doc_id"]), []).append(row)
    found = [
        conflict
        for by_doc in groups.values()
        for doc_a, doc_b in _document_pairs(sorted(by_doc))
        for conflict in _pair_conflicts(_distinct(by_doc[doc_a]), _distinct(by_doc[doc_b]))
    ]
    frame = pd.DataFrame(found, columns=list(CONFLICT_COLUMNS)).astype(CONFLICT_DTYPES)
    order = ["trial_key", "endpoint", "timepoint_months", "arm", "doc_a", "doc_b", "value_a"]
    return frame.sort_values(order, kind="stable", na_position="first").reset_index(drop=True)


def _document_pairs(docs: Sequence[str]) -> list[tuple[str, str]]:
    return [(a, b) for k, a in enumerate(docs) for b in docs[k + 1 :]]


def _missing(value: object) -> bool:
    # pd.NA first: comparing it gives NA, whose truth value raises.
    return type(value).__name__ == "NAType" or value is None or value != value


def _text(value: object) -> str:
    return "" if _missing(value) else " ".join(str(value).split())


def _group_key(row: Row) -> tuple[str, ...]:
    return (
        _text(row["trial_key"]),
        _text(row["endpoint"]),
        _text(row["unit"]),
        _text(row.get("timepoint_months")),
        _text(row.get("grade_min")),
        _text(row.get("population")).casefold(),
        arm_key(_text(row.get("arm"))),
    )


@cache
def _arm_terms() -> tuple[tuple[re.Pattern[str], str], ...]:
    from allextract.tag.rules import csv_rows

    rows = sorted(csv_rows("arm_synonyms.csv"), key=lambda r: (-len(r["term"]), r["term"]))
    return tuple(
        (
            re.compile(
                rf"(?<![\w-])(?:(no|non|without)[\s-]+)?{re.escape(r['term'])}(?![\w-])", re.I
            ),
            r["canonical"],
        )
        for r in rows
    )


def arm_key(arm: str) -> str:
    """The treatments an arm names, canonical and sorted (``Blinatumomab + CT`` →
    ``blinatumomab+chemotherapy``); an arm naming none is compared by its folded wording."""
    names: set[str] = set()
    rest = arm
    for pattern, canonical in _arm_terms():
        for match in pattern.finditer(rest):
            names.add(f"no {canonical}" if match.group(1) else canonical)
        rest = pattern.sub(" ", rest)
    return "+".join(sorted(names)) if names else " ".join(arm.casefold().split())


def _distinct(rows: Sequence[Row]) -> list[Row]:
    """One row per distinct reported value (a result repeated in text and table is one)."""
    seen: dict[tuple[object, ...], Row] = {}
    for row in rows:
        seen.setdefault(_reported(row), row)
    return list(seen.values())


def _reported(row: Row) -> tuple[object, ...]:
    return (
        float(str(row["value"])),
        _text(row.get("qualifier")),
        _text(row.get("value_low")),
        _text(row.get("value_high")),
    )


def _pair_conflicts(a: Sequence[Row], b: Sequence[Row]) -> list[dict[str, object]]:
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    agreed_a = {k for k, x in enumerate(a) if any(_same(x, y) for y in b)}
    agreed_b = {k for k, y in enumerate(b) if any(_same(x, y) for x in a)}
    left = [x for k, x in enumerate(a) if k not in agreed_a]
    right = [y for k, y in enumerate(b) if k not in agreed_b]
    if not left or not right:
        return []
    cost = np.asarray([[abs(_value(x) - _value(y)) for y in right] for x in left])
    rows, columns = linear_sum_assignment(cost)
    return [_conflict(left[i], right[j]) for i, j in zip(rows, columns, strict=True)]


def _value(row: Row) -> float:
    return float(str(row["value"]))


def _same(a: Row, b: Row) -> bool:
    return abs(_value(a) - _value(b)) <= _SAME


def difference(a: Row, b: Row) -> str:
    """``rounding``, ``range`` or ``value``: what kind of disagreement two values are."""
    if _rounds_to(_value(a), _value(b)) or _rounds_to(_value(b), _value(a)):
        return "rounding"
    if _admits(a, _value(b)) or _admits(b, _value(a)):
        return "range"
    return "value"


def _decimals(value: float) -> int:
    text = repr(value)
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def _rounds_to(precise: float, coarse: float) -> bool:
    places = _decimals(coarse)
    return places < _decimals(precise) and abs(round(precise, places) - coarse) <= _SAME


def _admits(row: Row, other: float) -> bool:
    """Whether the range or qualifier printed in ``row`` allows the value ``other``."""
    low, high = _text(row.get("value_low")), _text(row.get("value_high"))
    if low and high:
        return float(low) <= other <= float(high)
    value, qualifier = _value(row), _text(row.get("qualifier"))
    tests = {
        ">": other > value,
        "≥": other >= value,
        "<": other < value,
        "≤": other <= value,
        # "about 54%": anything that rounds to the printed number.
        "~": abs(round(other, _decimals(value)) - value) <= _SAME,
    }
    return tests.get(qualifier, False)


def _conflict(a: Row, b: Row) -> dict[str, object]:
    return {
        "doc_a": a["doc_id"],
        "doc_b": b["doc_id"],
        "trial_key": a["trial_key"],
        "endpoint": a["endpoint"],
        "arm": _text(a.get("arm")) or None,
        "timepoint_months": None if _missing(a.get("timepoint_months")) else a["timepoint_months"],
        "value_a": _value(a),
        "value_b": _value(b),
        "unit": a["unit"],
        "evidence_a": a.get("evidence"),
        "evidence_b": b.get("evidence"),
        "difference": difference(a, b),
        "population": _text(a.get("population")) or None,
        "grade_min": None if _missing(a.get("grade_min")) else a["grade_min"],
        "n_a": None if _missing(a.get("n")) else a["n"],
        "n_b": None if _missing(b.get("n")) else b["n"],
    }

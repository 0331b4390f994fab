"""Combine rule spans and model spans into ``doc.ents``, by the policy in
``resources/combination.csv``.

Every candidate gets the priority its source has for its label (lower wins; no priority
means that source is not used for that label); candidates are taken in priority order,
longer before shorter and earlier before later at equal priority, and a candidate
overlapping one already taken is dropped. The shipped policy: numeric labels come from
rules only, which read them exactly; for endpoints, trials and arms the rules go first
and the model proposes what they do not find.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Span

from allextract.tag.rule_tagger import RULES_KEY
from allextract.tag.rules import csv_rows

MODEL_KEY = "model"


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    label: str
    source: str
    """``rules`` or ``model``."""


Priorities = dict[tuple[str, str], int]
"""Priority per (source, label); a pair that is absent is not used."""


def load_policy(path: Path | None = None) -> Priorities:
    """The combination policy: ``resources/combination.csv`` unless ``path`` names another."""
    rows = (
        csv.DictReader(path.read_text("utf-8").splitlines())
        if path
        else csv_rows("combination.csv")
    )
    table: Priorities = {}
    for row in rows:
        for source in ("rules", "model"):
            if row[f"{source}_priority"].strip():
                table[(source, row["label"])] = int(row[f"{source}_priority"])
    return table


def combine(candidates: Iterable[Candidate], policy: Priorities | None = None) -> list[Candidate]:
    """Non-overlapping candidates chosen by priority (a pure function of its input)."""
    table = policy if policy is not None else load_policy()
    usable = {c for c in candidates if (c.source, c.label) in table}
    ordered = sorted(usable, key=lambda c: (table[(c.source, c.label)], c.start - c.end, c.start))
    kept: list[Candidate] = []
    for candidate in ordered:
        if not any(candidate.start < k.end and k.start < candidate.end for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c.start)


class SpanCombiner:
    def __init__(self, name: str, policy: Priorities) -> None:
        self.name = name
        self.policy = policy

    def __call__(self, doc: Doc) -> Doc:
        model = list(doc.ents)
        rules = list(doc.spans[RULES_KEY]) if RULES_KEY in doc.spans else []
        doc.spans[MODEL_KEY] = model
        chosen = combine([*_candidates(model, "model"), *_candidates(rules, "rules")], self.policy)
        doc.ents = _as_spans(doc, chosen)
        return doc


def _candidates(spans: Sequence[Span], source: str) -> list[Candidate]:
    return [Candidate(s.start, s.end, s.label_, source) for s in spans]


def _as_spans(doc: Doc, chosen: list[Candidate]) -> list[Span]:
    return [Span(doc, c.start, c.end, label=c.label) for c in chosen]

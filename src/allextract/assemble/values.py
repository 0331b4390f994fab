"""Reported values in a tagged text: percentages (from PERCENT spans), counts of patients
and median times in months, each with its qualifier, range, events and denominator."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from allextract.normalize import number
from allextract.tag import TaggedSpan

_COUNT = r"(?:\d+|no|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_POPULATION = r"(?:patients|children|participants|subjects|infants|adolescents|cases|pts)"
_WORD_QUALIFIERS = (
    (re.compile(r"(?:approximately|about|around|nearly|almost|roughly|~|≈)\s*$", re.I), "~"),
    (re.compile(r"(?:over|more than|greater than|exceeding|above|in excess of)\s*$", re.I), ">"),
    (re.compile(r"(?:up to|at most|no more than|not exceeding)\s*$", re.I), "≤"),
    (re.compile(r"(?:at least|no less than)\s*$", re.I), "≥"),
    (re.compile(r"(?:less than|fewer than|below|under|lower than)\s*$", re.I), "<"),
)
_SYMBOLS = {"~": "~", "≈": "~", ">": ">", "<": "<", "≥": "≥", "≤": "≤"}
_EVENTS_BEFORE = re.compile(rf"\b(\d+)\s*(?:(?:out\s+)?of|/)\s*(\d+)(?:\s+{_POPULATION})?\s*\(\s*$")
_COUNT_BEFORE = re.compile(r"\b(\d+)\s*\(\s*$")
_COUNT_OF_N = re.compile(
    rf"\b({_COUNT})\s+(?:out\s+)?of\s+(?:the\s+)?({_COUNT})\b(?:\s+[\w-]+){{0,3}}?\s+{_POPULATION}",
    re.I,
)
_SLASH_COUNT = re.compile(rf"\b(\d+)/(\d+)(?=(?:,?\s+(?:and|or)\s+\d+/\d+)*\s+{_POPULATION}\b)")
_COUNT_PATIENTS = re.compile(rf"(?<=:\s)({_COUNT})\s+{_POPULATION}\b", re.I)
_MONTHS = re.compile(r"\b(\d+(?:[.·]\d+)?)\s*(?:months?|mo)\b")
# "median 7.7 vs. 4.0 months": the unit printed once covers both sides.
_MONTHS_COMPARED = re.compile(
    r"\b(\d+(?:[.·]\d+)?)(?=\s*(?:vs\.?|versus)\s*\d+(?:[.·]\d+)?\s*(?:months?|mo)\b)"
)


@dataclass(frozen=True)
class Value:
    start: int
    end: int
    value: float
    unit: str
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    events: int | None = None
    n: int | None = None


def find_values(text: str, spans: tuple[TaggedSpan, ...]) -> list[Value]:
    percents = [
        _percent(text, s)
        for s in spans
        if s.label == "PERCENT" and not _is_se(text, s) and not _is_threshold(text, s)
    ]
    taken = [(v.start, v.end) for v in percents] + [
        (s.start, s.end) for s in spans if s.label in ("TIMEPOINT", "CI", "SAMPLE_SIZE")
    ]
    extra = [
        v
        for v in [*_counts(text), *_months(text)]
        if not any(v.start < e and s < v.end for s, e in taken)
    ]
    return sorted([*percents, *_dedupe(extra)], key=lambda v: v.start)


def _is_se(text: str, span: TaggedSpan) -> bool:
    """``78.1% ± 6.5%``: the second percentage is the first one's standard error."""
    return bool(re.search(r"±\s*$", text[max(0, span.start - 4) : span.start]))


def _is_threshold(text: str, span: TaggedSpan) -> bool:
    """``CR rate with ≥ 5% blasts``: a percentage that defines a group, not a result."""
    before = text[max(0, span.start - 6) : span.start]
    after = re.match(r"\s*([A-Za-z]+)", text[span.end : span.end + 20])
    return bool(
        re.search(r"\bwith\s*$", before)
        and after
        and after.group(1).lower() not in _LINK_WORDS
        # "with 27–46% experiencing grade 3–4 toxicity": a share of patients, not a cut-off
        and not _PARTICIPLE.fullmatch(after.group(1))
    )


_PARTICIPLE = re.compile(
    r"(?:experienc|develop|achiev|attain|reach|hav|show|requir|surviv|relaps|dy)ing", re.I
)
_LINK_WORDS = frozenset(
    {"of", "in", "and", "or", "vs", "versus", "for", "at", "to", "with", "respectively"}
)


def _dedupe(values: list[Value]) -> list[Value]:
    kept: list[Value] = []
    for value in sorted(values, key=lambda v: (v.start, v.start - v.end)):
        if not any(value.start < k.end and k.start < value.end for k in kept):
            kept.append(value)
    return kept


def _percent(text: str, span: TaggedSpan) -> Value:
    printed = span.text
    numbers = [number(n) for n in re.findall(r"\d+(?:[.,·]\d+)?", printed.replace(",", ""))]
    symbol = _SYMBOLS.get(printed.strip()[0]) if printed.strip() else None
    low = high = None
    if len(numbers) >= 2:
        low, high = numbers[0], numbers[-1]
    qualifier = symbol or _word_qualifier(text[: span.start])
    if low is not None and re.search(r"[<>≤≥]", printed[1:]):
        qualifier = None  # ends qualified differently ("<40% to >95%")
    value = Value(span.start, span.end, numbers[0], "%", low, high, qualifier)
    return _with_events(text, value)


def _word_qualifier(before: str) -> str | None:
    window = before[-25:]
    return next((q for pattern, q in _WORD_QUALIFIERS if pattern.search(window)), None)


def _with_events(text: str, value: Value) -> Value:
    """``45 of 109 (41%)`` and ``257 (95%)``: one record, with the count as events."""
    before = text[max(0, value.start - 30) : value.start]
    if match := _EVENTS_BEFORE.search(before):
        return replace(value, events=int(match.group(1)), n=int(match.group(2)))
    if match := _COUNT_BEFORE.search(before):
        return replace(value, events=int(match.group(1)))
    return value


def _counts(text: str) -> list[Value]:
    """Counts of patients with an outcome, when no percentage of it is printed."""
    found = [
        Value(m.start(1), m.end(1), number(m.group(1)), "patients", n=int(number(m.group(2))))
        for m in _COUNT_OF_N.finditer(text)
        if _not_a_percentage_base(text, m.end())
    ]
    found += [
        Value(m.start(1), m.end(1), float(m.group(1)), "patients", n=int(m.group(2)))
        for m in _SLASH_COUNT.finditer(text)
    ]
    found += [
        Value(m.start(1), m.end(1), number(m.group(1)), "patients")
        for m in _COUNT_PATIENTS.finditer(text)
    ]
    return found


def _not_a_percentage_base(text: str, end: int) -> bool:
    return not re.match(r"\s*\(\s*\d", text[end : end + 6])


def _months(text: str) -> list[Value]:
    """Median times in months ("Median OS: 16 months"); landmarks are TIMEPOINT spans."""
    return [
        Value(m.start(1), m.end(1), number(m.group(1)), "months")
        for pattern in (_MONTHS, _MONTHS_COMPARED)
        for m in pattern.finditer(text)
        if "median" in text[max(0, m.start() - 60) : m.start()].lower()
    ]


def counts_before_endpoints(
    text: str, endpoints: list[TaggedSpan]
) -> list[tuple[Value, TaggedSpan]]:
    """``4 CR``, ``3 deaths``, ``no relapses``: a count written right before its endpoint.

    Not a grade ("grade 3 neutropenia"), not a range's end ("3–4 toxicity"), not "at least
    one adverse event"; "no" counts zero only before a plural ("no relapses", not "no
    survival difference")."""
    pairs = []
    for endpoint in endpoints:
        match = re.search(
            rf"\b({_COUNT})\s+$", text[max(0, endpoint.start - 12) : endpoint.start], re.I
        )
        if match is None:
            continue
        start = endpoint.start - len(match.group(0))
        if re.search(
            r"(?:[-–/]|grade|≥|>|<|least|than)\s*$", text[max(0, start - 8) : start], re.I
        ):
            continue
        if match.group(1).lower() == "no" and not endpoint.text.endswith("s"):
            continue
        value = Value(start, start + len(match.group(1)), number(match.group(1)), "patients")
        pairs.append((value, endpoint))
    return pairs

"""Link each value of a tagged text to its endpoint and to what qualifies it.

A value belongs to the nearest endpoint before it ("EFS rate: 69% vs. 43%"), or just
after it ("64% of patients achieved remission"); "respectively" lists pair endpoints and
values in order; "A vs. B" pairs give each side its arm, population or trial. Landmarks,
grades, CIs, ± SE and p-values are read around the endpoint and the value.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

from allextract.assemble.values import Value, counts_before_endpoints, find_values
from allextract.normalize import endpoint_for, grade_min, number, timepoint_months
from allextract.tag import TaggedSpan
from allextract.tag.rules import csv_rows

SURVIVAL = frozenset({"OS", "EFS", "DFS", "RFS", "LFS", "PFS"})
"""Endpoints a landmark stated once before a list carries over to ("5-year EFS, OS")."""
_VERSUS = re.compile(
    r"^\s*(?:\[[^\]]*\]|\((?!\d)[^)]*\))?\s*,?\s*(?:vs\.?|versus|compared\s+(?:with|to))\s*$", re.I
)
_SIDE_PARENTHESIS = re.compile(r"^\s*(?:\[[^\]]*\]\s*)?\(([A-Za-z][\w .+-]{0,24})\)")
_SIDE_IN = re.compile(
    r"^\s*(?:\[[^\]]*\]\s*)?(?:in|for|with)\s+(?:the\s+)?([\w+./-]+(?:\s+[\w+./-]+){0,4}?\s+"
    r"(?:group|cohort|arm|patients|subgroup|population))\b",
    re.I,
)
_SIDE_TREATMENT = re.compile(r"^\s*((?:received|receiving|with|without)\s+[\w+./-]+)", re.I)
_BETWEEN = re.compile(
    r"between\s+(?:the\s+)?(.{3,60}?)\s+and\s+(?:the\s+)?(.{3,60}?)(?=\s*\(|\s*,|\s*$)", re.I
)
_CI_BOUNDS = re.compile(
    r"(?:CI|interval)\b[:,]?\s*([−-]?\d+(?:[.·]\d+)?)\s*%?\s*(?:to|[-–—]|,)\s*([−-]?\d+(?:[.·]\d+)?)"
)
_SE = re.compile(r"^\s*±\s*(\d+(?:[.·]\d+)?)")
_CLAUSE_END = re.compile(r"[;.]\s|$")
# A sentence or item break: a semicolon, or a full stop that does not end an abbreviation.
_BREAK = re.compile(r";|(?<!\bvs)(?<!\bal)(?<!\be\.g)(?<!\bi\.e)(?<!\bca)\.\s+(?=[A-Z(\[])")


@dataclass(frozen=True)
class Reading:
    """One value and everything its text says about it."""

    value: Value
    endpoint: TaggedSpan
    endpoint_text: str
    timepoint_months: float | None
    grade_min: int | None
    ci: tuple[float, float] | None
    se: float | None
    p_value: str | None
    arm: str | None
    population: str | None
    trial: TaggedSpan | None
    """A trial named for this value itself ("25% in AALL0031 vs 44% in EsPhALL2004")."""


def read_text(
    text: str, spans: tuple[TaggedSpan, ...], *, landmark_covers_all: bool = True
) -> list[Reading]:
    endpoints = sorted((s for s in spans if s.label == "ENDPOINT"), key=lambda s: s.start)
    if not endpoints:
        return []
    counted = counts_before_endpoints(text, endpoints)
    values = [
        v
        for v in find_values(text, spans)
        if not any(v.start < c.end and c.start < v.end for c, _ in counted)
    ]
    endpoints = sorted(endpoints + list_item_endpoints(text, values, endpoints), key=_start)
    pairs = _pairs(text, values, endpoints) + counted
    sides = _sides(text, sorted((v for v, _ in pairs), key=lambda v: v.start), spans)
    single_landmark = _single_landmark(spans) if landmark_covers_all else None
    return [
        _reading(
            text,
            value,
            endpoint,
            spans,
            sides.get(value.start, (None, None, None)),
            single_landmark,
        )
        for value, endpoint in sorted(pairs, key=lambda p: p[0].start)
    ]


_ITEM_BOUNDARY = re.compile(
    r"(?:^|[,;:(]|\b(?:and|or|such\s+as|including|included|were|was|are|is)\b)\s*", re.I
)
_ITEM_WORDS = re.compile(r"[A-Za-z][\w/-]*(?:\s+[A-Za-z][\w/-]*){0,5}")


def list_item_endpoints(
    text: str, values: list[Value], endpoints: list[TaggedSpan]
) -> list[TaggedSpan]:
    """ "infections (31.4%), allergic reactions to asparaginase (20.9%), and pancreatitis
    (1.04%)": in a list of ``outcome (value)`` items each item's own words name the
    endpoint of its value, even when the vocabulary does not know them; otherwise the
    value would fall to the previous item's endpoint."""
    items = [v for v in values if v.unit == "%" and _alone_in_parenthesis(text, v, values)]
    if len(items) < 2:
        return []
    heads = [_item_head(text, value) for value in items]
    named = [any(start < e.end and e.start < end for e in endpoints) for start, end in heads]
    # "WMDC (50.9%), PDC (38.4%)" lists groups of one endpoint, not outcomes: only a list
    # in which the vocabulary knows some item is a list of outcomes.
    if not any(named):
        return []
    return [
        TaggedSpan(start, end, "ENDPOINT", text[start:end])
        for (start, end), known in zip(heads, named, strict=True)
        if not known and _ITEM_WORDS.fullmatch(text[start:end])
    ]


def _item_head(text: str, value: Value) -> tuple[int, int]:
    """The words between the previous list boundary and the value's parenthesis."""
    head = text[: text.rindex("(", 0, value.start)].rstrip()
    return max(m.end() for m in _ITEM_BOUNDARY.finditer(head)), len(head)


def _alone_in_parenthesis(text: str, value: Value, values: list[Value]) -> bool:
    """ "(20.9%)" or "(34%, p = 0.04)", but not a comparison "(97% vs. 96%)"."""
    if not re.search(r"\(\s*[~≥≤<>]?\s*$", text[max(0, value.start - 4) : value.start]):
        return False
    closing = text.find(")", value.end)
    inside = len(text) if closing < 0 else closing
    return not any(value.end <= other.start < inside for other in values)


def _start(span: TaggedSpan) -> int:
    return span.start


def _pairs(
    text: str, values: list[Value], endpoints: list[TaggedSpan]
) -> list[tuple[Value, TaggedSpan]]:
    pairs = _respectively(text, values, endpoints)
    paired = {value.start for value, _ in pairs}
    for value in values:
        if value.start in paired:
            continue
        endpoint = _nearest_endpoint(text, value, endpoints)
        if endpoint is not None:
            pairs.append((value, endpoint))
    return pairs


def _respectively(
    text: str, values: list[Value], endpoints: list[TaggedSpan]
) -> list[tuple[Value, TaggedSpan]]:
    """ "The 5-year OS and EFS were 86 and 60%, respectively": the run of values before
    "respectively" pairs in order with the run of endpoints before it (and a second run
    of as many values after it, "(1, 1, and 1%)" for a control group, pairs the same)."""
    marker = re.search(r"\brespectively\b", text)
    if marker is None:
        return []
    last_endpoint = max((e.end for e in endpoints if e.end <= marker.start()), default=-1)
    listed = [v for v in values if last_endpoint <= v.start and v.end <= marker.start()]
    if len(listed) < 2:
        return []
    earlier_values = max((v.end for v in values if v.end <= listed[0].start), default=-1)
    named = [e for e in endpoints if earlier_values <= e.start and e.end <= listed[0].start]
    if len(named) != len(listed):
        # "44 and 27%, respectively, achieving a subsequent CR": one endpoint for them all
        after = [e for e in endpoints if e.start >= marker.end() and e.start - marker.end() <= 60]
        if after and _OUTCOME_VERB.match(text[marker.end() : after[0].start]):
            return [(value, after[0]) for value in listed]
        return []
    pairs = list(zip(listed, named, strict=True))
    later = [v for v in values if v.start >= marker.end()][: len(named)]
    if len(later) == len(named):
        pairs += list(zip(later, named, strict=True))
    return pairs


_OUTCOME_VERB = re.compile(
    r"^[\s,]*(?:of\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,4}?\s+)?(?:respectively,?\s+)?"
    r"(?:achiev\w*|attain\w*|reach\w*|develop\w*|experienc\w*|ha(?:d|ve)|show\w*|remain\w*|"
    r"surviv\w*|relaps\w*|died|underw\w*|were|was)\b",
    re.I,
)


_ANCHOR = re.compile(r"\b(?:after|following|before|since|post|until|at)\s+(?:a\s+|the\s+)?$", re.I)


def _nearest_endpoint(text: str, value: Value, endpoints: list[TaggedSpan]) -> TaggedSpan | None:
    """The endpoint before the value; but "44% of patients achieved CR" names it after."""
    after = [e for e in endpoints if e.start >= value.end and e.start - value.end <= 80]
    if after and _OUTCOME_VERB.match(text[value.end : after[0].start]):
        return _specific_before(after[0], endpoints, value)
    before = [e for e in endpoints if e.end <= value.start and value.start - e.end <= 160]
    before = [e for e in before if not _BREAK.search(text[e.end : value.start])]
    # "survival after recurrence is 30%": an endpoint after "after" anchors the measure
    measures = [e for e in before if not _ANCHOR.search(text[max(0, e.start - 12) : e.start])]
    if measures or before:
        return (measures or before)[-1]
    after = [e for e in endpoints if e.start >= value.end and e.start - value.end <= 60]
    after = [
        e
        for e in after
        if not _BREAK.search(text[value.end : e.start]) and ":" not in text[value.end : e.start]
    ]
    return after[0] if after else None


_GENERIC_HARM = re.compile(r"(?:adverse\s+)?(?:toxicit(?:y|ies)|events?)", re.I)


def _specific_before(named: TaggedSpan, endpoints: list[TaggedSpan], value: Value) -> TaggedSpan:
    """ "CRS occurs in 77–93% of patients, with 27–46% experiencing grade 3–4 toxicity":
    a bare "toxicity" or "events" after the value is the grade of the harm named before."""
    if not _GENERIC_HARM.fullmatch(named.text):
        return named
    before = [e for e in endpoints if e.end <= value.start]
    specific = [e for e in before if endpoint_for(e.text) not in ("AE", "OTHER")]
    return specific[-1] if specific else named


_GRADE_AFTER = re.compile(
    r"^[\s,]*(?:of\s+patients\s+)?(?:experienc|develop|ha[dv]|show)\w*\s+([≥>]?\s*grade[^,;.]{0,12})",
    re.I,
)


def _reading(
    text: str,
    value: Value,
    endpoint: TaggedSpan,
    spans: tuple[TaggedSpan, ...],
    side: tuple[str | None, str | None, TaggedSpan | None],
    single_landmark: float | None,
) -> Reading:
    landmark_span = _landmark(text, endpoint, value, spans)
    landmark = timepoint_months(landmark_span.text) if landmark_span else None
    if landmark is None and value.unit == "%" and _survival(endpoint.text):
        landmark = single_landmark
    grade_text = text[endpoint.start : max(value.start, endpoint.end + 30)]
    if endpoint.end <= value.start and (grade_after := _GRADE_AFTER.match(text[value.end :])):
        grade_text = grade_after.group(1)
    return Reading(
        value=value,
        endpoint=endpoint,
        endpoint_text=_endpoint_text(text, endpoint, landmark_span, value),
        timepoint_months=landmark,
        grade_min=grade_min(grade_text) if value.unit != "months" else None,
        ci=_ci(text, value, spans),
        se=_se(text, value),
        p_value=_p_value(text, value, spans),
        arm=side[0],
        population=side[1],
        trial=side[2],
    )


def _survival(endpoint_text: str) -> bool:
    return endpoint_for(endpoint_text) in SURVIVAL


def _landmark(
    text: str, endpoint: TaggedSpan, value: Value, spans: tuple[TaggedSpan, ...]
) -> TaggedSpan | None:
    """The landmark written with the endpoint: just before it ("2-year OS"), just after it
    ("EFS 3 years", "OS 24 m"), or between it and the value."""
    for span in spans:
        if span.label != "TIMEPOINT":
            continue
        touching_before = 0 <= endpoint.start - span.end <= 3
        between = endpoint.end <= span.start and span.end <= value.start
        if touching_before or between:
            return span
    return None


def _single_landmark(spans: tuple[TaggedSpan, ...]) -> float | None:
    """A landmark stated once before an endpoint covers every endpoint listed with it
    ("5-year EFS 81.6%, OS 89.6%"); one written after its endpoint ("EFS 4 years") is
    that endpoint's own."""
    endpoint_starts = [s.start for s in spans if s.label == "ENDPOINT"]
    months = {
        timepoint_months(s.text)
        for s in spans
        if s.label == "TIMEPOINT" and any(0 <= start - s.end <= 3 for start in endpoint_starts)
    }
    months.discard(None)
    return months.pop() if len(months) == 1 else None


def _endpoint_text(
    text: str, endpoint: TaggedSpan, landmark: TaggedSpan | None, value: Value
) -> str:
    start = min(endpoint.start, landmark.start) if landmark else endpoint.start
    end = endpoint.end
    tail = text[end : value.start] if value.start > end else ""
    grade = re.match(
        r"^\s*(?:[≥>]=?\s*)?grade\s*[≥>]?\s*(?:IV|III|II|I|[1-5])(?:\s*[-–]\s*[1-5])?", tail, re.I
    )
    if grade:
        end += grade.end()
    return text[start:end].strip()


def _ci(text: str, value: Value, spans: tuple[TaggedSpan, ...]) -> tuple[float, float] | None:
    for span in spans:
        if span.label == "CI" and 0 <= span.start - value.end <= 20:
            bounds = _CI_BOUNDS.search(span.text)
            if bounds:
                low, high = number(bounds.group(1)), number(bounds.group(2))
                # A CI that cannot hold the value belongs to something else (a hazard ratio).
                if low <= value.value <= high:
                    return low, high
    return None


def _se(text: str, value: Value) -> float | None:
    match = _SE.match(text[value.end : value.end + 12])
    return float(match.group(1).replace("·", ".")) if match else None


def _p_value(text: str, value: Value, spans: tuple[TaggedSpan, ...]) -> str | None:
    end = _CLAUSE_END.search(text, value.end)
    clause_end = end.start() if end else len(text)
    for span in spans:
        if span.label == "P_VALUE" and value.end <= span.start <= clause_end:
            return re.sub(r"^[pP]\s*(?:=\s*)?", "", span.text).replace("·", ".").replace(" ", "")
    return None


def _sides(
    text: str, values: list[Value], spans: tuple[TaggedSpan, ...]
) -> dict[int, tuple[str | None, str | None, TaggedSpan | None]]:
    """Arm, population or trial of each value that is one side of a comparison."""
    sides: dict[int, tuple[str | None, str | None, TaggedSpan | None]] = {}
    for value in values:
        label = _side_after(text, value, spans)
        if label != (None, None, None):
            sides[value.start] = label
    for first, second in itertools.pairwise(values):
        if not _VERSUS.match(text[first.end : second.start]):
            continue
        if first.start in sides and second.start in sides:
            continue
        named = _named_sides(text, first, spans)
        if named:
            sides.setdefault(first.start, named[0])
            sides.setdefault(second.start, named[1])
    return sides


def _side_after(
    text: str, value: Value, spans: tuple[TaggedSpan, ...]
) -> tuple[str | None, str | None, TaggedSpan | None]:
    after = text[value.end : value.end + 60]
    for span in spans:
        if (
            span.label == "TRIAL"
            and 0 < span.start - value.end <= 6
            and re.match(r"^\s*in\s", after)
        ):
            return None, None, span
    if match := _SIDE_PARENTHESIS.match(after):
        label = match.group(1).strip()
        if not re.fullmatch(r"(?:p|n)\s*[=<>].*|\d.*", label, re.I):
            return _arm_or_population(label)
    if match := _SIDE_IN.match(after):
        return _arm_or_population(match.group(1).strip())
    if match := _SIDE_TREATMENT.match(after):
        return match.group(1).strip(), None, None
    return None, None, None


def _named_sides(
    text: str, first: Value, spans: tuple[TaggedSpan, ...]
) -> list[tuple[str | None, str | None, TaggedSpan | None]] | None:
    arms = [s for s in spans if s.label == "ARM"]
    if len(arms) >= 2:
        return [(arms[0].text, None, None), (arms[1].text, None, None)]
    if match := _BETWEEN.search(text[: first.start]):
        return [_arm_or_population(match.group(1)), _arm_or_population(match.group(2))]
    return None


def _arm_or_population(label: str) -> tuple[str | None, str | None, TaggedSpan | None]:
    """A side named by a treatment is an arm; any other side is a population."""
    if treatment_pattern().search(label):
        return label, None, None
    return None, label, None


@cache
def treatment_pattern() -> re.Pattern[str]:
    terms = sorted((row["term"] for row in csv_rows("treatments.csv")), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, terms)) + r")(?![\w-])", re.I)

"""Normalization: printed forms to the schema's codes and numbers.

Endpoint codes come from the vocabulary in ``resources/endpoint_terms.csv``; trial ids from
protocol patterns and ``resources/trial_aliases.csv``. All functions are pure.
"""

from __future__ import annotations

import re
from functools import cache

from allextract.tag.endpoint_tagger import endpoint_code
from allextract.tag.rules import csv_rows

_NUMBER = re.compile(r"[-−–]?\d+(?:[.,·]\d+)?")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
WORD_NUMBERS = {
    "no": 0,
    "none": 0,
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}
_UNIT_MONTHS = {
    "year": 12.0,
    "y": 12.0,
    "month": 1.0,
    "m": 1.0,
    "week": 12 / 52,
    "day": 1 / 30.4375,
}
_GRADE = re.compile(
    r"grade\s*(?:(?P<ge>≥|>=|>|above)\s*)?(?P<g1>IV|III|II|I|[1-5])(?:\s*(?:[-–]|to|or)\s*(?:IV|III|II|I|[1-5]))?"
    r"(?P<plus>\s*(?:or\s+(?:higher|above|more)|\+))?"
    r"|(?P<ge2>≥|>=|>)\s*grade\s*(?P<g2>IV|III|II|I|[1-5])",
    re.IGNORECASE,
)
_PHASE = re.compile(r"\bphase\s*(I{1,3}V?|IV|[1-4])(?:\s*/\s*(I{1,3}|[1-4]))?\s*([ab])?\b", re.I)
_DESIGN_WORDS = ("pilot", "retrospective", "prospective", "case report", "meta-analysis", "cohort")


def number(text: str) -> float:
    """A printed number: ``35·9``, ``35,9`` (decimal comma), ``−2.5``, ``1,234``, ``six``."""
    word = WORD_NUMBERS.get(text.strip().lower())
    if word is not None:
        return float(word)
    cleaned = text.strip().replace("−", "-").replace("–", "-").replace("·", ".")
    if re.fullmatch(r"-?\d{1,3}(?:,\d{3})+", cleaned):
        cleaned = cleaned.replace(",", "")
    return float(cleaned.replace(",", "."))


def numbers_in(text: str) -> list[float]:
    return [number(m.group(0)) for m in _NUMBER.finditer(text)]


def timepoint_months(text: str) -> float | None:
    """``2-year`` → 24, ``12-month`` → 12, ``OS 24 m`` → 24, ``five-year`` → 60."""
    match = re.search(
        r"(\d+(?:[.·]\d+)?|[a-z]+)[\s-]*(years?|months?|weeks?|days?|y|m)\b", text, re.IGNORECASE
    )
    if match is None:
        return None
    amount = match.group(1)
    try:
        quantity = number(amount)
    except ValueError:
        return None
    unit = match.group(2).lower().rstrip("s")
    return round(quantity * _UNIT_MONTHS[unit], 4)


def grade_min(text: str) -> int | None:
    """``≥ grade III`` → 3, ``grade 3-4`` → 3, ``grade >3`` → 4, ``Grade 3 or higher`` → 3."""
    match = _GRADE.search(text)
    if match is None:
        return None
    if match.group("g2"):
        return _grade(match.group("g2")) + (1 if match.group("ge2") == ">" else 0)
    grade = _grade(match.group("g1"))
    return grade + 1 if match.group("ge") in (">", "above") else grade


def _grade(token: str) -> int:
    return _ROMAN.get(token.upper(), 0) or int(token)


def phase(text: str) -> str | None:
    """``Phase II, multicenter`` → ``II``; ``Phase Ib`` → ``I``; ``Phase I/II`` → ``I/II``;
    a design word (``pilot``, ``retrospective``) when no phase is printed."""
    match = _PHASE.search(text)
    if match:
        first = _roman(match.group(1))
        return f"{first}/{_roman(match.group(2))}" if match.group(2) else first
    lowered = text.lower()
    return next((word for word in _DESIGN_WORDS if word in lowered), None)


def _roman(token: str) -> str:
    arabic = {"1": "I", "2": "II", "3": "III", "4": "IV"}
    return arabic.get(token, token.upper())


_ORGAN_CODES = (
    (re.compile(r"\bneuro\w*|\bneurolog\w*|\bCNS\b", re.I), "NEUROTOX"),
    (re.compile(r"\bhepat\w*|\bliver\b", re.I), "HEPATOTOX"),
    (re.compile(r"\binfect\w*", re.I), "INFECTION"),
)
_GENERAL_MODIFIERS = re.compile(
    r"^(?:any|all|serious|severe|overall|total|adverse|grade|treatment-related|non|"
    r"most|common|other|main|median|≥|>)\b",
    re.I,
)


def endpoint_for(text: str, abbreviations: tuple[tuple[str, str], ...] = ()) -> str:
    """The schema code of an endpoint as printed; ``OTHER`` when nothing matches."""
    code = endpoint_code(text) or _contained_term(text)
    if code == "AE":
        return _adverse_event_code(text)
    if code:
        return code
    long_forms = dict(abbreviations)
    for token in re.findall(r"[\w/+-]+", text):
        if token in long_forms:
            code = endpoint_code(long_forms[token]) or _contained_term(long_forms[token])
            if code:
                return code
    return "OTHER"


def _adverse_event_code(text: str) -> str:
    """``AE`` is adverse events in general; an organ-specific toxicity has its own code
    (``neurological AE`` → NEUROTOX) or, without one, is ``OTHER``
    (``gastrointestinal toxicity``)."""
    head = re.search(r"\b(?:adverse|toxicit|AE\b|events?\b|effects?\b|reactions?\b)", text, re.I)
    modifier = text[: head.start()].strip() if head else ""
    if not modifier or _GENERAL_MODIFIERS.match(modifier):
        return "AE"
    return next((code for pattern, code in _ORGAN_CODES if pattern.search(modifier)), "OTHER")


@cache
def _term_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    rows = sorted(csv_rows("endpoint_terms.csv"), key=lambda r: len(r["term"]), reverse=True)
    patterns = []
    for row in rows:
        flags = 0 if row["case_sensitive"] == "yes" else re.IGNORECASE
        escaped = re.escape(row["term"]).replace(r"\ ", r"[\s-]")
        patterns.append((re.compile(rf"(?<![\w]){escaped}(?![\w])", flags), row["code"]))
    return tuple(patterns)


def _contained_term(text: str) -> str | None:
    """The code of the longest vocabulary term inside ``text`` (``CR after 2 cycles`` → CR)."""
    return next((code for pattern, code in _term_patterns() if pattern.search(text)), None)


@cache
def _aliases() -> dict[str, str]:
    return {row["alias"].upper(): row["trial_id"] for row in csv_rows("trial_aliases.csv")}


def trial_id(trial: str | None) -> str | None:
    """A canonical key for linking the same trial across documents.

    Protocol ids (``COG AALL0031`` → ``AALL0031``), NCT numbers, group-protocol-year names
    (``AIEOP-BFM ALL 2000`` → ``AIEOP-BFM-ALL-2000``) and known acronyms; ``None`` for
    descriptors and author-year labels, which name a study only within one document.
    """
    if not trial:
        return None
    if nct := re.search(r"NCT\d{8}", trial):
        return nct.group(0)
    if protocol := re.search(r"\bA?ALL\d{4}\b", trial):
        return (
            protocol.group(0) if protocol.group(0).startswith("AALL") else "A" + protocol.group(0)
        )
    alias = _aliases().get(trial.strip().upper())
    if alias:
        return alias
    if re.fullmatch(r"[A-Z][A-Za-z0-9]*(?:[ -][A-Za-z0-9]+){0,4}", trial.strip()) and re.search(
        r"\d", trial
    ):
        return re.sub(r"[\s-]+", "-", trial.strip()).upper()
    return None

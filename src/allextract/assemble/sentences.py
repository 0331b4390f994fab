"""Records from running text: one per linked value of each body sentence.

The study, its size and its citation come from the sentence itself, or from the sentence
before it when this one clearly continues the same study ("Of the 63 patients …",
"In this trial …").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from allextract.assemble.link import Reading, read_text, treatment_pattern
from allextract.assemble.record import RecordContext, build_record
from allextract.document import Document, Sentence
from allextract.normalize import number
from allextract.records import OutcomeRecord
from allextract.tag import TaggedSpan
from allextract.tag.rules import pattern_file

_CONTINUES = re.compile(
    r"^(?:(?:Of|Among|In)\s+(?:the|these|this|those|all)\b|These\s+(?:patients|children)|"
    r"The\s+(?:study|trial|cohort|analysis)\b|In\s+(?:this|that)\s+(?:study|trial|cohort)|"
    r"(?:It|They|Their|Its)\b)"
)
_AUTHOR_YEAR = re.compile(r"\(([A-Z][^()]{1,60}?(?:19|20)\d{2}[a-z]?)\)")


def sentence_records(
    document: Document,
    spans: dict[tuple[str, object, str], tuple[TaggedSpan, ...]],
    abbreviations: tuple[tuple[str, str], ...],
) -> Iterator[OutcomeRecord]:
    previous = RecordContext()
    for sentence in document.sentences:
        tagged = spans.get(("sentence", sentence.provenance, sentence.text), ())
        context = _context(sentence, tagged, previous)
        out_of_scope = general_statement(sentence.text, tagged)
        for reading in [] if out_of_scope else read_text(sentence.text, tagged):
            yield build_record(
                document.doc_id,
                reading,
                _for_reading(context, sentence, reading, tagged),
                evidence=sentence.text,
                provenance=sentence.provenance,
                offsets=sentence.source_offsets,
                abbreviations=abbreviations,
            )
        previous = context


def general_statement(text: str, tagged: Sequence[TaggedSpan]) -> bool:
    """Results said of a class of countries or of the world, tied to no treatment, study
    or cohort: out of the schema's scope (``resources/general_statements.toml``)."""
    if any(span.label in ("TRIAL", "ARM", "SAMPLE_SIZE") for span in tagged):
        return False
    populations, attributions = _general_statement_patterns()
    return bool(
        populations.search(text)
        and not attributions.search(text)
        and not treatment_pattern().search(text)
    )


@cache
def _general_statement_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    terms = pattern_file("general_statements.toml")
    return _words(terms["populations"]), _words(terms["attributions"])


def _words(terms: Sequence[str]) -> re.Pattern[str]:
    longest_first = sorted(terms, key=len, reverse=True)
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"[\s-]") for t in longest_first)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I)


def _context(
    sentence: Sentence, tagged: tuple[TaggedSpan, ...], previous: RecordContext
) -> RecordContext:
    trials = [s for s in tagged if s.label == "TRIAL"]
    sizes = [s for s in tagged if s.label == "SAMPLE_SIZE"]
    own = RecordContext(
        trial=trials[0].text if trials else None,
        n=_size(sizes[0].text) if sizes else None,
        reference=_reference(sentence),
        phase=None,
        intervention=next((s.text for s in tagged if s.label == "ARM"), None),
    )
    if _CONTINUES.match(sentence.text):
        return own.filled_from(previous)
    return own


def _for_reading(
    context: RecordContext, sentence: Sentence, reading: Reading, tagged: tuple[TaggedSpan, ...]
) -> RecordContext:
    """The sentence's context, narrowed to what is nearest the value."""
    before = [s for s in tagged if s.label == "TRIAL" and s.end <= reading.value.start]
    trial = reading.trial.text if reading.trial else (before[-1].text if before else context.trial)
    return RecordContext(
        trial=trial,
        n=reading.value.n if reading.value.n is not None else context.n,
        reference=_reference_after(sentence, reading.value.end) or context.reference,
        phase=context.phase,
        intervention=context.intervention,
    )


def _size(text: str) -> int | None:
    try:
        return int(number(text))
    except ValueError:
        return None


def _reference(sentence: Sentence) -> str | None:
    if sentence.citations:
        return sentence.citations[-1]
    match = _AUTHOR_YEAR.search(sentence.text)
    return match.group(1) if match else None


def _reference_after(sentence: Sentence, position: int) -> str | None:
    """The first citation marker after a value: in "(97% vs. 96%) … (86)" it is 86."""
    for marker in sentence.citations:
        found = sentence.text.find(f"({marker})", position)
        if found < 0:
            found = sentence.text.find(f"[{marker}]", position)
        if found >= 0:
            return marker
    return None

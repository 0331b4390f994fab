"""Converters between the span gold and the tools people correct it in.

- doccano sequence labelling JSONL: ``{"text", "label": [[start, end, label]], ...}``
- Label Studio tasks: ``{"data": {"text", ...}, "annotations": [{"result": [...]}]}``
- spaCy ``DocBin`` for training, on the text the readers produce (markup cleaned), so
  the model learns on what it will see.

The location fields (``doc_id``, ``char_start``) ride along as metadata so an export
can be imported back without loss.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from allextract.annotations import Span, SpanUnit
from allextract.ingest.markup import MappedText, clean


def to_doccano(unit: SpanUnit) -> dict[str, Any]:
    return {
        "text": unit.text,
        "label": [[s.start, s.end, s.label] for s in unit.spans],
        "doc_id": unit.doc_id,
        "char_start": unit.char_start,
    }


def from_doccano(record: dict[str, Any]) -> SpanUnit:
    labels = record.get("label", record.get("labels", []))
    return SpanUnit(
        doc_id=str(record["doc_id"]),
        char_start=int(record["char_start"]),
        text=str(record["text"]),
        spans=tuple(
            sorted(
                (Span(int(s), int(e), str(label)) for s, e, label in labels),
                key=lambda span: span.start,
            )
        ),
    )


def to_label_studio(unit: SpanUnit) -> dict[str, Any]:
    return {
        "data": {"text": unit.text, "doc_id": unit.doc_id, "char_start": unit.char_start},
        "annotations": [
            {
                "result": [
                    {
                        "from_name": "label",
                        "to_name": "text",
                        "type": "labels",
                        "value": {
                            "start": s.start,
                            "end": s.end,
                            "text": unit.text[s.start : s.end],
                            "labels": [s.label],
                        },
                    }
                    for s in unit.spans
                ]
            }
        ],
    }


def from_label_studio(task: dict[str, Any]) -> SpanUnit:
    """Read a Label Studio task; the last annotation of the task is the current one."""
    data = task["data"]
    annotations = task.get("annotations") or [{"result": []}]
    results = [r for r in annotations[-1]["result"] if r.get("type") == "labels"]
    spans = sorted(
        (
            Span(int(r["value"]["start"]), int(r["value"]["end"]), str(r["value"]["labels"][0]))
            for r in results
        ),
        key=lambda span: span.start,
    )
    return SpanUnit(str(data["doc_id"]), int(data["char_start"]), str(data["text"]), tuple(spans))


def cleaned_unit(unit: SpanUnit) -> tuple[str, list[tuple[int, int, str]]]:
    """The unit's text as readers produce it, with spans moved onto that text."""
    mapped: MappedText = clean(MappedText.from_source(unit.text))
    spans = []
    for span in unit.spans:
        inside = [i for i, o in enumerate(mapped.offsets) if span.start <= o < span.end]
        while inside and mapped.text[inside[-1]].isspace():
            inside.pop()  # a symbol's trailing space maps back to the symbol
        if inside:
            spans.append((inside[0], inside[-1] + 1, span.label))
    return mapped.text, spans


def to_docbin(units: Iterable[SpanUnit], nlp: Any) -> Any:
    """A spaCy ``DocBin`` of the units, entities aligned to token boundaries.

    Spans that do not fall on token boundaries are expanded to whole tokens: the
    tokenizer is the model's, and a partial-token entity cannot be learned.
    """
    from spacy.tokens import DocBin

    doc_bin = DocBin(store_user_data=False)
    for unit in units:
        text, spans = cleaned_unit(unit)
        doc = nlp.make_doc(text)
        entities: list[Any] = []
        for start, end, label in spans:
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None and not any(
                span.start < e.end and e.start < span.end for e in entities
            ):
                entities.append(span)
        doc.ents = entities
        doc_bin.add(doc)
    return doc_bin

"""Tagging: spaCy rule components and a trained NER model, combined.

``build_pipeline`` gives rules only, the model only, or both with the combiner;
``tag_texts`` tags texts (sentences, table cells) given what is known about each
(:class:`TagContext`); ``tag_document`` does it for every sentence and cell of a document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from allextract.document import Document, Provenance
from allextract.errors import AllextractError
from allextract.settings import default_model as default_model  # re-exported
from allextract.tag.abbreviations import defined_abbreviations
from allextract.tag.context import CONTEXT_KEY, TagContext, column_role
from allextract.tag.factories import COMBINER, RULE_FINDERS, register
from allextract.tag.tokenizer import customize_tokenizer


@dataclass(frozen=True)
class TaggedSpan:
    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True)
class TaggedUnit:
    """A sentence or table cell with its spans."""

    kind: str
    """``sentence`` or ``cell``."""
    text: str
    provenance: Provenance
    spans: tuple[TaggedSpan, ...]


def build_pipeline(
    model: Path | None = None, *, rules: bool = True, policy: Path | None = None
) -> Language:
    """Rules and combiner on top of a trained NER model (or a blank tokenizer); with
    ``rules=False``, the model alone, its entities untouched. ``policy`` replaces the
    shipped combination policy (``resources/combination.csv``)."""
    register()
    if model is not None and not (Path(model) / "meta.json").is_file():
        raise AllextractError("AE030", model)
    nlp = customize_tokenizer(spacy.load(model) if model is not None else spacy.blank("en"))
    if rules:
        for factory in RULE_FINDERS:
            nlp.add_pipe(factory)
        nlp.add_pipe(COMBINER, config={"policy": str(policy) if policy else ""})
    return nlp


def tag_texts(nlp: Language, items: Iterable[tuple[str, TagContext]]) -> Iterator[list[TaggedSpan]]:
    def docs() -> Iterator[spacy.tokens.Doc]:
        for text, context in items:
            doc = nlp.make_doc(text)
            doc.user_data[CONTEXT_KEY] = context
            yield doc

    for doc in nlp.pipe(docs(), batch_size=256):
        yield [TaggedSpan(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]


def document_items(document: Document) -> list[tuple[str, Provenance, TagContext, str]]:
    """Every sentence and table cell of a document with its tagging context."""
    abbreviations = document_abbreviations(document)
    items = [
        (s.text, s.provenance, TagContext(abbreviations=abbreviations), "sentence")
        for s in document.sentences
    ]
    for table in document.tables:
        roles = [column_role(h) for h in table.columns]
        own = tuple(table.glossary) + abbreviations
        for row in table.rows:
            for cell in row.cells:
                if cell.text:
                    role = roles[cell.column] if cell.column < len(roles) else ""
                    items.append((cell.text, cell.provenance, TagContext(role, own), "cell"))
    return items


def document_abbreviations(document: Document) -> tuple[tuple[str, str], ...]:
    """Short forms defined in the text ("event-free survival (EFS)") and in table footnotes."""
    in_text = defined_abbreviations(s.text for s in document.sentences)
    return in_text + tuple(pair for table in document.tables for pair in table.glossary)


def tag_document(nlp: Language, document: Document) -> list[TaggedUnit]:
    items = document_items(document)
    tagged = tag_texts(nlp, ((text, context) for text, _, context, _ in items))
    return [
        TaggedUnit(kind, text, provenance, tuple(spans))
        for (text, provenance, _, kind), spans in zip(items, tagged, strict=True)
    ]

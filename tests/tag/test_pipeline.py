from __future__ import annotations

from pathlib import Path

import pytest

from allextract.errors import AllextractError
from allextract.ingest.text import parse_text
from allextract.tag import (
    TagContext,
    build_pipeline,
    default_model,
    document_items,
    tag_document,
    tag_texts,
)

# Written for this test; no annotated document contains it.
HELD_BACK = "In the PEDAL-9 study, the 3-year event-free survival rate was 64% among 52 children."


def labelled(spans: list[object]) -> list[tuple[str, str]]:
    return [(s.text, s.label) for s in spans]  # type: ignore[attr-defined]


def test_the_shipped_model_loads_and_tags_a_held_back_sentence() -> None:
    nlp = build_pipeline(default_model(), rules=False)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    (spans,) = tag_texts(nlp, [(HELD_BACK, TagContext())])
    found = labelled(spans)
    assert ("64%", "PERCENT") in found
    assert ("3-year", "TIMEPOINT") in found


def test_the_full_pipeline_combines_model_and_rules() -> None:
    nlp = build_pipeline(default_model())
    assert nlp.pipe_names[:2] == ["tok2vec", "ner"]
    assert nlp.pipe_names[-1] == "allextract_span_combiner_v1"
    (spans,) = tag_texts(nlp, [(HELD_BACK, TagContext())])
    found = labelled(spans)
    assert ("64%", "PERCENT") in found
    assert ("event-free survival rate", "ENDPOINT") in found


def test_a_missing_model_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(AllextractError) as caught:
        build_pipeline(tmp_path / "nothing")
    assert caught.value.code == "AE030"


def test_document_items_carry_table_column_roles_and_abbreviations() -> None:
    source = (
        "Minimal residual disease (MRD) negativity was 70% (2).\n\n"
        "Table 1. Trials.\n\nTrial\tN\tEfficacy\nRIALTO trial (63)\t110\tMRD-: 80%\n"
    )
    items = document_items(parse_text(source, "doc"))
    contexts = {text: context for text, _, context, _ in items}
    assert contexts["110"].column_role == "sample_size"
    assert contexts["RIALTO trial (63)"].column_role == "trial"
    assert ("MRD", "Minimal residual disease") in contexts["MRD-: 80%"].abbreviations


def test_tag_document_tags_sentences_and_cells() -> None:
    source = "Table 1. Trials.\n\nTrial\tNo. of patients\nPhase II trial: in R/R ALL (71)\t51\n"
    units = tag_document(build_pipeline(None), parse_text(source, "doc"))
    by_text = {u.text: labelled(list(u.spans)) for u in units}
    assert by_text["51"] == [("51", "SAMPLE_SIZE")]
    assert by_text["Phase II trial: in R/R ALL (71)"] == [("Phase II trial: in R/R ALL", "TRIAL")]

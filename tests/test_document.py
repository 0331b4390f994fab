from __future__ import annotations

import json

from allextract.document import citation_numbers, to_dict, to_markdown
from allextract.ingest.text import parse_text

SOURCE = """A Study Of Relapsed Leukemia In Children Today

Blinatumomab gave a CR rate of 46% (2). Another trial showed 50% [1,3].

Table 1. Trials.

Trial\tN
RIALTO\t110

References

1. First A. Title one. J. 2020.
2. Second B. Title two. J. 2021.
3. Third C. Title three. J. 2022.
"""


def test_citation_numbers_expand_ranges_and_lists() -> None:
    assert citation_numbers("8,11–13") == (8, 11, 12, 13)
    assert citation_numbers("63") == (63,)
    assert citation_numbers("1996–2000") == ()  # a year span, not citations


def test_citations_resolve_to_reference_entries() -> None:
    document = parse_text(SOURCE, "doc")
    first, second = document.sentences
    assert first.citations == ("2",)
    assert [r.text for r in document.resolve_citation(second.citations[0])] == [
        "First A. Title one. J. 2020.",
        "Third C. Title three. J. 2022.",
    ]


def test_reference_entries_never_become_sentences() -> None:
    document = parse_text(SOURCE, "doc")
    assert len(document.references) == 3
    assert not any("Title" in s.text for s in document.sentences)


def test_to_dict_is_json_serializable_and_complete() -> None:
    document = parse_text(SOURCE, "doc")
    data = json.loads(json.dumps(to_dict(document)))
    assert data["tables"][0]["rows"][0]["cells"][0]["text"] == "RIALTO"
    assert data["sentences"][0]["provenance"]["char_start"] == SOURCE.index("Blinatumomab")


def test_markdown_shows_tables_where_they_stand() -> None:
    markdown = to_markdown(parse_text(SOURCE, "doc"))
    assert "| RIALTO | 110 |" in markdown
    assert markdown.index("Another trial") < markdown.index("| RIALTO")

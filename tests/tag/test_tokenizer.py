from __future__ import annotations

from allextract.tag.tokenizer import blank


def test_events_over_patients_split_into_three_tokens() -> None:
    nlp = blank()
    assert [t.text for t in nlp("MRD-negative in 60/62 patients, HR 0.5/1.0")] == [
        "MRD",
        "-",
        "negative",
        "in",
        "60",
        "/",
        "62",
        "patients",
        ",",
        "HR",
        "0.5",
        "/",
        "1.0",
    ]
    assert [t.text for t in nlp("a 2024/2025 study")] == ["a", "2024", "/", "2025", "study"]

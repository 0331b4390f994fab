from __future__ import annotations

import base64
import math
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd

from allextract.report import render_report

NAN = math.nan
Row = dict[str, object]
EVIDENCE = [
    "EFS at 5 years was 71.2% <b>& rising | with a pipe",
    "OS 88% in the " + "very " * 200 + "long sentence",
]


def score(level: str, scope: str, name: str, tp: int, fp: int, fn: int, **extra: object) -> Row:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    row: Row = {"level": level, "scope": scope, "name": name, "match": "", "tp": tp, "fp": fp}
    row |= {"fn": fn, "precision": p, "recall": r, "f1": f1, "accuracy": NAN, "support": tp + fn}
    return row | extra


def attribution(name: str, accuracy: float, pairs: int) -> Row:
    row = score("attribution", "field", name, 0, 0, 0, accuracy=accuracy, support=pairs)
    return row | {"precision": NAN, "recall": NAN, "f1": NAN}


def make_scores(spans: bool = False) -> pd.DataFrame:
    rows = [
        score("record", "all", "all", 8, 2, 3),
        score("record", "document", "doc_a", 5, 1, 1),
        score("record", "document", "doc_b", 3, 1, 2),
        score("record", "endpoint", "EFS", 5, 0, 1),
        score("record", "endpoint", "OS", 3, 2, 2),
        score("record", "source", "table", 6, 1, 1),
        score("record", "source", "text", 2, 1, 2),
        attribution("trial", 0.875, 8),
    ]
    if spans:
        rows += [
            score("span", "label", "PERCENT", 4, 1, 0, match="exact"),
            score("span", "label", "PERCENT", 4, 0, 0, match="overlap"),
        ]
    return pd.DataFrame(rows)


def error(kind: str, doc_id: str, evidence: str, **extra: object) -> Row:
    row: Row = {"kind": kind, "doc_id": doc_id, "source": "text", "table": "", "endpoint": "EFS"}
    row |= {"endpoint_text": "event-free survival", "value": 71.2, "unit": "%"}
    row |= {"timepoint_months": 60.0, "trial": "AIEOP-BFM", "evidence": evidence}
    return row | extra


def make_errors() -> pd.DataFrame:
    return pd.DataFrame(
        [
            error("false positive", "doc_b", EVIDENCE[0]),
            error(
                "false negative",
                "doc_a",
                EVIDENCE[1],
                endpoint="OS",
                timepoint_months=NAN,
                endpoint_text="overall survival",
            ),
        ]
    )


def make_confusion() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "gold_endpoint": ["EFS", "EFS", "OS"],
            "predicted_endpoint": ["EFS", "OS", "OS"],
            "count": [5, 2, 3],
        }
    )


def render(
    out_dir: Path, errors: pd.DataFrame | None = None, spans: bool = False
) -> tuple[str, str]:
    errors = make_errors() if errors is None else errors
    paths = render_report(
        make_scores(spans), errors, make_confusion(), out_dir, command="allextract evaluate x"
    )
    assert paths == {"html": out_dir / "index.html", "markdown": out_dir / "summary.md"}
    return paths["html"].read_text("utf-8"), paths["markdown"].read_text("utf-8")


def test_both_files_carry_the_headline_and_command(tmp_path: Path) -> None:
    page, summary = render(tmp_path / "report")
    for text in (page, summary):
        assert "F1 0.762 (precision 0.800, recall 0.727)" in text
        assert "allextract evaluate x" in text
        assert "8 true positives, 2 false positives, 3 false negatives" in text


def test_html_embeds_png_plots_and_nothing_external(tmp_path: Path) -> None:
    page, _ = render(tmp_path)
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) == 3  # per document, per endpoint, confusion heatmap
    assert all(base64.b64decode(data).startswith(b"\x89PNG") for data in images)
    assert not re.search(r"<script|<link|https?://", page)


def test_every_evidence_is_escaped_in_html(tmp_path: Path) -> None:
    page, _ = render(tmp_path)
    assert "71.2% &lt;b&gt;&amp; rising | with a pipe" in page
    assert "<b>" not in page
    assert "OS 88% in the very" in page and "long sentence" in page


def test_markdown_keeps_table_cells_and_markup_literal(tmp_path: Path) -> None:
    _, summary = render(tmp_path)
    line = next(line for line in summary.splitlines() if "rising" in line)
    assert r"\<b\>\& rising \| with a pipe" in line
    assert line.count(" | ") == 5  # six cells: the pipe in the evidence is escaped
    assert "![" not in summary  # images are left out


def test_markdown_has_the_per_endpoint_and_per_source_rows(tmp_path: Path) -> None:
    _, summary = render(tmp_path)
    assert "| EFS | 5 | 0 | 1 | 1.000 | 0.833 | 0.909 | 6 |" in summary
    assert "| OS | 3 | 2 | 2 | 0.600 | 0.600 | 0.600 | 5 |" in summary
    assert "| text | 2 | 1 | 2 | 0.667 | 0.500 | 0.571 | 4 |" in summary
    assert "| field | trial | 0.875 | 8 |" in summary


def test_confusion_lists_only_the_disagreeing_pair(tmp_path: Path) -> None:
    page, summary = render(tmp_path)
    assert "| EFS | OS | 2 |" in summary
    assert "| EFS | EFS |" not in summary
    assert '<tr><td>EFS</td><td>OS</td><td class="num">2</td></tr>' in page
    assert "10 records match on document, value, unit and timepoint" in summary


def test_errors_are_grouped_by_document(tmp_path: Path) -> None:
    _, summary = render(tmp_path)
    assert "## False positives (1)\n\n### doc_b (1)" in summary
    assert "| EFS (event-free survival) | 71.2% | 60 months | AIEOP-BFM | text |" in summary
    assert "| OS (overall survival) | 71.2% | — | AIEOP-BFM | text |" in summary


def test_span_table_only_when_span_rows_exist(tmp_path: Path) -> None:
    _, without = render(tmp_path / "a")
    _, with_spans = render(tmp_path / "b", spans=True)
    assert "Entity spans" not in without
    assert "| PERCENT | 4 | 0.800 | 1.000 | 0.889 | 1.000 | 1.000 | 1.000 |" in with_spans


def test_no_errors_says_so(tmp_path: Path) -> None:
    page, summary = render(tmp_path, errors=make_errors().iloc[0:0])
    for text in (page, summary):
        assert "no false positives" in text
        assert "no false negatives" in text


def test_rendering_is_byte_for_byte_repeatable(tmp_path: Path) -> None:
    render(tmp_path / "one")
    render(tmp_path / "two")
    for name in ("index.html", "summary.md"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_layout_cannot_force_sideways_scrolling(tmp_path: Path) -> None:
    page, _ = render(tmp_path)
    assert "max-width: 1100px" in page
    assert "table-layout: fixed" in page
    assert "overflow-wrap: anywhere" in page
    assert re.search(r"img \{[^}]*max-width: 100%", page)
    for value, unit in re.findall(r"width:\s*([\d.]+)(px|%)", page):
        assert float(value) <= (100 if unit == "%" else 1100)
    assert not re.search(r"\swidth=", page)  # no width attributes either


def test_importing_does_not_load_matplotlib() -> None:
    code = "import sys, allextract.report; sys.exit('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_empty_inputs_render_placeholders(tmp_path: Path) -> None:
    scores, errors, confusion = make_scores().iloc[0:0], make_errors().iloc[0:0], make_confusion()
    render_report(scores, errors, confusion.iloc[0:0], tmp_path)
    summary = (tmp_path / "summary.md").read_text("utf-8")
    assert "There are no record-level scores." in summary
    assert "There are no per-endpoint scores." in summary
    assert "was not recorded" in summary
    assert "data:image" not in (tmp_path / "index.html").read_text("utf-8")

"""Evaluation results as a static HTML page and a Markdown summary.

Pure presentation: the scores, error lists and endpoint confusion counts arrive as
DataFrames (see :func:`render_report`) and nothing here scores anything. Both outputs are
rendered from one list of blocks, so they carry the same content; the Markdown leaves
out the images only.
"""

from __future__ import annotations

import base64
import html
import io
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from allextract.files import atomic_writer

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_DASH = "—"
_DPI = 100
_MAX_INCHES = 12.0
_LABEL_CHARS = 40
_SCORE_HEADER = ("TP", "FP", "FN", "P", "R", "F1", "Support")
_SCORE_WIDTHS = (26,)  # the name column; the count and ratio columns share the rest
_ERROR_HEADER = ("Endpoint", "Value", "Timepoint", "Trial", "Source", "Evidence")
_ERROR_WIDTHS = (16, 11, 13, 12, 10, 38)

_CSS = """
body { margin: 0; color: #222; font-family: system-ui, sans-serif; line-height: 1.4; }
main { max-width: 1100px; margin: 0 auto; padding: 16px; box-sizing: border-box; }
h1 { font-size: 1.6em; }
h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { width: 100%; table-layout: fixed; border-collapse: collapse; margin: 8px 0 20px;
        font-size: 14px; word-wrap: break-word; overflow-wrap: anywhere; }
th, td { border: 1px solid #ccc; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
img { display: block; max-width: 100%; height: auto; margin: 8px 0; }
code { white-space: pre-wrap; overflow-wrap: anywhere; background: #f3f3f3; }
"""


@dataclass(frozen=True)
class _Heading:
    level: int
    text: str


@dataclass(frozen=True)
class _Paragraph:
    text: str


@dataclass(frozen=True)
class _Command:
    text: str


@dataclass(frozen=True)
class _Table:
    header: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    numeric: frozenset[int] = frozenset()
    # Percentages of the table width, from the first column on; columns beyond share the
    # rest (a fixed table layout would otherwise give every column the same width).
    widths: tuple[int, ...] = ()


@dataclass(frozen=True)
class _Image:
    png: bytes
    alt: str


_Block = _Heading | _Paragraph | _Command | _Table | _Image


def render_report(
    scores: pd.DataFrame,
    errors: pd.DataFrame,
    confusion: pd.DataFrame,
    out_dir: Path,
    *,
    title: str = "allextract evaluation",
    command: str = "",
) -> dict[str, Path]:
    """Write ``out_dir/index.html`` and ``out_dir/summary.md``; return their paths.

    ``scores`` has the columns level, scope, name, match, tp, fp, fn, precision, recall,
    f1, accuracy, support; ``errors`` kind, doc_id, source, table, endpoint,
    endpoint_text, value, unit, timepoint_months, trial, evidence; ``confusion``
    gold_endpoint, predicted_endpoint, count.
    """
    blocks = [
        _Heading(1, title),
        *_headline(scores, command),
        *_record_sections(scores),
        *_attribution_section(scores),
        *_span_section(scores),
        *_confusion_section(confusion),
        *_error_section(errors, "false positive", "False positives"),
        *_error_section(errors, "false negative", "False negatives"),
    ]
    paths = {"html": out_dir / "index.html", "markdown": out_dir / "summary.md"}
    with atomic_writer(paths["html"]) as stream:
        stream.write(_to_html(blocks, title))
    with atomic_writer(paths["markdown"]) as stream:
        stream.write(_to_markdown(blocks))
    return paths


# --- content -------------------------------------------------------------------------


def _rows(scores: pd.DataFrame, level: str, scope: str) -> pd.DataFrame:
    selected = scores[(scores["level"] == level) & (scores["scope"] == scope)]
    return selected.sort_values("name", kind="stable")


def _headline(scores: pd.DataFrame, command: str) -> Iterator[_Block]:
    overall = _rows(scores, "record", "all")
    if overall.empty:
        yield _Paragraph("There are no record-level scores.")
    else:
        row = overall.iloc[0]
        yield _Paragraph(
            f"Record-level F1 {_ratio(row['f1'])} (precision {_ratio(row['precision'])}, "
            f"recall {_ratio(row['recall'])}) over {_count(row['support'])} gold and "
            f"{_count(row['tp'] + row['fp'])} predicted records: {_count(row['tp'])} true "
            f"positives, {_count(row['fp'])} false positives, {_count(row['fn'])} false "
            "negatives."
        )
    if command:
        yield _Command(command)
    else:
        yield _Paragraph("The command that produced these scores was not recorded.")


def _record_sections(scores: pd.DataFrame) -> Iterator[_Block]:
    for scope, heading, name in (
        ("document", "Records per document", "Document"),
        ("endpoint", "Records per endpoint", "Endpoint"),
    ):
        rows = _rows(scores, "record", scope)
        yield _Heading(2, heading)
        if rows.empty:
            yield _Paragraph(f"There are no per-{scope} scores.")
            continue
        yield _Image(_bar_chart(rows), f"Bar chart of record-level F1 per {scope}")
        yield _score_table(rows, name)
    rows = _rows(scores, "record", "source")
    yield _Heading(2, "Records per source")
    yield (
        _score_table(rows, "Source")
        if not rows.empty
        else _Paragraph("There are no per-source scores.")
    )


def _score_table(rows: pd.DataFrame, name: str) -> _Table:
    body = [
        (
            _text(row["name"]),
            _count(row["tp"]),
            _count(row["fp"]),
            _count(row["fn"]),
            _ratio(row["precision"]),
            _ratio(row["recall"]),
            _ratio(row["f1"]),
            _count(row["support"]),
        )
        for row in _records(rows)
    ]
    return _Table((name, *_SCORE_HEADER), body, frozenset(range(1, 8)), _SCORE_WIDTHS)


def _attribution_section(scores: pd.DataFrame) -> Iterator[_Block]:
    rows = scores[scores["level"] == "attribution"].sort_values(["scope", "name"], kind="stable")
    yield _Heading(2, "Attribution of matched records")
    if rows.empty:
        yield _Paragraph("There are no attribution scores.")
        return
    body = [
        (_text(r["scope"]), _text(r["name"]), _ratio(r["accuracy"]), _count(r["support"]))
        for r in _records(rows)
    ]
    yield _Table(("Scope", "Name", "Accuracy", "Matched pairs"), body, frozenset({2, 3}))


def _span_section(scores: pd.DataFrame) -> Iterator[_Block]:
    spans = scores[scores["level"] == "span"]
    if spans.empty:
        return
    # Exact and overlap rows of one label side by side; the overall row first.
    wide = spans.pivot_table(
        index=["scope", "name"],
        columns="match",
        values=["precision", "recall", "f1", "support"],
        aggfunc="first",
    )
    keys = sorted(wide.index, key=lambda key: (key[0] != "all", key[0], key[1]))
    body = [_span_row(wide.loc[key], str(key[1])) for key in keys]
    header = ("Label", "Gold", "Exact P", "Exact R", "Exact F1", "Overlap P", "Overlap R")
    yield _Heading(2, "Entity spans per label")
    yield _Table((*header, "Overlap F1"), body, frozenset(range(1, 8)), (20,))


def _span_row(row: pd.Series, label: str) -> tuple[str, ...]:
    def value(metric: str, match: str) -> Any:
        return row.get((metric, match), math.nan)

    support = value("support", "exact")
    if _missing(support):
        support = value("support", "overlap")
    return (
        label,
        _count(support),
        *(_ratio(value(metric, "exact")) for metric in ("precision", "recall", "f1")),
        *(_ratio(value(metric, "overlap")) for metric in ("precision", "recall", "f1")),
    )


def _confusion_section(confusion: pd.DataFrame) -> Iterator[_Block]:
    yield _Heading(2, "Endpoint confusion")
    counted = confusion[confusion["count"] > 0]
    if counted.empty:
        yield _Paragraph("There are no records that match on everything but the endpoint.")
        return
    same = counted["gold_endpoint"] == counted["predicted_endpoint"]
    yield _Paragraph(
        f"{_count(counted['count'].sum())} records match on document, value, unit and "
        f"timepoint: {_count(counted.loc[same, 'count'].sum())} agree on the endpoint code, "
        f"{_count(counted.loc[~same, 'count'].sum())} differ."
    )
    yield _Image(_heatmap(counted), "Heatmap of gold (rows) against predicted endpoint codes")
    off = counted[~same].sort_values(
        ["count", "gold_endpoint", "predicted_endpoint"], ascending=[False, True, True]
    )
    if off.empty:
        yield _Paragraph("There are no endpoint confusions.")
        return
    body = [
        (_text(r["gold_endpoint"]), _text(r["predicted_endpoint"]), _count(r["count"]))
        for r in _records(off)
    ]
    yield _Table(("Gold endpoint", "Predicted endpoint", "Records"), body, frozenset({2}))


def _error_section(errors: pd.DataFrame, kind: str, heading: str) -> Iterator[_Block]:
    selected = errors[errors["kind"] == kind]
    yield _Heading(2, f"{heading} ({len(selected)})")
    if selected.empty:
        yield _Paragraph(f"There are no {heading.lower()}.")
        return
    ordered = selected.sort_values(["doc_id", "endpoint", "value"], kind="stable")
    for doc_id, group in ordered.groupby("doc_id", sort=True, dropna=False):
        yield _Heading(3, f"{doc_id} ({len(group)})")
        yield _Table(
            _ERROR_HEADER, [_error_row(r) for r in _records(group)], frozenset(), _ERROR_WIDTHS
        )


def _error_row(row: dict[str, Any]) -> tuple[str, ...]:
    endpoint, wording = _text(row["endpoint"]), _text(row["endpoint_text"])
    unit = _text(row["unit"])
    value = _DASH if _missing(row["value"]) else f"{row['value']:g}"
    timepoint = row["timepoint_months"]
    source, table = _text(row["source"]), _text(row["table"])
    return (
        f"{endpoint} ({wording})" if wording else endpoint,
        f"{value}{unit}" if unit == "%" else f"{value} {unit}".strip(),
        _DASH if _missing(timepoint) else f"{timepoint:g} months",
        _text(row["trial"]) or _DASH,
        f"{source} ({table})" if table else source or _DASH,
        _text(row["evidence"]),
    )


# --- formatting ----------------------------------------------------------------------


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(key): value for key, value in row.items()} for row in frame.to_dict("records")]


def _text(value: Any) -> str:
    return "" if _missing(value) else str(value)


def _missing(value: Any) -> bool:
    return value is None or bool(pd.api.types.is_scalar(value) and pd.isna(value))


def _ratio(value: Any) -> str:
    return _DASH if _missing(value) else f"{float(value):.3f}"


def _count(value: Any) -> str:
    return _DASH if _missing(value) else str(round(float(value)))


# --- figures -------------------------------------------------------------------------


def _bar_chart(rows: pd.DataFrame) -> bytes:
    from matplotlib.figure import Figure

    labels = [
        f"{_short(_text(name))} (n={_count(n)})"
        for name, n in zip(rows["name"], rows["support"], strict=True)
    ]
    f1 = rows["f1"].astype(float).fillna(0.0).tolist()
    height = min(0.3 * len(labels) + 1, _MAX_INCHES)
    with _plain_style():
        figure = Figure(figsize=(8, height), dpi=_DPI, layout="constrained")
        axes = figure.subplots()
        bars = axes.barh(range(len(labels)), f1, color="#4878a8")
        axes.set_yticks(range(len(labels)), labels)
        axes.invert_yaxis()  # the first row of the table on top
        axes.set_xlim(0, 1.1)  # room for the value printed after a full bar
        axes.set_xticks([0, 0.25, 0.5, 0.75, 1])
        axes.set_xlabel("F1")
        axes.bar_label(bars, fmt="%.3f", padding=3, fontsize=8)
        return _png(figure)


def _heatmap(counted: pd.DataFrame) -> bytes:
    from matplotlib.colors import LogNorm
    from matplotlib.figure import Figure

    codes = sorted(set(counted["gold_endpoint"]) | set(counted["predicted_endpoint"]))
    matrix = (
        counted.pivot_table(
            index="gold_endpoint", columns="predicted_endpoint", values="count", aggfunc="sum"
        )
        .reindex(index=codes, columns=codes)
        .to_numpy(dtype=float)
    )
    side = min(0.35 * len(codes) + 2.5, _MAX_INCHES - 2)
    with _plain_style():
        figure = Figure(figsize=(side, side), dpi=_DPI, layout="constrained")
        axes = figure.subplots()
        # Agreeing counts dwarf the confusions; a log scale keeps the small ones visible.
        norm = LogNorm(vmin=1, vmax=max(float(np.nanmax(matrix)), 2.0))
        axes.imshow(matrix, cmap="Blues", norm=norm)
        axes.set_xticks(range(len(codes)), codes, rotation=90, fontsize=8)
        axes.set_yticks(range(len(codes)), codes, fontsize=8)
        axes.set_xlabel("predicted endpoint")
        axes.set_ylabel("gold endpoint")
        for (i, j), count in _cells(matrix):
            dark = norm(count) > 0.6
            axes.text(
                j,
                i,
                f"{count:g}",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if dark else "black",
            )
        return _png(figure)


def _cells(matrix: npt.NDArray[np.float64]) -> Iterator[tuple[tuple[int, int], float]]:
    for (i, j), count in np.ndenumerate(matrix):
        if not math.isnan(count):  # no records for this pair
            yield (int(i), int(j)), float(count)


def _short(label: str) -> str:
    return label if len(label) <= _LABEL_CHARS else label[: _LABEL_CHARS - 1] + "…"


def _plain_style() -> AbstractContextManager[None]:
    """Matplotlib's default style, whatever the user's matplotlibrc says, so that the
    images depend on the data only."""
    import matplotlib.style

    return matplotlib.style.context("default")


def _png(figure: Figure) -> bytes:
    # The Agg canvas is attached to this figure only: no global backend switch (which
    # ``matplotlib.use`` would be) and no pyplot figure registry to leak into.
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    # Without a "Software" entry the PNG does not record the matplotlib version, so the
    # same data gives the same bytes after an upgrade too.
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


# --- HTML ----------------------------------------------------------------------------


def _to_html(blocks: Sequence[_Block], title: str) -> str:
    body = "\n".join(_html_block(block) for block in blocks)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _html_block(block: _Block) -> str:
    match block:
        case _Heading(level, text):
            return f"<h{level}>{html.escape(text)}</h{level}>"
        case _Paragraph(text):
            return f"<p>{html.escape(text)}</p>"
        case _Command(text):
            return f"<p>Produced by <code>{html.escape(_one_line(text))}</code></p>"
        case _Image(png, alt):
            data = base64.b64encode(png).decode("ascii")
            return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'
        case _Table():
            return _html_table(block)


def _html_table(table: _Table) -> str:
    def cell(tag: str, index: int, text: str) -> str:
        css = ' class="num"' if index in table.numeric else ""
        return f"<{tag}{css}>{html.escape(text)}</{tag}>"

    cols = "".join(f'<col style="width: {width}%">' for width in table.widths)
    head = "".join(cell("th", i, text) for i, text in enumerate(table.header))
    rows = "\n".join(
        "<tr>" + "".join(cell("td", i, text) for i, text in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    colgroup = f"<colgroup>{cols}</colgroup>" if cols else ""
    return f"<table>{colgroup}\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody></table>"


# --- Markdown ------------------------------------------------------------------------

# Characters that would start markup (inline HTML, emphasis, links, entities) or end a
# table cell. An underscore inside a word is plain text in CommonMark, so codes such as
# MRD_NEG stay readable.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*\[\]<>|&]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def _to_markdown(blocks: Sequence[_Block]) -> str:
    return "\n\n".join(part for part in map(_markdown_block, blocks) if part) + "\n"


def _markdown_block(block: _Block) -> str:
    match block:
        case _Heading(level, text):
            return "#" * level + " " + _md(text)
        case _Paragraph(text):
            return _md(text)
        case _Command(text):
            return f"Produced by {_md_code(_one_line(text))}"
        case _Image():
            return ""
        case _Table():
            return _markdown_table(block)


def _markdown_table(table: _Table) -> str:
    rule = ["---:" if i in table.numeric else "---" for i in range(len(table.header))]
    lines = [tuple(map(_md, row)) for row in (table.header, *table.rows)]
    lines.insert(1, tuple(rule))
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def _md(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(lambda found: "\\" + found.group(), _one_line(text))


def _md_code(text: str) -> str:
    # A code span is delimited by more backticks than any run inside it.
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if longest else f"`{text}`"


def _one_line(text: str) -> str:
    return " ".join(text.split())

"""Link mentions of the same trial across reviews to one canonical trial key.

A *mention* is one distinct ``(doc_id, trial, reference)`` of an outcomes frame with a trial
name or a citation marker. Each mention carries what identifies a study: its name, the alias
id of that name (``normalize.trial_id``), the reference entries it cites (numeric markers and
author-year markers resolved against the document's reference list: DOI, first author, year,
text) and its sample sizes.

Pairs of mentions get a feature vector (character n-gram TF-IDF cosine of names and of cited
entries, equal DOI, first author and year, alias ids, sizes that differ); a logistic
regression fitted on hand-labelled pairs turns it into a probability
(``resources/linking.toml``, written by ``benchmarks/linking_accuracy.py --fit``). Pairs above
the calibrated threshold are merged best first into clusters, never across two different alias
ids or two different reference entries of one document; a mention citing several studies
joins at most one cluster and never bridges two.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allextract.document import citation_numbers
from allextract.normalize import trial_id

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

FEATURES: tuple[str, ...] = (
    "name_similarity",
    "entry_similarity",
    "same_doi",
    "same_author_year",
    "same_alias",
    "alias_in_entry",
    "different_n",
    "same_document",
)
"""The pair features, in the order of the weights in ``linking.toml``."""

Row = Mapping[Hashable, Any]
"""One outcome record as ``DataFrame.to_dict("records")`` gives it."""
MentionKey = tuple[str, str, str]
"""``(doc_id, trial, reference)`` as written, whitespace collapsed; ``""`` when missing."""


@dataclass(frozen=True)
class Entry:
    """One reference-list entry of one document, with what identifies the paper."""

    doc_id: str
    number: int
    text: str
    doi: str | None
    first_author: str | None
    year: int | None
    suffix: str
    """The year's letter when printed (``2021a``), else empty."""


@dataclass(frozen=True)
class Mention:
    """One way a document names a study, with everything that identifies the study."""

    doc_id: str
    trial: str
    reference: str
    alias_id: str | None
    entries: tuple[Entry, ...]
    markers: int
    """How many citation markers (numbers and author-years) the mention prints."""
    n: frozenset[int]
    entry_aliases: frozenset[str]
    """Alias ids named in the cited entries' titles."""

    @property
    def key(self) -> MentionKey:
        return (self.doc_id, self.trial, self.reference)

    @property
    def multiple(self) -> bool:
        """Cites several studies (``8,11,12``): may join one cluster, never bridge two. A name
        with an alias id pins one study down, whatever it cites (``AIEOP-BFM ALL 2000 26–28``)."""
        return self.alias_id is None and (self.markers > 1 or len(self.entries) > 1)


@dataclass(frozen=True)
class LinkParams:
    """The pair model: logistic-regression weights per feature, intercept and threshold."""

    weights: Mapping[str, float]
    intercept: float
    threshold: float


@dataclass(frozen=True)
class TrialLinks:
    keys: pd.Series
    """Index aligned with the outcomes: canonical trial key per row, ``None`` if the row names
    no trial and no reference."""
    trials: pd.DataFrame
    """``trial_key, label, aliases`` (JSON list of names and markers as written),
    ``documents`` (how many documents mention the trial)."""


# --- reference entries ---------------------------------------------------------------------

_DOI = re.compile(r"10\.\d{4,9}/[^\s\]\)>,;]+", re.IGNORECASE)
_PAREN_YEAR = re.compile(r"\((?P<year>(?:19|20)\d{2})(?P<suffix>[a-z]?)\)")
# An unbracketed year ends in a comma or semicolon in journal styles ("Med. 2015, 373"); a
# year inside a title ("2001–10") does not.
_BARE_YEAR = re.compile(r"\b(?P<year>(?:19|20)\d{2})(?P<suffix>[a-z]?)[,;]")
_VANCOUVER = re.compile(r"(?P<surname>[^\W\d][\w'’ -]*?)\s+(?:[A-Z]\.?-?){1,4}(?=[,.;\s]|$)")


def parse_entry(doc_id: str, number: int, text: str) -> Entry:
    """DOI, first author's surname, year and year letter of one reference-list entry."""
    doi = _DOI.search(text)
    year = _PAREN_YEAR.search(text) or _BARE_YEAR.search(text)
    return Entry(
        doc_id=doc_id,
        number=number,
        text=text,
        doi=doi.group(0).rstrip(".").lower() if doi else None,
        first_author=_first_author(text),
        year=int(year.group("year")) if year else None,
        suffix=year.group("suffix") if year else "",
    )


def _first_author(text: str) -> str | None:
    text = text.lstrip("-* ")
    # "Malard F, …", "Seibel NL. Survival …", "Dolgoplov I.S., …" (Vancouver), else the name
    # before the first comma: "Brown, P. A., …" (APA), "Hunger, S.P.; …" (MDPI).
    vancouver = _VANCOUVER.match(text)
    head = vancouver.group("surname") if vancouver else re.split(r"[,;(]|\.\s", text, maxsplit=1)[0]
    return _fold(head) or None


def _fold(text: str) -> str:
    """Casefolded, accents removed, whitespace collapsed: for comparing names."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(plain.casefold().split())


# --- author-year markers -------------------------------------------------------------------

_AUTHOR_YEAR = re.compile(
    r"(?P<name>[A-Z][\w'’-]+(?:\s+(?:van|von|der|den|de|la|le|du|da|dos|[A-Z][\w'’-]+))*)"
    r"(?:\s*,?\s*et\s+al\.?,?\s*\(?|\s*,\s*|\s*\()"
    r"(?P<year>(?:19|20)\d{2})(?P<suffix>[a-z]?)\b"
)


def author_year_markers(text: str) -> list[tuple[str, int, str]]:
    """``(surname, year, letter)`` of each author-year marker: ``Brown, et al., 2021b``,
    ``Hunger (2023)``, ``Van der Sluis et al. (2023)``."""
    return [
        (_fold(m.group("name")), int(m.group("year")), m.group("suffix"))
        for m in _AUTHOR_YEAR.finditer(text)
    ]


def resolve_author_year(marker: tuple[str, int, str], entries: Sequence[Entry]) -> Entry | None:
    """The entry a marker cites: same first author and year; the letter picks the entry
    printed with it, else the n-th such entry in list order (``a`` first)."""
    surname, year, suffix = marker
    same = [e for e in entries if e.year == year and _same_surname(surname, e.first_author)]
    if suffix:
        printed = [e for e in same if e.suffix == suffix]
        if printed:
            return printed[0]
        index = ord(suffix) - ord("a")
        return same[index] if index < len(same) else None
    return same[0] if same else None


def _same_surname(surname: str, first_author: str | None) -> bool:
    if not first_author:
        return False
    return first_author == surname or first_author.split()[-1] == surname.split()[-1]


# --- mentions ------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if type(value).__name__ in {"NAType", "NaTType"}:
        return ""
    return " ".join(str(value).split())


def mention_key(row: Row) -> MentionKey | None:
    """The mention a record belongs to, ``None`` when it names no trial and no reference."""
    key = (_text(row.get("doc_id")), _text(row.get("trial")), _text(row.get("reference")))
    return key if key[1] or key[2] else None


def reference_entries(references: pd.DataFrame) -> dict[str, list[Entry]]:
    """Parsed entries per document from a frame with columns ``doc_id, number, text``."""
    entries: dict[str, list[Entry]] = {}
    for doc_id, number, text in references[["doc_id", "number", "text"]].itertuples(index=False):
        entries.setdefault(str(doc_id), []).append(parse_entry(str(doc_id), int(number), text))
    return {doc: sorted(found, key=lambda e: e.number) for doc, found in entries.items()}


def build_mentions(outcomes: pd.DataFrame, references: pd.DataFrame) -> list[Mention]:
    """One mention per distinct (doc_id, trial, reference), sorted by that key."""
    entries = reference_entries(references)
    rows: dict[MentionKey, list[Row]] = {}
    for row in outcomes.to_dict("records"):
        key = mention_key(row)
        if key is not None:
            rows.setdefault(key, []).append(row)
    return [_mention(key, found, entries.get(key[0], [])) for key, found in sorted(rows.items())]


def _mention(key: MentionKey, rows: Sequence[Row], entries: Sequence[Entry]) -> Mention:
    doc_id, trial, reference = key
    numbers = citation_numbers(reference)
    by_number = {e.number: e for e in entries}
    markers = author_year_markers(reference) or author_year_markers(trial)
    cited = [by_number[n] for n in numbers if n in by_number]
    cited += [e for e in (resolve_author_year(m, entries) for m in markers) if e is not None]
    ids = {_text(r.get("trial_id")) for r in rows} - {""}
    cited = list(dict.fromkeys(cited))
    return Mention(
        doc_id=doc_id,
        trial=trial,
        reference=reference,
        alias_id=min(ids) if ids else trial_id(trial),
        entries=tuple(cited),
        markers=len(numbers) + len(markers),
        n=frozenset(int(str(r["n"])) for r in rows if _text(r.get("n"))),
        entry_aliases=frozenset(a for entry in cited for a in aliases_in_text(entry.text)),
    )


@cache
def aliases_in_text(text: str) -> frozenset[str]:
    """Alias ids of the trials a reference entry's title names (``… group trial AALL0631``,
    ``… the Interfant-06 protocol``), read by the TRIAL rule tagger."""
    from allextract.tag.trial_tagger import find_trials

    found = (trial_id(text[start:end]) for start, end, _ in find_trials(text))
    return frozenset(alias for alias in found if alias)


# --- pair features -------------------------------------------------------------------------


@dataclass(frozen=True)
class TextVectors:
    """Character n-gram TF-IDF vectors of the mentions' names and of their cited entries."""

    names: Any
    """Sparse rows, one per mention (an empty name is a zero row)."""
    entries: Any
    """Sparse rows, one per distinct cited entry."""
    entry_index: Mapping[Entry, int]

    @classmethod
    def of(cls, mentions: Sequence[Mention]) -> TextVectors:
        cited = sorted({e for m in mentions for e in m.entries}, key=lambda e: (e.doc_id, e.number))
        return cls(
            names=_tfidf([_fold(m.trial) for m in mentions]),
            entries=_tfidf([_fold(_entry_body(e.text)) for e in cited]),
            entry_index={e: k for k, e in enumerate(cited)},
        )


def pair_features(
    mentions: Sequence[Mention],
    pairs: Sequence[tuple[int, int]],
    vectors: TextVectors | None = None,
) -> npt.NDArray[np.float64]:
    """One row of :data:`FEATURES` per pair of mention indices."""
    import numpy as np

    vectors = vectors or TextVectors.of(mentions)
    names = _rowwise_cosine(vectors.names, [i for i, _ in pairs], [j for _, j in pairs])
    cited = _entry_cosine(mentions, pairs, vectors)
    rows = [
        [names[k], cited[k], *_exact_features(mentions[i], mentions[j])]
        for k, (i, j) in enumerate(pairs)
    ]
    return np.asarray(rows, dtype=np.float64).reshape(len(pairs), len(FEATURES))


def _exact_features(a: Mention, b: Mention) -> list[float]:
    named_in_entries = (a.alias_id is not None and a.alias_id in b.entry_aliases) or (
        b.alias_id is not None and b.alias_id in a.entry_aliases
    )
    return [
        float(bool(_dois(a) & _dois(b))),
        float(bool(_works(a) & _works(b))),
        float(a.alias_id is not None and a.alias_id == b.alias_id),
        float(named_in_entries or bool(a.entry_aliases & b.entry_aliases)),
        # Sample sizes speak against a link, not for it: two trials of one drug share arms,
        # endpoints and round sizes, while one trial reported twice rarely changes its N.
        float(bool(a.n) and bool(b.n) and not a.n & b.n),
        float(a.doc_id == b.doc_id),
    ]


def _dois(mention: Mention) -> set[str]:
    return {e.doi for e in mention.entries if e.doi}


def _works(mention: Mention) -> set[tuple[str, int]]:
    return {(e.first_author, e.year) for e in mention.entries if e.first_author and e.year}


def _tfidf(texts: Sequence[str]) -> Any:
    """L2-normalised rows (so a dot product is the cosine); ``None`` without any text."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not any(texts):
        return None
    # Word-bounded 3–5-grams match names and titles across spelling, hyphenation and
    # citation style ("AALL-1331" / "AALL1331", "Brown PA" / "Brown, P. A.").
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    return vectorizer.fit_transform([t or " " for t in texts]).tocsr()


def _rowwise_cosine(matrix: Any, left: Sequence[int], right: Sequence[int]) -> list[float]:
    """Cosine of rows ``left[k]`` and ``right[k]`` for each k, from one block of the
    similarity product at a time (indexing many single rows is far slower)."""
    import numpy as np

    if matrix is None or not left:
        return [0.0] * len(left)
    rows, columns = np.asarray(left), np.asarray(right)
    result = np.zeros(len(rows))
    for start in range(0, matrix.shape[0], _CHUNK):
        inside = (rows >= start) & (rows < start + _CHUNK)
        if inside.any():
            block = (matrix[start : start + _CHUNK] @ matrix.T).toarray()
            result[inside] = block[rows[inside] - start, columns[inside]]
    return [float(x) for x in result]


def _entry_cosine(
    mentions: Sequence[Mention], pairs: Sequence[tuple[int, int]], vectors: TextVectors
) -> list[float]:
    """Best cosine between an entry cited by one mention and one cited by the other."""
    index = vectors.entry_index
    wanted = sorted(
        {
            (index[x], index[y])
            for i, j in pairs
            for x in mentions[i].entries
            for y in mentions[j].entries
        }
    )
    values = _rowwise_cosine(vectors.entries, [x for x, _ in wanted], [y for _, y in wanted])
    similarity = dict(zip(wanted, values, strict=True))
    return [
        max(
            (
                similarity[index[x], index[y]]
                for x in mentions[i].entries
                for y in mentions[j].entries
            ),
            default=0.0,
        )
        for i, j in pairs
    ]


def _entry_body(text: str) -> str:
    # Links and database badges differ by journal, not by paper.
    return re.sub(r"\[\[[^\]]*\]\]\([^)]*\)|https?://\S+|doi:\s*\S+", " ", text)


# --- the pair model ------------------------------------------------------------------------


def load_params(path: Path | None = None) -> LinkParams:
    """The shipped pair model (``resources/linking.toml``) or the one at ``path``."""
    if path is None:
        text = resources.files("allextract.resources").joinpath("linking.toml").read_text("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return LinkParams(
        weights={name: float(data["weights"][name]) for name in FEATURES},
        intercept=float(data["intercept"]),
        threshold=float(data["threshold"]),
    )


def probabilities(features: npt.NDArray[np.float64], params: LinkParams) -> npt.NDArray[np.float64]:
    import numpy as np

    weights = np.asarray([params.weights[name] for name in FEATURES])
    result: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-(features @ weights + params.intercept)))
    return result


def fit_params(
    features: npt.NDArray[np.float64],
    same: Sequence[bool],
    documents: Sequence[tuple[str, str]],
) -> LinkParams:
    """Fit the pair model on labelled pairs (``documents``: the two documents of each pair).

    The threshold is calibrated out of document: for each document the weights are refitted
    without its pairs, its pairs are scored, and the cut that maximises pairwise F1 over all
    those held-out scores is kept; in-sample scores would put it just under the last true pair.
    """
    import numpy as np

    labels = np.asarray(same, dtype=bool)
    held_scores, held_labels = [], []
    for doc in sorted({d for pair in documents for d in pair}):
        inside = np.asarray([doc in pair for pair in documents], dtype=bool)
        if labels[~inside].any() and not labels[~inside].all():
            fold = _fit_weights(features[~inside], labels[~inside])
            held_scores.append(probabilities(features[inside], fold))
            held_labels.append(labels[inside])
    fitted = _fit_weights(features, labels)
    if held_scores:
        threshold = best_threshold(np.concatenate(held_scores), np.concatenate(held_labels))
    else:
        threshold = best_threshold(probabilities(features, fitted), labels)
    return LinkParams(fitted.weights, fitted.intercept, threshold)


def _fit_weights(features: npt.NDArray[np.float64], labels: npt.NDArray[np.bool_]) -> LinkParams:
    from sklearn.linear_model import LogisticRegression

    # Balanced classes: true pairs are about 1% of all pairs.
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
    model.fit(features, labels)
    return LinkParams(
        weights=dict(zip(FEATURES, (float(w) for w in model.coef_[0]), strict=True)),
        intercept=float(model.intercept_[0]),
        threshold=0.5,
    )


def best_threshold(scores: npt.NDArray[np.float64], labels: npt.NDArray[np.bool_]) -> float:
    """The cut that maximises F1 when pairs scoring at or above it link: halfway between the
    lowest linked score and the next lower one (0.5 without a true pair)."""
    import numpy as np

    if not labels.any():
        return 0.5
    cuts = np.unique(scores)[::-1]
    best, best_f1 = 0.5, -1.0
    for k, cut in enumerate(cuts):
        linked = scores >= cut
        f1 = 2 * float((linked & labels).sum()) / float(linked.sum() + labels.sum())
        if f1 > best_f1:
            below = cuts[k + 1] if k + 1 < len(cuts) else 0.0
            best, best_f1 = float(cut + below) / 2, f1
    return round(best, 4)


def params_toml(params: LinkParams, comment: str) -> str:
    """``linking.toml`` text for ``params`` with ``comment`` saying how they were made."""
    lines = [f"# {line}".rstrip() for line in comment.splitlines()]
    lines += ["", f"threshold = {params.threshold!r}", f"intercept = {params.intercept!r}", ""]
    lines += ["[weights]", *(f"{name} = {params.weights[name]!r}" for name in FEATURES)]
    return "\n".join(lines) + "\n"


# --- clustering ----------------------------------------------------------------------------


BLOCK_FLOOR = 0.2
"""Pairs whose names and cited entries are all less similar than this, and that share no
alias id, DOI or author-year, are not scored (see :func:`candidate_pairs`)."""
_CHUNK = 512
"""Rows per block of a similarity product: memory stays at ``_CHUNK`` × mentions."""


def candidate_pairs(
    mentions: Sequence[Mention], vectors: TextVectors, params: LinkParams
) -> list[tuple[int, int]]:
    """The pairs (i < j) worth scoring, sorted.

    Pairs that share nothing identifying (name or cited entry similarity at least
    :data:`BLOCK_FLOOR`, an alias id, a DOI, an author-year) are skipped when the model could
    not link them anyway: their probability is at most :func:`unblocked_ceiling`. When that
    ceiling reaches the threshold every pair is scored.
    """
    if unblocked_ceiling(params) >= params.threshold:
        return [(i, j) for i in range(len(mentions)) for j in range(i + 1, len(mentions))]
    found = _similar_rows(vectors.names, BLOCK_FLOOR)
    citing: dict[int, list[int]] = {}
    for i, mention in enumerate(mentions):
        for entry in mention.entries:
            citing.setdefault(vectors.entry_index[entry], []).append(i)
    for x, y in _similar_rows(vectors.entries, BLOCK_FLOOR) | {(x, x) for x in citing}:
        found |= {(i, j) for i in citing[x] for j in citing[y]}
    for group in _shared_keys(mentions).values():
        found |= {(i, j) for i in group for j in group}
    return sorted({(min(i, j), max(i, j)) for i, j in found if i != j})


def unblocked_ceiling(params: LinkParams) -> float:
    """The highest probability a pair sharing nothing identifying can get."""
    import math

    weights = params.weights
    free = ("different_n", "same_document")
    score = params.intercept + sum(max(0.0, weights[name]) for name in free)
    score += BLOCK_FLOOR * sum(
        max(0.0, weights[name]) for name in ("name_similarity", "entry_similarity")
    )
    return 1.0 / (1.0 + math.exp(-score))


def _similar_rows(matrix: Any, floor: float) -> set[tuple[int, int]]:
    """Index pairs of rows whose cosine is at least ``floor``, computed a block at a time."""
    import numpy as np

    if matrix is None:
        return set()
    found: set[tuple[int, int]] = set()
    for start in range(0, matrix.shape[0], _CHUNK):
        block = (matrix[start : start + _CHUNK] @ matrix.T).toarray()
        rows, columns = np.nonzero(block >= floor)
        found |= {(start + int(r), int(c)) for r, c in zip(rows, columns, strict=True)}
    return found


def _shared_keys(mentions: Sequence[Mention]) -> dict[tuple[str, str], list[int]]:
    """Mentions grouped by each alias id, DOI and author-year they carry."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, mention in enumerate(mentions):
        keys = {("alias", a) for a in mention.entry_aliases | {mention.alias_id or ""} if a}
        keys |= {("doi", d) for d in _dois(mention)}
        keys |= {("work", f"{author} {year}") for author, year in _works(mention)}
        for key in keys:
            groups.setdefault(key, []).append(i)
    return groups


def cluster(
    mentions: Sequence[Mention],
    pairs: Sequence[tuple[int, int]],
    scores: Sequence[float],
    threshold: float,
) -> list[int]:
    """A cluster number per mention: pairs at or above ``threshold`` merged best first."""
    parent = list(range(len(mentions)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(mentions))}

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    # One alias id is one trial, whatever each mention cites: a trial has several papers.
    by_alias: dict[str, list[int]] = {}
    for i, mention in enumerate(mentions):
        if mention.alias_id:
            by_alias.setdefault(mention.alias_id, []).append(i)
    for first, *others in by_alias.values():
        for other in others:
            _join(root(first), root(other), parent, members)
    ranked = sorted((-s, i, j) for (i, j), s in zip(pairs, scores, strict=True) if s >= threshold)
    joined: set[int] = set()
    for _, i, j in ranked:
        if mentions[i].multiple or mentions[j].multiple:
            continue
        _merge(root(i), root(j), mentions, parent, members)
    # Multi-citation mentions last, each into its best cluster: they never bridge two.
    for _, i, j in ranked:
        for multi, other in ((i, j), (j, i)):
            leaf = mentions[multi].multiple and not mentions[other].multiple
            if (
                leaf
                and multi not in joined
                and _merge(root(other), root(multi), mentions, parent, members)
            ):
                joined.add(multi)
    return [root(i) for i in range(len(mentions))]


def _merge(
    a: int, b: int, mentions: Sequence[Mention], parent: list[int], members: dict[int, list[int]]
) -> bool:
    if a == b or not _compatible(
        [mentions[k] for k in members[a]], [mentions[k] for k in members[b]]
    ):
        return False
    _join(a, b, parent, members)
    return True


def _join(a: int, b: int, parent: list[int], members: dict[int, list[int]]) -> None:
    if a != b:
        keep, gone = min(a, b), max(a, b)
        parent[gone] = keep
        members[keep] += members.pop(gone)


def _compatible(a: Sequence[Mention], b: Sequence[Mention]) -> bool:
    """Two clusters may merge unless they hold different alias ids, or one document cites
    different entries in each."""
    ids_a = {m.alias_id for m in a if m.alias_id}
    ids_b = {m.alias_id for m in b if m.alias_id}
    if ids_a and ids_b and not ids_a & ids_b:
        return False
    for doc in {m.doc_id for m in a} & {m.doc_id for m in b}:
        cited_a = {e for m in a if m.doc_id == doc and not m.multiple for e in m.entries}
        cited_b = {e for m in b if m.doc_id == doc and not m.multiple for e in m.entries}
        if cited_a and cited_b and not cited_a & cited_b:
            return False
    return True


# --- keys ----------------------------------------------------------------------------------


def cluster_keys(
    mentions: Sequence[Mention], clusters: Sequence[int]
) -> dict[int, tuple[str, str]]:
    """``(trial_key, label)`` per cluster: the alias id when one is known, else a slug of the
    first author and year of the most cited entry, else of the most used name or marker.
    Clashing keys get ``-2``, ``-3`` in the order of their first mention."""
    groups: dict[int, list[Mention]] = {}
    for mention, number in zip(mentions, clusters, strict=True):
        groups.setdefault(number, []).append(mention)
    taken: Counter[str] = Counter()
    result: dict[int, tuple[str, str]] = {}
    for number in sorted(groups, key=lambda g: min(m.key for m in groups[g])):
        key, label = _key_and_label(groups[number])
        taken[key] += 1
        result[number] = (key if taken[key] == 1 else f"{key}-{taken[key]}", label)
    return result


def _key_and_label(group: Sequence[Mention]) -> tuple[str, str]:
    ids = Counter(m.alias_id for m in group if m.alias_id)
    names = Counter(m.trial for m in group if m.trial)
    if ids:
        alias = min(ids, key=lambda a: (-ids[a], a))
        named = Counter(m.trial for m in group if m.alias_id == alias and m.trial)
        return alias, min(named, key=lambda t: (-named[t], t)) if named else alias
    single = Counter(m.entries[0] for m in group if len(m.entries) == 1)
    entry = min(single, key=lambda e: (-single[e], e.doc_id, e.number)) if single else None
    if entry is not None and entry.first_author and entry.year:
        label = f"{entry.first_author.title()} {entry.year}"
    elif names:
        label = min(names, key=lambda t: (-names[t], t))
    else:
        label = min(m.reference for m in group)
    return _slug(label), label


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(text))[:48].strip("-") or "trial"


# --- the interface -------------------------------------------------------------------------


def link_mentions(
    mentions: Sequence[Mention], params: LinkParams | None = None
) -> dict[MentionKey, str]:
    """The canonical trial key of each mention."""
    params = params or load_params()
    vectors = TextVectors.of(mentions)
    pairs = candidate_pairs(mentions, vectors, params)
    features = pair_features(mentions, pairs, vectors)
    # Rounded so that pairs equal up to float noise are ties, broken by mention order.
    scores = probabilities(features, params).round(9).tolist() if pairs else []
    clusters = cluster(mentions, pairs, scores, params.threshold)
    keys = cluster_keys(mentions, clusters)
    return {m.key: keys[c][0] for m, c in zip(mentions, clusters, strict=True)}


def link_trials(
    outcomes: pd.DataFrame, references: pd.DataFrame, params: LinkParams | None = None
) -> TrialLinks:
    """Canonical trial keys for the rows of ``outcomes`` (dataset columns) given each
    document's reference list (``doc_id, number, text``)."""
    import pandas as pd

    mentions = build_mentions(outcomes, references)
    by_mention = link_mentions(mentions, params)
    found: list[str | None] = [_row_key(row, by_mention) for row in outcomes.to_dict("records")]
    keys = pd.Series(
        found,
        index=outcomes.index,
        dtype=object,
        name="trial_key",
    )
    return TrialLinks(keys=keys, trials=trials_frame(mentions, by_mention))


def _row_key(row: Row, by_mention: Mapping[MentionKey, str]) -> str | None:
    key = mention_key(row)
    return by_mention[key] if key is not None else None


def trials_frame(mentions: Iterable[Mention], keys: Mapping[MentionKey, str]) -> pd.DataFrame:
    """One row per trial key: label, aliases as written, number of documents."""
    import pandas as pd

    groups: dict[str, list[Mention]] = {}
    for mention in mentions:
        groups.setdefault(keys[mention.key], []).append(mention)
    rows = []
    for key in sorted(groups):
        group = groups[key]
        written = sorted({s for m in group for s in (m.trial, m.reference) if s})
        rows.append(
            {
                "trial_key": key,
                "label": _key_and_label(group)[1],
                "aliases": json.dumps(written, ensure_ascii=False),
                "documents": len({m.doc_id for m in group}),
            }
        )
    columns = ["trial_key", "label", "aliases", "documents"]
    return pd.DataFrame(rows, columns=columns).astype({"documents": "int64"})

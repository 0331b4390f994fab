"""Trial linking on small hand-built outcome frames and reference lists."""

from __future__ import annotations

import json
import tomllib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allextract.store.linking import (
    FEATURES,
    LinkParams,
    TextVectors,
    author_year_markers,
    best_threshold,
    build_mentions,
    candidate_pairs,
    fit_params,
    link_trials,
    load_params,
    pair_features,
    params_toml,
    parse_entry,
    resolve_author_year,
    unblocked_ceiling,
)

LOCATELLI = (
    "Locatelli F, Zugmaier G, Rizzari C. Effect of blinatumomab vs chemotherapy on event-free "
    "survival among children with high-risk first-relapse B-cell acute lymphoblastic leukemia: "
    "a randomized clinical trial. JAMA. (2021) 325:843–54. doi: 10.1001/jama.2021.0987"
)
LOCATELLI_APA = (
    "Locatelli, F., Zugmaier, G., Rizzari, C., et al. (2021). Effect of blinatumomab vs "
    "chemotherapy on event-free survival among children with high-risk first-relapse B-cell "
    "acute lymphoblastic leukemia: a randomized clinical trial. JAMA 325 (9), 843–854. "
    "doi:10.1001/jama.2021.0987"
)
BROWN_A = (
    "Brown, P. A., Kairalla, J. A., et al. (2021). FLT3 inhibitor lestaurtinib plus "
    "chemotherapy for newly diagnosed KMT2A-rearranged infant acute lymphoblastic leukemia: "
    "children's oncology group trial AALL0631. Leukemia 35 (5), 1279–1290."
)
BROWN_B = (
    "Brown, P. A., Ji, L., Xu, X., et al. (2021). Effect of postinduction therapy consolidation "
    "with blinatumomab vs chemotherapy on disease-free survival in children with first relapse "
    "of B-cell acute lymphoblastic leukemia. JAMA 325 (9), 833–842."
)
PIETERS = (
    "Pieters R, De Lorenzo P, Ancliffe P. Outcome of infants younger than 1 year with acute "
    "lymphoblastic leukemia treated with the Interfant-06 protocol. J Clin Oncol. (2019) 37:2246."
)
MAUDE = (
    "Maude SL, Laetsch TW, Buechner J. Tisagenlecleucel in children and young adults with "
    "B-cell lymphoblastic leukemia. N Engl J Med. (2018) 378:439–48."
)
# Links on any shared evidence: a DOI, an alias id or a similar cited entry.
PARAMS = LinkParams(
    weights={
        "name_similarity": 2.0,
        "entry_similarity": 6.0,
        "same_doi": 6.0,
        "same_author_year": 3.0,
        "same_alias": 8.0,
        "alias_in_entry": 6.0,
        "different_n": -2.0,
        "same_document": -1.0,
    },
    intercept=-5.0,
    threshold=0.5,
)


def outcomes(*rows: dict[str, object]) -> pd.DataFrame:
    columns = ["doc_id", "trial", "reference", "n", "arm", "intervention", "endpoint"]
    return pd.DataFrame([{c: row.get(c) for c in columns} for row in rows], columns=columns)


def references(*entries: tuple[str, int, str]) -> pd.DataFrame:
    return pd.DataFrame(entries, columns=["doc_id", "number", "text"])


def keys(links_frame: pd.DataFrame, refs: pd.DataFrame, params: LinkParams = PARAMS) -> list[str]:
    return list(link_trials(links_frame, refs, params).keys)


def test_entries_give_doi_first_author_year_and_letter() -> None:
    vancouver = parse_entry("a", 3, LOCATELLI)
    apa = parse_entry(
        "b", 7, "Brown, P. A., Ji, L. (2021b). Title. JAMA 325, 833. doi:10.1001/X.1."
    )
    mdpi = parse_entry(
        "c", 1, "Hunger, S.P.; Mullighan, C.G. Title 2001–10. N. Engl. J. Med. 2015, 373."
    )
    assert (vancouver.doi, vancouver.first_author, vancouver.year) == (
        "10.1001/jama.2021.0987",
        "locatelli",
        2021,
    )
    assert (apa.doi, apa.first_author, apa.year, apa.suffix) == ("10.1001/x.1", "brown", 2021, "b")
    assert (mdpi.first_author, mdpi.year) == ("hunger", 2015)


def test_author_year_markers_in_references_and_names() -> None:
    assert author_year_markers("Brown, et al., 2021b; Locatelli, et al., 2021") == [
        ("brown", 2021, "b"),
        ("locatelli", 2021, ""),
    ]
    assert author_year_markers("Van der Sluis et al. (2023)") == [("van der sluis", 2023, "")]
    assert author_year_markers("Hunger (2023)") == [("hunger", 2023, "")]
    assert author_year_markers("AIEOP-BFM ALL 2000") == []
    assert author_year_markers("COG randomized study (2021)") == []


def test_a_year_letter_picks_the_entry_in_list_order() -> None:
    entries = [parse_entry("d", 1, BROWN_A), parse_entry("d", 2, BROWN_B)]
    assert resolve_author_year(("brown", 2021, "b"), entries) == entries[1]
    assert resolve_author_year(("brown", 2021, "a"), entries) == entries[0]
    assert resolve_author_year(("brown", 2021, "c"), entries) is None
    assert resolve_author_year(("brown", 2019, ""), entries) is None


def test_an_author_year_marker_is_linked_to_the_numbered_citation_of_the_same_paper() -> None:
    refs = references(("num", 64, LOCATELLI), ("apa", 1, LOCATELLI_APA), ("apa", 2, BROWN_B))
    frame = outcomes(
        {"doc_id": "num", "trial": "Phase III trial: blinatumomab", "reference": "64"},
        {"doc_id": "apa", "trial": "Locatelli et al. (2021)"},
        {"doc_id": "apa", "reference": "Brown, et al., 2021"},
    )
    found = keys(frame, refs)
    assert found[0] == found[1] == "locatelli-2021"
    assert found[2] != found[0]


def test_doi_equality_links_entries_that_share_no_wording_style() -> None:
    refs = references(("a", 1, LOCATELLI), ("b", 5, "Entry. JAMA. doi: 10.1001/jama.2021.0987"))
    frame = outcomes({"doc_id": "a", "reference": "1"}, {"doc_id": "b", "reference": "5"})
    features = pair_features(build_mentions(frame, refs), [(0, 1)])
    assert features[0, FEATURES.index("same_doi")] == 1.0
    assert len(set(keys(frame, refs))) == 1


def test_equal_alias_ids_link_without_any_citation() -> None:
    frame = outcomes(
        {"doc_id": "a", "trial": "COG AALL0031", "endpoint": "EFS"},
        {"doc_id": "b", "trial": "Children's Oncology Group AALL0031", "endpoint": "EFS"},
        {"doc_id": "b", "trial": "COG AALL1731", "endpoint": "EFS"},
    )
    assert keys(frame, references()) == ["AALL0031", "AALL0031", "AALL1731"]


def test_equal_alias_ids_link_whatever_the_model_scores() -> None:
    """A trial named in a table row and, with its citation, in the text is one trial."""
    refs = references(("a", 1, LOCATELLI))
    frame = outcomes(
        {"doc_id": "a", "trial": "RIALTO", "reference": "1", "endpoint": "OS"},
        {"doc_id": "a", "trial": "RIALTO", "endpoint": "CR"},
    )
    never = LinkParams(weights=PARAMS.weights, intercept=-50.0, threshold=0.99)
    assert keys(frame, refs, never) == ["RIALTO", "RIALTO"]


def test_an_alias_named_in_a_cited_title_links_to_the_alias() -> None:
    refs = references(("b", 4, PIETERS))
    frame = outcomes({"doc_id": "a", "trial": "Interfant-06"}, {"doc_id": "b", "reference": "4"})
    assert keys(frame, refs) == ["INTERFANT-06", "INTERFANT-06"]


def test_rows_without_trial_or_reference_get_no_key() -> None:
    frame = outcomes({"doc_id": "a", "trial": "RIALTO"}, {"doc_id": "a", "endpoint": "OS"})
    links = link_trials(frame.set_axis([10, 20]), references(), PARAMS)
    assert links.keys.tolist() == ["RIALTO", None]
    assert links.keys.index.tolist() == [10, 20]


def test_a_multi_citation_mention_does_not_merge_two_trials() -> None:
    refs = references(
        ("a", 1, LOCATELLI),
        ("a", 2, MAUDE),
        ("b", 8, LOCATELLI_APA),
        ("b", 9, MAUDE.replace("Maude SL", "Maude, S. L.")),
    )
    frame = outcomes(
        {"doc_id": "a", "reference": "1"},
        {"doc_id": "a", "reference": "2"},
        {"doc_id": "b", "reference": "8,9"},
    )
    found = keys(frame, refs)
    assert found[0] != found[1]
    assert found[2] in found[:2]


def test_two_trials_of_one_document_stay_apart_even_with_similar_names() -> None:
    refs = references(("a", 1, BROWN_A), ("a", 2, BROWN_B))
    frame = outcomes(
        {"doc_id": "a", "trial": "Brown et al. (2021a)"},
        {"doc_id": "a", "trial": "Brown et al. (2021b)"},
    )
    found = keys(frame, refs)
    assert found[0] != found[1]
    assert {found[0], found[1]} == {"brown-2021", "brown-2021-2"}


def test_different_alias_ids_never_link() -> None:
    refs = references(("a", 48, MAUDE), ("b", 3, MAUDE))
    frame = outcomes(
        {"doc_id": "a", "trial": "INO-VATE", "reference": "48"},
        {"doc_id": "a", "trial": "TOWER", "reference": "48"},
        {"doc_id": "b", "reference": "3"},
    )
    found = keys(frame, refs)
    assert found[0] == "INO-VATE" and found[1] == "TOWER"


def test_the_threshold_decides_whether_a_pair_links() -> None:
    frame = outcomes(
        {"doc_id": "a", "trial": "Phase II trial of inotuzumab"},
        {"doc_id": "b", "trial": "phase II trial of inotuzumab ozogamicin"},
    )
    mentions = build_mentions(frame, references())
    features = pair_features(mentions, [(0, 1)])
    names_only = LinkParams(
        {name: 1.0 if name == "name_similarity" else 0.0 for name in FEATURES}, 0.0, 0.5
    )
    score = 1 / (1 + np.exp(-features[0, 0]))
    assert 0.6 < score < 0.75
    assert len(set(keys(frame, references(), replace(names_only, threshold=0.6)))) == 1
    assert len(set(keys(frame, references(), replace(names_only, threshold=0.75)))) == 2


def test_trials_frame_lists_aliases_as_written_and_documents() -> None:
    refs = references(("b", 4, PIETERS))
    frame = outcomes({"doc_id": "a", "trial": "Interfant-06"}, {"doc_id": "b", "reference": "4"})
    trials = link_trials(frame, refs, PARAMS).trials
    assert trials.to_dict("records") == [
        {
            "trial_key": "INTERFANT-06",
            "label": "Interfant-06",
            "aliases": json.dumps(["4", "Interfant-06"]),
            "documents": 2,
        }
    ]


def test_keys_do_not_depend_on_row_order() -> None:
    refs = references(("a", 1, LOCATELLI), ("b", 8, LOCATELLI_APA), ("b", 9, MAUDE))
    frame = outcomes(
        {"doc_id": "a", "reference": "1"},
        {"doc_id": "b", "reference": "8"},
        {"doc_id": "b", "trial": "ELIANA", "reference": "9"},
    )
    forward = keys(frame, refs)
    backward = keys(frame.iloc[::-1], refs)[::-1]
    assert forward == backward == ["locatelli-2021", "locatelli-2021", "ELIANA"]


def test_blocking_skips_only_pairs_the_model_could_not_link() -> None:
    refs = references(("a", 1, LOCATELLI), ("b", 8, LOCATELLI_APA))
    frame = outcomes(
        {"doc_id": "a", "reference": "1"},
        {"doc_id": "b", "reference": "8"},
        {"doc_id": "b", "trial": "RIALTO"},
    )
    mentions = build_mentions(frame, refs)
    assert unblocked_ceiling(PARAMS) < PARAMS.threshold
    assert candidate_pairs(mentions, TextVectors.of(mentions), PARAMS) == [(0, 1)]
    permissive = replace(PARAMS, threshold=0.001)
    assert len(candidate_pairs(mentions, TextVectors.of(mentions), permissive)) == 3


def test_best_threshold_sits_between_the_last_true_and_the_next_score() -> None:
    scores = np.asarray([0.9, 0.8, 0.6, 0.2])
    labels = np.asarray([True, True, False, False])
    assert best_threshold(scores, labels) == 0.7
    assert best_threshold(scores, np.zeros(4, dtype=bool)) == 0.5


def test_fitted_parameters_separate_the_labelled_pairs_and_round_trip(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    same = [True, False] * 20
    features = np.asarray(
        [[float(s) + rng.normal(0, 0.1)] + [0.0] * (len(FEATURES) - 1) for s in same]
    )
    documents = [("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")] * 10
    params = fit_params(features, same, documents)
    assert params.weights["name_similarity"] > 0
    assert 0.0 < params.threshold < 1.0
    path = tmp_path / "linking.toml"
    path.write_text(params_toml(params, "test\nparameters"), encoding="utf-8")
    assert path.read_text(encoding="utf-8").startswith("# test\n# parameters\n")
    assert load_params(path) == params


def test_the_shipped_parameters_load_and_say_how_they_were_made() -> None:
    params = load_params()
    assert set(params.weights) == set(FEATURES)
    assert 0.0 < params.threshold < 1.0
    from importlib import resources

    text = resources.files("allextract.resources").joinpath("linking.toml").read_text("utf-8")
    assert "linking_accuracy.py --fit" in text
    assert tomllib.loads(text)["threshold"] == params.threshold


@pytest.mark.parametrize("column", ["trial", "reference"])
def test_whitespace_in_names_and_markers_does_not_split_a_mention(column: str) -> None:
    frame = outcomes({"doc_id": "a", column: "RIALTO  63"}, {"doc_id": "a", column: "RIALTO 63"})
    assert len(build_mentions(frame, references())) == 1


def test_a_named_trial_citing_several_papers_is_one_study() -> None:
    refs = references(("a", 1, LOCATELLI), ("a", 2, MAUDE), ("b", 3, MAUDE))
    frame = outcomes(
        {"doc_id": "a", "trial": "ELIANA", "reference": "1,2"},
        {"doc_id": "a", "trial": "phase II trials", "reference": "1,2"},
        {"doc_id": "b", "reference": "3"},
    )
    mentions = build_mentions(frame, refs)
    assert [m.multiple for m in mentions] == [False, True, False]
    assert keys(frame, refs)[0] == keys(frame, refs)[2] == "ELIANA"


def test_an_empty_store_links_nothing() -> None:
    links = link_trials(outcomes(), references())
    assert links.keys.empty
    assert links.trials.empty
    assert list(links.trials.columns) == ["trial_key", "label", "aliases", "documents"]

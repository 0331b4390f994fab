"""All allextract pipeline components, registered with spaCy in one place.

Names are prefixed and versioned (``allextract_<name>_v1``; spaCy forbids dots in factory
names, error E853): a changed behaviour gets a new version, so a saved pipeline never
silently runs different code.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from allextract.tag.arm_tagger import find_arms
from allextract.tag.ci_tagger import find_cis
from allextract.tag.combiner import SpanCombiner, load_policy
from allextract.tag.endpoint_tagger import find_endpoints
from allextract.tag.percent_tagger import find_percents
from allextract.tag.pvalue_tagger import find_pvalues
from allextract.tag.rule_tagger import Finder, RuleTagger
from allextract.tag.sample_size_tagger import find_sample_sizes
from allextract.tag.timepoint_tagger import find_timepoints
from allextract.tag.trial_tagger import find_trials

RULE_FINDERS: dict[str, Finder] = {
    "allextract_ci_tagger_v1": find_cis,
    "allextract_percent_tagger_v1": find_percents,
    "allextract_pvalue_tagger_v1": find_pvalues,
    "allextract_sample_size_tagger_v1": find_sample_sizes,
    "allextract_timepoint_tagger_v1": find_timepoints,
    "allextract_endpoint_tagger_v1": find_endpoints,
    "allextract_trial_tagger_v1": find_trials,
    "allextract_arm_tagger_v1": find_arms,
}
COMBINER = "allextract_span_combiner_v1"


def register() -> None:
    """Make the factories known to spaCy (idempotent; called before building a pipeline)."""
    for factory, find in RULE_FINDERS.items():
        if not Language.has_factory(factory):
            Language.factory(factory, func=_rule_factory(find))
    if not Language.has_factory(COMBINER):
        Language.factory(COMBINER, default_config={"policy": ""}, func=_make_combiner)


def _rule_factory(find: Finder):  # type: ignore[no-untyped-def]
    def make(nlp: Language, name: str) -> RuleTagger:
        return RuleTagger(name, find)

    return make


def _make_combiner(nlp: Language, name: str, policy: str) -> SpanCombiner:
    """``policy``: a combination CSV; empty means ``resources/combination.csv``."""
    return SpanCombiner(name, load_policy(Path(policy) if policy else None))

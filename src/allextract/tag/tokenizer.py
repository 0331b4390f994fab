"""The tokenizer the taggers and the model share: spaCy's English rules, plus a split of
``60/62`` (events/patients) into three tokens, so a span can end at either number."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex

_NUMBER_SLASH_NUMBER = r"(?<=[0-9])/(?=[0-9])"


def customize_tokenizer(nlp: Language) -> Language:
    infixes = [*(nlp.Defaults.infixes or ()), _NUMBER_SLASH_NUMBER]
    tokenizer: Tokenizer = nlp.tokenizer
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp


def blank() -> Language:
    """A blank English pipeline with the shared tokenizer (for training data)."""
    return customize_tokenizer(spacy.blank("en"))

"""P_VALUE: ``p = 0.01``, ``P < 0.001``. Not a gold label; it keeps p-values from being
read as anything else and lets assembly attach them to records."""

from __future__ import annotations

from allextract.tag.context import TagContext
from allextract.tag.rules import Found, find_labelled


def find_pvalues(text: str, context: TagContext | None = None) -> list[Found]:
    return find_labelled(text, "P_VALUE", "patterns", "numeric.toml")

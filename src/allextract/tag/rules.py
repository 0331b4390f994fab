"""Rules as data: compiled regular expressions and vocabularies from ``resources/``.

A pattern file is TOML with ``[fragments]`` (building blocks written ``{name}`` in
patterns) and ``[[pattern]]`` tables (``label``, ``regex``, ``group``).
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

Found = tuple[int, int, str]
"""A span found in a text: ``(start, end, label)``, end exclusive."""


@dataclass(frozen=True)
class Rule:
    label: str
    regex: re.Pattern[str]
    group: int
    """The group that is the span; 0 the whole match, -1 the first group that matched."""

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        for match in self.regex.finditer(text):
            group = self.group
            if group < 0:
                group = next((g for g in range(1, len(match.groups()) + 1) if match.group(g)), 0)
            if match.group(group):
                yield match.start(group), match.end(group)


def _resource(*parts: str) -> str:
    path = resources.files("allextract.resources")
    for part in parts:
        path = path.joinpath(part)
    return path.read_text("utf-8")


@cache
def pattern_file(*parts: str) -> dict[str, Any]:
    return tomllib.loads(_resource(*parts))


def expand(regex: str, fragments: dict[str, str]) -> str:
    """Replace ``{name}`` with its fragment, leaving regex quantifiers like ``{2,4}`` alone."""
    for _ in range(5):  # fragments may refer to fragments
        regex = re.sub(r"\{([a-z_]+)\}", lambda m: fragments.get(m.group(1), m.group(0)), regex)
    return regex


@cache
def rules(*parts: str, table: str = "pattern") -> tuple[Rule, ...]:
    """The rules of a pattern file (its ``[[pattern]]`` tables, or those named ``table``)."""
    data = pattern_file(*parts)
    fragments = {
        k: expand(v, data.get("fragments", {})) for k, v in data.get("fragments", {}).items()
    }
    return tuple(
        Rule(
            label=entry.get("label", ""),
            regex=re.compile(expand(entry["regex"], fragments)),
            group=int(entry.get("group", 0)),
        )
        for entry in data[table]
    )


@cache
def csv_rows(name: str) -> tuple[dict[str, str], ...]:
    return tuple(csv.DictReader(_resource(name).splitlines()))


def fragment(name: str, *parts: str) -> str:
    data = pattern_file(*parts)
    return expand(data["fragments"][name], data["fragments"])


def find_labelled(text: str, label: str, *parts: str) -> list[Found]:
    """Every span the rules of a pattern file with this label find, in order, once each."""
    return sorted(
        {
            (start, end, label)
            for rule in rules(*parts)
            if rule.label == label
            for start, end in rule.spans(text)
        }
    )

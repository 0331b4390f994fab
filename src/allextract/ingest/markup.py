"""Clean light markup (Markdown, inline HTML, LaTeX-ish math) while keeping offsets.

Text exported from journals carries ``**bold**``, ``<i>MLL</i>``, ``$p \\leq 0.001$``,
``\\geq`` and ``10^{-4}``. Readers turn it into plain Unicode, and every step keeps, for
each output character, the offset of the source character it came from, so provenance
survives the cleaning.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Piece = str | int
"""A replacement piece: literal text, or the number of a match group kept as it was."""


@dataclass(frozen=True)
class MappedText:
    """Text plus, for each of its characters, an offset into the source."""

    text: str
    offsets: tuple[int, ...]

    @classmethod
    def from_source(cls, text: str, start: int = 0) -> MappedText:
        return cls(text, tuple(range(start, start + len(text))))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets covering ``text[start:end]`` (end exclusive)."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def slice(self, start: int, end: int) -> MappedText:
        return MappedText(self.text[start:end], self.offsets[start:end])

    def __add__(self, other: MappedText) -> MappedText:
        return MappedText(self.text + other.text, self.offsets + other.offsets)


def substitute(
    mapped: MappedText, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], Sequence[Piece]]
) -> MappedText:
    """``re.sub`` that carries offsets: literal pieces map to the match start."""
    out: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in pattern.finditer(mapped.text):
        out.append(mapped.text[position : match.start()])
        offsets.extend(mapped.offsets[position : match.start()])
        for piece in repl(match):
            if isinstance(piece, int):
                out.append(match.group(piece) or "")
                offsets.extend(mapped.offsets[match.start(piece) : match.end(piece)])
            else:
                out.append(piece)
                offsets.extend([mapped.offsets[match.start()]] * len(piece))
        position = match.end()
    out.append(mapped.text[position:])
    offsets.extend(mapped.offsets[position:])
    return MappedText("".join(out), tuple(offsets))


LATEX_SYMBOLS = {
    "geq": "≥",
    "ge": "≥",
    "leq": "≤",
    "le": "≤",
    "pm": "±",
    "times": "×",
    "cdot": "·",
    "sim": "~",
    "approx": "≈",
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "kappa": "κ",
    "mu": "μ",
    "lambda": "λ",
    "rightarrow": "→",
    "to": "→",
    "%": "%",
    "dagger": "†",
    "circ": "°",
    "neq": "≠",
    "infty": "∞",
}
SUPERSCRIPTS = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")

_TEXT_COMMAND = re.compile(r"\\(?:text|mathrm|textit|textbf|mathit)\{([^{}]*)\}")
_SYMBOL_COMMAND = re.compile(r"\\(%|[a-zA-Z]+)(?![a-zA-Z])\s?")
_EXPONENT = re.compile(r"(?<=\d)\^\{?([-+]?\d+)\}?")
_MARKER_SUPERSCRIPT = re.compile(r"\s?\^\{[^{}]*\}")
_SUBSCRIPT = re.compile(r"_\{([^{}]*)\}")
_MATH_DOLLAR = re.compile(r"(?<!\\)\$")
_HTML_TAG = re.compile(r"</?(?:i|b|em|strong|sup|sub|span|u|br)\b[^>]*>", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_ESCAPE = re.compile(r"\\([()\[\]*_#`{}$.!|-])")
_SPACE = re.compile(r"\s+")


def clean(mapped: MappedText) -> MappedText:
    """Turn markup into plain Unicode text with single spaces."""
    steps: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Sequence[Piece]]], ...] = (
        (_MD_LINK, lambda m: [1]),
        (_AUTOLINK, lambda m: [1]),
        (_HTML_TAG, lambda m: []),
        (_MATH_DOLLAR, lambda m: []),
        (_TEXT_COMMAND, lambda m: [1]),
        (_EXPONENT, lambda m: [m.group(1).translate(SUPERSCRIPTS)]),
        (_MARKER_SUPERSCRIPT, lambda m: []),
        (_SUBSCRIPT, lambda m: [1]),
        (_SYMBOL_COMMAND, _latex_symbol),
        (_BOLD, lambda m: [1]),
        (_ITALIC, lambda m: [1]),
        (_ESCAPE, lambda m: [1]),
        (_SPACE, lambda m: [" "]),
    )
    for pattern, repl in steps:
        mapped = substitute(mapped, pattern, repl)
    return strip(mapped)


def _latex_symbol(match: re.Match[str]) -> Sequence[Piece]:
    symbol = LATEX_SYMBOLS.get(match.group(1))
    if symbol is None:
        return [0]  # an unknown command is text the author meant, e.g. a path
    return [symbol + (" " if match.group(0).endswith(" ") else "")]


def strip(mapped: MappedText) -> MappedText:
    text = mapped.text
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return mapped.slice(start, end)


def normalize_whitespace(text: str) -> str:
    """The comparison form used when two readers' texts are matched."""
    return _SPACE.sub(" ", text).strip()

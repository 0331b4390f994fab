from __future__ import annotations

import pytest

from allextract.errors import AllextractError, Errors


def test_error_renders_as_one_coded_line() -> None:
    error = AllextractError("AE013", "big.pdf", pages=5000, limit=1000)
    assert error.line() == "[AE013] big.pdf: PDF has 5000 pages, more than the page limit of 1000"
    assert "\n" not in str(error)


def test_every_code_is_unique_and_well_formed() -> None:
    codes = [name for name in vars(Errors) if name.startswith("AE")]
    assert len(codes) == len(set(codes))
    assert all(len(code) == 5 and code[2:].isdigit() for code in codes)


def test_unknown_code_is_a_programming_error() -> None:
    with pytest.raises(AttributeError):
        AllextractError("AE999", "x")

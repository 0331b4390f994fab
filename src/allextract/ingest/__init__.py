"""Readers, chosen by file type.

A reader is a function ``(path, settings) -> Document``. New formats (JATS XML, HTML)
register here without touching any other stage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from allextract.document import Document
from allextract.errors import AllextractError
from allextract.ingest.settings import ReadSettings

Reader = Callable[[Path, ReadSettings], Document]

_READERS: dict[str, Reader] = {}


def register_reader(suffixes: Iterable[str], reader: Reader) -> None:
    for suffix in suffixes:
        _READERS[suffix.lower()] = reader


def supported_suffixes() -> tuple[str, ...]:
    _register_builtin_readers()
    return tuple(sorted(_READERS))


def read_document(path: Path | str, settings: ReadSettings | None = None) -> Document:
    """Read one file into the document model, or raise a coded :class:`AllextractError`."""
    path = Path(path)
    reader = reader_for(path)
    if not path.exists():
        raise AllextractError("AE001", path)
    if path.stat().st_size == 0:
        raise AllextractError("AE004", path)
    try:
        return reader(path, settings or ReadSettings())
    except OSError as error:
        raise AllextractError("AE006", path, reason=error.strerror or str(error)) from None


def reader_for(path: Path) -> Reader:
    _register_builtin_readers()
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        if not path.exists():
            raise AllextractError("AE001", path)
        raise AllextractError(
            "AE003", path, suffix=path.suffix, supported=", ".join(sorted(_READERS))
        )
    return reader


def expand_inputs(inputs: Iterable[Path | str]) -> Iterator[Path | AllextractError]:
    """Files named, found in directories, or matched by globs, in a stable order.

    Problems are yielded as errors in place, so a batch can report them and go on.
    """
    for item in inputs:
        path = Path(item)
        if any(ch in str(item) for ch in "*?["):
            matches = (
                sorted(Path().glob(str(item)))
                if not path.is_absolute()
                else sorted(Path(path.anchor).glob(str(path.relative_to(path.anchor))))
            )
            if not matches:
                yield AllextractError("AE001", item)
            yield from matches
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in supported_suffixes())
            if not found:
                yield AllextractError("AE002", path)
            yield from found
        else:
            yield path


def _register_builtin_readers() -> None:
    if _READERS:
        return
    from allextract.ingest.pdf import read_pdf
    from allextract.ingest.text import read_text

    register_reader([".txt", ".md", ".markdown"], read_text)
    register_reader([".pdf"], read_pdf)

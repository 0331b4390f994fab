"""Replace one marked section of a Markdown results file, atomically."""

from __future__ import annotations

from pathlib import Path

from allextract.files import write_text_atomic


def write_section(path: Path, name: str, body: str, title: str) -> None:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    section = f"{start}\n{body.rstrip()}\n{end}\n"
    text = path.read_text(encoding="utf-8") if path.exists() else f"# {title}\n\n"
    if start in text:
        head, rest = text.split(start, 1)
        text = head + section + rest.split(end, 1)[1].lstrip("\n")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    write_text_atomic(path, text)

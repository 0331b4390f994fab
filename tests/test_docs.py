"""Every command has help and is documented; documents that quote measurements stay true."""

from __future__ import annotations

import click
import pytest
import typer
from typer.testing import CliRunner

from allextract.annotations.stats import END, START, counts_markdown
from allextract.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}".strip()
        found.append((path, command))
        if isinstance(command, click.Group):
            found += commands(command, path)
    return found


ALL = commands(typer.main.get_command(app))  # type: ignore[arg-type]


@pytest.mark.parametrize(("path", "command"), ALL, ids=[p for p, _ in ALL])
def test_command_has_help(path: str, command: click.Command) -> None:
    assert command.help or command.short_help, path
    result = CliRunner().invoke(app, [*path.split(), "--help"])
    assert result.exit_code == 0 and "Usage" in result.stdout


@pytest.mark.parametrize("path", [p for p, c in ALL if not isinstance(c, click.Group)])
def test_command_is_in_the_readme(path: str) -> None:
    assert f"allextract {path}" in README


def test_every_error_code_is_documented() -> None:
    from allextract.errors import Errors

    for code in (name for name in vars(Errors) if name.startswith("AE")):
        assert f"| {code} |" in README, code


def test_annotation_counts_in_the_readme_are_current() -> None:
    readme = (ROOT / "annotations" / "README.md").read_text(encoding="utf-8")
    shown = readme[readme.index(START) : readme.index(END) + len(END)]
    assert shown == counts_markdown(ROOT / "annotations")

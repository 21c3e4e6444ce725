"""Every setting and every CLI command is documented."""

from __future__ import annotations

from pathlib import Path

import typer.main

from jumys.cli.main import app
from jumys.config import Settings

DOCS = Path(__file__).parent.parent / "docs"


def test_every_setting_is_documented() -> None:
    text = (DOCS / "configuration.md").read_text()
    missing = [
        f"JUMYS_{name.upper()}" for name in Settings.model_fields if f"`JUMYS_{name.upper()}`" not in text
    ]
    assert not missing, f"settings missing from docs/configuration.md: {missing}"


def test_every_methodology_parameter_is_documented() -> None:
    from jumys.projects.methodology import Methodology

    text = (DOCS / "configuration.md").read_text()
    missing = [n for n in Methodology.model_fields if f"`JUMYS_METHODOLOGY_{n.upper()}`" not in text]
    assert not missing, f"methodology parameters missing from docs/configuration.md: {missing}"


def _commands(group: typer.Typer, prefix: str = "jumys") -> list[str]:
    click_group = typer.main.get_command(group)
    names = []

    def walk(cmd: object, path: str) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, f"{path} {name}")
        else:
            names.append(path)

    walk(click_group, prefix)
    return names


def test_every_command_is_documented() -> None:
    text = (DOCS / "cli.md").read_text()
    commands = _commands(app)
    assert len(commands) >= 5
    # the command whole, not a longer one it begins (`jumys score` is not `jumys scorecard`)
    missing = [c for c in commands if f"`{c} " not in text and f"`{c}`" not in text]
    assert not missing, f"commands missing from docs/cli.md: {missing}"


def test_the_api_docs_say_401_where_the_api_asks_to_sign_in() -> None:
    """A refusal the public meets without signing in is 401, as the API answers (tests/api/test_matrix.py):
    every 403 of the public's column in docs/api.md's table of roles says so."""
    text = (DOCS / "api.md").read_text()
    rows = [line for line in text.splitlines() if line.startswith("| ") and line.count("|") == 7]
    public = [(row, row.rstrip(" |").rsplit("|", 1)[1].strip()) for row in rows]
    wrong = [row for row, cell in public if cell.startswith("403") and "401" not in cell]
    assert len(public) > 5 and not wrong, wrong

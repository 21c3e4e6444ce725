"""The commands of resettlement: following the cases, and matching seekers to vacancies across regions."""

from __future__ import annotations

import typer

from jumys.cli.common import app

resettle_app = typer.Typer(
    help="Internal resettlement and kandas: cases followed, seekers matched across regions."
)
app.add_typer(resettle_app, name="resettle")

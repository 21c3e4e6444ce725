"""`make test` where chromium cannot be installed (not root, not Debian): it says what to install (issue 9, item 16)."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jumys.cli.main import app
from jumys.config import get_settings

ROOT = Path(__file__).parent.parent


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_chromium_says_what_to_install_where_it_cannot(tmp_path: Path) -> None:
    make = shutil.which("make")
    assert make
    # a PATH with neither chromium nor apt-get: a machine that is not Debian, or not ours to change
    res = subprocess.run(
        [make, "-s", "-C", str(ROOT), "chromium"],
        env={"PATH": str(tmp_path), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    assert "install chromium" in res.stdout.replace("\n", " ")
    assert "browser tests are skipped" in res.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_demo_stores_warnings_that_jumys_score_can_score(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's own jumys commands (synth, ingest, warnings, score, as `make -n demo` lists them) leave
    warnings 30-180 days before the planted disputes and high ones whose 6 months are over: scored."""
    make = shutil.which("make")
    assert make
    home = tmp_path / "demo"
    listed = subprocess.run(
        [make, "-n", "-s", "-C", str(ROOT), "demo", f"DEMO_HOME={home}", "DEMO_SERVE=0"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    wanted = ("synth", "ingest", "warnings", "score")
    commands = []
    for line in listed.splitlines():
        command = line.split(" run jumys ", 1)[1] if " run jumys " in line else ""
        if command.split(" ", 1)[0] in wanted:
            commands.append(shlex.split(command.split("|")[0]))
    assert [c[0] for c in commands][:2] == ["synth", "ingest"] and commands[-1][0] == "score", commands
    monkeypatch.setenv("JUMYS_HOME", str(home))
    monkeypatch.delenv("JUMYS_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        for args in commands:
            res = runner.invoke(app, args)
            assert res.exit_code == 0, f"jumys {' '.join(args)}: {res.output}"
    finally:
        get_settings.cache_clear()
    line = " ".join(res.output.split("conflict warnings:", 1)[1].split())
    scored = re.match(r"(\d+) of (\d+) signalled disputes .* (\d+) of (\d+) high warnings", line)
    assert scored, line
    assert int(scored.group(2)) > 0 and int(scored.group(4)) > 0, line  # not "0 of 0": scored

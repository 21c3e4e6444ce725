"""`make test` where chromium cannot be installed (not root, not Debian): it says what to install (issue 9, item 16)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

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

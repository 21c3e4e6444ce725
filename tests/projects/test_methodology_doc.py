"""docs/methodology.md quotes the SQL that runs, word for word."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]


def _norm(text: str) -> str:
    return " ".join(text.split())


def test_every_quoted_sql_fragment_is_in_the_sql_files() -> None:
    doc = (ROOT / "docs" / "methodology.md").read_text()
    blocks = re.findall(r"```sql\n(.*?)```", doc, flags=re.S)
    assert len(blocks) >= 5
    files = (ROOT / "jumys" / "projects" / "sql").glob("*.sql")
    sql = _norm(" ".join(re.sub(r"--[^\n]*", "", p.read_text()) for p in files))
    missing = [b for b in blocks if _norm(b) not in sql]
    assert not missing, f"quoted in docs/methodology.md but not in the SQL: {missing}"


def test_every_step_is_described() -> None:
    doc = (ROOT / "docs" / "methodology.md").read_text()
    steps = sorted(p.name for p in (ROOT / "jumys" / "projects" / "sql").glob("*.sql"))
    assert [s for s in steps if s not in doc] == []

"""The pages' Content-Security-Policy (script-src 'self') blocks inline event handlers: no template may use one."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).parents[2] / "jumys" / "web" / "templates"
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)


def test_no_template_has_an_inline_event_handler() -> None:
    found = [
        p.name for p in sorted(TEMPLATES.glob("*.html")) if HANDLER.search(p.read_text(encoding="utf-8"))
    ]
    assert found == [], f"inline event handlers (blocked by the CSP, so they silently do nothing) in {found}"

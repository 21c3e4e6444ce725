from pathlib import Path

import jumys.reference

DATA = Path(jumys.reference.__file__).parent / "data"


def test_every_data_file_is_documented_in_sources() -> None:
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    files = [p for p in DATA.rglob("*") if p.is_file() and p.name != "SOURCES.md"]
    assert len(files) >= 15
    missing = [str(p.relative_to(DATA)) for p in files if f"`{p.name}`" not in sources]
    assert not missing, f"not named in data/SOURCES.md: {missing}"


def test_required_notices_are_kept() -> None:
    sources = (DATA / "SOURCES.md").read_text(encoding="utf-8")
    assert "Copyright (c) 2026 Metrix" in sources
    assert "Copyright (c) 2018 The Python Packaging Authority" in sources
    assert "International Labour Organization" in sources
    assert "GNU Lesser General Public License" in sources
    assert (DATA / "licenses" / "LGPL-2.1.txt").is_file()


def test_the_package_stays_small() -> None:
    size = sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file())
    assert size < 2_000_000

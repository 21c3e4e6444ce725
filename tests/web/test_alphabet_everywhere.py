"""Every list of regions a page shows by name follows the alphabet of the page's language (jumys/kit/collation.py):
the enterprise risk map's table and the early-warning page's region filter, as the national map does."""

from __future__ import annotations

from fastapi import FastAPI

from jumys.reference.regions import regions
from jumys.reports.map_schemas import MapRegionCounts, MapRegions, MapTotals
from jumys.web.i18n import Translator
from jumys.web.map import _rows
from tests.web.test_warnings_page import _as, warned_app  # noqa: F401 (a fixture)


def test_the_enterprise_map_lists_regions_in_the_kazakh_alphabet() -> None:
    found = MapRegions(
        as_of=None,
        dates=[],
        regions=[
            MapRegionCounts(
                kato2=r.kato2,
                name_ru=r.name_ru,
                name_kk=r.name_kk,
                name_en=r.name_en,
                visible=True,
                suppressed=False,
                enterprises=10,
                high=1,
                medium=2,
                low=7,
                unplaced=0,
            )
            for r in regions()
        ],
        totals=MapTotals(enterprises=200, high=20, medium=40, low=140, regions_hidden=0, unplaced=0),
    )
    kk = [r["kato2"] for r in _rows(found, Translator("kk"))]
    assert kk[:6] == [
        "10",
        "11",
        "15",
        "75",
        "19",
        "71",
    ]  # Абай, Ақмола, Ақтөбе, Алматы қаласы, Алматы облысы
    ru = [r["kato2"] for r in _rows(found, Translator("ru"))]
    assert ru[-3:] == ["61", "62", "79"]  # Туркестанская, область Ұлытау, г. Шымкент


def test_the_warning_filter_lists_regions_in_the_kazakh_alphabet(
    warned_app: tuple[FastAPI, dict[str, str]],  # noqa: F811
) -> None:
    kk = _as(warned_app[0], "w_ministry").get("/warnings?lang=kk").text
    assert kk.index(">Ақмола облысы<") < kk.index(">Алматы облысы<")
    assert kk.index(">Ұлытау облысы<") < kk.index(">Шығыс Қазақстан облысы<")

import itertools
import re
from typing import Any

import pytest

from jumys.reference.regions import Region, get_region, region_codes, region_of, region_shapes, regions

LATIN = re.compile(r"[A-Za-z]")
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")

# a town well inside each region (lon, lat): the map's kato2 tags must put it in the right one
TOWNS = {
    "10": (80.25, 50.41),  # Semey
    "11": (69.39, 53.28),  # Kokshetau
    "15": (57.17, 50.28),  # Aktobe
    "19": (77.07, 43.87),  # Konaev
    "23": (51.92, 47.10),  # Atyrau
    "27": (51.37, 51.23),  # Oral
    "31": (71.37, 42.90),  # Taraz
    "33": (78.37, 45.02),  # Taldykorgan
    "35": (73.10, 49.80),  # Karaganda
    "39": (63.62, 53.21),  # Kostanay
    "43": (65.50, 44.85),  # Kyzylorda
    "47": (52.80, 43.34),  # Zhanaozen
    "55": (76.95, 52.29),  # Pavlodar
    "59": (69.15, 54.87),  # Petropavl
    "61": (68.25, 43.30),  # Turkistan
    "62": (67.71, 47.80),  # Zhezkazgan
    "63": (82.60, 49.95),  # Oskemen
    "71": (71.43, 51.13),  # Astana
    "75": (76.92, 43.25),  # Almaty
    "79": (69.60, 42.32),  # Shymkent
}


def _polygons(geometry: dict[str, Any]) -> list[Any]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon"
    return list(geometry["coordinates"])


def _inside(point: tuple[float, float], polygons: list[Any]) -> bool:
    """Even-odd ray casting over every ring, so holes count."""
    x, y = point
    for rings in polygons:
        crossings = 0
        for ring in rings:
            for (x1, y1), (x2, y2) in itertools.pairwise(ring):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    crossings += 1
        if crossings % 2:
            return True
    return False


def test_twenty_regions_with_unique_codes() -> None:
    rs = regions()
    assert len(rs) == 20
    assert len({r.kato2 for r in rs}) == 20
    assert len({r.kato for r in rs}) == 20
    assert len({r.iso for r in rs}) == 20
    assert len({r.bns_code for r in rs}) == 20
    assert [r.kato2 for r in rs] == sorted(r.kato2 for r in rs)
    assert region_codes() == frozenset(TOWNS)


def test_codes_agree_with_each_other() -> None:
    for r in regions():
        assert re.fullmatch(r"\d{2}", r.kato2)
        assert r.kato == r.kato2 + "0000000"
        assert r.iso == f"KZ-{r.kato2}"
        assert re.fullmatch(r"[A-Z]{3}", r.bns_code)
        assert region_of(r.kato) == r.kato2


def test_three_cities_and_seventeen_oblasts() -> None:
    cities = {r.kato2 for r in regions() if r.kind == "city"}
    assert cities == {"71", "75", "79"}
    assert sum(r.kind == "oblast" for r in regions()) == 17


def test_names_in_three_languages() -> None:
    for r in regions():
        assert r.name_ru.strip() and r.name_kk.strip() and r.name_en.strip()
        assert CYRILLIC.search(r.name_ru)
        assert LATIN.search(r.name_en)


def test_kazakh_names_are_kazakh_cyrillic() -> None:
    for r in regions():
        assert not LATIN.search(r.name_kk), r.name_kk
        assert r.name_kk.endswith(" облысы" if r.kind == "oblast" else " қаласы"), r.name_kk
    assert get_region("11").name_kk == "Ақмола облысы"  # type: ignore[union-attr]
    assert get_region("62").name_kk == "Ұлытау облысы"  # type: ignore[union-attr]
    assert get_region("75").name_kk == "Алматы қаласы"  # type: ignore[union-attr]


def test_city_names_are_written_with_a_space_after_the_abbreviation() -> None:
    """«г. Алматы», as the BNS tables write it, not «г.Алматы»; the map's shapes carry the same names."""
    for r in regions():
        if r.kind == "city":
            assert r.name_ru == f"г. {r.name_ru.removeprefix('г.').strip()}", r.name_ru
    assert get_region("75").name_ru == "г. Алматы"  # type: ignore[union-attr]
    names = {f["properties"]["kato2"]: f["properties"]["name_ru"] for f in region_shapes()["features"]}
    assert names == {r.kato2: r.name_ru for r in regions()}


def test_historical_south_kazakhstan_is_not_a_region() -> None:
    assert get_region("51") is None
    assert "51" not in region_codes()


def test_get_region() -> None:
    astana = get_region("71")
    assert isinstance(astana, Region)
    assert astana.name_en == "Astana"
    assert astana.bns_code == "AST"
    assert get_region("99") is None


@pytest.mark.parametrize("bad", ["71000000", "7100000000", "71000000a", "", "７１００００００0"])
def test_region_of_rejects_what_is_not_nine_digits(bad: str) -> None:
    with pytest.raises(ValueError):
        region_of(bad)


def test_region_of() -> None:
    assert region_of("751110000") == "75"


def test_every_region_has_one_valid_shape() -> None:
    shapes = region_shapes()
    assert shapes["type"] == "FeatureCollection"
    by_kato2 = {}
    for feature in shapes["features"]:
        assert feature["type"] == "Feature"
        by_kato2[feature["properties"]["kato2"]] = feature
    assert set(by_kato2) == region_codes()
    assert len(shapes["features"]) == 20
    for kato2, feature in by_kato2.items():
        polygons = _polygons(feature["geometry"])
        assert polygons, kato2
        for rings in polygons:
            assert rings, kato2
            for ring in rings:
                assert len(ring) >= 4, kato2
                assert ring[0] == ring[-1], kato2
                for position in ring:
                    assert len(position) == 2
                    lon, lat = position
                    assert 46.0 <= lon <= 88.0 and 40.0 <= lat <= 56.0, (kato2, position)


def test_each_town_lies_in_its_own_region_only() -> None:
    features = {f["properties"]["kato2"]: f for f in region_shapes()["features"]}
    for kato2, town in TOWNS.items():
        inside = {k for k, f in features.items() if _inside(town, _polygons(f["geometry"]))}
        assert inside == {kato2}, (kato2, inside)


def test_region_shapes_returns_a_fresh_copy() -> None:
    first = region_shapes()
    first["features"].clear()
    assert len(region_shapes()["features"]) == 20

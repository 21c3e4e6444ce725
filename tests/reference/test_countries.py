import re

from jumys.reference.countries import country_codes, country_name


def test_neighbours_and_partners_are_there() -> None:
    assert {"KAZ", "RUS", "UZB", "CHN", "TUR", "KGZ", "TJK", "TKM"} <= country_codes()


def test_about_249_alpha3_codes() -> None:
    codes = country_codes()
    assert 245 <= len(codes) <= 255
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in codes)


def test_names() -> None:
    assert country_name("KAZ") == "Kazakhstan"
    assert country_name("UZB") == "Uzbekistan"
    assert country_name("XXX") is None
    assert country_name("kaz") is None
    assert all(country_name(code) for code in country_codes())

import re

import pytest

from jumys.errors import NotFound
from jumys.reference import stats
from jumys.reference.regions import region_codes

OLD_REGIONS = region_codes() - {"10", "33", "62"}  # the 17 regions of 2018-2022


@pytest.mark.parametrize("year", [2022, 2023, 2024, 2025])
def test_employed_by_region_has_all_20_regions(year: int) -> None:
    assert set(stats.employed_by_region(year)) == region_codes()


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2022, 2023, 2024, 2025])
def test_employed_by_region_sums_to_the_national_figure(year: int) -> None:
    regional = sum(stats.employed_by_region(year).values())
    national = stats.national_employed()[year]
    assert abs(regional - national) <= 0.005 * national


def test_employed_2024() -> None:
    employed = stats.employed_by_region(2024)
    assert employed["75"] == 1_083_048
    assert 9_000_000 < sum(employed.values()) < 9_500_000


def test_old_years_use_the_codes_of_their_time() -> None:
    assert "51" in stats.employed_by_region(2009)
    assert "51" not in stats.employed_by_region(2010)
    assert set(stats.employed_by_region(2021)) == OLD_REGIONS
    assert "51" in stats.unemployment_rate_by_region(2017)
    assert {"61", "79"} <= set(stats.unemployment_rate_by_region(2018))


def test_missing_year_is_reported() -> None:
    with pytest.raises(NotFound, match="2015"):
        stats.employed_by_region(2015)
    with pytest.raises(NotFound):
        stats.unemployment_rate_by_region(1999)


def test_unemployment_rate_by_region() -> None:
    rates = stats.unemployment_rate_by_region(2022)
    assert set(rates) == region_codes()
    assert all(3.0 <= rate <= 7.0 for rate in rates.values())
    assert rates["31"] == 4.8  # BNS series; the ODK file says 5.0


def test_loaders_return_copies() -> None:
    stats.employed_by_region(2024).clear()
    stats.population_by_region(2023).clear()
    assert len(stats.employed_by_region(2024)) == 20
    assert len(stats.population_by_region(2023)) == 20


@pytest.mark.parametrize("year", [2022, 2023])
def test_population_by_region_sums_to_the_national_row(year: int) -> None:
    population = stats.population_by_region(year)
    assert set(population) == region_codes()
    assert sum(population.values()) == stats.national_population(year)


def test_population_2023() -> None:
    assert stats.national_population(2023) == 19_766_807
    assert stats.population_by_region(2023)["75"] == 2_161_797


@pytest.mark.parametrize("year", range(2000, 2024))
def test_population_adds_up_in_every_year(year: int) -> None:
    total = stats.population_by_region(year)
    male = stats.population_by_region(year, "male")
    female = stats.population_by_region(year, "female")
    assert set(total) == set(male) == set(female)
    assert all(male[k] + female[k] == total[k] for k in total)
    assert sum(total.values()) == stats.national_population(year)


def test_population_before_shymkent_is_south_kazakhstan() -> None:
    assert "51" in stats.population_by_region(2016)
    assert not {"61", "79"} & set(stats.population_by_region(2016))
    assert {"61", "79"} <= set(stats.population_by_region(2017))
    assert "51" not in stats.population_by_region(2017)


def test_population_rejects_bad_sex_and_year() -> None:
    with pytest.raises(ValueError):
        stats.population_by_region(2023, "M")  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        stats.population_by_region(2024)


def test_population_broad_age_sex_2020() -> None:
    table = stats.population_broad_age_sex_2020()
    assert set(table) == OLD_REGIONS
    assert sum(sum(groups.values()) for groups in table.values()) == 18_631_779
    assert set(table["71"]) == {
        ("M", "0-15"),
        ("M", "16-62"),
        ("M", "63+"),
        ("F", "0-15"),
        ("F", "16-58"),
        ("F", "59+"),
    }


def test_national_avg_wage() -> None:
    wages = stats.national_avg_wage()
    assert sorted(wages) == list(range(2012, 2026))
    assert wages[2022] == 309_697
    assert wages[2015] == 126_021
    assert all(wages[y] < wages[y + 1] for y in range(2012, 2025))


def test_avg_wage_by_region_2022() -> None:
    wages = stats.avg_wage_by_region_2022()
    assert set(wages) == region_codes()
    assert all(200_000 < wage < 600_000 for wage in wages.values())
    assert wages["23"] == 523_210  # Atyrau, the highest
    assert wages["59"] == 227_021  # North Kazakhstan, checked and kept
    assert min(wages, key=wages.__getitem__) == "59"
    employed = stats.employed_by_region(2022)
    weighted = sum(wages[k] * employed[k] for k in wages) / sum(employed.values())
    assert abs(weighted - stats.national_avg_wage()[2022]) < 0.1 * stats.national_avg_wage()[2022]


def test_avg_wage_by_region_occupation_2022() -> None:
    table = stats.avg_wage_by_region_occupation_2022()
    assert set(table) == region_codes()
    totals = stats.avg_wage_by_region_2022()
    for kato2, groups in table.items():
        assert set(groups) == {str(d) for d in range(1, 10)}
        assert min(groups.values()) < totals[kato2] < max(groups.values()), kato2
        assert groups["1"] > groups["9"], kato2
    # the kept Pavlodar row, not the spurious shifted copy
    assert table["55"]["1"] == 497_948
    assert table["55"]["2"] == 305_774


def test_national_unemployment_rate_quarterly() -> None:
    rates = stats.national_unemployment_rate_quarterly()
    assert len(rates) == 102
    assert all(re.fullmatch(r"\d{4}Q[1-4]", key) for key in rates)
    assert rates["2001Q1"] == 12.7
    assert "2026Q2" in rates
    assert list(rates) == sorted(rates)


def test_national_migration() -> None:
    migration = stats.national_migration()
    assert sorted(migration) == list(range(1991, 2026))
    arrivals, departures = migration[1994]
    assert arrivals - departures == -406_679
    assert all(a > d for a, d in (migration[y] for y in (2023, 2024, 2025)))


def test_jobseekers_applied_by_region() -> None:
    assert sum(stats.jobseekers_applied_by_region(2001).values()) == 332_720
    assert "51" in stats.jobseekers_applied_by_region(2017)
    assert {"61", "79"} <= set(stats.jobseekers_applied_by_region(2018))
    with pytest.raises(NotFound):
        stats.jobseekers_applied_by_region(2022)


def test_female_share_by_occupation() -> None:
    shares = stats.female_share_by_occupation()
    assert set(shares) == {str(d) for d in range(1, 10)}
    assert shares["2"] == 64.8
    assert shares["8"] < 20 < shares["4"]
    assert stats.female_share_by_occupation(2016)["2"] == 63.4  # printed "63,,4" in the source
    assert set(stats.female_share_by_occupation(2001)) == {"1", "2", "3", "4"}
    with pytest.raises(NotFound):
        stats.female_share_by_occupation(2011)


def test_occupational_injury_rates() -> None:
    rates = stats.occupational_injury_rates()
    assert sorted(rates) == list(range(2001, 2021))
    assert rates[2020] == (5.4, 53.7)
    assert all(fatal < nonfatal for fatal, nonfatal in rates.values())

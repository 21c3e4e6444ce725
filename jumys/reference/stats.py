"""Published statistics of Kazakhstan, for calibrating the synthetic country and testing forecasts.

Each loader reads one file of data/stats (see data/SOURCES.md), returns plain dicts keyed by the
2-digit KATO code (kato2) of the region the figure was published for, and caches what it read.
Region names and codes of the sources are mapped to kato2 through data/regions.csv.

Borders change, codes do not, so read old years with care: South Kazakhstan ('51') exists until
2017 and Turkistan ('61') and Shymkent ('79') after it (the unemployment series has Shymkent from
2014, beside South Kazakhstan, which then still includes it); before 2022, Almaty Region ('19'),
Karaganda ('35') and East Kazakhstan ('63') are on their old, larger territories, which held
Jetisu ('33'), Ulytau ('62') and Abai ('10'). Population from 2022 on is rebased on the 2021 census.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Literal, TypeVar

from jumys.errors import NotFound
from jumys.reference import messages as M
from jumys.reference._data import read_csv

Sex = Literal["total", "male", "female"]
_V = TypeVar("_V")

_NATIONAL = "KZ"  # the key of a national figure inside this module; never returned


# --- region names and codes of the sources -> kato2 -------------------------------------------


@lru_cache(maxsize=1)
def _crosswalk() -> tuple[dict[str, str], ...]:
    return tuple(read_csv("regions.csv"))


def _norm_ru(name: str) -> str:
    text = " ".join(name.lower().replace("ё", "е").split())
    for prefix in ("город ", "г. ", "г."):
        if text.startswith(prefix):
            return text[len(prefix) :]
    return text


def _norm_en(name: str) -> str:
    text = " ".join(name.lower().split())
    return text.removesuffix(" city")


@lru_cache(maxsize=1)
def _by_ru_name() -> dict[str, str]:
    names = {_norm_ru(row["name_ru_bns_tables"]): row["kato_2"] for row in _crosswalk()}
    names["нур-султан"] = "71"  # Astana's name from 2019-03 to 2022-09
    return names


@lru_cache(maxsize=1)
def _by_en_name() -> dict[str, str]:
    names = {
        _norm_en(row["name_en_geojson"]): row["kato_2"] for row in _crosswalk() if row["name_en_geojson"]
    }
    # other spellings used by the ODK files
    names |= {
        "abai region": "10",
        "zhambyl region": "31",
        "zhetysu region": "33",
        "turkestan region": "61",
        "south kazakhstan region": "51",
    }
    return names


@lru_cache(maxsize=1)
def _by_bns_code() -> dict[str, str]:
    return {row["bns_dims_code"]: row["kato_2"] for row in _crosswalk()}


def _kato2_ru(name: str) -> str:
    """kato2 for a Russian BNS region name, or _NATIONAL for the country as a whole."""
    key = _norm_ru(name)
    if key == "республика казахстан":
        return _NATIONAL
    try:
        return _by_ru_name()[key]
    except KeyError:
        raise ValueError(f"unknown region name {name!r}") from None


def _kato2_en(name: str) -> str:
    """kato2 for an English region name of the ODK files, or _NATIONAL for the country."""
    key = _norm_en(name)
    if key == "the republic of kazakhstan":
        return _NATIONAL
    try:
        return _by_en_name()[key]
    except KeyError:
        raise ValueError(f"unknown region name {name!r}") from None


def _for_year(table: dict[int, dict[str, _V]], year: int, what: str) -> dict[str, _V]:
    if year not in table:
        years = ", ".join(str(y) for y in sorted(table))
        raise NotFound(M.NO_FIGURE_FOR_YEAR, what=what, year=str(year), years=years)
    return dict(table[year])


def _year_of(date: str) -> int:
    return dt.date.fromisoformat(date).year


# --- regional labour-force survey (BNS via MKD) -----------------------------------------------


@lru_cache(maxsize=8)
def _mkd_regional(name: str) -> dict[int, dict[str, float]]:
    table: dict[int, dict[str, float]] = {}
    for row in read_csv(f"stats/{name}"):
        if row["transformation"] != "level":
            raise ValueError(f"{name}: unexpected transformation {row['transformation']!r}")
        if row["region"] == "national":
            continue
        table.setdefault(_year_of(row["date"]), {})[_by_bns_code()[row["region"]]] = float(row["value"])
    return table


def employed_by_region(year: int) -> dict[str, int]:
    """Return employed persons aged 15+ by region for a year (BNS labour-force survey; 20 regions from 2022)."""
    table = _mkd_regional("bns_employed_by_region_2001_2025.csv")
    return {k: round(v * 1000) for k, v in _for_year(table, year, "employment by region").items()}


def unemployment_rate_by_region(year: int) -> dict[str, float]:
    """Return the unemployment rate (%) by region for a year (BNS labour-force survey)."""
    return _for_year(
        _mkd_regional("bns_unemployment_rate_by_region_2001_2025.csv"), year, "unemployment rate"
    )


@lru_cache(maxsize=8)
def _national_series(name: str) -> dict[str, float]:
    series: dict[str, float] = {}
    for row in read_csv(f"stats/{name}"):
        if row["transformation"] != "level":
            raise ValueError(f"{name}: unexpected transformation {row['transformation']!r}")
        series[row["date"]] = float(row["value"])
    return series


def national_employed() -> dict[int, int]:
    """Return employed persons aged 15+ in the whole country by year, 2019-2025 (BNS)."""
    series = _national_series("bns_employed_total_2019_2025.csv")
    return {_year_of(date): round(value) for date, value in series.items()}


# --- population (BNS, start of year) ----------------------------------------------------------


@lru_cache(maxsize=1)
def _population() -> dict[tuple[int, str], dict[str, int]]:
    table: dict[tuple[int, str], dict[str, int]] = {}
    for row in read_csv("stats/bns_population_by_region_sex_urban_rural_2000_2023.csv"):
        if row["settlement"] != "total":
            continue
        year = int(row["year"])
        key = _kato2_ru(row["region_ru"])
        if key == "61" and year <= 2016:
            key = "51"  # BNS shows South Kazakhstan (with Shymkent) under Turkistan's name until 2016
        table.setdefault((year, row["sex"]), {})[key] = int(row["population_start_of_year"])
    return table


def _population_row(year: int, sex: Sex) -> dict[str, int]:
    if sex not in ("total", "male", "female"):
        raise ValueError(f"sex is 'total', 'male' or 'female', got {sex!r}")
    row = _population().get((year, sex))
    if row is None:
        years = sorted({y for y, _ in _population()})
        raise NotFound(M.NO_POPULATION_FOR_YEAR, year=str(year), first=str(years[0]), last=str(years[-1]))
    return row


def population_by_region(year: int, sex: Sex = "total") -> dict[str, int]:
    """Return the population at 1 January of year by region (BNS; 20 regions in 2022-2023)."""
    return {k: v for k, v in _population_row(year, sex).items() if k != _NATIONAL}


def national_population(year: int, sex: Sex = "total") -> int:
    """Return the population of Kazakhstan at 1 January of year (BNS, 2000-2023)."""
    return _population_row(year, sex)[_NATIONAL]


@lru_cache(maxsize=1)
def _broad_age_sex_2020() -> dict[str, dict[tuple[str, str], int]]:
    columns = {
        "men_0-15": ("M", "0-15"),
        "men_16-62": ("M", "16-62"),
        "men_63+": ("M", "63+"),
        "women_0-15": ("F", "0-15"),
        "women_16-58": ("F", "16-58"),
        "women_59+": ("F", "59+"),
    }
    table: dict[str, dict[tuple[str, str], int]] = {}
    for row in read_csv("stats/odk_population_by_region_broad_age_sex_2020-01-01.csv"):
        table[_kato2_ru(row["region"])] = {group: int(row[column]) for column, group in columns.items()}
    return table


def population_broad_age_sex_2020() -> dict[str, dict[tuple[str, str], int]]:
    """Return the population at 1 January 2020 by region (17, old borders) and (sex M/F, age band).

    Age bands follow the 2020 working age: M 0-15, 16-62, 63+; F 0-15, 16-58, 59+.
    """
    return {k: dict(v) for k, v in _broad_age_sex_2020().items() if k != _NATIONAL}


# --- wages --------------------------------------------------------------------------------------

# columns of the ODK wage file -> NKZ major group; "not_members_of_other_groups" is NKZ group X,
# which has no digit code, and is left out
_WAGE_COLUMNS = {
    "managers_&_civil_servants": "1",
    "qualified": "2",
    "tech_personnel": "3",
    "admin_emplyees": "4",
    "service_and_sales": "5",
    "agriculture": "6",
    "Engineers_transport": "7",
    "assemblers_and_drivers": "8",
    "unqualified": "9",
}


@lru_cache(maxsize=1)
def _wages_2022() -> dict[str, tuple[int, dict[str, int]]]:
    table: dict[str, tuple[int, dict[str, int]]] = {}
    for row in read_csv("stats/odk_avg_wage_by_region_occupation_2022.csv"):
        key = _kato2_en(row["regions"])
        if key == "51":
            # No such region in 2022: the row is Pavlodar's shifted one column (defect of the source).
            continue
        if key in table:
            raise ValueError(f"avg wage file: two rows for {key}")
        by_group = {group: round(float(row[column])) for column, group in _WAGE_COLUMNS.items()}
        table[key] = (round(float(row["avg_salary"])), by_group)
    return table


def avg_wage_by_region_2022() -> dict[str, int]:
    """Return the 2022 average monthly nominal wage (KZT) by region (BNS publication via ODK)."""
    return {k: total for k, (total, _) in _wages_2022().items() if k != _NATIONAL}


def avg_wage_by_region_occupation_2022() -> dict[str, dict[str, int]]:
    """Return the 2022 average monthly nominal wage (KZT) by region and NKZ major group '1'..'9'."""
    return {k: dict(groups) for k, (_, groups) in _wages_2022().items() if k != _NATIONAL}


def national_avg_wage() -> dict[int, int]:
    """Return the average monthly nominal wage (KZT) of Kazakhstan by year, 2012-2025 (BNS)."""
    series = _national_series("bns_avg_monthly_nominal_wage_2012_2025.csv")
    return {_year_of(date): round(value) for date, value in series.items()}


# --- national series ----------------------------------------------------------------------------


def national_unemployment_rate_quarterly() -> dict[str, float]:
    """Return the unemployment rate (%) of Kazakhstan by quarter ('2001Q1' ... ), BNS."""
    result: dict[str, float] = {}
    for date, value in _national_series("bns_unemployment_rate_quarterly_2001Q1_2026Q2.csv").items():
        day = dt.date.fromisoformat(date)
        if day.day != 1 or day.month not in (1, 4, 7, 10):
            raise ValueError(f"quarterly unemployment: {date} is not the first day of a quarter")
        result[f"{day.year}Q{(day.month - 1) // 3 + 1}"] = value
    return result


def national_migration() -> dict[int, tuple[int, int]]:
    """Return international migration of Kazakhstan by year as (arrivals, departures), 1991-2025 (BNS)."""
    arrivals = _national_series("bns_migration_arrivals_1991_2025.csv")
    departures = _national_series("bns_migration_departures_1991_2025.csv")
    if arrivals.keys() != departures.keys():
        raise ValueError("migration: arrivals and departures cover different years")
    return {_year_of(date): (round(arrivals[date]), round(departures[date])) for date in sorted(arrivals)}


# --- jobseekers (BNS gender statistics via ODK) -------------------------------------------------


@lru_cache(maxsize=1)
def _jobseekers() -> dict[int, dict[str, int]]:
    table: dict[int, dict[str, int]] = {}
    for row in read_csv("stats/odk_jobseekers_applied_by_region_2001_2021.csv"):
        kato2 = _kato2_ru(row["region_ru"])
        if kato2 == _NATIONAL:
            continue
        table.setdefault(int(row["year"]), {})[kato2] = int(row["persons_applied"])
    return table


def jobseekers_applied_by_region(year: int) -> dict[str, int]:
    """Return the persons who applied to the public employment service in a year, by region, 2001-2021."""
    return _for_year(_jobseekers(), year, "jobseekers")


# --- decent work indicators (BNS via ODK) -------------------------------------------------------

_DW_OCCUPATIONS = {
    "Руководители и государственные служащие": "1",
    "Специалисты-профессионалы": "2",
    "Специалисты-техники и иной вспомогательный профессиональный персонал": "3",
    "Служащие в области администрирования": "4",
    "Работники сферы услуг и продаж": "5",
    "Фермеры и рабочие сельского и лесного хозяйства, рыбоводства и рыболовства": "6",
    "Рабочие промышленности, строительства, транспорта и других родственных занятий": "7",
    "Операторы производственного оборудования, сборщики и водители": "8",
    "Неквалифицированные рабочие": "9",
}


def _dw_number(text: str) -> float | None:
    """A value of the decent-work file: decimal commas, a footnote star, '…' for none, one '63,,4'."""
    cleaned = text.strip().rstrip("*").replace(",,", ",").replace(",", ".")
    if cleaned in ("", "…", "..."):
        return None
    return float(cleaned)


@lru_cache(maxsize=1)
def _decent_work() -> tuple[dict[int, dict[str, float]], dict[int, tuple[float, float]]]:
    shares: dict[str, dict[tuple[int, str], float]] = {"Мужчины (%)": {}, "Женщины (%)": {}}
    fatal: dict[int, float] = {}
    nonfatal: dict[int, float] = {}
    for row in read_csv("stats/odk_decent_work_indicators_2001_2020.csv"):
        year, value = int(row["year"]), _dw_number(row["value"])
        if value is None:
            continue
        if row["segment"] in shares and row["indicators"] in _DW_OCCUPATIONS:
            shares[row["segment"]][(year, _DW_OCCUPATIONS[row["indicators"]])] = value
        # the injury rows have the indicator's name in `segment` (the two columns are swapped)
        text = f"{row['segment']} {row['indicators']}"
        if "травматизма со смертельным" in text:
            fatal[year] = value
        elif "травматизма с несмертельным" in text:
            nonfatal[year] = value
    injuries = {year: (fatal[year], nonfatal[year]) for year in sorted(fatal.keys() & nonfatal.keys())}
    female: dict[int, dict[str, float]] = {}
    for (year, group), share in sorted(shares["Женщины (%)"].items()):
        if year == 2011:
            # 2011 is shifted by about one group against its neighbours (professionals 38 % women,
            # managers 49 %; group 7 has 52.57 for both sexes): left out whole
            continue
        men = shares["Мужчины (%)"].get((year, group))
        if men is not None and abs(men + share - 100) <= 0.5:
            female.setdefault(year, {})[group] = share
    return female, injuries


def female_share_by_occupation(year: int = 2020) -> dict[str, float]:
    """Return the share of women (%) among the employed in each NKZ major group, 2001-2020.

    Groups 1-4 for 2001-2007 and 1-9 from 2008; 2011 is defective in the source and left out,
    as is any group whose shares of men and women do not add up to 100 %.
    """
    return _for_year(_decent_work()[0], year, "share of women by occupation")


def occupational_injury_rates() -> dict[int, tuple[float, float]]:
    """Return (fatal, non-fatal) occupational injuries per 100,000 workers by year, 2001-2020."""
    return dict(_decent_work()[1])


@lru_cache(maxsize=4)
def rural_share_by_region(year: int = 2023) -> dict[str, float]:
    """Return the share of each region's population living in rural settlements at 1 January of year (BNS)."""
    total: dict[str, int] = {}
    rural: dict[str, int] = {}
    for row in read_csv("stats/bns_population_by_region_sex_urban_rural_2000_2023.csv"):
        if int(row["year"]) != year:
            continue
        key = _kato2_ru(row["region_ru"])
        if row["sex"] == "total" and row["settlement"] == "total":
            total[key] = int(row["population_start_of_year"])
        elif row["sex"] != "total" and row["settlement"] == "rural":
            rural[key] = rural.get(key, 0) + int(row["population_start_of_year"])
    return {k: rural.get(k, 0) / v for k, v in total.items() if k != _NATIONAL and v}


def rural_regions(year: int = 2023) -> list[str]:
    """Return the regions where more than half of the population is rural (BNS, 1 January of year)."""
    return sorted(k for k, share in rural_share_by_region(year).items() if share > 0.5)

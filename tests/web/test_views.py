"""What the pages show, shaped from read-model rows: map colours, totals, chart series, paging."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jumys.reference.regions import regions
from jumys.reports import national_totals
from jumys.web.i18n import Translator
from jumys.web.views import (
    CLASSES,
    HIDDEN,
    NO_DATA,
    Pages,
    colour,
    evidence_chart,
    map_rows,
    project_trend_chart,
    safe_batch_folder,
)

EN = Translator("en")


def row(kato2: str, promised: int | None, verified: int | None, **over: Any) -> dict[str, Any]:
    """A national-map row as jumys.reports gives it."""
    fulfilment = verified / promised if promised and verified is not None else None
    return {
        "kato2": kato2,
        "projects": 1 if promised else 0,
        "promised": promised,
        "verified": verified,
        "fulfilment": fulfilment,
        "visible": True,
        "suppressed": False,
    } | over


@pytest.mark.parametrize(
    ("share", "expected"),
    [
        (None, NO_DATA),
        (0.0, CLASSES[0][1]),
        (0.2499, CLASSES[0][1]),
        (0.25, CLASSES[1][1]),
        (0.5, CLASSES[2][1]),
        (0.75, CLASSES[3][1]),
        (0.9999, CLASSES[3][1]),
        (1.0, CLASSES[4][1]),
        (3.0, CLASSES[4][1]),
    ],
)
def test_colour_classes_have_closed_lower_bounds(share: float | None, expected: str) -> None:
    """A share on a class boundary takes the upper class: exactly 100 % is 'fulfilled' green."""
    assert colour(share) == expected


def test_hidden_regions_are_grey_and_regions_without_projects_hide_nothing() -> None:
    """Not visible or suppressed: grey; a suppressed region without projects is simply 'no projects'."""
    rows = map_rows(
        [
            row("75", 60, 24),
            row("71", None, None, visible=False),
            row("23", 50, None, suppressed=True),
            row("15", 0, None, suppressed=True),
        ],
        EN,
    )
    by = {r["kato2"]: r for r in rows}
    assert by["75"]["colour"] == CLASSES[1][1]
    assert by["71"]["colour"] == HIDDEN and by["23"]["colour"] == HIDDEN
    assert by["15"]["suppressed"] is False and by["15"]["colour"] == NO_DATA
    assert [r["kato2"] for r in rows] == ["15", "75", "71", "23"]  # Aktobe, Almaty, Astana, Atyrau


def test_totals_add_up_only_the_numbers_shown() -> None:
    """The country's verified total and fulfilment count only the regions whose verified jobs are shown
    (issue 9: a disclosure-safe national figure instead of a blank)."""
    seen = map_rows([row("75", 60, 24), row("11", 12, 9)], EN)
    assert national_totals(seen) == {
        "projects": 2,
        "promised": 72,
        "verified": 33,
        "fulfilment": 33 / 72,
        "regions_hidden": 0,
    }
    partly = map_rows([row("75", 60, 24), row("23", 50, None, suppressed=True)], EN)
    assert national_totals(partly) == {
        "projects": 2,
        "promised": 110,
        "verified": 24,
        "fulfilment": 24 / 60,
        "regions_hidden": 1,
    }


def test_the_evidence_chart_has_every_month_between_the_first_and_the_last() -> None:
    """Months without a contract are zeros, so the bars stand on a true time axis (across a new year too)."""
    detail = {
        "evidence_by_month": [
            {"month": "2024-11", "credited": 2, "provisional": 0, "unconfirmed": 1, "temporary": 0},
            {"month": "2025-02", "credited": 1, "provisional": 1, "unconfirmed": 0, "temporary": 3},
        ]
    }
    chart = evidence_chart(detail, EN)
    assert chart is not None and chart["stacked"] is True
    assert chart["labels"] == ["Nov 2024", "Dec 2024", "Jan 2025", "Feb 2025"]
    credited = next(d for d in chart["datasets"] if d["label"] == "Credited")
    assert credited["data"] == [2, 0, 0, 1]
    assert evidence_chart({"evidence_by_month": []}, EN) is None


def test_a_trend_needs_two_dates() -> None:
    """One as-of date makes no line."""
    point = {"as_of": dt.date(2026, 1, 1), "promised": 10, "expected": 5, "verified": 4}
    assert project_trend_chart({"trend": [point]}, EN) is None
    chart = project_trend_chart({"trend": [point, point | {"as_of": dt.date(2026, 4, 1)}]}, EN)
    assert chart is not None and [d["label"] for d in chart["datasets"]] == [
        "Promised",
        "Expected by now",
        "Verified",
    ]


def test_pages_link_their_neighbours() -> None:
    """Page 2 of 60 rows by 25 shows rows 26-50 and links pages 1 and 3 with the filters kept."""
    p = Pages("/regions/75/projects", {"status": "at_risk", "q": None}, 2, 25, 60)
    assert (p.first, p.last, p.previous, p.next) == (26, 50, 1, 3)
    assert p.url(3) == "/regions/75/projects?status=at_risk&page=3"
    last = Pages("/x", {}, 3, 25, 60)
    assert (last.first, last.last, last.next) == (51, 60, None)
    empty = Pages("/x", {}, 1, 25, 0)
    assert (empty.first, empty.last, empty.previous, empty.next) == (0, 0, None, None)


def test_a_batch_id_never_leaves_the_rejects_folder() -> None:
    """Slashes become underscores; what is left is checked against the folder by the route."""
    assert safe_batch_folder("2026/01 batch") == "2026_01_batch"
    assert "/" not in safe_batch_folder("../../etc/passwd")


def test_the_map_lists_regions_in_the_alphabet_of_the_page() -> None:
    """Kazakh names follow the Kazakh alphabet (Ақмола before Алматы, Ұлытау before Шығыс), not code points;
    the words saying what kind a region is (облысы, қаласы, область, г.) do not count."""
    everyone = [row(r.kato2, 10, 5) for r in regions()]
    kk = [r["kato2"] for r in map_rows(everyone, Translator("kk"))]
    assert kk[:6] == [
        "10",
        "11",
        "15",
        "75",
        "19",
        "71",
    ]  # Абай, Ақмола, Ақтөбе, Алматы қаласы, Алматы облысы, Астана
    assert kk.index("62") < kk.index("63") < kk.index("79")  # Ұлытау, Шығыс Қазақстан, Шымкент
    ru = [r["kato2"] for r in map_rows(everyone, Translator("ru"))]
    assert ru[:5] == ["10", "11", "15", "19", "75"]  # Абай, Акмолинская, Актюбинская, Алматинская, г. Алматы
    assert ru[-3:] == ["61", "62", "79"]  # Туркестанская, Ұлытау (after У), г. Шымкент

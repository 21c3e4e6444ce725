"""One scenario per rule of docs/permits.md ("The checks"), on both engines, with the boundary dates."""

from __future__ import annotations

import pytest

from jumys.errors import InvalidInput
from tests.permits.world import PermitWorld


def _ready(world: PermitWorld, units: int = 5) -> str:
    """An employer with an unfilled vacancy for 2142 posted 2025-01-02 and a specialist quota in region 75."""
    b = world.employer()
    world.vacancy(b)
    world.quota(units)
    return b


def test_an_application_passing_every_check_is_issued_and_stored(world: PermitWorld) -> None:
    b = _ready(world)
    world.ingest()
    d = world.decide(world.application(b, application_id="A1"))
    assert (d.decision, d.permit_id, d.failed_checks) == ("issued", "WPA-A1", [])
    assert d.sentence["en"] == "Permit WPA-A1 issued: every check passed."
    assert set(d.sentence) == {"ru", "kk", "en"} and d.sentence["ru"] != d.sentence["en"]
    assert (world.count("fact_permit_decisions"), world.count("fact_issued_permits")) == (1, 1)
    assert world.count("audit_log") == 1


def test_rule_1_quota_left_the_last_unit_goes_to_the_first(world: PermitWorld) -> None:
    b = _ready(world, units=3)
    world.permit(b)
    world.permit(b, revoked_on="2025-03-01")  # a revoked permit gives its unit back
    world.permit(b, issued_on="2024-06-01", valid_until="2025-05-31")  # last year's quota
    world.ingest()
    first, second, third = (world.decide(world.application(b)) for _ in range(3))
    assert (first.decision, second.decision) == ("issued", "issued")
    assert third.decision == "refused"
    [failed] = third.failed_checks
    assert failed.check == "quota"
    assert failed.numbers == {
        "year": 2025,
        "region": "75",
        "category": "specialist",
        "units": 3,
        "issued": 3,
        "left": 0,
    }
    assert "3 units, 3 issued" in third.sentence["en"]


def test_rule_1_a_category_or_region_without_quota_has_no_unit(world: PermitWorld) -> None:
    b = _ready(world)
    world.ingest()
    d = world.decide(world.application(b, category="skilled_worker"))
    assert [f.check for f in d.failed_checks] == ["quota"]
    assert d.failed_checks[0].numbers["units"] == 0


@pytest.mark.parametrize(("posted_on", "issued"), [("2025-02-14", True), ("2025-02-15", False)])
def test_rule_2_labour_market_test_needs_a_vacancy_15_days_before(
    world: PermitWorld, posted_on: str, issued: bool
) -> None:
    b = world.employer()
    world.vacancy(b, posted_on=posted_on)  # the application is submitted on 2025-03-01
    world.quota(5)
    world.ingest()
    d = world.decide(world.application(b))
    assert d.decision == ("issued" if issued else "refused")
    if not issued:
        assert d.failed_checks[0].check == "labour_market_test"
        assert d.failed_checks[0].numbers["posted_by"] == "2025-02-14"


def test_rule_2_a_vacancy_filled_by_a_citizen_or_of_another_occupation_does_not_count(
    world: PermitWorld,
) -> None:
    b = world.employer()
    world.vacancy(b, filled=True)
    world.vacancy(b, nkz="2143")
    world.quota(5)
    world.ingest()
    d = world.decide(world.application(b))
    [failed] = d.failed_checks
    assert failed.check == "labour_market_test"
    assert (failed.numbers["filled"], failed.numbers["unfilled"]) == (1, 0)


def test_rule_3_local_share_of_specialists_counted_after_the_permit(world: PermitWorld) -> None:
    b = _ready(world)
    world.staff(b, 9, nkz="2411")  # 9 citizen specialists
    world.staff(b, 1, nkz="2411", status="foreigner")
    world.staff(b, 11, nkz="9313")  # labourers: staff, but no category
    world.ingest()
    d = world.decide(world.application(b))
    [failed] = d.failed_checks
    assert failed.check == "local_share"
    assert failed.numbers == {
        "group": "specialist",
        "group_staff": 11,
        "citizens": 9,
        "share": 0.8182,
        "minimum": 0.9,
        "staff": 22,
    }


def test_a_refusal_names_the_category_staff_category_and_region_in_each_language(world: PermitWorld) -> None:
    b = _ready(world, units=0)
    world.staff(b, 9, nkz="2411")
    world.staff(b, 1, nkz="2411", status="foreigner")
    world.staff(b, 11, nkz="9313")
    world.ingest()
    d = world.decide(world.application(b))
    assert [f.check for f in d.failed_checks] == ["quota", "local_share"]
    names = {
        "en": ("region Almaty, category specialists", "staff of category specialists"),
        "ru": ("регион г. Алматы, категория «специалисты»", "категории «специалисты»"),
        "kk": ("Алматы қаласы өңірі, «мамандар» санаты", "«мамандар» санатындағы"),
    }
    for lang, wanted in names.items():
        for name in wanted:
            assert name in d.sentence[lang], (lang, name)
        for code in ("specialist ", "specialist:", " 75", "local_share"):
            assert code not in d.sentence[lang], (lang, code)


def test_rule_3_kandas_count_as_citizens_and_small_employers_are_exempt(world: PermitWorld) -> None:
    big, small = _ready(world), world.employer()
    world.vacancy(small)
    world.staff(big, 18, status="kandas")
    world.staff(big, 3, nkz="9313")
    world.staff(small, 10)
    world.staff(small, 9, status="foreigner")  # 19 staff + the applicant = 20: not more than 20
    world.ingest()
    assert world.decide(world.application(big)).decision == "issued"  # 18 of 19 specialists: 94.7 %
    assert world.decide(world.application(small)).decision == "issued"


def test_rule_3_a_permit_issued_before_counts_in_the_next_decision(world: PermitWorld) -> None:
    b = _ready(world)
    world.staff(
        b, 19
    )  # 19 citizen specialists: the first foreigner makes 95 %, the second 90.5 %, the third 86.4 %
    world.ingest()
    decisions = [world.decide(world.application(b)) for _ in range(3)]
    assert [d.decision for d in decisions] == ["issued", "issued", "refused"]
    assert decisions[2].failed_checks[0].numbers["group_staff"] == 22


def test_rule_4_one_foreign_head_per_position(world: PermitWorld) -> None:
    b = world.employer()
    for nkz in ("1120", "1211"):
        world.vacancy(b, nkz=nkz)
    world.quota(5, category="head")
    held = world.permit(b, category="head", nkz="1120", issued_on="2024-05-01", valid_until="2025-04-30")
    world.ingest()
    d = world.decide(world.application(b, category="head", nkz="1120"))
    [failed] = d.failed_checks
    assert failed.check == "one_head_per_position"
    assert failed.numbers == {"nkz": "1120", "held": 1, "permits": [held]}
    assert world.decide(world.application(b, category="head", nkz="1211")).decision == "issued"
    # the permit held ends on 2025-04-30: a head from 2025-05-01 may follow
    later = world.application(
        b, category="head", nkz="1120", valid_from="2025-05-01", valid_until="2026-04-30"
    )
    assert world.decide(later).decision == "issued"


def test_rule_5_seasonal_list(world: PermitWorld) -> None:
    b = world.employer()
    for nkz in ("9313", "2411"):
        world.vacancy(b, nkz=nkz)
    world.quota(5, category="seasonal")
    world.ingest()
    on_list = world.decide(world.application(b, category="seasonal", nkz="9313"))
    off_list = world.decide(world.application(b, category="seasonal", nkz="2411"))
    assert on_list.decision == "issued"
    assert [f.check for f in off_list.failed_checks] == ["seasonal_list"]
    assert len(off_list.failed_checks[0].numbers["listed"]) == 10


def test_every_failed_check_is_named_in_the_rules_order_and_a_refusal_keeps_no_unit(
    world: PermitWorld,
) -> None:
    b = world.employer()
    world.quota(0, category="seasonal")
    world.ingest()
    d = world.decide(world.application(b, category="seasonal", nkz="2411"))
    assert [f.check for f in d.failed_checks] == ["quota", "labour_market_test", "seasonal_list"]
    assert d.sentence["en"].startswith("Refused: No quota left")
    assert world.count("fact_issued_permits") == 0
    assert world.count("fact_permit_decisions") == 1


def test_a_household_application_is_checked_for_quota_only(world: PermitWorld) -> None:
    world.quota(1, category="household")
    world.ingest()
    first = world.decide(world.application(None, category="household", nkz="5311"))
    second = world.decide(world.application(None, category="household", nkz="5311"))
    assert first.decision == "issued"
    assert [f.check for f in second.failed_checks] == ["quota"]


def test_applications_are_decided_in_order_of_submission(world: PermitWorld) -> None:
    b = _ready(world, units=1)
    world.ingest()
    late = world.application(b, application_id="A-late", submitted_on="2025-03-02")
    early = world.application(b, application_id="A-zz-early", submitted_on="2025-03-01")
    decisions = world.decide_all([late, early])
    assert [(d.application_id, d.decision) for d in decisions] == [
        ("A-zz-early", "issued"),
        ("A-late", "refused"),
    ]


def test_an_application_decided_before_is_answered_again_unchanged(world: PermitWorld) -> None:
    b = _ready(world)
    world.ingest()
    app = world.application(b)
    first = world.decide(app)
    assert world.decide(app) == first
    assert world.count("fact_issued_permits") == 1


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"category": "boss"}, "permits.unknown_category"),
        ({"nkz": "0110"}, "permits.unknown_occupation"),
        ({"nkz": "21x2"}, "permits.unknown_occupation"),
        ({"kato": "991110000"}, "permits.unknown_region"),
        ({"bin": "000000000000"}, "permits.unknown_employer"),
        ({"bin": ""}, "permits.bin_required"),
        ({"valid_from": "2025-02-01"}, "permits.dates_order"),
        ({"valid_until": "2025-04-01"}, "permits.dates_order"),
        ({"submitted_on": "2025-13-01"}, "permits.bad_date"),
        ({"iin": "123"}, "permits.bad_iin"),
        ({"citizenship": "XXX"}, "permits.bad_citizenship"),
    ],
)
def test_bad_input_is_invalid_with_a_reason_and_nothing_is_stored(
    world: PermitWorld, change: dict[str, str], code: str
) -> None:
    b = _ready(world)
    world.ingest()
    with pytest.raises(InvalidInput) as e:
        world.decide(world.application(b) | change)
    assert e.value.code == "permits.invalid"
    assert e.value.params["reason"]["code"] == code
    [d] = world.decide_all([world.application(b) | change])
    assert d.decision == "invalid" and d.reason is not None and d.reason["code"] == code
    assert world.count("fact_permit_decisions") == world.count("fact_issued_permits") == 0
    assert world.count("audit_log") == 0

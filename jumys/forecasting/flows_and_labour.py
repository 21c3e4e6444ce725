"""What the doors show of migration flows and labour supply and demand: one read model each, for the CLI,
the API and the pages alike (aggregates by region: everyone may see them)."""

from __future__ import annotations

import re

import numpy as np
import sqlalchemy as sa
from pydantic import BaseModel

from jumys.errors import InvalidInput
from jumys.forecasting import messages as M
from jumys.forecasting.gravity import changed, fit, holdout, net_migration, store_covariates
from jumys.forecasting.gravity_store import read_flows
from jumys.forecasting.labour import employment_method, store_outlook
from jumys.reference.regions import region_codes

# a region's code (one of the reference's), "=", a signed percent: what the API's schema says a change is
CHANGE_PATTERN = r"^\s*(" + "|".join(sorted(region_codes())) + r")\s*=\s*([+-]?\d+(?:\.\d+)?)\s*%?\s*$"
_FORM = re.compile(r"^\s*(\d{2})\s*=\s*([+-]?\d+(?:\.\d+)?)\s*%?\s*$")
TOP_FLOWS = 15


def parse_change(text: str) -> tuple[str, float]:
    """ "75=+10%" -> ("75", 0.10); anything else is refused with the form expected."""
    found = _FORM.match(text)
    if not found:
        raise InvalidInput(M.CHANGE_FORMAT, value=text)
    return found.group(1), float(found.group(2)) / 100.0


class Coefficient(BaseModel):
    """One coefficient with its standard error and 95 % interval."""

    name: str
    estimate: float
    std_error: float
    lower: float
    upper: float


class RegionNet(BaseModel):
    """A region's predicted net migration in the year, without and with the changes."""

    kato2: str
    wage_change_pct: float | None
    base: float
    changed: float
    difference: float


class Flow(BaseModel):
    """One predicted flow between two regions."""

    from_kato2: str
    to_kato2: str
    base: float
    changed: float


class MigrationForecast(BaseModel):
    """The gravity model's coefficients and fit, and the predicted net migration by region."""

    year: int
    fitted_years: list[int]
    coefficients: list[Coefficient]
    observations: int
    deviance: float
    null_deviance: float
    pseudo_r2: float
    dispersion: float
    holdout_year: int | None
    holdout_flow_mae: float | None
    holdout_flow_wape: float | None
    holdout_net_mae: float | None
    regions: list[RegionNet]
    top_flows: list[Flow]


def migration_forecast(
    conn: sa.Connection, year: int | None = None, wage: list[str] | None = None
) -> MigrationForecast:
    """Fit on the store's migration table, predict `year`'s flows (default: its newest) with the store's
    covariates, and again with the wage changes ("KATO=+10%")."""
    changes = dict(parse_change(t) for t in wage or [])
    model = fit(conn)
    base_cov = store_covariates(conn, year)
    new_cov = changed(base_cov, wage=changes)
    base, new = model.predict(base_cov), model.predict(new_cov)
    check = holdout(conn) if len(read_flows(conn, model.regions)) >= 2 else None
    net_base, net_new = net_migration(base), net_migration(new)
    order = np.argsort(-base, axis=None)[:TOP_FLOWS]
    r = len(model.regions)
    return MigrationForecast(
        year=base_cov.year,
        fitted_years=list(model.years),
        coefficients=[
            Coefficient(name=n, estimate=float(b), std_error=float(s), lower=float(lo), upper=float(hi))
            for n, b, s, lo, hi in zip(
                model.names, model.coefficients, model.std_errors, model.lower, model.upper, strict=True
            )
        ],
        observations=model.observations,
        deviance=model.deviance,
        null_deviance=model.null_deviance,
        pseudo_r2=model.pseudo_r2,
        dispersion=model.dispersion,
        holdout_year=check.year if check else None,
        holdout_flow_mae=check.flow_mae if check else None,
        holdout_flow_wape=check.flow_wape if check else None,
        holdout_net_mae=check.net_mae if check else None,
        regions=[
            RegionNet(
                kato2=k,
                wage_change_pct=100 * changes[k] if k in changes else None,
                base=float(net_base[i]),
                changed=float(net_new[i]),
                difference=float(net_new[i] - net_base[i]),
            )
            for i, k in enumerate(model.regions)
        ],
        top_flows=[
            Flow(
                from_kato2=model.regions[int(f) // r],
                to_kato2=model.regions[int(f) % r],
                base=float(base.flat[f]),
                changed=float(new.flat[f]),
            )
            for f in order
        ],
    )


class LabourRow(BaseModel):
    """Supply, demand and the gap of one region in one year (persons)."""

    kato2: str
    year: int
    supply: float
    demand: float
    gap: float
    gap_per_1000: float


class LabourForecast(BaseModel):
    """Labour supply and demand by region and year from the store's latest population."""

    base_year: int
    demand_method: str
    rows: list[LabourRow]


def labour_forecast(conn: sa.Connection, to_year: int | None = None) -> LabourForecast:
    """The labour outlook of the store as rows by region and year."""
    o = store_outlook(conn, to_year)
    rows = [
        LabourRow(
            kato2=k,
            year=y,
            supply=float(o.supply[t, i]),
            demand=float(o.demand[t, i]),
            gap=float(o.gap[t, i]),
            gap_per_1000=float(o.gap_per_1000[t, i]),
        )
        for t, y in enumerate(o.years)
        for i, k in enumerate(o.regions)
    ]
    return LabourForecast(base_year=o.years[0] - 1, demand_method=employment_method(), rows=rows)

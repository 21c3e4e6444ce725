"""Migration flows between regions: a gravity model, a Poisson GLM of the store's migration matrix.

The flow from region i to region j in a year is Poisson with mean

    exp(b0 + b1 log P_i + b2 log P_j + b3 log d_ij + b4 U_i + b5 U_j + b6 log W_i + b7 log W_j)

(P population, d the distance between the regions' centres in km, U the unemployment rate in %, W the
average monthly wage in KZT), fitted by statsmodels' GLM over every ordered pair of different regions
and every year of the migration table, pooled: one constant for all years (docs/forecasting.md,
"Migration flows"). The standard errors are quasi-Poisson (scaled by the Pearson dispersion), so that
flows more spread than Poisson widen the intervals instead of hiding behind them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import sqlalchemy as sa
from numpy.typing import NDArray

from jumys.errors import InvalidInput, NotFound
from jumys.forecasting import messages as M
from jumys.forecasting.gravity_store import StoreCovariates, read_covariates, read_flows
from jumys.reference.regions import get_region, region_distances_km, regions

# the coefficients' names in the order of the design matrix's columns
NAMES = (
    "const",
    "log_pop_origin",
    "log_pop_dest",
    "log_distance",
    "unemployment_origin",
    "unemployment_dest",
    "log_wage_origin",
    "log_wage_dest",
)
MIN_DISTANCE_KM = 50.0  # a floor under log distance (two cities' centres inside one oblast are close)
WAGE_CHANGE = (-0.90, 5.00)  # a wage change allowed in a forecast: -90 % .. +500 %
UNEMPLOYMENT_CHANGE = (-50.0, 50.0)  # percentage points; the result must stay within 0 .. 100 %
Array = NDArray[np.float64]


@dataclass(frozen=True)
class Covariates:
    """What the flows of one year depend on, per region (in `regions` order) and per pair of regions."""

    year: int
    regions: tuple[str, ...]
    population: Array  # (R,) persons
    unemployment: Array  # (R,) rate in %
    wage: Array  # (R,) KZT per month
    distance_km: Array  # (R, R)


@dataclass(frozen=True)
class GravityModel:
    """A fitted gravity model: coefficients with standard errors and 95 % intervals, and how well it fits."""

    regions: tuple[str, ...]
    names: tuple[str, ...]
    coefficients: Array
    std_errors: Array
    lower: Array  # 95 % interval
    upper: Array
    years: tuple[int, ...]
    observations: int  # ordered pairs of regions x years
    deviance: float
    null_deviance: float
    dispersion: float  # Pearson chi2 / residual degrees of freedom (1 for Poisson flows)

    @property
    def pseudo_r2(self) -> float:
        """The share of the null model's deviance the covariates explain (1 - deviance / null deviance)."""
        return 1.0 - self.deviance / self.null_deviance if self.null_deviance > 0 else 0.0

    def coefficient(self, name: str) -> float:
        """One coefficient by name."""
        return float(self.coefficients[self.names.index(name)])

    def predict(self, covariates: Covariates) -> Array:
        """The expected flows of a year, (R, R): origin row, destination column, diagonal 0."""
        if covariates.regions != self.regions:
            raise InvalidInput(M.GRAVITY_REGIONS)
        design = design_matrix(covariates, self.names)
        flows = np.exp(design @ self.coefficients).reshape(len(self.regions), len(self.regions))
        np.fill_diagonal(flows, 0.0)
        return np.asarray(flows, dtype=np.float64)


def design_matrix(c: Covariates, names: Sequence[str] = NAMES) -> Array:
    """One row per ordered pair (i, j) in row-major order, the diagonal included: the columns of `names`."""
    r = len(c.regions)
    origin, dest = np.divmod(np.arange(r * r), r)
    distance = np.maximum(c.distance_km, MIN_DISTANCE_KM).ravel()
    columns = {
        "const": np.ones(r * r),
        "log_pop_origin": np.log(c.population)[origin],
        "log_pop_dest": np.log(c.population)[dest],
        "log_distance": np.log(distance),
        "unemployment_origin": c.unemployment[origin],
        "unemployment_dest": c.unemployment[dest],
        "log_wage_origin": np.log(c.wage)[origin],
        "log_wage_dest": np.log(c.wage)[dest],
    }
    return np.column_stack([columns[n] for n in names])


def net_migration(flows: Array) -> Array:
    """Each region's net migration, (R,): inflow (column sum) minus outflow (row sum), moves inside ignored."""
    inside = np.diag(np.diag(flows))
    moves = flows - inside
    return np.asarray(moves.sum(axis=0) - moves.sum(axis=1), dtype=np.float64)


def fit_flows(
    flows: Mapping[int, Array], covariates: Mapping[int, Covariates], names: Sequence[str] = NAMES
) -> GravityModel:
    """Fit the model on the given years' (R, R) flows and covariates (the same regions in each)."""
    years = sorted(flows)
    if not years:
        raise NotFound(M.MIGRATION_EMPTY)
    regs = covariates[years[0]].regions
    off = ~np.eye(len(regs), dtype=bool).ravel()
    x = np.vstack([design_matrix(covariates[y], names)[off] for y in years])
    y = np.concatenate([np.asarray(flows[y], dtype=np.float64).ravel()[off] for y in years])
    import statsmodels.api as sm  # deferred: 12 s of the server's start-up on a loaded machine

    result = sm.GLM(y, x, family=sm.families.Poisson()).fit(scale="X2")
    ci = np.asarray(result.conf_int(0.05), dtype=np.float64)
    return GravityModel(
        regions=regs,
        names=tuple(names),
        coefficients=np.asarray(result.params, dtype=np.float64),
        std_errors=np.asarray(result.bse, dtype=np.float64),
        lower=ci[:, 0],
        upper=ci[:, 1],
        years=tuple(years),
        observations=int(y.size),
        deviance=float(result.deviance),
        null_deviance=float(result.null_deviance),
        dispersion=float(result.scale),
    )


def _covariates(store: StoreCovariates, year: int) -> Covariates:
    regs = store.regions
    return Covariates(
        year=year,
        regions=regs,
        population=store.at("population", year),
        unemployment=store.at("unemployment", year),
        wage=store.at("wage", year),
        distance_km=np.asarray(region_distances_km(list(regs)), dtype=np.float64),
    )


def store_regions() -> tuple[str, ...]:
    """The regions of the model: the store's reference's, in its order."""
    return tuple(r.kato2 for r in regions())


def store_covariates(conn: sa.Connection, year: int | None = None) -> Covariates:
    """The covariates of a year from the store; default: the newest year of the migration table (or of the
    population when the migration table is empty)."""
    store = read_covariates(conn, store_regions())
    if year is None:
        flow_years = sorted(read_flows(conn, store.regions))
        year = flow_years[-1] if flow_years else store.newest_year
    first, last = store.oldest_year, store.newest_year
    if not first <= year <= last:
        raise NotFound(M.COVARIATES_BEYOND, year=year, first=first, last=last)
    return _covariates(store, year)


def fit(conn: sa.Connection, years: Sequence[int] | None = None) -> GravityModel:
    """Fit the model on the store's migration matrix (all its years by default) and covariates."""
    regs = store_regions()
    flows = read_flows(conn, regs)
    if not flows:
        raise NotFound(M.MIGRATION_EMPTY)
    if years is not None:
        missing = sorted(set(years) - set(flows))
        if missing:
            raise NotFound(M.MIGRATION_NO_YEAR, year=missing[0], first=min(flows), last=max(flows))
        flows = {y: flows[y] for y in years}
    store = read_covariates(conn, regs)
    return fit_flows(flows, {y: _covariates(store, y) for y in flows})


def changed(
    c: Covariates,
    wage: Mapping[str, float] | None = None,
    unemployment: Mapping[str, float] | None = None,
) -> Covariates:
    """The covariates with some regions' wages changed by a share (0.10: up 10 %) and unemployment rates by
    percentage points; an unknown region or a change out of range is refused."""
    new_wage, new_rate = c.wage.copy(), c.unemployment.copy()
    for kato2, share in (wage or {}).items():
        i = _region_index(c, kato2)
        if not WAGE_CHANGE[0] <= share <= WAGE_CHANGE[1]:
            raise InvalidInput(M.WAGE_CHANGE_RANGE, region=kato2, change=round(100 * share, 1))
        new_wage[i] *= 1.0 + share
    for kato2, points in (unemployment or {}).items():
        i = _region_index(c, kato2)
        rate = new_rate[i] + points
        if not UNEMPLOYMENT_CHANGE[0] <= points <= UNEMPLOYMENT_CHANGE[1] or not 0.0 <= rate <= 100.0:
            raise InvalidInput(M.UNEMPLOYMENT_CHANGE_RANGE, region=kato2, change=points)
        new_rate[i] = rate
    return replace(c, wage=new_wage, unemployment=new_rate)


def _region_index(c: Covariates, kato2: str) -> int:
    if get_region(kato2) is None or kato2 not in c.regions:
        raise InvalidInput(M.UNKNOWN_REGION, region=kato2)
    return c.regions.index(kato2)


@dataclass(frozen=True)
class Holdout:
    """The model fitted on every year but the last, predicting the last: its error per flow and per region."""

    year: int
    model: GravityModel
    actual: Array  # (R, R) flows of the last year
    predicted: Array  # (R, R)

    @property
    def flow_mae(self) -> float:
        """Mean absolute error per flow (persons; ordered pairs of different regions)."""
        off = ~np.eye(len(self.model.regions), dtype=bool)
        return float(np.abs(self.predicted - self.actual)[off].mean())

    @property
    def flow_wape(self) -> float:
        """Absolute errors of all flows summed over the persons who moved (a share)."""
        moved = float(self.actual.sum())
        return float(np.abs(self.predicted - self.actual).sum()) / moved if moved else 0.0

    @property
    def net_actual(self) -> Array:
        """Each region's net migration in the last year, as published."""
        return net_migration(self.actual)

    @property
    def net_predicted(self) -> Array:
        """Each region's net migration in the last year, as predicted."""
        return net_migration(self.predicted)

    @property
    def net_mae(self) -> float:
        """Mean absolute error of the regions' net migration (persons)."""
        return float(np.abs(self.net_predicted - self.net_actual).mean())


def holdout(conn: sa.Connection) -> Holdout:
    """Fit on all years of the migration table but the last, predict the last with its own covariates."""
    regs = store_regions()
    flows = read_flows(conn, regs)
    if not flows:
        raise NotFound(M.MIGRATION_EMPTY)
    years = sorted(flows)
    if len(years) < 2:
        raise NotFound(M.MIGRATION_ONE_YEAR, year=years[0])
    store = read_covariates(conn, regs)
    model = fit_flows({y: flows[y] for y in years[:-1]}, {y: _covariates(store, y) for y in years[:-1]})
    last = years[-1]
    return Holdout(last, model, flows[last], model.predict(_covariates(store, last)))

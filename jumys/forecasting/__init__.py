"""Forecasting: backtests of simple methods on the published series, then (later) population, flows, scenarios."""

"""Illegal work and fictitious contracts: signals per employer, each with its evidence (docs/illegal_work.md)."""

"""The synthetic Kazakhstan: a deterministic, calibrated batch in the data-contract format.

`jumys.synth.service.generate` is the entry point; ASSUMPTIONS.md lists every number that is
not an official statistic.
"""

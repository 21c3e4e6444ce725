"""The registries: employers, persons, contracts, payroll and the other files of the data contract."""

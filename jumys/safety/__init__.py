"""Safe and decent work: enterprise risk, inspection targeting, labour-conflict warning, the regional report."""

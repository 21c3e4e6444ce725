"""Jumys: the labour-market information system."""

"""Unpersoned: the purges of the 1930s reconstructed from their surviving records."""

__version__ = "0.1.0"
